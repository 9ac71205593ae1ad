"""The preview of an open rotation's amendment (DESIGN.md §7), and of a tab that is on hold.

The amendment card lists each roster change (person, change, group after / from group) and the
weekly events it touches: patched with their new attendees, created, or cancelled. Its apply
button carries the period and the fingerprint of exactly these changes. A held tab (rows aibou
wrote edited by hand) gets a card that says so and where, with no apply button.
"""

from __future__ import annotations

from typing import Any

from aibou.domain.matching.amend import Change
from aibou.panel import Proposal
from aibou.web.addon import widgets as w
from aibou.web.addon.cards.common import View, listed, members, problems_section
from aibou.web.addon.responses import UPDATE

__all__ = ["amendment_card", "change_text", "held_card"]

Json = dict[str, Any]


def change_text(change: Change, view: View) -> str:
    """``新人 花子: グループ3に参加``: who, what, and the group after (or before)."""
    return view.t(
        f"home.pending.{change.kind}",
        name=change.person.name or change.person.email,
        group=change.group,
        from_group=change.from_group,
    )


def amendment_card(proposal: Proposal, view: View, state: dict[str, str]) -> Json:
    assert proposal.target is not None
    notices = []
    if proposal.changed:
        notices.append(w.paragraph(w.bold(w.colored(view.t("preview.changed")))))
    if proposal.pending and not proposal.changes:
        notices.append(w.paragraph(w.bold(view.t("preview.amend_resume"))))
    changes = [w.paragraph(change_text(c, view)) for c in proposal.changes]
    return w.card(
        "preview",
        view.header(
            view.t("preview.amend_title", key=proposal.target.period.key),
            view.t("preview.subtitle"),
        ),
        [
            w.section(notices) if notices else None,
            w.section(listed(changes, view), view.t("preview.amend_changes"), collapsible_after=5)
            if changes
            else None,
            _events(proposal, view),
            w.section(
                [
                    w.paragraph(
                        view.t(
                            "preview.amend_consequence",
                            tab=proposal.title,
                            patched=len(proposal.touched),
                            created=len(proposal.created),
                            cancelled=len(proposal.dissolved),
                        )
                    ),
                    *_next_button(proposal, view),
                ]
            ),
        ],
        w.footer(
            w.button(view.t("preview.apply"), on_click=view.act("apply", **state), filled=True),
            view.home_button(),
        ),
    )


def _events(proposal: Proposal, view: View) -> Json | None:
    """Each group whose weekly event changes: its attendees after, or that it is cancelled."""
    by_number = {g.number: g for g in proposal.groups}
    items = []
    for number in sorted({*proposal.touched, *proposal.created, *proposal.dissolved}):
        group = by_number.get(number)
        if group is None or number in proposal.dissolved:
            items.append(w.paragraph(view.t("preview.event_cancelled", group=number)))
            continue
        key = "preview.event_created" if number in proposal.created else "preview.event_patched"
        items.append(
            w.decorated(
                members(group, view),
                top=view.t("addon.group_size", number=number, size=len(group.members)),
                bottom=view.t(key, size=len(group.members)),
                icon="INVITE",
            )
        )
    if not items:
        return None
    return w.section(listed(items, view), view.t("preview.amend_events"), collapsible_after=5)


def _next_button(proposal: Proposal, view: View) -> list[Json]:
    """Prepare the next period's rotation instead (the scheduled run applies these changes)."""
    if not proposal.next_key:
        return []
    action = view.act("preview", period=proposal.next_key, nav=UPDATE)
    return [w.buttons(w.button(view.t("addon.preview"), on_click=action))]


def held_card(proposal: Proposal, view: View) -> Json:
    """The tab aibou waits on: where it was edited, and no apply button."""
    return w.card(
        "held",
        view.header(view.t("preview.held_title", tab=proposal.title)),
        [
            problems_section(proposal.warnings, view, view.t("preview.held_edits")),
            w.section(_next_button(proposal, view)),
        ],
        w.footer(view.home_button(filled=True)),
    )
