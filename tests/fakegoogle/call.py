"""What a handler receives: one validated API call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .auth import Identity
from .discovery import Route


@dataclass
class Call:
    route: Route
    path_params: dict[str, str]
    params: dict[str, Any]  # typed query parameters
    body: Any  # parsed JSON (already schema-checked) or None
    identity: Identity
    now: float

    def param(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)
