"""deploy/addon-deployment.json agrees with the code: scopes, routes, one base URL."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from aibou.google.auth import CALENDAR_SCOPES
from aibou.web.addon import ACTIONS
from tests.sidepanel import USER_SCOPES

DESCRIPTOR = Path(__file__).parents[2] / "deploy" / "addon-deployment.json"


def run_functions(value: object) -> list[str]:
    if isinstance(value, dict):
        found = [value["runFunction"]] if "runFunction" in value else []
        return found + [u for v in value.values() for u in run_functions(v)]
    if isinstance(value, list):
        return [u for v in value for u in run_functions(v)]
    return []


def test_the_scopes_are_the_narrowest_that_work() -> None:
    descriptor = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
    scopes = descriptor["oauthScopes"]
    assert scopes == list(USER_SCOPES)  # what the integration tests grant the user
    assert set(CALENDAR_SCOPES) <= set(scopes)
    assert "https://www.googleapis.com/auth/spreadsheets" not in scopes  # all sheets: too wide
    assert "https://www.googleapis.com/auth/drive.file" in scopes  # this file, once granted
    assert descriptor["addOns"]["common"]["useLocaleFromApp"] is True  # userLocale needs it


def test_the_triggers_point_at_existing_routes_on_one_base() -> None:
    descriptor = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
    urls = run_functions(descriptor)
    sheets = descriptor["addOns"]["sheets"]
    assert sheets["homepageTrigger"]["runFunction"].endswith("/addon/home")
    assert sheets["onFileScopeGrantedTrigger"]["runFunction"].endswith("/addon/granted")
    bases = {f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" for u in urls}
    assert bases == {"https://CHANGE-ME.appspot.com"}
    assert {urlsplit(u).path.removeprefix("/addon/") for u in urls} <= ACTIONS.keys()
    assert descriptor["addOns"]["httpOptions"] == {"authorizationHeader": "SYSTEM_ID_TOKEN"}
