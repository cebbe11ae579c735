"""Reading and validating a workspace folder (docs/format.md §1–7).

``load_workspace(path)`` returns the frozen :class:`~renketsu.model.Workspace`
or raises :class:`~renketsu.model.RenketsuError` holding every problem found.
"""

from __future__ import annotations

from pathlib import Path

from renketsu.model.errors import Problems, RenketsuError
from renketsu.model.types import Workspace

from .reader import parse_date, read_workspace

__all__ = ["load_workspace", "parse_date", "read_workspace"]


def load_workspace(path: str | Path) -> Workspace:
    """Read and check every non-ledger file; raise all problems together."""
    problems = Problems()
    ws = read_workspace(path, problems)
    problems.raise_if_any()
    if ws is None:  # read_workspace returns None only with problems; never reached
        raise RenketsuError([])
    return ws
