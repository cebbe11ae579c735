"""Step ``investment`` — first consolidation (IFRS 10.B86, IFRS 3.32; ASBJ 22 §23-24) and the later
purchases and sales that keep control (equity transactions, docs/format.md §10.5).

Every holder's investment in the subsidiary is eliminated in full at the amount it carries in the
consolidated trial balance (its cost translated at the holder's closing rate); the share of the
subsidiary's equity is taken at historical rates, so goodwill is measured at the rate of the control
date. For a holder booking in another currency than the reporting one, the difference between its
cost at the closing rate and at the rate of the day it paid is the translation difference on the
eliminated cost: it is reversed out of the holder's reserve (IAS 21.8, 21.39; docs/format.md §10.3 — the
equity it replaced is at historical rates), never left on the investment nor in the reserve.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from renketsu.model.money import ZERO, fmt, fsum, ratio_str

from .goodwill import amortised_to
from .products import FirstConsolidation, Investments, NciGoodwillKept, OpeningPosition, OpeningSubsidiary
from .run import Acquired
from .stage import Lines, StepIO


def _money(io: StepIO, x) -> str:
    return fmt(x, io.run.decimals)


def investment_account(io: StepIO, holder: str, entity: str) -> str:
    """The holder's account that carries its investment in ``entity`` (role investment, partner entity): the
    first such key of its trial balance (indexed once per holder and step)."""
    key = ("investment_accounts", holder)
    index: dict[str, str] | None = io.memo.get(key)
    if index is None:
        index = io.memo[key] = {}
        role = io.run.account_role
        for (acc, partner) in io.tb.get(holder, {}):
            if partner is not None and partner not in index and role(acc) == "investment":
                index[partner] = acc
    found = index.get(entity)
    return found if found is not None else io.role("investment")


def movers_above(io: StepIO, entity: str) -> list[str]:
    """The subsidiaries upstream of ``entity`` whose holders' shares changed while controlled, in name order.

    Only these among its upstream have transactions to cut its year at: the few of the group (found once per
    step) are looked up in its upstream, instead of sorting its whole upstream and looking up each member.
    """
    movers: list[str] | None = io.memo.get("movers")
    if movers is None:
        movers = io.memo["movers"] = sorted(x for x, a in io.acquired.items() if a.transactions)
    if not movers:
        return movers
    upstream = io.run.history.upstream(entity)
    if len(movers) <= len(upstream):
        return [x for x in movers if x in upstream]
    acquired = io.acquired
    return sorted(x for x in upstream if x in acquired and acquired[x].transactions)


def cost_in_own_currency(io: StepIO, holder: str, entity: str, cost: Fraction, date: dt.date) -> Fraction:
    """A holder's cost back in its own currency (``cost`` is in the reporting currency at ``date``'s rate)."""
    run = io.run
    if not run.is_foreign(holder) or not cost:
        return cost
    at_date = io.rate(run.currency(holder), date, "spot", f"cost of {entity}", fallback="closing")
    return cost / at_date if at_date else cost


def eliminate_cost(io: StepIO, lines: Lines, holder: str, entity: str, cost: Fraction, cost_own: Fraction,
                   sign: int = 1) -> Fraction:
    """Lines removing ``sign`` × a holder's cost from its investment at the amount the investment carries
    (``cost_own`` at the holder's closing rate); the translation difference on it — that amount less
    ``cost`` at historical rates — back out of the holder's reserve. Returns the change in the reserve (credit positive)."""
    run = io.run
    diff = ZERO
    if run.is_foreign(holder) and cost_own:
        closing = io.rate(run.currency(holder), run.period, "closing",
                          f"translating {holder}'s investment in {entity}")
        diff = cost_own * closing - cost
    lines.append((holder, investment_account(io, holder, entity), -sign * (cost + diff)))
    if diff:
        lines.append((holder, io.role("cta"), sign * diff))
    return -sign * diff


def first_consolidation(io: StepIO) -> Investments:
    """The ``investment`` step: per subsidiary its goodwill; and, by holder, the translation
    differences on eliminated costs taken out of the reserve."""
    out: dict[str, FirstConsolidation] = {}
    cta: dict[str, Fraction] = {}
    shared: list[tuple[str, dt.date, Fraction]] = []
    by_sub: dict[str, list[tuple[str, dt.date, Fraction]]] = {}
    kept: dict[str, NciGoodwillKept] = {}
    opening: OpeningPosition = io.need("opening")
    for entity, acq in io.acquired.items():
        op = opening.of(entity)
        if op is not None and opening.start is not None:
            out[entity] = _from_opening(io, acq, op, opening, cta)
            continue
        out[entity] = _first(io, entity, acq, cta)
        mine = _nci_transactions(io, acq, cta, kept)
        shared += mine
        if mine:
            by_sub[entity] = mine
    extra, before_year = _holder_nci_changed(io, out, opening)
    _holder_nci_changed_differences(io, by_sub)
    return Investments(out, cta, tuple(shared), extra, before_year, kept)


def _from_opening(io: StepIO, acq: Acquired, op: OpeningSubsidiary, opening: OpeningPosition,
                  cta: dict[str, Fraction]) -> FirstConsolidation:
    """The opening position of a subsidiary at the start date (opening.csv) instead of first consolidation.

    Its equity at historical rates at the start date is eliminated, every holder's cost leaves at the
    amount the investment carries (the translation difference since the start date back out of the
    holder's reserve), goodwill and fair-value adjustments come in at the start date's rate, the NCI at
    its amount then; the reserve on lines about it is set to the owners' reserve then (its own reserve,
    which its contribution holds, less ``reserve_owners``, plus the reserve of the associates it holds,
    which their own opening entries book). What remains is the group's retained earnings on it."""
    run = io.run
    entity = acq.entity
    lines: Lines = [(entity, acc, amt) for acc, amt in op.equity.items()]
    parts = []
    for holder, (share, cost) in acq.holders.items():
        diff = eliminate_cost(io, lines, holder, entity, cost, acq.holder_cost_local.get(holder, cost))
        if diff:
            cta[holder] = cta.get(holder, ZERO) + diff
        parts.append(f"{holder} holds {ratio_str(share)}")
    goodwill = fsum(op.goodwill.values()) * op.rate
    lines.append((entity, io.role("goodwill"), goodwill))
    for acc, amt in acq.fva.items():
        lines.append((entity, acc, amt * op.rate))
    lines.append((entity, io.role("nci"), -op.nci))
    lines.append((entity, io.role("cta"), op.reserve - op.reserve_owners + opening.reserves_held_by(entity)))
    total = fsum(Fraction(a) for _e, _a, a in lines)
    lines.append((entity, io.role("retained_earnings"), -total))
    first_holder = next(iter(acq.holders), run.group.parent)
    io.post("investment", entity, first_holder, lines,
            f"opening position of {entity} at {opening.start} (opening.csv): {'; '.join(parts)}; equity at "
            f"historical rates {_money(io, fsum(op.equity.values()))}; goodwill {_money(io, goodwill)}; "
            f"NCI {_money(io, op.nci)}; owners' reserve {_money(io, op.reserve_owners)}; the group's retained "
            f"earnings on it {_money(io, total)}")
    return FirstConsolidation(dict(op.goodwill), goodwill, ZERO)


def _first(io: StepIO, entity: str, acq: Acquired, cta: dict[str, Fraction]) -> FirstConsolidation:
    run = io.run
    r = acq.rate
    lines: Lines = []
    re_acc = io.role("retained_earnings")
    equity = dict(acq.equity)
    pre_profit = ZERO
    if not run.in_year(acq.control_date) or acq.control_date == run.fy_start or run.frame is not None:
        # Later years: pre-acquisition dividends and profit sit in opening retained earnings.
        for acc in list(equity):
            if run.account_role(acc) == "dividends_declared":
                equity[re_acc] = equity.get(re_acc, ZERO) + equity.pop(acc)
    else:
        pre_profit = _pre_acquisition_profit(io, entity, acq, equity, lines)
    # (equity + adjustments) × rate: the same exact value as equity × rate + adjustments × rate
    na = fsum([*acq.equity.values(), *acq.fva.values()]) * r
    one = r == 1  # the reporting currency: the amounts as they are
    for acc, amt in equity.items():
        lines.append((entity, acc, amt if one else amt * r))
    for acc, amt in acq.fva.items():
        lines.append((entity, acc, amt if one else amt * r))
    group_share = fsum(s for s, _ in acq.holders.values())
    nci0 = acq.nci_fair_value if acq.nci_fair_value is not None else (1 - group_share) * na
    parts = []
    goodwill_local: dict[str, Fraction] = {}
    for holder, (share, cost) in acq.holders.items():
        diff = eliminate_cost(io, lines, holder, entity, cost,
                              cost_in_own_currency(io, holder, entity, cost, acq.control_date))
        if diff:
            cta[holder] = cta.get(holder, ZERO) + diff
        goodwill_local[holder] = (cost - share * na) / r
        parts.append(f"{holder} paid {_money(io, cost)} for {ratio_str(share)}")
    goodwill = fsum(cost for _, cost in acq.holders.values()) + nci0 - na
    if acq.nci_fair_value is not None:
        goodwill_local["(nci)"] = (nci0 - (1 - group_share) * na) / r
    lines.append((entity, io.role("goodwill"), goodwill))
    if nci0:
        lines.append((entity, io.role("nci"), -nci0))
    first_holder = next(iter(acq.holders), run.group.parent)
    io.post("investment", entity, first_holder, lines,
            f"first consolidation of {entity} at {acq.control_date}: {'; '.join(parts)}; identifiable net assets "
            f"{_money(io, na)}; NCI {_money(io, nci0)}; goodwill {_money(io, goodwill)}")
    if goodwill < 0:
        goodwill_local = {}
        gain_acc = io.role("bargain_purchase_gain") if run.in_year(acq.control_date) else re_acc
        io.post("investment", entity, first_holder,
                [(entity, io.role("goodwill"), -goodwill), (first_holder, gain_acc, goodwill)],
                f"bargain purchase of {entity} at {acq.control_date}: negative goodwill "
                f"{_money(io, -goodwill)} is a gain", attribute_to=first_holder,
                event=acq.control_date == run.event_date)
    return FirstConsolidation(goodwill_local, max(goodwill, ZERO), pre_profit)


def _pre_acquisition_profit(io: StepIO, entity: str, acq: Acquired, equity: dict[str, Fraction],
                            lines: Lines) -> Fraction:
    """Control began inside the year: take the income before that day out of the consolidated income statement.

    Returns that profit in the reporting currency."""
    run = io.run
    day_before = acq.control_date - dt.timedelta(days=1)
    pre = run.local_tb(entity, day_before)
    if pre is None:
        io.problem(
            "consolidation.no_trial_balance_before_control",
            f"control of {entity} began on {acq.control_date}, inside the fiscal year: the ledger must hold "
            f"{entity}'s trial balance at {day_before} (docs/format.md §10.4)", None,
            f"add {entity}'s rows with period {day_before} to ledger/")
        return ZERO
    profit = ZERO
    for (acc, _p, _d), amt in pre.items():
        if run.is_profit(acc):
            lines.append((entity, acc, -Fraction(amt) * acq.rate))
            profit -= Fraction(amt)
    # The equity at control holds that profit in retained earnings; it is taken out of the
    # income lines above instead of out of retained earnings.
    re_acc = io.role("retained_earnings")
    equity[re_acc] = equity.get(re_acc, ZERO) - profit
    return profit * acq.rate


def historical_equity(io: StepIO, entity: str) -> Fraction:
    """The entity's own equity at the period end at historical rates: its closing net assets less its reserve."""
    run = io.run
    tb = io.tb.get(entity, {})
    cta_acc = io.role("cta")
    na = fsum(Fraction(v) for (acc, _p), v in tb.items() if run.account_type(acc) in ("asset", "liability"))
    return na + fsum(Fraction(v) for (acc, _p), v in tb.items() if acc == cta_acc)


def _nci_transactions(io: StepIO, acq: Acquired, cta: dict[str, Fraction],
                      kept: dict[str, NciGoodwillKept]) -> list[tuple[str, dt.date, Fraction]]:
    """Purchases and sales of shares that keep control: equity transactions (docs/format.md §10.5). Returns the
    differences a buyer's or seller's own NCI bear a share of (holder, day, difference); puts in ``kept`` what
    purchases left the NCI of their own goodwill (NCI at fair value)."""
    run = io.run
    shared: list[tuple[str, dt.date, Fraction]] = []
    if not acq.transactions:
        # Nothing to post. The rates of the holders' costs are asked as below where one is missing, so that it is
        # reported with the same reasons.
        for h, (_s, c) in acq.holders.items():
            if run.is_foreign(h) and c and run.find_rate(run.currency(h), acq.control_date, "spot", "closing") is None:
                cost_in_own_currency(io, h, acq.entity, c, acq.control_date)
        return []
    shares = {h: s for h, (s, _c) in acq.holders.items()}
    cost_basis = {h: c for h, (_s, c) in acq.holders.items()}
    own_basis = {h: cost_in_own_currency(io, h, acq.entity, c, acq.control_date) for h, (_s, c) in acq.holders.items()}
    na_c = fsum(acq.equity.values()) * acq.rate + fsum(acq.fva.values()) * acq.rate
    nci0 = acq.nci_fair_value if acq.nci_fair_value is not None else (1 - fsum(shares.values())) * na_c
    # NCI at fair value: their goodwill, what nci0 holds above their share of the net assets at control, less what
    # purchases from the NCI took of it since (a sale and a dilution leave it whole)
    nci_goodwill = nci0 - (1 - fsum(shares.values())) * na_c if acq.nci_fair_value is not None \
        else ZERO
    # the shares of the NCI's goodwill of the control date they keep and each buyer took
    left = Fraction(1)
    bought: dict[str, Fraction] = {}
    taken_on: list[tuple[dt.date, str, Fraction]] = []
    diluted: set[dt.date] = set()
    # The NCI's carrying amount after the last change and S's net assets then: a later change moves the NCI's
    # carrying amount at its own day — that after the last change plus the NCI's share since (IFRS 10.B96)
    carrying, na_last = nci0, na_c
    for date, holder, new_share, cost, eq in acq.transactions:
        old = shares.get(holder, ZERO)
        delta = new_share - old
        if delta == 0:
            continue
        if date in diluted:  # one issue dilutes every group holder of the day: made with the first one's row
            shares[holder] = new_share
            continue
        outside_before = 1 - sum(shares.values(), Fraction(0))
        # S's equity at historical rates; a foreign S's reserve moves with the NCI ratio in the NCI step
        # (IAS 21.48C: re-attributed at the closing), not here
        na_t = equity_on_day(io, acq, date, eq) + sum(acq.fva.values(), Fraction(0)) * acq.rate
        nci_carrying = carrying + outside_before * (na_t - na_last) if outside_before else Fraction(0)
        cs = io.role("capital_surplus")
        lines: Lines
        issue = acq.issues.get(date)
        if issue is not None:
            issued = fsum(issue.values()) * issue_rate(io, acq, date)
            if run.is_foreign(acq.entity):  # at historical rates, the issue at its day's (IAS 21.48C: see _dilution)
                na_t = equity_before_issue(io, acq, date) + sum(acq.fva.values(), Fraction(0)) * acq.rate + issued
            before = carrying + outside_before * (na_t - issued - na_last) if outside_before else Fraction(0)
            diluted.add(date)
            together = {h: (shares.get(h, ZERO), s) for d, h, s, _c, _e in acq.transactions if d == date}
            outside_after = 1 - fsum(({**shares, **{h: s for h, (_o, s) in together.items()}}).values())
            lines, reason = _dilution(io, acq, date, together, outside_after, before, na_t, issue, nci_goodwill)
            diff = Fraction(0)
            carrying = outside_after * na_t + nci_goodwill  # as _dilution brings it; their goodwill unchanged
        elif delta > 0:
            moved = nci_carrying * delta / outside_before if outside_before else ZERO
            lines = [(acq.entity, io.role("nci"), moved)]
            own = cost_in_own_currency(io, holder, acq.entity, cost, date)
            diff = eliminate_cost(io, lines, holder, acq.entity, cost, own)
            own_basis[holder] = own_basis.get(holder, ZERO) + own
            lines += _shared_difference(io, acq.entity, holder, date, cost - moved)
            reason = (f"{holder} bought {ratio_str(delta)} more of {acq.entity} on {date} for {_money(io, cost)}; "
                      f"NCI carrying amount moved {_money(io, moved)}; difference {_money(io, cost - moved)} "
                      "to capital surplus")
            cost_basis[holder] = cost_basis.get(holder, Fraction(0)) + cost
            carrying = nci_carrying - moved
            # the NCI carrying amount moved in proportion holds their goodwill in proportion: what they keep of it
            # is what a later dilution keeps whole (tests/cases/nci/n-28)
            nci_goodwill -= nci_goodwill * delta / outside_before if outside_before else nci_goodwill
            if acq.nci_fair_value is not None:
                taken = left * delta / outside_before if outside_before else left
                left -= taken
                bought[holder] = bought.get(holder, ZERO) + taken
                taken_on.append((date, holder, taken))
        else:
            sold = -delta
            portion = cost_basis.get(holder, ZERO) * sold / old if old else ZERO
            cost_basis[holder] = cost_basis.get(holder, ZERO) - portion
            own_portion = own_basis.get(holder, ZERO) * sold / old if old else ZERO
            own_basis[holder] = own_basis.get(holder, ZERO) - own_portion
            moved = sold * na_t
            # The holder's books derecognise the shares sold in its own currency; translated at the
            # rate of the sale, as the proceeds are. Their translation difference up to the sale
            # stays where the holder's translation put it; from the sale to the closing it is
            # reversed out of the reserve with the cost (a holder in the reporting currency: none).
            sold_at_sale = portion
            if run.is_foreign(holder) and own_portion:
                sold_at_sale = own_portion * io.rate(run.currency(holder), date, "spot", f"cost of {acq.entity}",
                                                     fallback="closing")
            gain_in_books = cost - sold_at_sale
            gain_acc = io.role("disposal_gain") if run.in_year(date) else io.role("retained_earnings")
            lines = [(holder, gain_acc, gain_in_books)]
            diff = eliminate_cost(io, lines, holder, acq.entity, sold_at_sale, own_portion, sign=-1)
            lines += [(acq.entity, io.role("nci"), -moved)]
            carrying = nci_carrying + moved
            lines += _shared_difference(io, acq.entity, holder, date, moved - cost)
            reason = (f"{holder} sold {ratio_str(sold)} of {acq.entity} on {date} for {_money(io, cost)}, keeping "
                      f"control: the gain in its books ({_money(io, gain_in_books)}) is reversed; NCI "
                      f"{_money(io, moved)}; difference {_money(io, cost - moved)} to capital surplus")
        # each buyer's, seller's or diluted holder's own NCI's part (an issue dilutes every group holder of the day,
        # whichever row the entry was made with)
        for x in (together if issue is not None else (holder,)):
            borne = fsum(Fraction(a) for e, acc, a in lines if e == x and acc == io.role("nci"))
            if borne:
                reason += f", {_money(io, borne)} of it borne by {x}'s NCI ({ratio_str(run.nci_at(x, date))})"
                shared.append((x, date, borne / run.nci_at(x, date)))
        if diff:
            cta[holder] = cta.get(holder, ZERO) + diff
        shares[holder] = new_share
        na_last = na_t
        io.post("nci", acq.entity, holder, lines, reason, event=date == run.event_date)
        if issue is not None:  # one issue dilutes every group holder of the day alike (tests/cases/nci/n-30)
            delta = fsum(n - o for o, n in together.values())
        for sub, amt in _indirect_moved(io, acq.entity, date, delta, outside_before).items():
            # on the subsidiary's lines, where that NCI sits (a later sale of it carries them)
            sub_lines: Lines = [(sub, io.role("nci"), amt)]
            if issue is None:
                sub_lines.append((sub, cs, -amt))
                by_whom = ""
            else:  # each diluted holder's part by the share it had, its own NCI bearing theirs (tests/cases/nci/n-33)
                had = fsum(o for o, _n in together.values())
                for h, (o, _n) in together.items():
                    part = -amt * o / had if had else ZERO
                    sub_lines += _shared_difference(io, sub, h, date, part)
                    n = run.nci_at(h, date) if h != run.group.parent else ZERO
                    if n and part:
                        shared.append((h, date, part))
                sub_lines = _merged(sub_lines)
                borne_sub = fsum(Fraction(a) for e, acc, a in sub_lines if e != sub and acc == io.role("nci"))
                by_whom = (f", {_money(io, abs(borne_sub))} of it borne by the holders' own NCI" if borne_sub else "")
            who = f"{holder}'s change" if issue is None else \
                f"{acq.entity}'s issue diluting {' and '.join(together)}, a change"
            io.post("nci", sub, holder, sub_lines,
                    f"{who} of {ratio_str(abs(delta))} in {acq.entity} on {date} moves {acq.entity}'s NCI's "
                    f"indirect share of {sub}'s equity since control with it ({_money(io, abs(amt))}; IFRS 10.B96, "
                    f"ASBJ 22 §§28–30): {acq.entity}'s NCI's interest in its net assets as consolidated; to capital "
                    f"surplus{by_whom}", event=date == run.event_date)
    if bought:
        kept[acq.entity] = NciGoodwillKept(left, bought, tuple(taken_on))
    return shared


def equity_on_day(io: StepIO, acq: Acquired, date: dt.date, eq: dict[str, Fraction]) -> Fraction:
    """``acq.entity``'s own equity at a change of holding on ``date`` (``eq``: its equity then, in its own currency)
    at historical rates in the reporting currency, before an issue of that day, as the ``nci`` step's segments and
    profit split carry it: in the reporting currency ``eq`` itself; a foreign entity's at the period end from its
    translated trial balance, before it as :func:`equity_before_issue` builds it (its equity at control at that day's
    rate, each year's profit at its average) — never ``eq`` at the control date's rate, which would leave its profit
    since control at the wrong rate and shift amounts between capital surplus and retained earnings."""
    run = io.run
    if not run.is_foreign(acq.entity):
        return sum(eq.values(), Fraction(0)) * acq.rate
    if date == run.period and date not in acq.issues:
        return historical_equity(io, acq.entity)
    day_before = date - dt.timedelta(days=1)
    if date != run.group.fiscal_year_start(date) and run.local_tb(acq.entity, day_before) is None:
        io.problem(
            "consolidation.no_trial_balance_before_change",
            f"the group's holding in {acq.entity} changed on {date}, inside a fiscal year: the ledger must hold "
            f"{acq.entity}'s trial balance at {day_before} to measure its equity at historical rates that day "
            "(docs/format.md §10.4)", None, f"add {acq.entity}'s rows with period {day_before} to ledger/")
    return equity_before_issue(io, acq, date)


def _ratio_changes(io: StepIO, acq: Acquired) -> list[tuple[dt.date, str, Fraction, Fraction]]:
    """The days after control and to the period end where ``acq.entity``'s NCI ratio changed through a change of
    interest in it or above it: (day, the holder changing, NCI ratio before, after)."""
    run = io.run
    out = []
    seen: set[dt.date] = set()
    ups = [acq] + [io.acquired[x] for x in movers_above(io, acq.entity)]  # (the others have no transactions)
    for up in ups:
        for date, holder, *_rest in up.transactions:
            if acq.control_date < date <= run.period and date not in seen:
                before, after = run.nci_at(acq.entity, date - dt.timedelta(days=1)), run.nci_at(acq.entity, date)
                if before != after:
                    seen.add(date)
                    out.append((date, holder, before, after))
    return sorted(out)


def _holder_nci_changed(io: StepIO, first: dict[str, FirstConsolidation], position: OpeningPosition
                        ) -> tuple[dict[str, Fraction], dict[tuple[str, str], Fraction]]:
    """A holder H with NCI of its own whose NCI ratio changed (P bought or sold shares of H, keeping control): H's
    NCI's interest is in H's net assets as consolidated (IFRS 10.23, B96; ASBJ 22 §§28–30), so the change moves, with
    the rest of it, their share of what the group booked on H's investments in its subsidiaries — the goodwill
    amortised (jgaap) here, the differences of H's own NCI transactions in them, which its NCI bore at the ratio of
    their day, in :func:`_holder_nci_changed_differences` — into the owners' capital surplus: (ratio before − ratio
    after) × the amount to the day, off H's NCI.
    The ``nci`` step books H's NCI's share of earlier years' amortisation at the year's ratio plus what the changes
    moved of it (returned per holder and subsidiary, ``Investments.nci_moved``): what they bore at each stretch's
    ratio; closing takes this year's amortisation before a change in the year at the ratio before it (returned per
    holder, ``Investments.attributed_extra``)."""
    run = io.run
    cs, nci_acc = io.role("capital_surplus"), io.role("nci")
    extra: dict[str, Fraction] = {}
    before_year: dict[tuple[str, str], Fraction] = {}
    # (sub, local goodwill, since, rate, currency, begun) of the goodwill each holder holds
    goodwills: dict[str, list[tuple[str, Fraction, dt.date, Fraction, str, dt.date | None]]] = {}
    for sub, acq in io.acquired.items():
        opened = position.of(sub) is not None and position.start is not None
        since = position.start if opened and position.start is not None else acq.control_date
        for x, gw_local in (first[sub].goodwill_local.items() if sub in first else ()):
            if gw_local > 0 and x in io.acquired:
                goodwills.setdefault(x, []).append((sub, gw_local, since, acq.rate, run.currency(sub),
                                                    acq.control_date if opened else None))
    for x, acq_x in io.acquired.items():
        if x not in goodwills:
            continue
        changes = _ratio_changes(io, acq_x)
        for day, holder, before, after in changes:
            step = before - after
            for sub, gw_local, since, rate, cur, begun in goodwills.get(x, ()):
                if day <= since:
                    continue
                to_start = amortised_to(io, sub, gw_local, since, rate, cur, min(day, run.fy_start), begun)
                in_year = amortised_to(io, sub, gw_local, since, rate, cur, day, begun) - to_start \
                    if day > run.fy_start else Fraction(0)
                moved = step * (to_start + in_year)
                if not moved:
                    continue
                # the ``nci`` step books the NCI's share of earlier amortisation at the year's ratio; what it had
                # borne before the change and moved with it is theirs up to the day (``nci_moved`` adds it there)
                if to_start:
                    before_year[(x, sub)] = before_year.get((x, sub), Fraction(0)) + step * to_start
                if in_year:  # this year's amortisation before the day is the NCI's at the ratio before it
                    extra[x] = extra.get(x, Fraction(0)) - step * in_year
                # about ``sub`` (its lines on x's): a later sale of ``sub`` carries it into the capital surplus of the
                # years after (``deconsolidation._capital_surplus_of_earlier_years``)
                io.post("nci", sub, holder, [(x, cs, moved), (x, nci_acc, -moved)],
                        f"{holder}'s change of interest in {x} on {day} (NCI {ratio_str(before)} → {ratio_str(after)}) "
                        f"moves {x}'s NCI's share of the goodwill of {sub} amortised to then "
                        f"({_money(io, to_start + in_year)}; IFRS 10.B96, ASBJ 22 §§28–30) to capital surplus")
    return extra, before_year


def _holder_nci_changed_differences(io: StepIO, by_sub: dict[str, list[tuple[str, dt.date, Fraction]]]) -> None:
    """A holder H with NCI of its own whose NCI ratio changed (P bought or sold shares of H, keeping control) after
    H's own NCI transactions in a subsidiary S (``by_sub``: per S, the differences H's NCI bore a share of, as
    (holder, day, difference)): the change moves, with the rest of H's NCI's interest in H's net assets as
    consolidated (IFRS 10.23, B96; ASBJ 22 §§28–30), their share of those differences — (ratio before − ratio
    after) × the differences before the day — from H's NCI into the owners' capital surplus. One entry per H and S,
    about S (its lines on H's): so that a later sale of S carries it with S's position — into the year of the sale
    (``deconsolidation._carry``) and the capital surplus of later years
    (``deconsolidation._capital_surplus_of_earlier_years``; tests/cases/deconsolidation/x-47 and
    tests/consolidation/test_deconsolidation_holder_nci_changed.py)."""
    cs, nci_acc = io.role("capital_surplus"), io.role("nci")
    for sub, shared in by_sub.items():
        for x in sorted({h for h, _when, _d in shared}):
            acq_x = io.acquired.get(x)
            if acq_x is None:
                continue
            for day, holder, before, after in _ratio_changes(io, acq_x):
                diffs = fsum(d for h, when, d in shared if h == x and when < day)
                if not diffs:
                    continue
                m = (before - after) * diffs
                io.post("nci", sub, holder, [(x, nci_acc, -m), (x, cs, m)],
                        f"{holder}'s change of interest in {x} on {day} (NCI {ratio_str(before)} → {ratio_str(after)}) "
                        f"moves {x}'s NCI's share of the differences of {x}'s own NCI transactions in {sub} before it "
                        f"({_money(io, diffs)}; IFRS 10.B96, ASBJ 22 §§28–30) to capital surplus")


#: How the ``nci`` entry of a dilution's issue begins (the equity statement reads it as shares issued to the NCI).
ISSUE_REASON = "share issue to others: "


def _dilution(io: StepIO, acq: Acquired, date: dt.date, holders: dict[str, tuple[Fraction, Fraction]],
              outside: Fraction, nci_before: Fraction, na_after: Fraction, issue: dict[str, Fraction],
              nci_goodwill: Fraction = ZERO) -> tuple[Lines, str]:
    """A dilution that keeps control (the entity issued shares to others, each group holder's share falling from
    ``old`` to ``new`` in ``holders`` with nothing paid): an equity transaction (IFRS 10.23, B96; ASBJ Statement 22
    §30). Posts the issue: out of the entity's equity into the NCI, whose shares they are; returns the lines and
    reason of the rest: the NCI brought from ``nci_before`` + the issue to its new share of the net assets after the
    issue (``outside`` × ``na_after``, as the group carries them; goodwill stays the owners'), the difference to
    capital surplus — each holder's part by the share it had (the issue dilutes them alike), its own NCI bearing
    theirs (``_shared_difference``). NCI at fair value keep their goodwill (``nci_goodwill``, at the control date's
    rate) whole: only the net assets are shared anew, as for a purchase or sale keeping control (``moved`` there is the
    share of the net assets, never of goodwill; the reading of docs/consolidation.md)."""
    rate = issue_rate(io, acq, date)
    issued = fsum(issue.values()) * rate
    moved = outside * na_after + nci_goodwill - nci_before
    falls = ", ".join(f"{h}'s share falling from {ratio_str(o)} to {ratio_str(n)}" for h, (o, n) in holders.items())
    io.post("nci", acq.entity, next(iter(holders)), [*((acq.entity, acc, amt * rate) for acc, amt in issue.items()),
                                                     (acq.entity, io.role("nci"), -issued)],
            f"{ISSUE_REASON}{acq.entity} issued shares to others on {date} for {_money(io, issued)} (dilution: true), "
            f"{falls} and the group keeping control: the issue out of {acq.entity}'s equity into the NCI (IFRS 10.23, "
            "B96; ASBJ Statement 22 §30)", event=date == io.run.event_date)
    lines: Lines = [(acq.entity, io.role("nci"), issued - moved)]
    had = fsum(o for o, _n in holders.values())
    for h, (o, _n) in holders.items():
        lines += _shared_difference(io, acq.entity, h, date, (moved - issued) * o / had if had else ZERO)
    by = "" if len(holders) == 1 else (" (" + ", ".join(f"{h} {ratio_str(o / had)}" for h, (o, _n) in holders.items())
                                        + " of it, by the shares each had)")
    reason = (f"{acq.entity}'s issue of {date} keeping control: NCI {_money(io, nci_before)} + the issue "
              f"{_money(io, issued)} brought to {ratio_str(outside)} of the net assets after it "
              f"{_money(io, na_after)}"
              + (f" + their goodwill {_money(io, nci_goodwill)} (NCI at fair value)" if nci_goodwill else "")
              + f" = {_money(io, nci_before + moved)}; difference {_money(io, issued - moved)} to capital surplus{by}")
    return _merged(lines), reason


def _merged(lines: Lines) -> Lines:
    """Lines on the same entity and account added up, in their first order."""
    out: dict[tuple[str, str], Fraction] = {}
    for e, acc, amt in lines:
        out[(e, acc)] = out.get((e, acc), ZERO) + Fraction(amt)
    return [(e, acc, amt) for (e, acc), amt in out.items()]


def issue_rate(io: StepIO, acq: Acquired, date: dt.date) -> Fraction:
    """The rate a dilution's issue of ``date`` is carried at: the day's (its spot rate, as the translation takes S's
    capital rows dated that day; ``acquisition._dated_issue``); 1 in the reporting currency."""
    run = io.run
    if not run.is_foreign(acq.entity):
        return acq.rate
    return io.rate(run.currency(acq.entity), date, "spot", f"{acq.entity}'s share issue of {date}", fallback="closing")


def equity_before_issue(io: StepIO, acq: Acquired, date: dt.date) -> Fraction:
    """A foreign entity's own equity the day before a dilution's issue on ``date`` at historical rates, in the
    reporting currency: its equity at control at that day's rate, each fiscal year's profit after control at that year's
    average (a dated row at its spot rate) less its dividends at their rates, as the translation carries its retained
    earnings, to the day before at the average of the issue's fiscal year (as the profit split takes it), and the
    earlier issues at their day's rate. A missing trial balance counts nothing (the translation names it)."""
    run = io.run
    cur = run.currency(acq.entity)
    total = fsum(acq.equity.values()) * acq.rate
    day_before = date - dt.timedelta(days=1)
    ends = run.fiscal_year_ends(acq.control_date + dt.timedelta(days=1), run.group.fiscal_year_start(date))
    pre = run.local_tb(acq.entity, acq.control_date - dt.timedelta(days=1)) \
        if acq.control_date != run.group.fiscal_year_start(acq.control_date) else None
    stretch = [] if date == run.group.fiscal_year_start(date) else [
        (min(run.group.fiscal_year_end_for(date), run.period), day_before)]  # the issue's year to the day before
    for e, tb_at in [*((e, e) for e in ends), *stretch]:
        tb = run.local_tb(acq.entity, tb_at)
        if tb is None:
            continue
        if pre is not None and run.group.fiscal_year_start(e) < acq.control_date:  # the year control began
            # what came before control is inside the equity at control (at its rate): the year's rows are taken at
            # their rates and the part before control removed at the control rate, as the first consolidation
            # removes it from the income statement (_pre_acquisition_profit; docs/format.md §10.3-10.4)
            for (acc, _p, _d), v in pre.items():
                if run.is_profit(acc) or run.account_role(acc) == "dividends_declared":
                    total += Fraction(v) * acq.rate
        for (acc, _p, d), amt in tb.items():
            if run.is_profit(acc) or run.account_role(acc) == "dividends_declared":
                rate = io.rate(cur, d, "spot", f"{acq.entity}'s equity before its share issue of {date}") \
                    if d is not None else io.rate(cur, e, "average", f"{acq.entity}'s equity before its share issue "
                                                  f"of {date}")
                total -= Fraction(amt) * rate
    for d, issue in acq.issues.items():
        if d < date:
            total += fsum(issue.values()) * issue_rate(io, acq, d)
    return total


def _shared_difference(io: StepIO, entity: str, holder: str, date: dt.date, diff: Fraction) -> Lines:
    """The difference of an NCI transaction (debit positive) on equity: it is the buyer's or seller's — ``holder``'s
    — so where the holder has NCI of its own they bear their share of it at its NCI ratio of the day (IFRS 10.B96,
    B94; ASBJ 22 §§28–30), on the holder's NCI; the rest is the owners' capital surplus."""
    n = io.run.nci_at(holder, date) if holder != io.run.group.parent else ZERO
    lines: Lines = [(entity, io.role("capital_surplus"), diff - n * diff)]
    if n and diff:
        lines.append((holder, io.role("nci"), n * diff))
    return lines


def _share_at(acq: Acquired, holder: str, date: dt.date) -> Fraction:
    """``holder``'s direct share of ``acq.entity`` once the changes of ``date`` are made."""
    share = acq.holders[holder][0] if holder in acq.holders else ZERO
    for d, h, new_share, _c, _eq in acq.transactions:
        if h == holder and d <= date:
            share = new_share
    return share


def _effective_share(io: StepIO, top: str, entity: str, date: dt.date, seen: frozenset[str] = frozenset()) -> Fraction:
    """``top``'s share of ``entity`` at ``date`` through its subsidiaries (as the group holds them)."""
    acq = io.acquired.get(entity)
    if acq is None or entity in seen or date < acq.control_date:
        return ZERO
    holders = set(acq.holders) | {h for _d, h, *_ in acq.transactions}
    out = ZERO
    for h in holders:
        s = _share_at(acq, h, date)
        if s:
            out += s if h == top else s * _effective_share(io, top, h, date, seen | {entity})
    return out


def equity_at_date(io: StepIO, acq: Acquired, date: dt.date) -> Fraction | None:
    """``acq.entity``'s own equity at ``date`` at historical rates, as the ``nci`` step measures it (None, with a
    problem, where the ledger lacks its trial balance of the day before)."""
    run = io.run
    if date <= acq.control_date:
        return fsum(acq.equity.values()) * acq.rate
    for d, _h, _s, _c, eq in acq.transactions:
        if d == date and eq:
            return equity_on_day(io, acq, d, eq)
    if date == run.period:
        return historical_equity(io, acq.entity)
    if date == run.fy_start:
        return -fsum(Fraction(v) for (acc, _p), v in io.tb.get(acq.entity, {}).items()
                     if run.account_type(acc) == "equity"
                     and run.account_role(acc) not in ("dividends_declared", "cta", "nci"))
    day_before = date - dt.timedelta(days=1)
    tb = run.local_tb(acq.entity, day_before)
    if tb is None:
        io.problem(
            "consolidation.no_trial_balance_before_change",
            f"the group's holding in {acq.entity} changed on {date} through a holder above it: the ledger must hold "
            f"{acq.entity}'s trial balance at {day_before} to measure that holder's NCI's share of it "
            "(docs/format.md §10.4)", None, f"add {acq.entity}'s rows with period {day_before} to ledger/")
        return None
    if run.is_foreign(acq.entity):
        # at historical rates, as the NCI's carrying amount is measured (each year's profit at its average, the
        # stretch to the day before at the year's), not at the control date's rate (tests/cases/nci/n-34)
        return equity_before_issue(io, acq, date)
    na = sum((Fraction(v) for (acc, _p, _d), v in tb.items() if run.account_type(acc) in ("asset", "liability")),
             ZERO)
    return na * acq.rate


def _indirect_moved(io: StepIO, entity: str, date: dt.date, delta: Fraction, outside_before: Fraction
                    ) -> dict[str, Fraction]:
    """The part of a change of interest in ``entity`` that falls on the NCI of the subsidiaries it holds (debit
    positive, by subsidiary): ``entity``'s NCI's interest in its net assets as consolidated includes their
    indirect share of its subsidiaries' post-acquisition equity, which sits in those subsidiaries' NCI (IFRS
    10.B96; ASBJ 22 §§28–30). A purchase (``delta`` > 0) moves ``delta`` ÷ ``outside_before`` of what that NCI
    carries there — each stretch at its ratio, scaled at every earlier change of ``entity``'s holders; a sale
    gives the buyers ``-delta`` × ``entity``'s share of the post-acquisition equity."""
    run = io.run
    acq_e = io.acquired[entity]
    out: dict[str, Fraction] = {}
    if delta > 0 and not outside_before:
        return out
    for sub, acq in io.acquired.items():
        if sub == entity or date <= acq.control_date or entity not in run.history.upstream(sub) \
                or not _effective_share(io, entity, sub, date):
            continue
        base = _equity_without_issues(io, acq, acq.control_date)
        now = _equity_without_issues(io, acq, date)
        if base is None or now is None:
            continue
        if delta < 0:
            amt = delta * _effective_share(io, entity, sub, date) * (now - base)
        else:
            points = sorted({acq.control_date, date, *(d for d, *_ in acq.transactions if acq.control_date < d < date),
                             *(d for d, *_ in acq_e.transactions if acq.control_date < d < date),
                             *((run.fy_start,) if acq.control_date < run.fy_start < date else ())})
            carried, prev = ZERO, base
            ratio = run.nci_at(entity, acq.control_date) * _effective_share(io, entity, sub, acq.control_date)
            for b in points[1:]:
                na_b = _equity_without_issues(io, acq, b)
                if na_b is None:
                    return {}
                carried += ratio * (na_b - prev)
                prev = na_b
                before, after = run.nci_at(entity, b - dt.timedelta(days=1)), run.nci_at(entity, b)
                if b != date and before != after and after and before:
                    if after < before:
                        carried = carried * after / before
                    else:
                        carried += (after - before) * _effective_share(io, entity, sub, b) * (na_b - base)
                ratio = after * _effective_share(io, entity, sub, b)
            amt = carried * delta / outside_before if outside_before else ZERO
        if amt:
            out[sub] = amt
    return out


def _equity_without_issues(io: StepIO, acq: Acquired, date: dt.date) -> Fraction | None:
    """:func:`equity_at_date` less the dilutions' issues in it: an issue of the subsidiary's own went to its NCI (the
    ``investment`` step moved them for it, :func:`_dilution`), so it is none of its equity since control that a
    holder's NCI hold an indirect share of (tests/consolidation/test_nci_dilution.py, a purchase of a diluted holder's
    NCI the year after). Which issues :func:`equity_at_date` holds depends on how it read that day: the equity right
    after the day's issue (a change that day; a foreign entity's before it), the capital accounts of the period end
    (the period end and the start of the year), or the day before's trial balance."""
    run = io.run
    na = equity_at_date(io, acq, date)
    if na is None or not acq.issues or date <= acq.control_date:
        return na
    if any(d == date and eq for d, _h, _s, _c, eq in acq.transactions):
        cut, same_day = date, not run.is_foreign(acq.entity)
    elif date in (run.period, run.fy_start):
        cut, same_day = run.period, True
    else:
        cut, same_day = date, False
    for d, issue in acq.issues.items():
        if d < cut or (d == cut and same_day):
            na -= fsum(issue.values()) * issue_rate(io, acq, d)
    return na


def cuts_in_year(io: StepIO, acq: Acquired) -> list[dt.date]:
    """The days inside this fiscal year where ``acq.entity``'s NCI ratio may change: its own holdings' changes, and
    a change of interest above it (a holder's NCI bought or sold, IFRS 10.B96) that moves its NCI ratio — the
    ``investment`` step moved that holder's NCI's indirect share of the equity up to the day, so this year's profit
    and dividends split there too (ASBJ 22 §§28–30)."""
    run = io.run
    cuts = {date for date, *_ in acq.transactions if run.fy_start < date <= run.period}
    for x in movers_above(io, acq.entity):
        for date, *_rest in io.acquired[x].transactions:
            if max(run.fy_start, acq.control_date) < date <= run.period and date not in cuts \
                    and run.nci_at(acq.entity, date - dt.timedelta(days=1)) != run.nci_at(acq.entity, date):
                cuts.add(date)
    return sorted(cuts)
