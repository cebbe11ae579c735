"""View models for the pages: plain dicts built from result dicts, no HTTP here.

Templates only lay these out; every figure, sign and subtotal is decided in
:mod:`renketsu.reports.statements` or here, never in a template.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from renketsu.model.money import D, currency_decimals
from renketsu.reports import text as fmt
from renketsu.reports.matching import pairs
from renketsu.reports.statements import (
    Chart,
    account_breakdown,
    balance_sheet,
    block_statements,
    changes_in_equity,
    chart_entry,
    chart_order,
    elimination_steps,
    income_statement,
    natural,
)
from renketsu.reports.terminal import headline


def decimals_for(currency: str) -> int:
    return currency_decimals(currency) if currency else 2


def event_date(event: Any) -> dt.date | None:
    """The date an event takes effect (merger: effective; disposal: date; acquisition: holding.date)."""
    for attr in ("effective", "date"):
        v = getattr(event, attr, None)
        if isinstance(v, dt.date):
            return v
    holding = getattr(event, "holding", None)
    return getattr(holding, "date", None)


def event_summary(event_id: str, event: Any) -> dict[str, Any]:
    kind = getattr(event, "kind", "")
    if kind == "merger":
        what = f"{', '.join(getattr(event, 'absorbed', ()))} into {getattr(event, 'surviving', '')}"
    elif kind == "disposal":
        what = (f"{getattr(event, 'holder', '')} sells {fmt.share(getattr(event, 'share_sold', None))} "
                f"of {getattr(event, 'entity', '')}")
    elif kind == "acquisition":
        h = getattr(event, "holding", None)
        what = f"{getattr(h, 'holder', '')} acquires {getattr(h, 'entity', '')}" if h else ""
    else:
        what = ""
    return {"id": event_id, "kind": kind, "date": event_date(event), "what": what}


def check_detail(check: Mapping[str, Any], currency: str | None = None) -> str:
    """A check's extra keys as one line (``detail`` shown bare), numbers formatted."""
    return fmt.check_detail(check, currency)


def key_figures(result: Mapping[str, Any], chart: Chart) -> dict[str, Any]:
    """The overview's figures of a period: total assets, equity (owners, NCI), profit,
    entities by method, failed checks; natural signs."""
    bs = balance_sheet(result, chart)
    owners = nci = Decimal(0)
    for acc, v in (result.get("balance_sheet") or {}).items():
        e = chart_entry(chart, acc)
        if e.type == "equity":
            if e.role == "nci":
                nci -= D(str(v))
            else:
                owners -= D(str(v))
    profit = result.get("profit") or {}
    methods: dict[str, int] = {}
    for e in (result.get("entities") or {}).values():
        methods[str(e.get("method", ""))] = methods.get(str(e.get("method", "")), 0) + 1
    return {
        "total_assets": bs.total("Total assets"),
        "equity_owners": owners,
        "equity_nci": nci,
        "profit": D(str(profit.get("total"))) if profit.get("total") is not None else None,
        "profit_owners": D(str(profit.get("owners"))) if profit.get("owners") is not None else None,
        "methods": methods,
        "failed": [c.get("name") for c in result.get("checks", []) if not c.get("ok")],
        "checks": len(result.get("checks", [])),
        "unmatched": len(pairs(result, unmatched_only=True)),
    }


def matching_view(result: Mapping[str, Any], chart: Chart) -> dict[str, Any]:
    return {"pairs": [{"pair": p, "sides": [{"entity": sd.entity, "account": sd.account,
                                             "name": chart_entry(chart, sd.account).name, "amount": sd.amount}
                                            for sd in p.sides]} for p in pairs(result)],
            "dec": decimals_for(result.get("currency", "")), "currency": result.get("currency", "")}


def consolidation_view(result: Mapping[str, Any], chart: Chart) -> dict[str, Any]:
    """Statements, equity changes, eliminations grouped by step, checks."""
    elims = result.get("eliminations", [])
    def with_lines(e: Mapping[str, Any]) -> dict[str, Any]:
        return {**e, "_lines": [{**ln, "name": chart_entry(chart, ln["account"]).name, "amount": D(ln["amount"])}
                                for ln in e.get("lines", [])]}

    by_step = [{"step": s, "entries": [with_lines(e) for e in elims if (e.get("step") or e.get("kind", "")) == s]}
               for s in elimination_steps(result)]
    all_checks = [*result.get("checks", []), *(result.get("statement_checks") or [])]
    return {
        "result": result,
        "currency": result.get("currency", ""),
        "dec": decimals_for(result.get("currency", "")),
        "bs": balance_sheet(result, chart),
        "is": income_statement(result, chart),
        "eq": changes_in_equity(result, chart),
        "steps": by_step,
        "checks": sorted(({"name": c.get("name", ""), "ok": bool(c.get("ok")),
                           "detail": check_detail(c, result.get("currency"))}
                          for c in all_checks), key=lambda c: c["ok"]),
        "unmatched": len(pairs(result, unmatched_only=True)),
        "entities": result.get("entities", {}),
        "added_accounts": result.get("added_accounts", []),
        "failed_checks": [{"name": c.get("name", ""), "detail": check_detail(c, result.get("currency"))}
                          for c in all_checks if not c.get("ok")],
    }


def line_view(result: Mapping[str, Any], chart: Chart, account: str) -> dict[str, Any]:
    """One account's figure taken apart, every amount in the account's natural sign."""
    entry = chart_entry(chart, account)
    b = account_breakdown(result, account)
    t = entry.type

    def nat(v: Decimal) -> Decimal:
        return natural(v, t)

    return {
        "account": account,
        "entry": entry,
        "currency": result.get("currency", ""),
        "dec": decimals_for(result.get("currency", "")),
        "contributions": [{"entity": e, "amount": nat(v)} for e, v in b["contributions"].items()],
        "contributions_total": nat(sum(b["contributions"].values(), Decimal(0))),
        "eliminations": [{**e, "amount": nat(e["amount"]),
                          "lines": [{**ln, "amount": nat(ln["amount"])} for ln in e["lines"]]}
                         for e in b["eliminations"]],
        "closing": [{**c, "amount": nat(c["amount"])} for c in b["closing"]],
        "total": nat(b["total"]),
        "reported": nat(b["reported"]),
        "agrees": b["total"] == b["reported"],
        "has_contributions": "contributions" in result,
    }


def _relative(file: Any, root: str | None) -> Any:
    """A ledger file shown relative to the workspace folder when it lies inside it."""
    if not root or not isinstance(file, str):
        return file
    from pathlib import PurePath

    try:
        return str(PurePath(file).relative_to(PurePath(root)))
    except ValueError:
        return file


def rows_view(rows: Sequence[Mapping[str, Any]], root: str | None = None) -> dict[str, Any]:
    out = [{**r, "file": _relative(r.get("file"), root), "account": r.get("account", r.get("local_account")),
            "amount": D(r["amount"]) if r.get("amount") is not None else None} for r in rows]
    return {"rows": out, "total": sum((r["amount"] for r in out if r["amount"] is not None), Decimal(0))}


def comparison_rows(sim: Mapping[str, Any], chart: Chart) -> list[dict[str, Any]]:
    """Before / after / change per account, natural signs; sections balance sheet then income statement."""
    before = sim.get("consolidated_before") or {}
    after = sim.get("consolidated_after") or {}
    out: list[dict[str, Any]] = []
    for part, label in (("balance_sheet", "Balance sheet"), ("income_statement", "Income statement")):
        b = {k: D(v) for k, v in (before.get(part) or {}).items()}
        a = {k: D(v) for k, v in (after.get(part) or {}).items()}
        accounts = chart_order(chart, set(a) | set(b))
        if not accounts:
            continue
        out.append({"heading": label})
        for acc in accounts:
            e = chart_entry(chart, acc)
            vb, va = b.get(acc, Decimal(0)), a.get(acc, Decimal(0))
            out.append({"account": acc, "name": e.name, "before": natural(vb, e.type),
                        "after": natural(va, e.type), "change": natural(va - vb, e.type) if va != vb else None})
    return out


def _fact_value(value: Any) -> str:
    """A fact's value with thousands separators when it is a number, else as given."""
    try:
        return f"{D(value):,}"
    except (ValueError, ArithmeticError):
        return "" if value is None else str(value)


def simulation_view(sim: Mapping[str, Any], chart: Chart, currency: str) -> dict[str, Any]:
    entities_after = []
    for eid, block in (sim.get("entities_after") or {}).items():
        bs, is_ = block_statements(block, chart, currency, label=f"{eid} after the event")
        empty = not any(D(v) for part in ("balance_sheet", "income_statement")
                        for v in (block.get(part) or {}).values())
        entities_after.append({"entity": eid, "bs": bs, "is": is_, "empty": empty,
                               "has_is": bool(block.get("income_statement"))})
    entries = [{**e, "_lines": [{**ln, "name": chart_entry(chart, ln["account"]).name, "amount": D(ln["amount"])}
                                for ln in e.get("lines", [])]}
               for e in sim.get("entity_entries") or []]
    change = sim.get("consolidated_change") or {}
    return {
        "sim": sim,
        "currency": currency,
        "dec": decimals_for(currency),
        "headline": headline(sim),
        "no_impact": not change.get("balance_sheet") and not change.get("income_statement"),
        "comparison": comparison_rows(sim, chart),
        "legal": sim.get("legal") or [],
        "entries": entries,
        "entities_after": entities_after,
        "facts": [{**f, "value": _fact_value(f.get("value"))} for f in sim.get("facts_after") or []],
    }


# ------------------------------------------------------------------ statement set and translation

def statement_set_view(result: Mapping[str, Any], chart: Chart) -> dict[str, Any]:
    """The statement set as grids (renketsu.reports.statement_set) and the statement checks."""
    from renketsu.reports.statement_set import statement_set

    s = statement_set(result, chart)
    comparative = (result.get("comparative") or {}).get("period")
    return {"set": s, "comparative": comparative,
            "equity_comparative_missing": bool(comparative) and len(s.equity) == 1,
            "statement_checks": [{"name": c.get("name", ""), "ok": bool(c.get("ok")),
                                  "detail": check_detail(c, result.get("currency"))}
                                 for c in result.get("statement_checks") or []]}


#: How each kind of balance is translated (docs/format.md §10.3), as the drill-down says it.
RATE_BASIS = {
    "closing": "closing",
    "average": "average of the year",
    "spot": "spot on the row's date",
    "acquisition": "control date (historical)",
}


def _rate_lookup(rates: Sequence[Any]) -> dict[tuple[str, dt.date, str], Decimal]:
    return {(r.currency, r.date, r.kind): r.rate for r in rates}


def _control_date(group: Any, entity: str, rate: Decimal | None, currency: str,
                  rates: Mapping[tuple[str, dt.date, str], Decimal]) -> dt.date | None:
    """The holding date whose spot rate is the acquisition rate the engine used (None when none is)."""
    for h in sorted(getattr(group, "holdings", ()) or (), key=lambda h: h.date):
        if h.entity == entity and rate is not None and rates.get((currency, h.date, "spot")) == rate:
            return h.date
    return None


def translation_view(group: Any, rates: Sequence[Any], result: Mapping[str, Any], chart: Chart,
                     entity: str, account: str, rows: Sequence[Mapping[str, Any]],
                     root: str | None = None) -> dict[str, Any] | None:
    """How one foreign entity's contribution to ``account`` was translated, ledger row by ledger row:
    its local amount, the rate (which one, of which date, its value) and the reporting amount.

    The rate follows the translation step (docs/format.md §10.3): assets and liabilities at the
    closing rate; income, expense and dividends at the average rate, a dated row at its date's spot
    rate; other equity at the rate of the control date. Retained earnings are at historical rates
    (each year's profit at its average), the translation reserve is the difference itself: for those
    the view gives the local balance and the rate the contribution implies. None for an entity in the
    reporting currency. Amounts natural-signed like the line they explain.
    """
    from fractions import Fraction

    from renketsu.model.money import book

    facts = (result.get("translation") or {}).get(entity)
    if not facts:
        return None
    currency = str(facts.get("currency", ""))
    rep = result.get("currency", "")
    dec = decimals_for(rep)
    period = dt.date.fromisoformat(str(result.get("period")))
    lookup = _rate_lookup(rates)
    entry = chart_entry(chart, account)
    t, role = entry.type, entry.role
    contribution = D(str((result.get("contributions") or {}).get(entity, {}).get(account, "0")))

    def nat(v: Decimal) -> Decimal:
        return natural(v, t)

    acq_rate = D(str(facts["acquisition"])) if facts.get("acquisition") else None
    rows = [{**r, "file": _relative(r.get("file"), root)} for r in rows]
    out_rows = []
    implied = None
    if role in ("retained_earnings", "cta"):
        local_total = sum((D(str(r["amount"])) for r in rows if r.get("amount") is not None), Decimal(0))
        for r in rows:
            out_rows.append({**r, "local": nat(D(str(r["amount"]))), "basis": None, "rate": None, "rate_date": None,
                             "reporting": None})
        if role == "retained_earnings":
            method = (f"{entity}'s {entry.name} is translated at historical rates: the balance at the control date "
                      "at that date's rate" + (f" ({acq_rate})" if acq_rate is not None else "")
                      + ", each later year's profit at that year's average rate and its dividends at theirs.")
            if local_total:
                implied = Fraction(contribution) / Fraction(local_total)
        else:
            method = (f"{entity}'s {entry.name} is not in its books: it is the translation difference, what "
                      f"makes its trial balance translated at the closing rate {facts.get('closing')}, the average "
                      f"rate {facts.get('average', '—')} and the historical rate {facts.get('acquisition', '—')} "
                      "balance.")
    else:
        method = None
        for r in rows:
            local = D(str(r["amount"]))
            date = r.get("date")
            if isinstance(date, str) and date:
                date = dt.date.fromisoformat(date)
            on: dt.date | None
            if t in ("asset", "liability"):
                kind, on = "closing", period
            elif t in ("income", "expense") or role == "dividends_declared":
                kind, on = ("spot", date) if date else ("average", period)
            else:
                kind, on = ("spot", date) if date else ("acquisition", None)
            if kind == "acquisition":
                rate = acq_rate
                on = _control_date(group, entity, rate, currency, lookup)
            else:
                rate = lookup.get((currency, on, kind)) if on else None
            reporting = book(Fraction(local) * Fraction(rate), dec) if rate is not None else None
            out_rows.append({**r, "local": nat(local), "basis": RATE_BASIS[kind], "rate": rate, "rate_date": on,
                             "reporting": nat(reporting) if reporting is not None else None})
    shown = sum((r["reporting"] for r in out_rows if r["reporting"] is not None), Decimal(0))
    rounding = nat(contribution) - shown if method is None and all(r["reporting"] is not None for r in out_rows) \
        else None
    return {"entity": entity, "currency": currency, "reporting_currency": rep, "dec": dec,
            "local_dec": decimals_for(currency), "rows": out_rows, "method": method,
            "implied_rate": (str((Decimal(implied.numerator) / Decimal(implied.denominator)).quantize(Decimal("0.000001")))
                             if implied is not None else None),
            "contribution": nat(contribution), "rounding": rounding or None,
            "local_total": sum((r["local"] for r in out_rows), Decimal(0))}
