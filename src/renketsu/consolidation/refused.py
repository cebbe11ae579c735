"""Why a loss of control keeping an interest is not consolidated, in one clause for the refusal's message.

:func:`deconsolidation._retained_ok` decides whether the interest the group keeps on losing control is measured;
where it is not, :func:`retained_refused` names the first of its conditions that fails, in the terms of this
workspace ("P has NCI of its own and S books in USD"), so that the ``deconsolidation.retained_interest`` message
says what to change rather than listing every pattern that is consolidated (that list is docs/consolidation.md
"Disposals inside the year"). Each function here follows one predicate of ``deconsolidation`` and reads the same
helpers, so the reason and the decision cannot drift apart on a case; a refusal none of them explains gets a general
reason (never a wrong one).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from renketsu.model.money import percent_str, ratio_str
from renketsu.model.types import Holding

from . import deconsolidation as d

if TYPE_CHECKING:
    from .run import Run
    from .stage import StepIO

ONE_DAY = dt.timedelta(days=1)


def _owned(run: Run, x: str) -> str:
    """How ``x`` is owned, for a reason: "" when wholly, else that it has NCI of its own."""
    return "" if d._wholly_owned(run, x) else f"{x} has NCI of its own"


def _books(run: Run, xs: list[str] | set[str] | tuple[str, ...]) -> str:
    """"X books in USD, Y in EUR" for those of ``xs`` booking in another currency than the reporting one."""
    foreign = sorted(x for x in xs if run.is_foreign(x))
    return ", ".join(f"{x} books in {run.currency(x)}" for x in foreign)


def retained_refused(io: StepIO, h: Holding, sub: tuple[str, ...], kept: dict) -> str:
    """Why :func:`deconsolidation._retained_ok` refuses the sale ``h`` (its clause follows "because")."""
    run = io.run
    E = h.entity
    method = run.history.method_at(E, run.period)
    if run.group.framework not in ("ifrs", "jgaap"):
        return f"the framework is {run.group.framework}"
    if method not in ("equity", "none"):
        return f"{E}'s method at {run.period} is {method}, neither the equity method nor an investment"
    later = [x for x in run.holdings_of.get(E, ()) if x.date > h.date and x.date <= run.period]
    if later and not d._later_sales_ok(io, h, sub, later):
        return later_refused(io, h, sub, later)
    others = {k for k, s in run.history.standing(E, run.period).items() if k != h.holder and s.share}
    if not set(kept) >= others:
        outside = sorted(others - set(kept))
        return f"{', '.join(outside)} still hold{'s' if len(outside) == 1 else ''} shares of {E} at {run.period}"
    if not d._other_keepers_ok(run, h, others):
        return other_keepers_refused(run, h, others)
    subs = tuple(x for x in sub if x != E)
    if subs and not d._sub_group_kept_ok(run, h, sub):
        return sub_group_refused(run, h, sub)
    if subs and not all(d._wholly_owned(run, x) for x in others | {h.holder}):
        why = d._sub_group_with_nci_refused(run, h, sub)
        if why:
            return f"{E}'s subsidiaries ({', '.join(subs)}) leave with it, a keeper or the seller has NCI of its own " \
                f"and {why}"
    if not d._seller_nci_ok(run, h):
        return seller_nci_refused(run, h)
    return "this combination of holders, currencies and later changes is not read yet"


def later_refused(io: StepIO, h: Holding, sub: tuple[str, ...], later: list[Holding]) -> str:
    """Why :func:`deconsolidation._later_sales_ok` refuses the later changes ``later`` of the interest kept."""
    run = io.run
    E, H, first = h.entity, h.holder, later[0]
    rest = not later[-1].share
    change = f"the holdings of {E} change again on {first.date}"
    if not h.share:
        return f"{change}, after {H} sold all it held"
    subs = tuple(x for x in sub if x != E)
    if subs:
        if run.group.framework != "ifrs":
            return f"{change} under jgaap with {E}'s subsidiaries ({', '.join(subs)}) leaving with it"
        if rest:
            return f"{H} sells the rest of {E} on {later[-1].date} with {E}'s subsidiaries ({', '.join(subs)})"
        if not d._wholly_owned(run, H):
            return f"{change}, {H} has NCI of its own and {E}'s subsidiaries ({', '.join(subs)}) leave with it"
        other = sorted(x for x in subs if run.currency(x) != run.currency(E))
        if other:
            return f"{change} and {_books(run, other) or other[0] + ' books in the reporting currency'}, " \
                f"not in {E}'s {run.currency(E)}"
    if run.is_foreign(H) and not (run.group.framework == "ifrs" and d._wholly_owned(run, H)):
        return f"{change} and {H} books in {run.currency(H)}" + \
            (" under jgaap" if run.group.framework != "ifrs" else " and has NCI of its own")
    if run.history.method_at(E, h.date) != "equity":
        return f"{H} keeps {percent_str(h.share)} below significant influence and {change}"
    if run.history.method_at(E, run.period) != ("none" if rest else "equity"):
        m = run.history.method_at(E, run.period)
        return f"{change} and {E} is no longer an associate at {run.period} (method {m})"
    role_of = run.chart.role_of
    dividends = any(v for (acc, p), v in io.tb.get(H, {}).items() if p == E and role_of(acc) == "dividend_income")
    if d._later_purchases(run, h):
        if run.group.framework != "ifrs":
            return f"{H} buys more of {E} on {first.date}, under jgaap"
        if dividends:
            return f"{H} buys more of {E} on {first.date} and received dividends from it in the year"
        if subs and run.is_foreign(H):
            return f"{H} buys more of {E} on {first.date}, books in {run.currency(H)} and {E} has subsidiaries"
        odd = next((x for x in later if x.holder != H or x.cost is None or x.dilution), first)
        return f"the row of {odd.date} ({odd.holder}) is not a purchase by {H} with its cost"
    prev = h.share
    for i, x in enumerate(later):
        if x.holder != H:
            return f"{x.holder} changes its holding of {E} on {x.date} (only the seller's further sales are read)"
        if x.cost is None:
            return f"{H}'s sale of {E} on {x.date} gives no cost (the proceeds)"
        if not (0 < x.share < prev or i == len(later) - 1 and rest):
            return f"{H}'s row of {E} on {x.date} ({ratio_str(prev)} to {ratio_str(x.share)}) mixes purchases and " \
                "sales, or sells the rest before a later row"
        prev = x.share
    if run.is_foreign(H):
        if dividends:
            return f"{change}, {H} books in {run.currency(H)} and received dividends from {E} in the year"
        return f"{change}, {H} books in {run.currency(H)} and its gain rows on {E} are dated"
    return f"{change} and {E} declared dividends in the year before the sale on {h.date}"


def other_keepers_refused(run: Run, h: Holding, others: set[str]) -> str:
    """Why :func:`deconsolidation._other_keepers_ok` refuses the group companies other than the seller keeping
    shares of the entity sold."""
    E = h.entity
    names = ", ".join(sorted(others))
    rows = {x.holder: x for x in d.keepers(run, h)}
    if h.dilution:
        missing = sorted(k for k in others if k not in rows or not rows[k].dilution)
        if missing:
            return f"{', '.join(missing)} hold{'s' if len(missing) == 1 else ''} shares of {E} too without a row " \
                f"of {h.date} with dilution: true"
        why = "; ".join(w for w in (_owned(run, x) or _books(run, [x]) for x in sorted({h.holder, *others})) if w)
        return f"{names} hold{'s' if len(others) == 1 else ''} shares of {E} too and {why}"
    for k in sorted(others):
        if k in rows and rows[k].share != d._share_before(run, rows[k]):
            return f"{k}'s row of {h.date} changes its share of {E} ({ratio_str(d._share_before(run, rows[k]))} to " \
                f"{ratio_str(rows[k].share)}): a keeper other than the seller keeps its share that day"
    who = "; ".join(w for w in (_owned(run, x) for x in sorted({h.holder, *others})) if w)
    keep = f"{names} keep{'s' if len(others) == 1 else ''} shares of {E}"
    if d._changed_since_control(run, h):
        why = d._changed_keepers_refused(run, h)
        return f"{keep}{'' if 'NCI' in why else ', ' + who}, the holdings of {E} or above it changed since control, " \
            f"{why}"
    return f"{keep}, {who}, and {d._prices_differ(run, h)}"


def sub_group_refused(run: Run, h: Holding, sub: tuple[str, ...]) -> str:
    """Why :func:`deconsolidation._sub_group_kept_ok` refuses the sub-group leaving with the entity."""
    E = h.entity
    inside = set(sub)
    for x in sub:
        if x == E:
            continue
        holders = sorted({k.holder for k in run.holdings_of.get(x, ()) if k.date <= run.period} - inside)
        if holders:
            return f"{x}, a subsidiary of {E} leaving with it, is held by {', '.join(holders)} too"
        changed = next((k for k in run.holdings_of.get(x, ()) if h.date <= k.date <= run.period), None)
        if changed is not None:
            return f"the holding of {x}, a subsidiary of {E} leaving with it, changes on {changed.date}"
        if run.currency(x) != run.currency(E) and not run.is_foreign(E) \
                and run.history.method_at(E, run.period) == "equity":
            return f"{x}, a subsidiary of {E} leaving with it, books in {run.currency(x)} while {E} stays an " \
                "associate in the reporting currency"
    return f"{E}'s subsidiaries ({', '.join(x for x in sub if x != E)}) leave with it"


def seller_nci_refused(run: Run, h: Holding) -> str:
    """Why :func:`deconsolidation._seller_nci_ok` refuses a seller with NCI of its own keeping an interest after a
    change of holding since control."""
    E, H = h.entity, h.holder
    head = f"{H} has NCI of its own and the holdings of {E} or above it changed since control"
    before = h.date - ONE_DAY
    control = d._control_since(run, E, before)
    policy = run.group.policies.nci_measurement
    for x in run.holdings_of.get(E, ()):
        if x.date <= control and x.nci_measurement:
            policy = x.nci_measurement
    if policy == "fair_value" and d._nci_goodwill_left(run, h) is None:
        return f"{head}, with {E}'s NCI at fair value"
    subs = d.kept_sub_group(run, h)
    if subs:
        return f"{head}, with {E}'s subsidiaries ({', '.join(subs)}) leaving with it"
    with_nci = sorted(k for k, s in run.history.standing(E, before).items()
                      if s.share and k not in (run.group.parent, H) and run.nci_at(k, before))
    if with_nci:
        return f"{head}, and {', '.join(with_nci)} also hold{'s' if len(with_nci) == 1 else ''} {E} with NCI of " \
            f"{'its' if len(with_nci) == 1 else 'their'} own"
    return head
