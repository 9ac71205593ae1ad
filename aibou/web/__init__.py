"""The Flask app: Cloud Scheduler's task endpoint, the add-on's cards, and a health check.

``create_app`` receives the wired app (:func:`aibou.wiring.wire`; by default wired from the
environment, failing at start-up on a bad value) but touches neither Google nor files, so a cold
start stays fast; each route builds the adapters it needs through the wiring when called.
"""

from __future__ import annotations

from flask import Flask

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
