"""Step ``opening`` — the group's carrying position at a start date (opening.csv), read once.

For a period whose fiscal year begins after the start date, each subsidiary and associate listed in
opening.csv starts from it (docs/consolidation.md "Opening balances"): this step turns the rows and the
ledger's trial balances at the start date into the typed :class:`OpeningPosition` the later steps read
(acquisition, translation, investment, goodwill, equity method, NCI). No rate before the start date is
asked for; at it, only the closing rate of each currency involved.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from typing import cast

from renketsu.model.errors import Problem, RenketsuError
from renketsu.model.money import ZERO, fsum
from renketsu.model.types import OpeningRow, Source, Workspace

from .acquisition import equity_from_tb, opening_start
from .products import EquityMethod, GoodwillCarrying, OpeningAssociate, OpeningPosition, OpeningSubsidiary
from .stage import StepIO


def opening(io: StepIO) -> OpeningPosition:
    """The ``opening`` step."""
    run = io.run
    op = run.ws.opening
    if op is None:
        return OpeningPosition()
    if opening_start(run) is None:  # pragma: no cover - refused before the steps run
        return OpeningPosition()
    rows: dict[str, list[OpeningRow]] = defaultdict(list)
    for r in op.rows:
        rows[r.entity].append(r)
    subs: dict[str, OpeningSubsidiary] = {}
    assocs: dict[tuple[str, str], OpeningAssociate] = {}
    for entity, its in rows.items():
        tb = run.local_tb(entity, op.start)
        if tb is None:
            io.problem("opening.no_trial_balance", f"the ledger has no trial balance of {entity} at the start date "
                       f"{op.start}", its[0].source, f"add {entity}'s rows with period {op.start} to ledger/")
            continue
        local = _closed_equity(io, entity, op.start)
        cur = run.currency(entity)
        rate = io.rate(cur, op.start, "closing", f"the opening position of {entity} at {op.start}")
        if any(r.item in ("carrying",) for r in its) or run.own.method(entity) == "equity":
            for holder, a in _associate(io, entity, its, local, rate).items():
                assocs[(entity, holder)] = a
        else:
            subs[entity] = _subsidiary(io, entity, its, local, rate)
    return OpeningPosition(op.start, subs, assocs)


def refuse_before_start(ws: Workspace, period: dt.date) -> None:
    """A workspace starting from opening balances cannot consolidate a year that does not begin after them."""
    op = ws.opening
    if op is not None and ws.group.fiscal_year_start(period) <= op.start:
        raise RenketsuError(Problem(
            "opening.before_start", f"the workspace starts from opening balances at {op.start} (opening.csv): the "
            f"fiscal year to {period} does not begin after it", op.source,
            f"consolidate a period after {op.start}, or remove opening.csv to consolidate from full history"))


def _closed_equity(io: StepIO, entity: str, start: dt.date) -> dict[str, Fraction]:
    """The entity's equity at the start date in its currency, the year's profit and dividends closed."""
    run = io.run
    re_acc = io.role("retained_earnings")
    out: dict[str, Fraction] = {}
    for acc, v in equity_from_tb(io, run.local_tb(entity, start) or {}).items():
        key = re_acc if run.account_role(acc) == "dividends_declared" else acc
        out[key] = out.get(key, ZERO) + v
    return {k: v for k, v in out.items() if v}


def _holder(io: StepIO, entity: str, r: OpeningRow) -> str:
    if r.holder is not None:
        return r.holder
    holders = sorted(h for h, s in io.run.history.standing(entity, io.run.ws.opening.start).items()  # type: ignore[union-attr]
                     if s.share and io.run.is_consolidated(h))
    return holders[0] if holders else io.run.group.parent


def _subsidiary(io: StepIO, entity: str, its: list[OpeningRow], local: dict[str, Fraction],
                rate: Fraction) -> OpeningSubsidiary:
    run = io.run
    na = fsum(local.values()) * rate
    equity = _historical_equity(io, entity, its, local, rate, na)
    reserve = na - fsum(equity.values())
    goodwill = {_holder(io, entity, r): Fraction(r.amount) for r in its if r.item == "goodwill"}
    nci = fsum(Fraction(r.amount) for r in its if r.item == "nci")
    owners_row = next((r for r in its if r.item == "reserve_owners"), None)
    owners = Fraction(owners_row.amount) if owners_row is not None else (1 - run.nci_ratio(entity)) * reserve
    return OpeningSubsidiary(entity, equity, local, reserve, goodwill, nci, owners, rate)


def _historical_equity(io: StepIO, entity: str, its: list[OpeningRow], local: dict[str, Fraction], rate: Fraction,
                       na: Fraction) -> dict[str, Fraction]:
    """Equity at historical rates by account: the equity rows; or, from a reserve row, equity other than
    retained earnings at the start date's rate and the rest retained; or (the reporting currency) its amounts."""
    re_acc = io.role("retained_earnings")
    rows: dict[str, OpeningRow] = {r.account: r for r in its if r.item == "equity" and r.account is not None}
    reserve_row = next((r for r in its if r.item == "reserve"), None)
    if rows:
        _check_equity_rows(io, entity, rows, local, its[0].source, re_acc)
        return {acc: Fraction(r.amount) for acc, r in rows.items()}
    if reserve_row is not None:
        equity = {acc: v * rate for acc, v in local.items() if acc != re_acc}
        equity[re_acc] = na - Fraction(reserve_row.amount) - fsum(equity.values())
        return equity
    return dict(local)


def _check_equity_rows(io: StepIO, entity: str, rows: dict[str, OpeningRow], local: dict[str, Fraction],
                       first: Source, re_acc: str) -> None:
    for acc in local:
        if acc not in rows:
            io.problem("opening.missing", f"{entity} has a balance on equity account {acc} at the start date but "
                       "opening.csv gives no equity row for it", first,
                       f"add a row for account {acc}: its amount at historical rates (retained earnings with "
                       "the year closed)")
    for name, r in rows.items():
        if name != re_acc and not local.get(name) and r.amount:
            io.problem("opening.item", f"{entity} has no balance on account {name} at the start date, yet its "
                       "equity row gives one", r.source, "remove the row or fix the account")


def _associate(io: StepIO, entity: str, its: list[OpeningRow], local: dict[str, Fraction],
               rate: Fraction) -> dict[str, OpeningAssociate]:
    by_holder: dict[str, dict[str, Fraction]] = defaultdict(dict)
    for r in its:
        by_holder[_holder(io, entity, r)][r.item] = Fraction(r.amount)
    na = fsum(local.values())
    return {h: OpeningAssociate(entity, h, v.get("carrying", ZERO), v.get("goodwill", ZERO),
                                v.get("reserve", ZERO), na, rate)
            for h, v in by_holder.items()}


# ----------------------------------------------------------------------------- export


def _exact(x: Fraction, what: str, problems: list[Problem]) -> str:
    """``x`` as an exact decimal of at most 6 places (what opening.csv reads), or a problem."""
    from renketsu.model.money import ratio_str

    text = ratio_str(x)
    if "/" in text or ("." in text and len(text.split(".")[1]) > 6):
        problems.append(Problem("opening.export_inexact", f"{what} is {text}: not an exact decimal of at most 6 "
                                "places, which opening.csv cannot hold", None,
                                "start from a date where it is, or write the row by hand with the amount your "
                                "books carry"))
    return text


def export_opening(ws: Workspace, ledger: object, start: dt.date) -> str:
    """opening.csv for ``start`` from a consolidation at ``start`` from full history (docs/format.md
    "Extension: opening.csv"): each subsidiary's equity at historical rates per account (the year closed),
    goodwill left per holder in its currency, NCI and owners' reserve; each associate's carrying amount and
    goodwill left in its currency and its reserve. Raises RenketsuError when a figure is not exact."""
    from .pipeline import STEPS, consolidate
    from .stage import Step

    if ws.opening is not None:
        raise RenketsuError(Problem("opening.export_from_opening", "the workspace already starts from opening.csv: "
                                    "an opening position is exported from full history", ws.opening.source,
                                    "export from a workspace without opening.csv"))
    if ws.group.fiscal_year_end_for(start) != start:
        raise RenketsuError(Problem("opening.date", f"the start date {start} is not a fiscal year end", None,
                                    f"export at a fiscal year end, e.g. {ws.group.fiscal_year_end_for(start)}"))
    captured: dict[str, object] = {}

    def capture(io: StepIO) -> None:
        captured["goodwill"], captured["equity_method"] = io.need("goodwill"), io.need("equity_method")

    res = consolidate(ws, ledger, start, steps_=(*STEPS, Step("export", capture, ("goodwill", "equity_method"))))  # type: ignore[arg-type]
    gw, em = cast(GoodwillCarrying, captured["goodwill"]), cast(EquityMethod, captured["equity_method"])
    problems: list[Problem] = []
    rows: list[str] = []
    for entity, f in res.figures.items():
        rows += _export_equity(ws, start, entity, res.contributions.get(entity, {}), problems)
        for holder, left in sorted(gw.local.get(entity, {}).items()):
            if holder == "(nci)":
                problems.append(Problem("opening.export_inexact", f"{entity}'s NCI is measured at fair value: its "
                                        "own goodwill cannot be given in opening.csv yet", None, None))
            elif left:
                rows.append(f"{start},{entity},goodwill,,{holder},{_exact(left, f'{entity} goodwill', problems)}")
        if f.nci_amount:
            rows.append(f"{start},{entity},nci,,,{f.nci_amount}")
        rows.append(f"{start},{entity},reserve_owners,,,{f.cta}")
    cta_acc = next((a.id for a in ws.group.accounts.values() if a.role == "cta"), "cta")
    for (entity, holder), (carrying, left) in sorted(em.positions.items()):
        reserve = -sum((ln.amount for e in res.eliminations if e.step == "equity_method" and e.entity == entity
                        and e.partner == holder for ln in e.lines if ln.account == cta_acc), Decimal(0))
        rows.append(f"{start},{entity},carrying,,{holder},{_exact(carrying, f'{entity} carrying amount', problems)}")
        if left:
            rows.append(f"{start},{entity},goodwill,,{holder},{_exact(left, f'{entity} goodwill', problems)}")
        rows.append(f"{start},{entity},reserve,,{holder},{reserve}")
    if problems:
        raise RenketsuError(problems)
    return "date,entity,item,account,holder,amount\n" + "".join(r + "\n" for r in rows)


def _export_equity(ws: Workspace, start: dt.date, entity: str, contrib: dict[str, Decimal],
                   problems: list[Problem]) -> list[str]:
    """A subsidiary's equity rows from its contribution: equity accounts at historical rates, the year's
    profit and dividends closed into retained earnings."""
    accounts = ws.group.accounts
    re_acc = next((a.id for a in accounts.values() if a.role == "retained_earnings"), "retained_earnings")
    equity: dict[str, Fraction] = {}
    for acc, v in contrib.items():
        a = accounts.get(acc)
        if a is None:
            continue
        if a.type in ("income", "expense") or a.role == "dividends_declared":
            equity[re_acc] = equity.get(re_acc, ZERO) - Fraction(v)
        elif a.type == "equity" and a.role not in ("cta", "nci"):
            equity[acc] = equity.get(acc, ZERO) - Fraction(v)
    return [f"{start},{entity},equity,{acc},,{_exact(amount, f'{entity} equity {acc}', problems)}"
            for acc, amount in sorted(equity.items()) if amount]
