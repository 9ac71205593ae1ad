"""What an add-on endpoint answers (HTTP runtime): card navigations and host actions.

A trigger (homepage, file scope granted) answers a ``RenderActions`` object; a click on a card
answers a ``SubmitFormResponse`` whose ``renderActions`` holds the same. A ``navigations`` list
pushes a card, replaces the top one, or pops to the root first; ``hostAppAction`` asks Sheets to
show the file-access dialog (``drive.file`` for this spreadsheet only).
"""

from __future__ import annotations

from typing import Any

__all__ = ["PUSH", "ROOT", "UPDATE", "navigate", "request_file_access", "trigger"]

Json = dict[str, Any]
#: Put the card on top of the stack; replace the top card; go back to the root and replace it.
PUSH, UPDATE, ROOT = "push", "update", "root"


def trigger(card: Json) -> Json:
    """The answer to a homepage or file-scope-granted trigger: show ``card``."""
    return {"action": {"navigations": [{"pushCard": card}]}}


def navigate(card: Json, how: str = PUSH, *, notification: str = "") -> Json:
    """The answer to a click: show ``card`` as ``how`` says, with an optional toast."""
    if how == ROOT:
        navigations: list[Json] = [{"popToRoot": True}, {"updateCard": card}]
    else:
        navigations = [{"updateCard" if how == UPDATE else "pushCard": card}]
    action: Json = {"navigations": navigations}
    if notification:
        action["notification"] = {"text": notification}
    return {"renderActions": {"action": action}}


def request_file_access() -> Json:
    """Ask Sheets to show the dialog that grants aibou access to this spreadsheet."""
    return {
        "renderActions": {
            "hostAppAction": {"editorAction": {"requestFileScopeForActiveDocument": {}}}
        }
    }
