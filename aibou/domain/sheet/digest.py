"""What aibou wrote to a tab, kept as a compact digest, and the hand edits it reveals (§3, §7).

aibou stores a :class:`Written` record beside each tab it writes (developer metadata in Sheets,
a hidden property in the ``.xlsx``): a short hash of every row it wrote and, per column, a sum
of its cells' hashes. Comparing a tab's rows with the record tells a hand edit (reported with
its cell, never acted on) from a run to resume (cells aibou left empty to fill later, such as
event links, are left out of every hash). The record grows with each change block appended.

A rotation tab's record also names its **organiser** (§7): the calendar its events were made in
and the e-mail of the user they were made as, so amendments and reports act there and as them
whatever the settings or the deployment say later.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import sys
from array import array
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from urllib.parse import quote, unquote

from aibou.domain.i18n import message
from aibou.domain.model import Problem
from aibou.domain.sheet.cells import column_letter, text, text_once, texts
from aibou.domain.sheet.history import CALENDAR_COLUMN

__all__ = ["MAX_WARNINGS", "Written", "edited_rows", "hand_edits"]

#: At most this many hand-edit warnings per tab; the rest are counted in one more warning.
MAX_WARNINGS = 20
_ROW_BYTES = 3  # 24 bits: 4 base64 characters per row
_MOD = 2**64  # the columns' sums
_VERSION = "v1"
#: The version of a record that names its organiser (two more fields).
_VERSION_ORGANISER = "v2"
#: Longest calendar id or owner e-mail a record keeps (Calendar ids and addresses are shorter).
MAX_ORGANISER_CHARS = 320


def _canonical(row: Sequence[object], skip: Collection[int], seen: dict[object, str]) -> list[str]:
    """The row's cells as hashed: their text (``seen``: :func:`text_once`), the skipped
    columns empty, no empty cells at the end."""
    cells = ["" if i in skip else text_once(v, seen) for i, v in enumerate(row, start=1)]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _canonical_rows(rows: Sequence[Sequence[object]], skip: Collection[int]) -> list[list[str]]:
    """:func:`_canonical` of each row, cleaned a column at a time (:func:`texts`) when the rows
    are about as wide as each other (a single very wide row is cleaned on its own)."""
    width = max(map(len, rows), default=0)
    if width * len(rows) > 2 * sum(map(len, rows)) + width:
        seen: dict[object, str] = {}
        return [_canonical(row, skip, seen) for row in rows]
    columns = [
        [""] * len(rows)
        if column in skip
        else texts([row[column - 1] if column <= len(row) else "" for row in rows])
        for column in range(1, width + 1)
    ]
    out = [list(cells) for cells in zip(*columns, strict=True)] if columns else [[] for _ in rows]
    for cells in out:
        while cells and not cells[-1]:
            cells.pop()
    return out


def _row_hashes(rows: Iterable[list[str]]) -> str:
    """The rows' hashes, 4 characters each: the canonical JSON of the row's cells
    (``json.dumps(cells, ensure_ascii=False, separators=(",", ":"))``, written out for speed),
    hashed with BLAKE2b to 24 bits, in URL-safe base64."""
    digests = b"".join(
        hashlib.blake2b(
            f"[{','.join(map(encode_basestring, cells))}]".encode(), digest_size=_ROW_BYTES
        ).digest()
        for cells in rows
    )
    return base64.urlsafe_b64encode(digests).decode()


def _column_sum(first: int, values: Sequence[str]) -> int | None:
    """The sum (mod 2**64) of the hashes of a column's non-empty cells, ``values[0]`` in row
    ``first``; ``None`` when they are all empty. A cell's hash is its row and text hashed with
    BLAKE2b to 64 bits, read as a big-endian integer."""
    digests = b"".join(
        [
            hashlib.blake2b(f"{row}\x1f{value}".encode(), digest_size=8).digest()
            for row, value in enumerate(values, start=first)
            if value
        ]
    )
    if not digests:
        return None
    hashes = array("Q", digests)  # 8 bytes each, in this machine's byte order...
    if sys.byteorder == "little":
        hashes.byteswap()  # ...read big-endian
    return sum(hashes) % _MOD


@dataclass(frozen=True)
class Written:
    """A compact record of the rows aibou wrote to one tab.

    ``rows`` holds one short hash per row (4 characters); ``columns`` maps 1-based columns to
    the sum (mod 2**64) of their non-empty cells' hashes, each cell hashed with its row;
    ``skip`` lists the columns aibou fills later (event links), left out of every hash.
    ``calendar`` and ``owner`` name a rotation's organiser: the calendar id its events were made
    in and the e-mail of the user they were made as (empty when not recorded: an older tab, a
    file calendar's owner). Encoded, the record takes about 4 characters per row.

    Examples
    --------
    >>> rows = [["Group", "Email", "Calendar"], [1, "a@x.jp", ""], [1, "b@x.jp", ""]]
    >>> w = Written.of(rows, skip=(3,))
    >>> len(w.rows), w == Written.of([r[:2] + ["https://cal/1"] for r in rows], skip=(3,))
    (3, True)
    >>> Written.decode(w.encode()) == w, Written.of(rows[:2], (3,)).extend(rows[2:]) == w
    (True, True)
    >>> len(w.digest)
    64
    >>> o = w.organised("primary", "hanako@x.jp")
    >>> Written.decode(o.encode()) == o, o.extend(rows[:1]).owner, w.encode().startswith("v1;")
    (True, 'hanako@x.jp', True)
    """

    rows: tuple[str, ...] = ()
    columns: Mapping[int, int] = field(default_factory=dict)
    skip: tuple[int, ...] = (CALENDAR_COLUMN,)
    calendar: str = ""
    owner: str = ""

    @classmethod
    def of(
        cls, rows: Sequence[Sequence[object]], skip: Collection[int] = (CALENDAR_COLUMN,)
    ) -> Written:
        """The record of ``rows`` as aibou writes them (row 1 first)."""
        return cls((), {}, tuple(sorted(skip))).extend(rows)

    def extend(self, rows: Sequence[Sequence[object]]) -> Written:
        """The record after ``rows`` were appended right below the rows it covers."""
        cells = _canonical_rows(rows, self.skip)
        hashes = _row_hashes(cells)
        width = 4 * _ROW_BYTES // 3
        columns = dict(self.columns)
        first = len(self.rows) + 1
        for column, values in enumerate(itertools.zip_longest(*cells, fillvalue=""), start=1):
            added = _column_sum(first, values)
            if added is not None:
                columns[column] = (columns.get(column, 0) + added) % _MOD
        ordered = {c: columns[c] for c in sorted(columns)}
        new = tuple(hashes[i : i + width] for i in range(0, len(hashes), width))
        return Written(self.rows + new, ordered, self.skip, self.calendar, self.owner)

    def organised(self, calendar: str, owner: str) -> Written:
        """The record naming its organiser: ``calendar`` (id) and its ``owner`` (e-mail)."""
        return Written(
            self.rows, self.columns, self.skip, calendar[:MAX_ORGANISER_CHARS],
            owner[:MAX_ORGANISER_CHARS],
        )  # fmt: skip

    @property
    def digest(self) -> str:
        """A stable SHA-256 (hex) of everything the record holds."""
        return hashlib.sha256(self.encode().encode()).hexdigest()

    def encode(self) -> str:
        """The record as one line of ASCII, for developer metadata or a document property."""
        columns = ",".join(f"{c}:{v:x}" for c, v in self.columns.items())
        skip = ",".join(str(c) for c in self.skip)
        text = f"{''.join(self.rows)};{columns};{skip}"
        if not self.calendar and not self.owner:
            return f"{_VERSION};{text}"
        organiser = f"{quote(self.calendar, safe='@')};{quote(self.owner, safe='@')}"
        return f"{_VERSION_ORGANISER};{text};{organiser}"

    @classmethod
    def decode(cls, value: str) -> Written | None:
        """Read :meth:`encode`'s text back; ``None`` if it is not a record aibou wrote."""
        parts = value.split(";")
        width = 4 * _ROW_BYTES // 3
        fields = {_VERSION: 4, _VERSION_ORGANISER: 6}
        if fields.get(parts[0]) != len(parts) or len(parts[1]) % width:
            return None
        calendar, owner = (unquote(p)[:MAX_ORGANISER_CHARS] for p in [*parts, "", ""][4:6])
        try:
            rows = tuple(parts[1][i : i + width] for i in range(0, len(parts[1]), width))
            pairs = [item.split(":") for item in parts[2].split(",") if item]
            columns = {int(c): int(v, 16) for c, v in pairs}
            skip = tuple(int(c) for c in parts[3].split(",") if c)
        except ValueError:
            return None
        return cls(rows, columns, skip, calendar, owner)


def edited_rows(rows: Sequence[Sequence[object]], written: Written) -> list[int]:
    """The rows (1-based) among those aibou wrote whose cells differ from its record.

    Values added below them are not counted (see :func:`hand_edits`).

    >>> rows = [["Group", "Email", "Calendar"], [1, "a@x.jp", ""], [1, "b@x.jp", ""]]
    >>> edited_rows([*rows[:2], [1, "c@x.jp", ""], ["note"]], Written.of(rows, skip=(3,)))
    [3]
    """
    count = len(written.rows)
    mine = [list(rows[i]) if i < len(rows) else [] for i in range(count)]
    now = Written.of(mine, written.skip)
    return [i + 1 for i in range(count) if now.rows[i] != written.rows[i]]


def hand_edits(
    tab: str,
    rows: Sequence[Sequence[object]],
    written: Written,
    language: str,
    *,
    limit: int = MAX_WARNINGS,
) -> list[Problem]:
    """The cells of ``tab`` that differ from what aibou wrote, as warnings.

    Parameters
    ----------
    tab : str
        The tab's title, for the warnings.
    rows : sequence of sequence
        The tab's rows as read now (row 1 first).
    written : Written
        The record aibou kept when it wrote the tab and each change block.
    language : str
        The language of the messages.
    limit : int
        At most this many warnings; one more says how many were left out.

    Returns
    -------
    list of Problem
        Empty when the tab holds what aibou wrote (links it filled in since do not count).

    Notes
    -----
    A changed cell changes its row's hash and its column's sum. One edited cell, or edits in
    one row, or in one column, are located exactly. Edits scattered over several rows and
    columns are reported by row. Values below the rows aibou wrote are reported cell by cell.
    Deleting or inserting a row shifts every row below it, and each shows as edited. The row
    hashes are 24 bits: an edit goes unseen with odds of about one in sixteen million.

    Examples
    --------
    >>> rows = [["Group", "Email", "Calendar"], [1, "a@x.jp", ""], [1, "b@x.jp", ""]]
    >>> w = Written.of(rows, skip=(3,))
    >>> hand_edits("t", [*rows[:2], [1, "c@x.jp", "https://cal"]], w, "en")[0].column
    'B'
    >>> hand_edits("t", [*rows[:2], [1, "b@x.jp", "https://cal"]], w, "en")
    []
    """
    count = len(written.rows)
    mine = [rows[i] if i < len(rows) else [] for i in range(count)]
    below = any(
        column not in written.skip and text(value)
        for row in rows[count:]
        for column, value in enumerate(row, start=1)
    )
    if not below and _row_hashes(_canonical_rows(mine, written.skip)) == "".join(written.rows):
        return []  # the common case, found with one hash a row (no cell hashes)
    now = Written.of(mine, written.skip)
    bad_rows = [i + 1 for i in range(count) if now.rows[i] != written.rows[i]]
    bad_columns = sorted(
        c
        for c in {*now.columns, *written.columns}
        if now.columns.get(c, 0) != written.columns.get(c, 0)
    )
    places: list[tuple[int | None, int | None, str]] = []
    if bad_rows and bad_columns and (len(bad_rows) == 1 or len(bad_columns) == 1):
        places = [(r, c, "edit.cell") for r in bad_rows for c in bad_columns]
    elif bad_rows:
        places = [(r, None, "edit.cell") for r in bad_rows]
    else:
        places = [(None, c, "edit.cell") for c in bad_columns]
    for index in range(count, len(rows)):
        for column, value in enumerate(rows[index], start=1):
            if column not in written.skip and text(value):
                places.append((index + 1, column, "edit.added"))
    problems = [
        Problem(tab, row, column_letter(column) if column else None, message(language, code))
        for row, column, code in places[:limit]
    ]
    if len(places) > limit:
        problems.append(
            Problem(tab, None, None, message(language, "edit.more", count=len(places) - limit))
        )
    return problems
