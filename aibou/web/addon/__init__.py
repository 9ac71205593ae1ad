"""The Google Workspace add-on: aibou in the Sheets side panel, on the HTTP runtime.

``routes`` (thin: verify, parse, call :mod:`aibou.panel`, render), ``events`` (the event object),
``security`` (Google's system ID token), ``cards`` and ``widgets`` (Card v1 JSON), ``responses``
(navigations and host actions). The Google adapters, as the user, come from the app's wiring
(:mod:`aibou.wiring`).
"""

from __future__ import annotations

from aibou.web.addon.routes import ACTIONS, blueprint

__all__ = ["ACTIONS", "blueprint"]
