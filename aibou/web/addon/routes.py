"""``POST /addon/<action>``: the Sheets side panel (Google Workspace add-on, HTTP runtime).

Each request is checked first (Google's system ID token for exactly this URL, see
:mod:`aibou.web.addon.security`): a request that fails gets 401/403 and nothing is read. Then
each action parses the event, calls one service function of :mod:`aibou.panel` as the user, and
renders a card. Mistakes and Google's refusals become cards that say what to do, never a 500.

Actions: ``home`` (homepage trigger, and "Home" buttons), ``granted`` (file access granted),
``file-access`` (ask for it), ``preview``, ``apply``, ``init`` (a roster and Settings tab on a
sheet without a roster), ``settings``, ``save-settings``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from aibou import panel
from aibou.errors import AibouError, Busy, NotFound, PermissionDenied, Unavailable
from aibou.panel.pins import PinChange, Pins, PinsError
from aibou.panel.settings_form import EDITABLE
from aibou.service import BUSY, ERROR, INVALID
from aibou.web import wiring
from aibou.web.addon import cards
from aibou.web.addon.events import AddonEvent
from aibou.web.addon.responses import PUSH, ROOT, UPDATE, navigate, request_file_access, trigger
from aibou.web.addon.security import admit
from aibou.web.logs import log
from aibou.wiring import Config

__all__ = ["ACTIONS", "blueprint"]

blueprint = Blueprint("addon", __name__)
Json = dict[str, Any]


class _NoAccess(Exception):
    """The event has no spreadsheet: the user has not granted aibou access to this file."""


class _NoToken(Exception):
    """The event carries no user OAuth token."""


class _StaleCard(Exception):
    """A card parameter that is not ours (from an old or tampered card)."""


def _number(event: AddonEvent, key: str) -> int:
    """The whole-number parameter ``key`` of the clicked card (0 when absent)."""
    value = event.param(key) or "0"
    if not (value.isascii() and value.isdigit()) or len(value) > 6:
        raise _StaleCard(f"parameter {key!r} is not a small number")
    return int(value)


def _sheet_id(event: AddonEvent) -> str:
    if not event.in_sheets or not event.file_access:
        raise _NoAccess
    if not event.user_oauth_token:
        raise _NoToken
    return event.spreadsheet_id


def _show(event: AddonEvent, card: Json, how: str = PUSH, notification: str = "") -> Json:
    """A trigger gets ``card`` as its card; a click gets it as ``how`` (or its ``nav``) says."""
    if not event.clicked:
        return trigger(card)
    return navigate(card, event.param("nav", how), notification=notification)


# --- the actions --------------------------------------------------------------------------


def home(event: AddonEvent, view: cards.View) -> Json:
    if not event.in_sheets:
        return _show(event, cards.not_sheets_card(view))
    if not event.file_access:
        return _show(event, cards.access_card(view))
    wired = wiring()
    facts = panel.overview(
        wired.google_sheet(_sheet_id(event), event.user_oauth_token),
        wired.clock(),
        language=view.language,
        templates=wired.templates,
    )
    return _show(event, cards.home_card(facts, view), ROOT)


def file_access(event: AddonEvent, view: cards.View) -> Json:
    return request_file_access()


def preview(event: AddonEvent, view: cards.View) -> Json:
    wired = wiring()
    spreadsheet = wired.google_sheet(_sheet_id(event), event.user_oauth_token)
    op, kind = event.param("op"), event.param("kind")
    change = None
    if op == "add":
        change = PinChange(kind, event.values(cards.PIN_FIELD))
    elif op == "remove":
        change = PinChange(kind, remove=_number(event, "index"))
    proposal = panel.propose(
        spreadsheet,
        wired.clock(),
        language=view.language,
        pins=Pins.decode(event.param("pins")),
        variant=_number(event, "variant"),
        period_key=event.param("period") or None,
        change=change,
        templates=wired.templates,
    )
    return _show(event, cards.preview_card(proposal, view))


def apply(event: AddonEvent, view: cards.View) -> Json:
    wired = wiring()
    # the user's verified e-mail (or "" unknown): what a rotation records as its organiser and
    # what an amendment must match (DESIGN.md §7)
    spreadsheet, calendar = wired.google(
        _sheet_id(event), token=event.user_oauth_token, user=event.user
    )
    done = panel.apply(
        spreadsheet,
        calendar,
        wired.clock(),
        language=view.language,
        pins=Pins.decode(event.param("pins")),
        variant=_number(event, "variant"),
        period_key=event.param("period"),
        expect=event.param("fp"),
        owner=f"addon:{uuid.uuid4().hex[:8]}",
        templates=wired.templates,
    )
    log(logging.INFO, f"addon apply {done.outcome.status}", status=done.outcome.status)
    if done.proposal is not None:
        card = cards.preview_card(done.proposal, view)
    elif done.outcome.status == INVALID:
        card = cards.problems_card(done.problems, view)
    elif done.outcome.status == ERROR:  # e.g. another user's rotation: the message says whose
        card = cards.problems_card(done.outcome.problems, view, failed=True)
    elif done.outcome.status == BUSY:
        card = cards.error_card(view, "error.busy_title", "error.busy_text")
    else:
        card = cards.result_card(done, view)
    return navigate(card, UPDATE)


def init(event: AddonEvent, view: cards.View) -> Json:
    wired = wiring()
    started = panel.start(
        wired.google_sheet(_sheet_id(event), event.user_oauth_token),
        wired.clock(),
        language=view.language,
        templates=wired.templates,
    )
    if started.outcome.status == INVALID:
        return navigate(cards.problems_card(started.outcome.problems, view), UPDATE)
    done = view.t("home.init_done", tab=started.outcome.tab)
    return navigate(cards.home_card(started.overview, view), UPDATE, notification=done)


def settings(event: AddonEvent, view: cards.View) -> Json:
    spreadsheet = wiring().google_sheet(_sheet_id(event), event.user_oauth_token)
    form = panel.settings_view(spreadsheet, language=view.language)
    return _show(event, cards.settings_card(form, view))


def save_settings(event: AddonEvent, view: cards.View) -> Json:
    spreadsheet = wiring().google_sheet(_sheet_id(event), event.user_oauth_token)
    entered = {key: event.value(key) for key in EDITABLE}  # a field left empty is sent empty
    entered["meet"] = "on" if "on" in event.values("meet") else "off"
    saved = panel.save_settings(spreadsheet, entered, language=view.language)
    if saved.edit.problems:
        status = view.t("form.not_saved")
    else:
        status = view.t("form.saved" if saved.edit.saved else "form.unchanged")
    card = cards.settings_card(
        saved.view,
        view,
        status=status,
        errors=saved.edit.field_problems(),
        entered=entered if saved.edit.problems else None,
    )
    return navigate(card, UPDATE, notification=status)


ACTIONS: dict[str, Callable[[AddonEvent, cards.View], Json]] = {
    "home": home,
    "granted": home,
    "file-access": file_access,
    "preview": preview,
    "apply": apply,
    "init": init,
    "settings": settings,
    "save-settings": save_settings,
}


# --- the one route ------------------------------------------------------------------------


@blueprint.post("/addon/<action>")
def handle(action: str) -> ResponseReturnValue:
    handler = ACTIONS.get(action)
    if handler is None:
        return jsonify({"error": f"no add-on action {action!r}"}), 404
    config: Config = wiring().config
    event = admit(action, config=config, certs=current_app.extensions["aibou.certs"])
    view = cards.View(
        event.language, config.public_url, event.spreadsheet_id, event.spreadsheet_title
    )
    return jsonify(_answer(handler, event, view, action))


def _answer(
    handler: Callable[[AddonEvent, cards.View], Json],
    event: AddonEvent,
    view: cards.View,
    action: str,
) -> Json:
    """The handler's answer, or a card that explains what went wrong and what to do."""
    try:
        return handler(event, view)
    except _NoAccess:
        card = cards.not_sheets_card(view) if not event.in_sheets else cards.access_card(view)
    except _NoToken:
        card = cards.error_card(view, "error.invalid_title", "error.no_user_token")
    except (PinsError, _StaleCard) as exc:  # parameters from an old or tampered card
        log(logging.WARNING, "addon: stale card", action=action, reason=str(exc))
        card = cards.error_card(view, "error.invalid_title", "error.stale_card")
    except Busy:
        card = cards.error_card(view, "error.busy_title", "error.busy_text")
    except PermissionDenied as exc:
        log(logging.WARNING, "addon: permission denied", action=action, reason=str(exc))
        card = cards.error_card(
            view, "error.permission_title", "error.permission_text", offer_access=True
        )
    except NotFound as exc:
        log(logging.WARNING, "addon: not found", action=action, reason=str(exc))
        card = cards.error_card(
            view, "error.not_found_title", "error.not_found_text", offer_access=True
        )
    except Unavailable as exc:
        log(logging.ERROR, "addon: Google unavailable", action=action, reason=str(exc))
        card = cards.error_card(view, "error.unavailable_title", "error.unavailable_text")
    except AibouError as exc:
        ref = uuid.uuid4().hex[:8]
        log(logging.ERROR, "addon: failed", action=action, reason=str(exc), ref=ref)
        card = cards.error_card(
            view, "error.unexpected_title", "error.unexpected_text", ref=ref, detail=str(exc)
        )
    except Exception:
        ref = uuid.uuid4().hex[:8]
        current_app.logger.exception("addon %s failed (ref %s)", action, ref)
        log(logging.ERROR, "addon: unexpected error", action=action, ref=ref)
        card = cards.error_card(view, "error.unexpected_title", "error.unexpected_text", ref=ref)
    return _show(event, card)
