"""multipart/mixed batch requests and responses, as googleapiclient's BatchHttpRequest speaks them.

Request parts are ``Content-Type: application/http`` with ``Content-ID: <base + n>`` and an
embedded HTTP request whose path is absolute (``/calendar/v3/...``). Response parts echo the
id as ``<response-base + n>`` and embed an HTTP response (CRLF line ends: the client splits
the embedded headers from the body on a blank CRLF line).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from http import HTTPStatus

from .errors import bad_request

MAX_PARTS = 1000


@dataclass
class Part:
    content_id: str
    method: str
    target: str  # path and query, as in the embedded request line
    headers: dict[str, str]  # lower-cased names
    body: bytes


@dataclass
class Reply:
    status: int
    body: bytes = b""
    headers: dict[str, str] | None = None
    drop: bool = False


def parse(content_type: str, body: bytes) -> list[Part]:
    if not content_type.lower().startswith("multipart/mixed") or "boundary=" not in content_type:
        raise bad_request("Batch requests must be multipart/mixed with a boundary.")
    message = BytesParser(policy=compat32).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    if not message.is_multipart():
        raise bad_request("Failed to parse batch request.")
    payload = message.get_payload()
    assert isinstance(payload, list)
    if not payload:
        raise bad_request("Batch request contains no parts.")
    if len(payload) > MAX_PARTS:
        raise bad_request(f"A batch request cannot contain more than {MAX_PARTS} requests.")
    return [_part(p, i) for i, p in enumerate(payload)]


def _part(message: Message, index: int) -> Part:
    if message.get_content_type() != "application/http":
        raise bad_request(f"Batch part {index}: Content-Type must be application/http.")
    raw = message.get_payload(decode=False)
    if not isinstance(raw, str):
        raise bad_request(f"Batch part {index} is not an HTTP request.")
    data = raw.encode("utf-8", "surrogateescape")
    blank = re.search(rb"\r?\n\r?\n", data)
    head, body = (data[: blank.start()], data[blank.end() :]) if blank else (data, b"")
    lines = head.decode("utf-8").splitlines()
    request_line = lines[0].split(" ") if lines else []
    if len(request_line) < 2:
        raise bad_request(f"Batch part {index}: invalid request line.")
    headers = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers and headers["content-length"].isdigit():
        body = body[: int(headers["content-length"])]
    return Part(
        # clients fold long headers (RFC 5322); unfolding drops the line break, keeps the space
        content_id=re.sub(r"\r?\n(?=[ \t])", "", str(message.get("Content-ID", ""))).strip(),
        method=request_line[0].upper(),
        target=request_line[1],
        headers=headers,
        body=body,
    )


def response_id(content_id: str) -> str:
    inner = (
        content_id[1:-1] if content_id.startswith("<") and content_id.endswith(">") else content_id
    )
    return f"<response-{inner}>"


def build(answers: list[tuple[str, Reply]]) -> tuple[str, bytes]:
    boundary = "batch_" + secrets.token_hex(12)
    chunks = []
    for content_id, reply in answers:
        reason = (
            HTTPStatus(reply.status).phrase if reply.status in HTTPStatus._value2member_map_ else ""
        )
        headers = {"Content-Type": "application/json; charset=UTF-8", **(reply.headers or {})}
        headers["Content-Length"] = str(len(reply.body))
        embedded = f"HTTP/1.1 {reply.status} {reason}\r\n" + "".join(
            f"{k}: {v}\r\n" for k, v in headers.items()
        )
        chunks.append(
            f"--{boundary}\r\nContent-Type: application/http\r\n"
            f"Content-ID: {response_id(content_id)}\r\n\r\n".encode()
            + embedded.encode()
            + b"\r\n"
            + reply.body
            + b"\r\n"
        )
    return f"multipart/mixed; boundary={boundary}", b"".join(
        chunks
    ) + f"--{boundary}--\r\n".encode()
