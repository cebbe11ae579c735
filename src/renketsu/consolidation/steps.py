"""The elimination steps, in pipeline order (see :data:`renketsu.consolidation.pipeline.STEPS`).

Every step has one shape: ``step(run)`` reads the run's inputs and posts entries
to ``run.book``; each entry names its step, kind, entities, accounts and reason.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from renketsu.model.money import book, fmt, ratio_str

from .acquisition import equity_at, equity_from_tb
from .run import Acquired, Run


def _money(run: Run, x: Fraction | Decimal) -> str:
    return fmt(x, run.decimals)


def _investment_account(run: Run, holder: str, entity: str) -> str:
    """The holder's account that carries its investment in ``entity`` (role investment, partner entity)."""
    for (acc, partner) in run.tb.get(holder, {}):
        if partner == entity and run.account_role(acc) == "investment":
            return acc
    return run.role("investment")


def _in_year(run: Run, day: dt.date) -> bool:
    return run.in_year(day)


# ----------------------------------------------------------------------------- investment


def investment(run: Run) -> None:
    """First consolidation: investment against the share of identifiable net assets; goodwill; NCI at acquisition."""
    for entity, acq in run.acquired.items():
        r = acq.rate
        lines: list[tuple[str, str, Fraction]] = []
        re_acc = run.role("retained_earnings")
        equity = dict(acq.equity)
        if not _in_year(run, acq.control_date) or acq.control_date == run.fy_start or run.frame is not None:
            # Later years: pre-acquisition dividends and profit sit in opening retained earnings.
            for acc in list(equity):
                if run.account_role(acc) == "dividends_declared":
                    equity[re_acc] = equity.get(re_acc, Fraction(0)) + equity.pop(acc)
        else:
            _pre_acquisition_profit(run, entity, acq, equity, lines)
        na = sum(acq.equity.values(), Fraction(0)) * r + sum(acq.fva.values(), Fraction(0)) * r
        for acc, amt in equity.items():
            lines.append((entity, acc, amt * r))
        for acc, amt in acq.fva.items():
            lines.append((entity, acc, amt * r))
        group_share = sum((s for s, _ in acq.holders.values()), Fraction(0))
        nci0 = acq.nci_fair_value if acq.nci_fair_value is not None else (1 - group_share) * na
        parts = []
        for holder, (share, cost) in acq.holders.items():
            lines.append((holder, _investment_account(run, holder, entity), -cost))
            gw = cost - share * na
            acq.goodwill_local[holder] = gw / r
            parts.append(f"{holder} paid {_money(run, cost)} for {ratio_str(share)}")
        goodwill = sum((cost for _, cost in acq.holders.values()), Fraction(0)) + nci0 - na
        if acq.nci_fair_value is not None:
            acq.goodwill_local["(nci)"] = (nci0 - (1 - group_share) * na) / r
        lines.append((entity, run.role("goodwill"), goodwill))
        if nci0:
            lines.append((entity, run.role("nci"), -nci0))
        run.goodwill[entity] += max(goodwill, Fraction(0))
        first_holder = next(iter(acq.holders), run.group.parent)
        run.book.post(
            "investment", "investment", entity, first_holder, lines,
            f"first consolidation of {entity} at {acq.control_date}: {'; '.join(parts)}; identifiable net assets "
            f"{_money(run, na)}; NCI {_money(run, nci0)}; goodwill {_money(run, goodwill)}")
        if goodwill < 0:
            acq.goodwill_local.clear()
            gain_acc = run.role("bargain_purchase_gain") if _in_year(run, acq.control_date) else re_acc
            run.book.post("investment", "investment", entity, first_holder,
                          [(entity, run.role("goodwill"), -goodwill), (first_holder, gain_acc, goodwill)],
                          f"bargain purchase of {entity} at {acq.control_date}: negative goodwill "
                          f"{_money(run, -goodwill)} is a gain", attribute_to=first_holder,
                          event=acq.control_date == run.event_date)
        _nci_transactions(run, acq)


def _pre_acquisition_profit(run: Run, entity: str, acq: Acquired, equity: dict[str, Fraction],
                            lines: list[tuple[str, str, Fraction]]) -> None:
    """Control began inside the year: take the income before that day out of the consolidated income statement."""
    day_before = acq.control_date - dt.timedelta(days=1)
    pre = run.local_tb(entity, day_before)
    if pre is None:
        run.problems.add(
            "consolidation.no_trial_balance_before_control",
            f"control of {entity} began on {acq.control_date}, inside the fiscal year: the ledger must hold "
            f"{entity}'s trial balance at {day_before} (docs/format.md §10.4)", None,
            f"add {entity}'s rows with period {day_before} to ledger/")
        return
    profit = Fraction(0)
    for (acc, _p, _d), amt in pre.items():
        if run.is_profit(acc):
            lines.append((entity, acc, -Fraction(amt) * acq.rate))
            profit -= Fraction(amt)
    # The equity at control holds that profit in retained earnings; it is taken out of the
    # income lines above instead of out of retained earnings.
    re_acc = run.role("retained_earnings")
    equity[re_acc] = equity.get(re_acc, Fraction(0)) - profit
    acq.pre_profit = profit * acq.rate


def _nci_transactions(run: Run, acq: Acquired) -> None:
    """Purchases and sales of shares that keep control: equity transactions (docs/format.md §10.5)."""
    shares = {h: s for h, (s, _c) in acq.holders.items()}
    cost_basis = {h: c for h, (_s, c) in acq.holders.items()}
    na_c = sum(acq.equity.values(), Fraction(0)) * acq.rate + sum(acq.fva.values(), Fraction(0)) * acq.rate
    nci0 = acq.nci_fair_value if acq.nci_fair_value is not None else (1 - sum(shares.values(), Fraction(0))) * na_c
    for date, holder, new_share, cost, eq in acq.transactions:
        old = shares.get(holder, Fraction(0))
        delta = new_share - old
        if delta == 0:
            continue
        outside_before = 1 - sum(shares.values(), Fraction(0))
        na_t = sum(eq.values(), Fraction(0)) * acq.rate + sum(acq.fva.values(), Fraction(0)) * acq.rate
        if date == run.period and run.currency(acq.entity) != run.group.reporting_currency:
            # At the period end the net assets are known at historical rates; the reserve moves with
            # the NCI ratio in the NCI step (IAS 21.48C), not here.
            na_t = _historical_equity(run, acq) + sum(acq.fva.values(), Fraction(0)) * acq.rate
        nci_carrying = nci0 + outside_before * (na_t - na_c) if outside_before else Fraction(0)
        inv = _investment_account(run, holder, acq.entity)
        cs = run.role("capital_surplus")
        if delta > 0:
            moved = nci_carrying * delta / outside_before if outside_before else Fraction(0)
            lines = [(acq.entity, run.role("nci"), moved), (holder, inv, -cost), (acq.entity, cs, cost - moved)]
            reason = (f"{holder} bought {ratio_str(delta)} more of {acq.entity} on {date} for {_money(run, cost)}; "
                      f"NCI carrying amount moved {_money(run, moved)}; difference {_money(run, cost - moved)} "
                      "to capital surplus")
            cost_basis[holder] = cost_basis.get(holder, Fraction(0)) + cost
        else:
            sold = -delta
            portion = cost_basis.get(holder, Fraction(0)) * sold / old if old else Fraction(0)
            cost_basis[holder] = cost_basis.get(holder, Fraction(0)) - portion
            moved = sold * na_t
            gain_in_books = cost - portion
            gain_acc = run.role("disposal_gain") if _in_year(run, date) else run.role("retained_earnings")
            lines = [(holder, gain_acc, gain_in_books), (holder, inv, portion), (acq.entity, run.role("nci"), -moved),
                     (acq.entity, cs, moved - cost)]
            reason = (f"{holder} sold {ratio_str(sold)} of {acq.entity} on {date} for {_money(run, cost)}, keeping "
                      f"control: the gain in its books ({_money(run, gain_in_books)}) is reversed; NCI "
                      f"{_money(run, moved)}; difference {_money(run, cost - moved)} to capital surplus")
        shares[holder] = new_share
        run.book.post("investment", "nci", acq.entity, holder, lines, reason, event=date == run.event_date)


# ----------------------------------------------------------------------------- goodwill


def _months(start: dt.date, end: dt.date) -> int:
    """Whole months of amortisation from the month after ``start`` through ``end``."""
    return max(0, (end.year - start.year) * 12 + (end.month - start.month))


def goodwill_amortisation(run: Run) -> None:
    """Straight line by whole months from the month after acquisition (jgaap); none under ifrs."""
    years = run.group.policies.goodwill_amortisation_years
    for entity, acq in run.acquired.items():
        cur = run.currency(entity)
        closing = average = Fraction(1)
        has_goodwill = any(v > 0 for v in acq.goodwill_local.values())
        if cur != run.group.reporting_currency and (has_goodwill or acq.fva):
            closing = run.rate(cur, run.period, "closing", f"translating goodwill and fair-value adjustments of {entity}")
            if has_goodwill and years:
                average = run.rate(cur, run.period, "average", f"translating goodwill amortisation of {entity}")
        for holder, gw_local in acq.goodwill_local.items():
            if gw_local <= 0:
                continue
            total = years * 12 if years else 0
            to_date = min(_months(acq.control_date, run.period), total) if years else 0
            before = min(_months(acq.control_date, run.fy_start - dt.timedelta(days=1)), total) if years else 0
            monthly = gw_local / total if total else Fraction(0)
            cur_local = monthly * (to_date - before)
            # Earlier years' amortisation at each of those years' average rate (IAS 21.40).
            prior_rep = Fraction(0)
            done = 0
            # Control on a year end earns nothing that year: from the next year end on.
            for end in run.fiscal_year_ends(acq.control_date + dt.timedelta(days=1), run.fy_start):
                upto = min(_months(acq.control_date, end), total) if years else 0
                rate = acq.rate if cur == run.group.reporting_currency else run.rate(
                    cur, end, "average", f"translating goodwill amortisation of {entity} for the year to {end}")
                prior_rep += monthly * (upto - done) * rate
                done = upto
            if before > done:  # months of a closed year after its last year end (a simulation frame)
                prior_rep += monthly * (before - done) * (average if cur != run.group.reporting_currency else acq.rate)
            cur_rep = cur_local * (average if cur != run.group.reporting_currency else acq.rate)
            attrib = holder if holder != "(nci)" else entity
            if cur_local or prior_rep:
                lines = [(entity, run.role("goodwill_amortisation"), cur_rep),
                         (entity, run.role("retained_earnings"), prior_rep),
                         (entity, run.role("goodwill"), -(cur_rep + prior_rep))]
                run.book.post("goodwill", "goodwill_amortisation", entity, holder if holder != "(nci)" else None, lines,
                              f"goodwill of {entity} ({holder}) over {years} years from {acq.control_date}: "
                              f"{to_date - before} months this year, {before} before", attribute_to=attrib)
            carrying_local = gw_local - monthly * to_date
            run.goodwill[entity] += -(cur_rep + prior_rep)
            if holder == "(nci)":
                run.nci_goodwill[entity] = carrying_local * (closing if cur != run.group.reporting_currency else acq.rate)
            if cur != run.group.reporting_currency:
                diff = carrying_local * closing - (gw_local * acq.rate - cur_rep - prior_rep)
                run.goodwill[entity] += diff
                if holder == "(nci)":
                    # The NCI's own goodwill (NCI at fair value): its exchange difference is wholly theirs.
                    lines = [(entity, run.role("goodwill"), diff), (entity, run.role("nci"), -diff)]
                    run.book.post("translation", "translation", entity, None, lines,
                                  f"the NCI's goodwill of {entity} in {cur} translated at the closing rate: "
                                  "the difference belongs to the NCI")
                    continue
                lines = [(entity, run.role("goodwill"), diff), (entity, run.role("cta"), -diff)]
                run.book.post("translation", "translation", entity, holder, lines,
                              f"goodwill of {entity} in {cur} translated at the closing rate", attribute_to=None)
                run.cta_extra[attrib] += diff
        if cur != run.group.reporting_currency and acq.fva:
            total_fva = sum(acq.fva.values(), Fraction(0))
            lines = [(entity, acc, amt * (closing - acq.rate)) for acc, amt in acq.fva.items()]
            lines.append((entity, run.role("cta"), -total_fva * (closing - acq.rate)))
            run.book.post("translation", "translation", entity, None, lines,
                          f"fair-value adjustments of {entity} in {cur} translated at the closing rate")
            run.cta_extra[entity] += total_fva * (closing - acq.rate)


# ----------------------------------------------------------------------------- intercompany


def _excluded_from_ic(run: Run, acc: str) -> bool:
    return run.account_role(acc) in ("investment", "equity_method_investment", "dividend_income", "dividends_declared",
                                     "nci", "cta") or run.account_type(acc) == "equity"


def intercompany(run: Run) -> None:
    """Balances and income/expense between consolidated entities, pair by pair (docs/format.md §10.7)."""
    tol = Fraction(run.group.policies.ic_tolerance)
    balances: dict[tuple[str, str], list[tuple[str, str, Decimal]]] = defaultdict(list)
    sales: dict[tuple[str, str], list[tuple[str, str, Decimal]]] = defaultdict(list)
    purchases: dict[tuple[str, str], list[tuple[str, str, Decimal]]] = defaultdict(list)
    before_control = _traded_before_control(run)
    for entity in run.consolidated():
        for (acc, partner), amt in run.tb.get(entity, {}).items():
            if partner is None or partner == entity or not run.is_consolidated(partner) or _excluded_from_ic(run, acc):
                continue
            t = run.account_type(acc)
            if t in ("asset", "liability"):
                balances[tuple(sorted((entity, partner)))].append((entity, acc, amt))  # type: ignore[index]
                continue
            # Trade before control began was with an outside party then: only the rest is intra-group.
            amt -= before_control.pop((entity, partner, acc), Decimal(0))
            if not amt:
                continue
            if t == "income":
                sales[(entity, partner)].append((entity, acc, amt))
            else:
                purchases[(partner, entity)].append((entity, acc, amt))
    for (a, b), rows in sorted(balances.items()):
        _eliminate_pair(run, "intercompany_balance", a, b, rows, [], tol,
                        f"intra-group balances between {a} and {b}")
    for seller, buyer in sorted(set(sales) | set(purchases)):
        s_rows, b_rows = sales.get((seller, buyer), []), purchases.get((seller, buyer), [])
        if s_rows and not b_rows:
            total = sum((amt for _e, _a, amt in s_rows), Decimal(0))
            lines = [(e, acc, -amt) for e, acc, amt in s_rows]
            lines.append((buyer, run.role("cost_of_sales"), total))
            run.book.post("intercompany", "intercompany_pl", seller, buyer, lines,
                          f"sales of {seller} to {buyer} against the buyer's cost of sales "
                          f"(the buyer has no rows with partner {seller}); {_level(run, seller, buyer)}")
            continue
        _eliminate_pair(run, "intercompany_pl", seller, buyer, s_rows, b_rows, tol,
                        f"income of {seller} from {buyer} against {buyer}'s expense")


def _traded_before_control(run: Run) -> dict[tuple[str, str, str], Decimal]:
    """Income and expense between a company and the group from before control began inside the year.

    Read from the acquired company's trial balance on the day before control (docs/format.md §10.4), for
    its own rows; the counterparty's rows are taken to mirror them on its first account of the
    opposite type with that partner (the counterparty keeps no trial balance of that day).
    """
    out: dict[tuple[str, str, str], Decimal] = {}
    if run.frame is not None:
        return out
    for entity, acq in run.acquired.items():
        if not (run.fy_start < acq.control_date <= run.period):
            continue
        pre = run.local_tb(entity, acq.control_date - dt.timedelta(days=1)) or {}
        for (acc, partner, _d), amt in pre.items():
            if partner is None or not run.is_consolidated(partner) or not run.is_profit(acc) or _excluded_from_ic(run, acc):
                continue
            value = book(Fraction(amt) * acq.rate, run.decimals)
            out[(entity, partner, acc)] = out.get((entity, partner, acc), Decimal(0)) + value
            mirror_type = "expense" if run.account_type(acc) == "income" else "income"
            mirror = next((a for (a, p) in run.tb.get(partner, {}) if p == entity and run.account_type(a) == mirror_type
                           and not _excluded_from_ic(run, a)), None)
            if mirror is not None:
                out[(partner, entity, mirror)] = out.get((partner, entity, mirror), Decimal(0)) - value
    return out


def _level(run: Run, a: str, b: str) -> str:
    return f"eliminated at {run.first_common_parent(a, b)}, their first common parent"


def _eliminate_pair(run: Run, kind: str, a: str, b: str, rows: list, more: list, tol: Fraction, what: str) -> None:
    all_rows = rows + more
    diff = sum((amt for _e, _a, amt in all_rows), Decimal(0))
    lines = [(e, acc, -amt) for e, acc, amt in all_rows]
    if diff:
        lines.append((a, run.role("ic_difference"), diff))
    ok = abs(Fraction(diff)) <= tol
    if diff:
        run.matching.append({
            "kind": kind, "entity": a, "partner": b, "difference": str(book(diff, run.decimals)), "within_tolerance": ok,
            "rows": [{"entity": e, "account": acc, "amount": str(amt)} for e, acc, amt in all_rows],
        })
    reason = f"{what}; {_level(run, a, b)}"
    if diff:
        reason += f"; difference {_money(run, diff)} to ic_difference" + ("" if ok else " (above tolerance: see matching)")
    run.book.post("intercompany", kind, a, b, lines, reason)


# ----------------------------------------------------------------------------- dividends


def dividends(run: Run) -> None:
    """Intra-group dividends against the holder's dividend income; the NCI's part against NCI."""
    for entity in run.consolidated()[1:]:
        tb = run.tb.get(entity, {})
        declared = sum((amt for (acc, _p), amt in tb.items() if run.account_role(acc) == "dividends_declared"), Decimal(0))
        div_acc = next((acc for (acc, _p) in tb if run.account_role(acc) == "dividends_declared"), None)
        if not declared or div_acc is None:
            continue
        acq = run.acquired.get(entity)
        if acq is not None:
            # Dividends declared before control began are pre-acquisition equity, eliminated at first consolidation.
            declared -= book(Fraction(declared_before_control(run, entity, acq)) * acq.rate, run.decimals)
            if not declared:
                continue
        stretches = _dividend_stretches(run, entity, acq, declared)
        holders = sorted({h for start, _amt in stretches for h, hd in run.history.standing(entity, start).items()
                          if run.is_consolidated(h)})
        for holder in holders:
            income = [(acc, amt) for (acc, p), amt in run.tb.get(holder, {}).items()
                      if p == entity and run.account_role(acc) == "dividend_income"]
            if not income:
                continue
            got = -sum((Fraction(a) for _acc, a in income), Fraction(0))
            expected = sum((Fraction(amt) * _held(run, entity, holder, start) for start, amt in stretches), Fraction(0))
            lines = [(holder, acc, -Fraction(a)) for acc, a in income] + [(entity, div_acc, -got)]
            reason = (f"dividend of {entity} received by {holder} ({_money(run, expected)} of "
                      f"{_money(run, declared)} by the shares it held when declared)")
            if got != expected:
                reason += f"; {holder} recorded {_money(run, got)}, {_money(run, expected)} expected"
                run.matching.append({"kind": "dividend", "entity": holder, "partner": entity,
                                     "difference": str(book(got - expected, run.decimals)),
                                     "within_tolerance": abs(got - expected) <= run.group.policies.ic_tolerance,
                                     "rows": []})
            run.book.post("dividends", "dividend", entity, holder, lines, reason, attribute_to=holder)
        nci_part = Fraction(0)
        for start, amt in stretches:
            standing = run.history.standing(entity, start)
            group_direct = sum((hd.share for h, hd in standing.items() if run.is_consolidated(h)), Fraction(0))
            nci_part += Fraction(amt) * (1 - group_direct)
        if nci_part:
            run.book.post("dividends", "dividend", entity, None,
                          [(entity, run.role("nci"), nci_part), (entity, div_acc, -nci_part)],
                          f"dividend of {entity} paid to non-controlling shareholders ({_money(run, nci_part)} of "
                          f"{_money(run, declared)})")


def _held(run: Run, entity: str, holder: str, day: dt.date) -> Fraction:
    hd = run.history.standing(entity, day).get(holder)
    return hd.share if hd else Fraction(0)


def _dividend_stretches(run: Run, entity: str, acq: Acquired | None, declared: Decimal) -> list[tuple[dt.date, Decimal]]:
    """The year's dividends split where the group's holding changed inside the year (docs/format.md §10.4):
    what the trial balance on the day before a change had declared went to the holders of then."""
    start = max(acq.control_date, run.fy_start) if acq else run.fy_start
    cuts = sorted({date for date, *_ in (acq.transactions if acq else ()) if run.fy_start < date <= run.period})
    if not cuts or run.currency(entity) != run.group.reporting_currency:
        return [(start, declared)]
    out = []
    done = Decimal(0)
    for cut in cuts:
        tb = run.local_tb(entity, cut - dt.timedelta(days=1))
        if tb is None:  # reported by the NCI step (the profit split needs the same trial balance)
            return [(start, declared)]
        upto = sum((amt for (acc, _p, _d), amt in tb.items() if run.account_role(acc) == "dividends_declared"),
                   Decimal(0)) - (declared_before_control(run, entity, acq) if acq else Decimal(0))
        out.append((start, upto - done))
        done, start = upto, cut
    out.append((start, declared - done))
    return [(d, a) for d, a in out if a]


def declared_before_control(run: Run, entity: str, acq: Acquired) -> Decimal:
    """Dividends declared in this year before control began (pre-acquisition)."""
    if run.frame is not None or not (run.fy_start < acq.control_date <= run.period):
        return Decimal(0)
    pre = run.local_tb(entity, acq.control_date - dt.timedelta(days=1)) or {}
    return sum((amt for (acc, _p, _d), amt in pre.items() if run.account_role(acc) == "dividends_declared"), Decimal(0))


# ----------------------------------------------------------------------------- unrealised profit


def unrealised_profit(run: Run) -> None:
    """Intra-group profit in stock at the period end; last period's released (docs/format.md §10.7)."""
    prev_end = run.fy_start - dt.timedelta(days=1)
    for row in run.ws.ic_stock:
        if row.period not in (run.period, prev_end):
            continue
        current = row.period == run.period
        seller, buyer = row.seller, row.buyer
        rate = run.rate(run.currency(buyer), row.period, "closing", f"translating intra-group stock of {buyer}")
        up = Fraction(row.amount) * row.margin * rate
        what = f"{row.amount} of {seller}'s goods held by {buyer} at {row.period}, margin {ratio_str(row.margin)}"
        if run.is_consolidated(seller) and run.is_consolidated(buyer):
            direction = "downstream" if seller == run.group.parent else "upstream"
            if current:
                lines = [(seller, run.role("cost_of_sales"), up), (buyer, row.account, -up)]
                reason = f"unrealised profit ({direction}): {what}"
            else:
                lines = [(seller, run.role("retained_earnings"), up), (seller, run.role("cost_of_sales"), -up)]
                reason = f"unrealised profit of last period released: {what}"
            run.book.post("unrealised_profit", "unrealised_profit", seller, buyer, lines, reason, attribute_to=seller)
            continue
        associate, holders = _associate_pair(run, seller, buyer)
        # IAS 28.27-28: the group's share is that of the parent and its subsidiaries together, each
        # holder's part through its own investment; a downstream sale's profit is the seller's to bear.
        for investor, share in holders.items():
            amount = up * share
            if current:
                lines = [(investor, run.role("equity_method_income"), amount),
                         (investor, run.role("equity_method_investment"), -amount)]
                reason = f"{investor}'s share ({ratio_str(share)}) of unrealised profit with associate {associate}: {what}"
            else:
                lines = [(investor, run.role("retained_earnings"), amount),
                         (investor, run.role("equity_method_income"), -amount)]
                reason = f"{investor}'s share of last period's unrealised profit with {associate} released: {what}"
            bearer = seller if run.is_consolidated(seller) else investor
            run.book.post("unrealised_profit", "unrealised_profit", investor, associate, lines, reason, attribute_to=bearer)


def _associate_pair(run: Run, a: str, b: str) -> tuple[str, dict[str, Fraction]]:
    """The associate of a group-associate pair and the group's holders of it with their shares."""
    for group_side, other in ((a, b), (b, a)):
        if run.is_consolidated(group_side) and run.own.method(other) == "equity":
            holders = {h: s for h, s in run.own.entities[other].direct.items() if s and run.is_consolidated(h)}
            if holders:
                return other, holders
    return "", {}


# ----------------------------------------------------------------------------- equity method


def equity_method(run: Run) -> None:
    """Associates: cost plus the share of post-acquisition profit, less dividends received (IAS 28)."""
    for entity, eo in run.own.entities.items():
        if eo.method != "equity":
            continue
        tb = run.local_tb(entity, run.period)
        holders = {h: s for h, s in eo.direct.items() if s and run.is_consolidated(h)}
        if not holders:
            continue
        if tb is None:
            run.problems.add("consolidation.no_trial_balance",
                             f"{entity} is accounted for by the equity method at {run.period}: the ledger needs its "
                             "trial balance then", None, f"add {entity}'s rows with period {run.period}")
            continue
        start = _influence_date(run, entity)
        cur = run.currency(entity)
        closing = run.rate(cur, run.period, "closing", f"equity method for {entity}")
        average = run.rate(cur, run.period, "average", f"equity method for {entity}")
        r_acq = run.rate(cur, start, "spot", f"equity method for {entity}", fallback="closing")
        events = [h for h in run.group.holdings if h.entity == entity and h.date <= start]
        given = next((h.equity_at_acquisition for h in events if h.date == start and h.equity_at_acquisition), None)
        src = events[-1].source if events else None
        eq_acq = equity_at(run, entity, start, given, f"equity method for {entity} from {start}", src) or {}
        equity_now = equity_from_tb(run, tb)
        profit = -sum((Fraction(a) for (acc, _p, _d), a in tb.items() if run.is_profit(acc)), Fraction(0))
        divs = sum((Fraction(a) for (acc, _p, _d), a in tb.items() if run.account_role(acc) == "dividends_declared"),
                   Fraction(0))
        na_acq = sum(eq_acq.values(), Fraction(0)) * r_acq
        na_now = sum(equity_now.values(), Fraction(0))
        na_open_local = na_now - profit + divs
        for holder, share in holders.items():
            costs = [h for h in run.group.holdings if h.entity == entity and h.holder == holder and h.date <= run.period]
            cost = sum((Fraction(h.cost) for h in costs if h.cost is not None), Fraction(0))
            inv = _investment_account(run, holder, entity)
            opening = _equity_method_opening(run, entity, holder, start, na_acq, na_open_local, r_acq) \
                if start < run.fy_start else Fraction(0)
            if start >= run.fy_start and start > run.fy_start:
                pre = run.local_tb(entity, start - dt.timedelta(days=1))
                pre_profit = -sum((Fraction(a) for (acc, _p, _d), a in (pre or {}).items() if run.is_profit(acc)),
                                  Fraction(0))
                if pre is None:
                    run.problems.add("consolidation.no_trial_balance_before_control",
                                     f"significant influence over {entity} began on {start}, inside the fiscal year: the "
                                     f"ledger must hold its trial balance at {start - dt.timedelta(days=1)}", src)
            else:
                pre_profit = Fraction(0)
            share_profit = share * (profit - pre_profit) * average
            received = [(acc, a) for (acc, p), a in run.tb.get(holder, {}).items()
                        if p == entity and run.account_role(acc) == "dividend_income"]
            got = -sum((Fraction(a) for _acc, a in received), Fraction(0))
            cta = Fraction(0)
            if cur != run.group.reporting_currency:
                # Carrying amount: cost plus the share of the change in net assets since influence began,
                # net assets now at the closing rate; the rest of the movement is translation difference.
                target = cost + share * (na_now * closing - na_acq)
                cta = target - (cost + opening + share_profit - got)
            em = run.role("equity_method_investment")
            lines = [(holder, em, cost), (holder, inv, -cost),
                     (holder, em, opening), (holder, run.role("retained_earnings"), -opening),
                     (holder, em, share_profit), (holder, run.role("equity_method_income"), -share_profit),
                     *[(holder, acc, -Fraction(a)) for acc, a in received], (holder, em, -got)]
            if cta:
                lines += [(holder, em, cta), (holder, run.role("cta"), -cta)]
                run.cta_extra[holder] += cta
            run.book.post("equity_method", "equity_method", entity, holder, lines,
                          f"{holder}'s {ratio_str(share)} of {entity} by the equity method from {start}: cost "
                          f"{_money(run, cost)}, share of post-acquisition retained profit {_money(run, opening)}, of "
                          f"this year's profit {_money(run, share_profit)}, dividends received {_money(run, got)}",
                          attribute_to=holder)


def _equity_method_opening(run: Run, entity: str, holder: str, start: dt.date, na_acq: Fraction,
                           na_open_local: Fraction, r_acq: Fraction) -> Fraction:
    """The holder's share of the associate's change in net assets from ``start`` to this year's start,
    stretch by stretch at the share it held in each (a later purchase earns only from its date; IAS 28.10)."""
    changes = [h for h in run.history.events(entity)
               if h.holder == holder and start < h.date <= run.fy_start]
    points = [(start, na_acq)]
    for h in changes:
        eq = equity_at(run, entity, h.date, h.equity_at_acquisition,
                       f"{holder}'s change of holding in associate {entity} on {h.date}", h.source) or {}
        points.append((h.date, sum(eq.values(), Fraction(0)) * r_acq))
    points.append((run.fy_start, na_open_local * r_acq))
    total = Fraction(0)
    for (d0, na0), (_d1, na1) in zip(points, points[1:]):
        held = run.history.standing(entity, d0).get(holder)
        total += (held.share if held else Fraction(0)) * (na1 - na0)
    return total


def _influence_date(run: Run, entity: str) -> dt.date:
    """The first date from which ``entity`` has been accounted for by the equity method without a break."""
    return run.history.method_since(entity, ("equity",)) or run.period


# ----------------------------------------------------------------------------- non-controlling interests


def nci(run: Run) -> None:
    """NCI's share of post-acquisition equity before this year, of the translation reserve, and of entries
    attributed to a subsidiary (its share of this year's profit is taken at closing)."""
    re_acc, nci_acc, cta_acc = run.role("retained_earnings"), run.role("nci"), run.role("cta")
    for entity, acq in run.acquired.items():
        _profit_stretches(run, acq)
        n = run.nci_ratio(entity)
        tb = run.tb.get(entity, {})
        lines: list[tuple[str, str, Fraction]] = []
        parts = []
        if acq.control_date <= run.fy_start:
            segments = _segments(run, acq)
            opening = sum((ratio * (na_end - na_start) for ratio, na_start, na_end in segments), Fraction(0))
            if opening:
                lines += [(entity, re_acc, opening), (entity, nci_acc, -opening)]
                parts.append(f"share of post-acquisition retained earnings {_money(run, opening)}")
        cta_here = -Fraction(tb.get((cta_acc, None), Decimal(0))) + run.cta_extra.get(entity, Fraction(0))
        if cta_here and n:
            lines += [(entity, cta_acc, n * cta_here), (entity, nci_acc, -n * cta_here)]
            parts.append(f"{ratio_str(n)} of the translation reserve {_money(run, cta_here)}")
        if lines:
            run.book.post("nci", "nci", entity, None, lines,
                          f"non-controlling interests ({ratio_str(n)}) in {entity}: " + "; ".join(parts))
    # Entries attributed to an entity with NCI: the NCI bears its share of their effect on
    # retained earnings (their effect on this year's profit is split at closing).
    for entry in list(run.book.entries):
        x = entry.attribute_to
        n = run.nci_ratio(x)
        if not n or x is None:
            continue
        effect = sum((Fraction(ln.amount) for ln in entry.lines if ln.account == re_acc), Fraction(0))
        if effect:
            run.book.post("nci", "nci", x, None, [(x, nci_acc, n * effect), (x, re_acc, -n * effect)],
                          f"NCI's share ({ratio_str(n)}) of {entry.id} ({entry.kind}) on retained earnings")
    for holder, amount in run.cta_extra.items():
        if holder in run.acquired:
            continue  # done above with the entity's own reserve
        n = run.nci_ratio(holder)
        if n and amount:
            run.book.post("nci", "nci", holder, None, [(holder, cta_acc, n * amount), (holder, nci_acc, -n * amount)],
                          f"NCI's share ({ratio_str(n)}) of translation differences attributed to {holder}")


def _historical_equity(run: Run, acq: Acquired) -> Fraction:
    """The entity's own equity at the period end at historical rates: its closing net assets less its reserve."""
    tb = run.tb.get(acq.entity, {})
    cta_acc = run.role("cta")
    na = sum((Fraction(v) for (acc, _p), v in tb.items() if run.account_type(acc) in ("asset", "liability")), Fraction(0))
    return na + sum((Fraction(v) for (acc, _p), v in tb.items() if acc == cta_acc), Fraction(0))


def _profit_stretches(run: Run, acq: Acquired) -> None:
    """Split this year's profit where holdings changed inside the year, by the NCI ratio of each stretch.

    Needs the trial balance on the day before each change (docs/format.md §10.4); profit to
    a day is translated at the period's average rate.
    """
    cuts = sorted({date for date, *_ in acq.transactions if run.fy_start < date <= run.period})
    if not cuts:
        return
    cur = run.currency(acq.entity)
    average = run.rate(cur, run.period, "average", f"splitting {acq.entity}'s profit of the year")
    tb_now = run.local_tb(acq.entity, run.period) or {}
    year = -sum((Fraction(a) for (acc, _p, _d), a in tb_now.items() if run.is_profit(acc)), Fraction(0)) * average
    earned_to = [acq.pre_profit]
    for cut in cuts:
        day_before = cut - dt.timedelta(days=1)
        tb = run.local_tb(acq.entity, day_before)
        if tb is None:
            run.problems.add(
                "consolidation.no_trial_balance_before_change",
                f"the group's holding in {acq.entity} changed on {cut}, inside the fiscal year: the ledger must hold "
                f"{acq.entity}'s trial balance at {day_before} to split the year's profit (docs/format.md §10.4)", None,
                f"add {acq.entity}'s rows with period {day_before} to ledger/")
            return
        earned_to.append(-sum((Fraction(a) for (acc, _p, _d), a in tb.items() if run.is_profit(acc)), Fraction(0))
                         * average)
    earned_to.append(year)
    starts = [max(acq.control_date, run.fy_start), *cuts]
    for start, (a, b) in zip(starts, zip(earned_to, earned_to[1:])):
        ratio = run.nci_at(acq.entity, start) if start != run.fy_start or start == acq.control_date \
            else run.nci_at(acq.entity, start - dt.timedelta(days=1))
        acq.profit_stretches.append((ratio, b - a))


def _segments(run: Run, acq: Acquired) -> list[tuple[Fraction, Fraction, Fraction]]:
    """(NCI ratio, net assets at start, net assets at end) for each stretch of unchanged holdings
    between control and the start of this fiscal year, in the reporting currency."""
    tb = run.tb.get(acq.entity, {})
    opening_dec = Decimal(0)
    for (acc, _p), amt in tb.items():
        if run.account_type(acc) == "equity" and run.account_role(acc) not in ("dividends_declared", "cta", "nci"):
            opening_dec -= amt
    opening = Fraction(opening_dec)
    points = [(acq.control_date, sum(acq.equity.values(), Fraction(0)) * acq.rate)]
    foreign = run.currency(acq.entity) != run.group.reporting_currency
    for date, _holder, _share, _cost, eq in acq.transactions:
        if date <= run.fy_start:
            points.append((date, _historical_equity(run, acq) if foreign and date == run.period
                           else sum(eq.values(), Fraction(0)) * acq.rate))
    points.append((run.fy_start, opening))
    out = []
    for (d0, na0), (_d1, na1) in zip(points, points[1:]):
        ratio = run.nci_at(acq.entity, d0)
        out.append((ratio, na0, na1))
    return out
