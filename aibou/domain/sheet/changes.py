"""Change blocks: the roster's changes during a period, appended below its rotation tab (§7).

A rotation tab's rows are never rewritten. Each amending run appends a block: a blank row, a
title row, a header row, then one row per change (date, change, name, email, function,
location, group, calendar, from group). Column A holds a date, never a group number, so
:func:`~aibou.domain.sheet.history.read_rotation` passes over the block; :func:`read_changes`
reads every block back and :func:`apply_changes` folds them into the tab's groups, so later
plans count a joiner as having met their group.

The calendar cell (column H, the main table's calendar column) is left empty and filled by the
run once the change has reached the calendar: the link of the group's series (or of a new
group's), so a run that stopped half-way knows what is left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from aibou.domain.i18n import LANGUAGES, message
from aibou.domain.matching.amend import JOINED, LEFT, MOVED, Change
from aibou.domain.sheet.cells import fold, text
from aibou.domain.sheet.history import RotationTab, TabMember, group_number
from aibou.domain.sheet.roster import function_label

__all__ = [
    "CHANGE_CALENDAR_COLUMN",
    "CHANGE_LAYOUT",
    "ChangeRow",
    "apply_changes",
    "read_changes",
    "render_changes",
]

#: Columns of a change block's rows.
CHANGE_LAYOUT = (
    "date",
    "kind",
    "name",
    "email",
    "function",
    "location",
    "group",
    "calendar",
    "from_group",
)
#: 1-based column of a change's calendar cell: the same column as the main table's links.
CHANGE_CALENDAR_COLUMN = CHANGE_LAYOUT.index("calendar") + 1
_LABEL_KEY = {
    "date": "changes.date",
    "kind": "changes.kind",
    "from_group": "changes.from_group",
}
_KINDS = (JOINED, LEFT, MOVED)
_KIND_OF = {
    fold(label): kind
    for kind in _KINDS
    for label in (kind, *(message(lang, f"changes.{kind}") for lang in LANGUAGES))
}
_HEADERS = {
    tuple(fold(message(lang, _LABEL_KEY.get(k, f"tab.{k}"))) for k in CHANGE_LAYOUT[:2])
    for lang in LANGUAGES
}


@dataclass(frozen=True)
class ChangeRow:
    """One change as a block records it; ``row`` is its 1-based sheet row.

    ``calendar`` is the calendar cell's text: empty until the change has reached the calendar.
    """

    row: int
    on: date | None
    kind: str
    member: TabMember
    group: int | None
    from_group: int | None
    calendar: str = ""

    @property
    def cell(self) -> tuple[int, int]:
        """The (row, column) of the calendar cell, 1-based."""
        return (self.row, CHANGE_CALENDAR_COLUMN)


def render_changes(changes: Sequence[Change], language: str, on: date) -> list[list[str | int]]:
    """The rows of a change block to append below a rotation tab (none when nothing changed).

    Every value is plain text or a number; the adapters write them RAW.

    >>> from aibou.domain.model import Person
    >>> rows = render_changes([Change("joined", Person("k@x.jp", "木村", "cs"), 2, None)],
    ...                       "ja", date(2027, 2, 3))
    >>> rows[1:]
    [['変更履歴'], ['変更日', '変更', '名前', 'メール', '職能', '勤務形態', 'グループ', 'カレンダー', '元のグループ'], ['2027-02-03', '参加', '木村', 'k@x.jp', 'カスタマーサクセス', 'オフィス', 2, '', '']]
    >>> render_changes([], "ja", date(2027, 2, 3))
    []
    """  # noqa: E501
    if not changes:
        return []
    rows: list[list[str | int]] = [
        [],
        [message(language, "changes.title")],
        [message(language, _LABEL_KEY.get(k, f"tab.{k}")) for k in CHANGE_LAYOUT],
    ]
    for change in changes:
        person = change.person
        rows.append(
            [
                on.isoformat(),
                message(language, f"changes.{change.kind}"),
                person.name,
                person.email,
                function_label(person.function, language) if person.function else "",
                message(language, f"location.{person.location}"),
                change.group if change.group is not None else "",
                "",
                change.from_group if change.from_group is not None else "",
            ]
        )
    return rows


def _number(value: object) -> int | None:
    return group_number(text(value))


def read_changes(rows: Sequence[Sequence[object]]) -> tuple[ChangeRow, ...]:
    """Every change recorded in the change blocks of a rotation tab's ``rows``, in order.

    Blocks are found by their header row, in either language. A row that does not read as a
    change (no e-mail, an unknown kind, a group missing where one is needed) is skipped: a hand
    edit, which :mod:`aibou.domain.sheet.digest` reports.

    >>> from aibou.domain.model import Person
    >>> moved = Change("moved", Person("k@x.jp", "Kimura", "cs", "remote"), 3, 2)
    >>> rows = [["Group", "Email"], [1, "a@x.jp"],
    ...         *render_changes([moved], "en", date(2027, 2, 3))]
    >>> [(c.row, c.kind, c.member.email, c.group, c.from_group) for c in read_changes(rows)]
    [(6, 'moved', 'k@x.jp', 3, 2)]
    """

    def cell(row: Sequence[object], key: str) -> object:
        position = CHANGE_LAYOUT.index(key)
        return row[position] if position < len(row) else ""

    found: list[ChangeRow] = []
    inside = False
    for index, row in enumerate(rows, start=1):
        if row and type(row[0]) is str and tuple(fold(c) for c in row[:2]) in _HEADERS:
            inside = True  # a header's first cell is text: group numbers are never folded
            continue
        if not inside:
            continue
        if not any(text(c) for c in row):
            inside = False  # a blank row ends a block
            continue
        kind = _KIND_OF.get(fold(cell(row, "kind")))
        email = text(cell(row, "email")).lower()
        group, from_group = _number(cell(row, "group")), _number(cell(row, "from_group"))
        if (
            kind is None
            or "@" not in email
            or (kind != LEFT and group is None)
            or (kind != JOINED and from_group is None)
        ):
            continue
        try:
            on: date | None = date.fromisoformat(text(cell(row, "date")))
        except ValueError:
            on = None
        member = TabMember(
            email,
            text(cell(row, "name")),
            text(cell(row, "function")),
            text(cell(row, "location")),
        )
        found.append(
            ChangeRow(
                index,
                on,
                kind,
                member,
                group if kind != LEFT else None,
                from_group if kind != JOINED else None,
                text(cell(row, "calendar")),
            )
        )
    return tuple(found)


def apply_changes(tab: RotationTab, changes: Sequence[ChangeRow]) -> RotationTab:
    """``tab`` with ``changes`` applied: its groups now, and who was in each group before.

    Groups emptied by the changes are gone (their series was cancelled) but stay in
    ``former``, so their number is never reused and their meetings count as history. A group
    that only the changes created gets its calendar cell (and link) from its first change row.

    >>> from aibou.domain.model import Person
    >>> a, b, k = (TabMember(e, e[0], "cs", "") for e in ("a@x.jp", "b@x.jp", "k@x.jp"))
    >>> tab = RotationTab("2027-Q1", "t", {1: (a, b)}, link_cells={1: (2, 8)})
    >>> rows = render_changes([Change("joined", Person("k@x.jp", "k", "cs"), 1, None),
    ...                        Change("left", Person("b@x.jp", "b", "cs"), None, 1)],
    ...                       "en", date(2027, 2, 3))
    >>> after = apply_changes(tab, read_changes([[]] * 5 + rows))
    >>> [m.email for m in after.groups[1]], [sorted(g) for g in after.past().groups]
    (['a@x.jp', 'k@x.jp'], [['a@x.jp', 'b@x.jp', 'k@x.jp']])
    """
    if not changes:
        return tab
    groups = {n: list(members) for n, members in tab.groups.items()}
    former = {n: set(emails) for n, emails in tab.former.items()}
    links, link_cells = dict(tab.links), dict(tab.link_cells)
    for change in changes:
        if change.from_group is not None:
            members = groups.get(change.from_group, [])
            groups[change.from_group] = [m for m in members if m.email != change.member.email]
            former.setdefault(change.from_group, set()).add(change.member.email)
        if change.group is not None:
            if change.group not in tab.groups:  # a new group: its link is in the block
                link_cells.setdefault(change.group, change.cell)
                if change.calendar:
                    links.setdefault(change.group, change.calendar)
            members = groups.setdefault(change.group, [])
            if all(m.email != change.member.email for m in members):
                members.append(change.member)
    for number in [n for n, members in groups.items() if not members]:
        del groups[number]
        former.setdefault(number, set())
    return replace(
        tab,
        groups={n: tuple(members) for n, members in sorted(groups.items())},
        links=links,
        link_cells=link_cells,
        former={n: frozenset(emails) for n, emails in sorted(former.items())},
    )
