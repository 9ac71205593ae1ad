"""Google's error JSON, built once so every module answers in the same shape.

Sheets (One Platform) answers ``{"error": {"code", "message", "status", "details"}}``;
Calendar (the older stack) answers ``{"error": {"code", "message", "errors": [{"domain",
"reason", "message"}]}}``. The fake includes both ``status`` and ``errors`` in every answer,
so adapters written against either shape keep working.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUS_BY_CODE: dict[int, str] = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ALREADY_EXISTS",
    410: "NOT_FOUND",
    412: "FAILED_PRECONDITION",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
}

REASON_BY_CODE: dict[int, str] = {
    400: "badRequest",
    401: "authError",
    403: "forbidden",
    404: "notFound",
    409: "duplicate",
    410: "deleted",
    429: "rateLimitExceeded",
    500: "backendError",
    501: "notImplemented",
    503: "backendError",
}


@dataclass
class GoogleError(Exception):
    """Raised anywhere in a handler; turned into Google's error JSON by the server."""

    code: int
    message: str
    reason: str | None = None
    status: str | None = None
    domain: str = "global"
    headers: dict[str, str] = field(default_factory=dict)
    extra_errors: list[dict[str, Any]] = field(default_factory=list)
    details: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def body(self) -> dict[str, Any]:
        reason = self.reason or REASON_BY_CODE.get(self.code, "unknown")
        first: dict[str, Any] = {"message": self.message, "domain": self.domain, "reason": reason}
        if self.code == 401:
            first.update({"location": "Authorization", "locationType": "header"})
        error: dict[str, Any] = {
            "code": self.code,
            "message": self.message,
            "errors": [first, *self.extra_errors],
            "status": self.status or STATUS_BY_CODE.get(self.code, "UNKNOWN"),
        }
        if self.details:
            error["details"] = self.details
        return {"error": error}


def bad_request(message: str, reason: str = "badRequest") -> GoogleError:
    return GoogleError(400, message, reason=reason)


def invalid_argument(violations: list[tuple[str, str]]) -> GoogleError:
    """A 400 listing every field violation, as One Platform's BadRequest details do."""
    message = "\n".join(text for _, text in violations)
    errors = [
        {"message": text, "domain": "global", "reason": "badRequest"} for _, text in violations
    ]
    return GoogleError(
        400,
        message,
        reason="badRequest",
        extra_errors=errors[1:],
        details=[
            {
                "@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [
                    {"field": path, "description": text} for path, text in violations
                ],
            }
        ],
    )


def not_implemented(what: str) -> GoogleError:
    return GoogleError(
        501,
        f"fakegoogle does not implement {what}. Extend tests/fakegoogle rather than "
        "assuming Google's behaviour.",
        reason="notImplemented",
    )
