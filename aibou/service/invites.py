"""The invites of a rotation: the members' free/busy, and one weekly event per group.

:func:`read_busy` asks the calendar port once for everyone's free/busy (the Google adapter turns
that into a few batched freeBusy queries); :func:`aibou.domain.time.slots.find_slots` turns it into
a slot per group; :func:`event_specs` makes each group's event: the weekly series in the
organiser's zone with holidays and closed days skipped, the agenda, the attendees and the Meet
request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from aibou.domain.model import Group, Period, Person
from aibou.domain.sheet.settings import Settings
from aibou.domain.time.schedule import Series, Slot, closed_day_names, event_id, series
from aibou.domain.time.slots import Interval, busy_window
from aibou.domain.time.target import first_meeting
from aibou.errors import PermissionDenied
from aibou.ports import Calendar, EventSpec, Templates
from aibou.service.agenda import agenda_renderer

__all__ = ["event_specs", "read_busy"]


def read_busy(
    calendar: Calendar, people: Sequence[Person], settings: Settings, period: Period, today: date
) -> dict[str, list[Interval]]:
    """Busy intervals of ``people`` from ``today`` (or the period's start) to the period's end.

    One call to the port for everyone. Members whose calendar cannot be read are absent from
    the answer; a calendar that may not read free/busy at all (a refused scope) reads as nobody,
    so slot finding falls back to the default slot and says so, instead of failing the run.
    """
    start, end = busy_window(settings, period, max(today, period.start))
    emails = sorted({person.email for person in people})
    if not emails or start >= end:
        return {}
    try:
        answer = calendar.busy(emails, start, end)
    except PermissionDenied:
        return {}
    return {email.lower(): list(intervals) for email, intervals in answer.items()}


def event_specs(
    spreadsheet_id: str,
    settings: Settings,
    period: Period,
    groups: Sequence[Group],
    slots: Mapping[int, Slot],
    today: date,
    templates: Templates | None = None,
    *,
    now: datetime | None = None,
) -> list[EventSpec]:
    """The weekly event of every group that still has a meeting in the period.

    Each series starts at the group's first meeting on or after ``today`` and after ``now``
    (an aware moment: a series never starts in the past), skips public holidays
    and closed days (``EXDATE``) and ends with the period; the description is the agenda in the
    settings' language, naming the days skipped.
    """
    language = settings.language
    names = closed_day_names(settings, period.start, period.end, language)
    render = agenda_renderer(language, settings.agenda_template, templates=templates)
    specs = []
    # most groups share the default slot: its series and skipped days are made once
    by_slot: dict[Slot, tuple[Series, dict[date, str]]] = {}
    for group in groups:
        slot = slots[group.number]
        found = by_slot.get(slot)
        if found is None:
            meetings = series(slot, period, not_before=max(today, period.start), closed=names)
            if now is not None and meetings.dates and meetings.start <= now:
                meetings = first_meeting(slot, period, now, names)
            found = by_slot[slot] = (meetings, {day: names[day] for day in meetings.skipped})
        meetings, skipped = found
        if not meetings.dates:
            continue  # the period ends before the next meeting day: nothing to invite to
        agenda = render(group, period, slot, meetings.dates, skipped=skipped, meet=settings.meet)
        specs.append(
            EventSpec(
                event_id=event_id(spreadsheet_id, period.key, group.number),
                summary=agenda.summary,
                description=agenda.text,
                start=meetings.start,
                end=meetings.end,
                timezone=slot.timezone,
                rrule=meetings.rrule,
                exdates=meetings.exdates,
                attendees=tuple((p.email, p.name) for p in group.members),
                tags={
                    "aibou_period": period.key,
                    "aibou_group": str(group.number),
                    "aibou_sheet": spreadsheet_id,
                },
                meet=settings.meet,
                render_html=agenda.render_html,
            )
        )
    return specs
