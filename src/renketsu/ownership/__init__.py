"""Ownership: the group's structure at a date, control, method and exact effective interest.

>>> from renketsu.ownership import ownership_at
>>> own = ownership_at(group, date)                   # doctest: +SKIP
>>> own.entities["S2"].effective                      # doctest: +SKIP
Fraction(12, 25)

``ownership_at`` builds index arrays from the group's dated holdings and calls
the array core (:func:`renketsu.ownership.core.solve`), which large callers and
the benchmark may use directly. See docs/ownership.md for the method.
"""

from .core import HoldingArrays, Solution, solve
from .structure import (
    Change,
    EntityOwnership,
    Ownership,
    holdings_at,
    lowest_common_controller,
    ownership_at,
    ownership_changes,
)

__all__ = [
    "Change",
    "EntityOwnership",
    "HoldingArrays",
    "Ownership",
    "Solution",
    "holdings_at",
    "lowest_common_controller",
    "ownership_at",
    "ownership_changes",
    "solve",
]
