"""The Flask app: Cloud Scheduler's task endpoint, the add-on's cards, and a health check.

``create_app`` reads the configuration (failing at start-up on a bad value) but touches neither
Google nor files, so a cold start stays fast; each route builds what it needs when called.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import Flask

from aibou.web.config import Config
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
