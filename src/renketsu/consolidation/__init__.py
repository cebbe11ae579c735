"""The consolidation engine: an ordered pipeline of steps emitting traceable entries."""

from .entries import Entry, Line
from .pipeline import STEPS, consolidate
from .result import ConsolidationResult

__all__ = ["STEPS", "ConsolidationResult", "Entry", "Line", "consolidate"]
