"""Presentation structures built from result dicts: pure functions, natural signs.

A result holds balances signed debit positive, credit negative (docs/format.md §8). A
reader expects *natural signs*: an asset, an expense, a liability, an equity
balance and an income each shown positive when it is what its type says.
Everything here is a regrouping of the result's own figures plus subtotals;
nothing is computed that the engine has not already decided.

Map::

    Chart ........... {account_id: ChartEntry(name, type, role)}; chart_from_accounts()
    Line ............ one presented line: label, amount (natural sign), account, kind, level
    Statement ....... a titled sequence of Lines (balance sheet, income statement)
    EquityChanges ... statement of changes in equity: columns x rows, with notes
    balance_sheet(result, chart), income_statement(result, chart),
    changes_in_equity(result, chart), block_statements(block, chart) for §9 blocks,
    profit_bridge(result, chart) for the waterfall chart.

>>> from decimal import Decimal
>>> chart = {"1100": ("Cash", "asset", None), "2100": ("Payables", "liability", None),
...          "3100": ("Share capital", "equity", "share_capital")}
>>> bs = block_balance_sheet({"1100": "10.00", "2100": "-4.00", "3100": "-6.00"}, chart)
>>> [(l.label, l.amount) for l in bs.lines if l.kind != "heading"][:3]
[('Cash', Decimal('10.00')), ('Total assets', Decimal('10.00')), ('Payables', Decimal('4.00'))]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from renketsu.model.money import D
from renketsu.model.types import ROLE_TYPES

ZERO = Decimal(0)


class ChartEntry(NamedTuple):
    """One account of the group chart as the reports need it."""

    name: str
    type: str
    role: str | None


Chart = Mapping[str, ChartEntry | tuple]


def chart_from_accounts(accounts: Mapping[str, Any]) -> dict[str, ChartEntry]:
    """The reports' chart from ``Group.accounts`` (objects with id, name, type, role)."""
    return {acc_id: ChartEntry(a.name, a.type, a.role) for acc_id, a in accounts.items()}


def chart_entry(chart: Chart, account: str) -> ChartEntry:
    """The chart entry of ``account``; an account the engine added for a role
    (its id is the role's name, docs/format.md §2) gets the role's type; anything else
    unknown is typed by nothing and shown under 'Other'."""
    if account in chart:
        e = chart[account]
        return e if isinstance(e, ChartEntry) else ChartEntry(*e)
    if account in ROLE_TYPES:
        name = ROLE_NAMES.get(account, account.replace("_", " ").capitalize())
        return ChartEntry(f"{name} (added by the engine)", ROLE_TYPES[account], account)
    return ChartEntry(account, "unknown", None)


def account_label(chart: Chart, account: str) -> str:
    return chart_entry(chart, account).name


def account_text(chart: Chart, account: str) -> str:
    """``1200 Receivables``; an account the engine added reads by its name alone."""
    if account not in chart and account in ROLE_TYPES:
        return chart_entry(chart, account).name
    return f"{account} {chart_entry(chart, account).name}"


#: Readable names for the accounts the engine adds for roles a chart lacks (docs/format.md §2).
ROLE_NAMES = {
    "investment": "Investments in subsidiaries",
    "share_capital": "Share capital",
    "capital_surplus": "Capital surplus",
    "retained_earnings": "Retained earnings",
    "dividends_declared": "Dividends declared",
    "dividend_income": "Dividend income",
    "goodwill": "Goodwill",
    "goodwill_amortisation": "Goodwill amortisation",
    "nci": "Non-controlling interests",
    "cta": "Translation reserve",
    "revaluation_reserve": "Revaluation reserve",
    "tie_in_gain": "Gain on the merger (tie-in)",
    "tie_in_loss": "Loss on the merger (tie-in)",
    "cost_of_sales": "Cost of sales",
    "equity_method_investment": "Investments in associates",
    "equity_method_income": "Share of profit of associates",
    "disposal_gain": "Gain on disposal",
    "bargain_purchase_gain": "Gain on bargain purchase",
    "ic_difference": "Intercompany differences",
    "rounding": "Rounding",
}


def format_amount(amount: Decimal | str | None, decimals: int) -> str:  # kept: reports.text.amount
    """``1234567.5`` -> ``1,234,567.50``: thousands separators, ``decimals`` places (display only).

    >>> format_amount("-1234567.5", 2)
    '-1,234,567.50'
    """
    if amount is None:
        return ""
    q = Decimal(1).scaleb(-decimals)
    return f"{D(amount).quantize(q):,.{decimals}f}"


def natural(amount: Decimal, type_: str) -> Decimal:
    """Debit-positive ``amount`` shown with its natural sign for an account of ``type_``."""
    return -amount if type_ in ("liability", "equity", "income") else amount


def amounts(block: Mapping[str, Any] | None) -> dict[str, Decimal]:
    """A dict of exact-decimal strings as Decimals (floats refused by ``D``)."""
    return {k: D(v) for k, v in (block or {}).items()}


def chart_order(chart: Chart, accounts: Iterable[str]) -> list[str]:
    """``accounts`` in the chart's order, accounts unknown to the chart last (sorted)."""
    wanted = set(accounts)
    ordered = [a for a in chart if a in wanted]
    ordered += sorted(wanted - set(ordered))
    return ordered


# --------------------------------------------------------------------------- lines

LineKind = Literal["heading", "line", "subtotal", "total"]


@dataclass(frozen=True, slots=True)
class Line:
    """One presented line of a statement."""

    label: str
    #: Natural-sign amount; None for a heading.
    amount: Decimal | None
    #: Group account id for an account line (what a web page links to).
    account: str | None = None
    kind: LineKind = "line"
    #: Indentation level: 0 headings and totals, 1 account lines and subtotals.
    level: int = 0


@dataclass(frozen=True, slots=True)
class Statement:
    """A titled list of lines in one currency."""

    title: str
    currency: str
    lines: tuple[Line, ...]
    #: Remarks a reader must see (e.g. a figure that does not agree).
    notes: tuple[str, ...] = ()

    def total(self, label: str) -> Decimal | None:
        """Amount of the first line labelled ``label``."""
        for line in self.lines:
            if line.label == label:
                return line.amount
        return None


def _account_lines(chart: Chart, bal: Mapping[str, Decimal], accounts: list[str]) -> list[Line]:
    out = []
    for a in accounts:
        amt = bal[a]
        if amt == 0:
            continue
        e = chart_entry(chart, a)
        out.append(Line(e.name, natural(amt, e.type), a, "line", 1))
    return out


def _sum(lines: Iterable[Line]) -> Decimal:
    return sum((l.amount for l in lines if l.kind == "line" and l.amount is not None), ZERO)


EQUITY_COLUMN_ROLES = {
    "share_capital": "Share capital",
    "capital_surplus": "Capital surplus",
    "retained_earnings": "Retained earnings",
    "dividends_declared": "Retained earnings",
    "cta": "Translation reserve",
    "nci": "Non-controlling interests",
}


def block_balance_sheet(bs: Mapping[str, Any], chart: Chart, currency: str = "",
                        title: str = "Balance sheet") -> Statement:
    """A balance sheet from a ``balance_sheet`` block (account -> signed amount string).

    Sections assets, liabilities, equity; equity splits into the owners' part
    (share capital, surplus, retained earnings, translation reserve, other
    reserves) and non-controlling interests, each with subtotals.
    """
    bal = amounts(bs)
    order = chart_order(chart, bal)
    by_type: dict[str, list[str]] = {}
    for a in order:
        by_type.setdefault(chart_entry(chart, a).type, []).append(a)
    lines: list[Line] = []
    notes: list[str] = []

    assets = _account_lines(chart, bal, by_type.get("asset", []))
    total_assets = _sum(assets)
    lines += [Line("Assets", None, kind="heading"), *assets,
              Line("Total assets", total_assets, kind="total")]

    liabilities = _account_lines(chart, bal, by_type.get("liability", []))
    total_liab = _sum(liabilities)
    lines += [Line("Liabilities", None, kind="heading"), *liabilities,
              Line("Total liabilities", total_liab, kind="total")]

    equity_accounts = by_type.get("equity", [])
    nci_accounts = [a for a in equity_accounts if chart_entry(chart, a).role == "nci"]
    owners_accounts = [a for a in equity_accounts if a not in nci_accounts]
    owners = _account_lines(chart, bal, owners_accounts)
    nci = _account_lines(chart, bal, nci_accounts)
    owners_total = _sum(owners)
    nci_total = _sum(nci)
    lines += [Line("Equity", None, kind="heading"), *owners]
    if nci:
        lines += [Line("Equity attributable to owners of the parent", owners_total, kind="subtotal", level=1),
                  *nci]
    lines.append(Line("Total equity", owners_total + nci_total, kind="total"))

    others = [a for a in order if chart_entry(chart, a).type not in ("asset", "liability", "equity")]
    other_lines = [Line(chart_entry(chart, a).name, bal[a], a, "line", 1) for a in others if bal[a] != 0]
    if other_lines:
        lines += [Line("Other (type not in the chart; debit positive)", None, kind="heading"), *other_lines]
        notes.append("Some balance-sheet accounts are not asset, liability or equity accounts of the chart.")

    total_le = total_liab + owners_total + nci_total
    lines.append(Line("Total liabilities and equity", total_le, kind="total"))
    if total_le != total_assets:
        notes.append(f"Assets {total_assets} do not equal liabilities and equity {total_le}.")
    return Statement(title, currency, tuple(lines), tuple(notes))


def block_income_statement(is_: Mapping[str, Any], chart: Chart, currency: str = "",
                           profit: Mapping[str, Any] | None = None,
                           title: str = "Income statement") -> Statement:
    """An income statement from an ``income_statement`` block, natural signs.

    With ``profit`` (docs/format.md §8 ``profit``) the profit is split into the part
    attributable to owners of the parent and to non-controlling interests, and
    the statement's own profit is compared with ``profit.total``.
    """
    bal = amounts(is_)
    order = chart_order(chart, bal)
    income = _account_lines(chart, bal, [a for a in order if chart_entry(chart, a).type == "income"])
    expense = _account_lines(chart, bal, [a for a in order if chart_entry(chart, a).type == "expense"])
    other = [a for a in order if chart_entry(chart, a).type not in ("income", "expense")]
    total_income = _sum(income)
    total_expense = _sum(expense)
    lines = [Line("Revenue and other income", None, kind="heading"), *income,
             Line("Total income", total_income, kind="subtotal", level=1),
             Line("Expenses", None, kind="heading"), *expense,
             Line("Total expenses", total_expense, kind="subtotal", level=1)]
    notes: list[str] = []
    profit_amt = -sum(bal.values(), ZERO)  # income statement sums to minus profit
    if other:
        lines += [Line("Other (type not in the chart; debit positive)", None, kind="heading"),
                  *[Line(chart_entry(chart, a).name, bal[a], a, "line", 1) for a in other if bal[a] != 0]]
    lines.append(Line("Profit for the year", profit_amt, kind="total"))
    if profit:
        p = amounts(profit)
        if "owners" in p:
            lines.append(Line("Attributable to owners of the parent", p["owners"], kind="subtotal", level=1))
        if "nci" in p:
            lines.append(Line("Attributable to non-controlling interests", p["nci"], kind="subtotal", level=1))
        if "total" in p and p["total"] != profit_amt:
            notes.append(f"The lines give a profit of {profit_amt}; the result states {p['total']}.")
    return Statement(title, currency, tuple(lines), tuple(notes))


def balance_sheet(result: Mapping[str, Any], chart: Chart) -> Statement:
    """The consolidated balance sheet of a docs/format.md §8 result."""
    return block_balance_sheet(result.get("balance_sheet", {}), chart, result.get("currency", ""),
                               title=f"Consolidated balance sheet at {result.get('period', '')}".strip())


def income_statement(result: Mapping[str, Any], chart: Chart) -> Statement:
    """The consolidated income statement of a docs/format.md §8 result, profit split owners / NCI."""
    return block_income_statement(result.get("income_statement", {}), chart, result.get("currency", ""),
                                  profit=result.get("profit"),
                                  title=f"Consolidated income statement, year to {result.get('period', '')}".strip())


def block_statements(block: Mapping[str, Any], chart: Chart, currency: str = "",
                     label: str = "") -> tuple[Statement, Statement]:
    """Balance sheet and income statement of a §9 block ({balance_sheet, income_statement})."""
    pre = f"{label} — " if label else ""
    return (block_balance_sheet(block.get("balance_sheet", {}), chart, currency, f"{pre}balance sheet"),
            block_income_statement(block.get("income_statement", {}), chart, currency,
                                   title=f"{pre}income statement"))


# ------------------------------------------------------------- changes in equity

#: Elimination kinds whose equity lines are movements of the year shown under "other".
OTHER_MOVEMENT_KINDS = frozenset({"translation", "restructuring"})


@dataclass(frozen=True, slots=True)
class EquityChanges:
    """Statement of changes in equity: one amount per (row, column), natural signs."""

    title: str
    currency: str
    columns: tuple[str, ...]
    #: (row label, amounts one per column; the last column is the total)
    rows: tuple[tuple[str, tuple[Decimal, ...]], ...]
    notes: tuple[str, ...] = field(default=())

    def cell(self, row: str, column: str) -> Decimal:
        i = self.columns.index(column)
        for label, values in self.rows:
            if label == row:
                return values[i]
        raise KeyError(row)


def _equity_column(chart: Chart, account: str) -> str | None:
    e = chart_entry(chart, account)
    if e.type != "equity":
        return None
    return EQUITY_COLUMN_ROLES.get(e.role or "", "Other reserves")


def changes_in_equity(result: Mapping[str, Any], chart: Chart) -> EquityChanges:
    """Statement of changes in equity derived from contributions, eliminations and closing.

    Rows: *opening* — the entities' equity balances (retained earnings as at
    the start of the fiscal year, as the ledger holds it) with this period's
    consolidation entries except dividends, translation and restructuring
    (so an acquisition made during the year is in the opening row); *profit* —
    ``profit.owners`` into retained earnings and ``profit.nci`` into NCI;
    *dividends* — dividends declared still standing after eliminations (into
    retained earnings) and the NCI's share of subsidiaries' dividends; *other*
    — what remains to reach the closing balance (translation and restructuring
    entries, anything else the closing lines booked); *closing* — the balance
    sheet. Without ``contributions`` only the closing row can be shown.
    """
    currency = result.get("currency", "")
    title = f"Statement of changes in equity, year to {result.get('period', '')}".strip()
    bs = amounts(result.get("balance_sheet"))
    contributions = {e: amounts(c) for e, c in (result.get("contributions") or {}).items()}
    eq_accounts = [a for a in chart_order(chart, set(bs) | {a for c in contributions.values() for a in c})
                   if _equity_column(chart, a)]
    cols_present = {_equity_column(chart, a) for a in eq_accounts}
    columns = ["Share capital", "Capital surplus", "Retained earnings", "Translation reserve"]
    if "Other reserves" in cols_present:
        columns.append("Other reserves")
    columns.append("Non-controlling interests")
    idx = {c: i for i, c in enumerate(columns)}
    n = len(columns)

    def row() -> list[Decimal]:
        return [ZERO] * n

    closing = row()
    for a, amt in bs.items():
        c = _equity_column(chart, a)
        if c:
            closing[idx[c]] += -amt
    notes: list[str] = []
    if not contributions:
        notes.append("The result has no contributions: only the closing balances are shown.")
        rows = [("Closing balance", tuple(closing + [sum(closing, ZERO)]))]
        return EquityChanges(title, currency, tuple(columns) + ("Total",), tuple(rows), tuple(notes))

    dividends_roles = {"dividends_declared"}
    opening, dividends, profit = row(), row(), row()
    for contrib in contributions.values():
        for a, amt in contrib.items():
            c = _equity_column(chart, a)
            if not c:
                continue
            if chart_entry(chart, a).role in dividends_roles:
                dividends[idx[c]] += -amt
            else:
                opening[idx[c]] += -amt
    for elim in result.get("eliminations", []):
        kind = elim.get("kind", "")
        for ln in elim.get("lines", []):
            a = ln["account"]
            c = _equity_column(chart, a)
            if not c:
                continue
            amt = D(ln["amount"])
            if chart_entry(chart, a).role in dividends_roles or kind == "dividend":
                dividends[idx[c]] += -amt
            elif kind in OTHER_MOVEMENT_KINDS:
                pass  # lands in "other"
            else:
                opening[idx[c]] += -amt
    p = amounts(result.get("profit"))
    if "Retained earnings" in idx:
        profit[idx["Retained earnings"]] = p.get("owners", p.get("total", ZERO) - p.get("nci", ZERO))
    if "Non-controlling interests" in idx:
        profit[idx["Non-controlling interests"]] = p.get("nci", ZERO)
    other = [closing[i] - opening[i] - profit[i] - dividends[i] for i in range(n)]
    if any(v != 0 for v in other):
        notes.append("'Other movements' holds translation and restructuring entries and whatever else "
                     "the closing entries booked to equity.")
    notes.append("Opening balances are the entities' equity at the start of the fiscal year with this "
                 "period's consolidation entries; an acquisition during the year appears there.")

    def with_total(values: list[Decimal]) -> tuple[Decimal, ...]:
        return tuple(values) + (sum(values, ZERO),)

    rows = [("Opening balance", with_total(opening)),
            ("Profit for the year", with_total(profit)),
            ("Dividends", with_total(dividends)),
            ("Other movements", with_total(other)),
            ("Closing balance", with_total(closing))]
    return EquityChanges(title, currency, tuple(columns) + ("Total",), tuple(rows), tuple(notes))


# ------------------------------------------------------------------ profit bridge

@dataclass(frozen=True, slots=True)
class BridgeStep:
    label: str
    #: Effect on profit (positive raises profit).
    amount: Decimal
    kind: Literal["start", "step", "end"]


def is_profit_account(chart: Chart, account: str, result: Mapping[str, Any] | None = None) -> bool:
    t = chart_entry(chart, account).type
    if t in ("income", "expense"):
        return True
    return t == "unknown" and result is not None and account in result.get("income_statement", {})


def elimination_steps(result: Mapping[str, Any]) -> list[str]:
    """Step names of the result's eliminations in order of first appearance."""
    steps: list[str] = []
    for e in result.get("eliminations", []):
        s = e.get("step") or e.get("kind", "")
        if s not in steps:
            steps.append(s)
    return steps


def profit_bridge(result: Mapping[str, Any], chart: Chart) -> list[BridgeStep]:
    """From the sum of the entities' profits to consolidated profit, one step per elimination step.

    Start: minus the sum of the contributions' income and expense lines. Each
    step: minus the sum of that step's income and expense lines. End:
    ``profit.total``; when closing lines touch income or expense accounts their
    effect appears as a "closing" step so the bridge always adds up.
    """
    contributions = result.get("contributions") or {}
    start = -sum((D(v) for c in contributions.values() for a, v in c.items()
                  if is_profit_account(chart, a, result)), ZERO)
    out = [BridgeStep("Entities' profits", start, "start")]
    by_step: dict[str, Decimal] = {s: ZERO for s in elimination_steps(result)}
    for e in result.get("eliminations", []):
        s = e.get("step") or e.get("kind", "")
        for ln in e.get("lines", []):
            if is_profit_account(chart, ln["account"], result):
                by_step[s] -= D(ln["amount"])
    out += [BridgeStep(s, v, "step") for s, v in by_step.items()]
    closing = -sum((D(ln["amount"]) for ln in result.get("closing", [])
                    if is_profit_account(chart, ln["account"], result)), ZERO)
    if closing:
        out.append(BridgeStep("closing", closing, "step"))
    total = D(result.get("profit", {}).get("total", start + sum(by_step.values(), ZERO) + closing))
    out.append(BridgeStep("Consolidated profit", total, "end"))
    return out


# -------------------------------------------------------------- drill-down helpers

def account_breakdown(result: Mapping[str, Any], account: str) -> dict[str, Any]:
    """Everything that makes up one account's consolidated figure (debit positive).

    Returns ``contributions`` ({entity: amount}), ``eliminations`` (entries
    with only this account's lines kept, plus the entry's step, kind, reason),
    ``closing`` (lines), ``total`` (their sum) and ``reported`` (the
    balance-sheet or income-statement figure, ZERO when absent).
    """
    contribs = {e: D(c[account]) for e, c in (result.get("contributions") or {}).items() if account in c}
    elims = []
    for e in result.get("eliminations", []):
        lines = [ln for ln in e.get("lines", []) if ln.get("account") == account]
        if lines:
            elims.append({**{k: v for k, v in e.items() if k != "lines"},
                          "lines": [{**ln, "amount": D(ln["amount"])} for ln in lines],
                          "amount": sum((D(ln["amount"]) for ln in lines), ZERO)})
    closing = [{**ln, "amount": D(ln["amount"])} for ln in result.get("closing", [])
               if ln.get("account") == account]
    total = (sum(contribs.values(), ZERO) + sum((e["amount"] for e in elims), ZERO)
             + sum((c["amount"] for c in closing), ZERO))
    reported = D(result.get("balance_sheet", {}).get(account)
                 or result.get("income_statement", {}).get(account) or "0")
    return {"account": account, "contributions": contribs, "eliminations": elims,
            "closing": closing, "total": total, "reported": reported}
