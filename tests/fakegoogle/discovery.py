"""Routing and validation driven by the discovery documents shipped in googleapiclient.

Nothing is copied: the JSON files are read from the installed ``googleapiclient`` package, so
when that pin moves, the fake's notion of valid requests moves with it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from .errors import GoogleError, bad_request, invalid_argument

# Scopes listed by the discovery documents whose extra semantics the fake does not model
# (app-created calendars, public-only events). Accepting them would be more lenient than
# Google, so the stricter reading refuses them. The ``*.owned`` scopes are modelled: see
# ``calendar_model.Calendar.require_read``.
UNMODELLED_SCOPE_SUFFIXES = (".app.created", ".public.readonly")

PROTO_PACKAGE = {
    "sheets": "google.apps.sheets.v4",
    "calendar": "calendar.v3",
    "meet": "google.apps.meet.v2",
    "cloudtasks": "google.cloud.tasks.v2",
}
DOCUMENTS = {
    "sheets": "sheets.v4.json",
    "calendar": "calendar.v3.json",
    "meet": "meet.v2.json",
    "cloudtasks": "cloudtasks.v2.json",
}
# Where each API is served under the fake's root (Meet and Cloud Tasks both live at ``/v2/``:
# their flat paths never overlap).
PREFIXES = (("sheets", "/"), ("calendar", "/calendar/v3/"), ("meet", "/"), ("cloudtasks", "/"))

_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$", re.I)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT64 = re.compile(r"^-?\d+$")
_INT_RANGE = {"int32": (-(2**31), 2**31 - 1), "uint32": (0, 2**32 - 1)}


@cache
def document(api: str) -> dict[str, Any]:
    """The discovery document for ``sheets`` (v4), ``calendar`` (v3), ``meet`` or
    ``cloudtasks`` (v2)."""
    name = DOCUMENTS[api]
    base = resources.files("googleapiclient") / "discovery_cache" / "documents" / name
    return json.loads(base.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Route:
    api: str
    method_id: str
    http_method: str
    template: str
    regex: re.Pattern[str]
    var_names: tuple[str, ...]
    literal_len: int
    spec: dict[str, Any] = field(compare=False, hash=False)
    # ``v2/{+name}`` matches anything: One Platform methods are routed by their ``flatPath``
    # and their parameters then read with the ``path`` template.
    param_regex: re.Pattern[str] | None = None
    param_names: tuple[str, ...] = ()

    @property
    def scopes(self) -> frozenset[str]:
        return frozenset(
            s for s in self.spec.get("scopes", []) if not s.endswith(UNMODELLED_SCOPE_SUFFIXES)
        )

    @property
    def request_schema(self) -> str | None:
        return self.spec.get("request", {}).get("$ref")

    @property
    def response_schema(self) -> str | None:
        return self.spec.get("response", {}).get("$ref")


def _pattern(template: str) -> tuple[re.Pattern[str], tuple[str, ...], int]:
    pattern, names, literal = "", [], 0
    for piece in re.split(r"(\{\+?\w+\})", template):
        if piece.startswith("{"):
            names.append(piece.strip("{}+"))
            pattern += "(.+)" if piece.startswith("{+") else "([^/]+)"
        else:
            pattern += re.escape(piece)
            literal += len(piece)
    return re.compile(f"^{pattern}$"), tuple(names), literal


def _compile(api: str, prefix: str, spec: dict[str, Any]) -> Route:
    template = prefix + spec["path"]
    regex, names, literal = _pattern(template)
    param_regex, param_names = None, ()
    if spec.get("flatPath") and api in ("meet", "cloudtasks"):
        param_regex, param_names = regex, names
        regex, names, literal = _pattern(prefix + spec["flatPath"])
    return Route(
        api=api,
        method_id=spec["id"],
        http_method=spec["httpMethod"],
        template=template,
        regex=regex,
        var_names=names,
        literal_len=literal,
        spec=spec,
        param_regex=param_regex,
        param_names=param_names,
    )


@cache
def routes() -> tuple[Route, ...]:
    found: list[Route] = []
    for api, prefix in PREFIXES:

        def walk(res: dict[str, Any], api: str = api, prefix: str = prefix) -> None:
            for r in res.values():
                for spec in r.get("methods", {}).values():
                    found.append(_compile(api, prefix, spec))
                walk(r.get("resources", {}))

        walk(document(api)["resources"])
    return tuple(sorted(found, key=lambda r: -r.literal_len))


def match(http_method: str, raw_path: str) -> tuple[Route, dict[str, str]] | None:
    """Find the discovery method for a raw (still percent-encoded) path.

    Returns None when no template matches; raises a 404 when a template matches but not the
    HTTP method (as Google does).
    """
    from urllib.parse import unquote

    path_matched = False
    for route in routes():
        m = route.regex.match(raw_path)
        if not m:
            continue
        path_matched = True
        if route.http_method != http_method:
            continue
        names, groups = route.var_names, m.groups()
        if route.param_regex is not None:
            full = route.param_regex.match(raw_path)
            assert full is not None
            names, groups = route.param_names, full.groups()
        return route, {n: unquote(v) for n, v in zip(names, groups, strict=True)}
    if path_matched:
        raise GoogleError(404, "Method not found.", reason="notFound")
    return None


# ---------------------------------------------------------------- query parameters


def check_params(route: Route, query: dict[str, list[str]]) -> dict[str, Any]:
    """Validate query parameters against the method and global parameters; return typed."""
    doc = document(route.api)
    specs = {k: v for k, v in route.spec.get("parameters", {}).items() if v["location"] == "query"}
    specs.update(doc["parameters"])
    out: dict[str, Any] = {}
    violations: list[tuple[str, str]] = []
    for name, values in query.items():
        spec = specs.get(name)
        if spec is None:
            violations.append(
                (
                    name,
                    f'Invalid JSON payload received. Unknown name "{name}": Cannot bind query '
                    f"parameter. Field '{name}' could not be found in request message.",
                )
            )
            continue
        if len(values) > 1 and not spec.get("repeated"):
            violations.append((name, f"Invalid value for {name}: repeated but not repeatable."))
            continue
        typed = []
        for raw in values:
            value, problem = _param_value(name, spec, raw)
            if problem:
                violations.append((name, problem))
            typed.append(value)
        out[name] = typed if spec.get("repeated") else typed[0]
    for name, spec in specs.items():
        if spec.get("required") and name not in out:
            violations.append((name, f"Required parameter: {name}"))
    if violations:
        raise invalid_argument(violations)
    if out.get("alt", "json") != "json":
        raise bad_request("fakegoogle only answers alt=json.")
    return out


def _param_value(name: str, spec: dict[str, Any], raw: str) -> tuple[Any, str | None]:
    kind = spec.get("type")
    if kind == "boolean":
        if raw.lower() not in ("true", "false"):
            return None, f"Invalid value at '{name}' (TYPE_BOOL), \"{raw}\""
        return raw.lower() == "true", None
    if kind == "integer":
        if not _INT64.match(raw):
            return None, f"Invalid value at '{name}' (TYPE_INT32), \"{raw}\""
        value = int(raw)
        lo, hi = spec.get("minimum"), spec.get("maximum")
        if (lo is not None and value < int(lo)) or (hi is not None and value > int(hi)):
            return None, f"Invalid value for {name}: {raw} is out of range."
        return value, None
    if "enum" in spec and raw not in spec["enum"]:
        return None, f"Invalid value at '{name}' (TYPE_ENUM), \"{raw}\""
    return raw, None


# ---------------------------------------------------------------- JSON bodies


def snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def _join(path: str, name: str) -> str:
    return f"{path}.{snake(name)}" if path else snake(name)


def check_body(api: str, schema_id: str, body: Any) -> list[tuple[str, str]]:
    """Every violation of ``body`` against discovery schema ``schema_id`` (empty if valid)."""
    out: list[tuple[str, str]] = []
    if not isinstance(body, dict):
        out.append(("", "Invalid JSON payload received. Root element must be a message."))
        return out
    _check(api, {"$ref": schema_id}, body, "", out)
    return out


def require_valid(api: str, schema_id: str, body: Any) -> None:
    violations = check_body(api, schema_id, body)
    if violations:
        raise invalid_argument(violations)


def _type_name(api: str, spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        return f"type.googleapis.com/{PROTO_PACKAGE[api]}.{spec['$ref']}"
    if "enum" in spec:
        return "TYPE_ENUM"
    fmt = spec.get("format", "")
    return {
        ("integer", "uint32"): "TYPE_UINT32",
        ("number", "float"): "TYPE_FLOAT",
        ("string", "int64"): "TYPE_INT64",
    }.get(
        (spec.get("type", ""), fmt),
        {"integer": "TYPE_INT32", "number": "TYPE_DOUBLE", "boolean": "TYPE_BOOL"}.get(
            spec.get("type", ""), f"TYPE_{spec.get('type', 'MESSAGE').upper()}"
        ),
    )


def _bad(api: str, spec: dict[str, Any], value: Any, path: str, out: list[tuple[str, str]]) -> None:
    shown = json.dumps(value, ensure_ascii=False)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    out.append((path, f"Invalid value at '{path}' ({_type_name(api, spec)}), {shown}"))


def _check(
    api: str, spec: dict[str, Any], value: Any, path: str, out: list[tuple[str, str]]
) -> None:
    if value is None:  # proto3 JSON: null means "default value" and is accepted
        return
    if "$ref" in spec:
        schema = document(api)["schemas"][spec["$ref"]]
        if not isinstance(value, dict):
            _bad(api, spec, value, path, out)
            return
        _check_object(api, schema, value, path, out)
        return
    kind = spec.get("type")
    if kind == "any":
        return
    if kind == "object":
        if not isinstance(value, dict):
            _bad(api, spec, value, path, out)
            return
        _check_object(api, spec, value, path, out)
    elif kind == "array":
        if not isinstance(value, list):
            _bad(api, spec, value, path, out)
            return
        for i, item in enumerate(value):
            _check(api, spec.get("items", {"type": "any"}), item, f"{path}[{i}]", out)
    elif kind == "boolean":
        if not isinstance(value, bool):
            _bad(api, spec, value, path, out)
    elif kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            # Stricter than Google: proto3 JSON also accepts "5" for an int32 field.
            _bad(api, spec, value, path, out)
            return
        lo, hi = _INT_RANGE.get(spec.get("format", "int32"), (-(2**63), 2**63 - 1))
        if not lo <= value <= hi:
            _bad(api, spec, value, path, out)
    elif kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            _bad(api, spec, value, path, out)
    elif kind == "string":
        _check_string(api, spec, value, path, out)


def _check_string(
    api: str, spec: dict[str, Any], value: Any, path: str, out: list[tuple[str, str]]
) -> None:
    fmt = spec.get("format")
    if fmt == "int64" and isinstance(value, int) and not isinstance(value, bool):
        return  # proto3 JSON accepts int64 as a number or a string
    if not isinstance(value, str):
        _bad(api, spec, value, path, out)
        return
    if ("enum" in spec and value not in spec["enum"]) or (
        (fmt == "int64" and not _INT64.match(value))
        or (fmt in ("date-time", "google-datetime") and not _DATE_TIME.match(value))
        or (fmt == "date" and not _DATE.match(value))
    ):
        _bad(api, spec, value, path, out)


def _check_object(
    api: str, schema: dict[str, Any], value: dict[str, Any], path: str, out: list[tuple[str, str]]
) -> None:
    props: dict[str, Any] = schema.get("properties", {})
    extra = schema.get("additionalProperties")
    for key, item in value.items():
        if key in props:
            _check(api, props[key], item, _join(path, key), out)
        elif extra is not None:
            _check(api, extra, item, f"{path}[{key}]", out)
        else:
            where = f" at '{path}'" if path else ""
            out.append(
                (
                    path,
                    f'Invalid JSON payload received. Unknown name "{key}"{where}: '
                    "Cannot find field.",
                )
            )


def schema_props(api: str, schema_id: str) -> dict[str, Any]:
    return document(api)["schemas"][schema_id].get("properties", {})
