"""All row-level relational work, in DuckDB."""

from .store import MONEY, SCALE, Ledger, summary

__all__ = ["MONEY", "SCALE", "Ledger", "summary"]
