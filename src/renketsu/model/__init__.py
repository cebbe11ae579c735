"""Frozen domain types, exact money and the one error type."""

from .errors import Problem, Problems, RenketsuError
from .money import D, F, NotExact, book, ratio_str
from .types import *  # noqa: F403

__all__ = ["D", "F", "NotExact", "Problem", "Problems", "RenketsuError", "book", "ratio_str"]
