"""Restructurings: mergers, acquisitions, disposals; Companies Act checks; facts after an event."""

from .simulate import SimulationResult, simulate

__all__ = ["SimulationResult", "simulate"]
