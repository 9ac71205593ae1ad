"""The report step (§8): did the groups meet, and who has met whom.

1. :func:`read` the spreadsheet (the rotation pipeline's first step) and take the §7 target's
   period (:func:`reported_period`, the one call to the target rule);
2. :func:`gather`: the target rotation's series from the calendar (replies, occurrences before
   now, Meet codes) and their Google Meet conference records (a :class:`ReportData`);
   Meet that cannot be read leaves ``meetings_held`` empty and says why, it never fails;
3. :func:`report_tabs` (pure): the ``参加状況`` / ``Participation`` tab (when the calendar keeps
   replies) and the ``カバレッジ`` / ``Coverage`` tab;
4. :func:`report` writes them under the lock, rewriting only aibou's report tabs.

"Now" is the run's time: an aware moment, or ``--date D`` read as the start of D in the
organiser's time zone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from aibou.domain.model import Period, Problem
from aibou.domain.report.coverage import MAX_GRID_PEOPLE, Coverage, coverage
from aibou.domain.report.participation import (
    Conference,
    Member,
    ParticipationRow,
    Series,
    participation,
)
from aibou.domain.report.tabs import (
    ReportTab,
    coverage_tab,
    participation_tab,
    report_dict,
)
from aibou.domain.time.schedule import event_id
from aibou.errors import Busy, MeetUnreadable
from aibou.ports import Calendar, Meetings, SeriesRecord, Spreadsheet, Templates
from aibou.service.inputs import Inputs, recorded_groups
from aibou.service.organiser import CalendarAs, Organiser, acting
from aibou.service.outcome import BUSY, INVALID
from aibou.service.rotate import read
from aibou.service.target import target_period

__all__ = [
    "REPORTED",
    "Report",
    "ReportData",
    "coverage_of",
    "gather",
    "now_of",
    "report",
    "report_tabs",
    "reported_period",
]

REPORTED = "reported"


@dataclass(frozen=True)
class ReportData:
    """What a report shows, before it becomes tabs.

    ``participation`` is ``None`` when the calendar keeps no replies (an ``.ics`` file);
    ``meet_reason`` says why Meet data is missing (``None``: it was read, or there is no
    participation to report).
    """

    period: Period
    now: datetime
    coverage: Coverage
    participation: tuple[ParticipationRow, ...] | None
    meet_reason: str | None = None
    language: str = "ja"
    largest_group: int = 3


@dataclass(frozen=True)
class Report:
    """What a ``report`` run did: its status (``reported``, ``invalid``, ``busy``, ``error``),
    the data it reported, and the tabs it wrote (title -> tab id where the sheet has one)."""

    status: str
    data: ReportData | None = None
    tabs: Mapping[str, int | None] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    language: str = "ja"

    def as_dict(self) -> dict[str, object]:
        """The object ``report --json`` prints (§8), with ``meet`` (why Meet data is missing,
        or null) and ``tabs`` (the tabs written) added."""
        if self.data is None:
            return {
                "status": self.status,
                "period": None,
                "participation": [],
                "coverage": {"met": 0, "possible": 0, "people": []},
                "errors": [p.as_dict() for p in self.problems],
                "meet": None,
                "tabs": [],
            }
        data = self.data
        answer = report_dict(data.period, data.participation or (), data.coverage, self.problems)
        answer["status"] = self.status
        return answer | {"meet": data.meet_reason, "tabs": list(self.tabs)}

    @classmethod
    def failure(cls, status: str, reason: str) -> Report:
        return cls(status, problems=(Problem(None, None, None, reason),))


def now_of(inputs: Inputs, when: date | datetime) -> datetime:
    """The run's "now": ``when`` itself if it is a moment, else the start of that day in the
    organiser's time zone."""
    if isinstance(when, datetime):
        return when.astimezone(inputs.settings.zone)
    return datetime.combine(when, time(), inputs.settings.zone)


def reported_period(inputs: Inputs, today: date) -> Period:
    """The period whose rotation a report on ``today`` shows: the §7 target's.

    The one place the report step asks the target rule (:func:`target_period`).
    """
    return target_period(inputs, today).period


def gather(
    inputs: Inputs,
    calendar: Calendar,
    meetings: Meetings | None,
    when: date | datetime,
    calendar_as: CalendarAs | None = None,
) -> ReportData:
    """Read what the report needs besides the sheet, and compute it (no writes).

    Participation costs one batch of ``events.get`` and one paged ``events.list`` for every
    series at once (the calendar adapter), and Meet a few calls per series that has a Meet
    code: never a call per member. The series are read in the calendar the rotation's tab
    records, as its organiser where the door can act as them (``calendar_as``, §7).
    """
    settings = inputs.settings
    now = now_of(inputs, when)
    period = reported_period(inputs, now.date())
    covered = coverage_of(inputs)
    rows, reason = _participation(inputs, calendar, meetings, period, now, calendar_as)
    return ReportData(period, now, covered, rows, reason, settings.language, settings.largest_group)


def coverage_of(inputs: Inputs, *, max_grid: int = MAX_GRID_PEOPLE) -> Coverage:
    """Who of the active roster has met whom over every rotation so far (the grid only up to
    ``max_grid`` people)."""
    settings = inputs.settings
    return coverage(
        inputs.roster.people,
        [r.groups for r in inputs.history()],
        settings.group_size,
        largest_group=settings.largest_group,
        functions=settings.functions,
        max_grid=max_grid,
    )


def _participation(
    inputs: Inputs,
    calendar: Calendar,
    meetings: Meetings | None,
    period: Period,
    now: datetime,
    calendar_as: CalendarAs | None = None,
) -> tuple[tuple[ParticipationRow, ...] | None, str | None]:
    tab = inputs.rotation(period.key)
    groups = recorded_groups(inputs, tab) if tab is not None else ()
    sheet_id = inputs.snapshot.id
    ids = {g.number: event_id(sheet_id, period.key, g.number) for g in groups}
    # only series the tab links to (change blocks' new groups too) exist yet: invites still
    # queued (§9) cost no quota here
    linked = set(tab.links) if tab is not None else set()
    tags = {"aibou_sheet": sheet_id, "aibou_period": period.key}
    settings = inputs.settings
    organiser = Organiser.of(inputs.written.get(tab.title) if tab else None, settings.calendar_id)
    calendar = acting(calendar, organiser, calendar_as)
    wanted = [ids[n] for n in sorted(ids) if n in linked]
    records = calendar.read_series(wanted, tags, now, calendar_id=organiser.calendar_id)
    if records is None:
        return None, None
    conferences, reason = _conferences(records, meetings, now, meet_on=settings.meet)
    series = []
    for group in groups:
        record = records.get(ids[group.number]) or SeriesRecord(ids[group.number], {})
        members = tuple(
            Member(p.email, p.name, record.replies.get(p.email.lower(), "needsAction"))
            for p in group.members
        )
        held = None
        if conferences is not None:
            held = tuple(conferences.get(record.meeting_code or "", ()))
        series.append(Series(group.number, members, record.occurrences, held))
    return tuple(participation(series, now)), reason


def _conferences(
    records: Mapping[str, SeriesRecord],
    meetings: Meetings | None,
    now: datetime,
    *,
    meet_on: bool,
) -> tuple[Mapping[str, Sequence[Conference]] | None, str | None]:
    """Every series' Meet conferences by Meet code, or ``None`` and why they cannot be read."""
    codes = sorted({r.meeting_code for r in records.values() if r.meeting_code})
    if not meet_on and not codes:
        return None, "off"
    if meetings is None:
        return None, "unavailable"
    try:
        return meetings.conferences(codes, now), None
    except MeetUnreadable as exc:
        return None, exc.reason


def report_tabs(data: ReportData) -> tuple[ReportTab, ...]:
    """The report tabs of ``data``: participation (if there is any to report), then coverage."""
    as_of = data.now.date()
    tabs = []
    if data.participation is not None:
        tabs.append(
            participation_tab(
                data.period,
                data.participation,
                data.language,
                as_of,
                meet_reason=data.meet_reason,
            )
        )
    tabs.append(
        coverage_tab(
            data.period, data.coverage, data.language, as_of, largest_group=data.largest_group
        )
    )
    return tuple(tabs)


def report(
    spreadsheet: Spreadsheet,
    calendar: Calendar,
    when: date | datetime,
    *,
    meetings: Meetings | None = None,
    owner: str = "aibou",
    templates: Templates | None = None,
    calendar_as: CalendarAs | None = None,
) -> Report:
    """Refresh the report tabs for the run at ``when`` and say what they show.

    ``invalid`` (writing nothing) when the settings or roster have problems, ``busy`` when
    another run holds the lock, else ``reported``. Only aibou's report tabs are written.
    """
    try:
        with spreadsheet.lock(owner):
            inputs = read(spreadsheet, templates)
            language = inputs.settings.language
            if inputs.problems:
                return Report(INVALID, problems=inputs.problems, language=language)
            data = gather(inputs, calendar, meetings, when, calendar_as)
            written = {tab.title: spreadsheet.write_report_tab(tab) for tab in report_tabs(data)}
    except Busy as exc:
        return Report.failure(BUSY, str(exc))
    return Report(REPORTED, data, written, language=language)
