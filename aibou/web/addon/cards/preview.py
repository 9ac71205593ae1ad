"""The preview card: the proposed groups and what to look at, pins, and the apply button.

Every button carries the proposal's state (period, pins, arrangement, fingerprint) as action
parameters: the add-on keeps no session, and apply re-plans from exactly these.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from aibou.domain.sheet.roster import function_label
from aibou.panel import Proposal
from aibou.panel.pins import APART, TOGETHER
from aibou.panel.proposal import AMEND, HELD, READY, RESUME
from aibou.web.addon import widgets as w
from aibou.web.addon.cards.amendment import amendment_card, held_card
from aibou.web.addon.cards.common import View, listed, members, problems_card
from aibou.web.addon.responses import UPDATE

__all__ = ["MULTI_SELECT_MAX", "PIN_FIELD", "preview_card"]

Json = dict[str, Any]
#: The form field of the people picker.
PIN_FIELD = "pin_people"
#: Most items a multiselect menu may list; above it, people are typed with suggestions.
MULTI_SELECT_MAX = 100


def state(proposal: Proposal) -> dict[str, str]:
    """The parameters that let the next request rebuild (or apply) this very proposal."""
    return {
        "period": proposal.target.period.key if proposal.target else "",
        "pins": proposal.pins.encode(),
        "variant": str(proposal.variant),
        "fp": proposal.fingerprint,
    }


def preview_card(proposal: Proposal, view: View) -> Json:
    if proposal.status == HELD:
        return held_card(proposal, view)
    if proposal.status not in (READY, RESUME, AMEND) or proposal.target is None:
        return problems_card(proposal.problems, view)
    if proposal.status == AMEND:
        return amendment_card(proposal, view, state(proposal))
    key = proposal.target.period.key
    now = state(proposal)
    people = sum(len(g.members) for g in proposal.groups)
    return w.card(
        "preview",
        view.header(view.t("preview.title", key=key), view.t("preview.subtitle")),
        [
            _notices(proposal, view),
            _summary(proposal, view),
            *_highlights(proposal, view),
            _groups(proposal, view),
            _pins(proposal, view, now) if proposal.status == READY else None,
            w.section(
                [
                    w.paragraph(
                        view.t(
                            "preview.consequence",
                            tab=proposal.title,
                            groups=len(proposal.groups),
                            people=people,
                        )
                    )
                ]
            ),
        ],
        w.footer(
            w.button(view.t("preview.apply"), on_click=view.act("apply", **now), filled=True),
            view.home_button(),
        ),
    )


def _notices(proposal: Proposal, view: View) -> Json:
    widgets = []
    if proposal.changed:
        widgets.append(w.paragraph(w.bold(w.colored(view.t("preview.changed")))))
    if proposal.status == RESUME:
        widgets.append(w.paragraph(w.bold(view.t("preview.resume"))))
    if proposal.pin_problems:
        widgets.append(
            w.decorated(
                w.colored(w.join(proposal.pin_problems)),
                top=view.t("preview.pin_problems"),
                icon="DESCRIPTION",
            )
        )
    return w.section(widgets)


def _summary(proposal: Proposal, view: View) -> Json:
    sizes = Counter(len(g.members) for g in proposal.groups)
    text = view.t(
        "preview.groups_line",
        groups=len(proposal.groups),
        sizes=view.t("addon.list_sep").join(
            view.t("preview.size", size=size, count=count)
            for size, count in sorted(sizes.items(), reverse=True)
        ),
    )
    h = proposal.highlights
    counts = [
        (view.t("preview.repeated"), len(h.repeated) if h else 0),
        (view.t("preview.same_function"), len(h.same_function) if h else 0),
        (view.t("preview.odd"), len(h.odd_groups) if h else 0),
    ]
    widgets = [w.decorated(text, top=view.t("preview.summary"), icon="MULTIPLE_PEOPLE")]
    if proposal.slot:
        widgets.append(
            w.decorated(
                proposal.slot.label(view.language), top=view.t("preview.meetings"), icon="CLOCK"
            )
        )
    widgets.append(w.decorated(w.join(f"{label}: {n}" for label, n in counts), icon="STAR"))
    return w.section(widgets)


def _highlights(proposal: Proposal, view: View) -> list[Json | None]:
    h = proposal.highlights
    if h is None:
        return []
    sep = view.t("addon.list_sep")
    repeated = [
        w.paragraph(
            view.t(
                "preview.repeated_item",
                a=p.a.name,
                b=p.b.name,
                group=p.group,
                periods=sep.join(p.periods),
            )
        )
        for p in h.repeated
    ]
    same = [
        w.paragraph(
            view.t(
                "preview.same_function_item",
                a=p.a.name,
                b=p.b.name,
                group=p.group,
                function=function_label(p.a.function, view.language),
            )
        )
        for p in h.same_function
    ]
    odd = [
        w.paragraph(view.t("preview.odd_item", group=g.number, size=len(g.members)))
        for g in h.odd_groups
    ]
    return [
        w.section(listed(items, view), title, collapsible_after=5) if items else None
        for title, items in (
            (view.t("preview.repeated"), repeated),
            (view.t("preview.same_function"), same),
            (view.t("preview.odd"), odd),
        )
    ]


def _groups(proposal: Proposal, view: View) -> Json:
    items = [
        w.decorated(
            members(g, view),
            top=view.t("addon.group_size", number=g.number, size=len(g.members)),
            icon="MULTIPLE_PEOPLE",
        )
        for g in proposal.groups
    ]
    return w.section(listed(items, view), view.t("preview.groups"), collapsible_after=5)


def _pins(proposal: Proposal, view: View, now: dict[str, str]) -> Json:
    name = {p.email: p.name for p in proposal.people}
    sep = view.t("addon.list_sep")
    pinned = [
        w.decorated(
            sep.join(sorted(name.get(e, e) for e in pin)),
            top=view.t(f"preview.pinned_{kind}"),
            button=w.button(
                view.t("preview.unpin"),
                on_click=view.act(
                    "preview", **now, nav=UPDATE, op="remove", kind=kind, index=str(index)
                ),
            ),
        )
        for kind, pins in ((TOGETHER, proposal.pins.together), (APART, proposal.pins.apart))
        for index, pin in enumerate(pins)
    ]
    return w.section(
        [
            w.paragraph(view.t("preview.pins_help")),
            *pinned,
            _picker(proposal, view),
            w.buttons(
                w.button(
                    view.t("preview.keep_together"),
                    on_click=view.act("preview", **now, nav=UPDATE, op="add", kind=TOGETHER),
                ),
                w.button(
                    view.t("preview.keep_apart"),
                    on_click=view.act("preview", **now, nav=UPDATE, op="add", kind=APART),
                ),
            ),
            w.buttons(
                w.button(
                    view.t("preview.another"),
                    on_click=view.act(
                        "preview", **{**now, "variant": str(proposal.variant + 1)}, nav=UPDATE
                    ),
                )
            ),
        ],
        view.t("preview.pins"),
    )


def _picker(proposal: Proposal, view: View) -> Json:
    """A multiselect of the active people, or a text field with suggestions for large rosters."""
    people = sorted(proposal.people, key=lambda p: (p.function, p.name, p.email))
    if len(people) <= MULTI_SELECT_MAX:
        largest = max((len(g.members) for g in proposal.groups), default=proposal.group_size)
        return w.selection(
            PIN_FIELD,
            view.t("preview.pin_people"),
            (
                (
                    view.t(
                        "addon.member",
                        name=p.name,
                        function=function_label(p.function, view.language),
                    ),
                    p.email,
                    False,
                )
                for p in people
            ),
            kind="MULTI_SELECT",
            max_selected=max(largest, min(len(proposal.groups), 10)),
        )
    return w.text_input(
        PIN_FIELD,
        view.t("preview.pin_people_text"),
        suggestions=[f"{p.name} <{p.email}>" for p in people],
    )
