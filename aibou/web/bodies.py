"""Request bodies, read only once the caller is known, and never past a bound.

A route checks the caller's token (a header) first and only then calls :func:`read_json`, so a
stranger's body is never read at all. A body is at most :data:`MAX_BODY_BYTES`: a declared
``Content-Length`` past it is refused before anything is read (:func:`refuse_oversized`, run
before every request), and a streamed body is cut there by Flask's ``MAX_CONTENT_LENGTH``. JSON
that does not parse, or is nested past Python's recursion limit, is a 400 naming no more than
that: never a 500, never a stack trace.

:data:`MAX_BODY_BYTES` is 256 KiB. The largest body aibou accepts legitimately is an add-on
event from the preview card: its pins parameter holds at most 20 pins of 11 addresses of up to
254 characters (:data:`~aibou.panel.pins.MAX_ENCODED_CHARS`, about 56,000 characters, some
61 KB once JSON-escaped inside the event), a full multiselect at most 100 addresses (about
26 KB), and three tokens with the rest of the event object about 6 KB: some 93 KB at the very
worst, against 5-10 KB for a real one. 256 KiB leaves a margin of 2.8 over that worst case,
while the biggest body parses into a few MB of Python objects at most. Cloud Scheduler's and
Cloud Tasks' bodies are a few hundred bytes.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Response, jsonify, request
from werkzeug.exceptions import HTTPException

from aibou.web.logs import log

__all__ = ["MAX_BODY_BYTES", "read_json", "refuse", "refuse_oversized"]

MAX_BODY_BYTES = 256 * 1024


def refuse(status: int, error: str) -> HTTPException:
    """A JSON refusal (``{"error": ...}``) with ``status``, to raise."""
    answer: Response = jsonify({"error": error})
    answer.status_code = status
    return HTTPException(response=answer)


def refuse_oversized() -> None:
    """Answer 413 at once to a body declared larger than :data:`MAX_BODY_BYTES` (none is read)."""
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise refuse(413, f"request body larger than {MAX_BODY_BYTES} bytes")


def read_json() -> Any:
    """The request's JSON body (``None`` when empty); call it only once the caller is verified.

    Raises a refusal: 413 past :data:`MAX_BODY_BYTES`, 400 for a body that is not JSON or is
    nested too deeply to parse.
    """
    data = request.get_data(cache=False)  # Flask aborts with 413 past MAX_CONTENT_LENGTH
    if not data.strip():
        return None
    try:
        return json.loads(data)
    except RecursionError:
        reason = "request body nested too deeply"
    except ValueError:  # JSONDecodeError and UnicodeDecodeError both are
        reason = "request body is not JSON"
    log(logging.WARNING, "refused: bad body", path=request.path, reason=reason)
    raise refuse(400, reason)
