"""Property tests on random TREES of companies over TWO years (issue 10 "Tests", issue 11).

A parent (JPY) and 3–5 subsidiaries in a tree of 3–4 levels: a spine P → S1 → S2 (→ S3) and one or two
more subsidiaries hung anywhere above the last level, so that a holder often has two subsidiaries
(sister holdings); in half the groups a leaf subsidiary is also held, for 1/20 or 1/10, by another
group company (two holders, each with its own cost and goodwill). Holders and subsidiaries in any of
JPY, USD, EUR, GBP; a share of 3/4, 4/5 or 1 at every level (NCI at every level); one associate A, in any currency, held jointly by two group companies
(1/10, 1/5 or 1/4 each: together between 20% and 50%). Control and influence begin on 2024-01-01; the
ledger holds the trial balances at 2024-12-31 and 2025-12-31. In each year every company has revenue
and expense (profit at the average rate) and every subsidiary and the associate declare a dividend
dated 2025-06-30 / 2024-06-30 (at that day's spot rate), received by the holders in their own
currency at the cross rate of that day; rates move freely (multiples of 10 between 80 and 200).

Amounts are chosen so that no booked line rounds (every amount a multiple of the denominators of
every effective interest and cross rate): the properties below are then exact, with no tolerance.

Checked, for each year: every investment fully eliminated; the balance sheet sums to zero; all the
engine's checks pass; the translation reserve equals the owners' share of each foreign operation's
translation difference, computed here independently of the engine and carried over the two years —
for each company, its own net assets other than investments: the opening at (closing − previous
closing, the spot of acquisition in the first year), the year's profit at (closing − average), the
dividends received less paid at (closing − spot); each holder's goodwill in a subsidiary (in the
subsidiary's currency, from its cost at the holder's spot rate) at (closing − previous closing), borne
by that holder's owners; each holding of the
associate, its carrying amount in the associate's currency at closing less cost at the holder's spot,
the share of each year's profit at that year's average and the dividends received at their spot —
each at the owners' effective interest in the company that bears it. For year 2 also: every
component of changes_in_equity opens at year 1's balance sheet and closes at year 2's, with nothing
unexplained; operating + investing + financing + fx_effect = closing cash − opening cash, exactly.

A second test runs the same trees with amounts in units of 997, so that booked lines round: the checks
hold, the reserve within a unit per booked line, the roll and the cash identity exactly. The NCI's
share of retained earnings that year 2 re-derives is year 1's plus year 1's NCI share of profit less
its dividends to the NCI (the NCI opens at last year's closing): exactly, with rounding as well.
"""

from __future__ import annotations

import copy
import math
import os
import tempfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renketsu.api import Context

#: The default is moderate for a loaded machine; ``CI=true`` runs four times as many, and
#: ``RENKETSU_PROPERTY_EXAMPLES`` sets the number outright.
EXAMPLES = int(os.environ.get("RENKETSU_PROPERTY_EXAMPLES", "100" if os.environ.get("CI") == "true" else "25"))

CHART = [
    {"id": "1100", "name": "Cash", "type": "asset", "role": "cash"},
    {"id": "1500", "name": "Shares of subsidiaries and associates", "type": "asset", "role": "investment"},
    {"id": "1510", "name": "Investments accounted for by the equity method", "type": "asset",
     "role": "equity_method_investment"},
    {"id": "1600", "name": "Goodwill", "type": "asset", "role": "goodwill"},
    {"id": "3100", "name": "Share capital", "type": "equity", "role": "share_capital"},
    {"id": "3200", "name": "Capital surplus", "type": "equity", "role": "capital_surplus"},
    {"id": "3300", "name": "Retained earnings", "type": "equity", "role": "retained_earnings"},
    {"id": "3400", "name": "Dividends declared", "type": "equity", "role": "dividends_declared"},
    {"id": "3600", "name": "Translation reserve", "type": "equity", "role": "cta"},
    {"id": "3900", "name": "Non-controlling interests", "type": "equity", "role": "nci"},
    {"id": "4100", "name": "Revenue", "type": "income"},
    {"id": "4200", "name": "Dividend income", "type": "income", "role": "dividend_income"},
    {"id": "4300", "name": "Share of profit of associates", "type": "income", "role": "equity_method_income"},
    {"id": "4900", "name": "Gain on bargain purchase", "type": "income", "role": "bargain_purchase_gain"},
    {"id": "5200", "name": "Other expenses", "type": "expense"},
]
CURRENCIES = ("JPY", "USD", "EUR", "GBP")
SUB_SHARES = (Fraction(3, 4), Fraction(4, 5), Fraction(1))
ASSOC_SHARES = (Fraction(1, 10), Fraction(1, 5), Fraction(1, 4))
START = "2024-01-01"
YEARS = ("2024-12-31", "2025-12-31")
DIV_DATES = ("2024-06-30", "2025-06-30")
#: Every effective interest (three levels of 3/4 or 4/5, a minority of 1/20 or 1/10) times an associate
#: share divides 1/M.
M = 20 ** 5
RATE = st.integers(8, 20).map(lambda k: 10 * k)


@st.composite
def trees(draw, m: int = M) -> dict:
    """A random tree; amounts are multiples of ``m`` (``M``: no booked line rounds)."""
    depth = draw(st.integers(3, 4))  # levels, the parent's included
    ids = ["P"] + [f"S{i}" for i in range(1, depth)]
    holder = {f"S{i}": ids[i - 1] for i in range(1, depth)}
    level = {e: i for i, e in enumerate(ids)}
    for k in range(draw(st.integers(1, 2))):
        e = f"S{depth + k}"
        h = draw(st.sampled_from([x for x in ids if level[x] < depth - 1]))
        holder[e], level[e] = h, level[h] + 1
        ids.append(e)
    cur = {"P": "JPY"} | {e: draw(st.sampled_from(CURRENCIES)) for e in ids[1:]}
    cur["A"] = draw(st.sampled_from(CURRENCIES))
    share = {e: draw(st.sampled_from(SUB_SHARES)) for e in ids[1:]}
    # a leaf subsidiary also held, for a minority, by another group company that is not its holder
    leaves = [e for e in ids[1:] if e not in holder.values()]
    minor = None
    if draw(st.booleans()):
        x = draw(st.sampled_from(leaves))
        second = draw(st.sampled_from([e for e in ids if e not in (x, holder[x])]))
        minor = (second, x, draw(st.sampled_from((Fraction(1, 20), Fraction(1, 10)))))
        share[x] = min(share[x], Fraction(4, 5))
    a_holders = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
    a_share = {h: draw(st.sampled_from(ASSOC_SHARES)) for h in a_holders}
    # rates: spot at START, then per year (average, spot on the dividend day, closing)
    rates = {c: {"r0": draw(RATE), "avg": (draw(RATE), draw(RATE)), "spot": (draw(RATE), draw(RATE)),
                 "cl": (draw(RATE), draw(RATE))} for c in CURRENCIES[1:]}
    rates["JPY"] = {"r0": 1, "avg": (1, 1), "spot": (1, 1), "cl": (1, 1)}
    unit = st.integers(1, 12).map(lambda k: k * m)
    money = {e: {"cap": draw(unit), "re0": draw(unit) - m, "rev": (draw(unit), draw(unit)),
                 "exp": (draw(unit), draw(unit)), "extra": draw(st.integers(0, 3)), "div": (draw(st.integers(0, 3)),
                                                                                            draw(st.integers(1, 3)))}
             for e in [*ids, "A"]}
    return {"ids": ids, "holder": holder, "cur": cur, "share": share, "a_share": a_share, "rates": rates,
            "money": money, "m": m, "minor": minor}


def _model(g: dict) -> dict:
    """Costs, dividends and the trial balances in each company's currency; the expected reserve."""
    ids, holder, cur, share, a_share, rates, money, m = (g[k] for k in ("ids", "holder", "cur", "share", "a_share",
                                                                        "rates", "money", "m"))
    r = lambda e, kind, y=None: Fraction(rates[cur[e]][kind] if y is None else rates[cur[e]][kind][y])  # noqa: E731
    holders_of = {s: {holder[s]: share[s]} for s in ids[1:]} | {"A": dict(a_share)}
    if g["minor"]:
        second, x, sm = g["minor"]
        holders_of[x][second] = sm
    cost: dict[tuple[str, str], int] = {}
    na0 = {e: money[e]["cap"] + money[e]["re0"] for e in [*ids, "A"]}

    def price(h: str, s: str, sh: Fraction) -> int:
        # cost in h's currency, whole in M in both h's and s's currency at the rates of START, above the share
        q = r(s, "r0") / r(h, "r0")
        step = m * q.numerator
        fair = sh * na0[s] * r(s, "r0") / r(h, "r0")
        return (int(fair // step) + 1 + money[s]["extra"]) * step

    for h, sh in a_share.items():
        cost[(h, "A")] = price(h, "A", sh)
    invested = {e: 0 for e in ids}
    first = [g["minor"][1]] if g["minor"] else []  # a leaf held twice is priced before either holder
    for s in [*first, *[e for e in reversed(ids[1:]) if e not in first], "P"]:
        # leaves first: enough capital to pay for its investments, then its price
        invested[s] = sum(v for (h, _s), v in cost.items() if h == s)
        money[s]["cap"] += invested[s]
        na0[s] += invested[s]
        if s != "P":
            for h, sh in holders_of[s].items():
                cost[(h, s)] = price(h, s, sh)
    # dividends: whole in M, and so is what each holder receives in its own currency
    div = {}
    recv: dict[tuple[str, str, int], int] = {}
    for p in [*ids[1:], "A"]:
        for y in (0, 1):
            unit = math.lcm(*[m * (sh * r(p, "spot", y) / r(h, "spot", y)).denominator for h, sh in holders_of[p].items()])
            div[(p, y)] = money[p]["div"][y] * unit
            money[p]["rev"] = tuple(v + div[(p, y)] if yy == y else v for yy, v in enumerate(money[p]["rev"]))
            for h, sh in holders_of[p].items():
                got = sh * div[(p, y)] * r(p, "spot", y) / r(h, "spot", y)
                assert got.denominator == 1
                recv[(h, p, y)] = int(got)
    # trial balances
    tbs = []
    re_open = {e: money[e]["re0"] for e in [*ids, "A"]}
    for y, period in enumerate(YEARS):
        for e in [*ids, "A"]:
            m = money[e]
            rows = [(e, period, "3100", "", -m["cap"], ""), (e, period, "3300", "", -re_open[e], ""),
                    (e, period, "4100", "", -m["rev"][y], ""), (e, period, "5200", "", m["exp"][y], "")]
            for (h, s), v in cost.items():
                if h == e:
                    rows.append((e, period, "1500", s, v, ""))
            if (e, y) in div and div[(e, y)]:
                rows.append((e, period, "3400", "", div[(e, y)], DIV_DATES[y]))
            for (h, p, yy), v in recv.items():
                if h == e and yy == y and v:
                    rows.append((e, period, "4200", p, -v, DIV_DATES[y]))
            rows.append((e, period, "1100", "", -sum(row[4] for row in rows), ""))
            tbs += rows
        for e in [*ids, "A"]:
            got = sum(v for (h, _p, yy), v in recv.items() if h == e and yy == y)
            re_open[e] += money[e]["rev"][y] - money[e]["exp"][y] + got - div.get((e, y), 0)

    # The reserve, independently (owners' share), at the end of each year.
    eff = {"P": Fraction(1)}
    for s in ids[1:]:
        eff[s] = eff[holder[s]] * share[s]
    if g["minor"]:
        second, x, sm = g["minor"]
        eff[x] += eff[second] * sm  # a leaf: nothing below it
    reserve = [Fraction(0), Fraction(0)]
    for e in ids:
        own = Fraction(na0[e] - invested[e])
        prev = r(e, "r0")
        acc = Fraction(0)
        for y in (0, 1):
            cl, avg, spot = r(e, "cl", y), r(e, "avg", y), r(e, "spot", y)
            profit = money[e]["rev"][y] - money[e]["exp"][y]
            got = sum(v for (h, _p, yy), v in recv.items() if h == e and yy == y)
            paid = div.get((e, y), 0)
            acc += own * (cl - prev) + profit * (cl - avg) + (got - paid) * (cl - spot)
            own += profit + got - paid
            prev = cl
            reserve[y] += eff[e] * acc
    for s in ids[1:]:
        for h, sh in holders_of[s].items():  # each holder's goodwill, borne by its owners
            gw = (cost[(h, s)] * r(h, "r0") - sh * na0[s] * r(s, "r0")) / r(s, "r0")
            assert gw > 0
            for y in (0, 1):
                reserve[y] += eff[h] * gw * (r(s, "cl", y) - r(s, "r0"))
    for h, sh in a_share.items():
        carrying = cost[(h, "A")] * r(h, "r0") / r("A", "r0")
        hist = Fraction(cost[(h, "A")] * r(h, "r0"))
        for y in (0, 1):
            profit = money["A"]["rev"][y] - money["A"]["exp"][y]
            carrying += sh * (profit - div[("A", y)])
            hist += sh * profit * r("A", "avg", y) - recv[(h, "A", y)] * r(h, "spot", y)
            reserve[y] += eff[h] * (carrying * r("A", "cl", y) - hist)
    if m == M:
        for y in (0, 1):
            assert reserve[y].denominator == 1, reserve[y]
    return {"tbs": tbs, "cost": cost, "reserve": reserve, "eff": eff}


def write(root: Path, g: dict, model: dict) -> Path:
    ws = root / "ws"
    (ws / "ledger").mkdir(parents=True)
    ents = [{"id": e, "name": e, "currency": g["cur"][e]} for e in [*g["ids"], "A"]]
    na0 = {e: {"3100": g["money"][e]["cap"], "3300": g["money"][e]["re0"]} for e in [*g["ids"], "A"]}
    shares = {(g["holder"][s], s): g["share"][s] for s in g["ids"][1:]} | {(h, "A"): v for h, v in g["a_share"].items()}
    if g["minor"]:
        shares[(g["minor"][0], g["minor"][1])] = g["minor"][2]
    holdings = [{"date": START, "holder": h, "entity": s, "share": str(shares[(h, s)]), "cost": v,
                 "equity_at_acquisition": {k: x for k, x in na0[s].items() if x}}
                for (h, s), v in model["cost"].items()]
    group = {"group": "tree", "parent": "P", "reporting_currency": "JPY", "fiscal_year_end": "12-31",
             "framework": "ifrs", "policies": {"nci_measurement": "proportionate"}, "entities": ents,
             "accounts": CHART, "holdings": holdings}
    (ws / "group.yaml").write_text(yaml.safe_dump(group, sort_keys=False))
    lines = ["entity,period,account,partner,amount,date"]
    lines += [",".join(str(x) for x in row) for row in model["tbs"] if row[4]]
    (ws / "ledger" / "tb.csv").write_text("\n".join(lines) + "\n")
    rl = ["currency,date,kind,rate"]
    for c in CURRENCIES[1:]:
        v = g["rates"][c]
        rl.append(f"{c},{START},spot,{v['r0']}")
        for y in (0, 1):
            rl += [f"{c},{DIV_DATES[y]},spot,{v['spot'][y]}", f"{c},{YEARS[y]},average,{v['avg'][y]}",
                   f"{c},{YEARS[y]},closing,{v['cl'][y]}"]
    (ws / "rates.csv").write_text("\n".join(rl) + "\n")
    return ws


def check_tree(g: dict) -> None:
    g = copy.deepcopy(g)
    model = _model(g)
    with tempfile.TemporaryDirectory() as tmp:
        ctx = Context.open(write(Path(tmp), g, model))
        j = ctx.consolidate(YEARS[1]).to_json()
        j0 = ctx.consolidate(YEARS[0]).to_json()
    prior = j["comparative"]
    for y, (bs, checks) in enumerate(((prior["balance_sheet"], prior["checks"]), (j["balance_sheet"], j["checks"]))):
        by = {c["name"]: c for c in checks}
        assert by["investments_eliminated"]["ok"], (YEARS[y], by["investments_eliminated"]["detail"])
        assert by["balance_sheet_balances"]["ok"], (YEARS[y], by["balance_sheet_balances"]["detail"])
        assert sum(Decimal(v) for v in bs.values()) == 0
        assert all(c["ok"] for c in checks), (YEARS[y], [c for c in checks if not c["ok"]])
        booked = -Fraction(Decimal(bs.get("3600", "0")))
        if g["m"] == M:
            assert booked == model["reserve"][y], (YEARS[y], bs.get("3600"), model["reserve"][y])
        else:  # within a unit per booked entry and contribution line
            slack = len(j["eliminations"]) + sum(len(c) for c in j["contributions"].values())
            assert abs(booked - model["reserve"][y]) <= slack, (YEARS[y], bs.get("3600"), float(model["reserve"][y]))
    # The NCI's share of retained earnings that year 2 re-derives (its nci entries' lines on retained
    # earnings, debit positive) is year 1's, plus year 1's NCI share of profit, less its dividends to the
    # NCI: the NCI opens at last year's closing. Exact, with rounding as well: an equity-method entry
    # for an associate in the reporting currency held at a cost with more places than the currency used
    # to book a rounding residue in profit each year, which the later year did not carry (found with
    # 1,000 examples); its entry now balances as booked (equity_method._rounded_cumulatively), so the
    # allowance for that cause is 0 (regression: tests/cases/equity-method/r-2-cost-more-places).
    moved = _nci_retained(j) - (_nci_retained(j0) + _nci_profit(j0) - _nci_dividends(j0))
    assert moved == 0, \
        (_nci_retained(j), _nci_retained(j0), _nci_profit(j0), _nci_dividends(j0))
    sc = {c["name"]: c for c in j["statement_checks"]}
    # The equity roll and the cash identity are exact, with rounding as well (an equity-method entry's
    # rounding residue in profit, which later years did not carry, was the one cause of a unit per
    # company here; see above).
    slack = 0
    for comp, ln in j["changes_in_equity"].items():
        if comp in ("owners_total", "total"):
            continue
        acc = "3900" if comp == "nci" else comp
        assert Decimal(ln["opening"]) == -Decimal(prior["balance_sheet"].get(acc, "0")), comp
        assert Decimal(ln["closing"]) == -Decimal(j["balance_sheet"].get(acc, "0")), comp
        assert abs(Decimal(ln.get("unexplained", "0"))) <= slack, (comp, ln)
    cf = j["cash_flows"]
    total = sum(Decimal(cf[s]["total"]) for s in ("operating", "investing", "financing")) + Decimal(cf["fx_effect"])
    assert abs(total - (Decimal(cf["closing_cash"]) - Decimal(cf["opening_cash"]))) <= slack
    assert Decimal(cf["closing_cash"]) == Decimal(j["balance_sheet"].get("1100", "0"))
    assert Decimal(cf["opening_cash"]) == Decimal(prior["balance_sheet"].get("1100", "0"))
    if not slack:
        assert sc["equity_statement_rolls"]["ok"], sc["equity_statement_rolls"]["detail"]
        assert sc["cash_flows_reconcile"]["ok"], sc["cash_flows_reconcile"]["detail"]


def _nci_retained(j: dict) -> Decimal:
    return sum((Decimal(ln["amount"]) for e in j["eliminations"] if e["step"] == "nci"
                for ln in e["lines"] if ln["account"] == "3300"), Decimal(0))


def _nci_profit(j: dict) -> Decimal:
    return -sum((Decimal(c["amount"]) for c in j["closing"] if c["account"] == "3900"), Decimal(0))


def _nci_dividends(j: dict) -> Decimal:
    return sum((Decimal(ln["amount"]) for e in j["eliminations"] if e["step"] == "dividends"
                for ln in e["lines"] if ln["account"] == "3900"), Decimal(0))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(g=trees())
def test_two_year_trees(g) -> None:
    check_tree(g)


#: Amounts in units of 997: shares, effective interests and rates make booked lines round.
ROUNDING = 997


@settings(max_examples=max(EXAMPLES // 2, 5), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(g=trees(ROUNDING))
def test_two_year_trees_with_rounding(g) -> None:
    """The same trees with amounts that round when booked: every check passes, the balance sheet sums to
    zero, the reserve is within a unit per booked line, the equity roll, the cash flow identity and the
    NCI's share of retained earnings are exact (see check_tree)."""
    check_tree(g)


def test_a_foreign_holders_first_consolidation_rounds_once():
    """Found by test_two_year_trees_with_rounding: S3 (USD) holds 5% of S2 (JPY) beside S1's 80%, and the USD
    closing rate moves 80 → 90. S2's first consolidation books a rounding residue of 1 (NCI 15% of 9,970) each
    year; in 2025 its lines differ from 2024's (S3's cost at the new closing rate, its translation out of the
    reserve), so the residue was taken for a new one and the equity statement left 1 unexplained. An entry
    booked again is now known by its step, kind, entity, partner and residue (statements.build._recurring_key)."""
    money = {e: {"cap": 997, "re0": 8973 if e == "S2" else 0, "rev": (997, 997), "exp": (997, 997), "extra": 0,
                 "div": (0, 1)} for e in ("P", "S1", "S2", "S3", "S4", "A")}
    flat = {"r0": 80, "avg": (80, 80), "spot": (80, 80), "cl": (80, 80)}
    check_tree({
        "ids": ["P", "S1", "S2", "S3", "S4"], "holder": {"S1": "P", "S2": "S1", "S3": "P", "S4": "P"},
        "cur": {"P": "JPY", "S1": "JPY", "S2": "JPY", "S3": "USD", "S4": "JPY", "A": "JPY"},
        "share": {"S1": Fraction(3, 4), "S2": Fraction(4, 5), "S3": Fraction(3, 4), "S4": Fraction(3, 4)},
        "a_share": {"P": Fraction(1, 10), "S1": Fraction(1, 10)},
        "rates": {"USD": {"r0": 80, "avg": (80, 80), "spot": (80, 80), "cl": (80, 90)}, "EUR": dict(flat),
                  "GBP": dict(flat), "JPY": {"r0": 1, "avg": (1, 1), "spot": (1, 1), "cl": (1, 1)}},
        "money": money, "m": ROUNDING, "minor": ("S3", "S2", Fraction(1, 20))})
