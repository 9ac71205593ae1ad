"""The home card: this period and its groups, the next rotation, who takes part, what to fix."""

from __future__ import annotations

from typing import Any

from aibou.domain.report.tabs import COVERAGE, PARTICIPATION
from aibou.panel import Overview
from aibou.panel.target import NOT_STARTED, PARTIAL, UPCOMING
from aibou.web.addon import widgets as w
from aibou.web.addon.cards.common import View, counts_text, listed, members, problems_section
from aibou.web.addon.responses import PUSH, ROOT

__all__ = ["home_card"]

Json = dict[str, Any]


def home_card(facts: Overview, view: View) -> Json:
    blocked = bool(facts.problems)
    return w.card(
        "home",
        view.header(view.t("addon.title"), view.spreadsheet_title),
        [
            problems_section(facts.problems, view) if blocked else None,
            _next(facts, view, blocked),
            _period(facts, view),
            _pending(facts, view),
            _report(facts, view),
            _groups(facts, view),
            w.section(
                [
                    w.decorated(counts_text(facts.counts, facts.functions, view), icon="PERSON"),
                    w.paragraph(
                        view.t("home.total", active=sum(facts.counts.values()), absent=facts.absent)
                    ),
                ],
                view.t("home.members"),
            ),
        ],
        w.footer(
            w.button(view.t("addon.init"), on_click=view.act("init"), filled=True)
            if not facts.has_roster
            else w.button(view.t("addon.retry"), on_click=view.act("home", nav=ROOT), filled=True)
            if blocked
            else w.button(
                view.t("addon.preview_changes" if facts.changes else "addon.preview"),
                on_click=view.act("preview", nav=PUSH),
                filled=True,
            ),
            w.button(view.t("addon.settings"), on_click=view.act("settings")),
        ),
    )


def _period(facts: Overview, view: View) -> Json | None:
    period = facts.period
    if period is None:
        return None
    span = view.t(
        "home.period_range",
        key=period.key,
        start=period.start.isoformat(),
        end=period.end.isoformat(),
    )
    if facts.complete:
        state = view.t("home.applied", groups=len(facts.groups))
    elif facts.tab:
        state = view.t("home.partly_applied")
    else:
        state = view.t("home.not_applied")
    link = view.tab_link(facts.tab_gid)
    widgets = [
        w.decorated(span, top=view.t("home.period"), icon="INVITE"),
        w.decorated(
            state,
            bottom=facts.tab or "",
            button=w.button(view.t("addon.open_tab"), url=link) if link else None,
        ),
    ]
    if facts.progress:
        done, total = facts.progress
        widgets.append(w.paragraph(view.t("home.invites", done=done, total=total)))
    return w.section(widgets)


def _pending(facts: Overview, view: View) -> Json | None:
    if not facts.changes:
        return None
    items = [
        w.paragraph(
            view.t(
                f"home.pending.{c.kind}",
                name=c.person.name or c.person.email,
                group=c.group,
                from_group=c.from_group,
            )
        )
        for c in facts.changes
    ]
    return w.section(listed(items, view), view.t("home.pending"), collapsible_after=5)


def _report(facts: Overview, view: View) -> Json | None:
    widgets = []
    if facts.coverage is not None and facts.coverage[1]:
        met, possible = facts.coverage
        widgets.append(w.decorated(view.t("home.coverage", met=met, possible=possible)))
    if facts.attention:
        groups = ", ".join(str(n) for n in facts.attention)
        widgets.append(w.paragraph(w.colored(view.t("home.attention", groups=groups))))
    links = [
        w.button(view.t(key), url=link)
        for kind, key in (
            (PARTICIPATION, "home.open_participation"),
            (COVERAGE, "home.open_coverage"),
        )
        if (link := view.tab_link(facts.report_gids.get(kind)))
    ]
    if links:
        widgets.append(w.buttons(*links))
    return w.section(widgets, view.t("home.report")) if widgets else None


def _groups(facts: Overview, view: View) -> Json | None:
    if not facts.groups:
        return None
    items = [
        w.decorated(
            members(g, view),
            top=view.t("addon.group", number=g.number),
            icon="MULTIPLE_PEOPLE",
            button=(
                w.button(view.t("addon.open_event"), url=facts.links[g.number])
                if facts.links.get(g.number, "").startswith("https://")
                else None
            ),
        )
        for g in facts.groups
    ]
    return w.section(listed(items, view), view.t("home.groups_now"), collapsible_after=3)


def _next(facts: Overview, view: View, blocked: bool) -> Json:
    goal = facts.next
    date = goal.period.start.isoformat()
    if goal.state == NOT_STARTED:
        text = view.t("home.not_due", key=goal.period.key, date=date)
    elif goal.state == UPCOMING:
        days = goal.days_until(facts.today)
        text = view.t("home.due_on", key=goal.period.key, date=date, days=days)
    elif goal.state == PARTIAL:
        text = view.t("home.partly_applied")
    else:
        text = view.t("home.due_now", key=goal.period.key)
    widgets = [w.decorated(w.bold(text), icon="CLOCK")]
    if not facts.has_roster:
        widgets.append(w.paragraph(view.t("home.no_roster_help")))
    elif blocked:
        widgets.append(w.paragraph(w.colored(view.t("home.problems_help"))))
    return w.section(widgets, view.t("home.next"))
