"""Excel packs (openpyxl) from result dicts: what a controller files and reviews.

* :func:`write_consolidation_pack` — one sheet per statement (Balance sheet,
  Income statement, Comprehensive income, Changes in equity, Cash flows, Notes;
  natural signs, the comparative period beside), every amount on them a formula:
  a reference to the Figures sheet (``=-Figures!$E$12``) or a sum of the rows
  above (``=SUM(B6:B9)``, ``=B10-B14``); Figures lists each figure of the result
  and its comparative (period, statement, key), the current balance sheet and
  income statement as references to the Worksheet's Consolidated column;
  Worksheet (account x [entities, elimination steps, closing] with the
  Consolidated column as ``=SUM(...)`` formulas, debit positive), Eliminations
  (the journal, one row per line), Ownership, Checks, Matching.
* :func:`write_simulation_pack` — Before, After, Change (consolidated
  statements), Entities after, Entries, Legal checks, Facts after.

Amounts are written as exact Decimals (openpyxl stores their decimal text),
with ``#,##0`` for zero-decimal currencies and ``#,##0.00`` otherwise. Both
writers save to a temporary file in the target folder and rename it over the
target, so a failure never leaves a half-written pack.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from renketsu.model.money import D, currency_decimals

from .statements import (
    Chart,
    EquityChanges,
    Statement,
    block_statements,
    changes_in_equity,
    chart_entry,
    chart_order,
    elimination_steps,
    is_profit_account,
    natural,
)
from .statement_set import ENTITY_COLUMNS, Grid, Ref, StatementSet, statement_set
from .text import check_detail, defuse, formula, put, share

BOLD = Font(bold=True)
ITALIC = Font(italic=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
TITLE = Font(bold=True, size=13)


def number_format(currency: str) -> str:
    """``#,##0`` for a zero-decimal currency (JPY), ``#,##0.00`` otherwise."""
    return "#,##0" if currency and currency_decimals(currency) == 0 else "#,##0.00"


def _ratio_cell(value: Any) -> Any:
    """An exact ratio string as a Decimal when it terminates ("0.8"), else kept as text ("75/98")."""
    if value is None:
        return None
    try:
        return D(str(value))
    except (InvalidOperation, ValueError):
        return str(value)


def _header(ws: Worksheet, row: int, titles: Iterable[str]) -> None:
    for i, t in enumerate(titles, start=1):
        c = put(ws, row, i, t)
        c.font = BOLD
        c.fill = HEADER_FILL


def _fit_columns(ws: Worksheet, minimum: int = 6, maximum: int = 70) -> None:
    """Set each column's width to its longest displayed text (numbers with separators)."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None:
                continue
            v = c.value
            if isinstance(v, (int, Decimal)):
                text = f"{v:,.2f}"
            elif isinstance(v, str) and v.startswith("="):
                text = "0" * 14
            else:
                text = str(v)
            indent = int(c.alignment.indent or 0) * 2 if c.alignment is not None else 0
            widths[c.column] = max(widths.get(c.column, 0), len(text) + indent + 2)
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = max(minimum, min(maximum, w))


def _page_setup(ws: Worksheet) -> None:
    """Print landscape, one page wide, the header rows (down to the frozen pane) repeated."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    frozen = ws.freeze_panes
    if frozen:
        from openpyxl.utils.cell import coordinate_from_string

        _, row = coordinate_from_string(frozen)
        if row > 1:
            ws.print_title_rows = f"1:{row - 1}"


def _save_atomic(wb: Workbook, path: str | os.PathLike[str]) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        defuse(wb)
        for ws in wb.worksheets:
            _page_setup(ws)
        wb.save(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return target


def write_statement(ws: Worksheet, st: Statement, row: int, fmt: str) -> int:
    """Write ``st`` from ``row`` (label in A, natural-sign amount in B); returns the next free row."""
    put(ws, row, 1, st.title).font = TITLE
    row += 1
    if st.currency:
        c = put(ws, row, 2, st.currency)
        c.font = BOLD
        c.alignment = Alignment(horizontal="right")
        row += 1
    for line in st.lines:
        label = put(ws, row, 1, line.label)
        label.alignment = Alignment(indent=line.level * 2)
        if line.kind == "heading":
            label.font = BOLD
        elif line.amount is not None:
            c = put(ws, row, 2, line.amount)
            c.number_format = fmt
            if line.kind in ("subtotal", "total"):
                label.font = c.font = BOLD if line.kind == "total" else ITALIC
        if line.account:
            put(ws, row, 3, line.account).font = Font(color="888888")
        row += 1
    for note in st.notes:
        put(ws, row, 1, f"note: {note}").font = Font(italic=True, color="AA5500")
        row += 1
    return row + 1


def write_equity_changes(ws: Worksheet, eq: EquityChanges, row: int, fmt: str) -> int:
    put(ws, row, 1, eq.title).font = TITLE
    row += 1
    for i, c in enumerate(eq.columns, start=2):
        cell = put(ws, row, i, c)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, horizontal="right")
    row += 1
    for label, values in eq.rows:
        put(ws, row, 1, label).font = BOLD if label.startswith("Closing") else Font()
        for i, v in enumerate(values, start=2):
            c = put(ws, row, i, v)
            c.number_format = fmt
        row += 1
    for note in eq.notes:
        put(ws, row, 1, f"note: {note}").font = Font(italic=True, color="AA5500")
        row += 1
    return row + 1


# ------------------------------------------------------------------ consolidation

def worksheet_columns(result: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """(entities in contributions order, elimination steps in order of first appearance)."""
    return list((result.get("contributions") or {}).keys()), elimination_steps(result)


def worksheet_accounts(result: Mapping[str, Any], chart: Chart) -> tuple[list[str], list[str]]:
    """(balance-sheet accounts, income-statement accounts) that appear anywhere in the result."""
    accounts: set[str] = set(result.get("balance_sheet", {})) | set(result.get("income_statement", {}))
    for c in (result.get("contributions") or {}).values():
        accounts |= set(c)
    for e in result.get("eliminations", []):
        accounts |= {ln["account"] for ln in e.get("lines", [])}
    accounts |= {ln["account"] for ln in result.get("closing", [])}
    ordered = chart_order(chart, accounts)
    pl = [a for a in ordered if is_profit_account(chart, a, result)]
    return [a for a in ordered if a not in pl], pl


def _write_worksheet(ws: Worksheet, result: Mapping[str, Any], chart: Chart, fmt: str) -> dict[str, str]:
    """The consolidation worksheet; returns each account's Consolidated cell (``Worksheet!$J$5``)."""
    entities, steps = worksheet_columns(result)
    bs_accounts, pl_accounts = worksheet_accounts(result, chart)
    headers = ["Account", "Name", "Type", *entities, *[f"elim: {s}" for s in steps], "Closing", "Consolidated"]
    _header(ws, 1, headers)
    first_val = 4
    last_val = first_val + len(entities) + len(steps)  # Closing column
    cons_col = last_val + 1
    step_index = {s: first_val + len(entities) + i for i, s in enumerate(steps)}
    contributions = result.get("contributions") or {}

    def amounts_for(account: str) -> dict[int, Decimal]:
        vals: dict[int, Decimal] = {}
        for i, e in enumerate(entities):
            if account in contributions[e]:
                vals[first_val + i] = vals.get(first_val + i, Decimal(0)) + D(contributions[e][account])
        for e in result.get("eliminations", []):
            col = step_index[e.get("step") or e.get("kind", "")]
            for ln in e.get("lines", []):
                if ln["account"] == account:
                    vals[col] = vals.get(col, Decimal(0)) + D(ln["amount"])
        for ln in result.get("closing", []):
            if ln["account"] == account:
                vals[last_val] = vals.get(last_val, Decimal(0)) + D(ln["amount"])
        return vals

    row = 2
    cells: dict[str, str] = {}
    for section, accounts in (("Balance sheet", bs_accounts), ("Income statement", pl_accounts)):
        put(ws, row, 1, section).font = BOLD
        row += 1
        start = row
        for a in accounts:
            e = chart_entry(chart, a)
            put(ws, row, 1, a)
            put(ws, row, 2, e.name)
            put(ws, row, 3, e.type)
            for col, v in amounts_for(a).items():
                put(ws, row, col, v).number_format = fmt
            c = formula(ws, row, cons_col,
                        f"=SUM({get_column_letter(first_val)}{row}:{get_column_letter(last_val)}{row})")
            c.number_format = fmt
            c.font = BOLD
            cells[a] = f"{ws.title}!${get_column_letter(cons_col)}${row}"
            row += 1
        end = row - 1
        put(ws, row, 1, f"{section} total").font = BOLD
        note = ("Consolidated: 0 (closed)" if section == "Balance sheet"
                else "Consolidated: minus the profit")
        put(ws, row, 2, note).font = ITALIC
        if end >= start:
            for col in range(first_val, cons_col + 1):
                letter = get_column_letter(col)
                c = formula(ws, row, col, f"=SUM({letter}{start}:{letter}{end})")
                c.number_format = fmt
                c.font = BOLD
        row += 2
    ws.cell(row=row, column=1,
            value="Debit positive, credit negative. Consolidated = entities + eliminations + closing."
            ).font = ITALIC
    ws.freeze_panes = ws.cell(row=2, column=first_val)
    return cells


# ------------------------------------------------------------- statements as formulas

FIGURE_HEADERS = ["period", "statement", "key", "name", "amount"]
NOTE_FONT = Font(italic=True, color="AA5500")
FAILED_FONT = Font(bold=True, color="CC0000")


def _write_figures(ws: Worksheet, sset: StatementSet, result: Mapping[str, Any], chart: Chart, fmt: str,
                   worksheet: Mapping[str, str]) -> dict[Ref, str]:
    """The data sheet the statements reference: one row per figure; returns each figure's cell.

    The result's own balance sheet and income statement point at the Worksheet's Consolidated
    column (debit positive), so a statement traces through Figures to the entities' amounts."""
    _header(ws, 1, FIGURE_HEADERS)
    period = str(result.get("period", ""))
    out: dict[Ref, str] = {}
    for r, (ref, value) in enumerate(sset.figures.values.items(), start=2):
        p, block, key = ref
        put(ws, r, 1, p)
        put(ws, r, 2, block)
        put(ws, r, 3, key)
        if block in ("balance_sheet", "income_statement"):
            put(ws, r, 4, chart_entry(chart, key).name)
        if p == period and block in ("balance_sheet", "income_statement") and key in worksheet:
            c = formula(ws, r, 5, f"={worksheet[key]}")
        else:
            c = put(ws, r, 5, value)
        c.number_format = fmt
        out[ref] = f"Figures!$E${r}"
    put(ws, len(sset.figures.values) + 3, 1,
        "Balance sheet and income statement debit positive (the current period from the Worksheet); "
        "the statement set's figures in natural signs, as the result states them.").font = ITALIC
    ws.freeze_panes = "A2"
    return out


def _sum_formula(cells: list[tuple[str, int]]) -> str:
    """``=B5+B6-B9``; a run of added cells in one column becomes ``SUM(B5:B8)``; nothing is ``=0``."""
    if not cells:
        return "=0"
    if all(s == 1 for _, s in cells) and len(cells) > 2:
        rows = [int(c[1:]) if c[:1].isalpha() and c[1:].isdigit() else -1 for c, _ in cells]
        col = {c[0] for c, _ in cells}
        if len(col) == 1 and -1 not in rows and rows == list(range(rows[0], rows[0] + len(rows))):
            return f"=SUM({cells[0][0]}:{cells[-1][0]})"
        return "=SUM(" + ",".join(c for c, _ in cells) + ")"
    text = "".join(f"{'+' if s == 1 else '-'}{c}" for c, s in cells)
    return "=" + text.lstrip("+")


def write_grid(ws: Worksheet, grid: Grid, row: int, fmt: str, fig: Mapping[Ref, str]) -> int:
    """Write ``grid`` from ``row``: title, a header row (currency, columns), one row per line whose
    amounts are formulas over Figures and the rows above. Returns the next free row."""
    put(ws, row, 1, grid.title).font = TITLE
    row += 1
    head = row
    put(ws, row, 1, grid.currency).font = BOLD
    for j, c in enumerate(grid.columns, start=2):
        cell = put(ws, row, j, c)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, horizontal="right")
    ws.cell(row=row, column=1).fill = HEADER_FILL
    row += 1
    first = row
    for i, line in enumerate(grid.rows):
        r = first + i
        label = put(ws, r, 1, line.label)
        label.alignment = Alignment(indent=line.level * 2)
        if line.kind == "heading":
            label.font = BOLD
            continue
        font = BOLD if line.kind == "total" else ITALIC if line.kind == "subtotal" else None
        if font:
            label.font = font
        for j in range(len(grid.columns)):
            if line.values[j] is None:
                continue  # not available (said in the grid's notes)
            letter = get_column_letter(j + 2)
            if line.refs:
                ref = line.refs[j]
                if ref is None or ref not in fig:
                    continue
                text = f"={'-' if line.sign < 0 else ''}{fig[ref]}"
            else:
                text = _sum_formula([(f"{letter}{first + k}", s) for k, s in line.parts])
            c = formula(ws, r, j + 2, text)
            c.number_format = fmt
            if font:
                c.font = font
        if line.account:
            put(ws, r, len(grid.columns) + 2, line.account).font = Font(color="888888")
    row = first + len(grid.rows)
    for note in grid.notes:
        put(ws, row, 1, f"note: {note}").font = NOTE_FONT
        row += 1
    del head
    return row + 1


def _statement_sheet(wb: Workbook, name: str, result: Mapping[str, Any], failed: list[str]) -> Worksheet:
    """A statement's sheet: the group and period, the failed checks first; the grids start at row 4."""
    ws = wb.create_sheet(name)
    put(ws, 1, 1, f"{result.get('group', '')} — consolidated at {result.get('period', '')}").font = TITLE
    if failed:
        put(ws, 2, 1, "FAILED checks: " + ", ".join(failed) + " (see the Checks sheet)").font = FAILED_FONT
    else:
        put(ws, 2, 1, "Natural signs: assets, expenses, liabilities, equity and income shown positive; every "
                      "amount a formula over the Figures sheet.").font = ITALIC
    return ws


def _write_statements(wb: Workbook, result: Mapping[str, Any], chart: Chart, fmt: str, sset: StatementSet,
                      fig: Mapping[Ref, str]) -> list[str]:
    """One sheet per statement; returns their names."""
    failed = [str(c.get("name")) for c in [*result.get("checks", []), *result.get("statement_checks", [])]
              if not c.get("ok")]
    names = []

    def sheet(name: str, grids: list[Grid], extra: Any = None) -> None:
        ws = _statement_sheet(wb, name, result, failed)
        row = 4
        for g in grids:
            row = write_grid(ws, g, row, fmt, fig)
        if extra is not None:
            extra(ws, row)
        ws.freeze_panes = "B6" if grids else "A4"  # the title, the first grid's title and header repeat
        names.append(name)

    sheet("Balance sheet", [sset.balance_sheet])
    sheet("Income statement", [sset.income])
    if sset.comprehensive_income is not None:
        sheet("Comprehensive income", [sset.comprehensive_income])
    if sset.equity:
        sheet("Changes in equity", sset.equity)
    else:
        sheet("Changes in equity", [], lambda ws, row: write_equity_changes(ws, changes_in_equity(result, chart),
                                                                           row, fmt))
    if sset.cash_flows is not None:
        sheet("Cash flows", [sset.cash_flows])
    if sset.notes or sset.entities:
        sheet("Notes", sset.notes, lambda ws, row: _write_group_entities(ws, row, sset.entities))
    if sset.unavailable:
        put(wb["Balance sheet"], 3, 1, "Comprehensive income, changes in equity and cash flows are not available: "
            f"{sset.unavailable}.").font = NOTE_FONT
    return names


def _write_group_entities(ws: Worksheet, row: int, entities: list[dict[str, Any]]) -> None:
    if not entities:
        return
    put(ws, row, 1, "Subsidiaries and associates").font = TITLE
    row += 1
    for j, (_k, title) in enumerate(ENTITY_COLUMNS, start=1):
        c = put(ws, row, j, title)
        c.font = BOLD
        c.fill = HEADER_FILL
    for e in entities:
        row += 1
        for j, (k, _t) in enumerate(ENTITY_COLUMNS, start=1):
            v = _ratio_cell(e.get(k)) if k in ("interest", "votes") else e.get(k)
            c = put(ws, row, j, v)
            if k in ("interest", "votes") and isinstance(c.value, Decimal):
                c.number_format = "0.##%"


def _write_eliminations(ws: Worksheet, result: Mapping[str, Any], chart: Chart, fmt: str) -> None:
    _header(ws, 1, ["id", "step", "kind", "entity", "partner", "line entity", "account", "account name",
                    "amount", "reason"])
    row = 2
    for e in result.get("eliminations", []):
        for ln in e.get("lines", []):
            values = [e.get("id"), e.get("step") or e.get("kind"), e.get("kind"), e.get("entity"),
                      e.get("partner"), ln.get("entity"), ln["account"], chart_entry(chart, ln["account"]).name,
                      D(ln["amount"]), e.get("reason")]
            for col, v in enumerate(values, start=1):
                put(ws, row, col, v)
            ws.cell(row=row, column=9).number_format = fmt
            row += 1
    for ln in result.get("closing", []):
        values = ["closing", "closing", "closing", None, None, None, ln["account"],
                  chart_entry(chart, ln["account"]).name, D(ln["amount"]), ln.get("reason")]
        for col, v in enumerate(values, start=1):
            put(ws, row, col, v)
        ws.cell(row=row, column=9).number_format = fmt
        row += 1
    ws.freeze_panes = "A2"


def _write_ownership(ws: Worksheet, entities: Mapping[str, Mapping[str, Any]], fmt: str) -> None:
    _header(ws, 1, ["entity", "method", "direct holders", "effective", "nci", "goodwill", "nci amount", "cta"])
    row = 2
    for eid, e in entities.items():
        direct = ", ".join(f"{h} {share(s)}" for h, s in (e.get("direct") or {}).items())
        nci = e.get("nci") if e.get("method") == "full" else None
        values = [eid, e.get("method"), direct, _ratio_cell(e.get("effective")), _ratio_cell(nci)]
        for col, v in enumerate(values, start=1):
            c = put(ws, row, col, v)
            if col in (4, 5) and isinstance(c.value, Decimal):
                c.number_format = "0.##%"
        for col, key in ((6, "goodwill"), (7, "nci_amount"), (8, "cta")):
            if e.get(key) is not None:
                put(ws, row, col, D(e[key])).number_format = fmt
        row += 1
    ws.freeze_panes = "A2"


def _write_checks(ws: Worksheet, checks: Iterable[Mapping[str, Any]], currency: str = "") -> None:
    _header(ws, 1, ["check", "ok", "detail"])
    row = 2
    for c in checks:
        put(ws, row, 1, c.get("name"))
        ok = put(ws, row, 2, "ok" if c.get("ok") else "FAILED")
        if not c.get("ok"):
            ok.font = Font(bold=True, color="CC0000")
        put(ws, row, 3, check_detail(c, currency) or None)
        row += 1
    ws.freeze_panes = "A2"


def _write_matching(ws: Worksheet, result: Mapping[str, Any], chart: Chart, fmt: str) -> None:
    """Intercompany pairs with a difference, unmatched first and largest first: one row per side."""
    from .matching import pairs

    _header(ws, 1, ["pair", "kind", "status", "side entity", "account", "account name", "amount", "difference"])
    row = 2
    for p in pairs(result):
        for i, side in enumerate(p.sides or [None]):
            put(ws, row, 1, f"{p.entity} / {p.partner}")
            put(ws, row, 2, p.label)
            st = put(ws, row, 3, "matched" if p.within_tolerance else "UNMATCHED")
            if not p.within_tolerance:
                st.font = Font(bold=True, color="CC0000")
            if side is not None:
                put(ws, row, 4, side.entity)
                put(ws, row, 5, side.account)
                put(ws, row, 6, chart_entry(chart, side.account).name)
                put(ws, row, 7, side.amount).number_format = fmt
            if i == 0:
                put(ws, row, 8, p.difference).number_format = fmt
            row += 1
    if row == 2:
        put(ws, 2, 1, "Every intra-group pair matches exactly in this period (only pairs with a difference are listed).")
    put(ws, row + 1, 1, "Debit positive, credit negative; difference as the engine measured it.").font = ITALIC
    ws.freeze_panes = "A2"


def write_consolidation_pack(result: Mapping[str, Any], chart: Chart,
                             ownership: Mapping[str, Any] | None, path: str | os.PathLike[str],
                             warnings: Iterable[Any] = ()) -> Path:
    """Write the consolidation pack of a docs/format.md §8 result (with ``contributions``) to ``path``.

    ``ownership`` is the §8 ``entities`` mapping (or an object holding it
    under ``entities``); None uses ``result["entities"]``. Returns the path.
    """
    currency = result.get("currency", "")
    fmt = number_format(currency)
    entities = ownership if ownership is not None else result.get("entities", {})
    if "entities" in entities and isinstance(entities.get("entities"), Mapping):
        entities = entities["entities"]
    wb = Workbook()
    warnings = list(warnings)
    sset = statement_set(result, chart)
    placeholder = wb.active
    worksheet = wb.create_sheet("Worksheet")
    cells = _write_worksheet(worksheet, result, chart, fmt)
    figures_ws = wb.create_sheet("Figures")
    fig = _write_figures(figures_ws, sset, result, chart, fmt, cells)
    names = _write_statements(wb, result, chart, fmt, sset, fig)
    wb.remove(placeholder)
    for name in names:
        _fit_columns(wb[name], minimum=14, maximum=60)
    _fit_columns(worksheet, minimum=12)
    _fit_columns(figures_ws, maximum=60)
    _write_eliminations(wb.create_sheet("Eliminations"), result, chart, fmt)
    _fit_columns(wb["Eliminations"], maximum=90)
    _write_ownership(wb.create_sheet("Ownership"), entities, fmt)
    _fit_columns(wb["Ownership"])
    _write_checks(wb.create_sheet("Checks"), result.get("checks", []), currency)
    _fit_columns(wb["Checks"], maximum=90)
    _write_matching(wb.create_sheet("Matching"), result, chart, fmt)
    _fit_columns(wb["Matching"], maximum=48)
    if warnings:
        _write_rows(wb.create_sheet("Warnings"), ["rule", "entity", "account", "file", "row", "message"],
                    [[w.rule, w.entity, w.account, w.file, w.row, w.message] for w in warnings])
        _fit_columns(wb["Warnings"], maximum=90)
    # the statements first, then the worksheet and the figures they reference, then the rest
    order = [*names, "Worksheet", "Figures"]
    for i, name in enumerate(order):
        wb.move_sheet(name, offset=i - wb.sheetnames.index(name))
    return _save_atomic(wb, path)


# ------------------------------------------------------------------- simulation

def _write_change(ws: Worksheet, sim: Mapping[str, Any], chart: Chart, fmt: str) -> None:
    from .terminal import headline

    put(ws, 1, 1, f"Event {sim.get('event', '')}: change in the consolidated statements").font = TITLE
    put(ws, 2, 1, headline(sim)).font = BOLD
    _header(ws, 4, ["account", "name", "statement", "before", "after", "change"])
    row = 5
    before = sim.get("consolidated_before") or {}
    after = sim.get("consolidated_after") or {}
    change = sim.get("consolidated_change") or {}
    for part in ("balance_sheet", "income_statement"):
        for a in chart_order(chart, change.get(part) or {}):
            e = chart_entry(chart, a)
            b = D((before.get(part) or {}).get(a, "0"))
            af = D((after.get(part) or {}).get(a, "0"))
            values = [a, e.name, part.replace("_", " "), natural(b, e.type), natural(af, e.type),
                      natural(D(change[part][a]), e.type)]
            for col, v in enumerate(values, start=1):
                c = put(ws, row, col, v)
                if col >= 4:
                    c.number_format = fmt
            row += 1
    put(ws, row + 1, 1, "Natural signs.").font = ITALIC
    ws.freeze_panes = "A5"


def _write_entities_after(ws: Worksheet, sim: Mapping[str, Any], chart: Chart, fmt: str,
                          currencies: Mapping[str, str] | None = None) -> None:
    """Account x entity after the event, each entity in its own currency (named under its id)."""
    ents = sim.get("entities_after") or {}
    names = list(ents)
    currencies = currencies or {}
    _header(ws, 1, ["account", "name", "type", *names])
    for i, n in enumerate(names, start=4):
        cur = (ents[n] or {}).get("currency") or currencies.get(n)
        if cur:
            put(ws, 2, i, cur).font = ITALIC
    row = 3
    for part in ("balance_sheet", "income_statement"):
        accounts = chart_order(chart, {a for b in ents.values() for a in (b.get(part) or {})})
        if not accounts:
            continue
        put(ws, row, 1, part.replace("_", " ").capitalize()).font = BOLD
        row += 1
        for a in accounts:
            e = chart_entry(chart, a)
            put(ws, row, 1, a)
            put(ws, row, 2, e.name)
            put(ws, row, 3, e.type)
            for i, n in enumerate(names, start=4):
                v = (ents[n].get(part) or {}).get(a)
                if v is not None:
                    cur = (ents[n] or {}).get("currency") or currencies.get(n)
                    put(ws, row, i, natural(D(v), e.type)).number_format = number_format(cur) if cur else fmt
            row += 1
    put(ws, row + 1, 1, "Natural signs; balance sheets closed (the event's profit is in retained earnings).").font = ITALIC
    ws.freeze_panes = "D3"


def _write_entries(ws: Worksheet, sim: Mapping[str, Any], chart: Chart, fmt: str) -> None:
    _header(ws, 1, ["entity", "account", "name", "amount", "reason"])
    row = 2
    for e in sim.get("entity_entries") or []:
        for ln in e.get("lines", []):
            values = [ln.get("entity") or e.get("entity"), ln["account"], chart_entry(chart, ln["account"]).name,
                      D(ln["amount"]), e.get("reason")]
            for col, v in enumerate(values, start=1):
                put(ws, row, col, v)
            ws.cell(row=row, column=4).number_format = fmt
            row += 1
    put(ws, row + 1, 1, "Debit positive, credit negative.").font = ITALIC
    ws.freeze_panes = "A2"


def _write_rows(ws: Worksheet, headers: list[str], rows: Iterable[list[Any]]) -> None:
    _header(ws, 1, headers)
    for r, values in enumerate(rows, start=2):
        for col, v in enumerate(values, start=1):
            put(ws, r, col, v)
    ws.freeze_panes = "A2"


def write_simulation_pack(sim: Mapping[str, Any], chart: Chart, path: str | os.PathLike[str],
                          currency: str = "", currencies: Mapping[str, str] | None = None) -> Path:
    """Write the simulation pack of a docs/format.md §9 result to ``path``; returns the path.

    ``currency``: the group's reporting currency (sets the number format);
    ``currencies``: each entity's own currency, for the Entities after sheet.
    """
    currency = currency or sim.get("currency", "")
    fmt = number_format(currency)
    wb = Workbook()
    first = True
    for title, key in (("Before", "consolidated_before"), ("After", "consolidated_after")):
        ws = wb.active if first else wb.create_sheet(title)
        ws.title = title
        first = False
        put(ws, 1, 1, f"Event {sim.get('event', '')}: consolidated, {title.lower()}").font = TITLE
        bs, is_ = block_statements(sim.get(key) or {}, chart, currency, label=f"Consolidated, {title.lower()}")
        row = write_statement(ws, bs, 3, fmt)
        write_statement(ws, is_, row, fmt)
        ws.freeze_panes = "A2"
        _fit_columns(ws, maximum=48)
    _write_change(wb.create_sheet("Change"), sim, chart, fmt)
    _fit_columns(wb["Change"], maximum=60)
    _write_entities_after(wb.create_sheet("Entities after"), sim, chart, fmt, currencies or {})
    _fit_columns(wb["Entities after"], minimum=10, maximum=48)
    _write_entries(wb.create_sheet("Entries"), sim, chart, fmt)
    _fit_columns(wb["Entries"], maximum=90)
    _write_rows(wb.create_sheet("Legal checks"), ["entity", "rule", "applies", "explanation", "citation"],
                [[i.get("entity"), i.get("rule"), "yes" if i.get("applies") else "no", i.get("explanation"),
                  i.get("citation")] for i in sim.get("legal") or []])
    _fit_columns(wb["Legal checks"], maximum=90)
    _write_rows(wb.create_sheet("Facts after"),
                ["entity", "concept", "value", "unit", "period start", "as of", "basis", "combined from"],
                [[f.get("entity"), f.get("concept"), _ratio_cell(f.get("value")), f.get("unit"),
                  f.get("period_start"), f.get("as_of"), f.get("basis"), ", ".join(f.get("combined_from") or [])]
                 for f in sim.get("facts_after") or []])
    _fit_columns(wb["Facts after"])
    return _save_atomic(wb, path)
