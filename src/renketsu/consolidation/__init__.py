"""The consolidation engine: a table of pure steps with typed products, emitting traceable entries."""

from .entries import Entry, Line
from .pipeline import FINAL, STEPS, consolidate
from .result import ConsolidationResult, EntityFigures
from .stage import Step

__all__ = ["FINAL", "STEPS", "ConsolidationResult", "EntityFigures", "Entry", "Line", "Step", "consolidate"]
