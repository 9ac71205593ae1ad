"""Field selections: the ``fields`` partial-response parameter and ``fields`` update masks.

Both ``a.b`` (One Platform) and ``a/b`` (apiary) nesting are read, as are sub-selections
``a(b,c)`` and the ``*`` wildcard. Selections are checked against the discovery schema so a
typo'd selector is a 400, as at Google.
"""

from __future__ import annotations

from typing import Any

from .discovery import document
from .errors import bad_request

Tree = dict[str, "Tree | None"]  # None = the whole subtree


def parse(mask: str) -> Tree:
    text = mask.replace(" ", "")
    paths: list[list[str]] = []
    pos = _parse_list(text, 0, [], paths)
    if pos != len(text) or not paths:
        raise bad_request(f"Invalid field selection {mask}")
    tree: Tree = {}
    for path in paths:
        node: Tree | None = tree
        for name in path[:-1]:
            assert node is not None
            if name in node and node[name] is None:
                node = None
                break
            node = node.setdefault(name, {})
        if node is not None:
            node[path[-1]] = None
    return tree


def _name(text: str, pos: int) -> tuple[str, int]:
    start = pos
    while pos < len(text) and text[pos] not in ",()./":
        pos += 1
    if pos == start:
        raise bad_request(f"Invalid field selection {text}")
    return text[start:pos], pos


def _parse_list(text: str, pos: int, prefix: list[str], paths: list[list[str]]) -> int:
    while True:
        name, pos = _name(text, pos)
        path = [*prefix, name]
        while pos < len(text) and text[pos] in "./":
            name, pos = _name(text, pos + 1)
            path.append(name)
        if pos < len(text) and text[pos] == "(":
            pos = _parse_list(text, pos + 1, path, paths)
            if pos >= len(text) or text[pos] != ")":
                raise bad_request(f"Invalid field selection {text}")
            pos += 1
        else:
            paths.append(path)
        if pos < len(text) and text[pos] == ",":
            pos += 1
            continue
        return pos


def validate(api: str, schema_id: str | None, tree: Tree, label: str) -> None:
    """Raise a 400 if ``tree`` names a field the schema does not have."""
    if schema_id is None:
        return
    _validate(api, {"$ref": schema_id}, tree, label)


def _resolve(api: str, spec: dict[str, Any]) -> dict[str, Any]:
    while True:
        if "$ref" in spec:
            spec = document(api)["schemas"][spec["$ref"]]
        elif spec.get("type") == "array":
            spec = spec.get("items", {})
        else:
            return spec


def _validate(api: str, spec: dict[str, Any], tree: Tree, label: str) -> None:
    spec = _resolve(api, spec)
    if spec.get("type") == "any" or "additionalProperties" in spec:
        return
    props = spec.get("properties", {})
    for name, sub in tree.items():
        if name == "*":
            continue
        if name not in props:
            raise bad_request(f"Invalid field selection {name}" + (f" in {label}" if label else ""))
        if sub is not None:
            _validate(api, props[name], sub, label)


def apply(value: Any, tree: Tree | None) -> Any:
    """Keep only the selected fields of a response."""
    if tree is None or "*" in tree:
        return value
    if isinstance(value, list):
        return [apply(v, tree) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for name, sub in tree.items():
        if name in value:
            out[name] = apply(value[name], sub)
    return out


def update(target: dict[str, Any], source: dict[str, Any], tree: Tree) -> None:
    """Copy the masked fields from ``source`` into ``target`` (absent in source = cleared)."""
    if "*" in tree:
        target.clear()
        target.update(source)
        return
    for name, sub in tree.items():
        if sub is None or not isinstance(source.get(name), dict | type(None)):
            if name in source:
                target[name] = source[name]
            else:
                target.pop(name, None)
            continue
        child = target.setdefault(name, {})
        if not isinstance(child, dict):
            child = target[name] = {}
        update(child, source.get(name) or {}, sub)
