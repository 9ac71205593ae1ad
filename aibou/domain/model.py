"""The nouns of the buddy system: people, groups, periods, past rotations, problems.

Everything here is an immutable value. Nothing does I/O or reads the clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

__all__ = [
    "Group",
    "PastRotation",
    "Period",
    "Person",
    "Problem",
    "pairs",
]

OFFICE = "office"
REMOTE = "remote"


@dataclass(frozen=True, order=True)
class Person:
    """An active member of the roster.

    ``email`` is the identity (normalised to lower case); ``function`` is a canonical function
    key such as ``"sales"``; ``team`` and ``manager`` (an e-mail) are optional and help keep
    colleagues who already work together apart; ``row`` is the roster row the person came from.
    """

    email: str
    name: str
    function: str
    location: str = OFFICE
    team: str = ""
    manager: str = ""
    timezone: str = ""
    row: int = 0


@dataclass(frozen=True)
class Group:
    """One buddy group of a rotation, numbered from 1."""

    number: int
    members: tuple[Person, ...]

    @property
    def emails(self) -> frozenset[str]:
        return frozenset(p.email for p in self.members)


@dataclass(frozen=True)
class Period:
    """A rotation period: ``key`` such as ``2027-Q1`` (or a start date), inclusive dates."""

    key: str
    start: date
    end: date

    def as_dict(self) -> dict[str, str]:
        return {"key": self.key, "start": self.start.isoformat(), "end": self.end.isoformat()}


@dataclass(frozen=True)
class PastRotation:
    """A rotation read back from an earlier tab: who was grouped with whom.

    ``groups`` hold e-mail addresses, so people who have since left still count as history.
    ``start`` is the period's first day where the key tells it; history is kept oldest first.
    """

    key: str
    tab: str
    groups: tuple[frozenset[str], ...]
    start: date | None = None


@dataclass(frozen=True)
class Problem:
    """Something wrong with the input, located as a user would find it in the sheet.

    ``row`` is the 1-based sheet row and ``column`` the column letter, or ``None`` when the
    problem concerns a whole tab, row or column; ``tab`` is ``None`` for a problem outside the
    sheet (a file that cannot be read, Google unavailable).
    """

    tab: str | None
    row: int | None
    column: str | None
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"tab": self.tab, "row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        """``tab!cell: message`` as a spreadsheet names places.

        >>> for row, column in ((5, "B"), (5, None), (None, "C")):
        ...     print(Problem("名簿", row, column, "x"))
        名簿!B5: x
        名簿!5:5: x
        名簿!C:C: x
        """
        if self.tab is None:
            return self.message
        where = self.tab
        if self.row is not None and self.column is not None:
            where += f"!{self.column}{self.row}"
        elif self.row is not None:
            where += f"!{self.row}:{self.row}"
        elif self.column is not None:
            where += f"!{self.column}:{self.column}"
        return f"{where}: {self.message}"


def pairs(emails: Iterable[str]) -> Iterable[frozenset[str]]:
    """Every unordered pair of distinct members of one group.

    >>> sorted(sorted(p) for p in pairs(["a", "b", "c"]))
    [['a', 'b'], ['a', 'c'], ['b', 'c']]
    """
    members: Sequence[str] = sorted(set(emails))
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            yield frozenset((a, b))
