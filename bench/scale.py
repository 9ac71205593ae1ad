"""A rotation of 10,000 members against Google's Calendar quota, on the fake Google server.

The fake enforces Calendar's quota (DESIGN §9: 600 calls per user per minute, 10,000 per
project per minute; every batch part counts, refused calls too). Time is virtual
(``tests/wiring.py`` ``VirtualTime``): the fake's quota window and aibou's pacer
(``AIBOU_CALENDAR_RATE``, default 500 a minute) and retry waits all run on one clock that moves
only when aibou waits, so a quota minute costs no real time and the waits are exact. No latency
is injected.

The baseline is the quota's own bound: the Calendar calls made, divided by the rate Google
allows one organiser (600 a minute). Google's window slides, so the first 600 calls may go at
once: the least time any run making these calls can take is ``(ceil(calls / 600) - 1)``
minutes, shown beside it, as is aibou's own pace (calls / ``AIBOU_CALENDAR_RATE``).

    python bench/scale.py [--members 10000]
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aibou import service
from bench._fake import OPS, point_at
from tests.fakegoogle import FakeGoogle
from tests.rosters import roster_rows
from tests.wiring import VirtualTime, paced

DAY = date(2027, 1, 5)
PER_USER = 600
PER_PROJECT = 10_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=10_000)
    args = parser.parse_args()
    third = args.members // 3
    rows = roster_rows({"sales": third, "cs": third, "dev": args.members - 2 * third})
    with tempfile.TemporaryDirectory() as tmp, FakeGoogle() as fake:
        point_at(fake, Path(tmp))
        sheet = fake.create_spreadsheet("bench", {"名簿": rows}, owner=OPS)
        clock = VirtualTime()
        fake.clock = clock.clock
        fake.set_quota(per_user_per_minute=PER_USER, per_project_per_minute=PER_PROJECT)
        wiring = paced(clock)
        rate = wiring.config.google.calendar_rate
        started, virtual = time.perf_counter(), clock.now
        spreadsheet, calendar = wiring.google(sheet)
        outcome = service.rotate(spreadsheet, calendar, DAY)
        wall = time.perf_counter() - started
        waited = clock.now - virtual
        assert outcome.status == "applied", outcome.problems
        stats = fake.quota_stats()["users"].get(OPS, {"calls": 0, "refused": 0})
        events = len(fake.events(OPS, include_cancelled=False))

    calls, refused = stats["calls"], stats["refused"]
    print(
        f"Rotation of {args.members:,} members ({len(outcome.groups)} groups, {events} series) "
        f"under Calendar's quota ({PER_USER}/user/min, {PER_PROJECT:,}/project/min), "
        f"AIBOU_CALENDAR_RATE={rate}; Google's time virtual\n"
    )
    print("| | Calendar calls | 403 rateLimitExceeded | Google-time min | real wall s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(f"| aibou, in-process, paced | {calls} | {refused} | {waited / 60:.1f} | {wall:.1f} |")
    least = math.ceil(calls / PER_USER) - 1
    print(
        f"| quota's bound: calls / {PER_USER} a minute | {calls} | 0 | {calls / PER_USER:.1f} | |"
    )
    print(f"| quota's least (sliding window) | {calls} | 0 | {least:.1f} | |")
    print(f"| aibou's own pace: calls / {rate} a minute | {calls} | 0 | {calls / rate:.1f} | |")


if __name__ == "__main__":
    main()
