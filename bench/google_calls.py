"""HTTP round trips and wall time of a rotation against Google, measured on the fake Google server.

For 100 and 1,000 members, with latency injected on every round trip (50 ms by default, a
realistic Google API round trip), compare aibou's rotation (batched reads, one atomic tab write,
Calendar batches) with a baseline that does what most scripts do: one call per tab read, one call
per row written, one call per event.

    python bench/google_calls.py [--latency 0.05] [--sizes 100 1000]
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
from aibou.google.calendar import event_body
from aibou.wiring import wire
from tests.fakegoogle import FakeGoogle
from tests.rosters import roster_rows

OPS = "ops@example.com"
DAY = date(2027, 1, 5)


def _roster(members: int) -> list[list[str]]:
    third = members // 3
    return roster_rows({"sales": third, "cs": third, "dev": members - 2 * third})


def _setup(fake: FakeGoogle, members: int) -> str:
    fake.add_calendar(OPS, time_zone="Asia/Tokyo")
    return fake.create_spreadsheet("bench", {"名簿": _roster(members)}, owner=OPS)


def run_aibou(fake: FakeGoogle, sheet: str) -> service.Outcome:
    spreadsheet, calendar = wire().google(sheet)
    return service.rotate(spreadsheet, calendar, DAY)


def run_baseline(fake: FakeGoogle, sheet: str, plan: service.Outcome, key_file: Path) -> None:
    """The same rotation the naive way: a call per tab, per row, per event."""
    import gspread
    from google.auth.transport.requests import AuthorizedSession
    from google.oauth2 import service_account
    from googleapiclient.discovery import build

    from tests.fakegoogle import redirect_session

    creds = service_account.Credentials.from_service_account_file(
        str(key_file), scopes=["https://www.googleapis.com/auth/spreadsheets",
                               "https://www.googleapis.com/auth/calendar.events"]
    ).with_subject(OPS)  # fmt: skip
    session = AuthorizedSession(creds)
    redirect_session(session, fake.root)
    book = gspread.Client(None, session=session).open_by_key(sheet)
    for worksheet in book.worksheets():
        worksheet.get_all_values()
    tab = book.add_worksheet("Rotation baseline", rows=len(plan.groups) * 3 + 10, cols=8)
    for group in plan.groups:
        for person in group.members:
            tab.append_row([group.number, person.name, person.email], value_input_option="RAW")
    calendar = build("calendar", "v3", credentials=creds, static_discovery=True,
                     client_options={"api_endpoint": fake.root + "calendar/v3/"})  # fmt: skip
    from aibou.service import load
    from aibou.service.invites import event_specs  # the same events aibou creates

    inputs = load(wire().google(sheet)[0].read())
    specs = event_specs(
        inputs.snapshot.id, inputs.settings, plan.period, plan.groups, plan.slots, DAY
    )
    for spec in specs:
        body = event_body(spec) | {"id": "base" + spec.event_id[5:]}
        calendar.events().insert(calendarId=OPS, body=body, conferenceDataVersion=1).execute()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    args = parser.parse_args()
    print(
        f"Round trips and wall time of one rotation, {args.latency * 1000:.0f} ms per round trip\n"
    )
    print("| members | groups | aibou: Sheets calls | aibou: Calendar calls | aibou: wall s "
          "| baseline: Sheets calls | baseline: Calendar calls | baseline: wall s |")  # fmt: skip
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for members in args.sizes:
            with FakeGoogle() as fake:
                account = fake.register_service_account(delegated=True)
                key_file = Path(tmp) / "sa.json"
                fake.write_key_file(account, key_file)
                os.environ.update({
                    "GOOGLE_APPLICATION_CREDENTIALS": str(key_file), "AIBOU_DELEGATED_USER": OPS,
                    "AIBOU_SHEETS_ENDPOINT": fake.root, "AIBOU_CALENDAR_ENDPOINT": fake.root,
                })  # fmt: skip
                sheet = _setup(fake, members)
                fake.latency = args.latency
                fake.clear_log()
                started = time.perf_counter()
                outcome = run_aibou(fake, sheet)
                ours = time.perf_counter() - started
                assert outcome.status == "applied", outcome.problems
                ours_sheets = fake.round_trips(path_regex=r"^/v4/")
                ours_calendar = fake.round_trips(path_regex=r"^/(batch/)?calendar/")

                fake.clear_log()
                started = time.perf_counter()
                run_baseline(fake, sheet, outcome, key_file)
                theirs = time.perf_counter() - started
                base_sheets = fake.round_trips(path_regex=r"^/v4/")
                base_calendar = fake.round_trips(path_regex=r"^/(batch/)?calendar/")
            row = (members, len(outcome.groups), ours_sheets, ours_calendar, f"{ours:.1f}",
                   base_sheets, base_calendar, f"{theirs:.1f}")  # fmt: skip
            print("| " + " | ".join(str(v) for v in row) + " |")


if __name__ == "__main__":
    main()
