"""What every planner is given: the workspace, the group on the position date, each entity's
closed books, and the consolidations of that day to ask (see :mod:`.queries`)."""

from __future__ import annotations

from dataclasses import dataclass

from renketsu.model.types import Workspace
from renketsu.ownership import Ownership

from .books import Chart
from .frames import Position
from .queries import Earlier
from .rates import EventRates


@dataclass(frozen=True)
class PlanInputs:
    ws: Workspace
    #: The group on the position date (the day before the effective date).
    own: Ownership
    #: Every entity's closed books on the position date.
    position: Position
    #: The consolidation of the position date, from the ledger.
    earlier: Earlier
    #: The same position closed and consolidated (the frame the after side is compared with).
    earlier_frame: Earlier
    chart: Chart
    #: The closing rates of the position date, the rates the event is read at.
    rates: EventRates


__all__ = ["PlanInputs"]
