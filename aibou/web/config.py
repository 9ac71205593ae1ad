"""The service's configuration: it lives in the composition root, :mod:`aibou.wiring`."""

from __future__ import annotations

from aibou.wiring import DEFAULT_CERTS_URL, Config, ConfigError

__all__ = ["DEFAULT_CERTS_URL", "Config", "ConfigError"]
