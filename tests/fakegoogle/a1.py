"""A1 notation: parsing ``'相棒 2027-Q1'!A1:H`` and writing ranges back as Google does."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import bad_request

_END = re.compile(r"^([A-Za-z]{0,3})(\d{0,7})$")
# Unquoted sheet names: letters (any script), digits and underscore only. Google asks for
# quotes around names with spaces or punctuation; the fake requires them (stricter).
_BARE_TITLE = re.compile(r"^\w+$")
_NO_QUOTE_NEEDED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Box:
    """A rectangle of zero-based, end-exclusive indexes; None = open-ended."""

    r0: int
    r1: int | None
    c0: int
    c1: int | None

    @property
    def is_single_cell(self) -> bool:
        return self.r1 == self.r0 + 1 and self.c1 == self.c0 + 1


WHOLE = Box(0, None, 0, None)


def col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def col_letters(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def split(text: str) -> tuple[str | None, str | None]:
    """``'My sheet'!A1:B2`` -> ("My sheet", "A1:B2"); ``A1:B2`` -> (None, "A1:B2").

    A string without ``!`` is returned as (None, text): the caller decides whether it names a
    sheet or a cell range.
    """
    if text.startswith("'"):
        i, title = 1, ""
        while i < len(text):
            if text[i] == "'":
                if text[i + 1 : i + 2] == "'":
                    title += "'"
                    i += 2
                    continue
                rest = text[i + 1 :]
                if rest == "":
                    return title, None
                if rest.startswith("!") and len(rest) > 1:
                    return title, rest[1:]
                break
            title += text[i]
            i += 1
        raise bad_request(f"Unable to parse range: {text}")
    if "!" in text:
        title, _, cells = text.rpartition("!")
        if not _BARE_TITLE.match(title) or not cells:
            raise bad_request(f"Unable to parse range: {text}")
        return title, cells
    return None, text


def parse_cells(part: str, original: str) -> Box:
    ends = part.split(":")
    if len(ends) > 2:
        raise bad_request(f"Unable to parse range: {original}")
    parsed = []
    for end in ends:
        m = _END.match(end)
        if not m or not (m.group(1) or m.group(2)):
            raise bad_request(f"Unable to parse range: {original}")
        col = col_index(m.group(1)) if m.group(1) else None
        row = int(m.group(2)) - 1 if m.group(2) else None
        if row is not None and row < 0:
            raise bad_request(f"Unable to parse range: {original}")
        parsed.append((col, row))
    if len(parsed) == 1:
        col, row = parsed[0]
        if col is None or row is None:
            raise bad_request(f"Unable to parse range: {original}")
        return Box(row, row + 1, col, col + 1)
    (ca, ra), (cb, rb) = parsed
    if ca is None and cb is not None:
        raise bad_request(f"Unable to parse range: {original}")
    if ca is not None and cb is not None and ca > cb:
        ca, cb = cb, ca
    if ra is not None and rb is not None and ra > rb:
        ra, rb = rb, ra
    return Box(
        ra if ra is not None else 0,
        rb + 1 if rb is not None else None,
        ca if ca is not None else 0,
        cb + 1 if cb is not None else None,
    )


def quote_title(title: str) -> str:
    if _NO_QUOTE_NEEDED.match(title):
        return title
    return "'" + title.replace("'", "''") + "'"


def format_box(title: str, box: Box) -> str:
    """Google's spelling of a bounded range: ``Sheet1!A1:C2``, ``'My sheet'!B3``."""
    assert box.r1 is not None
    assert box.c1 is not None
    start = f"{col_letters(box.c0)}{box.r0 + 1}"
    end = f"{col_letters(box.c1 - 1)}{box.r1}"
    cells = start if start == end else f"{start}:{end}"
    return f"{quote_title(title)}!{cells}"
