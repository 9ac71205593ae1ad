"""The invite text: the agenda templates rendered for one group, as plain text and as HTML.

Templates are Jinja2 files read through the :class:`~aibou.ports.Templates` port (by default
``templates/``, :class:`aibou.templates.FileTemplates`). Each language has two built-in forms:

- ``agenda.ja.txt`` / ``agenda.en.txt``: plain text, for calendars that take plain text (the
  ``.ics`` file, which cannot create a Meet link: with ``meet`` on, the text says how to add one);
- ``agenda.ja.html`` / ``agenda.en.html``: the small HTML subset Google Calendar shows (``b``,
  ``i``, ``u``, ``br``, ``ul``/``ol``/``li``, ``a``), rendered with autoescaping on, so nothing a
  user typed (a name holding ``<script>``) can become markup. Line breaks in the HTML source are
  spaces; break lines with ``<br>``.

The ``agenda_template`` setting names a custom template: ``NAME.txt`` (Google
gets ``NAME.html`` if it sits beside it, else the text escaped, line breaks kept) or
``NAME.html`` (the ``.ics`` gets ``NAME.txt`` if present, else the HTML's text).
Every user-supplied value is reduced to one line of text first.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from functools import cache, cached_property, partial
from typing import TYPE_CHECKING, Any, Protocol

from markupsafe import escape

from aibou.domain.i18n import message
from aibou.domain.model import Group, Period, Person
from aibou.domain.sheet.cells import text as one_line
from aibou.domain.sheet.roster import function_label
from aibou.domain.time.dates import day_label, local_slot_label, slot_label
from aibou.domain.time.schedule import Slot
from aibou.ports import Templates

if TYPE_CHECKING:
    import jinja2

__all__ = [
    "Agenda",
    "AgendaRenderer",
    "agenda_renderer",
    "built_in_templates",
    "check_template",
    "render_agenda",
    "template_exists",
]

_BLOCK_TAGS = re.compile(r"(<br\s*/?>|</?(?:ul|ol|li)>)", re.IGNORECASE)


@dataclass(frozen=True)
class Agenda:
    """An event's title and description, as plain text and as (escaped) HTML.

    ``render_html`` makes the HTML when :attr:`html` is first read: only Google Calendar shows
    it, so the invites of a ``.ics`` file never render it.
    """

    summary: str
    text: str
    render_html: Callable[[], str] = field(compare=False, repr=False)

    @cached_property
    def html(self) -> str:
        """The description as HTML, every user-supplied value escaped."""
        return self.render_html()


def built_in_templates() -> Templates:
    """The deployment's own ``templates/`` folder."""
    from aibou.templates import FileTemplates

    return FileTemplates()


@cache
def _environment(templates: Templates) -> jinja2.Environment:
    import jinja2

    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        source = templates.source(name)
        if source is None:
            return None
        return source, name, lambda: templates.source(name) == source

    return jinja2.Environment(
        loader=jinja2.FunctionLoader(load),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def template_exists(name: str, templates: Templates) -> bool:
    """Whether ``templates`` hold a template called ``name``."""
    return templates.source(name) is not None


def _forms(language: str, custom: str, templates: Templates) -> tuple[str | None, str | None]:
    """The (text, HTML) template names; ``None`` where that form is derived from the other."""
    if not custom:
        return f"agenda.{language}.txt", f"agenda.{language}.html"
    stem = custom.rsplit(".", 1)[0] if "." in custom else custom
    if custom.endswith(".html"):
        return (f"{stem}.txt" if template_exists(f"{stem}.txt", templates) else None), custom
    return custom, (f"{stem}.html" if template_exists(f"{stem}.html", templates) else None)


def render_agenda(
    group: Group,
    period: Period,
    slot: Slot,
    meeting_dates: Sequence[date],
    language: str,
    custom_template: str = "",
    *,
    skipped: Mapping[date, str] | None = None,
    meet: bool = False,
    templates: Templates | None = None,
) -> Agenda:
    """Render the invite for ``group``: summary, text and HTML.

    Parameters
    ----------
    group, period, slot : Group, Period, Slot
        Who meets, in which period, when (``slot.explain`` says how the time was chosen).
    meeting_dates : sequence of date
        The days meetings take place (from :func:`aibou.domain.time.schedule.series`).
    language : str
        ``ja`` or ``en``: the built-in templates and every label.
    custom_template : str
        The ``agenda_template`` setting, or empty for the built-in templates.
    skipped : mapping of date to str
        Days without a meeting and why (holiday names), listed in the invite.
    meet : bool
        Whether a Google Meet link is requested (the ``meet`` setting).
    templates : Templates, optional
        Where the templates are read (by default the deployment's ``templates/``).

    Examples
    --------
    >>> from aibou.domain.model import Person
    >>> evil = Person("a@x", "<script>alert(1)</script>", "sales")
    >>> g = Group(1, (evil, Person("b@x", "B", "dev")))
    >>> a = render_agenda(g, Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31)),
    ...                   Slot(2, time(16), 30, "Asia/Tokyo"), [date(2027, 1, 6)], "en")
    >>> a.summary
    'Buddy meeting 2027-Q1 #1'
    >>> "<script>" in a.html, "&lt;script&gt;" in a.html, "<li>" in a.html
    (False, True, True)
    >>> "<script>alert(1)</script> (Sales, Office)" in a.text
    True
    """
    render = agenda_renderer(language, custom_template, templates=templates)
    return render(group, period, slot, meeting_dates, skipped=skipped, meet=meet)


class AgendaRenderer(Protocol):
    """Renders one group's invite (:func:`render_agenda` without the template choice)."""

    def __call__(
        self,
        group: Group,
        period: Period,
        slot: Slot,
        meeting_dates: Sequence[date],
        *,
        skipped: Mapping[date, str] | None = None,
        meet: bool = False,
    ) -> Agenda: ...


def agenda_renderer(
    language: str, custom_template: str = "", *, templates: Templates | None = None
) -> AgendaRenderer:
    """:func:`render_agenda` with the templates read and compiled once, for a run's groups.

    >>> render = agenda_renderer("en")
    >>> g = Group(1, (Person("a@x", "A", "sales"), Person("b@x", "B", "dev")))
    >>> render(g, Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31)),
    ...        Slot(2, time(16), 30, "Asia/Tokyo"), [date(2027, 1, 6)]).summary
    'Buddy meeting 2027-Q1 #1'
    """
    templates = templates or built_in_templates()
    text_name, html_name = _forms(language, custom_template, templates)
    environment = _environment(templates)
    html_template = environment.get_template(html_name) if html_name else None
    text_template = environment.get_template(text_name) if text_name else None
    contexts = _Contexts(language)

    def html(*values: Any) -> str:  # its context made again: a file's invites keep none
        return _compact(html_template.render(contexts(*values))) if html_template else ""

    def render(
        group: Group,
        period: Period,
        slot: Slot,
        meeting_dates: Sequence[date],
        *,
        skipped: Mapping[date, str] | None = None,
        meet: bool = False,
    ) -> Agenda:
        values = (group, period, slot, meeting_dates, skipped or {}, meet)
        if text_template:
            text = text_template.render(contexts(*values)).strip() + "\n"
            render_html = partial(html, *values) if html_template else partial(_escaped_html, text)
        else:
            made = html(*values)
            text = _html_to_text(made)
            render_html = partial(str, made)  # the text was read from it: made already
        summary = message(language, "event.summary", key=period.key, number=group.number)
        return Agenda(summary, text, render_html)

    return render


def check_template(name: str, language: str, templates: Templates | None = None) -> str | None:
    """Render the custom template ``name`` once with sample values: the error, or ``None``.

    Run before anything is written, so a mistake in a template stops the run with its line
    instead of half-way through the invites.

    >>> check_template("agenda.en.txt", "en") is None
    True
    """
    import jinja2

    sample = Group(
        1,
        (
            Person("a@example.com", "A", "sales", timezone="America/New_York"),
            Person("b@example.com", "B", "dev"),
        ),
    )
    period = Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31))
    slot = Slot(2, time(16), 30, "Asia/Tokyo")
    try:
        agenda = render_agenda(
            sample, period, slot, [date(2027, 1, 6)], language, name,
            skipped={date(2027, 1, 13): "-"}, meet=True, templates=templates,
        )  # fmt: skip
        agenda.render_html()  # both forms: the HTML is otherwise made only when Google reads it
    except jinja2.TemplateError as exc:
        where = f" (line {exc.lineno})" if getattr(exc, "lineno", None) else ""
        return f"{name}{where}: {exc.message or exc}"
    return None


class _Contexts:
    """The template values of a run's invites: the words many invites share (a function's or a
    location's label, a slot's) are made once per renderer, the rest per group."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._labels: dict[tuple[str, str], tuple[str, str]] = {}
        self._slots: dict[Slot, tuple[str, str]] = {}

    def __call__(
        self,
        group: Group,
        period: Period,
        slot: Slot,
        meeting_dates: Sequence[date],
        skipped: Mapping[date, str],
        meet: bool,
    ) -> dict[str, Any]:
        language = self.language
        year = period.start.year  # the year an invite is read in, near its period's start
        members = [self._member(p, slot, meeting_dates, year) for p in group.members]
        words = self._slots.get(slot)
        if words is None:
            words = self._slots[slot] = (
                slot_label(slot.weekday, slot.start, slot.minutes, slot.timezone, language),
                slot.explain(language),
            )
        return {
            "language": language,
            "group": group.number,
            "members": members,
            "period": {"key": period.key, "start": period.start, "end": period.end},
            "slot": words[0],
            "slot_note": words[1],
            "slot_found": slot.note.startswith("slot.free"),
            "meetings": len(meeting_dates),
            "first_meeting": meeting_dates[0] if meeting_dates else None,
            "last_meeting": meeting_dates[-1] if meeting_dates else None,
            "skipped": [
                {"date": day, "name": one_line(name)} for day, name in sorted(skipped.items())
            ],
            "meet": meet,
            # a date in words (1月6日（水）); the year only where it is not the period's first year
            "day": lambda day: day_label(day, language, year),
        }

    def _member(
        self, person: Person, slot: Slot, meeting_dates: Sequence[date], year: int
    ) -> dict[str, str]:
        labels = self._labels.get((person.function, person.location))
        if labels is None:
            labels = self._labels[person.function, person.location] = (
                one_line(function_label(person.function, self.language)),
                message(self.language, f"location.{person.location}"),
            )
        away = person.timezone if person.timezone != slot.timezone else ""
        return {
            "name": one_line(person.name),
            "function": labels[0],
            "location": labels[1],
            "timezone": away,
            "local_time": (
                local_slot_label(
                    meeting_dates,
                    slot.start,
                    slot.minutes,
                    slot.timezone,
                    away,
                    self.language,
                    year,
                )
                if away and meeting_dates
                else ""
            ),
        }


def _escaped_html(text: str) -> str:
    """The text form as HTML: every character escaped, line breaks kept as ``<br>``."""
    return str(escape(text.strip())).replace("\n", "<br>")


def _compact(html: str) -> str:
    """One line of HTML: source line breaks become spaces, none around block tags.

    >>> _compact("<b>Hi</b><br>\\n  there<ul>\\n <li>a</li>\\n</ul>\\n")
    '<b>Hi</b><br>there<ul><li>a</li></ul>'
    """
    # what re.sub(r"\s*\n\s*", " ") then re.sub(r"\s*(TAG)\s*", r"\1") do, a few times faster
    html = " ".join(line for line in (piece.strip() for piece in html.strip().split("\n")) if line)
    parts = _BLOCK_TAGS.split(html)  # text, tag, text, ..., text
    last = len(parts) - 1
    for i in range(0, last + 1, 2):
        if 0 < i < last:
            parts[i] = parts[i].strip()
        elif i:
            parts[i] = parts[i].lstrip()
        elif i < last:
            parts[i] = parts[i].rstrip()
    return "".join(parts)


def _html_to_text(html: str) -> str:
    """Plain text from our HTML subset (a custom ``.html`` template without a ``.txt``).

    >>> print(_html_to_text("<b>Hi</b> &amp; welcome<br><ul><li>one</li><li>two</li></ul>"))
    Hi & welcome
    - one
    - two
    <BLANKLINE>
    """
    text = re.sub(r"<br\s*/?>|</(?:ul|ol)>", "\n", html, flags=re.IGNORECASE)
    text = re.sub(r"<li>", "\n- ", text, flags=re.IGNORECASE)
    text = re.sub(r"<[^>]*>", "", text)
    lines = [line.rstrip() for line in html_lib.unescape(text).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
