"""``init``: the roster and Settings tabs to start from, on a sheet or workbook without a roster.

One step: read what is there, refuse if a roster exists (``invalid``, naming that tab; nothing is
written), else have the adapter add the starter tabs (:mod:`aibou.domain.sheet.template`). A
Settings tab that exists already is kept as it is. Every door calls :func:`init`.
"""

from __future__ import annotations

from aibou.domain.i18n import message
from aibou.domain.model import Problem
from aibou.domain.sheet.roster import ROSTER_TABS
from aibou.domain.sheet.settings import SETTINGS_TABS
from aibou.domain.sheet.template import StarterTabs, starter_tabs
from aibou.errors import NotFound
from aibou.ports import Snapshot, Spreadsheet
from aibou.service.outcome import INVALID, Outcome

__all__ = ["CREATED", "init", "plan_init"]

#: ``init`` made the tabs.
CREATED = "created"


def plan_init(snapshot: Snapshot, language: str) -> StarterTabs | Problem:
    """The tabs to add to ``snapshot``, or the problem that forbids it (a roster is there).

    >>> from aibou.ports import Sheet
    >>> plan_init(Snapshot("x", [Sheet("設定", [])]), "en").settings_title
    ''
    >>> print(plan_init(Snapshot("x", [Sheet("Roster", [])]), "en"))
    Roster: The tab 'Roster' is a roster already: init never changes one. ...
    """
    roster = snapshot.find(*ROSTER_TABS)
    if roster is not None:
        words = message(language, "init.has_roster", tab=roster.title)
        return Problem(roster.title, None, None, words)
    return starter_tabs(language, with_settings=snapshot.find(*SETTINGS_TABS) is None)


def init(spreadsheet: Spreadsheet, language: str) -> Outcome:
    """Add the starter tabs to ``spreadsheet`` unless it has a roster (then ``invalid``)."""
    try:
        snapshot = spreadsheet.read()
    except NotFound:  # a workbook not made yet; a Sheet that is not there fails on the write
        snapshot = Snapshot("", ())
    planned = plan_init(snapshot, language)
    if isinstance(planned, Problem):
        return Outcome(INVALID, tab=planned.tab or "", problems=(planned,), language=language)
    spreadsheet.add_starter_tabs(planned)
    return Outcome(CREATED, tab=planned.roster_title, language=planned.language)
