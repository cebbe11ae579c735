"""Several absorbed companies in one merger, each with its part of the consideration (issue 10).

The worked case is merger/s-34 (a USD survivor absorbs two partly-owned USD sisters, new shares allotted to each
one's shareholders, ``allotment`` in events.yaml). Here: the same in yen, and a merger of two wholly-owned sisters
whose consideration each company's shareholders once received whole (the survivor's share capital rose twice).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

CASES = Path(__file__).parents[1] / "cases" / "merger"
S34 = CASES / "s-34-usd-survivor-absorbs-two-partly-owned-usd-sisters-for-shares" / "workspace"
S3 = CASES / "s-3-sister-merger-no-consideration" / "workspace"


def _copy(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / src.parent.name
    shutil.copytree(src, dst)
    return dst


def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def _set_tb(ws: Path, entity: str, rows: dict[str, str], period: str = "2021-12-31") -> None:
    tb = ws / "ledger" / "trial_balances.csv"
    kept = [r for r in tb.read_text().splitlines() if not r.startswith(f"{entity},")]
    for key, amount in rows.items():
        account, _, partner = key.partition(",")
        kept.append(f"{entity},{period},{account},{partner},{amount}")
    tb.write_text("\n".join(kept) + "\n")


def test_s34_in_yen_makes_both_outside_shareholders_the_survivors_nci(tmp_path: Path):
    """s-34 with every company in yen (books × 100; A's goodwill ¥4,000,000; share capital +¥15,000,000 and
    +¥5,000,000). From the standards, before the engine was run: NCI before 20% × A's 60,000,000 + 30% × B's
    24,000,000 = 19,200,000; after 15% of S's identifiable net assets (35,000,000 + 60,000,000 + 24,000,000) =
    17,850,000; the 1,350,000 the owners', in capital surplus (IFRS 10.B96; ASBJ Statement 22 §30); no reserve;
    retained earnings unchanged. It was refused (simulate.new_shares)."""
    ws = _copy(S34, tmp_path)
    _edit_yaml(ws / "group.yaml", lambda g: [e.update(currency="JPY") for e in g["entities"]])

    def yen(g):
        for h in g["holdings"]:
            h["equity_at_acquisition"] = {k: v * 100 for k, v in h["equity_at_acquisition"].items()}
    _edit_yaml(ws / "group.yaml", yen)
    _set_tb(ws, "S", {"1400": "40000000", "2200": "-5000000", "3100": "-30000000", "4100": "-20000000",
                      "5200": "15000000"})
    _set_tb(ws, "A", {"1400": "70000000", "2200": "-10000000", "3100": "-40000000", "3300": "-10000000",
                      "4100": "-30000000", "5200": "20000000"})
    _set_tb(ws, "B", {"1400": "30000000", "2200": "-6000000", "3100": "-20000000", "4100": "-10000000",
                      "5200": "6000000"})

    def scale(d):
        ev = d["events"][0]
        ev["consideration"]["share_capital_increase"] = 20_000_000
        ev["allotment"]["A"]["share_capital_increase"] = 15_000_000
        ev["allotment"]["B"]["share_capital_increase"] = 5_000_000
    _edit_yaml(ws / "events.yaml", scale)
    sim = Context.open(ws).simulate("merge-a-b-2022").to_json()
    assert sim["consolidated_before"]["balance_sheet"]["3900"] == "-19200000"
    assert sim["consolidated_change"] == {"balance_sheet": {"3200": "-1350000", "3900": "1350000"},
                                          "income_statement": {}}
    assert any("15% of its shares after" in n for n in sim["notes"])
    assert all(c["ok"] for c in sim["checks"])


def _s3_with_c(tmp_path: Path) -> Path:
    """s-3 (A absorbs its wholly-owned sister B, yen) with a second wholly-owned sister C absorbed too (share
    capital ¥10,000,000, P's cost the same) and 1,000 new shares, share capital +¥1,000,000."""
    ws = _copy(S3, tmp_path)

    def add_c(g):
        g["entities"].append({"id": "C", "name": "C", "currency": "JPY", "country": "JP"})
        g["holdings"].append({"date": "2015-04-01", "holder": "P", "entity": "C", "share": 1, "cost": 10_000_000,
                              "equity_at_acquisition": {"3100": 10_000_000}})
    _edit_yaml(ws / "group.yaml", add_c)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text() + "P,2021-03-31,1500,C,10000000\nP,2021-03-31,3300,,-10000000\n"
                  "C,2021-03-31,1400,,10000000\nC,2021-03-31,3100,,-10000000\n")
    _edit_yaml(ws / "events.yaml", lambda d: d["events"][0].update(
        absorbed=["B", "C"], consideration={"shares_issued": 1000, "share_capital_increase": 1_000_000}))
    return ws


def test_two_wholly_owned_sisters_share_the_consideration_by_their_allotment(tmp_path: Path):
    """s-3 with C absorbed too, the 1,000 new shares allotted 600 (¥600,000 of share capital) to B's shareholder and
    400 (¥400,000) to C's. From Guidance 10 §203-2(1), before the engine was run: A's share capital rises by the
    ¥1,000,000 of the merger, once: 100,000,000 → 101,000,000; capital surplus B's 80,000,000 − 600,000 plus C's
    10,000,000 − 400,000 = 89,000,000; nothing consolidated changes. Without an allotment each company's holder took
    the whole consideration (share capital +2,000,000, capital surplus 88,000,000)."""
    ws = _s3_with_c(tmp_path)
    _edit_yaml(ws / "events.yaml", lambda d: d["events"][0].update(allotment={
        "B": {"shares_issued": 600, "share_capital_increase": 600_000},
        "C": {"shares_issued": 400, "share_capital_increase": 400_000}}))
    sim = Context.open(ws).simulate("merger-2021").to_json()
    bs = sim["entities_after"]["A"]["balance_sheet"]
    assert (bs["3100"], bs["3200"]) == ("-101000000", "-89000000")
    assert sim["consolidated_change"] == {"balance_sheet": {}, "income_statement": {}}
    assert all(c["ok"] for c in sim["checks"])


def test_several_absorbed_companies_sharing_a_consideration_need_an_allotment(tmp_path: Path):
    ws = _s3_with_c(tmp_path)
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).simulate("merger-2021")
    assert [p.kind for p in err.value.problems] == ["event.allotment"]
    assert "no allotment says what each one's shareholders receive" in str(err.value)


def test_an_allotment_that_does_not_add_up_is_refused(tmp_path: Path):
    ws = _s3_with_c(tmp_path)
    _edit_yaml(ws / "events.yaml", lambda d: d["events"][0].update(allotment={
        "B": {"shares_issued": 600, "share_capital_increase": 600_000},
        "C": {"shares_issued": 300, "share_capital_increase": 400_000}}))
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).simulate("merger-2021")
    assert [p.kind for p in err.value.problems] == ["event.allotment"]
    assert "shares_issued add up to 900" in str(err.value)
