"""Validate what the add-on returns against the Card v1 schema Google publishes.

The card schemas (``GoogleAppsCardV1*``) come from the Chat API discovery document shipped in
google-api-python-client (``discovery_cache/documents/chat.v1.json``); nothing is copied, so a
newer pin brings a newer schema. The validator walks ``$ref``s and refuses unknown fields, wrong
JSON types, values outside an enum and out-of-range int32s. It also refuses what the document
says a Sheets side panel cannot show: widgets and fields marked for Google Chat apps only, or
for add-ons that extend Workspace Studio only.

The wrappers around cards (``renderActions``, ``action``, ``navigations``, ``hostAppAction``)
are not in that document; :data:`WRAPPERS` writes them down from Google's add-on reference
(``RenderActions``, ``SubmitFormResponse``, ``Navigation``, ``EditorClientAction``), in the same
discovery shape, and validates them the same way.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "KNOWN_ICONS",
    "CardSchemaError",
    "actions",
    "validate",
    "validate_card",
    "validate_response",
]

#: Google Workspace's built-in icons (``Icon.knownIcon``), from its "Built-in icons" list.
KNOWN_ICONS = frozenset(
    {
        "AIRPLANE", "BOOKMARK", "BUS", "CAR", "CLOCK", "CONFIRMATION_NUMBER_ICON", "DESCRIPTION",
        "DOLLAR", "EMAIL", "EVENT_PERFORMER", "EVENT_SEAT", "FLIGHT_ARRIVAL", "FLIGHT_DEPARTURE",
        "HOTEL", "HOTEL_ROOM_TYPE", "INVITE", "MAP_PIN", "MEMBERSHIP", "MULTIPLE_PEOPLE", "OFFER",
        "PERSON", "PHONE", "RESTAURANT_ICON", "SHOPPING_CART", "STAR", "STORE", "TICKET", "TRAIN",
        "VIDEO_CAMERA", "VIDEO_PLAY",
    }
)  # fmt: skip
_CHAT_ONLY = re.compile(r"\[Google Chat apps\]\(")
_ADD_ONS_TOO = re.compile(r"\[Google Workspace add-ons")
_NOT_IN_SIDE_PANEL = re.compile(
    r"Available for (Google Chat apps and )?Google Workspace add-ons that extend Google "
    r"Workspace Studio|Unavailable for Google Workspace add-ons",
    re.IGNORECASE,
)
_INT32 = (-(2**31), 2**31 - 1)

#: The wrappers of the add-on response, as Google's reference describes them.
WRAPPERS: dict[str, dict[str, Any]] = {
    "SubmitFormResponse": {
        "type": "object",
        "properties": {
            "renderActions": {"$ref": "RenderActions"},
            "stateChanged": {"type": "boolean"},
            "schema": {"type": "string"},
        },
    },
    "RenderActions": {
        "type": "object",
        "oneOf": ["action", "hostAppAction"],
        "properties": {
            "action": {"$ref": "RenderAction"},
            "hostAppAction": {"$ref": "HostAppActionMarkup"},
            "schema": {"type": "string"},
        },
    },
    "RenderAction": {
        "type": "object",
        "properties": {
            "navigations": {"type": "array", "items": {"$ref": "Navigation"}},
            "link": {"$ref": "GoogleAppsCardV1OpenLink"},
            "notification": {"$ref": "Notification"},
        },
    },
    "Navigation": {
        "type": "object",
        "oneOf": ["popToRoot", "pop", "popToCard", "pushCard", "updateCard"],
        "properties": {
            "popToRoot": {"type": "boolean"},
            "pop": {"type": "boolean"},
            "popToCard": {"type": "string"},
            "pushCard": {"$ref": "GoogleAppsCardV1Card"},
            "updateCard": {"$ref": "GoogleAppsCardV1Card"},
        },
    },
    "Notification": {"type": "object", "properties": {"text": {"type": "string"}}},
    "HostAppActionMarkup": {
        "type": "object",
        "oneOf": ["editorAction"],
        "properties": {"editorAction": {"$ref": "EditorClientActionMarkup"}},
    },
    "EditorClientActionMarkup": {
        "type": "object",
        "oneOf": ["requestFileScopeForActiveDocument"],
        "properties": {
            "requestFileScopeForActiveDocument": {"$ref": "RequestFileScopeForActiveDocument"}
        },
    },
    "RequestFileScopeForActiveDocument": {"type": "object", "properties": {}},
}


class CardSchemaError(AssertionError):
    """What is wrong, and where (a JSON path such as ``card.sections[0].widgets[2]``)."""


@cache
def schemas() -> dict[str, dict[str, Any]]:
    """The ``GoogleAppsCardV1*`` schemas (and what they reference) plus :data:`WRAPPERS`."""
    documents = resources.files("googleapiclient") / "discovery_cache" / "documents"
    chat = json.loads((documents / "chat.v1.json").read_text(encoding="utf-8"))
    return {**chat["schemas"], **WRAPPERS}


def _unavailable(description: str) -> bool:
    if _NOT_IN_SIDE_PANEL.search(description):
        return True
    return bool(_CHAT_ONLY.search(description)) and not _ADD_ONS_TOO.search(description)


def validate(value: Any, ref: str, path: str = "$") -> None:
    """Check ``value`` against the schema ``ref``; raise :class:`CardSchemaError` if it fails."""
    schema = schemas().get(ref)
    if schema is None:
        raise CardSchemaError(f"{path}: no schema {ref!r}")
    if _unavailable(schema.get("description", "")):
        raise CardSchemaError(f"{path}: {ref} is not available in a Sheets add-on")
    _check(value, schema, path)
    if ref == "GoogleAppsCardV1Icon" and value.get("knownIcon", "STAR") not in KNOWN_ICONS:
        raise CardSchemaError(f"{path}.knownIcon: {value['knownIcon']!r} is not a known icon")


def _check(value: Any, schema: dict[str, Any], path: str) -> None:
    if "$ref" in schema:
        validate(value, schema["$ref"], path)
        return
    kind = schema.get("type")
    if kind == "object":
        _object(value, schema, path)
    elif kind == "array":
        if not isinstance(value, list):
            raise CardSchemaError(f"{path}: expected an array, got {type(value).__name__}")
        for index, item in enumerate(value):
            _check(item, schema["items"], f"{path}[{index}]")
    elif kind == "string":
        if not isinstance(value, str):
            raise CardSchemaError(f"{path}: expected a string, got {value!r}")
        if "enum" in schema and value not in schema["enum"]:
            raise CardSchemaError(f"{path}: {value!r} is not one of {schema['enum']}")
    elif kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise CardSchemaError(f"{path}: expected an integer, got {value!r}")
        if schema.get("format") == "int32" and not _INT32[0] <= value <= _INT32[1]:
            raise CardSchemaError(f"{path}: {value} is out of the int32 range")
    elif kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise CardSchemaError(f"{path}: expected a number, got {value!r}")
    elif kind == "boolean":
        if not isinstance(value, bool):
            raise CardSchemaError(f"{path}: expected a boolean, got {value!r}")
    elif kind not in (None, "any"):
        raise CardSchemaError(f"{path}: the schema has an unknown type {kind!r}")


def _object(value: Any, schema: dict[str, Any], path: str) -> None:
    if not isinstance(value, dict):
        raise CardSchemaError(f"{path}: expected an object, got {type(value).__name__}")
    properties: dict[str, Any] = schema.get("properties", {})
    extra = schema.get("additionalProperties")
    for key, item in value.items():
        where = f"{path}.{key}"
        if key in properties:
            if _unavailable(properties[key].get("description", "")):
                raise CardSchemaError(f"{where}: not available in a Sheets add-on")
            _check(item, properties[key], where)
        elif extra is not None:
            _check(item, extra, where)
        else:
            raise CardSchemaError(f"{where}: unknown field (known: {sorted(properties)})")
    one_of = schema.get("oneOf")
    if one_of is not None and len([k for k in one_of if k in value]) != 1:
        raise CardSchemaError(f"{path}: exactly one of {one_of} is required")


def validate_card(card: Any, path: str = "card") -> None:
    validate(card, "GoogleAppsCardV1Card", path)


def validate_response(body: Any, *, trigger: bool) -> None:
    """A trigger's ``RenderActions``, or a click's ``SubmitFormResponse`` (cards included)."""
    if trigger:
        validate(body, "RenderActions", "$")
    else:
        validate(body, "SubmitFormResponse", "$")
        if "renderActions" not in body:
            raise CardSchemaError("$: a click's answer needs renderActions")


def actions(value: Any) -> list[dict[str, Any]]:
    """Every ``action`` (what a click posts) in a card or response, depth first."""
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if (
                key in ("action", "onChangeAction")
                and isinstance(item, dict)
                and "function" in item
            ):
                found.append(item)
            else:
                found.extend(actions(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(actions(item))
    return found
