"""The Card v1 validator itself: it must refuse what Google would refuse."""

from __future__ import annotations

from typing import Any

import pytest

from tests.cardschema import CardSchemaError, schemas, validate_card, validate_response

GOOD: dict[str, Any] = {
    "name": "home",
    "header": {"title": "相棒制度", "subtitle": "x"},
    "sections": [
        {
            "header": "今期",
            "collapsible": True,
            "uncollapsibleWidgetsCount": 1,
            "widgets": [
                {"textParagraph": {"text": "<b>hi</b>"}},
                {
                    "decoratedText": {
                        "text": "t",
                        "startIcon": {"knownIcon": "CLOCK"},
                        "button": {
                            "text": "go",
                            "onClick": {"openLink": {"url": "https://x", "openAs": "FULL_SIZE"}},
                        },
                    }
                },
                {
                    "selectionInput": {
                        "name": "n",
                        "label": "l",
                        "type": "MULTI_SELECT",
                        "multiSelectMaxSelectedItems": 3,
                        "items": [{"text": "a", "value": "a", "selected": False}],
                    }
                },
            ],
        }
    ],
    "fixedFooter": {
        "primaryButton": {
            "text": "ok",
            "type": "FILLED",
            "onClick": {
                "action": {
                    "function": "https://x/addon/home",
                    "parameters": [{"key": "k", "value": "v"}],
                }
            },
        }
    },
}


def test_the_schemas_come_from_the_discovery_document() -> None:
    assert "GoogleAppsCardV1Card" in schemas() and "GoogleAppsCardV1Widget" in schemas()
    validate_card(GOOD)


def broken(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    import copy

    card = copy.deepcopy(GOOD)
    target = card
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return card


W = ("sections", 0, "widgets")


@pytest.mark.parametrize(
    ("card", "error"),
    [
        (broken(("title",), "x"), "unknown field"),
        (broken(("header", "title"), 3), "expected a string"),
        (broken(("sections", 0, "collapsible"), "yes"), "expected a boolean"),
        (broken(("sections", 0, "uncollapsibleWidgetsCount"), 1.5), "expected an integer"),
        (broken(("sections", 0, "uncollapsibleWidgetsCount"), 2**40), "int32"),
        (broken((*W, 0, "textParagraph", "txt"), "x"), "unknown field"),
        (broken((*W, 2, "selectionInput", "type"), "COMBO"), "is not one of"),
        (broken((*W, 1, "decoratedText", "startIcon", "knownIcon"), "ROCKET"), "not a known"),
        (broken((*W, 1, "decoratedText", "button", "onClick"), []), "expected an object"),
        (broken((*W, 0), {"carousel": {"carouselCards": []}}), "not available"),
        (broken((*W, 1, "decoratedText", "topLabelText"), {"text": "x"}), "not available"),
        (broken((*W, 1, "decoratedText", "startIcon"), {"materialIcon": {"name": "x"}}), "not"),
        (broken((*W, 0, "visibility"), "HIDDEN"), "not available"),
        (broken(("sections",), {"widgets": []}), "expected an array"),
    ],
    ids=[
        "unknown-card-field", "title-not-string", "bool-as-string", "float-count", "int32",
        "unknown-widget-field", "bad-enum", "unknown-icon", "wrong-container", "chat-only-widget",
        "chat-only-field", "material-icon", "studio-only-field", "object-for-array",
    ],
)  # fmt: skip
def test_what_google_refuses_is_refused(card: dict[str, Any], error: str) -> None:
    with pytest.raises(CardSchemaError, match=error):
        validate_card(card)


def test_the_wrappers_follow_googles_reference() -> None:
    validate_response({"action": {"navigations": [{"pushCard": GOOD}]}}, trigger=True)
    validate_response(
        {
            "renderActions": {
                "action": {
                    "navigations": [{"popToRoot": True}, {"updateCard": GOOD}],
                    "notification": {"text": "saved"},
                }
            }
        },
        trigger=False,
    )
    validate_response(
        {
            "renderActions": {
                "hostAppAction": {"editorAction": {"requestFileScopeForActiveDocument": {}}}
            }
        },
        trigger=False,
    )
    for wrong, trigger in [
        ({"renderActions": {"action": {"navigations": [{"pushCard": GOOD}]}}}, True),
        ({"action": {"navigations": [{"pushCard": GOOD}]}}, False),
        ({"action": {"navigations": [{"pushCard": GOOD, "popToRoot": True}]}}, True),
        ({"action": {"navigation": [{"pushCard": GOOD}]}}, True),
        ({"action": {"navigations": [{"pushCard": {"sections": "x"}}]}}, True),
        ({"renderActions": {"hostAppAction": {"editorAction": {"requestFileScope": {}}}}}, False),
    ]:
        with pytest.raises(CardSchemaError):
            validate_response(wrong, trigger=trigger)
