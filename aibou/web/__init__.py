"""The Flask app: Cloud Scheduler's task endpoint, the add-on's cards, and a health check.

``create_app`` reads the configuration (failing at start-up on a bad value) but touches neither
Google nor files, so a cold start stays fast; each route builds what it needs when called.

Every answer is JSON, errors too: a body past :data:`~aibou.web.bodies.MAX_BODY_BYTES` gets 413
before it is read, an unknown route 404, and a bug a 500 with a reference to find its (scrubbed)
log line, never a stack trace.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException

from aibou.web.bodies import MAX_BODY_BYTES, refuse_oversized
from aibou.web.config import Config
from aibou.web.logs import LOGGER
from aibou.web.logs import configure as configure_logs
from aibou.web.tokens import CertCache

__all__ = ["create_app"]


def create_app(
    config: Config | None = None, *, clock: Callable[[], datetime] | None = None
) -> Flask:
    """The WSGI application (``main:app``); ``clock`` (aware "now") is for tests."""
    from aibou.web import addon, tasks

    config = config or Config.from_env()
    configure_logs()
    app = Flask("aibou", static_folder=None)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.before_request(refuse_oversized)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _server_error)
    app.extensions["aibou.config"] = config
    app.extensions["aibou.certs"] = CertCache(config.certs_url)
    if clock is not None:
        app.extensions["aibou.clock"] = clock
    app.register_blueprint(tasks.blueprint)
    app.register_blueprint(addon.blueprint)

    @app.get("/healthz")
    def healthz() -> tuple[dict[str, str], int]:
        return {"status": "ok"}, 200

    return app


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
