"""The root of aibou's one exception family, and the errors the pure domain raises.

The base class lives here, in the innermost layer, so the domain can raise typed errors while
importing nothing outside itself; :mod:`aibou.errors` re-exports them beside the adapters' errors.
"""

from __future__ import annotations

__all__ = ["AibouError", "PinsUnsatisfiable"]


class AibouError(Exception):
    """Base class of every error aibou raises on purpose."""


class PinsUnsatisfiable(AibouError):
    """The people pinned together or apart cannot be placed so (the message says who and why).

    Raised by the matcher; the side panel shows why and keeps the plan without the pin.
    """
