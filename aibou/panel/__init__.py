"""The service behind the Sheets side panel: one function per thing the panel does.

Like :mod:`aibou.service`, whose steps they call, these take plain values plus the ports and
know nothing of HTTP or cards: :func:`overview` (the home card), :func:`propose` (a preview,
with pins, or the open rotation's amendment, or a tab held after a hand edit),
:func:`apply` (exactly what was previewed, or a fresh proposal when the sheet changed),
:func:`settings_view` and :func:`save_settings` (the Settings tab), :func:`start` (a roster to
start from, on a sheet without one). ``language`` is the
language problems are worded in (the user's, not necessarily the sheet's).
"""

from __future__ import annotations

from aibou.panel.overview import Overview, overview
from aibou.panel.proposal import Applied, Proposal, apply, propose
from aibou.panel.settings import SettingsSaved, SettingsView, save_settings, settings_view
from aibou.panel.start import Started, start
from aibou.panel.target import Target

__all__ = [
    "Applied",
    "Overview",
    "Proposal",
    "SettingsSaved",
    "SettingsView",
    "Started",
    "Target",
    "apply",
    "overview",
    "propose",
    "save_settings",
    "settings_view",
    "start",
]
