"""NCI measured at fair value (their own goodwill, IFRS 3.19) and goodwill amortisation (issue 10): no framework the
engine accepts amortises the NCI's own goodwill correctly, so the combination is refused, never silently wrong.

- jgaap does not measure NCI at fair value (ASBJ Statement 22: their share of the net assets, no goodwill of theirs):
  the group policy was refused already (`policy.nci_fair_value_jgaap`); a holding's own `nci_measurement:
  fair_value` was read and consolidated with full goodwill amortised. Now refused the same way, at the holding.
- ifrs with `goodwill_amortisation_years` (a jgaap-like policy the engine accepts) amortised the NCI's goodwill in an
  entry attributed to S, so the owners bore (1 − NCI ratio) of it. n-28's group in 2021 (P 70% of S for 77,000, the
  NCI's 30% at fair value 33,000, S's net assets 100,000; goodwill 10,000: the owners' 7,000, the NCI's 3,000; S earns
  10,000), amortised over 10 years from the month after control (11 months in 2021): the NCI's own goodwill loses
  3,000 × 11 / 120 = 275, theirs alone, so their share of profit is 30% × 10,000 − 275 = 2,725 and NCI 33,000 + 2,725
  = 35,725 (= 30% × 110,000 + their goodwill left 2,725); the engine gave 3,000 − 30% × 275 = 2,918 and NCI 35,918.
  Purchases from the NCI, dilutions and sales would also take their goodwill at the control date, unamortised.
  Refused (`consolidation.nci_goodwill_amortisation`) rather than built: it is neither framework (IFRS 3.B63 / IAS 36
  do not amortise goodwill, jgaap has no NCI goodwill).
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

N28 = Path(__file__).resolve().parents[1] / "cases" / "nci" / "n-28-purchase-then-dilution-nci-at-fair-value" \
    / "workspace"


def _n28(tmp_path: Path, old: str, new: str) -> Path:
    ws = tmp_path / "n28"
    shutil.copytree(N28, ws)
    g = ws / "group.yaml"
    text = g.read_text(encoding="utf-8")
    assert old in text
    g.write_text(text.replace(old, new), encoding="utf-8")
    return ws


def _problems(ws: Path, period: str = "2021-12-31") -> list:
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate(period)
    return list(err.value.problems)


def test_ifrs_amortising_the_nci_own_goodwill_is_refused(tmp_path):
    ws = _n28(tmp_path, "  nci_measurement: proportionate\n",
              "  nci_measurement: proportionate\n  goodwill_amortisation_years: 10\n")
    (p,) = [p for p in _problems(ws) if p.kind == "consolidation.nci_goodwill_amortisation"]
    assert "NCI of S are measured at fair value" in p.message and "not modelled" in p.message
    assert p.where is not None and p.where.key == "holdings[0]"


@pytest.mark.parametrize("period", ["2021-12-31", "2022-12-31"])
def test_a_holding_nci_at_fair_value_under_jgaap_is_refused(tmp_path, period):
    ws = _n28(tmp_path, "framework: ifrs\npolicies:\n  nci_measurement: proportionate\n",
              "framework: jgaap\npolicies:\n  nci_measurement: proportionate\n  goodwill_amortisation_years: 10\n")
    (p,) = [p for p in _problems(ws, period) if p.kind == "policy.nci_fair_value_jgaap"]
    assert "P's holding of S dated 2021-01-01" in p.message and "not allowed under jgaap" in p.message
    assert p.where is not None and p.where.key == "holdings[0]"


def test_ifrs_amortisation_with_proportionate_nci_is_still_consolidated(tmp_path):
    """The same group with the NCI proportionate (no NCI goodwill): 2021 goodwill 7,000, 11 months amortised 641.67,
    booked 642; profit 5,000 + 10,000 − 642 = 14,358, NCI 3,000 (the owners bear the amortisation)."""
    ws = _n28(tmp_path, "  nci_measurement: fair_value\n  nci_fair_value: 33000\n", "")
    ws2 = ws / "group.yaml"
    ws2.write_text(ws2.read_text(encoding="utf-8").replace(
        "  nci_measurement: proportionate\n", "  nci_measurement: proportionate\n  goodwill_amortisation_years: 10\n"),
        encoding="utf-8")
    res = Context.open(ws).consolidate("2021-12-31")
    assert (res.profit_total, res.profit_nci) == (Decimal(14358), Decimal(3000))
