"""Property: top-side adjustments that net to zero change nothing but their own lines.

Random adjustments on the group of case statements/a (a foreign subsidiary with NCI) are written
with their exact opposites under other ids of the same period, in either year: the consolidation
and the statement set — balance sheet, income statement, profit, comprehensive income, changes in
equity, cash flows, notes, checks, the comparative — equal those without adjustments.csv. Only
the eliminations differ: by the adjustment entries themselves, and the NCI's shares of them.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renketsu.api import Context

A = Path(__file__).parent.parent / "cases" / "statements" / "a-foreign-sub-fx-effect-nci-dividend" / "workspace"
Y1, Y2 = "2021-12-31", "2022-12-31"
ACCOUNTS = ["1100", "1400", "1600", "2200", "3100", "3300", "3600", "3900", "4100", "5200"]

line = st.tuples(st.sampled_from(["P", "S"]), st.sampled_from(ACCOUNTS), st.integers(1, 5000))
adjustment = st.tuples(st.sampled_from([Y1, Y2]), st.lists(line, min_size=1, max_size=4))


def _rows(adjs: list[tuple[str, list[tuple[str, str, int]]]]) -> str:
    out = ["id,period,entity,account,partner,amount,reason"]
    for i, (period, lines) in enumerate(adjs):
        # each adjustment balances on its own: the last line's account takes the rest on the parent
        full = [*lines, ("P", "1400", -sum(a for _e, _acc, a in lines))]
        for sign, aid in ((1, f"A{i}"), (-1, f"B{i}")):
            out += [f"{aid},{period},{e},{acc},,{sign * a},random {aid}" for e, acc, a in full if a]
    return "\n".join(out) + "\n"


BASE: dict[str, dict] = {}


def _base(period: str) -> dict:
    if period not in BASE:
        BASE[period] = Context.open(A).consolidate(period).to_json()
    return BASE[period]


_NCI_SHARE = re.compile(r" of E\d+ \(adjustment\) on retained earnings$")


def _own(j: dict) -> list[tuple]:
    """The eliminations that are not adjustments nor the NCI's share of one, without their ids."""
    return [(e["step"], e["kind"], e["entity"], e["partner"], str(e["lines"]), e["reason"]) for e in j["eliminations"]
            if e["kind"] != "adjustment" and not _NCI_SHARE.search(e["reason"])]


def _strip(j: dict) -> dict:
    out = {k: v for k, v in j.items() if k != "eliminations"}
    if "comparative" in out:
        out["comparative"] = {k: v for k, v in out["comparative"].items() if k != "eliminations"}
    return out


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(adjustment, min_size=1, max_size=3), st.sampled_from([Y1, Y2]))
def test_adjustments_netting_to_zero_change_nothing_but_their_lines(adjs, period):
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        shutil.copytree(A, ws)
        (ws / "adjustments.csv").write_text(_rows(adjs), encoding="utf-8")
        j = Context.open(ws).consolidate(period).to_json()
    base = _base(period)
    assert _strip(j) == _strip(base)
    assert _own(j) == _own(base)
    mine = [e for e in j["eliminations"] if e["kind"] == "adjustment"]
    posted = {e["reason"].split(" (adjustments.csv")[0].removeprefix("top-side adjustment ") for e in mine}
    expected = {f"random {p}{i}" for i, (d, lines) in enumerate(adjs) if d <= period and _nets_to_lines(lines)
                for p in "AB"}
    assert posted == expected  # an adjustment whose lines add up to nothing on each account is not posted


def _nets_to_lines(lines: list[tuple[str, str, int]]) -> bool:
    net: dict[tuple[str, str], int] = {}
    for e, acc, a in [*lines, ("P", "1400", -sum(a for _e, _acc, a in lines))]:
        net[(e, acc)] = net.get((e, acc), 0) + a
    return any(net.values())
