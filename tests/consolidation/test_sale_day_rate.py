"""A seller booking in another currency selling on a day whose spot rate differs from the day before's closing rate
(found by review): the gain came out as neither reading (proceeds at the day's rate or at the day before's), every
check passing; refused now (``deconsolidation.sale_day_rate``), and consolidated as before when the two agree."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

X58 = next((Path(__file__).resolve().parents[1] / "cases" / "deconsolidation").glob("x-58-*")) / "workspace"


def _with_spot(tmp_path: Path, rate: str) -> Path:
    ws = tmp_path / "workspace"
    shutil.copytree(X58, ws)
    rates = ws / "rates.csv"
    text = rates.read_text(encoding="utf-8")
    assert "USD,2022-07-01,spot,120\n" in text  # x-58 gives the day its rate, the day before's closing one
    rates.write_text(text.replace("USD,2022-07-01,spot,120\n", f"USD,2022-07-01,spot,{rate}\n"), encoding="utf-8")
    return ws


def test_two_sellers_one_abroad_on_a_day_with_its_own_rate_are_refused(tmp_path):
    """x-58 with USD 122 on the sale's day against 120 the day before gave a gain of 25,500 (26,500 at 122, 25,200 at
    120)."""
    with pytest.raises(RenketsuError) as err:
        Context.open(_with_spot(tmp_path, "122")).consolidate("2022-12-31")
    (p,) = [p for p in err.value.problems if p.kind == "deconsolidation.sale_day_rate"]
    assert "H (in USD) sells S on 2022-07-01" in p.message and "spot rate of 122" in p.message
    assert "translated at 120" in p.message


def test_a_spot_rate_equal_to_the_day_befores_changes_nothing(tmp_path):
    res = Context.open(_with_spot(tmp_path, "120")).consolidate("2022-12-31")
    assert res.income_statement["4950"] == Decimal(-25200)
