"""The command line: ``aibou init|rotate|validate|report|serve`` once installed (``pip install
.``; also ``python main.py`` and ``python -m aibou``).

Thin by design: parse arguments, take the adapters from the wiring (:func:`aibou.wiring.wire`),
call the service, print the outcome (a summary for people, or with ``--json`` the one object of
DESIGN.md §4) and exit 0 (applied, already-applied, dry-run, not-due, created), 2 (invalid
input) or 1 (anything else).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TextIO

from aibou.domain.i18n import LANGUAGES, message
from aibou.domain.sheet.roster import function_label
from aibou.domain.time.dates import LAST_YEAR, DateError, parse_date
from aibou.errors import AibouError, InvalidInput
from aibou.ports import Calendar, Spreadsheet, Templates
from aibou.service import (
    ALREADY_APPLIED,
    AMENDED,
    APPLIED,
    DRY_RUN,
    INVALID,
    NOT_DUE,
    Outcome,
    rotate,
    validate,
)
from aibou.service.init import CREATED, init
from aibou.service.progress import observe
from aibou.service.report import REPORTED, Report, report
from aibou.wiring import Config, Wiring, tune_collector, wire

__all__ = ["main"]

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2
_OK = {APPLIED, AMENDED, ALREADY_APPLIED, DRY_RUN, NOT_DUE, CREATED}


def _date(text: str) -> date:
    """``--date``: ``2027-01-05``, ``2027/1/5`` or ``2027/01/05``, no later than the years aibou
    plans in (its periods end inside a date's range); else one clear line, exit 2."""
    try:
        day = parse_date(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if day.year > LAST_YEAR:  # an earlier day is the service's to refuse (it names the tab)
        raise argparse.ArgumentTypeError(f"{text!r}: use a day up to {LAST_YEAR}-12-31")
    return day


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aibou", description="A cross-functional buddy system (相棒制度) on Google Workspace."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def source(sub: argparse.ArgumentParser) -> None:
        where = sub.add_mutually_exclusive_group(required=True)
        where.add_argument("--workbook", type=Path, help="a local .xlsx workbook (offline)")
        where.add_argument("--spreadsheet", help="a Google Sheets spreadsheet ID")
        sub.add_argument("--json", action="store_true", help="print one JSON object")

    rotate_cmd = commands.add_parser("rotate", help="plan and apply the rotation that is due")
    source(rotate_cmd)
    rotate_cmd.add_argument(
        "--ics",
        type=Path,
        help="with --workbook: the .ics calendar file (default: beside the workbook)",
    )
    rotate_cmd.add_argument(
        "--date", type=_date, help="act as on this day (2027-01-05 or 2027/1/5)"
    )
    rotate_cmd.add_argument("--dry-run", action="store_true", help="show the plan, write nothing")

    validate_cmd = commands.add_parser(
        "validate", help="check the roster and settings, write nothing"
    )
    source(validate_cmd)
    validate_cmd.add_argument("--date", type=_date, help=argparse.SUPPRESS)

    report_cmd = commands.add_parser("report", help="refresh the report tabs and print them")
    source(report_cmd)
    report_cmd.add_argument(
        "--date", type=_date, help="report as at the start of this day (2027-01-05 or 2027/1/5)"
    )

    init_cmd = commands.add_parser(
        "init", help="create a roster and Settings tab to fill in (a new workbook or sheet)"
    )
    source(init_cmd)
    init_cmd.add_argument(
        "--language", choices=LANGUAGES, default="ja", help="headers and notes (default ja)"
    )

    serve_cmd = commands.add_parser("serve", help="run the web app locally")
    serve_cmd.add_argument("--port", type=int, help="default: $PORT, else 8080")
    return parser


def _ports(args: argparse.Namespace, wired: Wiring) -> tuple[Spreadsheet, Calendar, Templates]:
    if args.workbook is not None:
        ics = getattr(args, "ics", None)
        return *wired.local(args.workbook, ics), wired.local_templates(args.workbook)
    return *wired.google(args.spreadsheet), wired.templates


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, wired: Wiring | None = None
) -> int:
    """Run one command; return the exit status. ``wired`` defaults to the environment's."""
    tune_collector()
    out = out or sys.stdout
    args = _parser().parse_args(argv)
    try:
        if args.command == "serve":
            return _serve(args, wired or wire())
        # a command reads only what it needs: offline, nothing; on Google, how to reach it
        offline = args.workbook is not None
        wired = wired or wire(Config() if offline else Config.command_line())
        if args.command == "report":
            return _report(args, wired, out)
        when = getattr(args, "date", None) or wired.clock()
        spreadsheet, calendar, templates = _ports(args, wired)
        if args.command == "init":
            outcome = init(spreadsheet, args.language)
        elif args.command == "validate":
            outcome = validate(spreadsheet, when, templates)
        else:
            owner = f"cli:{socket.gethostname()}:{os.getpid()}"
            with observe(_progress_bar(quiet=args.json)):
                outcome = rotate(
                    spreadsheet,
                    calendar,
                    when,
                    dry_run=args.dry_run,
                    owner=owner,
                    templates=templates,
                    calendar_as=None if offline else wired.calendar_as,
                )
    except InvalidInput as exc:  # a file refused before it was read (too large, too wide)
        outcome = Outcome(INVALID, problems=exc.problems)
    except AibouError as exc:
        with _reader_may_leave(out):
            if args.json:
                print(json.dumps(Outcome.failure(str(exc)).as_dict(), ensure_ascii=False), file=out)
            else:
                print(f"aibou: {exc}", file=sys.stderr)
        return EXIT_FAILED

    with _reader_may_leave(out):
        if args.json:
            print(json.dumps(outcome.as_dict(), ensure_ascii=False), file=out)
        else:
            _print_summary(outcome, args, out)
    if outcome.status in _OK:
        return EXIT_OK
    return EXIT_INVALID if outcome.status == INVALID else EXIT_FAILED


@contextmanager
def _reader_may_leave(out: TextIO) -> Iterator[None]:
    """Print to a reader that may stop reading (``aibou rotate ... | head``): what it did not
    read is dropped and the run's exit status stands, with no BrokenPipeError traceback."""
    try:
        yield
        out.flush()
    except BrokenPipeError:
        if out is sys.stdout:  # flushed again at exit: point it at nothing (Python's docs, signal)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _progress_bar(*, quiet: bool, stream: TextIO | None = None) -> Callable[[int, int], None]:
    """Invitations sent so far as a bar on a terminal's stderr; nothing with ``--json`` or
    when stderr is not a terminal (a pipe, a log)."""
    stream = stream or sys.stderr
    if quiet or not stream.isatty():
        return lambda done, total: None

    def draw(done: int, total: int, width: int = 30) -> None:
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        stream.write(f"\r[{bar}] {done:,} / {total:,}" + ("\n" if done >= total else ""))
        stream.flush()

    return draw


def _report(args: argparse.Namespace, wired: Wiring, out: TextIO) -> int:
    """``report``: refresh the report tabs (§8) and print what they show."""
    try:
        spreadsheet, calendar, templates = _ports(args, wired)
        meetings = None if args.workbook is not None else wired.meetings()
        owner = f"cli:{socket.gethostname()}:{os.getpid()}"
        when = args.date or wired.clock()
        acting = None if args.workbook is not None else wired.calendar_as
        done = report(spreadsheet, calendar, when, meetings=meetings, owner=owner,
                      templates=templates, calendar_as=acting)  # fmt: skip
    except InvalidInput as exc:
        done = Report(INVALID, problems=exc.problems)
    except AibouError as exc:
        done = Report.failure("error", str(exc))
    with _reader_may_leave(out):
        if args.json:
            print(json.dumps(done.as_dict(), ensure_ascii=False), file=out)
        else:
            _print_report(done, args, out)
    if done.status == REPORTED:
        return EXIT_OK
    return EXIT_INVALID if done.status == INVALID else EXIT_FAILED


def _print_report(done: Report, args: argparse.Namespace, out: TextIO) -> None:
    """A short report for people: the tabs written, the coverage, the groups to look at."""
    data = done.data
    if data is None:
        print(f"aibou: {done.status}", file=out)
        for problem in done.problems:
            print(f"  {problem}", file=out)
        return
    lang = data.language
    period = data.period
    print(f"aibou: {done.status} {period.key} ({period.start} – {period.end})", file=out)
    where = args.workbook if args.workbook is not None else f"spreadsheet {args.spreadsheet}"
    for title in done.tabs:
        print(f"  tab: {title} in {where}", file=out)
    cover = data.coverage
    share = f" ({cover.met / cover.possible:.0%})" if cover.possible else ""
    print(f"  {message(lang, 'report.pairs')}: {cover.met} / {cover.possible}{share}", file=out)
    if data.meet_reason:
        reason = message(lang, f"meet.{data.meet_reason}")
        print(f"  {message(lang, 'report.meet_missing', reason=reason)}", file=out)
    flagged = {row.group: row.attention for row in data.participation or () if row.attention}
    for group, codes in sorted(flagged.items()):
        words = message(lang, "report.separator").join(
            message(lang, f"attention.{code}") for code in codes
        )
        print(f"  {message(lang, 'tab.group')} {group}: {words}", file=out)


def _serve(args: argparse.Namespace, wired: Wiring) -> int:
    from aibou.web import create_app

    create_app(wired).run(host="127.0.0.1", port=args.port or wired.config.port)
    return EXIT_OK


def _print_changes(outcome: Outcome, out: TextIO) -> None:
    """The roster's changes (applied, or pending in a dry run): one line each (§7)."""
    lang = outcome.language
    if outcome.changes:
        print(f"  {message(lang, 'cli.changes', count=len(outcome.changes))}", file=out)
    for change in outcome.changes:
        where = message(
            lang, f"cli.change.{change.kind}", group=change.group, from_group=change.from_group
        )
        print(f"    {change.person.name} <{change.email}>: {where}", file=out)


def _print_summary(outcome: Outcome, args: argparse.Namespace, out: TextIO) -> None:
    """A short report for people: what happened, where it landed, the groups."""
    lang = outcome.language
    period = outcome.period
    if args.command == "validate" and outcome.status in _OK and period is not None:
        ok = message(lang, "cli.validate_ok", people=outcome.people or 0, period=period.key)
        print(ok, file=out)
    when = f" {period.key} ({period.start} – {period.end})" if period else ""
    print(f"aibou: {outcome.status}{when}", file=out)
    if outcome.status == CREATED:
        where = args.workbook if args.workbook is not None else f"spreadsheet {args.spreadsheet}"
        print(f"  {message(lang, 'init.created', tab=outcome.tab, where=where)}", file=out)
    for problem in outcome.problems:
        print(f"  {problem}", file=out)
    for warning in outcome.warnings:
        print(f"  {message(lang, 'cli.warning')}: {warning}", file=out)
    if outcome.tab and outcome.status != CREATED:
        where = args.workbook if args.workbook is not None else f"spreadsheet {args.spreadsheet}"
        print(f"  tab: {outcome.tab} in {where}", file=out)
    if outcome.links and args.workbook is not None:
        ics = getattr(args, "ics", None) or args.workbook.with_suffix(".ics")
        print(f"  calendar: {ics} ({len(outcome.links)} weekly events)", file=out)
    _print_changes(outcome, out)
    if outcome.stats:
        sizes = ", ".join(
            f"{n}×{size}" for size, n in sorted(outcome.stats.group_sizes.items(), reverse=True)
        )
        stats = outcome.stats
        print(
            f"  groups: {len(outcome.groups)} ({sizes}); repeated pairs: {stats.repeat_pairs}; "
            f"same-function pairs: {stats.same_function_pairs}",
            file=out,
        )
    described = {(s.label(lang), s.explain(lang)) for s in outcome.slots.values()}
    shared = len(described) == 1 and len(outcome.slots) == len(outcome.groups) > 1
    if shared:  # one slot for everyone (offline, or nobody's calendar readable): say it once
        label, why = described.pop()
        print(f"  meetings: {label}: {why}", file=out)
    for group in outcome.groups:
        members = ", ".join(
            f"{p.name} ({function_label(p.function, lang)}, "
            f"{message(lang, f'location.{p.location}')})"
            for p in group.members
        )
        print(f"  {group.number:>3}. {members}", file=out)
        slot = outcome.slots.get(group.number)
        if slot is not None and not shared:
            print(f"       {slot.label(lang)}: {slot.explain(lang)}", file=out)
