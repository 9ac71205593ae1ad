"""Participation (§8): replies, meetings so far, meetings held, and what needs attention."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from aibou.domain.report.participation import Conference, Member, Series, participation

TOKYO = ZoneInfo("Asia/Tokyo")
#: The run's time: the start of Wednesday 2027-02-10 in Tokyo.
NOW = datetime(2027, 2, 10, tzinfo=TOKYO)
#: A weekly series on Wednesdays 16:00 from 2027-01-06: 5 occurrences before NOW, 3 after.
WEEKLY = tuple(datetime(2027, 1, 6, 16, tzinfo=TOKYO) + timedelta(weeks=w) for w in range(8))


def meeting(when: datetime, people: int) -> Conference:
    return Conference(when.astimezone(ZoneInfo("UTC")), when + timedelta(minutes=30), people)


def members(*responses: str) -> tuple[Member, ...]:
    return tuple(Member(f"m{i}@x.jp", f"M{i}", r) for i, r in enumerate(responses))


def by_email(rows):
    return {r.email: r for r in rows}


def test_a_member_who_declined_flags_the_whole_group() -> None:
    rows = participation(
        [
            Series(1, members("accepted", "declined", "needsAction"), WEEKLY, ()),
            Series(2, members("accepted", "tentative"), WEEKLY[:1], ()),
        ],
        datetime(2027, 1, 7, tzinfo=TOKYO),
    )
    assert [(r.group, r.response, r.attention) for r in rows] == [
        (1, "accepted", ("declined",)),
        (1, "declined", ("declined",)),
        (1, "needsAction", ("declined",)),
        (2, "accepted", ()),
        (2, "tentative", ()),
    ]


def test_a_group_that_met_three_times() -> None:
    conferences = (
        meeting(WEEKLY[0], 3),
        meeting(WEEKLY[1], 1),  # one person alone in the room: not a meeting
        meeting(WEEKLY[2], 2),
        meeting(WEEKLY[4], 3),
        meeting(WEEKLY[5], 3),  # after now (a clock skew): not counted
    )
    rows = participation([Series(4, members("accepted", "accepted"), WEEKLY, conferences)], NOW)
    for row in rows:
        assert (row.meetings_so_far, row.meetings_held) == (5, 3)
        assert row.last_held == date(2027, 2, 3)
        assert row.attention == ()
    assert rows[0].as_dict() == {
        "group": 4,
        "email": "m0@x.jp",
        "response": "accepted",
        "meetings_so_far": 5,
        "meetings_held": 3,
        "last_held": "2027-02-03",
        "attention": [],
    }


def test_a_group_that_never_met_needs_attention_after_three_weeks() -> None:
    lonely = (meeting(WEEKLY[0], 1), meeting(WEEKLY[3], 1))
    series = Series(2, members("accepted", "accepted"), WEEKLY, lonely)
    rows = participation([series], NOW)
    assert [(r.meetings_held, r.last_held, r.attention) for r in rows] == [
        (0, None, ("no-meeting-3-weeks",)),
        (0, None, ("no-meeting-3-weeks",)),
    ]
    # two weeks into the series it is too early to say
    early = participation([series], datetime(2027, 1, 20, tzinfo=TOKYO))
    assert early[0].attention == ()


def test_a_group_whose_last_meeting_is_three_weeks_old() -> None:
    series = Series(3, members("accepted"), WEEKLY, (meeting(WEEKLY[0], 2),))
    assert participation([series], datetime(2027, 1, 27, 15, tzinfo=TOKYO))[0].attention == ()
    assert participation([series], datetime(2027, 1, 27, 16, tzinfo=TOKYO))[0].attention == (
        "no-meeting-3-weeks",
    )


def test_a_cancelled_occurrence_is_not_a_meeting_so_far() -> None:
    without_the_third = WEEKLY[:2] + WEEKLY[3:]  # the adapter leaves cancelled ones out
    rows = participation([Series(1, members("accepted"), without_the_third, ())], NOW)
    assert rows[0].meetings_so_far == 4


def test_a_joiner_counts_from_the_day_they_joined() -> None:
    joiner = Member("new@x.jp", "New", "accepted", joined=date(2027, 1, 27))
    conferences = (meeting(WEEKLY[0], 3), meeting(WEEKLY[3], 3), meeting(WEEKLY[4], 3))
    rows = by_email(
        participation([Series(1, (*members("accepted"), joiner), WEEKLY, conferences)], NOW)
    )
    assert (rows["new@x.jp"].meetings_so_far, rows["new@x.jp"].meetings_held) == (2, 2)
    assert (rows["m0@x.jp"].meetings_so_far, rows["m0@x.jp"].meetings_held) == (5, 3)


def test_meet_unreadable_leaves_held_empty_and_never_flags_quiet_groups() -> None:
    rows = participation([Series(1, members("accepted", "declined"), WEEKLY, None)], NOW)
    for row in rows:
        assert (row.meetings_so_far, row.meetings_held, row.last_held) == (5, None, None)
        assert row.attention == ("declined",)
        assert row.as_dict()["meetings_held"] is None
        assert row.as_dict()["last_held"] is None


def test_a_series_not_started_yet() -> None:
    rows = participation(
        [Series(1, members("needsAction"), WEEKLY, ())], datetime(2027, 1, 1, tzinfo=TOKYO)
    )
    assert (rows[0].meetings_so_far, rows[0].meetings_held, rows[0].attention) == (0, 0, ())


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        participation([], datetime(2027, 1, 1))
