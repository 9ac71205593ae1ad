"""The fast writer of the .ics file: folding (RFC 5545 section 3.1) and events as icalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar.parser import _foldline

from aibou.local.ics import IcsCalendar, _shared_lines, event_ical, fold
from aibou.ports import EventSpec

# any text a content line can hold (no line breaks: values are escaped before folding)
line_text = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"))


@given(line_text)
def test_folded_lines_unfold_to_the_line_and_fit_in_75_octets(line: str) -> None:
    folded = fold(line)
    assert folded.replace("\r\n ", "") == line
    for physical in folded.encode().split(b"\r\n"):
        assert len(physical) <= 75
        physical.decode()  # raises if a multi-byte character was split
    assert all(not part.endswith(("\\", "^")) for part in folded.split("\r\n ")[:-1])


@given(line_text)
def test_folding_is_icalendars(line: str) -> None:
    assert fold(line) == _foldline(line)


def test_a_long_japanese_line_is_cut_between_characters() -> None:
    line = "DESCRIPTION:" + "相棒" * 60
    physical = fold(line).encode().split(b"\r\n")
    assert len(physical) > 3
    assert [len(p) for p in physical[:2]] == [72, 73]  # 74 or 75 would split a 3-octet character
    assert "".join(p.decode().removeprefix(" ") for p in physical) == line


names = st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=40) | st.sampled_from(
    ["山田 太郎", "O'Brien", 'Eve "x"; ROLE=CHAIR\nBEGIN:VEVENT', "a^b,c:d", "Ann"]
)
zones = st.sampled_from(["Asia/Tokyo", "America/New_York", "Europe/London", "UTC"])


@st.composite
def specs(draw: st.DrawFn) -> EventSpec:
    zone = ZoneInfo(draw(zones))
    day = date(2027, 1, 4) + timedelta(days=draw(st.integers(0, 80)))
    start = datetime.combine(day, time(draw(st.integers(0, 23)), draw(st.integers(0, 59))), zone)
    skipped = draw(st.lists(st.integers(1, 12), unique=True, max_size=3))
    people = draw(st.lists(names, min_size=1, max_size=4))
    until = draw(st.sampled_from(["20270331T145959Z", "20270630T235959Z"]))
    return EventSpec(
        event_id=draw(st.from_regex(r"[a-v0-9]{5,40}", fullmatch=True)),
        summary=draw(line_text | names),
        description=draw(st.text(max_size=600) | st.just("・相棒\n\n■ 日程\r\n毎週; a,b\\c")),
        start=start,
        end=start + timedelta(minutes=30),
        timezone=str(zone),
        rrule=f"FREQ=WEEKLY;BYDAY=MO;UNTIL={until}",
        exdates=tuple(start + timedelta(weeks=w) for w in sorted(skipped)),
        attendees=tuple((f"p{i}@example.com", n) for i, n in enumerate(people)),
        tags=draw(st.dictionaries(st.sampled_from(["aibou_period", "aibou_group"]), line_text)),
    )


@settings(max_examples=150, deadline=None)
@given(specs())
def test_events_are_written_byte_for_byte_as_icalendar_writes_them(spec: EventSpec) -> None:
    now = datetime(2026, 12, 20, 9, tzinfo=UTC)
    slow = IcsCalendar("unused.ics", now)._event(spec).to_ical()
    assert event_ical(spec, _shared_lines(now)) == slow


def test_one_writer_gives_each_event_its_own_times_however_its_values_are_shared() -> None:
    """A run's events share one ``shared``: the same objects (a series') give the same lines,
    equal instants in two zones two lines, and a value made after another was dropped (which
    may take its place in memory) its own line."""
    now = datetime(2026, 12, 20, 9, tzinfo=UTC)
    shared = _shared_lines(now)
    writer = IcsCalendar("unused.ics", now)
    tokyo = datetime(2027, 1, 6, 16, tzinfo=ZoneInfo("Asia/Tokyo"))

    def spec(number: int, start: datetime) -> EventSpec:
        return EventSpec(
            event_id=f"aibou{number:05d}",
            summary=f"Buddy meeting #{number}",
            description="・相棒\n■ 日程",
            start=start,
            end=start + timedelta(minutes=30),
            timezone=str(start.tzinfo),
            rrule="FREQ=WEEKLY;WKST=MO;BYDAY=WE;UNTIL=20270331T145959Z",
            exdates=(start + timedelta(weeks=1),),
            attendees=(("a@example.com", "A"),),
            tags={"aibou_group": str(number)},
        )

    kept = [spec(1, tokyo), spec(2, tokyo), spec(3, tokyo.astimezone(ZoneInfo("Europe/London")))]
    for one in kept:
        assert event_ical(one, shared) == writer._event(one).to_ical()
    for number in range(4, 60):  # each start dropped before the next is made
        one = spec(number, tokyo + timedelta(minutes=number))
        assert event_ical(one, shared) == writer._event(one).to_ical()
        del one
