"""A valid small workspace (the 80% subsidiary of acceptance case c03,
tests/cases/investment/shared-c03-80pct-goodwill-dividend) to break one thing at a time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

BASE = Path(__file__).resolve().parents[1] / "errors" / "10-ledger-unknown-account" / "workspace"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A copy of the catalogue's base workspace, made valid (its one mistake, account 1455, undone)."""
    root = tmp_path / "workspace"
    shutil.copytree(BASE, root)
    tb = root / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8").replace(",1455,", ",1450,"), encoding="utf-8")
    return root


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` by ``new`` in ``path``; the text must be there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
