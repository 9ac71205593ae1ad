"""Preview before commit: pins, seed, target period, and the fingerprint check on apply."""

from __future__ import annotations

import random
from datetime import date

import pytest

from aibou import panel
from aibou.domain.matching.engine import match
from aibou.domain.matching.preview import fingerprint
from aibou.domain.model import Person
from aibou.errors import AibouError, PinsUnsatisfiable
from aibou.panel.pins import APART, TOGETHER, Pins, PinsError, check
from aibou.service import Inputs, RotationPlan, load, plan_rotation, rotate, target_period
from tests.fakes import FakeCalendar, FakeSpreadsheet
from tests.rosters import roster_rows

D = date(2027, 1, 10)
FUNCTIONS = ("sales", "cs", "dev")


def sheet(counts: dict[str, int] | None = None) -> FakeSpreadsheet:
    return FakeSpreadsheet({"名簿": roster_rows(counts or {"sales": 4, "cs": 4, "dev": 4})})


def plan(inputs: Inputs, day: date, **pins: object) -> RotationPlan:
    return plan_rotation(inputs, target_period(inputs, day), day, **pins)  # type: ignore[arg-type]


def people(n: int = 4) -> list[Person]:
    return [Person(f"{f}{i}@x", f"{f}{i}", f) for f in FUNCTIONS for i in range(1, n + 1)]


def group_of(groups: list[tuple[Person, ...]], email: str) -> set[str]:
    return next({p.email for p in g} for g in groups if email in {p.email for p in g})


@pytest.mark.parametrize("seed", range(20))
def test_match_honours_together_and_apart(seed: int) -> None:
    together = [frozenset({"sales1@x", "sales2@x"})]
    apart = [frozenset({"cs1@x", "dev1@x", "dev2@x"})]
    groups = match(
        people(), [], functions=FUNCTIONS, rng=random.Random(seed), together=together, apart=apart
    )
    assert {"sales1@x", "sales2@x"} <= group_of(groups, "sales1@x")
    assert all(len({p.email for p in g} & apart[0]) <= 1 for g in groups)
    assert sorted(p.email for g in groups for p in g) == sorted(p.email for p in people())


def test_overlapping_together_pins_make_one_group() -> None:
    groups = match(
        people(4), [], functions=FUNCTIONS, rng=random.Random(0),
        together=[frozenset({"cs1@x", "cs2@x"}), frozenset({"cs2@x", "cs3@x"})],
    )  # fmt: skip
    assert any({"cs1@x", "cs2@x", "cs3@x"} <= {p.email for p in g} for g in groups)


@pytest.mark.parametrize(
    ("together", "apart"),
    [
        ([frozenset({"nobody@x", "cs1@x"})], []),  # not in the roster
        ([frozenset({"cs1@x", "cs2@x", "cs3@x", "cs4@x"})], []),  # more than a group holds
        ([frozenset({"cs1@x", "cs2@x"})], [frozenset({"cs1@x", "cs2@x"})]),  # contradiction
        ([], [frozenset({*(f"sales{i}@x" for i in range(1, 6)), "cs1@x"})]),  # 6 in 5 groups
    ],
    ids=["unknown", "oversized", "contradiction", "too-many-apart"],
)
def test_match_refuses_pins_it_cannot_honour(
    together: list[frozenset[str]], apart: list[frozenset[str]]
) -> None:
    with pytest.raises(PinsUnsatisfiable, match=r"."):
        match(
            people(5 if apart else 4),
            [],
            functions=FUNCTIONS,
            rng=random.Random(0),
            together=together,
            apart=apart,
        )


def test_pins_round_trip_and_refuse_what_is_not_theirs() -> None:
    pins = Pins().add(TOGETHER, ["B@x", "a@x"]).add(APART, ["c@x", "d@x", "e@x"])
    assert Pins.decode(pins.encode()) == pins
    assert pins.without(TOGETHER, 0).together == ()
    assert Pins().add(TOGETHER, ["only@x"]) == Pins()  # a pin needs two people
    for bad in ("not json", "[]", '{"x": []}', '{"t": "a@x"}', '{"t": [[1, 2]]}'):
        with pytest.raises(PinsError):
            Pins.decode(bad)


def test_check_explains_in_both_languages() -> None:
    roster = people(1)
    pins = Pins().add(TOGETHER, ["sales1@x", "cs1@x", "dev1@x", "ghost@x"])
    ja, en = check(pins, roster, [3], "ja"), check(pins, roster, [3], "en")
    assert len(ja) == len(en) == 2
    assert "ghost@x" in ja[0] and "名簿" in ja[0] and "roster" in en[0]
    assert "3" in en[1]


def test_plan_with_pins_is_deterministic() -> None:
    inputs = load(sheet().read())
    together = [frozenset({"sales01@example.jp", "sales02@example.jp"})]
    first = plan(inputs, D, together=together)
    assert first == plan(inputs, D, together=together)
    assert any(together[0] <= g.emails for g in first.groups)
    assert first.fingerprint == fingerprint(first.period.key, first.groups)
    assert plan(inputs, D, seed="another").fingerprint != first.fingerprint


def test_pins_that_cannot_be_honoured_are_aibous_own_error_not_a_value_error() -> None:
    inputs = load(sheet().read())
    with pytest.raises(PinsUnsatisfiable, match="nobody@x") as refused:
        plan(inputs, D, together=[frozenset({"nobody@x", "cs01@example.jp"})])
    assert isinstance(refused.value, AibouError) and not isinstance(refused.value, ValueError)


def applied(
    spreadsheet: FakeSpreadsheet, calendar: FakeCalendar, shown: panel.Proposal
) -> panel.Applied:
    assert shown.target is not None
    return panel.apply(
        spreadsheet, calendar, D, language="en", pins=shown.pins, variant=shown.variant,
        period_key=shown.target.period.key, expect=shown.fingerprint, owner="test",
    )  # fmt: skip


def test_apply_writes_exactly_the_previewed_plan() -> None:
    spreadsheet, calendar = sheet(), FakeCalendar()
    apart = Pins().add(APART, ["cs01@example.jp", "cs02@example.jp", "dev01@example.jp"])
    preview = panel.propose(
        spreadsheet, D, language="en", pins=apart, variant=1, period_key="2027-Q1"
    )
    assert preview.fingerprint == fingerprint(preview.target.period.key, preview.groups)  # type: ignore[union-attr]
    done = applied(spreadsheet, calendar, preview)
    assert done.outcome.status == "applied"
    assert [g.emails for g in done.outcome.groups] == [g.emails for g in preview.groups]
    again = applied(spreadsheet, calendar, preview)
    assert again.outcome.status == "already-applied" and spreadsheet.writes == 2


def test_a_changed_sheet_writes_nothing_and_says_changed() -> None:
    spreadsheet, calendar = sheet(), FakeCalendar()
    preview = panel.propose(spreadsheet, D, language="en")
    spreadsheet.tabs["名簿"].append(["新人 花子", "new@example.jp", "CS", "", ""])
    changed = applied(spreadsheet, calendar, preview)
    assert changed.outcome.status == "changed" and changed.proposal is not None
    assert "new@example.jp" in {e for g in changed.proposal.groups for e in g.emails}
    assert spreadsheet.writes == 0 and calendar.events == {}
    assert spreadsheet.locked_by is None


def test_someone_else_applied_meanwhile_is_changed_not_already_applied() -> None:
    spreadsheet, calendar = sheet(), FakeCalendar()
    mine = panel.propose(spreadsheet, D, language="en", variant=1, period_key="2027-Q1")
    rotate(spreadsheet, calendar, D)  # the scheduled run, with the default seed
    assert applied(spreadsheet, calendar, mine).outcome.status == "changed"


def test_target_plans_the_next_period_ahead_of_time() -> None:
    spreadsheet, calendar = sheet(), FakeCalendar()
    rotate(spreadsheet, calendar, D)
    shown = panel.propose(spreadsheet, D, language="en")
    ahead = applied(spreadsheet, calendar, shown).outcome
    assert ahead.status == "applied" and ahead.period.key == "2027-Q2"  # type: ignore[union-attr]
    assert list(spreadsheet.tabs) == ["名簿", "相棒 2027-Q1", "相棒 2027-Q2"]
    event = calendar.events[ahead.event_ids[1]]
    assert event.start.date() >= date(2027, 4, 1)
    written_on = spreadsheet.tabs["相棒 2027-Q2"][-1]
    assert written_on[-1] == D.isoformat()  # written today, not on the target day
    # the scheduled run on the first day of Q2 finds it done
    assert rotate(spreadsheet, calendar, date(2027, 4, 1)).status == "already-applied"


def test_load_words_problems_in_the_requested_language() -> None:
    rows = roster_rows({"sales": 2, "cs": 2, "dev": 2})
    rows[2][1] = "broken"
    spreadsheet = FakeSpreadsheet({"名簿": rows, "設定": [["曜日", "someday"]]})
    ja, en = load(spreadsheet.read()), load(spreadsheet.read(), language="en")
    assert [(p.tab, p.row, p.column) for p in ja.problems] == [
        (p.tab, p.row, p.column) for p in en.problems
    ]
    assert "メール" in ja.roster.problems[0].message
    assert "email" in en.roster.problems[0].message and "weekday" in en.problems[0].message
    assert en.settings.language == "ja"  # the sheet's own language is untouched
