"""What a run did: the statuses and the :class:`Outcome` every door reports (DESIGN.md §4)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from aibou.domain.matching.amend import Change
from aibou.domain.matching.scoring import Stats
from aibou.domain.model import Group, Period, Problem
from aibou.domain.time.schedule import Slot

__all__ = [
    "ALREADY_APPLIED",
    "AMENDED",
    "APPLIED",
    "BUSY",
    "CHANGED",
    "DRY_RUN",
    "ERROR",
    "INVALID",
    "NOT_DUE",
    "Outcome",
]

APPLIED, ALREADY_APPLIED, DRY_RUN, NOT_DUE, INVALID, BUSY = (
    "applied",
    "already-applied",
    "dry-run",
    "not-due",
    "invalid",
    "busy",
)
#: The period's rotation existed and the roster's changes were applied to it (§7).
AMENDED = "amended"
#: Only in the side panel: the plan is not the one the user previewed; nothing was written.
CHANGED = "changed"
#: A run that failed for a reason outside the sheet (a file, Google); the message says which.
ERROR = "error"


@dataclass(frozen=True)
class Outcome:
    """What a run did, in the shape of DESIGN.md §4 (``as_dict``).

    ``tab_gid`` is the rotation tab's id where the spreadsheet has one (a link opens it).
    """

    status: str
    period: Period | None = None
    tab: str = ""
    groups: tuple[Group, ...] = ()
    event_ids: Mapping[int, str] = field(default_factory=dict)
    links: Mapping[int, str] = field(default_factory=dict)
    stats: Stats | None = None
    problems: tuple[Problem, ...] = ()
    slots: Mapping[int, Slot] = field(default_factory=dict)
    language: str = "ja"
    warnings: tuple[Problem, ...] = ()
    tab_gid: int | None = None
    #: The roster's changes applied (``amended``) or pending (``dry-run``) (§7).
    changes: tuple[Change, ...] = ()
    #: How many people take part (``validate`` counts them; not in the JSON).
    people: int | None = None

    @classmethod
    def failure(cls, reason: str) -> Outcome:
        """An ``error`` outcome: ``reason`` is what failed and what to do."""
        return cls(ERROR, problems=(Problem(None, None, None, reason),))

    def as_dict(self) -> dict[str, object]:
        stats = (
            self.stats.as_dict()
            if self.stats
            else {"repeat_pairs": 0, "group_sizes": {}, "same_function_pairs": 0}
        )
        return {
            "status": self.status,
            "period": self.period.as_dict() if self.period else None,
            "tab": self.tab,
            "groups": [
                {
                    "number": g.number,
                    "members": [
                        {
                            "email": p.email,
                            "name": p.name,
                            "function": p.function,
                            "location": p.location,
                        }
                        for p in g.members
                    ],
                    "event_id": self.event_ids.get(g.number, ""),
                    "link": self.links.get(g.number, ""),
                }
                for g in self.groups
            ],
            "changes": [c.as_dict() for c in self.changes],
            "stats": stats,
            "errors": [p.as_dict() for p in self.problems],
            "warnings": [p.as_dict() for p in self.warnings],
        }
