"""The home card's facts: this period and its groups, the next rotation, head counts, problems."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from aibou.domain.matching.amend import Change
from aibou.domain.model import Group, Period, Problem
from aibou.domain.report.tabs import COVERAGE, PARTICIPATION, report_title
from aibou.domain.sheet.cells import fold
from aibou.domain.sheet.roster import ROSTER_TABS
from aibou.domain.sheet.tabs import PARTICIPATION_TABS
from aibou.panel.target import Target, target
from aibou.ports import Spreadsheet, Templates
from aibou.service import Inputs, read, recorded_groups, target_period
from aibou.service.amend import plan_amendment
from aibou.service.progress import progress_cell
from aibou.service.report import coverage_of
from aibou.service.rotate import held
from aibou.service.target import NOT_STARTED, OPEN

__all__ = ["Overview", "overview"]


@dataclass(frozen=True)
class Overview:
    """What the home card shows.

    ``period`` is the period holding today (``None`` before the first one) and ``groups`` its
    recorded groups with their calendar ``links``; ``next`` is what the panel would propose.
    ``changes`` are the roster changes the next run would apply to the open rotation (a dry
    run of the amendment plan); ``attention`` the groups the participation tab flags;
    ``coverage`` the pairs met and possible (§8, computed from the same read);
    ``report_gids`` the report tabs that exist (kind -> sheet id); ``progress`` the rotation
    tab's invite progress (groups invited, groups in all) while invites are outstanding.
    """

    spreadsheet_id: str
    language: str
    today: date
    period: Period | None
    tab: str | None
    tab_gid: int | None
    complete: bool
    groups: tuple[Group, ...]
    links: Mapping[int, str]
    next: Target
    functions: tuple[str, ...]
    counts: Mapping[str, int]
    absent: int
    problems: tuple[Problem, ...] = field(default=())
    #: False when the sheet has no roster tab: the home card offers to create one (``init``).
    has_roster: bool = True
    changes: tuple[Change, ...] = ()
    attention: tuple[int, ...] = ()
    coverage: tuple[int, int] | None = None
    report_gids: Mapping[str, int | None] = field(default_factory=dict)
    progress: tuple[int, int] | None = None


def overview(
    spreadsheet: Spreadsheet,
    when: date | datetime,
    *,
    language: str,
    templates: Templates | None = None,
) -> Overview:
    """Read the sheet once and summarise it for the home card (writes nothing)."""
    inputs = read(spreadsheet, templates, language)
    today = inputs.today(when)
    upcoming = target(inputs, today)
    now = target_period(inputs, today)
    period = None if now.state == NOT_STARTED else now.period
    tab = inputs.rotation(period.key) if period else None
    return Overview(
        spreadsheet_id=inputs.snapshot.id,
        language=inputs.settings.language,
        today=today,
        period=period,
        tab=tab.title if tab else None,
        tab_gid=_gid(inputs, tab.title) if tab else None,
        complete=bool(tab and tab.complete),
        groups=recorded_groups(inputs, tab) if tab else (),
        links=dict(tab.links) if tab else {},
        next=upcoming,
        functions=inputs.settings.functions,
        counts=inputs.roster.counts(),
        absent=len(inputs.roster.absent),
        problems=inputs.problems,
        has_roster=inputs.snapshot.find(*ROSTER_TABS) is not None,
        changes=_pending(inputs, today),
        attention=_attention(inputs),
        coverage=_coverage(inputs),
        report_gids=_reports(inputs),
        progress=_progress(inputs, tab.title) if tab and not tab.complete else None,
    )


def _pending(inputs: Inputs, today: date) -> tuple[Change, ...]:
    """The changes the next run would make to the open rotation: the amendment plan, dry
    (none while the tab is held: a run never amends a tab edited by hand)."""
    goal = target_period(inputs, today)
    if goal.state != OPEN or inputs.problems or held(inputs, goal, today) is not None:
        return ()
    return plan_amendment(inputs, goal, today).changes


def _coverage(inputs: Inputs) -> tuple[int, int] | None:
    if inputs.problems:
        return None
    covered = coverage_of(inputs, max_grid=0)
    return covered.met, covered.possible


def _attention(inputs: Inputs) -> tuple[int, ...]:
    """Groups with an attention note in the participation tab (group in A, note in H)."""
    wanted = {fold(t) for t in PARTICIPATION_TABS}
    sheet = next((s for s in inputs.snapshot.sheets if fold(s.title) in wanted), None)
    flagged: set[int] = set()
    for row in sheet.rows if sheet else ():
        if len(row) >= 8 and str(row[0]).strip().isdigit() and str(row[7]).strip():
            flagged.add(int(str(row[0]).strip()))
    return tuple(sorted(flagged))


def _reports(inputs: Inputs) -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    for kind in (PARTICIPATION, COVERAGE):
        titles = {fold(report_title(kind, lang)) for lang in ("ja", "en")}
        sheet = next((s for s in inputs.snapshot.sheets if fold(s.title) in titles), None)
        if sheet is not None:
            found[kind] = sheet.gid
    return found


_PROGRESS = re.compile(r"(\d[\d,]*)\s*/\s*(\d[\d,]*)")


def _progress(inputs: Inputs, title: str) -> tuple[int, int] | None:
    """Groups invited and in all, from the tab's progress cell (``招待 1,200 / 3,334``)."""
    found = _PROGRESS.search(progress_cell(inputs.snapshot.find(title))[:100])
    if not found:
        return None
    done, total = (int(n.replace(",", "")) for n in found.groups())
    return (done, total) if done < total else None


def _gid(inputs: Inputs, title: str) -> int | None:
    return next((s.gid for s in inputs.snapshot.sheets if s.title == title), None)
