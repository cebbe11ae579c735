"""The IAS 1 statement set as grids of rows × columns, each figure traced to the result.

A :class:`Grid` is what every rendering lays out — the terminal, the Excel pack (as
formulas) and the web pages: the balance sheet, income statement and comprehensive
income with one column per period (current, then the comparative), the statement of
changes in equity with one column per equity component, the cash flow statement, and
the notes' roll-forwards with one column per subsidiary.

Every amount comes from one place, the *figures* of the result (:func:`figures`): a flat
table ``(period, block, key) -> Decimal`` holding each number the engine reported, as it
reported it (balance sheet debit positive; the statement set's natural signs). A row is
either a reference to one figure per column times a sign (``refs``, ``sign``) or the sum
of other rows (``parts``); its ``values`` are computed from those, so the Excel pack can
write the very same rows as formulas (``=-Figures!E12``, ``=SUM(...)``) and the
spreadsheet recomputes what the terminal shows. ``None`` means "not available" (the
prior year's comprehensive income needs the year before it).

>>> r = {"period": "2022-12-31", "currency": "JPY", "balance_sheet": {"1100": "10", "3100": "-10"}}
>>> chart = {"1100": ("Cash", "asset", "cash"), "3100": ("Share capital", "equity", "share_capital")}
>>> g = balance_sheet_grid(r, chart, figures(r))
>>> [(row.label, row.values) for row in g.rows if row.kind == "total"][0]
('Total assets', (Decimal('10'),))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from renketsu.model.money import D

from .statements import Chart, LineKind, chart_entry, chart_order

ZERO = Decimal(0)

#: (period, block, key) of one figure of a result.
Ref = tuple[str, str, str]


class Figures:
    """Every figure of a result and its comparative, in the order they were found.

    ``blocks`` are the (period, block) pairs the result holds: a key missing from a block
    it holds is zero (an account absent from the prior balance sheet); a block it does
    not hold is unavailable (None).
    """

    def __init__(self) -> None:
        self.values: dict[Ref, Decimal] = {}
        self.blocks: set[tuple[str, str]] = set()

    def add(self, period: str, block: str, key: str, value: Any) -> None:
        self.blocks.add((period, block))
        self.values[(period, block, key)] = D(str(value))

    def get(self, ref: Ref) -> Decimal | None:
        if ref in self.values:
            return self.values[ref]
        if (ref[0], ref[1]) in self.blocks:
            self.values[ref] = ZERO  # referenced: the pack's Figures sheet lists it as 0
            return ZERO
        return None

    def has(self, period: str, block: str) -> bool:
        return (period, block) in self.blocks


def _flatten(out: Figures, period: str, block: str, data: Any, prefix: str = "") -> None:
    if isinstance(data, Mapping):
        for k, v in data.items():
            _flatten(out, period, block, v, prefix if k == "lines" and isinstance(v, list) else f"{prefix}{k}.")
    elif isinstance(data, list):  # cash-flow lines: [{key, label, amount}]
        for ln in data:
            if isinstance(ln, Mapping) and "key" in ln and "amount" in ln:
                out.add(period, block, f"{prefix}{ln['key']}", ln["amount"])
    elif data is not None and not isinstance(data, bool):
        try:
            out.add(period, block, prefix[:-1], data)
        except (ValueError, ArithmeticError):
            pass  # a text value (a note's name) is no figure


def _add_result(out: Figures, r: Mapping[str, Any]) -> None:
    p = str(r.get("period", ""))
    for block in ("balance_sheet", "income_statement", "profit", "comprehensive_income", "changes_in_equity",
                  "cash_flows"):
        if r.get(block) is not None:
            out.blocks.add((p, block))
            _flatten(out, p, block, r[block])
    notes = r.get("notes") or {}
    for block in ("goodwill", "nci", "translation_reserve"):
        if block in notes:
            out.blocks.add((p, f"notes.{block}"))
            _flatten(out, p, f"notes.{block}", notes[block])


def figures(result: Mapping[str, Any]) -> Figures:
    """The figures of ``result`` and of its ``comparative`` (docs/format.md §8 and its statement set)."""
    out = Figures()
    _add_result(out, result)
    if result.get("comparative"):
        _add_result(out, result["comparative"])
    return out


def periods(result: Mapping[str, Any]) -> list[str]:
    """The columns of a period statement: the result's period, then the comparative's when there is one."""
    out = [str(result.get("period", ""))]
    if result.get("comparative"):
        out.append(str(result["comparative"].get("period", "")))
    return out


# ------------------------------------------------------------------------------ grids


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a grid: a figure per column (``refs``, times ``sign``) or the sum of other rows."""

    label: str
    kind: LineKind = "line"
    level: int = 0
    #: Group account of an account line (what the web links to).
    account: str | None = None
    refs: tuple[Ref | None, ...] = ()
    sign: int = 1
    #: (row index, sign): the row is their signed sum, column by column.
    parts: tuple[tuple[int, int], ...] = ()
    #: Natural-sign amounts, one per column; None: not available.
    values: tuple[Decimal | None, ...] = ()


@dataclass(frozen=True, slots=True)
class Grid:
    """A titled table of rows × amount columns in one currency."""

    title: str
    currency: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = field(default=())
    #: Short name (sheet names, web anchors).
    name: str = ""

    def value(self, label: str, column: int = 0) -> Decimal | None:
        for r in self.rows:
            if r.label == label:
                return r.values[column] if r.values else None
        raise KeyError(label)


def _evaluate(rows: list[Row], figs: Figures, ncols: int) -> tuple[Row, ...]:
    out: list[Row] = []
    for r in rows:
        if r.kind == "heading":
            out.append(r)
            continue
        vals: list[Decimal | None] = []
        for j in range(ncols):
            if not r.refs:  # a sum (of no rows: 0)
                parts = [(out[i].values[j], s) for i, s in r.parts]
                vals.append(None if any(v is None for v, _ in parts)
                            else sum((s * v for v, s in parts if v is not None), ZERO))
            else:
                ref = r.refs[j] if j < len(r.refs) else None
                v = figs.get(ref) if ref is not None else None
                vals.append(None if v is None else r.sign * v)
        out.append(Row(r.label, r.kind, r.level, r.account, r.refs, r.sign, r.parts, tuple(vals)))
    return tuple(out)


def _grid(title: str, currency: str, columns: list[str], rows: list[Row], figs: Figures,
          notes: list[str], name: str) -> Grid:
    return Grid(title, currency, tuple(columns), _evaluate(rows, figs, len(columns)), tuple(notes), name)


def _sign(type_: str) -> int:
    return -1 if type_ in ("liability", "equity", "income") else 1


def _accounts(figs: Figures, cols: list[str], block: str) -> set[str]:
    return {k for (p, b, k), v in figs.values.items() if b == block and p in cols and v != 0}


def balance_sheet_grid(result: Mapping[str, Any], chart: Chart, figs: Figures) -> Grid:
    """The consolidated balance sheet, one column per period; equity split owners / NCI."""
    cols = periods(result)
    accs = chart_order(chart, _accounts(figs, cols, "balance_sheet"))
    by_type: dict[str, list[str]] = {}
    for a in accs:
        by_type.setdefault(chart_entry(chart, a).type, []).append(a)
    rows: list[Row] = []

    def account_rows(accounts: list[str], sign: int | None = None) -> list[int]:
        idx = []
        for a in accounts:
            e = chart_entry(chart, a)
            idx.append(len(rows))
            rows.append(Row(e.name, "line", 1, a, tuple((p, "balance_sheet", a) for p in cols),
                            sign if sign is not None else _sign(e.type)))
        return idx

    rows.append(Row("Assets", "heading"))
    assets = account_rows(by_type.get("asset", []))
    total_assets = len(rows)
    rows.append(Row("Total assets", "total", parts=tuple((i, 1) for i in assets)))
    rows.append(Row("Liabilities", "heading"))
    liab = account_rows(by_type.get("liability", []))
    total_liab = len(rows)
    rows.append(Row("Total liabilities", "total", parts=tuple((i, 1) for i in liab)))
    eq = by_type.get("equity", [])
    nci_accs = [a for a in eq if chart_entry(chart, a).role == "nci"]
    rows.append(Row("Equity", "heading"))
    owners = account_rows([a for a in eq if a not in nci_accs])
    if nci_accs:
        rows.append(Row("Equity attributable to owners of the parent", "subtotal", 1,
                        parts=tuple((i, 1) for i in owners)))
    nci = account_rows(nci_accs)
    total_eq = len(rows)
    rows.append(Row("Total equity", "total", parts=tuple((i, 1) for i in owners + nci)))
    others = [a for a in accs if chart_entry(chart, a).type not in ("asset", "liability", "equity")]
    notes: list[str] = []
    if others:
        rows.append(Row("Other (type not in the chart; debit positive)", "heading"))
        account_rows(others, sign=1)
        notes.append("Some balance-sheet accounts are not asset, liability or equity accounts of the chart.")
    rows.append(Row("Total liabilities and equity", "total",
                    parts=((total_liab, 1), (total_eq, 1))))
    g = _grid(f"Consolidated balance sheet at {cols[0]}", result.get("currency", ""), cols, rows, figs, notes,
              "Balance sheet")
    for j, p in enumerate(cols):
        ta, le = g.rows[total_assets].values[j], g.rows[-1].values[j]
        if ta is not None and le is not None and ta != le:
            notes.append(f"At {p} assets {ta} do not equal liabilities and equity {le}.")
    return Grid(g.title, g.currency, g.columns, g.rows, tuple(notes), g.name)


def income_grid(result: Mapping[str, Any], chart: Chart, figs: Figures) -> Grid:
    """The consolidated income statement, one column per period; profit split owners / NCI."""
    cols = periods(result)
    accs = chart_order(chart, _accounts(figs, cols, "income_statement"))
    rows: list[Row] = []

    def account_rows(accounts: list[str], sign: int) -> list[int]:
        idx = []
        for a in accounts:
            idx.append(len(rows))
            rows.append(Row(chart_entry(chart, a).name, "line", 1, a,
                            tuple((p, "income_statement", a) for p in cols), sign))
        return idx

    rows.append(Row("Revenue and other income", "heading"))
    inc = account_rows([a for a in accs if chart_entry(chart, a).type == "income"], -1)
    t_inc = len(rows)
    rows.append(Row("Total income", "subtotal", 1, parts=tuple((i, 1) for i in inc)))
    rows.append(Row("Expenses", "heading"))
    exp = account_rows([a for a in accs if chart_entry(chart, a).type == "expense"], 1)
    t_exp = len(rows)
    rows.append(Row("Total expenses", "subtotal", 1, parts=tuple((i, 1) for i in exp)))
    other = [a for a in accs if chart_entry(chart, a).type not in ("income", "expense")]
    other_idx: list[int] = []
    if other:
        rows.append(Row("Other (type not in the chart; debit positive)", "heading"))
        other_idx = account_rows(other, 1)
    profit_row = len(rows)
    rows.append(Row("Profit for the year", "total", parts=((t_inc, 1), (t_exp, -1), *((i, -1) for i in other_idx))))
    rows.append(Row("Attributable to owners of the parent", "subtotal", 1,
                    refs=tuple((p, "profit", "owners") for p in cols)))
    rows.append(Row("Attributable to non-controlling interests", "subtotal", 1,
                    refs=tuple((p, "profit", "nci") for p in cols)))
    g = _grid(f"Consolidated income statement, year to {cols[0]}", result.get("currency", ""), cols, rows, figs,
              [], "Income statement")
    notes = []
    for j, p in enumerate(cols):
        stated = figs.get((p, "profit", "total"))
        got = g.rows[profit_row].values[j]
        if stated is not None and got is not None and stated != got:
            notes.append(f"At {p} the lines give a profit of {got}; the result states {stated}.")
    return Grid(g.title, g.currency, g.columns, g.rows, tuple(notes), g.name)


def _unavailable_note(result: Mapping[str, Any], figs: Figures, block: str, what: str) -> list[str]:
    cols = periods(result)
    notes = []
    if not figs.has(cols[0], block):
        why = result.get("statements_unavailable") or "the result does not hold it"
        notes.append(f"The {what} for {cols[0]} is not available: {why}.")
    for p in cols[1:]:
        if not figs.has(p, block):
            notes.append(f"The comparative {what} for {p} is not shown: it needs the trial balances of the year "
                         f"before {p}.")
    return notes


def _columns_with(result: Mapping[str, Any], figs: Figures, block: str) -> list[str]:
    """The result's period, and the comparative's when it holds ``block``."""
    cols = periods(result)
    return [cols[0], *(p for p in cols[1:] if figs.has(p, block))]


def comprehensive_income_grid(result: Mapping[str, Any], figs: Figures) -> Grid:
    """Profit, other comprehensive income (IAS 21.39 exchange differences, reclassification), owners / NCI."""
    cols = _columns_with(result, figs, "comprehensive_income")

    def ref(key: str) -> tuple[Ref, ...]:
        return tuple((p, "comprehensive_income", key) for p in cols)

    rows = [
        Row("Profit for the year", refs=ref("profit")),
        Row("Other comprehensive income (items that may be reclassified to profit or loss)", "heading"),
        Row("Exchange differences on translating foreign operations", level=1, refs=ref(key="oci.exchange_differences")),
        Row("Reclassified to profit on disposal of foreign operations", level=1,
            refs=ref(key="oci.reclassified_on_disposal")),
        Row("Other comprehensive income for the year", "subtotal", 1, parts=((2, 1), (3, 1))),
        Row("Total comprehensive income for the year", "total", parts=((0, 1), (4, 1))),
        Row("Attributable to owners of the parent", "subtotal", 1, refs=ref(key="owners.total")),
        Row("Attributable to non-controlling interests", "subtotal", 1, refs=ref(key="nci.total")),
    ]
    return _grid(f"Consolidated statement of comprehensive income, year to {cols[0]}", result.get("currency", ""),
                 cols, rows, figs, _unavailable_note(result, figs, "comprehensive_income", "comprehensive income"),
                 "Comprehensive income")


#: Rows of the statement of changes in equity (the engine's line keys), labelled.
EQUITY_ROWS = (("opening", "Opening balance"), ("profit", "Profit for the year"),
               ("oci", "Other comprehensive income"), ("dividends", "Dividends"),
               ("nci_transactions", "Transactions with non-controlling interests"),
               ("scope_changes", "Acquisitions and disposals of subsidiaries"),
               ("capital", "Issue of share capital"), ("adjustments", "Top-side adjustments"),
               ("unexplained", "Unexplained movement"), ("closing", "Closing balance"))


def equity_grid(result: Mapping[str, Any], chart: Chart, figs: Figures, period: str | None = None) -> Grid | None:
    """The engine's statement of changes in equity at ``period`` (default: the result's), one column per
    component (equity accounts, owners' total, NCI, total); None when the result does not hold it."""
    p = period or str(result.get("period", ""))
    block = result.get("changes_in_equity") if p == str(result.get("period", "")) else \
        (result.get("comparative") or {}).get("changes_in_equity")
    if not block:
        return None
    comps = [c for c in chart_order(chart, [c for c in block if c not in ("nci", "owners_total", "total")])]
    # without NCI the owners' total is the total: one column says it
    order = [*comps, *(["owners_total", "nci"] if "nci" in block else []), "total"]
    names = {"owners_total": "Attributable to owners", "nci": "Non-controlling interests", "total": "Total"}
    columns = [names.get(c) or chart_entry(chart, c).name for c in order]
    lines = [(k, lb) for k, lb in EQUITY_ROWS
             if k in ("opening", "closing") or any(figs.get((p, "changes_in_equity", f"{c}.{k}")) for c in order)]
    rows = []
    for k, label in lines:
        rows.append(Row(label, "total" if k == "closing" else "line",
                        refs=tuple((p, "changes_in_equity", f"{c}.{k}") for c in order)))
    notes = []
    if any(k == "unexplained" for k, _ in lines):
        notes.append("An unexplained movement fails the check equity_statement_rolls.")
    prior = (result.get("comparative") or {}).get("period") if p == str(result.get("period", "")) else None
    if prior:
        notes.append(f"Each opening balance is the closing balance at {prior} (the comparative balance sheet).")
    return _grid(f"Consolidated statement of changes in equity, year to {p}", result.get("currency", ""),
                 columns, rows, figs, notes, "Changes in equity")


#: Sections of the cash flow statement.
CASH_SECTIONS = (("operating", "Cash flows from operating activities"),
                 ("investing", "Cash flows from investing activities"),
                 ("financing", "Cash flows from financing activities"))


def _label(text: str) -> str:
    return text[:1].upper() + text[1:]


def cash_flow_grid(result: Mapping[str, Any], figs: Figures) -> Grid:
    """IAS 7 (indirect method), one column per period; lines aligned by their key."""
    cols = _columns_with(result, figs, "cash_flows")
    blocks = [result.get("cash_flows")] + [(result.get("comparative") or {}).get("cash_flows")] * (len(cols) - 1)
    rows: list[Row] = []
    totals = []
    for section, title in CASH_SECTIONS:
        rows.append(Row(title, "heading"))
        keys: dict[str, str] = {}
        for b in blocks:
            for ln in ((b or {}).get(section) or {}).get("lines", []):
                keys.setdefault(str(ln["key"]), _label(str(ln.get("label", ln["key"]))))
        idx = []
        for k, label in keys.items():
            idx.append(len(rows))
            rows.append(Row(label, "line", 1, None, tuple((p, "cash_flows", f"{section}.{k}") for p in cols)))
        totals.append(len(rows))
        rows.append(Row(f"Net cash from {section} activities", "subtotal", 1, parts=tuple((i, 1) for i in idx)))
    net = len(rows)
    rows.append(Row("Net change in cash", "total", parts=tuple((i, 1) for i in totals)))
    fx = len(rows)
    rows.append(Row("Effect of exchange rate changes on cash (IAS 7.28)", "line", 1,
                    refs=tuple((p, "cash_flows", "fx_effect") for p in cols)))
    op = len(rows)
    rows.append(Row("Cash at the beginning of the year", "line", 0,
                    refs=tuple((p, "cash_flows", "opening_cash") for p in cols)))
    rows.append(Row("Cash at the end of the year", "total", parts=((net, 1), (fx, 1), (op, 1))))
    g = _grid(f"Consolidated statement of cash flows, year to {cols[0]}", result.get("currency", ""), cols, rows, figs,
              _unavailable_note(result, figs, "cash_flows", "cash flow statement"), "Cash flows")
    notes = list(g.notes)
    for j, p in enumerate(cols):
        stated = figs.get((p, "cash_flows", "closing_cash"))
        got = g.rows[-1].values[j]
        if stated is not None and got is not None and stated != got:
            notes.append(f"At {p} the flows reach {got}; the balance sheet's cash is {stated}.")
    return Grid(g.title, g.currency, g.columns, g.rows, tuple(notes), g.name)


#: The notes' roll-forwards: block, title, (line key, label).
NOTE_GRIDS = (
    ("goodwill", "Goodwill: roll-forward per subsidiary",
     (("opening", "Opening"), ("acquired", "Acquired"), ("amortised", "Amortised"), ("translation", "Translation"),
      ("disposed", "Disposed"), ("closing", "Closing"))),
    ("nci", "Non-controlling interests: roll-forward per subsidiary",
     (("opening", "Opening"), ("profit", "Share of profit"), ("oci", "Share of other comprehensive income"),
      ("dividends", "Dividends"), ("nci_transactions", "Transactions with NCI"),
      ("scope_changes", "Acquisitions and disposals"), ("closing", "Closing"))),
    ("translation_reserve", "Translation reserve (owners' share): roll-forward per foreign operation",
     (("opening", "Opening"), ("movement", "Exchange differences of the year"), ("closing", "Closing"))),
)


def note_grids(result: Mapping[str, Any], figs: Figures) -> list[Grid]:
    """The notes' roll-forwards at the result's period, one column per subsidiary (none when empty)."""
    p = str(result.get("period", ""))
    notes = result.get("notes") or {}
    out = []
    for block, title, lines in NOTE_GRIDS:
        data = notes.get(block) or {}
        if not data:
            continue
        ents = list(data)
        rows = [Row(label, "total" if k == "closing" else "line",
                    refs=tuple((p, f"notes.{block}", f"{e}.{k}") for e in ents)) for k, label in lines]
        out.append(_grid(f"{title}, year to {p}", result.get("currency", ""), ents, rows, figs, [],
                         block.replace("_", " ").capitalize()))
    return out


#: Columns of the list of subsidiaries and associates (IFRS 12).
ENTITY_COLUMNS = (("entity", "Entity"), ("name", "Name"), ("country", "Country"), ("currency", "Currency"),
                  ("method", "Method"), ("interest", "Interest"), ("votes", "Votes"))


def group_entities(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The list of subsidiaries and associates (notes.group_entities), or [] when the result lacks it."""
    return list((result.get("notes") or {}).get("group_entities") or [])


@dataclass(frozen=True)
class StatementSet:
    figures: Figures
    balance_sheet: Grid
    income: Grid
    comprehensive_income: Grid | None
    equity: list[Grid]
    cash_flows: Grid | None
    notes: list[Grid]
    entities: list[dict[str, Any]]
    #: Why comprehensive income, changes in equity and cash flows are absent (the result's words).
    unavailable: str | None = None


def statement_set(result: Mapping[str, Any], chart: Chart) -> StatementSet:
    """Every statement of ``result`` as grids; the statement-set parts None when the result has none of them."""
    figs = figures(result)
    has_set = "comprehensive_income" in result
    eq = [g for g in (equity_grid(result, chart, figs),
                      equity_grid(result, chart, figs, str((result.get("comparative") or {}).get("period", "")))
                      if result.get("comparative") else None) if g is not None]
    return StatementSet(
        figs, balance_sheet_grid(result, chart, figs), income_grid(result, chart, figs),
        comprehensive_income_grid(result, figs) if has_set else None, eq,
        cash_flow_grid(result, figs) if has_set else None, note_grids(result, figs), group_entities(result),
        result.get("statements_unavailable"))


__all__ = ["Figures", "Grid", "Row", "StatementSet", "balance_sheet_grid", "cash_flow_grid",
           "comprehensive_income_grid", "equity_grid", "figures", "group_entities", "income_grid", "note_grids",
           "periods", "statement_set"]
