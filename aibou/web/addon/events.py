"""The add-on's event object (HTTP runtime), parsed into what the routes need.

Google POSTs one JSON event per trigger or click: ``commonEventObject`` (``hostApp``,
``userLocale``, ``timeZone``, ``parameters`` of the clicked action, ``formInputs``),
``authorizationEventObject`` (``systemIdToken``, ``userOAuthToken``, ``userIdToken``: the
user's Google ID token, whose verified ``email`` says who they are; see
:mod:`aibou.web.addon.security`) and, in Sheets, ``sheets``
(``id`` and ``title`` only once the user granted the add-on access to this file, with
``addonHasFileScopePermission``).

Language: ``userLocale`` ``ja*`` gives Japanese, ``en*`` English, any other locale English (a
colleague who set their Google account to French or Korean reads English more readily than
Japanese); with no locale (the ``script.locale`` scope not granted) the company default,
Japanese, as everywhere in aibou.

Every size a client controls is bounded, and an event past a bound is refused as a whole
(:class:`BadEvent`, a 400): how many parameters and form fields, how many values a field submits,
and how long each string is. The longest legitimate parameter is the pins
(:data:`~aibou.panel.pins.MAX_ENCODED_CHARS`); the longest form value, a settings field such as
``closed_days`` (a year of dates is about 1,300 characters) or the pin picker's text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aibou.panel.pins import MAX_ENCODED_CHARS

__all__ = ["AddonEvent", "BadEvent", "language_of", "parse"]

SHEETS = "SHEETS"
#: Most action parameters (aibou's cards set at most nine) and form fields (the settings card
#: has sixteen).
MAX_PARAMETERS, MAX_FORM_INPUTS = 32, 64
#: Longest action parameter (the pins, see :mod:`aibou.panel.pins`).
MAX_PARAMETER_CHARS = MAX_ENCODED_CHARS
#: Most values one form field submits (a multiselect of at most 100 items) and their length.
MAX_FORM_VALUES, MAX_FORM_VALUE_CHARS = 100, 4096
#: Longest other string (host, locale, ids, the spreadsheet's title, and tokens, which are
#: about 1-2 KB).
MAX_STRING_CHARS = 8192


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
    user_id_token: str = ""
    #: The user's e-mail, once :mod:`~aibou.web.addon.security` verified their ID token; empty
    #: for a user aibou does not know (no token, or one that failed).
    user: str = ""
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


def _string(value: Any, where: str, limit: int = MAX_STRING_CHARS) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadEvent(f"{where} is not a string")
    if len(value) > limit:
        raise BadEvent(f"{where} is longer than {limit} characters")
    return value


def _bounded(inputs: Mapping[str, Any], where: str, limit: int) -> Mapping[str, Any]:
    if len(inputs) > limit:
        raise BadEvent(f"{where} has more than {limit} entries")
    if any(len(str(key)) > MAX_STRING_CHARS for key in inputs):
        raise BadEvent(f"{where} has a key longer than {MAX_STRING_CHARS} characters")
    return inputs


def _form(inputs: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    form: dict[str, tuple[str, ...]] = {}
    for name, value in _bounded(inputs, "formInputs", MAX_FORM_INPUTS).items():
        strings = _object(_object(value, "formInputs.*").get("stringInputs"), "stringInputs")
        values = strings.get("value", [])
        if not isinstance(values, list) or len(values) > MAX_FORM_VALUES:
            raise BadEvent("formInputs.*.stringInputs.value is not a list of strings")
        form[str(name)] = tuple(
            _string(v, "formInputs.*.stringInputs.value", MAX_FORM_VALUE_CHARS) for v in values
        )
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
        user_id_token=_string(auth.get("userIdToken"), "userIdToken"),
        spreadsheet_id=spreadsheet_id,
        spreadsheet_title=_string(sheets.get("title"), "sheets.title"),
        file_access=bool(spreadsheet_id) and granted is not False,
        parameters={
            str(k): _string(v, "commonEventObject.parameters.*", MAX_PARAMETER_CHARS)
            for k, v in _bounded(parameters, "commonEventObject.parameters", MAX_PARAMETERS).items()
        },
        form=_form(_object(common.get("formInputs"), "commonEventObject.formInputs")),
    )
