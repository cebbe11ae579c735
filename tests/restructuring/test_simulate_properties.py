"""A merger inside a wholly-owned group changes nothing consolidated (hypothesis).

ASBJ Statement 21 §41 / Guidance 10 §§206, 203-2 and IFRS common-control practice at
consolidated carrying amounts (docs/format.md §10.8): when a company absorbs wholly-owned subsidiaries
for no consideration, its own books change (assets taken over, tie-in gain or loss, claims
extinguished) but the group's consolidated statements do not.

Random groups: a parent P and 2–5 subsidiaries, each held 100% by P or by an earlier
subsidiary (a random tree), acquired on 2019-04-01 with their equity at acquisition given and a
cost at or above it (so some goodwill), random balanced trial balances at the fiscal year end
2021-03-31 (reporting currency only), some matching intra-group balances and sales (none between
an absorbed company and a group company outside the merger: see tests/cases/merger/s-7, xfail). The event:
a survivor (P, or a subsidiary with subsidiaries of its own) absorbs 1–2 of the companies it
holds directly, effective 2021-04-01, no consideration. Then `consolidated_change` is empty for
both statements and every item of `checks` is ok.

ifrs, so goodwill is not amortised: under jgaap the year's amortisation of an absorbed
company's goodwill shows up as a spurious income change (tests/cases/merger/s-2b, xfail).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renketsu.api import Context

PERIOD = "2021-03-31"
ACQ = "2019-04-01"
EFFECTIVE = "2021-04-01"
CHART = [
    {"id": "1100", "name": "Cash and deposits", "type": "asset"},
    {"id": "1200", "name": "Receivables", "type": "asset"},
    {"id": "1400", "name": "Other assets", "type": "asset"},
    {"id": "1500", "name": "Shares of subsidiaries", "type": "asset", "role": "investment"},
    {"id": "1600", "name": "Goodwill", "type": "asset", "role": "goodwill"},
    {"id": "2100", "name": "Payables", "type": "liability"},
    {"id": "2200", "name": "Other liabilities", "type": "liability"},
    {"id": "3100", "name": "Share capital", "type": "equity", "role": "share_capital"},
    {"id": "3200", "name": "Capital surplus", "type": "equity", "role": "capital_surplus"},
    {"id": "3300", "name": "Retained earnings", "type": "equity", "role": "retained_earnings"},
    {"id": "3900", "name": "Non-controlling interests", "type": "equity", "role": "nci"},
    {"id": "4100", "name": "Revenue", "type": "income"},
    {"id": "4800", "name": "Gain on tie-in shares", "type": "income", "role": "tie_in_gain"},
    {"id": "5100", "name": "Cost of sales", "type": "expense", "role": "cost_of_sales"},
    {"id": "5200", "name": "Other expenses", "type": "expense"},
    {"id": "5800", "name": "Loss on tie-in shares", "type": "expense", "role": "tie_in_loss"},
]

money = st.integers(min_value=1, max_value=5_000_000)


@st.composite
def groups(draw):
    n = draw(st.integers(min_value=2, max_value=5))
    ids = ["P"] + [f"S{i}" for i in range(1, n + 1)]
    holder_of: dict[str, str] = {}
    holdings = []
    tb: dict[str, list[tuple[str, str, int]]] = {e: [] for e in ids}
    for e in ids:
        capital = draw(money)
        re_open = draw(st.integers(min_value=-1_000_000, max_value=5_000_000))
        tb[e] += [("3100", "", -capital), ("3300", "", -re_open), ("2200", "", -draw(money)),
                  ("4100", "", -draw(money)), ("5200", "", draw(money))]
        if e != "P":
            holder = draw(st.sampled_from(ids[: ids.index(e)]))
            holder_of[e] = holder
            re_acq = draw(st.integers(min_value=0, max_value=2_000_000))
            goodwill = draw(st.one_of(st.just(0), money))
            cost = capital + re_acq + goodwill
            holdings.append({"date": ACQ, "holder": holder, "entity": e, "share": 1, "cost": cost,
                             "equity_at_acquisition": {"3100": capital, "3300": re_acq}})
            tb[holder].append(("1500", e, cost))
    # The survivor holds every absorbed company directly.
    survivor = draw(st.sampled_from(sorted(set(holder_of.values()))))
    children = sorted(e for e, h in holder_of.items() if h == survivor)
    absorbed = draw(st.lists(st.sampled_from(children), min_size=1, max_size=min(2, len(children)), unique=True))
    merging = {survivor, *absorbed}
    for _ in range(draw(st.integers(min_value=0, max_value=5))):
        a, b = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
        if a == b or ((a in absorbed) != (b in absorbed) and not {a, b} <= merging):
            # Not an absorbed company with a group company outside the merger: the engine leaves
            # the counterparty's partner pointing at the dissolved company (tests/cases/merger/s-7, xfail).
            continue
        amt = draw(money)
        if draw(st.booleans()):
            tb[a].append(("1200", b, amt))
            tb[b].append(("2100", a, -amt))
        else:
            tb[a].append(("4100", b, -amt))
            tb[b].append(("5100", a, amt))
    rows = []
    for e in ids:
        tb[e].append(("1400", "", -sum(a for _acc, _p, a in tb[e])))
        rows += [(e, PERIOD, acc, partner, amt) for acc, partner, amt in tb[e]]
    group = {"group": "random", "parent": "P", "reporting_currency": "JPY", "fiscal_year_end": "03-31",
             "framework": "ifrs", "entities": [{"id": e, "name": e, "currency": "JPY"} for e in ids],
             "accounts": CHART, "holdings": holdings}
    event = {"id": "m", "kind": "merger", "effective": EFFECTIVE, "surviving": survivor, "absorbed": absorbed}
    return group, rows, event


def _simulate(group: dict, rows: list[tuple], event: dict) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        (ws / "ledger").mkdir(parents=True)
        (ws / "group.yaml").write_text(yaml.safe_dump(group, sort_keys=False))
        (ws / "events.yaml").write_text(yaml.safe_dump({"events": [event]}, sort_keys=False))
        lines = ["entity,period,account,partner,amount"] + [",".join(str(x) for x in r) for r in rows]
        (ws / "ledger" / "tb.csv").write_text("\n".join(lines) + "\n")
        return Context.open(ws).simulate(event["id"]).to_json()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(groups())
def test_wholly_owned_merger_changes_nothing_consolidated(g):
    group, rows, event = g
    sim = _simulate(group, rows, event)
    assert sim["consolidated_change"] == {"balance_sheet": {}, "income_statement": {}}, (
        event, sim["consolidated_change"], sim["entity_entries"])
    bad = [c for c in sim["checks"] if not c["ok"]]
    assert not bad, (event, bad)
    # The absorbed companies are gone, the survivor's books balance.
    for a in event["absorbed"]:
        assert sim["entities_after"][a].get("dissolved") is True
    survivor_bs = sim["entities_after"][event["surviving"]]["balance_sheet"]
    assert sum(int(v) for v in survivor_bs.values()) == 0
