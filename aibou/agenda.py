"""The invite text: the agenda template rendered for one group.

Templates are Jinja2 files in ``templates/`` (``agenda.ja.txt``, ``agenda.en.txt``, or the file the
``agenda_template`` setting names). The text goes into ``.ics`` descriptions as it is; the HTML
form for Google Calendar is the same text escaped, so nothing a user typed (a name holding
``<script>``) can become markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import escape

from aibou.domain.i18n import message
from aibou.domain.model import Group, Period
from aibou.domain.roster import function_label
from aibou.domain.schedule import Slot

if TYPE_CHECKING:
    import jinja2

__all__ = ["TEMPLATES", "Agenda", "render_agenda", "template_exists"]

#: Where the templates live (the ``templates/`` folder at the top of the repository).
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class Agenda:
    """An event's title and description, as plain text and as escaped HTML."""

    summary: str
    text: str
    html: str


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 - plain-text templates; the HTML form escapes the whole text
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def template_name(language: str, custom: str = "") -> str:
    """The template file to use: the custom one if set, else the language's own."""
    return custom or f"agenda.{language}.txt"


def template_exists(name: str) -> bool:
    """Whether ``templates/name`` exists (and stays inside ``templates/``)."""
    path = (TEMPLATES / name).resolve()
    return path.parent == TEMPLATES and path.is_file()


def render_agenda(
    group: Group,
    period: Period,
    slot: Slot,
    meeting_dates: Sequence[date],
    language: str,
    custom_template: str = "",
) -> Agenda:
    """Render the invite for ``group``: summary, text and HTML.

    >>> from datetime import time
    >>> from aibou.domain.model import Person
    >>> evil = Person("a@x", "<script>alert(1)</script>", "sales")
    >>> g = Group(1, (evil, Person("b@x", "B", "dev")))
    >>> a = render_agenda(g, Period("2027-Q1", date(2027, 1, 1), date(2027, 3, 31)),
    ...                   Slot(2, time(16), 30, "Asia/Tokyo"), [date(2027, 1, 6)], "en")
    >>> a.summary
    'Buddy meeting 2027-Q1 #1'
    >>> "<script>" in a.html, "&lt;script&gt;" in a.html
    (False, True)
    """
    members = [
        {
            "name": person.name,
            "function": function_label(person.function, language),
            "location": message(language, f"location.{person.location}"),
        }
        for person in group.members
    ]
    context = {
        "language": language,
        "group": group.number,
        "members": members,
        "period": {"key": period.key, "start": period.start, "end": period.end},
        "slot": slot.label(language),
        "meetings": len(meeting_dates),
        "first_meeting": meeting_dates[0] if meeting_dates else None,
        "last_meeting": meeting_dates[-1] if meeting_dates else None,
    }
    text = _environment().get_template(template_name(language, custom_template)).render(context)
    text = text.strip() + "\n"
    html = str(escape(text.strip())).replace("\n", "<br>")
    return Agenda(
        message(language, "event.summary", key=period.key, number=group.number), text, html
    )
