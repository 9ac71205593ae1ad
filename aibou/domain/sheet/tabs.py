"""Which tabs of a spreadsheet aibou reads: the roster, the settings and every rotation."""

from __future__ import annotations

from aibou.domain.sheet.cells import fold
from aibou.domain.sheet.history import rotation_key
from aibou.domain.sheet.roster import ROSTER_TABS
from aibou.domain.sheet.settings import SETTINGS_TABS

__all__ = ["is_settings_tab", "wanted_tab"]

#: The participation report's titles (ja, en): the side panel's home shows its attention notes.
PARTICIPATION_TABS = ("参加状況", "Participation")
_NAMED = {fold(t) for t in (*ROSTER_TABS, *SETTINGS_TABS, *PARTICIPATION_TABS)}
_SETTINGS = {fold(t) for t in SETTINGS_TABS}


def wanted_tab(title: str, period_tag: str | None = None) -> bool:
    """Whether aibou needs the rows of tab ``title`` (adapters skip the rest).

    >>> [wanted_tab(t) for t in ("名簿", "settings", "相棒 2027-Q1", "売上データ")]
    [True, True, True, False]
    >>> wanted_tab("renamed", period_tag="2027-Q1")
    True
    """
    return fold(title) in _NAMED or rotation_key(title, period_tag) is not None


def is_settings_tab(title: str) -> bool:
    """Whether ``title`` names the Settings tab (the one tab of the user's aibou may edit).

    >>> is_settings_tab("設定"), is_settings_tab(" settings "), is_settings_tab("名簿")
    (True, True, False)
    """
    return fold(title) in _SETTINGS
