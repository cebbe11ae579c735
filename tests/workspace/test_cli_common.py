"""run_guarded: problems ordered by file then row; the summary says 'nothing was written' only for writers."""

from __future__ import annotations

import pytest
import typer

from renketsu.cli import common
from renketsu.model.errors import Problem, RenketsuError
from renketsu.model.types import Source


def test_ordered_by_file_then_row():
    ps = [Problem("k", "a", Source("g.yaml", 9)), Problem("k", "b", Source("l.csv", 10)),
          Problem("k", "c", Source("l.csv")), Problem("k", "d", Source("l.csv", 2)), Problem("k", "e", None),
          Problem("k", "f", Source("g.yaml", 3))]
    assert [p.message for p in common.ordered(ps)] == ["f", "a", "d", "b", "c", "e"]


@pytest.mark.parametrize("writes, tail", [(False, "1 problem found.\n"), (True, "1 problem found; nothing was written.\n")])
def test_summary(capsys, writes, tail):
    def boom():
        raise RenketsuError(Problem("k", "m", None, "h"))

    with pytest.raises(typer.Exit):
        common.run_guarded(boom, writes=writes)
    assert capsys.readouterr().err.endswith(tail)
