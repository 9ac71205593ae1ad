"""A fake Google (OAuth2, Sheets v4, Calendar v3) served over real HTTP for aibou's tests.

See README.md in this folder for what is faithful and what is simplified.
"""

from .auth import Identity, ServiceAccount, generate_rsa_key
from .cells import Cell
from .errors import GoogleError
from .fake import FakeGoogle
from .faults import Fault, FaultRule, LoggedRequest
from .redirect import GoogleRedirectAdapter, redirect_session

__all__ = [
    "Cell",
    "FakeGoogle",
    "Fault",
    "FaultRule",
    "GoogleError",
    "GoogleRedirectAdapter",
    "Identity",
    "LoggedRequest",
    "ServiceAccount",
    "generate_rsa_key",
    "redirect_session",
]
