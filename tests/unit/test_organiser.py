"""Who may amend a rotation (DESIGN.md §7): its recorded owner only, and the deployment acts as
a former organiser only when told it may (the record is in the sheet, which editors can change)."""

from __future__ import annotations

import pytest

from aibou.domain.sheet.digest import Written
from aibou.service.organiser import Organiser, acting, refusal
from aibou.wiring import Config, ConfigError, GoogleConfig, Wiring
from tests.fakes import FakeCalendar


def as_user(email: str) -> FakeCalendar:
    calendar = FakeCalendar()
    calendar.owner = email
    return calendar


def test_only_the_recorded_owner_may_change_the_events() -> None:
    organiser = Organiser.of(Written().organised("primary", "Hanako@X.jp"), "other")
    assert refusal("t", organiser, as_user("hanako@x.jp"), "en") is None
    refused = refusal("t", organiser, as_user("taro@x.jp"), "en")
    assert refused is not None and "hanako@x.jp" in refused.message and refused.row == 1
    assert refusal("t", organiser, as_user(""), "en") is not None  # nobody known: refused
    hidden = refusal("t", organiser, as_user("taro@x.jp"), "ja", delegating=True)
    assert hidden is not None and "hanako" not in hidden.message


def test_a_tab_without_a_record_keeps_todays_behaviour() -> None:
    organiser = Organiser.of(None, "primary")
    assert organiser == Organiser("primary") and organiser.text("ja") == ""
    assert refusal("t", organiser, as_user("anyone@x.jp"), "ja") is None


def test_acting_switches_to_the_owner_only_where_the_door_can() -> None:
    mine, theirs = as_user("taro@x.jp"), as_user("hanako@x.jp")
    organiser = Organiser("primary", "hanako@x.jp")
    assert acting(mine, organiser, lambda email: theirs) is theirs
    assert acting(mine, organiser, lambda email: None) is mine
    assert acting(mine, organiser, None) is mine
    assert acting(theirs, organiser, lambda email: mine) is theirs


def test_the_deployment_acts_only_as_the_organisers_it_names() -> None:
    env = {"AIBOU_DELEGATED_USER": "New@x.jp", "AIBOU_FORMER_DELEGATED_USERS": "old@x.jp, "}
    google = GoogleConfig.from_env(env)
    assert google.organisers == {"new@x.jp", "old@x.jp"}
    wired = Wiring(Config(google=google))
    assert wired.calendar_as("someone@x.jp") is None
    with pytest.raises(ConfigError, match="AIBOU_FORMER_DELEGATED_USERS"):
        GoogleConfig.from_env({"AIBOU_FORMER_DELEGATED_USERS": "not-an-address"})
