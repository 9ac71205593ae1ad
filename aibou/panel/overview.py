"""The home card's facts: this period and its groups, the next rotation, head counts, problems."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from aibou.domain.model import Group, Period, Problem
from aibou.domain.sheet.roster import ROSTER_TABS
from aibou.panel.target import Target, target
from aibou.ports import Spreadsheet, Templates
from aibou.service import Inputs, read, recorded_groups, target_period
from aibou.service.target import NOT_STARTED

__all__ = ["Overview", "overview"]


@dataclass(frozen=True)
class Overview:
    """What the home card shows.

    ``period`` is the period holding today (``None`` before the first one) and ``groups`` its
    recorded groups with their calendar ``links``; ``next`` is what the panel would propose.
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
    )


def _gid(inputs: Inputs, title: str) -> int | None:
    return next((s.gid for s in inputs.snapshot.sheets if s.title == title), None)
