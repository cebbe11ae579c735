"""Refusals of what is not handled yet say, briefly, the condition that made them (issue 10; the rule "bad input gets a
clear message naming file, row or key, and what to do"): a user reads the first line, so the message names this
workspace's entities, dates and the one condition that failed, and the hint what to do and where the docs list what
is handled. They used to list every handled pattern (600 to 2,100 characters) and leave the reader to find which one
the workspace missed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import Problem, RenketsuError

TESTS = Path(__file__).resolve().parents[1]
ERRORS = TESTS / "errors"
CASES = TESTS / "cases" / "deconsolidation"

#: what a refusal's message and hint may take together (the file:row prefix comes on top)
BOUND = 320


def _entry(tmp_path: Path, name: str) -> Path:
    ws = tmp_path / "workspace"
    shutil.copytree(next(ERRORS.glob(f"{name}-*")) / "workspace", ws)
    return ws


def _case(tmp_path: Path, name: str, old: str, new: str) -> Path:
    ws = tmp_path / "workspace"
    shutil.copytree(CASES / name / "workspace", ws)
    g = ws / "group.yaml"
    text = g.read_text(encoding="utf-8")
    assert old in text
    g.write_text(text.replace(old, new), encoding="utf-8")
    return ws


def _refusal(ws: Path, kind: str, period: str = "2022-12-31") -> Problem:
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate(period)
    (p,) = [p for p in err.value.problems if p.kind == kind]
    return p


@pytest.mark.parametrize(("make", "kind", "reason"), [
    # a 10% kept below significant influence and sold later that year (catalogue 111)
    (lambda t: _entry(t, "111"), "deconsolidation.retained_interest",
     "because P keeps 10% below significant influence and the holdings of S change again on 2022-10-01"),
    # a seller in USD on a day rates.csv gives its own spot rate (catalogue 221)
    (lambda t: _entry(t, "221"), "deconsolidation.sale_day_rate",
     "spot rate of 122 that day, but the position of 2022-06-30 is translated at 120"),
    # the rest of an associate sold later in the year of a part sold, by a holder in USD (catalogue 223)
    (lambda t: _entry(t, "223"), "equity_method.partial_disposal",
     "part of it was sold earlier that year (on 2022-07-01) and H books in USD"),
    # an associate sold whole after a dividend its trial balance does not show declared (catalogue 224)
    (lambda t: _entry(t, "224"), "equity_method.partial_disposal",
     "P received dividends from it that year but A's trial balance at 2022-06-30 shows none declared before the sale"),
    # the NCI's own goodwill amortised (catalogue 220)
    (lambda t: _entry(t, "220"), "consolidation.nci_goodwill_amortisation",
     "goodwill_amortisation_years is 10: amortising the NCI's own goodwill is not modelled"),
    # x-45's sub-group diluted out of control, under jgaap
    (lambda t: _case(t, "x-45-sub-group-leaves-by-dilution", "framework: ifrs\n", "framework: jgaap\n"),
     "deconsolidation.not_a_sale", ": S holds subsidiaries of its own (T) and the framework is jgaap"),
    # x-17's two sellers, H 80% owned, at different prices a share of S (EUR)
    (lambda t: _case(t, "x-17-two-sellers-one-day", "  holder: P\n  entity: H\n  share: 1\n",
                     "  holder: P\n  entity: H\n  share: 0.8\n"),
     "deconsolidation.several_sellers",
     "and H has NCI of its own and the sellers paid different prices a share of S, which books in EUR"),
], ids=["retained-interest", "sale-day-rate", "rest-sold-usd-holder", "dividend-not-declared", "nci-goodwill-amortised",
        "sub-group-diluted-jgaap", "several-sellers-prices"])
def test_a_refusal_names_its_reason_briefly(tmp_path, make, kind, reason):
    p = _refusal(make(tmp_path), kind)
    assert reason in p.message, p.message
    assert len(p.message) + len(p.hint or "") <= BOUND, (len(p.message) + len(p.hint or ""), str(p))
    assert p.hint and ("consolidate" in p.hint or "measure" in p.hint or "give" in p.hint), p.hint
