"""The card after applying: the tab and every group's event, with links."""

from __future__ import annotations

from typing import Any

from aibou.panel import Applied
from aibou.service import ALREADY_APPLIED, AMENDED
from aibou.web.addon import widgets as w
from aibou.web.addon.cards.amendment import change_text
from aibou.web.addon.cards.common import View, listed, members, problems_section

__all__ = ["result_card"]

Json = dict[str, Any]


def result_card(done: Applied, view: View) -> Json:
    outcome = done.outcome
    key = outcome.period.key if outcome.period else ""
    already = outcome.status == ALREADY_APPLIED
    amended = outcome.status == AMENDED
    if already:
        title, text = "result.already", view.t("result.already_text", key=key)
    elif amended:
        title = "result.amended"
        text = view.t("result.amended_text", tab=outcome.tab, count=len(outcome.changes))
    else:
        title = "result.applied"
        text = view.t("result.applied_text", tab=outcome.tab, groups=len(outcome.groups))
    changes = [w.paragraph(change_text(c, view)) for c in outcome.changes] if amended else []
    link = view.tab_link(done.tab_gid)
    items = [
        w.decorated(
            members(g, view),
            top=view.t("addon.group", number=g.number),
            icon="MULTIPLE_PEOPLE",
            bottom="" if outcome.links.get(g.number) else view.t("result.no_event"),
            button=(
                w.button(view.t("addon.open_event"), url=outcome.links[g.number])
                if outcome.links.get(g.number, "").startswith("https://")
                else None
            ),
        )
        for g in outcome.groups
    ]
    return w.card(
        "result",
        view.header(view.t(title), outcome.tab),
        [
            w.section(
                [
                    w.paragraph(w.bold(text)),
                    w.buttons(w.button(view.t("addon.open_tab"), url=link) if link else None),
                ]
            ),
            problems_section(outcome.warnings, view, view.t("preview.held_edits"))
            if outcome.warnings
            else None,
            w.section(listed(changes, view), view.t("preview.amend_changes"), collapsible_after=5)
            if changes
            else None,
            w.section(listed(items, view), view.t("preview.groups"), collapsible_after=5),
        ],
        w.footer(view.home_button(filled=True)),
    )
