"""The planner table: for each event kind, its effective date, the companies it involves,
what it requires of the group on the position date, and the function that plans it.

A new event kind is a planning module and one row here; :func:`.simulate.simulate`
dispatches through this table alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from renketsu.model.errors import Problem, RenketsuError
from renketsu.model.types import Acquisition, Disposal, Merger
from renketsu.ownership import Ownership

from .inputs import PlanInputs
from .merger import plan_merger
from .plan import Plan
from .transactions import plan_acquisition, plan_disposal


@dataclass(frozen=True)
class Planner:
    #: The day the event takes effect; the simulation stands on the day before.
    effective: Callable[[Any], dt.date]
    #: Companies whose books the event touches (each needs a trial balance on the position date).
    parties: Callable[[Any], list[str]]
    plan: Callable[[PlanInputs, Any], Plan]
    #: Raises when the group on the position date does not allow the event.
    check: Callable[[Any, Ownership, dt.date], None] | None = None


def _merger_inside_group(ev: Merger, own: Ownership, day: dt.date) -> None:
    outside = [e for e in (ev.surviving, *ev.absorbed) if own.method(e) not in ("parent", "full")]
    if outside:
        raise RenketsuError([Problem(
            "simulate.merger_outside_group",
            f"event {ev.id}: {e} is not controlled by the group on {day} (method {own.method(e)}): absorbing "
            "it, or being absorbed by it, is not a merger inside the group", ev.source,
            "model the purchase first as kind: acquisition, or check the holdings") for e in outside])


def _merger_effective(ev: Merger) -> dt.date:
    return ev.effective


def _merger_parties(ev: Merger) -> list[str]:
    return [ev.surviving, *ev.absorbed]


def _acquisition_effective(ev: Acquisition) -> dt.date:
    return ev.holding.date


def _acquisition_parties(ev: Acquisition) -> list[str]:
    return [ev.holding.holder, ev.holding.entity]


def _disposal_effective(ev: Disposal) -> dt.date:
    return ev.date


def _disposal_parties(ev: Disposal) -> list[str]:
    return [ev.holder, ev.entity]


PLANNERS: dict[str, Planner] = {
    "merger": Planner(_merger_effective, _merger_parties, plan_merger, _merger_inside_group),
    "acquisition": Planner(_acquisition_effective, _acquisition_parties, plan_acquisition),
    "disposal": Planner(_disposal_effective, _disposal_parties, plan_disposal),
}

__all__ = ["PLANNERS", "Planner"]
