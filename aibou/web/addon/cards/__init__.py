"""The add-on's cards, one module per card; each function takes the service's answer and a
:class:`~aibou.web.addon.cards.common.View` (language, endpoints) and returns Card v1 JSON."""

from __future__ import annotations

from aibou.web.addon.cards.common import (
    View,
    access_card,
    error_card,
    not_sheets_card,
    problems_card,
)
from aibou.web.addon.cards.home import home_card
from aibou.web.addon.cards.preview import PIN_FIELD, preview_card
from aibou.web.addon.cards.result import result_card
from aibou.web.addon.cards.settings import settings_card

__all__ = [
    "PIN_FIELD",
    "View",
    "access_card",
    "error_card",
    "home_card",
    "not_sheets_card",
    "preview_card",
    "problems_card",
    "result_card",
    "settings_card",
]
