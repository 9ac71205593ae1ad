"""``POST /tasks/rotate``: Cloud Scheduler's daily call. Rotates when a new period is due.

Only callers with a valid Google-signed OIDC token for the configured audience, from an allowed
service account, get in (App Engine cron too, when the service really runs on App Engine, which
strips ``X-Appengine-Cron`` from outside requests). The answer is the JSON of DESIGN.md §4:
``applied``, ``already-applied`` and ``not-due`` are 200; ``invalid`` is 422 (the roster needs a
person, not a retry); ``busy`` and Google failures are 503 with ``Retry-After`` so Scheduler
tries again later.
"""

from __future__ import annotations

import logging
import uuid

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from aibou import service
from aibou.errors import AibouError, NotFound, PermissionDenied, Unavailable
from aibou.web import wiring
from aibou.web.logs import identity, log
from aibou.web.tokens import Rejected, verify
from aibou.wiring import Config

__all__ = ["HTTP_STATUS", "blueprint"]

blueprint = Blueprint("tasks", __name__)

HTTP_STATUS = {
    service.APPLIED: 200,
    service.ALREADY_APPLIED: 200,
    service.NOT_DUE: 200,
    service.AMENDED: 200,
    service.DRY_RUN: 200,
    service.INVALID: 422,
    service.BUSY: 503,
}
#: Seconds Scheduler is asked to wait before trying a busy or failed run again.
RETRY_AFTER_SECONDS = 120


def _caller(config: Config) -> str:
    if config.on_app_engine and request.headers.get("X-Appengine-Cron") == "true":
        return "appengine-cron"
    claims = verify(
        request.headers.get("Authorization"),
        audience=config.tasks_audience,
        emails=config.tasks_invokers,
        certs=current_app.extensions["aibou.certs"],
    )
    return str(claims["email"])


def _failure(status: int, message: str) -> ResponseReturnValue:
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if status == 503 else {}
    return jsonify(service.Outcome.failure(message).as_dict()), status, headers


@blueprint.post("/tasks/rotate")
def rotate() -> ResponseReturnValue:
    wired = wiring()
    config = wired.config
    try:
        caller = _caller(config)
    except Rejected as exc:
        log(logging.WARNING, "refused /tasks/rotate", reason=exc.reason, status=exc.status)
        return _failure(exc.status, "unauthorized" if exc.status != 503 else exc.reason)
    if not config.spreadsheet_id:
        log(logging.ERROR, "AIBOU_SPREADSHEET_ID is not set: nothing to rotate")
        return _failure(500, "AIBOU_SPREADSHEET_ID is not set on the service.")

    try:
        spreadsheet, calendar = wired.google(config.spreadsheet_id)
        outcome = service.rotate(
            spreadsheet,
            calendar,
            wired.clock(),
            owner=f"task:{caller}:{uuid.uuid4().hex[:8]}",
            templates=wired.templates,
        )
    except Unavailable as exc:
        log(logging.ERROR, "rotation failed: Google unavailable", reason=str(exc))
        return _failure(503, str(exc))
    except (NotFound, PermissionDenied) as exc:
        log(logging.ERROR, "rotation failed: configuration", reason=str(exc))
        return _failure(500, str(exc))
    except AibouError as exc:
        log(logging.ERROR, "rotation failed", reason=str(exc))
        return _failure(500, str(exc))

    stats = outcome.stats.as_dict() if outcome.stats else {}
    log(
        logging.WARNING if outcome.status == service.INVALID else logging.INFO,
        f"rotation {outcome.status}",
        status=outcome.status,
        period=outcome.period.key if outcome.period else None,
        groups=len(outcome.groups),
        repeat_pairs=stats.get("repeat_pairs"),
        problems=len(outcome.problems),
        caller=identity(caller),
    )
    status = HTTP_STATUS.get(outcome.status, 500)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if status == 503 else {}
    return jsonify(outcome.as_dict()), status, headers
