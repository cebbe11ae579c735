"""Property tests for groups whose foreign companies hold subsidiaries and associates (issue 10 item 1).

Random chains of 3–4 levels (the parent and 2–3 subsidiaries, each held by the one above), holders in
any of 4 currencies, NCI possible at every level, an associate held at any level. Control and influence
begin on the first day of the year; the consolidation is at its end. Checked: every investment fully
eliminated; the balance sheet sums to zero; the translation reserve equals the owners' share of each
foreign operation's translation difference, computed here independently of the engine:

- each company's own net assets other than its investments: opening at (closing − spot) and profit at
  (closing − average);
- goodwill of each subsidiary, measured in its currency from the holder's cost at the holder's spot rate;
- each associate's carrying amount in its currency at closing, less cost at the holder's spot rate and
  share of profit at the associate's average rate;

each at the effective interest of the company that bears it (within a yen of rounding per entry).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renketsu.api import Context

CASES = Path(__file__).resolve().parent.parent / "cases"
ACCOUNTS = (CASES / "translation/a-foreign-sub-cta/workspace/group.yaml").read_text()
ACCOUNTS = ACCOUNTS[ACCOUNTS.index("accounts:"):ACCOUNTS.index("holdings:")]
CURRENCIES = ("JPY", "USD", "EUR", "GBP")
SHARES = (Fraction(3, 5), Fraction(3, 4), Fraction(4, 5), Fraction(1))
START, END = "2024-01-01", "2024-12-31"


@st.composite
def groups(draw):
    n = draw(st.integers(2, 3))  # subsidiaries below the parent
    cur = ["JPY"] + [draw(st.sampled_from(CURRENCIES)) for _ in range(n)]
    share = [Fraction(1)] + [draw(st.sampled_from(SHARES)) for _ in range(n)]
    capital = [draw(st.integers(5, 50)) * 100_000 for _ in range(n + 1)]
    revenue = [draw(st.integers(0, 20)) * 10_000 for _ in range(n + 1)]
    extra = [draw(st.integers(0, 5)) * 10_000 for _ in range(n + 1)]
    assoc_level = draw(st.integers(0, n))
    assoc = {"currency": draw(st.sampled_from(CURRENCIES)), "capital": draw(st.integers(1, 20)) * 100_000,
             "revenue": draw(st.integers(0, 20)) * 10_000, "extra": draw(st.integers(0, 5)) * 10_000}
    rates = {c: tuple(draw(st.integers(100, 200)) for _ in range(3)) for c in CURRENCIES[1:]}
    rates["JPY"] = (1, 1, 1)
    return cur, share, capital, revenue, extra, assoc_level, assoc, rates


def _build(tmp: Path, g) -> tuple[Path, Fraction]:
    cur, share, capital, revenue, extra, al, assoc, rates = g
    n = len(cur) - 1
    ids = ["P", *[f"S{i}" for i in range(1, n + 1)]]
    r0 = {c: Fraction(v[0]) for c, v in rates.items()}
    avg = {c: Fraction(v[1]) for c, v in rates.items()}
    cl = {c: Fraction(v[2]) for c, v in rates.items()}
    # Costs in the holder's currency, so that goodwill is positive: the share of net assets at spot, plus extra.
    cost = [0] * (n + 1)
    for i in range(1, n + 1):
        fair = share[i] * capital[i] * r0[cur[i]] / r0[cur[i - 1]]
        cost[i] = (int(fair) // 10_000 + 1) * 10_000 + extra[i]
    a_fair = Fraction(3, 10) * assoc["capital"] * r0[assoc["currency"]] / r0[cur[al]]
    a_cost = (int(a_fair) // 10_000 + 1) * 10_000 + assoc["extra"]
    ents = "".join(f"- id: {e}\n  name: {e}\n  currency: {c}\n" for e, c in zip(ids, cur))
    ents += f"- id: A\n  name: A\n  currency: {assoc['currency']}\n"
    hold = "".join(f"- date: '{START}'\n  holder: {ids[i - 1]}\n  entity: {ids[i]}\n  share: '{share[i]}'\n"
                   f"  cost: {cost[i]}\n  equity_at_acquisition:\n    '3100': {capital[i]}\n" for i in range(1, n + 1))
    hold += (f"- date: '{START}'\n  holder: {ids[al]}\n  entity: A\n  share: '3/10'\n  cost: {a_cost}\n"
             f"  equity_at_acquisition:\n    '3100': {assoc['capital']}\n")
    ws = tmp / "ws"
    (ws / "ledger").mkdir(parents=True)
    (ws / "group.yaml").write_text(f"group: g\nparent: P\nreporting_currency: JPY\nfiscal_year_end: '12-31'\n"
                                   f"framework: ifrs\npolicies:\n  nci_measurement: proportionate\nentities:\n"
                                   f"{ents}{ACCOUNTS}holdings:\n{hold}")
    lines = ["currency,date,kind,rate"]
    for c in CURRENCIES[1:]:
        lines += [f"{c},{START},spot,{rates[c][0]}", f"{c},{END},average,{rates[c][1]}", f"{c},{END},closing,{rates[c][2]}"]
    (ws / "rates.csv").write_text("\n".join(lines) + "\n")
    rows = ["entity,period,account,partner,amount,date"]
    for i, e in enumerate(ids):
        invested = (cost[i + 1] if i < n else 0) + (a_cost if i == al else 0)
        rows += [f"{e},{END},1100,,{capital[i] - invested + revenue[i]},", f"{e},{END},3100,,{-capital[i]},",
                 f"{e},{END},4100,,{-revenue[i]},"]
        if i < n:
            rows.append(f"{e},{END},1500,{ids[i + 1]},{cost[i + 1]},")
        if i == al:
            rows.append(f"{e},{END},1500,A,{a_cost},")
    rows += [f"A,{END},1100,,{assoc['capital'] + assoc['revenue']},", f"A,{END},3100,,{-assoc['capital']},",
             f"A,{END},4100,,{-assoc['revenue']},"]
    (ws / "ledger/trial_balances.csv").write_text("\n".join(rows) + "\n")

    # The reserve, independently.
    eff = [Fraction(1)]
    for i in range(1, n + 1):
        eff.append(eff[-1] * share[i])
    reserve = Fraction(0)
    for i in range(n + 1):
        c = cur[i]
        invested = (cost[i + 1] if i < n else 0) + (a_cost if i == al else 0)
        own = (capital[i] - invested) * (cl[c] - r0[c]) + revenue[i] * (cl[c] - avg[c])
        reserve += eff[i] * own
        if i < n:  # goodwill of the company below, borne by this holder's owners
            y = cur[i + 1]
            gw = (cost[i + 1] * r0[c] - share[i + 1] * capital[i + 1] * r0[y]) / r0[y]
            reserve += eff[i] * gw * (cl[y] - r0[y])
    ca = assoc["currency"]
    carrying = a_cost * r0[cur[al]] / r0[ca] + Fraction(3, 10) * assoc["revenue"]
    em = carrying * cl[ca] - (a_cost * r0[cur[al]] + Fraction(3, 10) * assoc["revenue"] * avg[ca])
    reserve += eff[al] * em
    return ws, reserve


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(g=groups())
def test_multinational_groups(tmp_path_factory, g) -> None:
    ws, reserve = _build(tmp_path_factory.mktemp("g"), g)
    res = Context.open(ws).consolidate(END)
    checks = {c.name: c for c in res.typed_checks}
    assert checks["investments_eliminated"].ok, checks["investments_eliminated"].detail
    assert checks["balance_sheet_balances"].ok, checks["balance_sheet_balances"].detail
    assert res.ok, [c for c in res.checks if not c["ok"]]
    booked = -res.balance_sheet.get("3600", 0)
    assert abs(Fraction(booked) - reserve) <= len(res.eliminations) + len(res.contributions), (booked, float(reserve))
