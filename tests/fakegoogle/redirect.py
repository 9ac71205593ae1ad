"""Send a ``requests`` session's Google traffic to the fake.

gspread builds its URLs from module constants (``gspread.urls``) that ``gspread.http_client``
imports by value, so patching them is fragile. Instead, mount a transport adapter on the
session that rewrites ``https://sheets.googleapis.com/...`` (and the other Google hosts
below) to the fake's root. Adapters for aibou should do the same with an endpoint setting:
mount :class:`GoogleRedirectAdapter` when ``AIBOU_SHEETS_ENDPOINT`` is set.
"""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter

GOOGLE_ROOTS = (
    "https://sheets.googleapis.com/",
    "https://www.googleapis.com/",
    "https://oauth2.googleapis.com/",
    "https://iamcredentials.googleapis.com/",
)


class GoogleRedirectAdapter(HTTPAdapter):
    """An HTTPAdapter that rewrites a Google API root to ``target_root`` before sending."""

    def __init__(self, source_root: str, target_root: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.source_root = source_root
        self.target_root = target_root if target_root.endswith("/") else target_root + "/"

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if request.url and request.url.startswith(self.source_root):
            request.url = self.target_root + request.url[len(self.source_root) :]
        return super().send(request, **kwargs)


def redirect_session(
    session: requests.Session, target_root: str, roots: tuple[str, ...] = GOOGLE_ROOTS
) -> requests.Session:
    """Mount redirecting adapters for each Google root on ``session``; returns it."""
    for root in roots:
        session.mount(root, GoogleRedirectAdapter(root, target_root))
    return session
