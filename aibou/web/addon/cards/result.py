"""The card after applying: the tab and every group's event, with links."""

from __future__ import annotations

from typing import Any

from aibou.panel import Applied
from aibou.service import ALREADY_APPLIED
from aibou.web.addon import widgets as w
from aibou.web.addon.cards.common import View, listed, members

__all__ = ["result_card"]

Json = dict[str, Any]


def result_card(done: Applied, view: View) -> Json:
    outcome = done.outcome
    key = outcome.period.key if outcome.period else ""
    already = outcome.status == ALREADY_APPLIED
    text = (
        view.t("result.already_text", key=key)
        if already
        else view.t("result.applied_text", tab=outcome.tab, groups=len(outcome.groups))
    )
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
        view.header(view.t("result.already" if already else "result.applied"), outcome.tab),
        [
            w.section(
                [
                    w.paragraph(w.bold(text)),
                    w.buttons(w.button(view.t("addon.open_tab"), url=link) if link else None),
                ]
            ),
            w.section(listed(items, view), view.t("preview.groups"), collapsible_after=5),
        ],
        w.footer(view.home_button(filled=True)),
    )
