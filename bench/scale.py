"""A rotation of 10,000 members against Google's Calendar quota, on the fake Google server:
in-process, and fanned out through Cloud Tasks.

The fake enforces Calendar's quota (DESIGN §9: 600 calls per user per minute, 10,000 per
project per minute; every batch part counts, refused calls too).

How time is scaled: Google's time is virtual (``tests/wiring.py`` ``VirtualTime``). The fake's
quota window, aibou's pacer (``AIBOU_CALENDAR_RATE``, default 500 a minute) and its retry waits
all read one clock that moves only when aibou waits, by exactly as long as it waits; a request
itself takes no virtual time (no latency is injected). So a quota minute costs no real time, and
"Google-time" is what the run would take against Google when the pacer, not the network, is
what holds it back. The ID tokens of the scheduler and of Cloud Tasks are minted on real time
(``FakeGoogle.mint_id_token``): the app verifies them with google-auth on the machine's clock,
exactly as in production, so authentication is not scaled; only the quota is.

Two runs, each on a fresh fake:

- **in-process**: ``service.rotate`` as the CLI runs it, paced.
- **fanned out**: the real Flask app (``aibou.web.create_app``, through its WSGI test client)
  with ``AIBOU_TASKS_QUEUE`` set. ``POST /tasks/rotate`` with a scheduler's ID token plans, writes
  the tab, queues one Cloud Task per 100 groups (and refreshes the report tabs, as the scheduled
  run does); then the fake delivers every task to ``POST /tasks/invite`` with its OIDC token,
  ``--concurrency`` at a time. The first task is also sent a second time at once, and a third
  time after all are done (a retry after a lost answer): nothing may be made twice. All
  deliveries share one process, so one pacer per organiser (as one App Engine instance); the
  deployed queue (``deploy/queue.sh``) dispatches one task at a time, 0.08 a second, so
  several instances never pace against each other. When several deliveries wait at once, their
  waits add up on the virtual clock (an upper bound); the pacer itself waits under a lock, one
  at a time.

Calendar calls and 403s are counted from the fake's request log (each batch part counted, as
Google's quota counts them). The baseline is the quota's own bound: the calls made, divided by
the rate Google allows one organiser (600 a minute). Google's window slides, so the first 600
calls may go at once: the least time any run making these calls can take is
``ceil(calls / 600) - 1`` minutes, shown beside it.

    python bench/scale.py [--members 10000] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aibou import service
from bench._fake import CALENDAR, OPS, point_at, trips
from tests.fakegoogle import FakeGoogle
from tests.rosters import roster_rows
from tests.wiring import VirtualTime, paced

DAY = date(2027, 1, 5)
NOW = datetime(2027, 1, 5, 0, 0, tzinfo=UTC)
PER_USER = 600
PER_PROJECT = 10_000
PUBLIC = "https://aibou.example.com"
SCHEDULER = "scheduler@aibou-bench.iam.gserviceaccount.com"
QUEUE = "projects/aibou-test/locations/asia-northeast1/queues/aibou-invites"


@dataclass(frozen=True)
class Run:
    """What one run cost: Calendar calls and 403s met (request log), series made, time."""

    name: str
    groups: int
    calls: int
    refused: int
    events: int
    google_seconds: float
    real_seconds: float
    note: str = ""


def refusals(fake: FakeGoogle) -> int:
    """Calendar calls the fake answered 403 (each batch part counted)."""
    return sum(
        1
        for e in fake.requests(path_regex=CALENDAR)
        if e.status == 403 and (e.is_batch_part or not e.path.startswith("/batch/"))
    )


def series_once(fake: FakeGoogle, groups: int) -> int:
    """The confirmed series on the organiser's calendar, checked: one per group, everyone
    invited exactly once."""
    events = [e for e in fake.events(OPS) if e["status"] == "confirmed"]
    ids = Counter(e["id"] for e in events)
    people = Counter(a["email"] for e in events for a in e["attendees"])
    assert len(ids) == groups, "a series is missing"
    assert set(ids.values()) == {1}, "a series is doubled"
    assert set(people.values()) == {1}, "someone is invited twice"
    return len(events)


def on_fake(members: int, run: Callable[[FakeGoogle, str, VirtualTime], Run]) -> Run:
    """``run`` on a fresh fake with the quota on, a roster of ``members`` and virtual time."""
    third = members // 3
    rows = roster_rows({"sales": third, "cs": third, "dev": members - 2 * third})
    with tempfile.TemporaryDirectory() as tmp, FakeGoogle() as fake:
        point_at(fake, Path(tmp))
        sheet = fake.create_spreadsheet("bench", {"名簿": rows}, owner=OPS)
        clock = VirtualTime()
        fake.clock = clock.clock
        fake.set_quota(per_user_per_minute=PER_USER, per_project_per_minute=PER_PROJECT)
        return run(fake, sheet, clock)


def in_process(fake: FakeGoogle, sheet: str, clock: VirtualTime) -> Run:
    """``service.rotate`` as the CLI runs it, paced on ``clock``."""
    started, virtual = time.perf_counter(), clock.now
    spreadsheet, calendar = paced(clock).google(sheet)
    outcome = service.rotate(spreadsheet, calendar, DAY)
    real = time.perf_counter() - started
    assert outcome.status == "applied", outcome.problems
    groups = len(outcome.groups)
    calls = trips(fake)["calendar_calls"]
    return Run(
        "in-process, paced", groups, calls, refusals(fake), series_once(fake, groups),
        clock.now - virtual, real,
    )  # fmt: skip


def fanned_out(concurrency: int) -> Callable[[FakeGoogle, str, VirtualTime], Run]:
    def run(fake: FakeGoogle, sheet: str, clock: VirtualTime) -> Run:
        from aibou.web import create_app

        runtime = json.loads(Path(os.environ["GOOGLE_APPLICATION_CREDENTIALS"]).read_text())
        fake.add_queue(QUEUE)
        wiring = paced(
            clock,
            NOW,
            spreadsheet_id=sheet,
            public_url=PUBLIC,
            tasks_audience=f"{PUBLIC}/tasks/rotate",
            tasks_invokers=frozenset({SCHEDULER, runtime["client_email"]}),
            certs_url=fake.certs_url,
            tasks_queue=QUEUE,
            tasks_endpoint=fake.root,
        )
        app = create_app(wiring)
        started, virtual = time.perf_counter(), clock.now
        token = fake.mint_id_token(f"{PUBLIC}/tasks/rotate", SCHEDULER)
        answer = app.test_client().post(
            "/tasks/rotate", headers={"Authorization": f"Bearer {token}"}
        )
        assert answer.status_code == 200, answer.get_data(as_text=True)
        groups = len(answer.get_json()["groups"])
        scheduled = trips(fake)["calendar_calls"]  # planning's freeBusy and the report's reads
        tasks = [t["name"] for t in fake.tasks(QUEUE)]
        assert len(tasks) == math.ceil(groups / 100), len(tasks)
        _, url, headers, body = fake.task_request(tasks[0])  # a copy of the first delivery
        path = url.removeprefix(PUBLIC)

        def again() -> int:
            return app.test_client().post(path, headers=headers, data=body).status_code

        with ThreadPoolExecutor(concurrency) as pool:
            copy = pool.submit(again)  # the first task twice at once
            delivered = list(
                pool.map(lambda n: fake.deliver_task(n, app.test_client()).status_code, tasks)
            )
            statuses = [*delivered, copy.result()]
        statuses.append(again())  # and once more after all: a retry after a lost answer
        real = time.perf_counter() - started
        assert set(statuses) == {200}, Counter(statuses)
        assert fake.tasks(QUEUE) == [], "a task is still queued"
        calls = trips(fake)["calendar_calls"]
        return Run(
            f"fanned out: {len(tasks)} tasks, {concurrency} at a time", groups, calls,
            refusals(fake), series_once(fake, groups), clock.now - virtual, real,
            note=f"{len(statuses)} deliveries; {scheduled:,} of the calls by /tasks/rotate",
        )  # fmt: skip

    return run


def table(runs: list[Run], rate: int) -> str:
    lines = [
        "| | Calendar calls | 403s met | series (groups) | Google-time min"
        f" | bound: calls ÷ {PER_USER}/min | least (sliding window) min"
        f" | aibou's pace: calls ÷ {rate}/min | real wall s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in runs:
        least = max(math.ceil(r.calls / PER_USER) - 1, 0)
        lines.append(
            f"| aibou, {r.name} | {r.calls:,} | {r.refused} | {r.events:,} ({r.groups:,})"
            f" | {r.google_seconds / 60:.1f} | {r.calls / PER_USER:.1f} | {least}"
            f" | {r.calls / rate:.1f} | {r.real_seconds:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    runs = [on_fake(args.members, in_process), on_fake(args.members, fanned_out(args.concurrency))]
    rate = paced(VirtualTime()).config.google.calendar_rate
    print(
        f"Rotation of {args.members:,} members under Calendar's quota ({PER_USER}/user/min, "
        f"{PER_PROJECT:,}/project/min), AIBOU_CALENDAR_RATE={rate}; Google's time virtual; "
        f"{runs[1].note} in the fanned-out run\n"
    )
    print(table(runs, rate))


if __name__ == "__main__":
    main()
