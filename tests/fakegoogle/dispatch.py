"""One request through the fake: faults, routing, auth, scopes, validation, handler, log.

Both real HTTP requests and the parts of a batch go through :func:`handle`.
"""

from __future__ import annotations

import json
import re
import time
import traceback
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

from . import batch, calendar_events, cloudtasks, discovery, fieldmask, freebusy, meet, sheets
from .batch import Reply
from .call import Call
from .errors import GoogleError, bad_request, not_implemented
from .faults import LoggedRequest

if TYPE_CHECKING:
    from .auth import Identity
    from .fake import FakeGoogle

Handler = Callable[["FakeGoogle", Call], tuple[int, Any]]
HANDLERS: dict[str, Handler] = {
    **sheets.HANDLERS,
    **calendar_events.HANDLERS,
    **freebusy.HANDLERS,
    **meet.HANDLERS,
    **cloudtasks.HANDLERS,
}
BATCH_PATH = "/batch/calendar/v3"
JSON_TYPE = "application/json; charset=UTF-8"


def json_reply(status: int, payload: Any, headers: Mapping[str, str] | None = None) -> Reply:
    body = b"" if payload is None else json.dumps(payload, ensure_ascii=False, indent=2).encode()
    return Reply(status, body, {"Content-Type": JSON_TYPE, **(headers or {})})


def error_reply(error: GoogleError) -> Reply:
    return json_reply(error.code, error.body(), error.headers)


def _json_body(raw: bytes) -> Any:
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None


def handle(
    fake: FakeGoogle,
    method: str,
    target: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    is_batch_part: bool = False,
    outer_headers: Mapping[str, str] | None = None,
) -> Reply:
    split = urlsplit(target)
    raw_path, query = split.path, parse_qs(split.query, keep_blank_values=True)
    path = unquote(raw_path)  # logged and fault-matched decoded; routed raw
    record: dict[str, Any] = {"identity": None, "fault": None}

    def log(reply: Reply) -> Reply:
        fake.record(
            LoggedRequest(
                method=method,
                path=path,
                query=query,
                body=_json_body(body),
                identity=record["identity"],
                status=0 if reply.drop else reply.status,
                is_batch_part=is_batch_part,
                fault=record["fault"],
            )
        )
        return reply

    fault = fake.faults.take(method, path)
    if fault is not None:
        record["fault"] = fault.describe()
        if fault.kind == "drop":
            return log(Reply(0, drop=True))
        if fault.kind == "status":
            return log(error_reply(fault.error()))
        time.sleep(fault.seconds)
    try:
        if path == "/token" and method == "POST":
            form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            status, payload = fake.auth.token_endpoint(form, fake.clock())
            return log(json_reply(status, payload, {"Cache-Control": "no-store"}))
        signing = IAM_SIGN_BLOB.match(path)
        if signing and method == "POST":
            identity = fake.auth.identify(
                _authorization(headers, query, outer_headers), fake.clock()
            )
            record["identity"] = identity.email
            status, payload = fake.auth.sign_blob(identity, unquote(signing.group(1)), body)
            return log(json_reply(status, payload))
        if path == "/oauth2/v1/certs" and method == "GET":
            certs = fake.auth.certs(fake.clock())
            return log(json_reply(200, certs, {"Cache-Control": "public, max-age=3600"}))
        if path == BATCH_PATH and method == "POST":
            if is_batch_part:
                raise bad_request("Nested batch requests are not allowed.")
            return log(_batch(fake, headers, body))
        return log(_api(fake, method, raw_path, query, headers, body, outer_headers, record))
    except GoogleError as error:
        return log(error_reply(error))
    except Exception as exc:  # a bug in the fake: answer 500 loudly, never hang the client
        traceback.print_exc()
        error = GoogleError(500, f"fakegoogle internal error: {exc!r}", reason="backendError")
        return log(error_reply(error))


#: IAM Credentials' signBlob, as google-auth's ``iam.Signer`` calls it.
IAM_SIGN_BLOB = re.compile(r"^/v1/projects/-/serviceAccounts/([^/:]+):signBlob$")


def _authorization(
    headers: Mapping[str, str], query: dict[str, list[str]], outer: Mapping[str, str] | None
) -> str | None:
    for source in (headers, outer or {}):
        for name, value in source.items():
            if name.lower() == "authorization":
                return value
    for name in ("access_token", "oauth_token"):
        if query.get(name):
            return "Bearer " + query[name][0]
    return None


def _check_scopes(identity: Identity, route: discovery.Route) -> None:
    if identity.scopes & route.scopes:
        return
    raise GoogleError(
        403,
        "Request had insufficient authentication scopes.",
        reason="insufficientPermissions",
        status="PERMISSION_DENIED",
        details=[
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                "domain": "googleapis.com",
                "metadata": {"method": route.method_id},
            }
        ],
    )


def _api(
    fake: FakeGoogle,
    method: str,
    path: str,
    query: dict[str, list[str]],
    headers: Mapping[str, str],
    body: bytes,
    outer_headers: Mapping[str, str] | None,
    record: dict[str, Any],
) -> Reply:
    found = discovery.match(method, path)
    if found is None:
        raise GoogleError(404, f"The requested URL {path} was not found on this server.")
    route, path_params = found
    identity = fake.auth.identify(_authorization(headers, query, outer_headers), fake.clock())
    record["identity"] = identity.email
    if route.api == "meet" and not fake.meet.enabled:
        raise meet.service_disabled(identity)
    _check_scopes(identity, route)
    quota = fake.quota
    if route.api == "calendar" and quota is not None:
        quota.charge(identity, fake.clock())
    params = discovery.check_params(route, query)
    mask = None
    if params.get("fields"):
        mask = fieldmask.parse(params["fields"])
        fieldmask.validate(route.api, route.response_schema, mask, "")
    payload: Any = None
    if route.request_schema:
        payload = {}
        if body.strip():
            try:
                payload = json.loads(body)
            except (ValueError, UnicodeDecodeError) as exc:
                raise bad_request(
                    "Invalid JSON payload received. Unexpected token.", "parseError"
                ) from exc
        discovery.require_valid(route.api, route.request_schema, payload)
    handler = HANDLERS.get(route.method_id)
    if handler is None:
        raise not_implemented(route.method_id)
    call = Call(route, path_params, params, payload, identity, fake.clock())
    with fake.lock:
        status, result = handler(fake, call)
    if mask is not None and result is not None:
        result = fieldmask.apply(result, mask)
    if status == 204:
        return Reply(204, b"", {})
    return json_reply(status, result)


def _batch(fake: FakeGoogle, headers: Mapping[str, str], body: bytes) -> Reply:
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    parts = batch.parse(content_type, body)
    answers = []
    for part in parts:
        if not part.target.startswith("/calendar/v3/"):
            error = bad_request(f"Batch part {part.content_id}: only Calendar v3 requests allowed.")
            answers.append((part.content_id, error_reply(error)))
            continue
        reply = handle(
            fake,
            part.method,
            part.target,
            part.headers,
            part.body,
            is_batch_part=True,
            outer_headers=headers,
        )
        if reply.drop:
            return Reply(0, drop=True)
        answers.append((part.content_id, reply))
    content_type, payload = batch.build(answers)
    return Reply(200, payload, {"Content-Type": content_type})
