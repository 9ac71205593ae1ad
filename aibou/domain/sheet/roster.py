"""The Roster tab: one row per person, headers in English or Japanese.

:func:`parse_roster` turns the rows into :class:`~aibou.domain.model.Person` values and lists
every problem at once, each located by tab, row and column, so a user can fix them in one pass.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from aibou.domain.i18n import has_message, message
from aibou.domain.model import OFFICE, REMOTE, Person, Problem
from aibou.domain.sheet.cells import column_letter, fold, is_email, is_timezone, text
from aibou.domain.sheet.functions import FUNCTION_ALIASES
from aibou.domain.sheet.settings import Settings
from aibou.domain.time.dates import DateError, parse_date

__all__ = ["ROSTER_TABS", "Roster", "function_label", "location_key", "parse_roster"]

#: Titles the roster tab may have.
ROSTER_TABS = ("Roster", "名簿", "メンバー", "Members")

#: Column key -> header aliases (compared with :func:`~aibou.domain.sheet.cells.fold`).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "名前", "氏名"),
    "email": ("email", "e-mail", "mail", "メール", "メールアドレス"),
    "function": ("function", "role", "職能", "職種"),
    "location": ("location", "勤務形態", "働き方"),
    "status": ("status", "ステータス", "状態"),
    "team": ("team", "チーム"),
    "manager": ("manager", "上長", "マネージャー"),
    "timezone": ("timezone", "time zone", "タイムゾーン"),
    "joined": ("joined", "入社日"),
}
REQUIRED = ("name", "email", "function")
#: How many rows from the top may hold the header row (a title row above it is fine).
HEADER_SEARCH_ROWS = 5

ACTIVE, LEAVE, OPT_OUT = "active", "leave", "opt-out"
_STATUSES = {
    ACTIVE: ("", "active", "アクティブ", "在籍", "参加", "参加中"),
    LEAVE: ("leave", "on leave", "休職", "休職中", "休業", "育休", "産休", "休暇"),
    OPT_OUT: ("opt-out", "opt out", "不参加", "辞退", "退職", "left"),
}
_LOCATIONS = {
    OFFICE: ("", "office", "onsite", "on-site", "オフィス", "出社"),
    REMOTE: ("remote", "wfh", "リモート", "在宅", "リモートワーク"),
}


@dataclass(frozen=True)
class Roster:
    """The parsed roster: who takes part, who sits this period out, and what is wrong."""

    people: tuple[Person, ...]
    absent: tuple[Person, ...]
    problems: tuple[Problem, ...]
    #: The ``joined`` / ``入社日`` date of the people whose cell holds one, by e-mail.
    joined: Mapping[str, date] = field(default_factory=dict)

    def active(self, day: date) -> tuple[Person, ...]:
        """The people active on ``day``: a joined date after it means not active yet (§7).

        >>> a, b = Person("a@x.jp", "A", "cs"), Person("b@x.jp", "B", "dev")
        >>> roster = Roster((a, b), (), (), {"b@x.jp": date(2027, 2, 1)})
        >>> [p.email for p in roster.active(date(2027, 1, 31))]
        ['a@x.jp']
        >>> len(roster.active(date(2027, 2, 1)))
        2
        """
        return tuple(p for p in self.people if self.joined.get(p.email, day) <= day)

    def counts(self) -> dict[str, int]:
        """Active head count per function."""
        counts: dict[str, int] = {}
        for person in self.people:
            counts[person.function] = counts.get(person.function, 0) + 1
        return counts


#: How Japanese messages name the status and location values they list.
_JA_LABELS = {
    ACTIVE: "参加",
    LEAVE: "休職",
    OPT_OUT: "不参加",
    OFFICE: "オフィス",
    REMOTE: "リモート",
}


def _listing(values: Sequence[tuple[str, str]], language: str) -> str:
    """Accepted values for a message, each with its label where it has one.

    >>> _listing([("sales", "セールス"), ("pm", "")], "ja"), _listing([("dev", "Dev")], "en")
    ('sales（セールス）、pm', 'dev (Dev)')
    """
    if language == "ja":
        return "、".join(f"{v}（{label}）" if label else v for v, label in values)
    return ", ".join(f"{v} ({label})" if label else v for v, label in values)


def function_label(function: str, language: str) -> str:
    """How a function is shown to people: a translated label, or the key itself.

    >>> function_label("cs", "ja"), function_label("cs", "en"), function_label("pm", "ja")
    ('カスタマーサクセス', 'Customer Success', 'pm')
    """
    key = f"function.{function}"
    return message(language, key) if has_message(key) else function


def location_key(label: str) -> str:
    """``office`` or ``remote`` for a location as people (or aibou's tabs) write it.

    >>> location_key("リモート"), location_key("Office"), location_key("")
    ('remote', 'office', 'office')
    """
    return _LOCATION_OF.get(fold(label), OFFICE)


def _lookup(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {fold(alias): key for key, aliases in table.items() for alias in aliases}


_STATUS_OF = _lookup(_STATUSES)
_LOCATION_OF = _lookup(_LOCATIONS)
_COLUMN_OF = _lookup(COLUMNS)


def _find_header(rows: Sequence[Sequence[object]]) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = {_COLUMN_OF.get(fold(cell)) for cell in row} - {None}
        if len(keys) >= 2:  # two known headers make a header row; missing ones are named later
            return index
    return None


def parse_roster(title: str, rows: Sequence[Sequence[object]], settings: Settings) -> Roster:
    """Read the roster tab ``title`` from its ``rows`` (row 1 first).

    Blank rows are skipped; people whose status is leave or opt-out are ``absent``. The steps:
    find the header row (:func:`_find_header`), map its columns (:func:`_columns`), read each
    row (:class:`_RowReader`), then check the whole (:func:`_roster_problems`).

    >>> rows = [["名前", "メール", "職能", "勤務形態"],
    ...         ["山田 太郎", "Taro@Example.com", "インサイドセールス", "リモート"],
    ...         ["佐藤 花子", "hanako@example.com", "CS", ""],
    ...         ["鈴木 一郎", "ichiro@example.com", "エンジニア", "オフィス"]]
    >>> roster = parse_roster("名簿", rows, Settings())
    >>> [(p.email, p.function, p.location) for p in roster.people]
    [('taro@example.com', 'sales', 'remote'), ('hanako@example.com', 'cs', 'office'), ('ichiro@example.com', 'dev', 'office')]
    >>> roster.problems
    ()
    """  # noqa: E501
    lang = settings.language
    header_index = _find_header(rows)
    if header_index is None:
        return Roster((), (), (Problem(title, 1, None, message(lang, "roster.no_header")),))
    columns, problems = _columns(title, rows[header_index], header_index + 1, lang)
    if problems:
        return Roster((), (), tuple(problems))

    reader = _RowReader(title, columns, settings)
    people: list[Person] = []
    absent: list[Person] = []
    for index in range(header_index + 1, len(rows)):
        read = reader.read(index + 1, rows[index])
        if read is not None:
            person, status = read
            (people if status == ACTIVE else absent).append(person)
    problems = reader.problems + _roster_problems(title, columns, people, settings)
    return Roster(tuple(people), tuple(absent), tuple(problems), reader.joined)


def _columns(
    title: str, header: Sequence[object], row_number: int, lang: str
) -> tuple[dict[str, int], list[Problem]]:
    """Column key -> 1-based position in the header row; duplicate and missing columns."""
    problems: list[Problem] = []
    columns: dict[str, int] = {}
    for position, cell in enumerate(header, start=1):
        key = _COLUMN_OF.get(fold(cell))
        if key is None:
            continue
        if key in columns:
            problems.append(
                Problem(title, row_number, column_letter(position), message(
                    lang, "roster.duplicate_column", header=text(cell),
                    first=column_letter(columns[key]), second=column_letter(position)))
            )  # fmt: skip
        else:
            columns[key] = position
    for key in REQUIRED:
        if key not in columns:
            # the canonical header in the sheet's language: メール / email
            header_name = next(a for a in COLUMNS[key] if a.isascii() == (lang != "ja"))
            problems.append(
                Problem(
                    title, row_number, None,
                    message(lang, "roster.missing_column", header=header_name),
                )
            )  # fmt: skip
    return columns, problems


class _RowReader:
    """Reads the roster's rows one by one, collecting the problems of every row it reads."""

    def __init__(self, title: str, columns: dict[str, int], settings: Settings) -> None:
        self.title = title
        self.columns = columns
        self.lang = settings.language
        self.function_of = {
            fold(alias): function
            for function in settings.functions
            for alias in (function, *FUNCTION_ALIASES.get(function, ()))
        }
        lang = self.lang
        self.accepted_functions = _listing(
            [(f, function_label(f, lang) if has_message(f"function.{f}") else "")
             for f in settings.functions], lang)  # fmt: skip
        self.accepted_statuses = _listing(
            [(s, _JA_LABELS[s] if lang == "ja" else "") for s in _STATUSES], lang
        )
        self.accepted_locations = _listing(
            [(s, _JA_LABELS[s] if lang == "ja" else "") for s in _LOCATIONS], lang
        )
        self.problems: list[Problem] = []
        self.first_row: dict[str, int] = {}  # e-mail -> the row it first appears on
        self.joined: dict[str, date] = {}
        self.folded: dict[str, str] = {}  # a label as compared, made once per distinct label

    def read(self, row_number: int, row: Sequence[object]) -> tuple[Person, str] | None:
        """The person on ``row`` and their status; ``None`` for a blank row."""
        cells = {key: self._cell(row, key) for key in COLUMNS}
        if not any(cells.values()) and not any(text(value) for value in row):
            return None
        name, email = cells["name"], cells["email"].lower()
        if not name:
            self._problem(row_number, "name", "roster.empty_name")
        self._check_email(row_number, email, cells["email"])
        function = self._label(row_number, cells, "function", self.function_of,
                               "roster.unknown_function", self.accepted_functions)  # fmt: skip
        status = self._label(row_number, cells, "status", _STATUS_OF, "roster.unknown_status",
                             self.accepted_statuses)  # fmt: skip
        location = self._label(row_number, cells, "location", _LOCATION_OF,
                               "roster.unknown_location", self.accepted_locations)  # fmt: skip
        self._read_joined(row_number, row, email)
        zone = cells["timezone"]
        if zone and not is_timezone(zone):
            self._problem(row_number, "timezone", "roster.unknown_timezone", value=zone)
        person = Person(
            email=email,
            name=name,
            function=function or "",
            location=location or OFFICE,
            team=cells["team"],
            manager=cells["manager"].lower(),
            timezone=zone,
            row=row_number,
        )
        return person, status or ""

    def _read_joined(self, row_number: int, row: Sequence[object], email: str) -> None:
        """The joined date (a date cell, ``2027-01-05``, ``2027/1/5``), or a problem."""
        position = self.columns.get("joined")
        value = row[position - 1] if position and position <= len(row) else None
        if not text(value):
            return
        try:
            self.joined[email] = parse_date(value)
        except DateError:
            self._problem(row_number, "joined", "roster.bad_joined", value=text(value)[:40])

    def _cell(self, row: Sequence[object], key: str) -> str:
        position = self.columns.get(key)
        return text(row[position - 1]) if position and position <= len(row) else ""

    def _problem(self, row_number: int, key: str, code: str, **values: object) -> None:
        column = column_letter(self.columns[key])
        self.problems.append(
            Problem(self.title, row_number, column, message(self.lang, code, **values))
        )

    def _check_email(self, row_number: int, email: str, written: str) -> None:
        if not email:
            self._problem(row_number, "email", "roster.empty_email")
        elif not is_email(email):
            self._problem(row_number, "email", "roster.bad_email", value=written)
        elif email in self.first_row:
            self._problem(row_number, "email", "roster.duplicate_email", value=written,
                          first=self.first_row[email])  # fmt: skip
        else:
            self.first_row[email] = row_number

    def _label(
        self,
        row_number: int,
        cells: dict[str, str],
        key: str,
        table: dict[str, str],
        code: str,
        accepted: str,
    ) -> str | None:
        folded = self.folded.get(cells[key])
        if folded is None:
            folded = self.folded[cells[key]] = fold(cells[key])
        value = table.get(folded)
        if value is None:
            # blank is valid for a status or a location: only a function can be blank
            code = code if cells[key] else "roster.blank_function"
            self._problem(row_number, key, code, value=cells[key], accepted=accepted)
        return value


def _roster_problems(
    title: str, columns: dict[str, int], people: Sequence[Person], settings: Settings
) -> list[Problem]:
    """What is wrong with the roster as a whole: a function nobody has, too few people."""
    lang = settings.language
    problems = []
    present = {p.function for p in people}
    for function in settings.functions:
        if function not in present:
            problems.append(
                Problem(title, None, column_letter(columns["function"]),
                        message(lang, "roster.empty_function", function=function))
            )  # fmt: skip
    if len(people) < 2:
        problems.append(
            Problem(title, None, None, message(lang, "roster.too_few", count=len(people)))
        )
    return problems
