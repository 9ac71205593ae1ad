"""Every card the add-on can return, in both languages, against the Card v1 schema."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from aibou import panel
from aibou.domain.model import Problem
from aibou.panel.messages import ADDON_MESSAGES
from aibou.panel.pins import APART, TOGETHER, PinChange
from aibou.web.addon import cards
from aibou.web.addon.events import BadEvent, parse
from aibou.web.addon.responses import ROOT, UPDATE, navigate, request_file_access, trigger
from tests.cardschema import actions, validate_card, validate_response
from tests.fakes import FakeCalendar, FakeSpreadsheet
from tests.rosters import roster_rows
from tests.sidepanel import _clickables

D = date(2027, 1, 5)
BASE = "https://aibou.example.com"
LANGUAGES = ("ja", "en")


def view(language: str) -> cards.View:
    return cards.View(language, BASE, "sheet-1", "相棒制度")


def sheet(counts: dict[str, int] | None = None, **tabs: list) -> FakeSpreadsheet:
    rows = roster_rows(counts or {"sales": 4, "cs": 4, "dev": 5})
    return FakeSpreadsheet({"名簿": rows, **tabs})


def apply_shown(spreadsheet: FakeSpreadsheet, calendar: FakeCalendar) -> panel.Applied:
    shown = panel.propose(spreadsheet, D, language="en")
    assert shown.target is not None
    return panel.apply(
        spreadsheet,
        calendar,
        D,
        language="en",
        pins=shown.pins,
        variant=0,
        period_key=shown.target.period.key,
        expect=shown.fingerprint,
        owner="t",
    )


def between_sheet(*, edit: bool = False) -> tuple[FakeSpreadsheet, FakeCalendar]:
    """2027-Q1 applied, then a joiner, and a member of a pair on leave (their partner moves, the
    pair's series is cancelled); with ``edit``, an e-mail in the rotation tab edited by hand."""
    spreadsheet, calendar = sheet(), FakeCalendar()
    apply_shown(spreadsheet, calendar)
    pair = next(
        g for g in panel.overview(spreadsheet, D, language="en").groups if len(g.members) == 2
    )
    roster = spreadsheet.tabs["名簿"]
    roster.append(["新人 花子", "new@example.jp", "CS", "オフィス", ""])
    next(r for r in roster if r[1] == pair.members[0].email)[4] = "休職"
    if edit:
        tab = spreadsheet.tabs["相棒 2027-Q1"]
        row = next(r for r in tab if pair.members[1].email in r)
        row[row.index(pair.members[1].email)] = "intruder@example.com"
    return spreadsheet, calendar


def between(language: str) -> dict[str, panel.Proposal]:
    """The preview of an amendment (joined, left, moved, a series cancelled) and of a held tab."""
    amend = panel.propose(between_sheet()[0], D, language=language)
    assert amend.status == "amend" and {c.kind for c in amend.changes} == {
        "joined",
        "left",
        "moved",
    }
    assert amend.dissolved
    held = panel.propose(between_sheet(edit=True)[0], D, language=language)
    assert held.status == "held" and len(held.warnings) >= 2
    return {"amend": amend, "held": held}


def every_card(language: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(what, card) for every kind of card and state the add-on renders."""
    v = view(language)
    fresh, done, crashed = sheet(), sheet(), sheet()
    calendar = FakeCalendar()
    applied = apply_shown(done, calendar)
    with pytest.raises(Exception, match="calendar"):
        apply_shown(crashed, FakeCalendar(fail_after=1))
    broken = roster_rows({"sales": 2, "cs": 2, "dev": 2})
    broken[2][1] = "nope"
    invalid = FakeSpreadsheet({"名簿": broken, "設定": [["曜日", "someday"]]})
    early = sheet(設定=[["初回開始日", "2027-07-01"]])

    for name, spreadsheet in [("due", fresh), ("applied", done), ("partial", crashed),
                              ("invalid", invalid), ("not-started", early)]:  # fmt: skip
        yield f"home/{name}", cards.home_card(panel.overview(spreadsheet, D, language=language), v)
    no_roster = FakeSpreadsheet({"メモ": [["x"]]})
    yield "home/no-roster", cards.home_card(panel.overview(no_roster, D, language=language), v)
    started = panel.start(no_roster, D, language=language)
    yield "home/started", cards.home_card(started.overview, v)

    pinned = panel.propose(
        fresh, D, language=language, period_key="2027-Q1",
        change=PinChange(TOGETHER, ("sales01@example.jp", "cs01@example.jp")),
    )  # fmt: skip
    both = panel.propose(
        fresh, D, language=language, period_key="2027-Q1", pins=pinned.pins,
        change=PinChange(APART, ("sales02@example.jp", "cs02@example.jp", "dev02@example.jp")),
    )  # fmt: skip
    refused = panel.propose(
        fresh, D, language=language, period_key="2027-Q1", pins=both.pins,
        change=PinChange(TOGETHER, ("sales02@example.jp", "cs02@example.jp", "nobody")),
    )  # fmt: skip
    assert refused.pin_problems
    proposals = {
        "ready": panel.propose(fresh, D, language=language),
        "pinned": both,
        "refused-pin": refused,
        "another": panel.propose(fresh, D, language=language, variant=3, period_key="2027-Q1"),
        "upcoming": panel.propose(done, D, language=language),
        "resume": panel.propose(crashed, D, language=language),
        "invalid": panel.propose(invalid, D, language=language),
        "large": panel.propose(sheet({"sales": 40, "cs": 40, "dev": 30}), D, language=language),
    }
    for name, proposal in proposals.items():
        yield f"preview/{name}", cards.preview_card(proposal, v)
    changed = panel.apply(
        fresh, calendar, D, language=language, pins=both.pins, variant=0,
        period_key="2027-Q1", expect="0" * 16, owner="t",
    )  # fmt: skip
    assert changed.proposal is not None and changed.proposal.changed
    yield "preview/changed", cards.preview_card(changed.proposal, v)

    for name, proposal in between(language).items():
        yield f"preview/{name}", cards.preview_card(proposal, v)
    amending = panel.overview(between_sheet()[0], D, language=language)
    assert amending.changes
    yield "home/amending", cards.home_card(amending, v)
    amended = apply_shown(*between_sheet())
    assert amended.outcome.status == "amended"
    yield "result/amended", cards.result_card(amended, v)
    edited, calendar_then = between_sheet(edit=True)
    held = panel.apply(
        edited, calendar_then, D, language=language, pins=panel.Proposal("", "", "").pins,
        variant=0, period_key="2027-Q1", expect="0" * 16, owner="t",
    )  # fmt: skip
    assert held.outcome.warnings
    yield "result/held", cards.result_card(held, v)

    yield "result/applied", cards.result_card(applied, v)
    again = apply_shown(done, calendar)
    yield "result/upcoming-applied", cards.result_card(again, v)
    problems = [
        Problem("名簿", 4, "B", "x"),
        Problem("名簿", None, "C", "y"),
        Problem("設定", None, None, "z"),
    ]
    yield "problems", cards.problems_card(problems, v)

    view_now = panel.settings_view(invalid, language=language)
    yield "settings/plain", cards.settings_card(panel.settings_view(fresh, language=language), v)
    yield "settings/problems", cards.settings_card(view_now, v)
    saved = panel.save_settings(
        invalid, {"meeting_time": "25:00", "timezone": "Tokyo"}, language=language
    )
    yield (
        "settings/refused",
        cards.settings_card(
            saved.view,
            v,
            status="x",
            errors=saved.edit.field_problems(),
            entered={"meeting_time": "25:00", "timezone": "Tokyo"},
        ),
    )
    for title, text in [
        ("error.busy_title", "error.busy_text"),
        ("error.permission_title", "error.permission_text"),
        ("error.not_found_title", "error.not_found_text"),
        ("error.unavailable_title", "error.unavailable_text"),
        ("error.invalid_title", "error.no_user_token"),
        ("error.invalid_title", "error.stale_card"),
    ]:
        yield f"error/{text}", cards.error_card(v, title, text)
    yield (
        "error/unexpected",
        cards.error_card(
            v, "error.unexpected_title", "error.unexpected_text", ref="ab12cd34", detail="<boom>"
        ),
    )
    yield "access", cards.access_card(v)
    yield "not-sheets", cards.not_sheets_card(v)


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_card_is_valid_card_v1(language: str) -> None:
    seen = []
    for what, card in every_card(language):
        validate_card(card, what)
        validate_response(trigger(card), trigger=True)
        for how in ("push", UPDATE, ROOT):
            validate_response(navigate(card, how, notification="n"), trigger=False)
        for action in actions(card):
            assert action["function"].startswith(f"{BASE}/addon/"), what
        seen.append(what)
    assert len(seen) == 36


def test_the_file_access_request_is_valid() -> None:
    validate_response(request_file_access(), trigger=False)


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_cards_carry_no_text_of_the_other_language(language: str) -> None:
    japanese = re.compile(r"[\u3040-\u30ff]")  # kana: roster names here are "sales01 太郎"
    for what, card in every_card(language):
        labels = " ".join(_labels(card))
        assert bool(japanese.search(labels)) == (language == "ja"), (what, labels[:200])


def _labels(card: Any) -> Iterator[str]:
    """Texts written by aibou (titles, labels, buttons), not the user's data."""
    if isinstance(card, dict):
        for key, value in card.items():
            ours = key in ("title", "header", "topLabel", "label", "bottomLabel", "text")
            if ours and isinstance(value, str) and "太郎" not in value:
                yield value
            else:
                yield from _labels(value)
    elif isinstance(card, list):
        for item in card:
            yield from _labels(item)


def test_names_from_the_roster_are_escaped() -> None:
    rows = roster_rows({"sales": 2, "cs": 2, "dev": 2})
    rows[1][0] = "<b>Taro</b> & <script>"
    proposal = panel.propose(FakeSpreadsheet({"名簿": rows}), D, language="en")
    card = cards.preview_card(proposal, view("en"))
    texts = [
        w["decoratedText"]["text"]
        for s in card["sections"]
        for w in s["widgets"]
        if "decoratedText" in w
    ]
    assert any("&lt;b&gt;Taro&lt;/b&gt; &amp; &lt;script&gt;" in t for t in texts)
    assert not any("<script>" in t for t in texts)


def test_the_catalogue_is_complete_in_both_languages() -> None:
    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for key, entry in ADDON_MESSAGES.items():
        assert set(entry) == {"ja", "en"}, key
        assert fields(entry["ja"]) == fields(entry["en"]), key


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"commonEventObject": "SHEETS"},
        {"commonEventObject": {"parameters": {"a": 1}}},
        {"commonEventObject": {"formInputs": {"x": {"stringInputs": {"value": "a"}}}}},
        {"authorizationEventObject": {"systemIdToken": 42}},
        {"sheets": {"id": ["a"]}},
    ],
)
def test_what_is_not_an_event_object_is_refused(body: Any) -> None:
    with pytest.raises(BadEvent):
        parse(body)


def test_an_event_without_file_access_has_no_sheet() -> None:
    event = parse({"commonEventObject": {"hostApp": "SHEETS"}, "sheets": {}})
    assert not event.file_access and event.language == "ja" and not event.clicked
    denied = parse({"sheets": {"id": "x", "addonHasFileScopePermission": False}})
    assert not denied.file_access


@pytest.mark.parametrize(
    ("language", "label"),
    [("ja", "名簿と設定のタブを作る"), ("en", "Create the roster and settings tabs")],
)
def test_a_sheet_without_a_roster_is_offered_one(language: str, label: str) -> None:
    spreadsheet = FakeSpreadsheet({"メモ": [["x"]]})
    card = cards.home_card(panel.overview(spreadsheet, D, language=language), view(language))
    buttons = dict(_clickables(card))
    assert buttons[label]["function"] == f"{BASE}/addon/init"

    started = panel.start(spreadsheet, D, language=language)
    assert started.outcome.status == "created" and not started.outcome.problems
    assert list(spreadsheet.tabs) == [
        "メモ",
        "名簿" if language == "ja" else "Roster",
        "設定" if language == "ja" else "Settings",
    ]
    assert started.overview.has_roster
    card = cards.home_card(started.overview, view(language))
    assert label not in {text for text, _ in _clickables(card)}

    again = panel.start(spreadsheet, D, language=language)
    assert again.outcome.status == "invalid" and spreadsheet.writes == 1
