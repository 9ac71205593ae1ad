"""Rotation tabs: how aibou writes one, and how it reads every earlier one back as history.

A rotation tab has a header row (row 1), then one row per member, the group number in column A;
the meeting slot and the calendar link sit on each group's first row; a summary block follows
after a blank row. Tabs pasted in by hand in the same shape count as history too: what matters is
a title such as ``Rotation 2027-Q1`` / ``相棒 2027-Q1`` (or aibou's tag) and the ``group`` and
``email`` columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from aibou.domain.i18n import message
from aibou.domain.matching.scoring import Stats
from aibou.domain.model import Group, PastRotation, Period
from aibou.domain.sheet.cells import fold, text, text_once
from aibou.domain.sheet.roster import COLUMNS, function_label
from aibou.domain.time.periods import key_start
from aibou.domain.time.schedule import Slot, parse_slot

__all__ = [
    "CALENDAR_COLUMN",
    "RotationTab",
    "TabMember",
    "group_number",
    "link_cells",
    "read_rotation",
    "render_rotation",
    "rotation_key",
    "rotation_title",
]

_TITLE = re.compile(
    r"\s*(?:rotation|相棒)\s*[:：]?\s*(?P<key>\d{4}-Q[1-4]|\d{4}-\d{2}-\d{2})\s*", re.IGNORECASE
)
_TAB_COLUMNS: dict[str, tuple[str, ...]] = {
    "group": ("group", "グループ", "組", "#", "no"),
    **{key: COLUMNS[key] for key in ("name", "email", "function", "location")},
    "meeting": ("meeting", "ミーティング"),
    "slot_note": ("how the slot was chosen", "時間の決め方"),
    "calendar": ("calendar", "カレンダー", "event", "イベント"),
}
_COLUMN_OF = {fold(alias): key for key, aliases in _TAB_COLUMNS.items() for alias in aliases}
#: Column order of the tabs aibou writes.
LAYOUT = ("group", "name", "email", "function", "location", "meeting", "slot_note", "calendar")
#: 1-based column of the calendar link in the tabs aibou writes.
CALENDAR_COLUMN = LAYOUT.index("calendar") + 1


@dataclass(frozen=True)
class TabMember:
    """A member as a rotation tab shows them."""

    email: str
    name: str
    function: str
    location: str


@dataclass(frozen=True)
class RotationTab:
    """An earlier (or half-written) rotation read back from its tab.

    ``links`` maps group numbers to the calendar cell's text; ``link_cells`` maps group numbers
    to that cell's (row, column), 1-based, so a resumed run can fill in what is missing;
    ``meetings`` maps group numbers to the meeting cell's text (the slot's label). ``ours`` says
    aibou wrote the tab (it carries aibou's tag); a tab someone made by hand is history only.
    ``former`` maps group numbers to the e-mails of people who were in the group earlier in the
    period (left or moved, see :mod:`aibou.domain.sheet.changes`): they count as having met it.
    """

    key: str
    title: str
    groups: Mapping[int, tuple[TabMember, ...]]
    links: Mapping[int, str] = field(default_factory=dict)
    link_cells: Mapping[int, tuple[int, int]] = field(default_factory=dict)
    meetings: Mapping[int, str] = field(default_factory=dict)
    ours: bool = False
    former: Mapping[int, frozenset[str]] = field(default_factory=dict)

    @property
    def start(self) -> date | None:
        return key_start(self.key)

    @property
    def complete(self) -> bool:
        """The rotation is done: aibou's tab has every calendar link, or someone made it by hand.

        aibou never writes into a tab it did not write, so a hand-made tab for a period is that
        period's rotation as it stands.
        """
        if not self.ours:
            return True
        return bool(self.groups) and all(self.links.get(n) for n in self.groups)

    def slots(self, default: Slot) -> dict[int, Slot]:
        """The slot each group's meeting cell records; ``default`` where it cannot be read.

        >>> from datetime import time
        >>> tab = RotationTab("2027-Q1", "t", {1: (), 2: ()},
        ...                   meetings={1: "Thursdays 10:00–10:30 (Asia/Tokyo)", 2: "?"})
        >>> [s.label("ja") for s in tab.slots(Slot(2, time(16), 30, "Asia/Tokyo")).values()]
        ['毎週木曜 10:00–10:30 (Asia/Tokyo)', '毎週水曜 16:00–16:30 (Asia/Tokyo)']
        """
        return {n: parse_slot(self.meetings.get(n, "")) or default for n in sorted(self.groups)}

    def past(self) -> PastRotation:
        groups = self.groups
        if isinstance(groups, _Members):  # read from a tab: its e-mails, no member made
            met = dict(groups.emails)
        else:
            met = {n: frozenset([m.email for m in members]) for n, members in groups.items()}
        for n, emails in self.former.items():
            met[n] = met.get(n, frozenset()) | emails
        return PastRotation(self.key, self.title, tuple(met[n] for n in sorted(met)), self.start)


#: Longest group number read (a longer one is a label): past about 4,300 digits int() refuses
#: it, and no rotation has a billion groups.
MAX_GROUP_DIGITS = 9
_MAX_GROUP = 10**MAX_GROUP_DIGITS - 1


def group_number(cell: str) -> int | None:
    """The group number a cleaned cell holds; ``None`` for anything else (a label, a blank).

    >>> group_number("12"), group_number("፩"), group_number("1" * 10), group_number("")
    (12, None, None, None)
    """
    return int(cell) if cell.isdecimal() and len(cell) <= MAX_GROUP_DIGITS else None


def rotation_title(key: str, language: str) -> str:
    """The title of the tab for period ``key``.

    >>> rotation_title("2027-Q1", "ja"), rotation_title("2027-Q1", "en")
    ('相棒 2027-Q1', 'Rotation 2027-Q1')
    """
    return message(language, "tab.title", key=key)


def rotation_key(title: str, tag: str | None = None) -> str | None:
    """The period key of a rotation tab: aibou's tag, else what the title says; else ``None``.

    >>> rotation_key("相棒 2027-Q1"), rotation_key("Rotation: 2026-Q4"), rotation_key("Roster")
    ('2027-Q1', '2026-Q4', None)
    >>> rotation_key("renamed by someone", tag="2027-Q2")
    '2027-Q2'
    """
    if tag:
        return tag
    match = _TITLE.fullmatch(text(title))
    return match.group("key").upper() if match else None


def read_rotation(
    key: str, title: str, rows: Sequence[Sequence[object]], *, ours: bool = False
) -> RotationTab | None:
    """Read a rotation tab; ``None`` if it has no group and email columns.

    Rows without an e-mail, or whose group cell is a label (the summary block), are skipped; a
    blank group cell belongs to the group above it (one number per group, or merged cells).

    >>> tab = read_rotation("2026-Q3", "相棒 2026-Q3", [
    ...     ["グループ", "名前", "メール", "職能"],
    ...     [1, "山田", "Taro@x.jp", "セールス"], [1, "佐藤", "hanako@x.jp", "CS"],
    ...     [2, "鈴木", "ichiro@x.jp", "開発"], [2, "田中", "jiro@x.jp", "CS"],
    ...     [], ["概要"], ["グループ数", 2]])
    >>> tab.past().groups == (frozenset({"taro@x.jp", "hanako@x.jp"}), frozenset({"ichiro@x.jp", "jiro@x.jp"}))
    True
    """  # noqa: E501
    header_at = next(
        (
            i
            for i, row in enumerate(rows[:5])
            if {"group", "email"} <= {_COLUMN_OF.get(fold(c)) for c in row}
        ),
        None,
    )
    if header_at is None:
        return None
    columns: dict[str, int] = {}
    for position, cell in enumerate(rows[header_at]):
        columns.setdefault(_COLUMN_OF.get(fold(cell), ""), position)

    name_of, calendar_of = (_reader(columns, k) for k in ("name", "calendar"))
    meeting_of = _reader(columns, "meeting", repeats=True)
    rows_of = _group_rows(rows, header_at + 1, columns["group"], columns["email"])
    links: dict[int, str] = {}
    link_cells: dict[int, tuple[int, int]] = {}
    meetings: dict[int, str] = {}
    calendar = columns.get("calendar")
    for group, found in rows_of.items():
        if calendar is not None:
            link_cells[group] = (found[0][0] + 1, calendar + 1)
        if link := _first(rows, found, calendar_of):
            links[group] = link
        if meeting := _first(rows, found, meeting_of):
            meetings[group] = meeting
    function_of, location_of = (_reader(columns, k, repeats=True) for k in ("function", "location"))

    def members(found: list[tuple[int, str]]) -> tuple[TabMember, ...]:
        return tuple(
            TabMember(email, name_of(rows[i]), function_of(rows[i]), location_of(rows[i]))
            for i, email in found
        )

    return RotationTab(key, title, _Members(rows_of, members), links, link_cells, meetings, ours)


def _first(
    rows: Sequence[Sequence[object]],
    found: list[tuple[int, str]],
    read: Callable[[Sequence[object]], str],
) -> str:
    """The first text ``read`` finds in a group's rows (``found``: index, e-mail); else ``""``."""
    for index, _ in found:
        if value := read(rows[index]):
            return value
    return ""


def _group_rows(
    rows: Sequence[Sequence[object]], first: int, group: int, email: int
) -> dict[int, list[tuple[int, str]]]:
    """Each group's rows from ``first`` on, (index, e-mail): ``group`` and ``email`` are the
    0-based columns. A blank group cell continues the group above (merged cells); a label (the
    summary block) ends it; a row without an e-mail is no member."""
    rows_of: dict[int, list[tuple[int, str]]] = {}
    seen: dict[object, str] = {}  # group cells' texts (labels repeat)
    current: int | None = None
    for index in range(first, len(rows)):
        row = rows[index]
        cell = row[group] if group < len(row) else None
        if type(cell) is int:  # as aibou writes it: text(cell) is str(cell)
            current = cell if 0 <= cell <= _MAX_GROUP else None
        elif cell is not None and cell != "":
            number = text_once(cell, seen)
            if number:
                current = group_number(number)
        if current is None:
            continue
        address = text(row[email]).lower() if email < len(row) else ""
        if "@" in address:
            found = rows_of.get(current)
            if found is None:
                rows_of[current] = [(index, address)]
            else:
                found.append((index, address))
    return rows_of


class _Members(Mapping[int, tuple[TabMember, ...]]):
    """A tab's members by group number, each group's made when first looked up.

    History asks a tab only who was in each group (:meth:`RotationTab.past`, from
    :attr:`emails`); names, functions and locations are read for the few tabs a run works on.
    """

    def __init__(
        self,
        rows_of: Mapping[int, list[tuple[int, str]]],
        members: Callable[[list[tuple[int, str]]], tuple[TabMember, ...]],
    ) -> None:
        self._rows_of = rows_of
        self._members = members
        self._made: dict[int, tuple[TabMember, ...]] = {}
        self.emails = {n: frozenset([e for _, e in found]) for n, found in rows_of.items()}

    def __getitem__(self, number: int) -> tuple[TabMember, ...]:
        made = self._made.get(number)
        if made is None:
            made = self._made[number] = self._members(self._rows_of[number])
        return made

    def __iter__(self) -> Iterator[int]:
        return iter(self._rows_of)

    def __len__(self) -> int:
        return len(self._rows_of)

    def __repr__(self) -> str:
        return repr(dict(self))


def _reader(
    columns: Mapping[str, int], key: str, *, repeats: bool = False
) -> Callable[[Sequence[object]], str]:
    """The text of column ``key`` of a row (empty past the row's end or when the tab has no
    such column); a column whose values repeat (labels) cleans each value once."""
    position = columns.get(key)
    if position is None:
        return lambda row: ""
    if not repeats:
        return lambda row: text(row[position]) if position < len(row) else ""
    seen: dict[object, str] = {}
    return lambda row: text_once(row[position], seen) if position < len(row) else ""


def link_cells(groups: Sequence[Group]) -> dict[int, tuple[int, int]]:
    """Where :func:`render_rotation` puts each group's calendar link, as reading the tab back
    finds it: (row, column), 1-based, on the group's first row.

    >>> from aibou.domain.model import Person
    >>> a, b, c = (Person(f"{n}@x.jp", n, "dev") for n in "abc")
    >>> link_cells([Group(1, (a, b)), Group(2, (c,))])
    {1: (2, 8), 2: (4, 8)}
    """
    cells: dict[int, tuple[int, int]] = {}
    row = 2  # below the header
    for group in groups:
        if group.members:
            cells[group.number] = (row, CALENDAR_COLUMN)
        row += len(group.members)
    return cells


def render_rotation(
    period: Period,
    groups: Sequence[Group],
    stats: Stats,
    slots: Mapping[int, Slot],
    language: str,
    written_on: date,
) -> list[list[str | int]]:
    """The rows of a new rotation tab (calendar links are filled in once events exist).

    Every value is plain text or a number; the adapters write them RAW.
    """
    rows: list[list[str | int]] = [[message(language, f"tab.{key}") for key in LAYOUT]]
    for group in groups:
        slot = slots.get(group.number)
        for position, person in enumerate(group.members):
            first = position == 0
            rows.append(
                [
                    group.number,
                    person.name,
                    person.email,
                    function_label(person.function, language),
                    message(language, f"location.{person.location}"),
                    slot.label(language) if first and slot else "",
                    slot.explain(language) if first and slot else "",
                    "",
                ]
            )
    rows.append([])
    rows.append([message(language, "tab.summary")])
    rows.append(
        [
            message(language, "tab.period"),
            period.key,
            period.start.isoformat(),
            period.end.isoformat(),
        ]
    )
    rows.append([message(language, "tab.groups"), len(groups)])
    for size, count in sorted(stats.group_sizes.items(), reverse=True):
        rows.append([message(language, "tab.size", size=size), count])
    rows.append([message(language, "tab.repeat_pairs"), stats.repeat_pairs])
    rows.append([message(language, "tab.same_function_pairs"), stats.same_function_pairs])
    rows.append([message(language, "tab.unmixed_groups"), stats.unmixed_groups])
    if stats.odd_again:
        rows.append([message(language, "tab.odd_again"), ", ".join(stats.odd_again)])
    rows.append([message(language, "tab.written_by"), "aibou", written_on.isoformat()])
    return rows
