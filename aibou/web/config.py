"""The service's configuration, from environment variables (README, Configuration).

Every variable has a safe default (an empty invoker list lets nobody in) or fails at start-up with
a message that names it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from aibou.domain.sheet.cells import is_email
from aibou.errors import AibouError
from aibou.google import secure_endpoint

__all__ = ["DEFAULT_CERTS_URL", "Config", "ConfigError"]

DEFAULT_CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs"
_URL = re.compile(r"https?://[^\s/]+(/\S*)?")


class ConfigError(AibouError):
    """An environment variable has a value aibou cannot use."""


@dataclass(frozen=True)
class Config:
    """What the web app needs to know about its deployment."""

    spreadsheet_id: str = ""
    tasks_audience: str = ""
    tasks_invokers: frozenset[str] = frozenset()
    addon_service_account: str = ""
    public_url: str = ""
    delegated_user: str = ""
    certs_url: str = DEFAULT_CERTS_URL
    on_app_engine: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        """Read the ``AIBOU_*`` variables; raise :class:`ConfigError` naming any bad one."""
        env = os.environ if env is None else env

        def get(name: str) -> str:
            return env.get(name, "").strip()

        problems: list[str] = []
        public_url = get("AIBOU_PUBLIC_URL").rstrip("/")
        if public_url and not _URL.fullmatch(public_url):
            problems.append(f"AIBOU_PUBLIC_URL={public_url!r} is not an http(s) URL")
        audience = get("AIBOU_TASKS_AUDIENCE") or (
            f"{public_url}/tasks/rotate" if public_url else ""
        )
        invokers = frozenset(
            e.strip().lower() for e in get("AIBOU_TASKS_INVOKERS").split(",") if e.strip()
        )
        problems += [
            f"AIBOU_TASKS_INVOKERS has {e!r}, not an e-mail address"
            for e in invokers
            if not is_email(e)
        ]
        addon = get("AIBOU_ADDON_SERVICE_ACCOUNT").lower()
        if addon and not is_email(addon):
            problems.append(f"AIBOU_ADDON_SERVICE_ACCOUNT={addon!r} is not an e-mail address")
        delegated = get("AIBOU_DELEGATED_USER").lower()
        if delegated and not is_email(delegated):
            problems.append(f"AIBOU_DELEGATED_USER={delegated!r} is not an e-mail address")
        certs_url = get("AIBOU_ID_TOKEN_CERTS_URL") or DEFAULT_CERTS_URL
        if not secure_endpoint(certs_url):
            problems.append(f"AIBOU_ID_TOKEN_CERTS_URL={certs_url!r} is not an https URL")
        for name in ("AIBOU_SHEETS_ENDPOINT", "AIBOU_CALENDAR_ENDPOINT"):
            if get(name) and not secure_endpoint(get(name)):
                problems.append(
                    f"{name}={get(name)!r} is not an https URL (http only on localhost)"
                )
        if problems:
            raise ConfigError(
                "aibou cannot start: " + "; ".join(problems) + ". See README, Configuration."
            )
        return cls(
            spreadsheet_id=get("AIBOU_SPREADSHEET_ID"),
            tasks_audience=audience,
            tasks_invokers=invokers,
            addon_service_account=addon,
            public_url=public_url,
            delegated_user=delegated,
            certs_url=certs_url,
            on_app_engine=env.get("GAE_ENV", "") == "standard",
        )
