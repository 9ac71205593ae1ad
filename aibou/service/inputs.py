"""The first step, reading: a snapshot parsed into settings, roster and rotation tabs.

:func:`load` turns what a spreadsheet adapter read into :class:`Inputs` (pure); every door plans
from them. :func:`check_agenda` then renders the agenda template a setting names once, through
the templates port, and adds a settings problem if it cannot be rendered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from aibou.domain.i18n import message
from aibou.domain.model import Group, PastRotation, Period, Person, Problem
from aibou.domain.sheet.changes import ChangeRow, apply_changes, read_changes
from aibou.domain.sheet.digest import Written, hand_edits
from aibou.domain.sheet.functions import canonical_function
from aibou.domain.sheet.history import CALENDAR_COLUMN, RotationTab, read_rotation, rotation_key
from aibou.domain.sheet.roster import ROSTER_TABS, Roster, location_key, parse_roster
from aibou.domain.sheet.settings import SETTINGS_TABS, Settings, parse_settings
from aibou.domain.time.periods import period_at, quarter_start
from aibou.ports import Cell, Snapshot, Templates
from aibou.service.agenda import check_template, template_exists

__all__ = ["PROGRESS_COLUMN", "Inputs", "as_recorded", "check_agenda", "load", "recorded_groups"]

#: Row 1's cell right of the calendar header: aibou's progress cell, outside its record.
PROGRESS_COLUMN = CALENDAR_COLUMN + 1


def as_recorded(rows: Sequence[Sequence[Cell]]) -> list[list[Cell]]:
    """``rows`` as aibou's record of a rotation tab covers them: the progress cell (row 1,
    :data:`PROGRESS_COLUMN`) left out, like the link cells (:class:`Written`'s ``skip``)."""
    out = [list(row) for row in rows]
    if out and len(out[0]) >= PROGRESS_COLUMN:
        out[0][PROGRESS_COLUMN - 1] = ""
    return out


@dataclass(frozen=True)
class Inputs:
    """A spreadsheet read and parsed: settings, roster, every rotation tab, and the problems."""

    snapshot: Snapshot
    settings: Settings
    roster: Roster
    rotations: tuple[RotationTab, ...]
    settings_problems: tuple[Problem, ...]
    #: The language problems are worded in (the user's in the side panel, else the sheet's).
    language: str = "ja"
    #: The change blocks of each rotation tab, by period key (§7); ``rotations`` include them.
    changes: Mapping[str, tuple[ChangeRow, ...]] = field(default_factory=dict)
    #: aibou's record of what it wrote to each of its tabs that has one, by title (§3).
    written: Mapping[str, Written] = field(default_factory=dict)
    #: Hand edits of aibou's tabs (§7): warnings, never acted on.
    edits: tuple[Problem, ...] = ()
    #: Titles of the tabs edited by hand (rows aibou wrote changed, values added below them):
    #: no run resumes or amends them until they show what aibou wrote again.
    edited: frozenset[str] = frozenset()

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.settings_problems + self.roster.problems

    def rotation(self, key: str) -> RotationTab | None:
        return next((r for r in self.rotations if r.key == key), None)

    def history(self, period: Period | None = None) -> list[PastRotation]:
        """The rotations before ``period`` (all, if none), oldest first.

        Tabs whose key tells no date count as the oldest.
        """
        tabs = [
            r
            for r in self.rotations
            if period is None
            or (r.key != period.key and (r.start is None or r.start < period.start))
        ]
        tabs.sort(key=lambda r: r.start or date.min)
        return [r.past() for r in tabs]

    def today(self, when: date | datetime) -> date:
        """The day ``when`` is in the organiser's time zone (a plain date is taken as it is)."""
        if isinstance(when, datetime):
            return when.astimezone(self.settings.zone).date()
        return when

    def period(self, today: date) -> Period:
        """The period holding ``today``, anchored on the settings or aibou's oldest rotation.

        Tabs made by hand do not move the anchor: a pasted tab keyed ``2026-11-16`` must not
        shift every later period.
        """
        starts = [r.start for r in self.rotations if r.start and r.ours]
        anchor = self.settings.first_period_start or (
            min(starts) if starts else quarter_start(today)
        )
        return period_at(today, self.settings.rotation_months, anchor)


def load(snapshot: Snapshot, *, language: str | None = None) -> Inputs:
    """Parse everything aibou reads from one spreadsheet snapshot (pure).

    Problems are worded in ``language`` if given, else in the sheet's language.
    """
    settings_tab = snapshot.find(*SETTINGS_TABS)
    settings, settings_problems = (
        parse_settings(settings_tab.title, settings_tab.rows, language)
        if settings_tab
        else (Settings(), [])
    )
    lang = language or settings.language
    roster_tab = snapshot.find(*ROSTER_TABS)
    if roster_tab is None:
        roster = Roster(
            (), (), (Problem(ROSTER_TABS[0], None, None, message(lang, "roster.no_tab")),)
        )
    else:
        worded = replace(settings, language=lang) if lang != settings.language else settings
        roster = parse_roster(roster_tab.title, roster_tab.rows, worded)
    rotations = []
    changes: dict[str, tuple[ChangeRow, ...]] = {}
    written: dict[str, Written] = {}
    edits: list[Problem] = []
    edited: set[str] = set()
    for sheet in snapshot.sheets:
        key = rotation_key(sheet.title, sheet.period_key)
        ours = sheet.period_key is not None
        record = Written.decode(sheet.written) if ours and sheet.written else None
        if record is not None:
            written[sheet.title] = record
        if record is not None and not sheet.intact:
            rows = as_recorded(sheet.rows)
            found_edits = hand_edits(sheet.title, rows, record, lang)
            edits += found_edits
            if found_edits:  # rows changed, or values added below (a change row by hand)
                edited.add(sheet.title)
        tab = read_rotation(key, sheet.title, sheet.rows, ours=ours) if key else None
        if tab is not None:
            found = read_changes(sheet.rows) if ours else ()
            if found:
                changes[tab.key] = found
            rotations.append(apply_changes(tab, found))
    return Inputs(
        snapshot, settings, roster, tuple(rotations), tuple(settings_problems), lang, changes,
        written, tuple(edits), frozenset(edited),
    )  # fmt: skip


def check_agenda(inputs: Inputs, templates: Templates) -> Inputs:
    """``inputs`` with a settings problem if the ``agenda_template`` setting cannot be used.

    The template is rendered once with sample values, so a mistake in it stops the run with its
    line before anything is written.
    """
    name = inputs.settings.agenda_template
    if not name:
        return inputs
    lang = inputs.language
    exists = template_exists(name, templates)
    error = check_template(name, lang, templates) if exists else None
    if exists and not error:
        return inputs
    settings_tab = inputs.snapshot.find(*SETTINGS_TABS)
    problem = Problem(
        settings_tab.title if settings_tab else SETTINGS_TABS[0],
        inputs.settings.rows.get("agenda_template"),
        "B",
        message(
            lang,
            "settings.bad_value",
            key="agenda_template",
            value=name,
            expected=message(lang, "expected.template_error", error=error)
            if error
            else message(lang, "expected.template"),
        ),
    )
    return replace(inputs, settings_problems=(*inputs.settings_problems, problem))


def recorded_groups(inputs: Inputs, tab: RotationTab) -> tuple[Group, ...]:
    """The groups ``tab`` records, with the roster's details where the person is still there."""
    return _groups_of(tab, inputs.roster)


def _groups_of(tab: RotationTab, roster: Roster) -> tuple[Group, ...]:
    """The groups a tab records, with today's roster details where the person is still there."""
    known = {p.email: p for p in (*roster.people, *roster.absent)}
    return tuple(
        Group(
            number,
            tuple(
                known.get(m.email)
                or Person(m.email, m.name, canonical_function(m.function), location_key(m.location))
                for m in members
            ),
        )
        for number, members in sorted(tab.groups.items())
    )
