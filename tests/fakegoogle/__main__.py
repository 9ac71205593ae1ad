"""Run the fake alone: ``python -m tests.fakegoogle --port 8765 --key-file sa.json --seed-demo``."""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path

from .fake import FakeGoogle

DEMO_TABS = {
    "相棒 2027-Q1": [
        ["email", "name", "team", "buddy", "since"],
        ["hanako@example.com", "Hanako", "Sales", "taro@example.com", "2027-01-05"],
        ["taro@example.com", "Taro", "Engineering", "hanako@example.com", "2027-01-05"],
    ],
    "Config": [["key", "value"], ["cycle", "2027-Q1"]],
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.fakegoogle", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--service-account", default="aibou@aibou-test.iam.gserviceaccount.com")
    parser.add_argument("--key-file", type=Path, help="write the service account's JSON key here")
    parser.add_argument(
        "--no-delegation", action="store_true", help="refuse domain-wide delegation (sub)"
    )
    parser.add_argument("--seed-demo", action="store_true", help="create a demo spreadsheet")
    args = parser.parse_args(argv)

    fake = FakeGoogle(args.host, args.port).start()
    account = fake.register_service_account(args.service_account, delegated=not args.no_delegation)
    print(f"fakegoogle listening on {fake.root}", flush=True)
    if args.key_file:
        fake.write_key_file(account, args.key_file)
        print(f"service account key: {args.key_file} ({account.email})", flush=True)
    if args.seed_demo:
        sid = fake.create_spreadsheet("aibou demo", DEMO_TABS, owner=account.email)
        for email in ("hanako@example.com", "taro@example.com"):
            fake.add_calendar(email, time_zone="Asia/Tokyo")
        print(f"demo spreadsheet: {sid}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()


if __name__ == "__main__":
    main()
