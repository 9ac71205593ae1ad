"""Invitations that carry on a rotation when its recorded organiser cannot be acted as (attack
review of issue 11, DESIGN.md §7). Real gspread and Calendar clients against the fake Google
server.

An amendment the run may not make as the recorded owner is refused, naming
``AIBOU_FORMER_DELEGATED_USERS`` (test_google_organiser.py). The invitations a queued task or a
stopped run still has to send use :func:`aibou.service.organiser.acting` too, but nothing checks
what it returns: after a handover without the former user listed, they go out as the new
delegated user into *their* ``primary``, so one rotation's series end up split between two
people's calendars, and the groups in the wrong one can no longer be amended by anybody.
"""

from __future__ import annotations

import pytest

from aibou.panel.pins import Pins
from aibou.panel.proposal import apply as panel_apply
from aibou.panel.proposal import propose
from tests.fakegoogle.pytest_plugin import GoogleEnv
from tests.integration.test_google_organiser import (
    DAY,
    NEW,
    OPS,
    QUEUE,
    fan_out_app,
    scheduler_token,
)
from tests.rosters import roster_rows
from tests.sidepanel import USER_SCOPES
from tests.wiring import wired

REASON = (
    "invite_chunk (aibou/service/fanout.py:100-102) and a resumed run (aibou/service/rotate.py"
    ":378-380) take acting()'s fallback without refusal(): invites go out as another user"
)


@pytest.fixture
def env(google_env: GoogleEnv, monkeypatch: pytest.MonkeyPatch) -> GoogleEnv:
    monkeypatch.setenv("AIBOU_DELEGATED_USER", OPS)
    for user in (OPS, NEW):
        google_env.fake.add_calendar(user, time_zone="Asia/Tokyo")
    return google_env


def test_a_queued_invitation_is_not_sent_as_someone_the_tab_does_not_name(
    env: GoogleEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = env.fake
    fake.add_queue(QUEUE)
    sheet = fake.create_spreadsheet(
        "相棒制度", {"名簿": roster_rows({"sales": 3, "cs": 3, "dev": 3})}, owner=OPS
    )
    fake.share(sheet, NEW)
    answer = fan_out_app(env, sheet).post("/tasks/rotate", headers=scheduler_token(fake))
    assert answer.json["status"] == "applied" and fake.events(OPS) == []
    # handed over before the task ran, and the former user was not listed
    monkeypatch.setenv("AIBOU_DELEGATED_USER", NEW)
    fake.clear_log()

    fake.deliver_all(QUEUE, fan_out_app(env, sheet))

    assert fake.events(NEW) == []  # never in the calendar of someone the tab does not name
    assert {r.identity for r in fake.requests("POST", r"/events$")} <= {OPS}


def test_the_side_panel_does_not_carry_on_someone_elses_rotation_in_its_users_calendar(
    env: GoogleEnv,
) -> None:
    fake = env.fake
    fake.add_queue(QUEUE)
    sheet = fake.create_spreadsheet(
        "相棒制度", {"名簿": roster_rows({"sales": 3, "cs": 3, "dev": 3})}, owner=OPS
    )
    fake.share(sheet, NEW)
    answer = fan_out_app(env, sheet).post("/tasks/rotate", headers=scheduler_token(fake))
    assert answer.json["status"] == "applied"  # the tab, organised by OPS; no invite sent yet
    fake.add_user_token("ya29.new", NEW, list(USER_SCOPES))
    spreadsheet, calendar = wired().google(sheet, token="ya29.new", user=NEW)
    seen = propose(spreadsheet, DAY, language="ja")
    fake.clear_log()

    done = panel_apply(
        spreadsheet, calendar, DAY, language="ja", pins=Pins(), variant=0,
        period_key=seen.target.period.key, expect=seen.fingerprint, owner=NEW,
    )  # fmt: skip

    assert fake.events(NEW) == []  # OPS's rotation is not carried on in NEW's calendar
    assert done.outcome.status != "applied" or fake.requests("POST", r"/events$") == []
