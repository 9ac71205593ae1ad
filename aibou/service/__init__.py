"""The rotation service: the steps every door (CLI, scheduler, side panel) calls.

``read`` a snapshot (``load``, pure) -> ``target_period`` -> ``settle`` or ``plan_rotation``
(pure) -> ``apply``; ``rotate`` runs them under the lock, ``validate`` only reads. Modules:
:mod:`~aibou.service.inputs` (reading), :mod:`~aibou.service.target` (which period),
:mod:`~aibou.service.rotate` (plan and apply), :mod:`~aibou.service.outcome` (what a run did),
:mod:`~aibou.service.invites` and :mod:`~aibou.service.agenda` (the events and their text).
"""

from __future__ import annotations

from aibou.service.amend import AmendmentPlan, plan_amendment  # registers apply for it
from aibou.service.fanout import fan_out, invite_chunk
from aibou.service.inputs import Inputs, check_agenda, load, recorded_groups
from aibou.service.outcome import (
    ALREADY_APPLIED,
    AMENDED,
    APPLIED,
    BUSY,
    CHANGED,
    DRY_RUN,
    ERROR,
    INVALID,
    NOT_DUE,
    Outcome,
)
from aibou.service.rotate import (
    RotationPlan,
    apply,
    busy_for,
    plan_rotation,
    read,
    rotate,
    settle,
    validate,
)
from aibou.service.target import Target, following, target_period

__all__ = [
    "ALREADY_APPLIED",
    "AMENDED",
    "APPLIED",
    "BUSY",
    "CHANGED",
    "DRY_RUN",
    "ERROR",
    "INVALID",
    "NOT_DUE",
    "AmendmentPlan",
    "Inputs",
    "Outcome",
    "RotationPlan",
    "Target",
    "apply",
    "busy_for",
    "check_agenda",
    "fan_out",
    "following",
    "invite_chunk",
    "load",
    "plan_amendment",
    "plan_rotation",
    "read",
    "recorded_groups",
    "rotate",
    "settle",
    "target_period",
    "validate",
]
