"""Time a whole rotation of 10,000 members with eight quarters of history, stage by stage.

Run from the repository root: ``python bench/end_to_end.py`` (``--members 1000`` for a quick run,
``--no-google`` to skip the fake Google server). It builds a workbook the way a company would
have one after two years (a roster and eight rotation tabs), then times:

- the matcher alone on the parsed roster and history: the baseline every other stage is set
  against;
- reading the workbook with aibou's reader (the rotation tabs, which aibou added, from its
  copies of their rows: :mod:`aibou.local.copies`), and with the reader it replaced (openpyxl's
  read-only mode, every tab cell by cell), kept here to show the difference;
- parsing what was read (settings, roster, every rotation tab);
- a whole offline rotation (``rotate --workbook``: read, parse, match, write the tab and the
  ``.ics`` file) on a copy of the workbook;
- the same rotation against the fake Google server (``tests/fakegoogle``) on a spreadsheet with
  the same tabs, no latency injected.

The process collects garbage as aibou's command line runs it
(:func:`aibou.wiring.tune_collector`). It prints a markdown table (stage, seconds, times the
matcher's own time). The matcher and the whole offline rotation are timed in turn ``--repeat``
times (each rotation on a fresh copy of the workbook) and the shortest of each kept (as
:mod:`timeit` advises: the longer ones measure the machine's other work), so a busy machine
moves the ratio less.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aibou import service as rotation  # noqa: E402
from aibou.domain.matching.engine import match  # noqa: E402
from aibou.domain.matching.scoring import evaluate  # noqa: E402
from aibou.domain.model import Group, PastRotation, Person  # noqa: E402
from aibou.domain.sheet.history import render_rotation, rotation_title  # noqa: E402
from aibou.domain.time.periods import period_at  # noqa: E402
from aibou.local.ics import IcsCalendar  # noqa: E402
from aibou.local.workbook import Workbook  # noqa: E402
from aibou.ports import Sheet, Snapshot  # noqa: E402
from aibou.service.inputs import load  # noqa: E402
from aibou.wiring import tune_collector  # noqa: E402

FUNCTIONS = ("sales", "cs", "dev")
LABELS = {"sales": "セールス", "cs": "CS", "dev": "エンジニア"}
#: Quarters of history before the one that is timed.
QUARTERS = 8
#: The day of the timed run: the first quarter after the history.
DAY = date(2027, 1, 5)
REMOTE_SHARE = 0.3
OPS = "ops@example.com"


def people(members: int, seed: int = 0) -> list[Person]:
    rng = random.Random(seed)
    third = members // 3
    counts = (third, third, members - 2 * third)
    return [
        Person(
            email=f"{f}{i:05d}@example.com",
            name=f"{f} {i}",
            function=f,
            location="remote" if rng.random() < REMOTE_SHARE else "office",
        )
        for f, n in zip(FUNCTIONS, counts, strict=True)
        for i in range(n)
    ]


def tabs(members: int) -> dict[str, list[list[object]]]:
    """The roster and ``QUARTERS`` rotation tabs, as aibou renders them (links filled in)."""
    roster = people(members)
    rows: dict[str, list[list[object]]] = {
        "名簿": [["名前", "メール", "職能", "勤務形態", "ステータス"]]
        + [
            [p.name, p.email, LABELS[p.function], "リモート" if p.location == "remote" else ""]
            for p in roster
        ]
    }
    history: list[PastRotation] = []
    start = date(DAY.year - QUARTERS // 4, 1, 1)
    for q in range(QUARTERS):
        period = period_at(date(start.year + q // 4, 3 * (q % 4) + 1, 1), 3, start)
        groups = match(roster, history, functions=FUNCTIONS, rng=random.Random(q))
        numbered = [Group(n, g) for n, g in enumerate(groups, start=1)]
        tab = render_rotation(period, numbered, evaluate(groups, history), {}, "ja", period.start)
        for row in tab[1:]:
            if row and isinstance(row[0], int) and row[2] and row[3]:
                row[-1] = f"buddies.ics#aibou{period.key}-{row[0]}@aibou"
        rows[rotation_title(period.key, "ja")] = tab
        history.append(
            PastRotation(period.key, "", tuple(frozenset(p.email for p in g) for g in groups))
        )
    return rows


def write(path: Path, content: dict[str, list[list[object]]]) -> Path:
    """The roster as a spreadsheet program saves it (openpyxl), then each rotation tab as aibou
    adds it: tagged with its period, with aibou's record of what it wrote (so reading checks
    every tab for hand edits, as a real run does)."""
    import openpyxl

    from aibou.domain.sheet.digest import Written
    from aibou.domain.sheet.history import rotation_key
    from aibou.service.inputs import as_recorded

    book = openpyxl.Workbook(write_only=True)
    rotations = {t: rows for t, rows in content.items() if rotation_key(t)}
    for title, rows in content.items():
        if title not in rotations:
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
    book.save(path)
    workbook = Workbook(path)
    for title, rows in rotations.items():
        record = Written.of(as_recorded(rows)).encode()
        workbook.add_rotation_tab(title, str(rotation_key(title)), rows, written=record)
    return path


def old_read(path: Path) -> Snapshot:
    """The reader aibou had before: openpyxl's read-only mode, every tab cell by cell."""
    import openpyxl

    from aibou.domain.sheet.tabs import wanted_tab

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = []
        for ws in book.worksheets:
            wanted = wanted_tab(ws.title, None)
            if wanted:
                ws.reset_dimensions()
            rows = [list(row) for row in ws.iter_rows(values_only=True)] if wanted else []
            sheets.append(Sheet(ws.title, rows, None))
    finally:
        book.close()
    return Snapshot(path.name, sheets)


def timed(step: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = step()
    return time.perf_counter() - started, result


def offline(workbook: Path, folder: Path) -> float:
    copy = folder / "run.xlsx"
    shutil.copyfile(workbook, copy)
    (folder / "run.ics").unlink(missing_ok=True)
    now = datetime(2027, 1, 5, tzinfo=UTC)
    seconds, outcome = timed(
        lambda: rotation.rotate(Workbook(copy), IcsCalendar(folder / "run.ics", now), DAY)
    )
    assert outcome.status == "applied", outcome.problems  # type: ignore[attr-defined]
    return seconds


def google(content: dict[str, list[list[object]]], folder: Path) -> float:
    from aibou.google import connect
    from tests.fakegoogle import FakeGoogle

    with FakeGoogle() as fake:
        account = fake.register_service_account(delegated=True)
        key_file = folder / "sa.json"
        fake.write_key_file(account, key_file)
        os.environ.update({
            "GOOGLE_APPLICATION_CREDENTIALS": str(key_file), "AIBOU_DELEGATED_USER": OPS,
            "AIBOU_SHEETS_ENDPOINT": fake.root, "AIBOU_CALENDAR_ENDPOINT": fake.root,
        })  # fmt: skip
        fake.add_calendar(OPS, time_zone="Asia/Tokyo")
        sheet = fake.create_spreadsheet("bench", content, owner=OPS, value_input_option="RAW")

        def run() -> rotation.Outcome:
            spreadsheet, calendar = connect(sheet)
            return rotation.rotate(spreadsheet, calendar, DAY)

        seconds, outcome = timed(run)
        assert outcome.status == "applied", outcome.problems  # type: ignore[attr-defined]
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--no-google", action="store_true", help="skip the fake Google server")
    parser.add_argument("--no-old", action="store_true", help="skip the old reader")
    parser.add_argument(
        "--repeat", type=int, default=3, help="time the matcher and each rotation this many "
        "times, and keep the shortest (default 3)",
    )  # fmt: skip
    args = parser.parse_args()
    tune_collector()  # the process as the command line runs it

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        content = tabs(args.members)
        workbook = write(folder / "buddies.xlsx", content)
        cells = sum(len(r) for rows_ in content.values() for r in rows_)
        print(
            f"{args.members:,} members, {QUARTERS} quarters of history ({len(content)} tabs, "
            f"{cells:,} cells, {workbook.stat().st_size / 2**20:.1f} MiB); Python "
            f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, "
            f"garbage collector thresholds {gc.get_threshold()}\n"
        )
        read_s, snapshot = timed(Workbook(workbook).read)
        parse_s, inputs = timed(lambda: load(snapshot))  # type: ignore[arg-type]
        period = inputs.period(DAY)  # type: ignore[attr-defined]
        history = inputs.history(period)  # type: ignore[attr-defined]
        roster = inputs.roster.people  # type: ignore[attr-defined]
        matched, rotated = [], []  # taken in turn, so a slow spell of the machine hits both
        for _ in range(args.repeat):
            matched.append(
                timed(
                    lambda: match(
                        roster, history, functions=FUNCTIONS, rng=random.Random(period.key)
                    )
                )[0]
            )
            rotated.append(offline(workbook, folder))
        match_s = min(matched)
        print("| stage | seconds | × matcher |")
        print("| --- | ---: | ---: |")

        def row(stage: str, seconds: float) -> None:
            print(f"| {stage} | {seconds:.2f} | {seconds / match_s:.1f} |", flush=True)

        row("matcher alone (baseline)", match_s)
        row("read the workbook: aibou (copies of unchanged tabs, else python-calamine)", read_s)
        if not args.no_old:
            row(
                "read the workbook: openpyxl read-only (before)",
                timed(lambda: old_read(workbook))[0],
            )
        row("parse settings, roster, rotation tabs", parse_s)
        row("whole offline rotation (`rotate --workbook`)", min(rotated))
        if not args.no_google:
            row("whole rotation against the fake Google server", google(content, folder))


if __name__ == "__main__":
    main()
