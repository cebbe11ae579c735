"""Comprehensive income, changes in equity, cash flows, comparative and notes from two positions.

Every amount is a :class:`~decimal.Decimal` in the reporting currency, natural signs: equity,
income and cash inflows positive. Nothing here posts an entry; it reads the two results.

Equity movements (per component, ``closing − opening``) are identified from what the engine
booked in the year: profit (closing lines), dividends (the parent's declared; the NCI's share
eliminated by the ``dividends`` step), capital (the parent's own share capital and surplus
accounts), NCI transactions (``investment`` step entries of kind ``nci``: later tranches,
IFRS 10.23), scope changes (first consolidations: ``investment`` entries on NCI),
top-side adjustments (kind ``adjustment``). What remains on the translation reserve and on
NCI is other comprehensive income; what remains on any other component is ``unexplained`` and
fails the check ``equity_statement_rolls``.

Cash flows: each balance sheet account's movement less its translation effect, computed per
foreign entity independently of the reserve as ``L0·(C1 − C0) + (L1 − L0)·(C1 − A1)`` (IAS 21.39:
opening position at the new closing rate, the year's flows at the average rate; the dividend a
foreign entity declares leaves its cash at its own rate) plus the ``translation`` entries on
goodwill. The check ``cash_flows_reconcile`` then holds only if those effects equal the
exchange differences of the equity statement.

A subsidiary acquired in the year (:mod:`renketsu.statements.scope`) is one investing line,
consideration paid in cash less cash acquired (IAS 7.39–42): its assets and liabilities at control
come out of the accounts' movements and its translation effects start from its position at control.
Top-side adjustments (kind ``adjustment``) are movements of the accounts they touch; the ones booked
straight on equity this year are the equity statement's ``adjustments`` line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from renketsu.consolidation.adjustment import adjustment_tag
from renketsu.consolidation.investment import ISSUE_REASON
from renketsu.consolidation.nci import REATTRIBUTED_REASON
from renketsu.consolidation.products import Check
from renketsu.consolidation.result import ConsolidationResult, EntityFigures
from renketsu.model.errors import RenketsuError
from renketsu.model.money import amount_str, book, fmt, ratio_str
from renketsu.model.types import Chart, Workspace

from .scope import Acquisition, Entered, acquisitions, entered

ZERO = Decimal(0)

#: Lines of the statement of changes in equity, in order.
EQUITY_LINES = ("opening", "profit", "oci", "dividends", "nci_transactions", "scope_changes", "capital",
                "adjustments", "unexplained", "closing")

#: Local balances per (entity, group account) at a period (foreign entities only).
LocalBalances = dict[tuple[str, str], Decimal]


# ---------------------------------------------------------------------------------------- typed products


@dataclass(frozen=True)
class ComprehensiveIncome:
    profit: Decimal
    exchange_differences: Decimal
    reclassified: Decimal
    profit_owners: Decimal
    profit_nci: Decimal
    oci_owners: Decimal
    oci_nci: Decimal

    @property
    def oci(self) -> Decimal:
        return self.exchange_differences + self.reclassified

    @property
    def total(self) -> Decimal:
        return self.profit + self.oci

    def to_json(self, d: int) -> dict:
        m = lambda x: amount_str(x, d)  # noqa: E731
        return {
            "profit": m(self.profit),
            "oci": {"exchange_differences": m(self.exchange_differences), "reclassified_on_disposal": m(self.reclassified),
                    "total": m(self.oci)},
            "total": m(self.total),
            "owners": {"profit": m(self.profit_owners), "oci": m(self.oci_owners),
                       "total": m(self.profit_owners + self.oci_owners)},
            "nci": {"profit": m(self.profit_nci), "oci": m(self.oci_nci), "total": m(self.profit_nci + self.oci_nci)},
        }


@dataclass(frozen=True)
class CashFlowSection:
    lines: tuple[tuple[str, str, Decimal], ...]  # (key, label, amount)

    @property
    def total(self) -> Decimal:
        return sum((a for _k, _l, a in self.lines), ZERO)

    def to_json(self, d: int) -> dict:
        return {"lines": [{"key": k, "label": lb, "amount": amount_str(a, d)} for k, lb, a in self.lines],
                "total": amount_str(self.total, d)}


@dataclass(frozen=True)
class CashFlows:
    operating: CashFlowSection
    investing: CashFlowSection
    financing: CashFlowSection
    fx_effect: Decimal
    opening_cash: Decimal
    closing_cash: Decimal

    @property
    def net_change(self) -> Decimal:
        return self.operating.total + self.investing.total + self.financing.total

    def to_json(self, d: int) -> dict:
        m = lambda x: amount_str(x, d)  # noqa: E731
        return {"operating": self.operating.to_json(d), "investing": self.investing.to_json(d),
                "financing": self.financing.to_json(d), "net_change": m(self.net_change),
                "fx_effect": m(self.fx_effect), "opening_cash": m(self.opening_cash),
                "closing_cash": m(self.closing_cash)}


@dataclass(frozen=True)
class Statements:
    """The statement set at one period (``prior`` is the position it rolls from)."""

    period: dt.date
    prior_period: dt.date | None
    decimals: int
    comprehensive_income: ComprehensiveIncome | None
    #: component -> line -> amount (natural signs).
    changes_in_equity: dict[str, dict[str, Decimal]] | None
    cash_flows: CashFlows | None
    notes: dict[str, Any]
    checks: tuple[Check, ...]
    comparative: dict | None = None
    #: Why the statements that need the prior position are absent.
    unavailable: str | None = None

    def to_json(self) -> dict:
        d = self.decimals
        out: dict[str, Any] = {}
        if self.unavailable:
            out["statements_unavailable"] = self.unavailable
        if self.comprehensive_income is not None:
            out["comprehensive_income"] = self.comprehensive_income.to_json(d)
        if self.changes_in_equity is not None:
            out["changes_in_equity"] = {c: {ln: amount_str(v, d) for ln, v in lines.items()}
                                        for c, lines in self.changes_in_equity.items()}
        if self.cash_flows is not None:
            out["cash_flows"] = self.cash_flows.to_json(d)
        out["notes"] = self.notes
        out["statement_checks"] = [c.to_json() for c in self.checks]
        if self.comparative is not None:
            out["comparative"] = self.comparative
        return out


# ---------------------------------------------------------------------------------------- entry points


def prior_year_end(ws: Workspace, period: dt.date) -> dt.date:
    """The fiscal year end before the fiscal year that holds ``period``."""
    fye = ws.group.fiscal_year_end_for(period)
    try:
        year_before = fye.replace(year=fye.year - 1)
    except ValueError:  # 29 February
        year_before = fye.replace(year=fye.year - 1, day=28)
    return ws.group.fiscal_year_end_for(year_before)


def attach(ws: Workspace, ledger: Any, res: ConsolidationResult,
           consolidate: Callable[[dt.date], ConsolidationResult]) -> ConsolidationResult:
    """``res`` with its statement set, the prior year consolidated by ``consolidate``.

    The statements' checks are the result's ``statement_checks`` (not added to ``checks``, whose
    renderings are fixed by golden files; a report shows both)."""
    prior_p = prior_year_end(ws, res.period)
    prior: ConsolidationResult | None = None
    why = None
    if prior_p in ledger.periods():
        try:
            prior = consolidate(prior_p)
        except RenketsuError as e:
            why = f"the prior fiscal year end {prior_p} cannot be consolidated: {e.problems[0].message}" \
                if getattr(e, "problems", None) else f"the prior fiscal year end {prior_p} cannot be consolidated"
    else:
        why = f"the ledger holds no trial balance at the prior fiscal year end {prior_p}"
    # Only the cash flows of a two-year set read the local balances (build stops before them without a prior).
    local = _local_balances(ws, ledger, [res.period, prior_p]) if prior is not None else {}
    scope = entered(ws, ledger, res, prior) if prior is not None else {}
    st = build(ws, res, prior, local, unavailable=why, scope=scope)
    return dataclasses.replace(res, statements=st)


def _local_balances(ws: Workspace, ledger: Any, periods: list[dt.date]) -> dict[dt.date, LocalBalances]:
    """Each foreign entity's local balance per group account (one query per period)."""
    rc = ws.group.reporting_currency
    foreign = sorted(e.id for e in ws.group.entities.values() if e.currency != rc)
    out: dict[dt.date, LocalBalances] = {p: {} for p in periods}
    if not foreign:
        return out
    for p in periods:  # a join on the entities, not an IN list of 300 parameters (issue 12)
        out[p] = {(e, a): Decimal(v) for e, a, v in ledger.account_balances(p, foreign)}
    return out


def build(ws: Workspace, res: ConsolidationResult, prior: ConsolidationResult | None,
          local: dict[dt.date, LocalBalances], unavailable: str | None = None,
          scope: dict[str, Entered] | None = None) -> Statements:
    chart = Chart(ws.group)
    notes = _notes(ws, res, prior)
    if prior is None:
        return Statements(res.period, None, res.decimals, None, None, None, notes, (), None,
                          unavailable)
    prior = _continuing(chart, res, prior)
    eq, reclass = _changes_in_equity(chart, res, prior)
    cta_acc, nci_acc = chart.account_for("cta"), chart.account_for("nci")
    oci_owners = eq.get(cta_acc, {}).get("oci", ZERO)
    oci_nci = eq.get("nci", {}).get("oci", ZERO)
    ci = ComprehensiveIncome(res.profit_total, oci_owners + oci_nci - reclass, reclass, res.profit_owners,
                             res.profit_nci, oci_owners, oci_nci)
    cf, fx_total = _cash_flows(ws, chart, res, prior, local, eq, scope or {})
    checks = [_roll_check(eq, prior, chart, nci_acc)]
    net = cf.net_change + cf.fx_effect
    diff = cf.closing_cash - cf.opening_cash
    d = res.decimals
    checks.append(Check(
        "cash_flows_reconcile", net == diff,
        f"operating {amount_str(cf.operating.total, d)} + investing {amount_str(cf.investing.total, d)} + financing "
        f"{amount_str(cf.financing.total, d)} + fx {amount_str(cf.fx_effect, d)} = {amount_str(net, d)}; closing − "
        f"opening cash = {amount_str(diff, d)}; translation effects {amount_str(fx_total, d)} vs exchange "
        f"differences {amount_str(ci.exchange_differences, d)}"))
    comparative = _comparative(ws, prior)
    return Statements(res.period, prior.period, d, ci, eq, cf, notes, tuple(checks), comparative, unavailable)


def _continuing(chart: Chart, res: ConsolidationResult, prior: ConsolidationResult) -> ConsolidationResult:
    """The prior year as this year's movements start from: without its entries about the subsidiaries it sold
    (the position carried to the sale, the disposal), which closed into its balance sheet and which this year
    does not book again — else their absence would read as this year's movements (a reserve recycled again,
    NCI derecognised again). The equity method on an interest kept stays (it runs on in this year). Its entries
    of kind ``disposal`` — a part of an associate sold in the prior year (IAS 28.25) — are not booked again either:
    each stays only as the part of the associate's reserve it reclassified, on the equity-method investment (kind
    ``equity_method``), so that the reserve the prior year left on the carrying amount is its equity-method
    entries' net of it (the translation effect of this year is measured from there, not as a reclassification).
    A part of an associate never a subsidiary sold in the prior year and not this year: its prior entries of kinds
    ``disposal`` and ``seller_cost`` are read whole as part of its equity-method entry (this year's equity-method
    entry carries what they booked: ``equity_method._after_sales``)."""
    gone = {x for d in prior.disposals for x in d.entities} - {x for d in res.disposals for x in d.entities}
    # part of an associate never a subsidiary sold last year (IAS 28.25): this year's equity-method entry carries
    # what the sale's entries booked (the carrying amount left, the associate's reserve net of what was
    # reclassified), so the prior year's are read as part of its equity-method entry (not a reclassification undone
    # this year); an interest kept on losing control (its entity among the prior year's disposals) as below
    sold = {(y.entity, y.holder) for y in prior.associate_sales if y.entity not in gone} \
        - {(y.entity, y.holder) for y in res.associate_sales}
    # the whole (or the rest) of an associate never a subsidiary sold last year (IAS 28.22): nothing of it runs on;
    # its prior entries closed into the balance sheet and none of them is booked again (a holder in another
    # currency's carried difference, ``equity_method._carry_sold_whole``, moves no asset)
    whole = {(y.entity, y.holder) for y in prior.associate_sales if y.whole} & sold
    if sold:
        prior = dataclasses.replace(prior, associate_sales=tuple(
            y for y in prior.associate_sales if (y.entity, y.holder) not in sold), eliminations=tuple(
            dataclasses.replace(e, kind="equity_method") if e.step == "equity_method"
            and e.kind in ("disposal", "seller_cost") and (e.entity, e.partner) in sold else e
            for e in prior.eliminations
            if not (e.step == "equity_method" and (e.entity, e.partner) in whole)))
    if not gone and not prior.associate_sales:
        return prior
    cta_acc, em_acc = chart.account_for("cta"), chart.account_for("equity_method_investment")
    # an interest kept on losing control and sold whole later that year (x-54, x-56): nothing of it is held this year,
    # so the prior year's entries on it — the equity method to the sale of the rest, and on a foreign seller's cost
    # (``seller_cost``, its investment against its reserve) — carry nothing into this year; kept, their net would read
    # as a translation effect on an asset no longer held (a foreign seller's cost; jgaap, the subsidiary's reserve
    # kept with the interest, which the sale of the rest realised with the associate's own)
    def on_assets(e: Any) -> bool:
        return any(chart.is_balance(ln.account) and chart.account_type(ln.account) != "equity" for ln in e.lines)
    held = {e.entity for e in res.eliminations if on_assets(e)}
    # a further sale of the interest by a foreign seller that year (x-41): the cost it sold is no longer held either;
    # its translation from the day before the loss of control to the average of its gain (its ``seller_cost`` entry
    # of step ``equity_method``) is not carried into this year
    sold_by = {(y.entity, y.holder) for y in prior.associate_sales}
    # jgaap, a foreign entity (x-42): the part of each sale's reserve reclassified that was the subsidiary's reserve
    # kept with the interest was never on the carrying amount; the sales' entries and products are in one order
    kept_parts: dict[tuple[str, str], list[Decimal]] = defaultdict(list)
    for y in prior.associate_sales:
        kept_parts[(y.entity, y.holder)].append(y.kept_reserve)
    kept = []
    for e in prior.eliminations:
        if e.entity in gone and e.entity not in held and (
                e.step == "equity_method" or e.kind == "seller_cost" and on_assets(e)):
            continue
        if e.entity in gone and e.step == "equity_method" and e.kind == "seller_cost" and (e.entity, e.partner) in sold_by:
            continue
        if e.step == "equity_method" and e.kind == "disposal":
            parts = kept_parts.get((e.entity, e.partner or ""))
            from_kept = parts.pop(0) if parts else ZERO
            reserve = [ln for ln in e.lines if ln.account == cta_acc]
            if reserve and from_kept:
                reserve = [dataclasses.replace(reserve[0], amount=sum((ln.amount for ln in reserve), ZERO) - from_kept)]
            if reserve:
                carried = dataclasses.replace(reserve[0], account=em_acc, amount=-sum((ln.amount for ln in reserve), ZERO))
                kept.append(dataclasses.replace(e, kind="equity_method", lines=(*reserve, carried)))
        elif e.entity not in gone or e.step == "equity_method" or e.kind == "seller_cost":
            kept.append(e)
    return dataclasses.replace(prior, eliminations=tuple(kept), disposals=() if gone else prior.disposals)


def _comparative(ws: Workspace, prior: ConsolidationResult) -> dict:
    """The prior period in the result's shape (its own statements where the year before it is not needed)."""
    j = prior.to_json()
    keep = ("period", "currency", "balance_sheet", "income_statement", "profit", "entities", "checks", "translation")
    return {k: j[k] for k in keep if k in j} | {k: j[k] for k in ("comprehensive_income", "changes_in_equity",
                                                                  "cash_flows", "notes") if k in j}


# ---------------------------------------------------------------------------------------- equity


def _natural(bs: dict[str, Decimal], acc: str) -> Decimal:
    return -bs.get(acc, ZERO)


def _entry_sum(res: ConsolidationResult, pred: Callable[[Any], bool]) -> dict[str, Decimal]:
    """Per account, the natural-sign sum of the lines of entries matching ``pred``."""
    out: dict[str, Decimal] = defaultdict(Decimal)
    for e in res.eliminations:
        if pred(e):
            for ln in e.lines:
                out[ln.account] -= ln.amount
    return out


def _by_entity(res: ConsolidationResult, pred: Callable[[Any], bool], acc: str) -> dict[str, Decimal]:
    """Per entity, the balance-sign sum of lines on ``acc`` of entries matching ``pred``."""
    out: dict[str, Decimal] = defaultdict(Decimal)
    for e in res.eliminations:
        if pred(e):
            for ln in e.lines:
                if ln.account == acc:
                    out[ln.entity] += ln.amount
    return out


def _delta(a: dict[str, Decimal], b: dict[str, Decimal]) -> dict[str, Decimal]:
    return {k: a.get(k, ZERO) - b.get(k, ZERO) for k in set(a) | set(b)}


def _equity_accounts(chart: Chart, *results: ConsolidationResult) -> list[str]:
    accs: set[str] = set()
    for r in results:
        accs |= {a for a in r.balance_sheet if chart.account_type(a) == "equity"}
    accs |= {a.id for a in chart.group.accounts.values() if a.type == "equity"}
    return sorted(accs)


class _EquityTable:
    """The statement of changes in equity being filled: component -> line -> amount (natural signs)."""

    def __init__(self, chart: Chart, res: ConsolidationResult, prior: ConsolidationResult):
        self.chart, self.res, self.prior = chart, res, prior
        self.nci_acc, self.cta_acc = chart.account_for("nci"), chart.account_for("cta")
        self.div_acc = chart.account_for("dividends_declared")
        self.comps = [a for a in _equity_accounts(chart, res, prior) if a not in (self.nci_acc, self.div_acc)]
        self.lines: dict[str, dict[str, Decimal]] = {c: dict.fromkeys(EQUITY_LINES, ZERO)
                                                     for c in [*self.comps, "nci"]}

    def add(self, comp: str, line: str, amount: Decimal) -> None:
        key = "nci" if comp == self.nci_acc else comp
        if key in self.lines:
            self.lines[key][line] += amount

    def add_all(self, line: str, amounts: dict[str, Decimal], only: str | None = None) -> None:
        for acc, v in amounts.items():
            if only is None or acc == only:
                self.add(acc, line, v)

    def moved(self, pred: Callable[[Any], bool]) -> dict[str, Decimal]:
        """This year's natural-sign movement on each account of the entries matching ``pred``."""
        return _delta(_entry_sum(self.res, pred), _entry_sum(self.prior, pred))


def _changes_in_equity(chart: Chart, res: ConsolidationResult,
                       prior: ConsolidationResult) -> tuple[dict[str, dict[str, Decimal]], Decimal]:
    t = _EquityTable(chart, res, prior)
    for c in res.closing:
        if c.account != t.div_acc:
            t.add(c.account, "dividends" if c.reason.startswith("dividends") else "profit", -c.amount)
    t.add_all("dividends", _entry_sum(res, lambda e: e.kind == "dividend"), only=t.nci_acc)
    # a subsidiary's issue of shares to others keeping control (its own capital, eliminated, into the NCI)
    issue = lambda e: e.step == "investment" and e.kind == "nci" and e.reason.startswith(ISSUE_REASON)  # noqa: E731
    t.add_all("capital", t.moved(issue), only=t.nci_acc)
    t.add_all("nci_transactions", t.moved(lambda e: e.step == "investment" and e.kind == "nci" and not issue(e)))
    # the translation reserve a change of interest re-attributed between owners and NCI (IAS 21.48C): a transaction
    # with owners (IAS 1.106(d)(iii)), not other comprehensive income; booked by the year of the change only
    t.add_all("nci_transactions", _entry_sum(res, reattributed))
    t.add_all("scope_changes", t.moved(lambda e: e.kind in ("investment", "disposal")), only=t.nci_acc)
    # jgaap: an interest kept below significant influence brought to its cost, the difference and the kept reserve
    # into retained earnings (連結除外に伴う利益剰余金減少高; docs/consolidation.md)
    sold = {x.entity for x in res.disposals if x.kept_account is not None}
    kept = [e for e in res.eliminations if e.kind == "retained_interest" and e.step == "deconsolidation"
            and e.entity in sold]
    ids = {e.id for e in kept}
    t.add_all("scope_changes", _entry_sum(res, lambda e: e.id in ids))
    _kept_by_a_seller_with_nci(t, kept, ids)
    t.add_all("adjustments", adjustment_effects(res))
    # An entry booked again every year (first consolidation, NCI in earlier years' reserves) books
    # its rounding residue (docs/format.md §10.10) into each year's profit: it was in the opening already.
    t.add(chart.account_for("retained_earnings"), "adjustments", -_recurring_rounding(chart, res, prior))
    _capital(t)
    reclass = _reclassified(t)
    return _finish(t), reclass


def reattributed(e: Any) -> bool:
    """An entry of the translation reserve a change of interest re-attributed (IAS 21.48C): the ``nci`` step's of a
    subsidiary's reserve, the ``goodwill`` step's of the NCI's own goodwill bought (NCI at fair value)."""
    return e.step in ("nci", "goodwill") and e.reason.startswith(REATTRIBUTED_REASON)


def _kept_by_a_seller_with_nci(t: _EquityTable, kept: list[Any], ids: set[str]) -> None:
    """A seller with NCI of its own bringing an interest kept to its cost (jgaap, issue 10): its NCI's share of that
    ``retained_interest`` entry is theirs — of its retained earnings (the ``nci`` step's share entry) and of the reserve
    it moved (the ``nci`` step splits the reserve at its closing balance) — a scope change, not OCI."""
    t.add_all("scope_changes", _entry_sum(t.res, lambda e: e.kind == "nci" and e.step == "nci" and (
        m := _NCI_SHARE_OF.search(e.reason)) is not None and m.group(1) in ids))
    for e in kept:
        who = t.res.ownership.entities.get(e.attribute_to) if e.attribute_to is not None else None
        reserve = -sum((ln.amount for ln in e.lines if ln.account == t.cta_acc), ZERO)
        if who is not None and who.nci and reserve:
            share = book(Fraction(who.nci) * Fraction(reserve), t.res.decimals)
            t.add(t.cta_acc, "scope_changes", -share)
            t.add(t.nci_acc, "scope_changes", share)


#: The reason the ``nci`` step gives its share of an entry of kind ``retained_interest`` attributed to a seller.
_NCI_SHARE_OF = re.compile(r" of (E\d+) \(retained_interest\) on retained earnings$")


def adjustment_effects(res: ConsolidationResult) -> dict[str, Decimal]:
    """Natural-sign effect per account of this year's top-side adjustments booked straight on balance sheet
    accounts, with the NCI's share the ``nci`` step took of them (adjustments carried from an earlier fiscal
    year are in the opening position already)."""
    new = {e.id for e in res.eliminations if (tag := adjustment_tag(e)) is not None and not tag[1]}
    shares = {e.id for e in res.eliminations if e.kind == "nci" and e.step == "nci"
              and (m := _NCI_SHARE.search(e.reason)) is not None and m.group(1) in new}
    return _entry_sum(res, lambda e: e.id in new or e.id in shares)


#: The reason the ``nci`` step gives its share of an attributed entry.
_NCI_SHARE = re.compile(r" of (E\d+) \(adjustment\) on retained earnings$")


def _capital(t: _EquityTable) -> None:
    """Movements of the parent's own share capital, surplus and other equity accounts."""
    parent = t.chart.group.parent
    pc, pp = t.res.contributions.get(parent, {}), t.prior.contributions.get(parent, {})
    for acc in t.comps:
        if t.chart.role_of(acc) in ("share_capital", "capital_surplus", "treasury_shares", None):
            t.add(acc, "capital", -(pc.get(acc, ZERO) - pp.get(acc, ZERO)))


def _reclassified(t: _EquityTable) -> Decimal:
    """The translation reserve recycled to profit by disposal entries this year."""
    chart, cta = t.chart, t.cta_acc
    recycled = lambda e: (e.kind == "disposal" or e.kind == "restructuring" and any(  # noqa: E731
        chart.is_profit(ln.account) for ln in e.lines)) and any(ln.account == cta for ln in e.lines)
    return t.moved(recycled).get(cta, ZERO)


def _finish(t: _EquityTable) -> dict[str, dict[str, Decimal]]:
    """Opening and closing from the two balance sheets; what remains is OCI (reserve, NCI) or unexplained."""
    for comp, ln in t.lines.items():
        acc = t.nci_acc if comp == "nci" else comp
        ln["opening"] = _natural(t.prior.balance_sheet, acc)
        ln["closing"] = _natural(t.res.balance_sheet, acc)
        rest = ln["closing"] - sum((v for k, v in ln.items() if k != "closing"), ZERO)
        ln["oci" if acc in (t.cta_acc, t.nci_acc) else "unexplained"] += rest
    out = {c: ln for c, ln in t.lines.items() if any(ln.values())}
    owners = [c for c in out if c != "nci"]
    out["owners_total"] = {k: sum((out[c][k] for c in owners), ZERO) for k in EQUITY_LINES}
    out["total"] = {k: out["owners_total"][k] + out.get("nci", {}).get(k, ZERO) for k in EQUITY_LINES}
    return out


def _recurring_key(rnd: str) -> Callable[[Any], tuple]:
    """What makes an entry of this year the one the prior year booked again: its step, kind, entity, partner and
    rounding residue. Not its other lines: an entry booked again every year on a foreign holder's cost (a first
    consolidation whose eliminated cost and goodwill the closing rate moves) changes them and keeps its residue,
    which is in the opening already (found by tests/consolidation/test_two_year_trees.py)."""
    return lambda e: (e.step, e.kind, e.entity, e.partner,
                      sum((ln.amount for ln in e.lines if ln.account == rnd), ZERO))


def _recurring_rounding(chart: Chart, res: ConsolidationResult, prior: ConsolidationResult) -> Decimal:
    """Natural-sign rounding of this year's entries that the prior year's run booked identically."""
    rnd = chart.account_for("rounding")
    key = _recurring_key(rnd)
    before: dict[tuple, int] = defaultdict(int)
    for e in prior.eliminations:
        before[key(e)] += 1
    total = ZERO
    for e in res.eliminations:
        k = key(e)
        if before.get(k):
            before[k] -= 1
            total -= sum((ln.amount for ln in e.lines if ln.account == rnd), ZERO)
    return total


def _new_rounding(chart: Chart, res: ConsolidationResult, prior: ConsolidationResult, step: str) -> Decimal:
    """Natural-sign rounding of this year's entries of ``step`` that the prior year did not book identically."""
    rnd = chart.account_for("rounding")
    key = _recurring_key(rnd)
    before = Counter(key(e) for e in prior.eliminations if e.step == step)
    total = ZERO
    for e in res.eliminations:
        if e.step == step:
            if before[key(e)]:
                before[key(e)] -= 1
            else:
                total -= sum((ln.amount for ln in e.lines if ln.account == rnd), ZERO)
    return total


def _roll_check(eq: dict[str, dict[str, Decimal]], prior: ConsolidationResult, chart: Chart, nci_acc: str) -> Check:
    bad = [c for c, ln in eq.items() if ln["unexplained"] != 0]
    wrong_open = [c for c, ln in eq.items() if c not in ("owners_total", "total")
                  and ln["opening"] != _natural(prior.balance_sheet, nci_acc if c == "nci" else c)]
    sums = [c for c, ln in eq.items() if sum((v for k, v in ln.items() if k != "closing"), ZERO) != ln["closing"]]
    ok = not bad and not wrong_open and not sums
    detail = (f"every component's opening is the closing of {prior.period} and its lines sum to its closing"
              if ok else "; ".join(
                  ([f"unexplained movement on {', '.join(bad)}"] if bad else [])
                  + ([f"opening differs from {prior.period} on {', '.join(wrong_open)}"] if wrong_open else [])
                  + ([f"lines do not sum to closing on {', '.join(sums)}"] if sums else [])))
    return Check("equity_statement_rolls", ok, detail)


# ---------------------------------------------------------------------------------------- cash flows


def classification(chart: Chart, account: str) -> str:
    """``cash_flow`` of an account: explicit in group.yaml, else by role and type (docs/format.md)."""
    acc = chart.group.accounts.get(account)
    if acc is not None and getattr(acc, "cash_flow", None):
        return str(acc.cash_flow)
    role = chart.role_of(account)
    if role == "cash" or account == chart.cash():
        return "cash"
    if role == "investment":
        return "investing"
    t = chart.account_type(account)
    if t == "equity":
        return "financing"
    return "operating"


def _rate(facts: dict[str, dict[str, str]], entity: str, kind: str) -> Fraction | None:
    v = facts.get(entity, {}).get(kind)
    return Fraction(v) if v not in (None, "") else None


def _year_rates(res: ConsolidationResult, prior: ConsolidationResult, entity: str,
                scope: dict[str, Entered]) -> tuple[Fraction, Fraction, Fraction] | None:
    """(C1, A1, C0) of a foreign entity; C0 is the control date's rate for one acquired in the year."""
    c1, a1 = _rate(res.translation, entity, "closing"), _rate(res.translation, entity, "average")
    if entity in scope:
        c0: Fraction | None = scope[entity].rate if scope[entity].position is not None else None
    elif entity in prior.contributions:
        c0 = _rate(prior.translation, entity, "closing")
    else:
        c0 = None
    if c1 is None or a1 is None or c0 is None:
        return None  # left the group, or its position at control is unknown: a scope change
    return c1, a1, c0


def _translation_effects(chart: Chart, res: ConsolidationResult, prior: ConsolidationResult,
                         local: dict[dt.date, LocalBalances], scope: dict[str, Entered]) -> dict[str, Fraction]:
    """Per non-equity balance sheet account, the effect of exchange-rate changes in the year (exact)."""
    fx: dict[str, Fraction] = defaultdict(Fraction)
    l1, l0 = local.get(res.period, {}), local.get(prior.period, {})
    div_acc = chart.account_for("dividends_declared")
    cash_acc = chart.cash()
    for e in res.translation:
        rates = _year_rates(res, prior, e, scope)
        if rates is None:
            continue
        c1, a1, c0 = rates
        start = {a: v for a, v in (scope[e].position or {}).items()} if e in scope else \
            {a: v for (x, a), v in l0.items() if x == e}
        accs = {a for (x, a) in l1 if x == e} | set(start)
        for acc in accs:
            if not chart.is_balance(acc) or chart.account_type(acc) == "equity":
                continue
            b0, b1 = Fraction(start.get(acc, ZERO)), Fraction(l1.get((e, acc), ZERO))
            fx[acc] += b0 * (c1 - c0) + (b1 - b0) * (c1 - a1)
        for acc in accs:  # a dividend or dated income row moved the cash at its own rate, not at the average
            if acc == div_acc or chart.account_type(acc) in ("income", "expense"):
                flow_local = Fraction(l1.get((e, acc), ZERO))
                fx[cash_acc] += Fraction(res.contributions.get(e, {}).get(acc, ZERO)) - flow_local * a1
            elif chart.account_type(acc) == "equity" and e not in scope and chart.role_of(acc) not in (
                    "retained_earnings", "cta", "nci") and e in prior.contributions:
                # a capital change (a share issue: a dilution) moved the cash at the rate its row is translated at
                moved_local = Fraction(l1.get((e, acc), ZERO)) - Fraction(l0.get((e, acc), ZERO))
                moved = Fraction(res.contributions.get(e, {}).get(acc, ZERO)) \
                    - Fraction(prior.contributions.get(e, {}).get(acc, ZERO))
                fx[cash_acc] += moved - moved_local * a1
    _disposed_effects(chart, res, prior, l0, fx)
    goodwill_fx = _delta(_entry_sum(res, lambda x: x.kind == "translation"),
                         _entry_sum(prior, lambda x: x.kind == "translation"))
    for acc, v in goodwill_fx.items():
        if chart.is_balance(acc) and chart.account_type(acc) != "equity":
            fx[acc] -= Fraction(v)  # natural sign back to balance sign
    # The reserve booked on consolidation entries (equity-method carrying amounts, foreign holders'
    # eliminated costs) is the translation effect on the asset the entry carries.
    for acc, v in _delta(_entry_cta(chart, res), _entry_cta(chart, prior)).items():
        fx[acc] += Fraction(v)
    return fx


def _disposed_effects(chart: Chart, res: ConsolidationResult, prior: ConsolidationResult, l0: LocalBalances,
                      fx: dict[str, Fraction]) -> None:
    """A foreign subsidiary sold in the year: its translation effects from the prior year end to the day before
    the sale, at that day's closing (Cd) and average (Ad) rates, ``L0·(Cd − C0) + (Ld − L0)·(Cd − Ad)``."""
    div_acc, cash_acc = chart.account_for("dividends_declared"), chart.cash()
    inv_acc = chart.account_for("investment")
    for y in res.associate_purchases:
        # more of an interest kept bought by a holder in another currency (x-55): its cash left at the day's rate
        # (the tranche's cost, IAS 7.25), not at the average its cash movement is translated at
        a1 = _rate(res.translation, y.holder, "average")
        if a1 is not None:
            moved = y.cost_local * (y.rate - a1)
            fx[inv_acc] -= moved
            fx[cash_acc] += moved
    for x in res.disposals:
        a1 = _rate(res.translation, x.seller, "average")
        if x.seller_rate is not None and a1 is not None:
            # a foreign seller's cost sold left its books (into cash) at the day before's rate, not at the average
            moved = Fraction(x.seller_cost_local) * (x.seller_rate - a1)
            fx[inv_acc] += moved
            fx[cash_acc] -= moved
        for e, end in x.local.items():
            c0 = _rate(prior.translation, e, "closing")
            if e not in x.rates or c0 is None:
                continue
            cd, ad = x.rates[e]
            start = {a: v for (y, a), v in l0.items() if y == e}
            for acc in set(start) | set(end):
                if chart.is_balance(acc) and chart.account_type(acc) != "equity":
                    b0, b1 = Fraction(start.get(acc, ZERO)), Fraction(end.get(acc, ZERO))
                    fx[acc] += b0 * (cd - c0) + (b1 - b0) * (cd - ad)
            translated: dict[str, Decimal] = defaultdict(Decimal)
            for entry in res.eliminations:
                if entry.kind == "deconsolidation":
                    for ln in entry.lines:
                        if ln.entity == e:
                            translated[ln.account] += ln.amount
            for acc, v in end.items():  # a dated row or a dividend moved the cash at its own rate
                if acc == div_acc or chart.account_type(acc) in ("income", "expense"):
                    fx[cash_acc] += Fraction(translated.get(acc, ZERO)) - Fraction(v) * ad


def _entry_cta(chart: Chart, res: ConsolidationResult) -> dict[str, Decimal]:
    """Per carried asset, minus the reserve lines of the entries (not translation, nci or disposal) on it."""
    cta_acc = chart.account_for("cta")
    prefer = [chart.account_for(r) for r in ("equity_method_investment", "investment", "goodwill")]
    out: dict[str, Decimal] = defaultdict(Decimal)
    for e in res.eliminations:
        if e.kind in ("translation", "nci", "restructuring", "disposal", "deconsolidation", "retained_interest"):
            continue
        cta = sum((ln.amount for ln in e.lines if ln.account == cta_acc), ZERO)
        if not cta:
            continue
        target = _carried_asset(chart, e, prefer)
        if target is not None:
            out[target] -= cta
    return out


def _carried_asset(chart: Chart, entry: Any, prefer: list[str]) -> str | None:
    accs = {ln.account for ln in entry.lines}
    return next((a for a in prefer if a in accs), None) or next(
        (ln.account for ln in entry.lines if chart.is_balance(ln.account) and chart.account_type(ln.account) != "equity"),
        None)


class _Sections:
    """The three sections being filled: (key, label, amount) lines in natural signs (inflows positive)."""

    def __init__(self) -> None:
        self.lines: dict[str, list[tuple[str, str, Decimal]]] = {"operating": [], "investing": [], "financing": []}

    def add(self, section: str, key: str, label: str, amount: Decimal) -> None:
        if amount:
            self.lines[section if section in self.lines else "operating"].append((key, label, amount))

    def section(self, name: str) -> CashFlowSection:
        return CashFlowSection(tuple(self.lines[name]))


def _cash_flows(ws: Workspace, chart: Chart, res: ConsolidationResult, prior: ConsolidationResult,
                local: dict[dt.date, LocalBalances], eq: dict[str, dict[str, Decimal]],
                scope: dict[str, Entered]) -> tuple[CashFlows, Decimal]:
    fx = _booked_fx(chart, res, prior, local, scope)
    sec = _Sections()
    sec.add("operating", "profit", "profit for the year", res.profit_total)
    # this year's rounding residue of entries is in profit and not cash (the carried part is an
    # equity adjustment already, see _changes_in_equity)
    new_rounding = -res.income_statement.get(chart.account_for("rounding"), ZERO) - _recurring_rounding(chart, res, prior)
    sec.add("operating", "rounding", "rounding of consolidation entries (non-cash)", -new_rounding)
    acqs = acquisitions(chart, res, scope)
    acquired: dict[str, Decimal] = defaultdict(Decimal)
    for a in acqs:
        for acc, v in a.acquired.items():
            acquired[acc] += v
    for acc, v in disposed_position(chart, res).items():
        acquired[acc] -= v
    for x in res.disposals:  # an interest kept below significant influence comes in at what it is carried at
        if x.kept_account is not None:
            acquired[x.kept_account] += x.kept
    cash = _account_flows(ws, chart, res, prior, fx, acquired, sec)
    _acquisition_lines(ws, chart, res, acqs, cash.consideration, sec)
    _disposal_lines(ws, res, sec)
    _equity_lines(eq, acqs, sec, sum((x.nci for x in res.disposals), ZERO) - sum((x.kept_equity for x in res.disposals),
                                                                                ZERO))
    # the income before control translated at the year's average and removed at the control rate is an
    # exchange difference of the reserve that no account's movement carries
    fx_total = sum(fx.values(), ZERO) + sum((a for k, _l, a in sec.lines["operating"] if k.startswith("pre_acquisition:")),
                                            ZERO)
    return CashFlows(sec.section("operating"), sec.section("investing"), sec.section("financing"), cash.fx,
                     cash.opening, cash.closing), fx_total


def _booked_fx(chart: Chart, res: ConsolidationResult, prior: ConsolidationResult,
               local: dict[dt.date, LocalBalances], scope: dict[str, Entered]) -> dict[str, Decimal]:
    fx = {a: book(v, res.decimals) for a, v in _translation_effects(chart, res, prior, local, scope).items()}
    em_acc, inv_acc = chart.account_for("equity_method_investment"), chart.account_for("investment")
    if fx.get(inv_acc) and not res.balance_sheet.get(inv_acc) and not prior.balance_sheet.get(inv_acc):
        # a cost the equity method carries in its own account: its translation effect is that account's
        fx[em_acc] = fx.get(em_acc, ZERO) + fx.pop(inv_acc)
    return fx


@dataclass
class _Cash:
    opening: Decimal = ZERO
    closing: Decimal = ZERO
    fx: Decimal = ZERO
    #: Movement (inflow sign) of the accounts classified ``consideration``, by account.
    consideration: dict[str, Decimal] = dataclasses.field(default_factory=dict)


def _account_flows(ws: Workspace, chart: Chart, res: ConsolidationResult, prior: ConsolidationResult,
                   fx: dict[str, Decimal], acquired: dict[str, Decimal], sec: _Sections) -> _Cash:
    """Each non-equity balance sheet account's movement less its translation effect and what acquisitions brought."""
    names = {a.id: a.name for a in ws.group.accounts.values()}
    em_acc, em_income = chart.account_for("equity_method_investment"), chart.account_for("equity_method_income")
    cash = _Cash()
    accounts = sorted(a for a in set(res.balance_sheet) | set(prior.balance_sheet) | set(fx) | set(acquired)
                      if chart.is_balance(a) and chart.account_type(a) != "equity")
    for acc in accounts:
        b1, b0 = res.balance_sheet.get(acc, ZERO), prior.balance_sheet.get(acc, ZERO)
        cls = classification(chart, acc)
        if cls == "cash":
            cash.opening += b0
            cash.closing += b1
            cash.fx += fx.get(acc, ZERO)
            continue
        flow = -(b1 - b0 - fx.get(acc, ZERO) - acquired.get(acc, ZERO))
        if acc == em_acc:  # this year's rounding of equity-method entries is on the carrying amount, not cash
            flow += _new_rounding(chart, res, prior, "equity_method")
        label = names.get(acc, acc)
        if cls == "consideration":
            cash.consideration[acc] = flow
        elif chart.role_of(acc) == "goodwill":
            sec.add("operating", acc, f"{label}: amortisation and impairment (non-cash)", flow)
        elif acc == em_acc:
            share = -res.income_statement.get(em_income, ZERO)
            sec.add("operating", em_income, "share of profit of equity-method investees (non-cash)", -share)
            sec.add("investing", acc, f"{label}: purchases less dividends received", flow + share)
        elif cls == "non_cash":
            sec.add("operating", acc, f"{label} (non-cash)", flow)
        else:
            sec.add(cls, acc, f"change in {label}", flow)
    return cash


def _acquisition_lines(ws: Workspace, chart: Chart, res: ConsolidationResult, acqs: list[Acquisition],
                       consideration: dict[str, Decimal], sec: _Sections) -> None:
    """One investing line per subsidiary acquired: consideration paid in cash less the cash acquired (IAS 7.39, 7.42).

    Consideration not paid in cash sits on the accounts classified ``consideration`` (deferred or contingent
    consideration payable): their increase in the year is taken off the acquisitions' lines, up to each cost, in
    order of control; the rest of their movement (payments of earlier years' consideration) is a line of its own."""
    d = res.decimals
    unpaid = sum((v for v in consideration.values() if v > 0), ZERO)
    for a in sorted(acqs, key=lambda x: (x.control_date, x.entity)):
        cash_in = sum((v for acc, v in a.acquired.items() if classification(chart, acc) == "cash"), ZERO)
        others = -sum((v for acc, v in a.acquired.items() if classification(chart, acc) != "cash"), ZERO)
        deferred = min(unpaid, a.cost) if a.cost > 0 else ZERO
        unpaid -= deferred
        ent = ws.group.entities.get(a.entity)
        name = ent.name if ent else a.entity
        sec.add("investing", f"acquisition:{a.entity}",
                f"acquisition of {name}, net of cash acquired {fmt(cash_in, d)}",
                others + a.nci + deferred)
        if a.pre_profit:
            rate = scope_rate(res, a.entity)
            if rate is not None:
                r_acq, a1 = rate
                sec.add("operating", f"pre_acquisition:{a.entity}",
                        f"{name}: pre-acquisition income at the average rate (non-cash)",
                        book(a.pre_profit * (r_acq - a1), d))
    rest = sum(consideration.values(), ZERO) - (sum((v for v in consideration.values() if v > 0), ZERO) - unpaid)
    sec.add("investing", "consideration", "consideration for subsidiaries paid later (IAS 7.39)", rest)


def scope_rate(res: ConsolidationResult, entity: str) -> tuple[Fraction, Fraction] | None:
    """(control date's rate, the year's average) of a foreign subsidiary; None for the reporting currency."""
    acq, avg = _rate(res.translation, entity, "acquisition"), _rate(res.translation, entity, "average")
    return (acq, avg) if acq is not None and avg is not None else None


def disposed_position(chart: Chart, res: ConsolidationResult) -> dict[str, Decimal]:
    """Per account, the assets and liabilities (goodwill and cash included) of the subsidiaries sold in the year
    as the consolidation carried them the day before the sale (balance signs): the ``disposal`` entries' lines,
    less the holders' cost they take back."""
    out: dict[str, Decimal] = defaultdict(Decimal)
    for e in res.eliminations:
        if e.kind != "disposal":
            continue
        for ln in e.lines:
            if chart.is_balance(ln.account) and chart.account_type(ln.account) != "equity" \
                    and chart.role_of(ln.account) != "investment":
                out[ln.account] -= ln.amount
    return {a: v for a, v in out.items() if v}


def _disposal_lines(ws: Workspace, res: ConsolidationResult, sec: _Sections) -> None:
    """Per subsidiary sold: the proceeds less the cash given up (investing, IAS 7.39, 7.42); its gain out of operating."""
    d = res.decimals
    # several sellers of one subsidiary on one day (one Disposed each): one line for the subsidiary
    sold: dict[str, tuple[Decimal, Decimal, Decimal]] = {}
    for x in res.disposals:
        gain, proceeds, cash = sold.get(x.entity, (ZERO, ZERO, ZERO))
        sold[x.entity] = (gain + x.gain, proceeds + x.proceeds, cash + x.cash)
    for entity, (gain, proceeds, cash) in sold.items():
        ent = ws.group.entities.get(entity)
        name = ent.name if ent else entity
        sec.add("operating", f"disposal_gain:{entity}", f"gain on the disposal of {name} (investing)", -gain)
        sec.add("investing", f"disposal:{entity}", f"disposal of {name}, net of cash given up {fmt(cash, d)}",
                proceeds - cash)
    for y in res.associate_sales:  # part of an associate sold, keeping significant influence (IAS 28.25)
        ent = ws.group.entities.get(y.entity)
        name = ent.name if ent else y.entity
        sec.add("operating", f"associate_gain:{y.entity}:{y.date}",
                f"gain on the deemed disposal of part of {name} by its share issue (non-cash)" if y.issued else
                f"gain on the sale of part of {name} (investing)", -y.gain)
        sec.add("investing", f"associate_sale:{y.entity}:{y.date}", f"sale of part of associate {name}", y.proceeds)


def _equity_lines(eq: dict[str, dict[str, Decimal]], acqs: list[Acquisition], sec: _Sections,
                  nci_disposed: Decimal = ZERO) -> None:
    total = eq.get("total", {})
    # the NCI recognised by acquisitions and derecognised by disposals are inside their investing lines
    scope_rest = total.get("scope_changes", ZERO) - sum((a.nci for a in acqs), ZERO) + nci_disposed
    for key, label, amount, section in (
            ("dividends_owners", "dividends paid to owners of the parent", eq.get("owners_total", {}).get("dividends", ZERO),
             "financing"),
            ("dividends_nci", "dividends paid to non-controlling interests", eq.get("nci", {}).get("dividends", ZERO),
             "financing"),
            ("capital", "proceeds from issuing shares", total.get("capital", ZERO), "financing"),
            ("nci_transactions", "purchases and sales of non-controlling interests (IAS 7.42A)",
             total.get("nci_transactions", ZERO), "financing"),
            ("scope_changes", "acquisitions and disposals of subsidiaries (equity recognised)", scope_rest, "investing"),
            ("adjustments", "top-side adjustments to equity", total.get("adjustments", ZERO), "operating"),
            ("unexplained", "unexplained movement in equity", total.get("unexplained", ZERO), "operating")):
        sec.add(section, key, label, amount)


# ---------------------------------------------------------------------------------------- notes


def _notes(ws: Workspace, res: ConsolidationResult, prior: ConsolidationResult | None) -> dict[str, Any]:
    out: dict[str, Any] = {"group_entities": _group_entities(ws, res)}
    if prior is None:
        return out
    m = lambda x: amount_str(x, res.decimals)  # noqa: E731
    chart = Chart(ws.group)
    gw_acc, nci_acc = chart.account_for("goodwill"), chart.account_for("nci")
    mv = _Moved(res, prior)
    gw_by = {"acquired": mv(lambda e: e.kind == "investment", gw_acc),
             "amortised": mv(lambda e: e.kind == "goodwill_amortisation", gw_acc),
             "translation": mv(lambda e: e.kind == "translation", gw_acc)}
    # the reserve re-attributed on a change of interest in the year is a transaction with owners, as in the equity statement
    moved_nci = mv(lambda e: e.step == "investment" and e.kind == "nci", nci_acc)
    re_nci = _by_entity(res, reattributed, nci_acc)
    nci_profit: dict[str, Decimal] = defaultdict(Decimal)
    for c in res.closing:
        if c.account == nci_acc:
            nci_profit[c.entity] -= c.amount
    nci_by = {"profit": nci_profit,
              "dividends": {k: -v for k, v in _by_entity(res, lambda e: e.kind == "dividend", nci_acc).items()},
              "nci_transactions": {k: -moved_nci.get(k, ZERO) - re_nci.get(k, ZERO) for k in set(moved_nci) | set(re_nci)},
              "scope_changes": {k: -v for k, v in mv(lambda e: e.kind == "investment", nci_acc).items()},
              "disposed": {k: -v for k, v in mv(lambda e: e.kind == "disposal", nci_acc).items()}}
    gw: dict[str, dict[str, str]] = {}
    nci: dict[str, dict[str, str]] = {}
    cta: dict[str, dict[str, str]] = {}
    none = EntityFigures(ZERO, ZERO, ZERO)
    for eid in sorted(set(res.figures) | set(prior.figures)):
        f1, f0 = res.figures.get(eid, none), prior.figures.get(eid, none)
        if f1.goodwill or f0.goodwill:
            gw[eid] = {k: m(v) for k, v in _roll(f0.goodwill, f1.goodwill, eid, gw_by, "disposed").items()}
        if f1.nci_amount or f0.nci_amount:
            nci[eid] = {k: m(v) for k, v in _roll(f0.nci_amount, f1.nci_amount, eid, nci_by, "oci").items()}
        if f1.cta or f0.cta:
            cta[eid] = {"opening": m(f0.cta), "movement": m(f1.cta - f0.cta), "closing": m(f1.cta)}
    out |= {"goodwill": gw, "nci": nci, "translation_reserve": cta}
    return out


def _group_entities(ws: Workspace, res: ConsolidationResult) -> list[dict[str, Any]]:
    entities = []
    for eid, eo in sorted(res.ownership.entities.items()):
        if eid == ws.group.parent or eo.method not in ("full", "equity"):
            continue
        ent = ws.group.entities.get(eid)
        entities.append({"entity": eid, "name": ent.name if ent else eid, "country": ent.country if ent else None,
                         "currency": ent.currency if ent else None, "method": eo.method,
                         "interest": ratio_str(eo.effective), "votes": ratio_str(eo.group_votes)})
    return entities


def _roll(opening: Decimal, closing: Decimal, eid: str, by: dict[str, dict[str, Decimal]],
          rest: str) -> dict[str, Decimal]:
    """A roll-forward: opening, each movement of ``by`` for ``eid``, ``rest`` what remains, closing."""
    row = {"opening": opening} | {k: v.get(eid, ZERO) for k, v in by.items()}
    row[rest] = closing - sum(row.values(), ZERO)
    return row | {"closing": closing}


class _Moved:
    """Per entity, this year's balance-sign movement on an account of the entries matching a predicate."""

    def __init__(self, res: ConsolidationResult, prior: ConsolidationResult):
        self.res, self.prior = res, prior

    def __call__(self, pred: Callable[[Any], bool], acc: str) -> dict[str, Decimal]:
        out: dict[str, Decimal] = defaultdict(Decimal)
        for sign, r in ((1, self.res), (-1, self.prior)):
            for e in r.eliminations:
                if pred(e):
                    for ln in e.lines:
                        if ln.account == acc:
                            out[ln.entity] += sign * ln.amount
        return out


__all__ = ["EQUITY_LINES", "CashFlows", "ComprehensiveIncome", "Statements", "attach", "build", "classification",
           "prior_year_end"]
