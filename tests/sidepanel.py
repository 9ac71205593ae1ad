"""Drive the add-on as Google does: realistic event objects, signed tokens, clicks on cards.

:class:`SidePanel` keeps the card stack Sheets would show. It opens the panel (the homepage
trigger), clicks buttons by their label (posting the event to the URL and parameters the card
gave that button, as Google does), fills form fields, and checks every answer against the Card
v1 schema (:mod:`tests.cardschema`) and every button against the add-on's real routes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from flask.testing import FlaskClient

from aibou.web.addon import ACTIONS
from tests.cardschema import actions, validate_response
from tests.fakegoogle import FakeGoogle

__all__ = ["ADDON_SA", "BASE_URL", "USER_SCOPES", "SidePanel", "panel_app", "sheets_event"]

#: The add-on's system service account and the service's public URL in these tests.
ADDON_SA = "service-123456789012@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
BASE_URL = "https://aibou.example.com"


def panel_app(when: datetime, certs_url: str, **config: Any) -> Flask:
    """The service as Google's add-on reaches it in these tests: zero-wait wiring at ``when``,
    the add-on's system service account, this public URL, ID tokens checked against the fake's
    certificates (``certs_url``), and any more ``config``."""
    from aibou.web import create_app
    from tests.wiring import wired

    return create_app(
        wired(when, addon_service_account=ADDON_SA, public_url=BASE_URL, certs_url=certs_url,
              **config)
    )  # fmt: skip


#: What a user grants the add-on (deploy/addon-deployment.json).
USER_SCOPES = (
    "https://www.googleapis.com/auth/drive.file",
    "https://www.googleapis.com/auth/calendar.events.owned",
    "https://www.googleapis.com/auth/calendar.freebusy",
    "https://www.googleapis.com/auth/script.locale",
)


def sheets_event(
    *,
    system_id_token: str,
    user_token: str,
    spreadsheet_id: str | None,
    title: str = "相棒制度",
    locale: str | None = "ja",
    parameters: Mapping[str, str] | None = None,
    form: Mapping[str, Sequence[str]] | None = None,
    host_app: str = "SHEETS",
    user_id_token: str = "eyJ-user-id-token-not-verifiable",
) -> dict[str, Any]:
    """An event object as Google posts it from the Sheets side panel (HTTP runtime)."""
    common: dict[str, Any] = {
        "hostApp": host_app,
        "platform": "WEB",
        "timeZone": {"id": "Asia/Tokyo", "offset": 32400000},
    }
    if locale:
        common["userLocale"] = locale
    if parameters:
        common["parameters"] = dict(parameters)
    if form:
        common["formInputs"] = {
            name: {"stringInputs": {"value": list(values)}} for name, values in form.items()
        }
    sheets: dict[str, Any] = {"addonHasFileScopePermission": spreadsheet_id is not None}
    if spreadsheet_id is not None:
        sheets |= {"id": spreadsheet_id, "title": title}
    return {
        "commonEventObject": common,
        "authorizationEventObject": {
            "userOAuthToken": user_token,
            "userIdToken": user_id_token,
            "systemIdToken": system_id_token,
        },
        host_app.lower(): sheets if host_app == "SHEETS" else {},
    }


def _clickables(value: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(label, action) of every button in a card, depth first."""
    if isinstance(value, dict):
        on_click = value.get("onClick")
        text = value.get("text")
        if isinstance(text, str) and isinstance(on_click, dict) and "action" in on_click:
            yield text, on_click["action"]
        for item in value.values():
            yield from _clickables(item)
    elif isinstance(value, list):
        for item in value:
            yield from _clickables(item)


@dataclass
class SidePanel:
    """One user's side panel on one spreadsheet."""

    client: FlaskClient
    fake: FakeGoogle
    spreadsheet_id: str | None
    user_token: str
    locale: str | None = "ja"
    host_app: str = "SHEETS"
    #: The user's ID token Google sends (``userIdToken``); empty, a token nobody can verify.
    user_id_token: str = ""
    stack: list[dict[str, Any]] = field(default_factory=list)
    last: dict[str, Any] = field(default_factory=dict)

    @property
    def card(self) -> dict[str, Any]:
        return self.stack[-1]

    # --- what the user does ----------------------------------------------------------------

    def open(self) -> dict[str, Any]:
        """Open the side panel: the homepage trigger."""
        self.stack = []
        return self._send("/addon/home", {})

    def granted(self) -> dict[str, Any]:
        """The user allowed access to this file: the file-scope-granted trigger."""
        self.stack = []
        return self._send("/addon/granted", {})

    def click(self, label: str, form: Mapping[str, Sequence[str]] | None = None) -> dict[str, Any]:
        """Click the button labelled ``label`` on the top card, submitting ``form``."""
        matches = [a for text, a in _clickables(self.card) if text == label]
        if not matches:
            raise AssertionError(f"no button {label!r} on the card: {self.labels()}")
        return self.click_action(matches[0], form)

    def click_action(
        self, action: Mapping[str, Any], form: Mapping[str, Sequence[str]] | None = None
    ) -> dict[str, Any]:
        parameters = {p["key"]: p["value"] for p in action.get("parameters", [])}
        return self._send(urlsplit(action["function"]).path, parameters, form)

    def labels(self) -> list[str]:
        return [text for text, _ in _clickables(self.card)]

    def text(self) -> str:
        """Everything the top card says, as one string (for assertions)."""
        return " ".join(_strings(self.card))

    # --- what Google does ---------------------------------------------------------------

    def event(
        self,
        path: str,
        parameters: Mapping[str, str] | None = None,
        form: Mapping[str, Sequence[str]] | None = None,
        *,
        token: str | None = None,
    ) -> dict[str, Any]:
        return sheets_event(
            system_id_token=token or self.token(path),
            user_token=self.user_token,
            spreadsheet_id=self.spreadsheet_id,
            locale=self.locale,
            parameters=parameters,
            form=form,
            host_app=self.host_app,
            **({"user_id_token": self.user_id_token} if self.user_id_token else {}),
        )

    def token(self, path: str, **kwargs: Any) -> str:
        """The system ID token Google sends to ``path``: audience the URL, the add-on's account."""
        return self.fake.mint_id_token(BASE_URL + path, ADDON_SA, **kwargs)

    def post(self, path: str, event: Mapping[str, Any], *, header: str | None = None) -> Any:
        """POST ``event`` like Google: the system ID token also as the bearer header."""
        token = event["authorizationEventObject"].get("systemIdToken", "")
        headers = {"Authorization": header if header is not None else f"Bearer {token}"}
        return self.client.post(path, json=event, headers=headers)

    def _send(
        self,
        path: str,
        parameters: Mapping[str, str],
        form: Mapping[str, Sequence[str]] | None = None,
    ) -> dict[str, Any]:
        answer = self.post(path, self.event(path, parameters, form))
        assert answer.status_code == 200, (answer.status_code, answer.get_data(as_text=True))
        body = answer.get_json()
        validate_response(body, trigger=not parameters)
        for action in actions(body):
            url = urlsplit(action["function"])
            assert f"{url.scheme}://{url.netloc}" == BASE_URL, action["function"]
            assert url.path.removeprefix("/addon/") in ACTIONS, action["function"]
            assert not url.query, "an action URL is the token's audience: no query string"
        self.last = body
        render = body.get("renderActions", body)
        for navigation in render.get("action", {}).get("navigations", []):
            if navigation.get("popToRoot"):
                del self.stack[1:]
            if "pushCard" in navigation:
                self.stack.append(navigation["pushCard"])
            if "updateCard" in navigation:
                self.stack[-1:] = [navigation["updateCard"]]
        return body


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
