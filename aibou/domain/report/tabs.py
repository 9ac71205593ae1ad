"""The report tabs and the ``report --json`` object (§8), adapter-neutral.

:func:`participation_tab` and :func:`coverage_tab` give a :class:`ReportTab`: its title in the
sheet's language, its rows (plain text and numbers, written RAW), the rows to set in bold, and a
:class:`ColorScale` for the coverage grid, which the Sheets adapter turns into an
``addConditionalFormatRule`` with a ``gradientRule`` and the ``.xlsx`` adapter into an openpyxl
``ColorScaleRule``. Report tabs are rewritten whole on every report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from aibou.domain.i18n import message
from aibou.domain.model import Period, Problem
from aibou.domain.report.coverage import MAX_GRID_PEOPLE, Coverage, RotationsNeeded
from aibou.domain.report.participation import ParticipationRow
from aibou.domain.sheet.roster import function_label

__all__ = [
    "COVERAGE",
    "MEET_REASONS",
    "PARTICIPATION",
    "ColorScale",
    "ReportTab",
    "coverage_tab",
    "participation_tab",
    "report_dict",
    "report_title",
]

#: The kinds of report tab; each adapter tags its tab with the kind, so a rename keeps it ours.
PARTICIPATION = "participation"
COVERAGE = "coverage"
#: Why Meet data may be missing, each with its message ``meet.<reason>``.
MEET_REASONS = ("off", "denied", "disabled", "unavailable")

Cell = str | int


@dataclass(frozen=True)
class ColorScale:
    """A two-colour scale over a block of cells, 1-based and inclusive.

    The lowest colour goes to the number ``min_value``, the highest to the largest value in
    the block; blank cells stay uncoloured. Colours are ``#RRGGBB``.

    >>> ColorScale(3, 2, 4, 5).a1
    'B3:E4'
    """

    first_row: int
    first_column: int
    last_row: int
    last_column: int
    min_color: str = "#F4C7C3"  # light red: never met
    max_color: str = "#57BB8A"  # green: met most often
    min_value: int = 0

    @property
    def a1(self) -> str:
        return f"{_letters(self.first_column)}{self.first_row}:{_letters(self.last_column)}{self.last_row}"  # noqa: E501


@dataclass(frozen=True)
class ReportTab:
    """A report tab as written: ``kind`` (:data:`PARTICIPATION` or :data:`COVERAGE`), title,
    rows, the 1-based rows to set in bold, the 1-based rows whose text reads vertically (the
    grid's names across the top, so its columns stay narrow), and the colour scales to apply."""

    kind: str
    title: str
    rows: tuple[tuple[Cell, ...], ...]
    bold_rows: tuple[int, ...] = ()
    color_scales: tuple[ColorScale, ...] = ()
    vertical_rows: tuple[int, ...] = ()


def _letters(column: int) -> str:
    """``1 -> A``, ``27 -> AA``."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def report_title(kind: str, language: str) -> str:
    """The title of a report tab.

    >>> report_title(COVERAGE, "ja"), report_title(PARTICIPATION, "en")
    ('カバレッジ', 'Participation')
    """
    return message(language, f"report.{kind}")


def _heading(kind: str, period: Period, as_of: date, language: str) -> list[tuple[Cell, ...]]:
    title = report_title(kind, language)
    return [
        (title, period.key, period.start.isoformat(), period.end.isoformat()),
        (message(language, "report.as_of"), as_of.isoformat()),
    ]


def participation_tab(
    period: Period,
    rows: Sequence[ParticipationRow],
    language: str,
    as_of: date,
    *,
    meet_reason: str | None = None,
) -> ReportTab:
    """The ``参加状況`` / ``Participation`` tab.

    A heading (period, as of), the reason Meet data is missing when ``meet_reason`` (one of
    :data:`MEET_REASONS`) is given, a blank row, then a header and one row per member: group,
    name, email, reply, meetings so far, meetings held, last held, attention (in words).

    >>> from aibou.domain.report.participation import ParticipationRow
    >>> row = ParticipationRow(1, "a@x", "A", "declined", 3, None, None, ("declined",))
    >>> period = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
    >>> tab = participation_tab(period, [row], "en", date(2027, 1, 27), meet_reason="off")
    >>> tab.rows[2][0][:40]
    'Google Meet records could not be read, s'
    >>> tab.rows[-1]
    (1, 'A', 'a@x', 'Declined', 3, '', '', 'Someone declined the series')
    """
    if meet_reason is not None and meet_reason not in MEET_REASONS:
        raise ValueError(f"unknown Meet reason {meet_reason!r}; use one of {MEET_REASONS}")
    out = _heading(PARTICIPATION, period, as_of, language)
    if meet_reason is not None:
        reason = message(language, f"meet.{meet_reason}")
        out.append((message(language, "report.meet_missing", reason=reason),))
    out.append(())
    header = (
        "tab.group",
        "tab.name",
        "tab.email",
        "report.response",
        "report.meetings_so_far",
        "report.meetings_held",
        "report.last_held",
        "report.attention",
    )
    out.append(tuple(message(language, key) for key in header))
    bold = (1, len(out))
    separator = message(language, "report.separator")
    for row in rows:
        out.append(
            (
                row.group,
                row.name,
                row.email,
                message(language, f"response.{row.response}")
                if row.response in _RESPONSE_KEYS
                else row.response,
                row.meetings_so_far,
                "" if row.meetings_held is None else row.meetings_held,
                row.last_held.isoformat() if row.last_held else "",
                separator.join(message(language, f"attention.{code}") for code in row.attention),
            )
        )
    return ReportTab(PARTICIPATION, report_title(PARTICIPATION, language), tuple(out), bold)


_RESPONSE_KEYS = frozenset(("accepted", "declined", "tentative", "needsAction"))


def _needed(needed: RotationsNeeded, language: str, per: int) -> tuple[Cell, ...]:
    label = message(language, "report.needed")
    if needed.exact:
        return (label, needed.at_least, message(language, "report.needed.exact"))
    if needed.at_most is None:
        return (
            label,
            message(language, "report.needed.at_least", count=needed.at_least),
            message(language, "report.needed.bound", per=per),
        )
    return (
        label,
        message(language, "report.needed.range", low=needed.at_least, high=needed.at_most),
        message(language, "report.needed.design", low=needed.at_least, high=needed.at_most),
    )


def coverage_tab(
    period: Period,
    report: Coverage,
    language: str,
    as_of: date,
    *,
    largest_group: int = 3,
) -> ReportTab:
    """The ``カバレッジ`` / ``Coverage`` tab.

    Rows: a heading (period, as of); the pairs met out of all (and the share); the rotations
    still needed, with how that figure is known; a per-person table (name, email, function,
    met, possible); then the grid: a title row, a row of function labels and a row of names
    above the columns, and one row per person (function, name, counts). People run in the
    same order down and across, grouped by function. Cells of two people of one function, and
    of a person with themself, are blank; the :class:`ColorScale` covers the counts. Past
    :data:`~aibou.domain.report.coverage.MAX_GRID_PEOPLE` people a line says the grid is left
    out. ``largest_group`` is the figure the lower bound was computed with.

    >>> from aibou.domain.model import Person
    >>> from aibou.domain.report.coverage import coverage
    >>> people = [Person(f"{f}@x", f.upper(), f) for f in ("sales", "cs", "dev")]
    >>> report = coverage(people, [[{"sales@x", "cs@x"}, {"dev@x"}]], functions=("sales", "cs", "dev"))
    >>> period = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
    >>> tab = coverage_tab(period, report, "en", date(2027, 1, 27))
    >>> tab.rows[2]
    ('Pairs of colleagues of other functions who have met', 1, 3, '33%')
    >>> tab.rows[-3:]
    (('Sales', 'SALES', '', 1, 0), ('Customer Success', 'CS', 1, '', 0), ('Dev', 'DEV', 0, 0, ''))
    >>> tab.color_scales[0].a1
    'C14:E16'
    """  # noqa: E501
    out = _heading(COVERAGE, period, as_of, language)
    share = f"{report.met / report.possible:.0%}" if report.possible else ""
    out.append((message(language, "report.pairs"), report.met, report.possible, share))
    out.append(_needed(report.needed, language, largest_group - 1))
    out.append(())
    out.append(
        tuple(
            message(language, key)
            for key in ("tab.name", "tab.email", "tab.function", "report.met", "report.possible")
        )
    )
    bold = [1, len(out)]
    for row in report.people:
        p = row.person
        out.append((p.name, p.email, function_label(p.function, language), row.met, row.possible))
    out.append(())
    scales: tuple[ColorScale, ...] = ()
    vertical: tuple[int, ...] = ()
    if report.grid is None:
        if len(report.people) > MAX_GRID_PEOPLE:
            out.append(
                (
                    message(
                        language,
                        "report.grid_omitted",
                        count=len(report.people),
                        limit=MAX_GRID_PEOPLE,
                    ),
                )
            )
    else:
        grid = report.grid
        out.append((message(language, "report.grid"),))
        bold.append(len(out))
        labels = [function_label(p.function, language) for p in grid.people]
        names = [p.name or p.email for p in grid.people]
        out.append(("", "", *labels))
        out.append(("", "", *names))
        bold += [len(out) - 1, len(out)]
        vertical = (len(out) - 1, len(out))
        first = len(out) + 1
        for i, a in enumerate(grid.people):
            counts = tuple(
                "" if a.function == b.function else grid.counts[i][j]
                for j, b in enumerate(grid.people)
            )
            out.append((labels[i], names[i], *counts))
        m = len(grid.people)
        scales = (ColorScale(first, 3, first + m - 1, 2 + m),)
    title = report_title(COVERAGE, language)
    return ReportTab(COVERAGE, title, tuple(out), tuple(bold), scales, vertical)


def report_dict(
    period: Period,
    participation: Sequence[ParticipationRow],
    coverage: Coverage,
    errors: Sequence[Problem] = (),
) -> dict[str, object]:
    """The object ``report --json`` prints (§8).

    ``coverage`` carries one additive key, ``rotations_needed`` (``at_least``, ``at_most``).
    """
    return {
        "status": "reported",
        "period": period.as_dict(),
        "participation": [row.as_dict() for row in participation],
        "coverage": coverage.as_dict(),
        "errors": [p.as_dict() for p in errors],
    }
