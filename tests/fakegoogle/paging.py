"""One Platform paging (``pageSize`` / ``pageToken`` / ``nextPageToken``) for Meet and Tasks.

A page token names an offset into the same query: reusing it with other parameters is a 400,
as Google refuses a token minted for a different request.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from .errors import GoogleError


def _digest(query: dict[str, Any]) -> str:
    shown = {k: v for k, v in sorted(query.items()) if k not in ("pageToken", "pageSize")}
    return hashlib.sha256(json.dumps(shown, default=str).encode()).hexdigest()[:16]


def page(
    items: list[Any], params: dict[str, Any], *, default: int, maximum: int
) -> tuple[list[Any], str | None]:
    """The page of ``items`` the parameters ask for, and the next page's token (or None)."""
    size = params.get("pageSize")
    if size is None or size == 0:
        size = default
    if size < 0:
        raise GoogleError(400, "page_size must not be negative", status="INVALID_ARGUMENT")
    size = min(size, maximum)
    digest = _digest(params)
    offset = 0
    if params.get("pageToken"):
        token = params["pageToken"]
        try:
            data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            if data["h"] != digest:
                raise ValueError(token)
            offset = int(data["o"])
        except (ValueError, KeyError, TypeError):
            raise GoogleError(
                400, "Invalid page token.", reason="badRequest", status="INVALID_ARGUMENT"
            ) from None
    chunk = items[offset : offset + size]
    if offset + size >= len(items):
        return chunk, None
    raw = json.dumps({"o": offset + size, "h": digest}).encode()
    return chunk, base64.urlsafe_b64encode(raw).decode().rstrip("=")
