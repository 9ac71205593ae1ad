"""Round trips and wall time of an amendment (DESIGN §7) for a 1,000-member rotation.

A rotation of ``--members`` people is made on the fake Google server (no latency); then, a month
into the quarter, ``--changes`` members leave (status ``休職``) and as many join (new rows). With
``--latency`` injected on every round trip (50 ms by default), ``rotate`` runs again in the same
quarter: aibou amends the open rotation (a change block below the tab, the touched series'
attendees patched, new groups' series created, dissolved ones cancelled).

The baseline re-plans everything: a fresh rotation of the same changed roster (a new spreadsheet
holding only that roster, on the same calendar), every group's series created again, as a tool
without amendments would have to (and every member would get a new invitation).

    python bench/amend.py [--members 1000] [--changes 10] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aibou import service
from aibou.errors import AibouError
from aibou.wiring import wire
from bench._fake import OPS, point_at, trips
from tests.fakegoogle import FakeGoogle
from tests.rosters import roster_rows

ROTATED = date(2027, 1, 5)
AMENDED = date(2027, 2, 3)
FUNCTIONS = ("セールス", "CS", "エンジニア")


def changed(rows: list[list[str]], changes: int) -> list[list[str]]:
    """``rows`` with ``changes`` members on leave (spread over the roster) and as many joiners."""
    rows = [list(r) for r in rows]
    step = (len(rows) - 1) // changes
    for k in range(changes):
        rows[1 + k * step][4] = "休職"
    for k in range(changes):
        rows.append([f"新人{k:02d} 花子", f"new{k:02d}@example.jp", FUNCTIONS[k % 3], "", ""])
    return rows


def set_roster(fake: FakeGoogle, key_file: Path, sheet: str, rows: list[list[str]]) -> None:
    """Rewrite the roster tab as its editor would (through gspread)."""
    import gspread
    from google.auth.transport.requests import AuthorizedSession
    from google.oauth2 import service_account

    from tests.fakegoogle import redirect_session

    creds = service_account.Credentials.from_service_account_file(
        str(key_file), scopes=["https://www.googleapis.com/auth/spreadsheets"]
    ).with_subject(OPS)
    session = AuthorizedSession(creds)
    redirect_session(session, fake.root)
    tab = gspread.Client(None, session=session).open_by_key(sheet).worksheet("名簿")
    tab.add_rows(max(0, len(rows) - tab.row_count))
    tab.update(rows, "A1", value_input_option="RAW")


def timed_run(
    fake: FakeGoogle, sheet: str, day: date, latency: float
) -> tuple[service.Outcome | str, float]:
    """``rotate`` on ``day`` at ``latency``: its outcome (or why Google refused it), seconds."""
    fake.latency = latency
    fake.clear_log()
    started = time.perf_counter()
    spreadsheet, calendar = wire().google(sheet)
    try:
        outcome: service.Outcome | str = service.rotate(spreadsheet, calendar, day)
    except AibouError as exc:
        outcome = str(exc)
    seconds = time.perf_counter() - started
    fake.latency = 0.0
    return outcome, seconds


def offline(rows: list[list[str]], new_rows: list[list[str]], folder: Path) -> tuple[float, float]:
    """Seconds of the same amendment on an ``.xlsx`` and its ``.ics``, and of a fresh rotation
    of the changed roster in a new workbook."""
    import openpyxl

    from tests.rosters import write_workbook

    book = write_workbook(folder / "amend.xlsx", {"名簿": rows})
    assert service.rotate(*wire().local(book), ROTATED).status == "applied"
    workbook = openpyxl.load_workbook(book)
    tab = workbook["名簿"]
    tab.delete_rows(1, tab.max_row)
    for row in new_rows:
        tab.append(row)
    workbook.save(book)
    started = time.perf_counter()
    outcome = service.rotate(*wire().local(book), AMENDED)
    ours = time.perf_counter() - started
    assert outcome.status == "amended", outcome.problems
    fresh = write_workbook(folder / "fresh.xlsx", {"名簿": new_rows})
    started = time.perf_counter()
    assert service.rotate(*wire().local(fresh), AMENDED).status == "applied"
    return ours, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()
    third = args.members // 3
    rows = roster_rows({"sales": third, "cs": third, "dev": args.members - 2 * third})
    new_rows = changed(rows, args.changes)
    with tempfile.TemporaryDirectory() as tmp, FakeGoogle() as fake:
        key_file = point_at(fake, Path(tmp))
        sheet = fake.create_spreadsheet("bench", {"名簿": rows}, owner=OPS)
        spreadsheet, calendar = wire().google(sheet)
        assert service.rotate(spreadsheet, calendar, ROTATED).status == "applied"
        set_roster(fake, key_file, sheet, new_rows)

        amended, ours_s = timed_run(fake, sheet, AMENDED, args.latency)
        ours = trips(fake)

        fresh = fake.create_spreadsheet("fresh", {"名簿": new_rows}, owner=OPS)
        replanned, base_s = timed_run(fake, fresh, AMENDED, args.latency)
        assert isinstance(replanned, service.Outcome)
        assert replanned.status == "applied"
        base = trips(fake)
        offline_ours, offline_base = offline(rows, new_rows, Path(tmp))

    print(
        f"Amendment of a {args.members:,}-member rotation ({len(replanned.groups)} groups): "
        f"{args.changes} leavers, {args.changes} joiners; "
        f"{args.latency * 1000:.0f} ms per round trip on Google\n"
    )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Machine load (1, 5, 15 min) at the end: {load}\n")
    print("| | Sheets round trips | Calendar round trips | Calendar calls | wall s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    if isinstance(amended, str):
        print(f"| Google: aibou amends the open rotation | failed: {amended} | | | |")
    else:
        assert amended.status == "amended", (amended.status, amended.problems)
        print(
            f"| Google: aibou amends the open rotation | {ours['sheets']} | {ours['calendar']} "
            f"| {ours['calendar_calls']} | {ours_s:.1f} |"
        )
    print(
        f"| Google: re-plan everything (fresh rotation) | {base['sheets']} | {base['calendar']} "
        f"| {base['calendar_calls']} | {base_s:.1f} |"
    )
    print(f"| offline .xlsx + .ics: aibou amends | | | | {offline_ours:.1f} |")
    print(f"| offline .xlsx + .ics: re-plan everything | | | | {offline_base:.1f} |")


if __name__ == "__main__":
    main()
