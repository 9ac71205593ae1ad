"""``POST /tasks/rotate``: Cloud Scheduler's daily call. Rotates when a new period is due.

Only callers with a valid Google-signed OIDC token for the configured audience, from an allowed
service account, get in (App Engine cron too, when the service really runs on App Engine, which
strips ``X-Appengine-Cron`` from outside requests). The answer is the JSON of DESIGN.md §4:
``applied``, ``already-applied`` and ``not-due`` are 200; ``invalid`` is 422 (the roster needs a
person, not a retry); ``busy`` and Google failures are 503 with ``Retry-After`` so Scheduler
tries again later.

After a rotation that was ``applied``, ``already-applied`` or ``amended``, the run refreshes the
report tabs (DESIGN.md §8) as the same user, with Google Meet's records. The answer gains
``report``: ``{"status", "tabs", "meet"}`` (``reported``, ``invalid``, ``busy`` or ``error``; the
tabs written; why Meet data is missing), or ``{"status": "skipped", ...}`` when the rotation
did not get that far. A report that fails is logged and never changes the rotation's HTTP
status: the rotation is the job, the report a view of it.

``POST /tasks/invite``: one Cloud Task of a fanned-out rotation (DESIGN.md §9), carrying
``{"spreadsheet", "period", "groups": [numbers]}``. Its token is checked like the scheduler's
(audience: this route's URL on ``AIBOU_PUBLIC_URL``) before its body is read; it makes that
chunk's events and writes their links. 200 when done (Cloud Tasks then forgets the task); 503 or
422 let Cloud Tasks retry within the queue's retry settings.
"""

from __future__ import annotations

import logging
import uuid

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from aibou import service
from aibou.errors import AibouError, NotFound, PermissionDenied, Unavailable
from aibou.service.progress import INVITE_CHUNK
from aibou.service.report import REPORTED, report
from aibou.web import wiring
from aibou.web.bodies import read_json, refuse
from aibou.web.logs import identity, log
from aibou.web.tokens import Rejected, verify
from aibou.wiring import Config, Wiring

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
#: The rotation statuses after which the scheduled run refreshes the report tabs.
REPORT_AFTER = frozenset({service.APPLIED, service.ALREADY_APPLIED, service.AMENDED})
#: Seconds Scheduler is asked to wait before trying a busy or failed run again.
RETRY_AFTER_SECONDS = 120


def _caller(config: Config, audience: str | None = None) -> str:
    if (
        audience is None
        and config.on_app_engine
        and request.headers.get("X-Appengine-Cron") == "true"
    ):
        return "appengine-cron"
    claims = verify(
        request.headers.get("Authorization"),
        audience=config.tasks_audience if audience is None else audience,
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
            queue=wired.task_queue(),
            calendar_as=wired.calendar_as,  # amendments act as the rotation's organiser (§7)
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
    reported = _report(wired, caller) if outcome.status in REPORT_AFTER else _SKIPPED
    status = HTTP_STATUS.get(outcome.status, 500)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if status == 503 else {}
    return jsonify(outcome.as_dict() | {"report": reported}), status, headers


_SKIPPED: dict[str, object] = {"status": "skipped", "tabs": [], "meet": None}


def _report(wired: Wiring, caller: str) -> dict[str, object]:
    """Refresh the report tabs after the rotation work (§8); a failure is logged, not raised."""
    config = wired.config
    try:
        spreadsheet, calendar = wired.google(config.spreadsheet_id)
        done = report(
            spreadsheet,
            calendar,
            wired.clock(),
            meetings=wired.meetings(),
            owner=f"task:{caller}:{uuid.uuid4().hex[:8]}",
            templates=wired.templates,
            calendar_as=wired.calendar_as,
        )
    except Exception as exc:  # the rotation succeeded, whatever the report does
        reason = str(exc) if isinstance(exc, AibouError) else type(exc).__name__
        log(logging.ERROR, "report failed", reason=reason)
        return {"status": "error", "tabs": [], "meet": None}
    answer = done.as_dict()
    log(
        logging.INFO if done.status == REPORTED else logging.WARNING,
        f"report {done.status}",
        status=done.status,
        tabs=len(done.tabs),
        meet=answer["meet"],
        problems=len(done.problems),
    )
    return {"status": done.status, "tabs": answer["tabs"], "meet": answer["meet"]}


#: The longest period key a task may carry (``2027-Q1``, ``2027-01-04``).
MAX_PERIOD_CHARS = 10


def _chunk(body: object, spreadsheet_id: str) -> tuple[str, list[int]]:
    """The period and group numbers of a task's body, or a 400 naming what is wrong."""
    if not isinstance(body, dict) or set(body) != {"spreadsheet", "period", "groups"}:
        raise refuse(400, "body must be {spreadsheet, period, groups}")
    period, groups = body["period"], body["groups"]
    if body["spreadsheet"] != spreadsheet_id:
        raise refuse(400, "task for another spreadsheet")
    if not isinstance(period, str) or not 0 < len(period) <= MAX_PERIOD_CHARS:
        raise refuse(400, "period must be a period key")
    if (
        not isinstance(groups, list)
        or not 0 < len(groups) <= INVITE_CHUNK
        or not all(type(n) is int and 0 < n < 1_000_000 for n in groups)
    ):
        raise refuse(400, f"groups must be 1 to {INVITE_CHUNK} group numbers")
    return period, groups


@blueprint.post("/tasks/invite")
def invite() -> ResponseReturnValue:
    wired = wiring()
    config = wired.config
    try:
        caller = _caller(config, audience=config.invite_url)
    except Rejected as exc:
        log(logging.WARNING, "refused /tasks/invite", reason=exc.reason, status=exc.status)
        return _failure(exc.status, "unauthorized" if exc.status != 503 else exc.reason)
    period, groups = _chunk(read_json(), config.spreadsheet_id)
    try:
        spreadsheet, calendar = wired.google(config.spreadsheet_id)
        outcome = service.invite_chunk(
            spreadsheet, calendar, period, groups, wired.clock(), wired.templates,
            calendar_as=wired.calendar_as,
        )  # fmt: skip
    except Unavailable as exc:
        log(logging.ERROR, "invitations failed: Google unavailable", reason=str(exc))
        return _failure(503, str(exc))
    except AibouError as exc:
        log(logging.ERROR, "invitations failed", reason=str(exc))
        return _failure(500, str(exc))
    log(
        logging.INFO,
        f"invitations {outcome.status}",
        status=outcome.status,
        period=period,
        groups=len(groups),
        caller=identity(caller),
    )
    return jsonify(outcome.as_dict()), HTTP_STATUS.get(outcome.status, 500)
