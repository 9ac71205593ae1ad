"""Card v1 JSON, one small builder per widget (``google.apps.card.v1``, as add-ons render it).

Text that add-ons render as HTML (text paragraphs, decorated text) is escaped unless it is an
:class:`Html` value, so a roster name like ``<b>Taro</b>`` shows as typed. Labels, button texts
and input values are plain text and are passed as they are.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = [
    "ERROR_COLOR",
    "Html",
    "action",
    "bold",
    "button",
    "buttons",
    "card",
    "colored",
    "decorated",
    "divider",
    "footer",
    "header",
    "join",
    "open_link",
    "paragraph",
    "section",
    "selection",
    "switch",
    "text_input",
]

Json = dict[str, Any]
#: Google's error red and a calm grey, for text that must stand out or step back.
ERROR_COLOR, MUTED_COLOR = "#d93025", "#5f6368"


class Html(str):
    """Markup that is already safe: the builders put it in as it is."""

    __slots__ = ()


def _html(value: str) -> str:
    return value if isinstance(value, Html) else html.escape(value, quote=False)


def bold(value: str) -> Html:
    return Html(f"<b>{_html(value)}</b>")


def colored(value: str, color: str = ERROR_COLOR) -> Html:
    return Html(f'<font color="{color}">{_html(value)}</font>')


def join(parts: Iterable[str], separator: str = "<br>") -> Html:
    """Parts escaped as needed and joined by ``separator`` (markup)."""
    return Html(separator.join(_html(p) for p in parts))


def paragraph(text: str) -> Json:
    return {"textParagraph": {"text": _html(text)}}


def decorated(
    text: str,
    *,
    top: str | None = None,
    bottom: str | None = None,
    button: Json | None = None,
    icon: str | None = None,
) -> Json:
    """A ``decoratedText``: wrapped ``text`` with optional labels, a known icon and a button."""
    widget: Json = {"text": _html(text), "wrapText": True}
    if top:
        widget["topLabel"] = top
    if bottom:
        widget["bottomLabel"] = bottom
    if icon:
        widget["startIcon"] = {"knownIcon": icon}
    if button:
        widget["button"] = button
    return {"decoratedText": widget}


def divider() -> Json:
    return {"divider": {}}


def action(function: str, parameters: Mapping[str, str] | None = None) -> Json:
    """An action that POSTs the event to ``function`` (an endpoint URL) with ``parameters``."""
    result: Json = {"function": function, "loadIndicator": "SPINNER"}
    if parameters:
        result["parameters"] = [{"key": k, "value": v} for k, v in parameters.items()]
    return result


def open_link(url: str) -> Json:
    return {"openLink": {"url": url, "openAs": "FULL_SIZE", "onClose": "NOTHING"}}


def button(
    text: str,
    *,
    on_click: Json | None = None,
    url: str | None = None,
    filled: bool = False,
    disabled: bool = False,
) -> Json:
    """A text button that runs ``on_click`` (see :func:`action`) or opens ``url``."""
    result: Json = {"text": text, "type": "FILLED" if filled else "OUTLINED"}
    if url:
        result["onClick"] = open_link(url)
    elif on_click:
        result["onClick"] = {"action": on_click}
    if disabled:
        result["disabled"] = True
    return result


def buttons(*items: Json | None) -> Json:
    return {"buttonList": {"buttons": [b for b in items if b]}}


def text_input(
    name: str,
    label: str,
    value: str = "",
    *,
    hint: str = "",
    suggestions: Sequence[str] = (),
    integer: bool = False,
) -> Json:
    widget: Json = {"name": name, "label": label, "type": "SINGLE_LINE", "value": value}
    if hint:
        widget["hintText"] = hint
    if suggestions:
        widget["initialSuggestions"] = {"items": [{"text": s} for s in suggestions]}
    if integer:
        widget["validation"] = {"inputType": "INTEGER"}
    return {"textInput": widget}


def selection(
    name: str,
    label: str,
    items: Iterable[tuple[str, str, bool]],
    *,
    kind: str = "DROPDOWN",
    max_selected: int | None = None,
) -> Json:
    """A ``selectionInput`` of ``kind`` with ``(text, value, selected)`` items (100 at most)."""
    widget: Json = {
        "name": name,
        "label": label,
        "type": kind,
        "items": [{"text": t, "value": v, "selected": s} for t, v, s in items],
    }
    if max_selected is not None:
        widget["multiSelectMaxSelectedItems"] = max_selected
    return {"selectionInput": widget}


def switch(name: str, text: str, *, on: bool) -> Json:
    """A switch inside a decorated text; the form carries ``name`` = ``"on"`` only when on."""
    return {
        "decoratedText": {
            "text": _html(text),
            "wrapText": True,
            "switchControl": {
                "name": name,
                "value": "on",
                "selected": on,
                "controlType": "SWITCH",
            },
        }
    }


def section(
    widgets: Iterable[Json], header: str = "", *, collapsible_after: int | None = None
) -> Json:
    """A section; with ``collapsible_after``, only that many widgets show until expanded."""
    items = list(widgets)
    result: Json = {"widgets": items}
    if header:
        result["header"] = header
    if collapsible_after is not None and len(items) > collapsible_after:
        result["collapsible"] = True
        result["uncollapsibleWidgetsCount"] = collapsible_after
    return result


def header(title: str, subtitle: str = "") -> Json:
    result: Json = {"title": title}
    if subtitle:
        result["subtitle"] = subtitle
    return result


def footer(primary: Json, secondary: Json | None = None) -> Json:
    result: Json = {"primaryButton": primary}
    if secondary:
        result["secondaryButton"] = secondary
    return result


def card(
    name: str, title: Json, sections: Iterable[Json | None], bottom: Json | None = None
) -> Json:
    """A card named ``name`` (for navigation), with a header, sections and a fixed footer."""
    result: Json = {
        "name": name,
        "header": title,
        "sections": [s for s in sections if s and s.get("widgets")],
    }
    if bottom:
        result["fixedFooter"] = bottom
    return result
