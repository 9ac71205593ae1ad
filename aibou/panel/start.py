"""The side panel's "create the roster" button: ``init``, then the home card's facts again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from aibou.panel.overview import Overview, overview
from aibou.ports import Spreadsheet, Templates
from aibou.service.init import init
from aibou.service.outcome import Outcome

__all__ = ["Started", "start"]


@dataclass(frozen=True)
class Started:
    """What ``init`` did, and the home card's facts after it."""

    outcome: Outcome
    overview: Overview


def start(
    spreadsheet: Spreadsheet,
    when: date | datetime,
    *,
    language: str,
    templates: Templates | None = None,
) -> Started:
    """Create the roster and Settings tabs in ``language`` (refused if a roster is there)."""
    outcome = init(spreadsheet, language)
    return Started(outcome, overview(spreadsheet, when, language=language, templates=templates))
