"""Trial balances fetched column by column equal the ones fetched row by row (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.ledger import store

CASES = Path(__file__).resolve().parents[1] / "cases"
NO_DATES = CASES / "acquisition" / "s-8-step-acquisition" / "workspace"
DATES = CASES / "statements" / "a-foreign-sub-fx-effect-nci-dividend" / "workspace"


@pytest.mark.parametrize(("case", "has_dates"), [(NO_DATES, False), (DATES, True)])
@pytest.mark.parametrize("dated", [None, "all"])
def test_column_fetch_gives_the_same_trial_balances(monkeypatch, case, has_dates, dated):
    ctx = Context.open(case)
    periods = ctx.ledger.periods()
    entities = sorted(ctx.workspace.group.entities) if dated else None
    by_row = ctx.ledger.local_tbs(periods, dated=entities)
    monkeypatch.setattr(store, "_NUMPY_FETCH", 0)
    fresh = Context.open(case)
    assert fresh.ledger._has_dates() is has_dates  # without dates, the column path
    by_column = fresh.ledger.local_tbs(periods, dated=entities)
    assert sum(len(tb) for tb in by_column.values()) > 5
    assert {k: sorted(tb.items(), key=str) for k, tb in by_column.items()} == \
        {k: sorted(tb.items(), key=str) for k, tb in by_row.items()}
    assert all(type(v) is type(by_row[k][key]) for k, tb in by_column.items() for key, v in tb.items())


def test_column_fetch_keeps_order_and_digits(monkeypatch, tmp_path):
    # the column path builds each entity's dict from slices: the same entities, keys, order and
    # amount texts (places, sign) as the row path, on entities with one key and with many
    import shutil

    ws = tmp_path / "ws"
    shutil.copytree(NO_DATES, ws)
    with next((ws / "ledger").glob("*.csv")).open("a") as fh:  # six places, a sign, one entity with two keys
        fh.write("S,2020-12-31,1100,,0.000001\nS,2020-12-31,2200,,-0.000001\n")
    ctx = Context.open(ws)
    periods = ctx.ledger.periods()
    by_row = ctx.ledger.local_tbs(periods)
    monkeypatch.setattr(store, "_NUMPY_FETCH", 0)
    by_column = Context.open(ws).ledger.local_tbs(periods)
    assert list(by_column) == list(by_row)
    for k, tb in by_row.items():
        assert [(key, str(v)) for key, v in by_column[k].items()] == [(key, str(v)) for key, v in tb.items()], k
    assert any(v < 0 for tb in by_row.values() for v in tb.values())
    assert len(by_row) >= 2 and str(by_row[("S", periods[0])][("2200", None, None)]) == "-0.000001"


def test_column_fetch_by_name_index_keeps_partners_folds_and_zeros(monkeypatch, tmp_path):
    # the column path fetches entity, account and partner as places in sorted name lists: the same
    # keys (a partner or none), the same order, sums over files folded and zero sums left out
    import shutil

    ws = tmp_path / "ws"
    shutil.copytree(CASES / "intercompany" / "b-ic-balance-mismatch" / "workspace", ws)
    (ws / "ledger" / "more.csv").write_text(
        "entity,period,account,partner,amount\n"
        "P,2021-12-31,1100,S,7\nP,2021-12-31,1100,S,-7\n"  # sums to zero: no key
        "S,2021-12-31,1400,,5\nS,2021-12-31,2200,,-5\n"  # folded with the first file's keys
        "S,2021-12-31,1400,P,2.5\nS,2021-12-31,2200,P,-2.5\n", encoding="utf-8")
    by_row = Context.open(ws).ledger.local_tbs([store.dt.date(2021, 12, 31)])
    monkeypatch.setattr(store, "_NUMPY_FETCH", 0)
    by_column = Context.open(ws).ledger.local_tbs([store.dt.date(2021, 12, 31)])
    assert list(by_column) == list(by_row)
    for k, tb in by_row.items():
        assert [(key, str(v)) for key, v in by_column[k].items()] == [(key, str(v)) for key, v in tb.items()], k
    p, s = by_column[("P", store.dt.date(2021, 12, 31))], by_column[("S", store.dt.date(2021, 12, 31))]
    assert ("1100", "S", None) not in p and str(s[("1400", None, None)]) == "3005.000000"
    assert [k for k in s if k[0] == "1400"] == [("1400", None, None), ("1400", "P", None)]
    assert s[("2100", "P", None)] == -950 and p[("1200", "S", None)] == 1000
