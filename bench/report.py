"""Round trips and wall time of ``report`` (§8) for 1,000 members, on the fake Google server.

A rotation of ``--members`` people is made on the fake (no latency), then a month passes: some
members reply (``fake.respond``: every fifth group has a decline and an acceptance) and some
groups meet (``fake.add_conference``: every other group on two of the four Wednesdays). Then,
with ``--latency`` injected on every round trip (50 ms by default), ``report`` runs as the CLI
runs it (replies, occurrences, Meet conference records, both report tabs written).

The baseline is the naive report a script would make from the same data: for each member, one
``events.get`` of their group's series (their reply) and one ``conferenceRecords.list`` of its
Meet code (the meetings held), plus the same sheet reads and writes as aibou. Its calls are
counted from the same rotation and timed at one round trip each, run one after another
(``calls x latency``): a lower bound, the server's own time left out.

    python bench/report.py [--members 1000] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aibou import service
from aibou.service.report import report
from aibou.wiring import wire
from bench._fake import OPS, point_at, trips
from tests.fakegoogle import FakeGoogle
from tests.rosters import roster_rows

ROTATED = date(2027, 1, 4)  # a Monday: the series meet on Wednesdays from 2027-01-06
AS_OF = date(2027, 2, 3)  # four Wednesdays later
WEDNESDAYS = [datetime(2027, 1, 6, 7, tzinfo=UTC) + timedelta(weeks=w) for w in range(4)]


def roster(members: int) -> list[list[str]]:
    third = members // 3
    return roster_rows({"sales": third, "cs": third, "dev": members - 2 * third})


def month_of_meetings(fake: FakeGoogle) -> tuple[int, int, int]:
    """Replies and conferences on the rotation's series; (series, replies, conferences)."""
    events = sorted(
        fake.events(OPS, include_cancelled=False),
        key=lambda e: int(e["extendedProperties"]["private"]["aibou_group"]),
    )
    replies = conferences = 0
    for n, event in enumerate(events):
        people = [a["email"] for a in event["attendees"]]
        if n % 5 == 0:
            fake.respond(OPS, event["id"], people[0], "declined")
            fake.respond(OPS, event["id"], people[1], "accepted")
            replies += 2
        if n % 2 == 0:
            for start in WEDNESDAYS[::2]:
                fake.add_conference(event, start, start + timedelta(minutes=25), people)
                conferences += 1
    return len(events), replies, conferences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, FakeGoogle() as fake:
        point_at(fake, Path(tmp))
        sheet = fake.create_spreadsheet("bench", {"名簿": roster(args.members)}, owner=OPS)
        spreadsheet, calendar = wire().google(sheet)
        assert service.rotate(spreadsheet, calendar, ROTATED).status == "applied"
        groups, replies, conferences = month_of_meetings(fake)

        fake.latency = args.latency
        fake.clear_log()
        started = time.perf_counter()
        wiring = wire()
        spreadsheet, calendar = wiring.google(sheet)
        result = report(spreadsheet, calendar, AS_OF, meetings=wiring.meetings())
        seconds = time.perf_counter() - started
        assert result.status == "reported", result.problems
        assert result.as_dict()["meet"] is None
        ours = trips(fake)
        held = sum(1 for r in result.as_dict()["participation"] if r["meetings_held"])

    members = args.members
    naive = {"sheets": ours["sheets"], "calendar": members, "meet": members}
    naive_s = sum(naive.values()) * args.latency
    print(
        f"report for {members:,} members ({groups} groups, {replies} replies, {conferences} "
        f"conferences; {held} members with a meeting held), "
        f"{args.latency * 1000:.0f} ms per round trip\n"
    )
    print("| | Sheets round trips | Calendar round trips (calls) | Meet round trips | wall s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(
        f"| aibou `report` | {ours['sheets']} | {ours['calendar']} ({ours['calendar_calls']}) "
        f"| {ours['meet']} | {seconds:.1f} |"
    )
    print(
        f"| naive: events.get + Meet list per member (counted, x {args.latency * 1000:.0f} ms) "
        f"| {naive['sheets']} | {naive['calendar']} ({naive['calendar']}) | {naive['meet']} "
        f"| {naive_s:.1f} |"
    )


if __name__ == "__main__":
    main()
