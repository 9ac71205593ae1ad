"""The add-on's event object (HTTP runtime), parsed into what the routes need.

Google POSTs one JSON event per trigger or click: ``commonEventObject`` (``hostApp``,
``userLocale``, ``timeZone``, ``parameters`` of the clicked action, ``formInputs``),
``authorizationEventObject`` (``systemIdToken``, ``userOAuthToken``) and, in Sheets, ``sheets``
(``id`` and ``title`` only once the user granted the add-on access to this file, with
``addonHasFileScopePermission``).

Language: ``userLocale`` ``ja*`` gives Japanese, ``en*`` English, any other locale English (a
colleague who set their Google account to French or Korean reads English more readily than
Japanese); with no locale (the ``script.locale`` scope not granted) the company default,
Japanese, as everywhere in aibou.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["AddonEvent", "BadEvent", "language_of", "parse"]

SHEETS = "SHEETS"


class BadEvent(ValueError):
    """The request body is not an add-on event object."""


def language_of(locale: str | None) -> str:
    """The panel's language for a ``userLocale``.

    >>> [language_of(x) for x in ("ja", "ja-JP", "en-GB", "fr-FR", "", None)]
    ['ja', 'ja', 'en', 'en', 'ja', 'ja']
    """
    if not locale:
        return "ja"
    return "ja" if locale.lower().replace("_", "-").split("-")[0] == "ja" else "en"


@dataclass(frozen=True)
class AddonEvent:
    """One event from Google, reduced to what aibou uses."""

    host_app: str
    language: str
    system_id_token: str = ""
    user_oauth_token: str = ""
    spreadsheet_id: str = ""
    spreadsheet_title: str = ""
    file_access: bool = False
    parameters: Mapping[str, str] = field(default_factory=dict)
    form: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def in_sheets(self) -> bool:
        return self.host_app == SHEETS

    @property
    def clicked(self) -> bool:
        """A click on one of aibou's cards (its actions always carry parameters)."""
        return bool(self.parameters)

    def param(self, key: str, default: str = "") -> str:
        return self.parameters.get(key, default)

    def values(self, name: str) -> tuple[str, ...]:
        """The strings the form field ``name`` submitted (empty when it was left out)."""
        return self.form.get(name, ())

    def value(self, name: str, default: str = "") -> str:
        found = self.values(name)
        return found[0] if found else default


def _object(value: Any, where: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise BadEvent(f"{where} is not an object")
    return value


def _string(value: Any, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadEvent(f"{where} is not a string")
    return value


def _form(inputs: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    form: dict[str, tuple[str, ...]] = {}
    for name, value in inputs.items():
        strings = _object(_object(value, f"formInputs.{name}").get("stringInputs"), name)
        values = strings.get("value", [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise BadEvent(f"formInputs.{name}.stringInputs.value is not a list of strings")
        form[name] = tuple(values)
    return form


def parse(body: Any) -> AddonEvent:
    """The :class:`AddonEvent` in a decoded JSON ``body``; :class:`BadEvent` if it is not one.

    >>> event = parse({"commonEventObject": {"hostApp": "SHEETS", "userLocale": "en-US",
    ...     "parameters": {"pins": ""}}, "authorizationEventObject": {"systemIdToken": "t"},
    ...     "sheets": {"id": "abc", "title": "相棒", "addonHasFileScopePermission": True}})
    >>> event.language, event.spreadsheet_id, event.file_access, event.clicked
    ('en', 'abc', True, True)
    """
    event = _object(body, "the event")
    common = _object(event.get("commonEventObject"), "commonEventObject")
    auth = _object(event.get("authorizationEventObject"), "authorizationEventObject")
    sheets = _object(event.get("sheets"), "sheets")
    parameters = _object(common.get("parameters"), "commonEventObject.parameters")
    spreadsheet_id = _string(sheets.get("id"), "sheets.id")
    granted = sheets.get("addonHasFileScopePermission")
    return AddonEvent(
        host_app=_string(common.get("hostApp"), "commonEventObject.hostApp"),
        language=language_of(_string(common.get("userLocale"), "commonEventObject.userLocale")),
        system_id_token=_string(auth.get("systemIdToken"), "systemIdToken"),
        user_oauth_token=_string(auth.get("userOAuthToken"), "userOAuthToken"),
        spreadsheet_id=spreadsheet_id,
        spreadsheet_title=_string(sheets.get("title"), "sheets.title"),
        file_access=bool(spreadsheet_id) and granted is not False,
        parameters={str(k): _string(v, f"parameters.{k}") for k, v in parameters.items()},
        form=_form(_object(common.get("formInputs"), "commonEventObject.formInputs")),
    )
