"""What every card needs: the language, the endpoints, problem lists and the plain cards."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aibou.domain.model import Group, Problem
from aibou.domain.sheet.roster import function_label
from aibou.panel.messages import message
from aibou.web.addon import widgets as w
from aibou.web.addon.responses import PUSH, ROOT

__all__ = [
    "MAX_LISTED",
    "View",
    "access_card",
    "counts_text",
    "error_card",
    "listed",
    "members",
    "not_sheets_card",
    "problems_card",
    "problems_section",
    "where",
]

Json = dict[str, Any]
#: Longest list a card shows before "and N more" (the sheet has the rest).
MAX_LISTED = 50


@dataclass(frozen=True)
class View:
    """How cards for one request are worded and where their buttons post."""

    language: str
    base_url: str
    spreadsheet_id: str = ""
    spreadsheet_title: str = ""

    def t(self, key: str, /, **values: object) -> str:
        return message(self.language, key, **values)

    def url(self, action: str) -> str:
        """The endpoint of ``action`` (also the audience of Google's token for it)."""
        return f"{self.base_url}/addon/{action}"

    def act(self, action: str, **parameters: str) -> Json:
        """Post to ``action``; every action carries ``nav`` (how to show the answer), so a
        click is never mistaken for a trigger."""
        return w.action(self.url(action), {"nav": PUSH, **parameters})

    def home_button(self, *, filled: bool = False) -> Json:
        return w.button(self.t("addon.home"), on_click=self.act("home", nav=ROOT), filled=filled)

    def tab_link(self, gid: int | None) -> str | None:
        if not self.spreadsheet_id or gid is None:
            return None
        return f"https://docs.google.com/spreadsheets/d/{self.spreadsheet_id}/edit#gid={gid}"

    def header(self, title: str, subtitle: str = "") -> Json:
        return w.header(title, subtitle or self.spreadsheet_title or self.t("addon.title"))


def where(problem: Problem) -> str:
    """``名簿!B5``, ``名簿!B:B`` or ``名簿``: where the problem is, as Sheets names cells."""
    if problem.row is not None:
        return f"{problem.tab}!{problem.column or ''}{problem.row}"
    if problem.column is not None:
        return f"{problem.tab}!{problem.column}:{problem.column}"
    return problem.tab


def members(group: Group, view: View) -> w.Html:
    """The group's members, one a line: name (function)."""
    return w.join(
        view.t("addon.member", name=p.name, function=function_label(p.function, view.language))
        for p in group.members
    )


def listed(items: Sequence[Json], view: View, limit: int = MAX_LISTED) -> list[Json]:
    """``items``, cut at ``limit`` with an "and N more" line."""
    if len(items) <= limit:
        return list(items)
    return [*items[:limit], w.paragraph(view.t("addon.more", count=len(items) - limit))]


def problems_section(problems: Sequence[Problem], view: View, header: str = "") -> Json:
    """Each problem with where it is (tab!cell) above its message."""
    items = [w.decorated(w.colored(p.message), top=where(p), icon="DESCRIPTION") for p in problems]
    return w.section(
        listed(items, view),
        header or view.t("home.problems", count=len(problems)),
        collapsible_after=10,
    )


def problems_card(problems: Sequence[Problem], view: View, *, failed: bool = False) -> Json:
    """Input problems that stop aibou from writing, and what to do; ``failed``: an ``error``
    outcome (such as another user's rotation, DESIGN.md §7) whose problems say it all."""
    intro = [] if failed else [w.section([w.paragraph(view.t("error.invalid_text"))])]
    return w.card(
        "problems",
        view.header(view.t("error.not_applied_title" if failed else "error.invalid_title")),
        [*intro, problems_section(problems, view)],
        w.footer(w.button(view.t("addon.retry"), on_click=view.act("home", nav=ROOT), filled=True)),
    )


def error_card(
    view: View,
    title_key: str,
    text_key: str,
    *,
    detail: str = "",
    offer_access: bool = False,
    **values: object,
) -> Json:
    """A plain message with a way back: the title, what happened and what to do.

    ``offer_access`` adds the button that asks for access to this file, for refusals that may
    come from the file never having been granted to aibou.
    """
    widgets = [w.paragraph(view.t(text_key, **values))]
    if detail:
        widgets.append(w.paragraph(w.colored(view.t("error.detail", detail=detail), w.MUTED_COLOR)))
    return w.card(
        "error",
        view.header(view.t(title_key)),
        [w.section(widgets)],
        w.footer(
            w.button(view.t("addon.retry"), on_click=view.act("home", nav=ROOT), filled=True),
            w.button(view.t("access.button"), on_click=view.act("file-access"))
            if offer_access
            else None,
        ),
    )


def access_card(view: View) -> Json:
    """Ask for access to this spreadsheet (``drive.file``: this file only)."""
    return w.card(
        "access",
        w.header(view.t("access.title"), view.t("addon.title")),
        [w.section([w.paragraph(view.t("access.text"))])],
        w.footer(w.button(view.t("access.button"), on_click=view.act("file-access"), filled=True)),
    )


def not_sheets_card(view: View) -> Json:
    return w.card(
        "not-sheets",
        w.header(view.t("addon.title")),
        [w.section([w.paragraph(view.t("error.not_sheets"))])],
    )


def counts_text(counts: Mapping[str, int], functions: Iterable[str], view: View) -> w.Html:
    order = [*functions, *(f for f in counts if f not in functions)]
    return w.join(
        view.t("home.head_count", function=function_label(f, view.language), count=counts.get(f, 0))
        for f in order
        if f in counts or f in functions
    )
