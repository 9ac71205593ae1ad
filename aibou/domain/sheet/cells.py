"""Turning spreadsheet cells into clean text, and naming columns as a spreadsheet does."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["column_letter", "fold", "is_email", "is_timezone", "text", "text_once", "texts"]

#: Longest time zone name looked up (IANA names are at most about 30 characters); a longer
#: cell is not a zone, and the lookup of a very long one fails in the file system.
MAX_TIMEZONE_CHARS = 64

_SPACES = re.compile(r"\s+")
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_EMAIL = re.compile(
    rf"{_ATOM}(?:\.{_ATOM})*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{{2,}}"
)


def text(value: object) -> str:
    """The cell as a user reads it: NFKC-normalised, one line, no stray spaces.

    Full-width letters and digits become ASCII, newlines and runs of spaces become one space,
    whole floats lose their ``.0`` and dates become ISO dates.

    >>> text("  ＴＡＲＯ\\n 山田 ")
    'TARO 山田'
    >>> text(3.0), text(None), text(date(2027, 1, 4)), text(time(16, 0))
    ('3', '', '2027-01-04', '16:00')
    """
    if type(value) is str:
        if value.isascii() and value.isprintable() and "  " not in value:
            return value.strip()  # most cells: nothing below would change them
        cleaned = value
    elif type(value) is int:  # a number cell (not a bool)
        return str(value)
    elif type(value) is float and value.is_integer():  # how readers give whole numbers
        return str(int(value))
    else:
        cleaned = _other(value)
    if not cleaned.isascii():
        cleaned = unicodedata.normalize("NFKC", cleaned)
    if not cleaned.isprintable():  # checked whole first: most cells are printable
        cleaned = "".join(c if c.isprintable() else " " for c in cleaned)
    if "  " in cleaned:
        cleaned = _SPACES.sub(" ", cleaned)
    return cleaned.strip()


def text_once(value: object, seen: dict[object, str]) -> str:
    """:func:`text`, remembering in ``seen`` what each string or float became (labels and group
    numbers repeat down a tab, and are cleaned once).

    >>> seen = {}
    >>> text_once("ＣＳ", seen), text_once("ＣＳ", seen), text_once(1.0, seen), seen
    ('CS', 'CS', '1', {'ＣＳ': 'CS', 1.0: '1'})

    Only strings and floats are remembered: no two of them are equal keys with different texts
    (``True == 1.0``, but ``True`` is not a float).
    """
    kind = type(value)
    if kind is not str and kind is not float:
        return text(value)
    found = seen.get(value)
    if found is None:
        found = seen[value] = text(value)
    return found


def texts(values: Sequence[object]) -> list[str]:
    """:func:`text` of each value, a column at a time: a column of a few labels repeated
    (strings and floats) cleans each label once.

    >>> texts(["a@x.jp ", "b@x.jp"]), texts(["ＣＳ", 1.0, 1.0, "ＣＳ"]), texts([True, 1, None])
    (['a@x.jp', 'b@x.jp'], ['CS', '1', '1', 'CS'], ['TRUE', '1', ''])
    """
    if set(map(type, values)) <= {str, float}:  # none equal with different texts (True == 1.0)
        distinct = set(values)
        if len(distinct) * 4 <= len(values):
            cleaned = {value: text(value) for value in distinct}
            return list(map(cleaned.__getitem__, values))
    return list(map(text, values))


def _other(value: object) -> str:
    """A cell other than text or an integer as text (before cleaning)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        value = value.date() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def fold(value: object) -> str:
    """A key for comparing labels: :func:`text`, case-folded, without spaces or separators.

    >>> fold("Customer Success") == fold("customer-success") == fold("ＣＵＳＴＯＭＥＲ＿success")
    True
    """
    return re.sub(r"[\s_\-・/()（）]+", "", text(value).casefold())


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 1-based column index.

    >>> column_letter(1), column_letter(26), column_letter(27), column_letter(703)
    ('A', 'Z', 'AA', 'AAA')
    """
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def is_email(value: str) -> bool:
    """Whether ``value`` is an e-mail address Google Calendar would accept as an attendee.

    >>> [is_email(v) for v in ("taro@example.co.jp", "o'brien+buddy@x.io", "taro@example..jp")]
    [True, True, False]
    >>> bad = ("<taro@example.jp>", "taro@example.jp;", "taro@localhost", "山田@例え.jp")
    >>> [is_email(v) for v in bad]
    [False, False, False, False]
    """
    return _EMAIL.fullmatch(value) is not None


def is_timezone(value: str) -> bool:
    """Whether ``value`` names an IANA time zone this machine knows.

    >>> [is_timezone(v) for v in ("Asia/Tokyo", "UTC", "Mars/Olympus", "Asia/" + "x" * 300)]
    [True, True, False, False]
    """
    if not value or len(value) > MAX_TIMEZONE_CHARS:
        return False
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True
