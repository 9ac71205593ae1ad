"""The Flask app: Cloud Scheduler's task endpoint, the add-on's cards, and a health check.

``create_app`` receives the wired app (:func:`aibou.wiring.wire`; by default wired from the
environment, failing at start-up on a bad value) but touches neither Google nor files, so a cold
start stays fast; each route builds the adapters it needs through the wiring when called.

Every answer is JSON, errors too: a body past :data:`~aibou.web.bodies.MAX_BODY_BYTES` gets 413
before it is read, an unknown route 404, and a bug a 500 with a reference to find its (scrubbed)
log line, never a stack trace.
"""

from __future__ import annotations

import uuid

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

from aibou.web.bodies import MAX_BODY_BYTES, refuse_oversized
from aibou.web.logs import LOGGER
from aibou.web.logs import configure as configure_logs
from aibou.web.tokens import CertCache
from aibou.wiring import Wiring, wire

__all__ = ["create_app", "wiring"]


def create_app(wired: Wiring | None = None) -> Flask:
    """The WSGI application (``main:app``); tests pass :func:`~aibou.wiring.wire` with fakes."""
    from aibou.web import addon, tasks

    wired = wired or wire()
    configure_logs()
    app = Flask("aibou", static_folder=None)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.before_request(refuse_oversized)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _server_error)
    app.extensions["aibou.wiring"] = wired
    app.extensions["aibou.config"] = wired.config
    app.extensions["aibou.certs"] = CertCache(wired.config.certs_url)
    app.register_blueprint(tasks.blueprint)
    app.register_blueprint(addon.blueprint)

    @app.get("/healthz")
    def healthz() -> tuple[dict[str, str], int]:
        return {"status": "ok"}, 200

    return app


def wiring() -> Wiring:
    """The wiring of the app handling the current request."""
    from flask import current_app

    wired: Wiring = current_app.extensions["aibou.wiring"]
    return wired


def _http_error(error: HTTPException) -> Response:
    """HTTP errors as JSON (a refusal of ours already is)."""
    if error.response is not None:
        return error.response  # type: ignore[return-value]
    answer: Response = jsonify({"error": error.name})
    answer.status_code = error.code or 500
    return answer


def _server_error(error: Exception) -> tuple[Response, int]:
    """A bug: logged (scrubbed) with a reference the answer gives, no stack trace in the answer."""
    ref = uuid.uuid4().hex[:8]
    LOGGER.error("unexpected error (ref %s)", ref, exc_info=error)
    return jsonify({"error": "internal error", "ref": ref}), 500
