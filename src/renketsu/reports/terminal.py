"""Rich renderables for ``consolidate --format table`` and ``simulate --format table``.

Functions return lists of renderables; nothing here prints except
:func:`print_renderables`, which a command calls with its console. Amounts use
natural signs (see :mod:`renketsu.reports.statements`), thousands separators
and the currency's decimals. Every user-supplied string is passed as a
``rich.text.Text`` (never as markup), so a name like ``[bold]`` stays literal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from rich import box
from rich.console import Console, ConsoleRenderable, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from renketsu.model.money import D, currency_decimals

from . import text as fmt
from .statements import (
    Chart,
    EquityChanges,
    Statement,
    account_text,
    block_statements,
    changes_in_equity,
    chart_entry,
    chart_order,
    elimination_steps,
    natural,
)
from .statement_set import Grid, StatementSet, statement_set
from .text import term, visible


def fmt_amount(amount: Decimal | str | None, decimals: int) -> str:
    """``1234567.5`` -> ``1,234,567.50`` (``decimals`` places, for display only)."""
    return fmt.amount(amount, decimals)


def _decimals(currency: str) -> int:
    return currency_decimals(currency) if currency else 2


# ------------------------------------------------------------------ the wide-text rule
#
# One rule for every table: numbers, dates and ids are never wrapped or cut
# (``no_wrap`` and a minimum width of their longest cell); labels may wrap;
# long text (reasons, explanations, citations, details) is never a column: it
# goes in a numbered list under the table. When the numbers alone do not fit
# the width, the number columns are split over several tables, each repeating
# the label column.

UNLIMITED = 10_000


def _cell_width(x: Any) -> int:
    return Text(x).cell_len if isinstance(x, str) else (x.cell_len if isinstance(x, Text) else len(str(x)))


def _header_width(h: str) -> int:
    return max((len(w) for w in h.split()), default=0)


def _number_groups(widths: list[int], width: int, label_w: int) -> list[list[int]]:
    """Indices of number columns (each ``widths[i]`` wide) packed greedily into tables that fit ``width``.

    A rich table costs, per column, its width, two of padding and one divider; and one more
    for the edges (``sum(w) + 3 * n + 1``).
    """
    groups: list[list[int]] = [[]]
    used = label_w + 4
    for i, w in enumerate(widths):
        if groups[-1] and used + w + 3 > width:
            groups.append([])
            used = label_w + 4
        groups[-1].append(i)
        used += w + 3
    return groups


def _notes_list(notes: list[tuple[str, str]]) -> ConsoleRenderable:
    """``[(key, long text)]`` as an indented list under a table."""
    t = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1, 0, 0))
    t.add_column(no_wrap=True, style="bold")
    t.add_column(style="dim")
    for key, text in notes:
        t.add_row(term(key), term(text))
    return Padding(t, (0, 0, 1, 2))


def statement_table(st: Statement) -> Table:
    """A statement as a two-column table: indented labels, right-aligned natural-sign amounts."""
    dec = _decimals(st.currency)
    t = Table(title=Text(visible(st.title), style="bold"), box=box.SIMPLE_HEAD, show_header=True,
              title_justify="left", pad_edge=False)
    t.add_column("", min_width=20)
    widest = max([len(fmt_amount(ln.amount, dec)) for ln in st.lines if ln.amount is not None] or [0])
    t.add_column(st.currency or "amount", justify="right", no_wrap=True, min_width=max(widest, 10))
    for line in st.lines:
        label = term("  " * line.level + line.label)
        if line.kind == "heading":
            label.stylize("bold underline")
            t.add_row(label, "")
            continue
        amount = Text(fmt_amount(line.amount, dec))
        if line.kind in ("subtotal", "total"):
            label.stylize("bold" if line.kind == "total" else "italic")
            amount.stylize("bold" if line.kind == "total" else "italic")
        t.add_row(label, amount, end_section=line.kind == "total")
    return t


def _with_notes(table: ConsoleRenderable, notes: Iterable[str]) -> ConsoleRenderable:
    notes = list(notes)
    if not notes:
        return table
    return Group(table, *[term("note: " + n, style="yellow") for n in notes])


def equity_changes_table(eq: EquityChanges, width: int = UNLIMITED) -> ConsoleRenderable:
    """The statement of changes in equity; when its number columns do not fit ``width``
    they are split over several tables, each repeating the row labels (numbers are never cut)."""
    dec = _decimals(eq.currency)
    cols = [[fmt_amount(values[i], dec) for _, values in eq.rows] for i in range(len(eq.columns))]
    widths = [max([_header_width(h), *(len(v) for v in col)]) for h, col in zip(eq.columns, cols)]
    label_w = min(max((len(label) for label, _ in eq.rows), default=8), 20)
    groups = _number_groups(widths, width, label_w)
    tables: list[ConsoleRenderable] = []
    for g, idx in enumerate(groups):
        title = eq.title if len(groups) == 1 else f"{eq.title} ({g + 1} of {len(groups)})"
        tables.append(Text(visible(title), style="bold"))  # above the table: a narrow table would wrap it
        t = Table(box=box.SIMPLE_HEAD)
        t.add_column("", width=label_w)
        for i in idx:
            t.add_column(eq.columns[i], justify="right", width=widths[i])
        for r, (label, _values) in enumerate(eq.rows):
            style = "bold" if label.startswith("Closing") else None
            t.add_row(term(label), *[Text(cols[i][r], no_wrap=True) for i in idx], style=style)
        tables.append(t)
    return _with_notes(Group(*tables), eq.notes)


NOT_AVAILABLE = "—"


def grid_table(grid: Grid, width: int = UNLIMITED) -> ConsoleRenderable:
    """A :class:`~renketsu.reports.statement_set.Grid`: indented labels, one right-aligned natural-sign
    column per period (or component, or subsidiary). Under the wide-text rule: when the number
    columns do not fit ``width`` they are split over several tables, each repeating the labels;
    "—" marks a figure that is not available; the grid's notes are listed under it."""
    dec = _decimals(grid.currency)
    cols = [[(NOT_AVAILABLE if r.values[i] is None else fmt_amount(r.values[i], dec)) if r.kind != "heading" else ""
             for r in grid.rows] for i in range(len(grid.columns))]
    widths = [max([_header_width(h), *(len(v) for v in col), 3]) for h, col in zip(grid.columns, cols)]
    longest = max((len(visible(r.label)) + 2 * r.level for r in grid.rows), default=8)
    room = width - sum(w + 3 for w in widths) - 4  # what the label may take when every column fits
    label_w = max(min(longest, room), min(longest, 20))
    groups = _number_groups(widths, width, label_w)
    parts: list[ConsoleRenderable] = []
    for g, idx in enumerate(groups):
        title = grid.title if len(groups) == 1 else f"{grid.title} ({g + 1} of {len(groups)})"
        parts.append(term(title, style="bold"))  # above the table: a narrow table would wrap it
        t = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        t.add_column(grid.currency, width=label_w)
        for i in idx:  # a header wraps at its words; the numbers never do
            t.add_column(grid.columns[i], justify="right", width=widths[i])
        for r, row in enumerate(grid.rows):
            label = term("  " * row.level + row.label)
            if row.kind == "heading":
                label.stylize("bold underline")
                t.add_row(label, *["" for _ in idx])
                continue
            style = "bold" if row.kind == "total" else "italic" if row.kind == "subtotal" else None
            cells = [Text(cols[i][r], style="dim" if cols[i][r] == NOT_AVAILABLE else (style or ""), no_wrap=True)
                     for i in idx]
            if style:
                label.stylize(style)
            t.add_row(label, *cells, end_section=row.kind == "total")
        parts.append(t)
    return _with_notes(Group(*parts), grid.notes)


def group_entities_table(entities: Iterable[Mapping[str, Any]]) -> ConsoleRenderable | None:
    """IFRS 12: subsidiaries and associates with country, currency, interest, votes and method."""
    entities = list(entities)
    if not entities:
        return None
    t = Table(title=Text("Subsidiaries and associates", style="bold"), box=box.SIMPLE_HEAD, title_justify="left")
    for col, just in (("entity", "left"), ("name", "left"), ("country", "left"), ("currency", "left"),
                      ("method", "left"), ("interest", "right"), ("votes", "right")):
        t.add_column(col, justify=just, no_wrap=col != "name")  # type: ignore[arg-type]
    for e in entities:
        t.add_row(term(e.get("entity", "")), term(e.get("name", "")), term(e.get("country") or ""),
                  term(e.get("currency") or ""), term(e.get("method", "")), Text(fmt.share(e.get("interest"))),
                  Text(fmt.share(e.get("votes"))))
    return t


def statement_set_items(result: Mapping[str, Any], chart: Chart, width: int = UNLIMITED,
                        sset: StatementSet | None = None) -> list[ConsoleRenderable]:
    """Balance sheet, income statement, comprehensive income, changes in equity, cash flows and the notes,
    each with the comparative beside it when the result holds one."""
    s = sset or statement_set(result, chart)
    items: list[ConsoleRenderable] = [grid_table(s.balance_sheet, width), grid_table(s.income, width)]
    if s.unavailable:
        items.append(term("Comprehensive income, the engine's statement of changes in equity and cash flows are not "
                          f"available: {s.unavailable}.", style="yellow"))
    if s.comprehensive_income is not None:
        items.append(grid_table(s.comprehensive_income, width))
    if s.equity:
        items += [grid_table(g, width) for g in s.equity]
        if result.get("comparative") and len(s.equity) == 1:
            items.append(term(f"The comparative statement of changes in equity for {result['comparative'].get('period')} "
                              "is not shown: it needs the trial balances of the year before it.", style="yellow"))
    else:
        items.append(equity_changes_table(changes_in_equity(result, chart), width))
    if s.cash_flows is not None:
        items.append(grid_table(s.cash_flows, width))
    if s.notes or s.entities:
        items.append(Text("Notes", style="bold underline"))
        items += [grid_table(g, width) for g in s.notes]
        ent = group_entities_table(s.entities)
        if ent is not None:
            items.append(ent)
    return items


def all_checks(result: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The result's checks and its statement set's (``statement_checks``)."""
    return [*(result.get("checks") or []), *(result.get("statement_checks") or [])]


def eliminations_table(result: Mapping[str, Any], chart: Chart) -> ConsoleRenderable:
    """Eliminations grouped by step: each entry's lines (debit positive); the reasons listed under each step."""
    dec = _decimals(result.get("currency", ""))
    parts: list[ConsoleRenderable] = [Text("Eliminations (debit positive, credit negative)", style="bold")]
    elims = result.get("eliminations", [])
    if not elims:
        parts.append(Text("  none"))
    for step in elimination_steps(result):
        t = Table(title=term(f"step: {step}", style="bold cyan"), box=box.SIMPLE, title_justify="left",
                  show_header=True)
        t.add_column("id", no_wrap=True)
        t.add_column("entity", no_wrap=True)
        t.add_column("account")
        t.add_column("amount", justify="right", no_wrap=True)
        reasons: list[tuple[str, str]] = []
        for e in elims:
            if (e.get("step") or e.get("kind", "")) != step:
                continue
            head = f"{e.get('kind', '')}: {e.get('entity', '')}"
            if e.get("partner"):
                head += f" / {e['partner']}"
            reasons.append((str(e.get("id", "")), f"{head.replace('_', ' ')} — {fmt.numbers_in(str(e.get('reason', '')), result.get('currency'))}"))
            first = True
            for ln in e.get("lines", []):
                t.add_row(term(e.get("id", "") if first else "", style="bold"), term(ln.get("entity", "")),
                          term(account_text(chart, ln["account"])), Text(fmt_amount(ln["amount"], dec)))
                first = False
        parts.append(t)
        if reasons:
            parts.append(_notes_list(reasons))
    return Group(*parts)


def failed_checks(result: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [c for c in all_checks(result) if not c.get("ok")]


def checks_table(checks: Iterable[Mapping[str, Any]], currency: str = "") -> ConsoleRenderable:
    """Checks, failures first: name and result; each detail listed under the table."""
    checks = sorted(checks, key=lambda c: bool(c.get("ok")))
    t = Table(title=Text("Checks", style="bold"), box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("check", no_wrap=True)
    t.add_column("result", no_wrap=True)
    details: list[tuple[str, str]] = []
    for c in checks:
        ok = bool(c.get("ok"))
        t.add_row(term(c.get("name", "")), Text("ok" if ok else "FAILED", style="green" if ok else "bold red"))
        d = fmt.check_detail(c, currency)
        if d:
            details.append((str(c.get("name", "")), d))
    return Group(t, _notes_list(details)) if details else t


def failure_banner(result: Mapping[str, Any]) -> ConsoleRenderable | None:
    """The failed checks as the first thing a reader sees, or None when every check passed."""
    failed = failed_checks(result)
    if not failed:
        return None
    body = Text()
    body.append(f"{len(failed)} check{'s' if len(failed) != 1 else ''} FAILED", style="bold red")
    body.append(" — these statements are not reliable until it is resolved.\n")
    for c in failed:
        body.append("  " + visible(c.get("name", "")), style="bold")
        body.append(": " + visible(fmt.check_detail(c, result.get("currency"))) + "\n")
    body.rstrip()
    return Panel(body, border_style="red", expand=False)


def matching_table(result: Mapping[str, Any], chart: Chart, *, unmatched_only: bool = True) -> ConsoleRenderable | None:
    """Each unmatched intercompany pair with both sides, their accounts and the difference, largest first."""
    from .matching import pairs

    dec = _decimals(result.get("currency", ""))
    shown = pairs(result, unmatched_only=unmatched_only)
    if not shown:
        return None
    t = Table(title=Text("Intercompany pairs above tolerance (largest difference first)", style="bold red"),
              box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("pair", no_wrap=True)
    t.add_column("side", no_wrap=True)
    t.add_column("account")
    t.add_column("amount", justify="right", no_wrap=True)
    t.add_column("difference", justify="right", no_wrap=True)
    for p in shown:
        for i, side in enumerate(p.sides):
            t.add_row(term(f"{p.entity} / {p.partner}" if i == 0 else ""), term(side.entity),
                      term(account_text(chart, side.account)), Text(fmt_amount(side.amount, dec)),
                      Text(fmt_amount(p.difference, dec), style="bold") if i == 0 else "",
                      end_section=i == len(p.sides) - 1)
    return t


def entities_table(entities: Mapping[str, Mapping[str, Any]], currency: str = "") -> Table:
    dec = _decimals(currency)
    t = Table(title=Text("Entities", style="bold"), box=box.SIMPLE_HEAD, title_justify="left")
    for col, just in (("entity", "left"), ("method", "left"), ("held by", "left"), ("effective", "right"),
                      ("nci", "right"), ("goodwill", "right"), ("nci amount", "right")):
        t.add_column(col, justify=just, no_wrap=col != "held by")  # type: ignore[arg-type]
    for eid, e in entities.items():
        direct = ", ".join(f"{h} {fmt.share(s)}" for h, s in (e.get("direct") or {}).items())
        full = e.get("method") == "full"
        t.add_row(term(eid), term(e.get("method", "")), term(direct), Text(fmt.share(e.get("effective"))),
                  Text(fmt.share(e.get("nci")) if full else ""), Text(fmt_amount(e.get("goodwill"), dec)),
                  Text(fmt_amount(e.get("nci_amount"), dec) if full else ""))
    return t


def warnings_list(warnings: Iterable[Any]) -> ConsoleRenderable | None:
    """Plausibility warnings (not errors), each naming its file and row."""
    ws = list(warnings)
    if not ws:
        return None
    body = Text()
    body.append(f"{len(ws)} plausibility warning{'s' if len(ws) != 1 else ''} ", style="bold yellow")
    body.append("(not errors; silence one with --silence RULE:ENTITY[:ACCOUNT])\n", style="dim")
    for w in ws:
        body.append(f"  warning {visible(w.rule)} ", style="yellow")
        body.append(visible(w.text()) + "\n")
    body.rstrip()
    return body


def render_consolidation(result: Mapping[str, Any], chart: Chart, *, width: int = UNLIMITED,
                         warnings: Iterable[Any] = ()) -> list[ConsoleRenderable]:
    """Renderables for ``consolidate --format table``: failed checks and unmatched intercompany
    pairs first, then statements, equity changes, entities, eliminations by step, checks."""
    head = term(f"{result.get('group', '')} — consolidated at {result.get('period', '')} "
                f"({result.get('currency', '')})", style="bold")
    items: list[ConsoleRenderable] = [head]
    banner = failure_banner(result)
    if banner is not None:
        items.append(banner)
    match = matching_table(result, chart)
    if match is not None:
        items.append(match)
    wl = warnings_list(warnings)
    if wl is not None:
        items.append(wl)
    items += statement_set_items(result, chart, width)
    if result.get("entities"):
        items.append(entities_table(result["entities"], result.get("currency", "")))
    items.append(eliminations_table(result, chart))
    if all_checks(result):
        items.append(checks_table(all_checks(result), result.get("currency", "")))
    if result.get("added_accounts"):
        items.append(term("Accounts added by the engine for roles the chart lacks: "
                          + ", ".join(chart_entry(chart, a).name.replace(" (added by the engine)", "")
                                      for a in result["added_accounts"]), style="yellow"))
    return items


# ------------------------------------------------------------------- simulation

def _is_empty_change(sim: Mapping[str, Any]) -> bool:
    ch = sim.get("consolidated_change") or {}
    return not ch.get("balance_sheet") and not ch.get("income_statement")


def comparison_table(sim: Mapping[str, Any], chart: Chart, currency: str = "") -> Table:
    """Consolidated before / after / change per account, natural signs."""
    dec = _decimals(currency)
    before = sim.get("consolidated_before") or {}
    after = sim.get("consolidated_after") or {}
    t = Table(title=Text("Consolidated position: before, after, change", style="bold"),
              box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("account")
    t.add_column("before", justify="right", no_wrap=True)
    t.add_column("after", justify="right", no_wrap=True)
    t.add_column("change", justify="right", no_wrap=True)
    for part in ("balance_sheet", "income_statement"):
        b = {k: D(v) for k, v in (before.get(part) or {}).items()}
        a = {k: D(v) for k, v in (after.get(part) or {}).items()}
        accounts = chart_order(chart, set(a) | set(b))
        if not accounts:
            continue
        t.add_row(Text(part.replace("_", " ").capitalize(), style="bold underline"), "", "", "")
        for acc in accounts:
            typ = chart_entry(chart, acc).type
            vb, va = b.get(acc, Decimal(0)), a.get(acc, Decimal(0))
            change = Text(fmt_amount(natural(va - vb, typ), dec)) if va != vb else Text("—", style="dim")
            t.add_row(term(f"  {account_text(chart, acc)}"), fmt_amount(natural(vb, typ), dec),
                      fmt_amount(natural(va, typ), dec), change)
    return t


def legal_table(legal: Iterable[Mapping[str, Any]]) -> ConsoleRenderable:
    """Companies Act checks: entity, rule, applies; each explanation and citation listed under the table."""
    t = Table(title=Text("Companies Act checks", style="bold"), box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("#", no_wrap=True, justify="right")
    t.add_column("entity", no_wrap=True)
    t.add_column("rule")
    t.add_column("applies", no_wrap=True)
    notes: list[tuple[str, str]] = []
    for n, item in enumerate(legal, start=1):
        applies = bool(item.get("applies"))
        t.add_row(str(n), term(item.get("entity", "")), term(item.get("rule", "")),
                  Text("yes" if applies else "no", style="green" if applies else "dim"))
        text = fmt.numbers_in(str(item.get("explanation", "")))
        if item.get("citation"):
            text += f" [{item['citation']}]"
        notes.append((f"{n}.", text))
    return Group(t, _notes_list(notes)) if notes else t


def entries_table(entries: Iterable[Mapping[str, Any]], chart: Chart, currency: str = "",
                  currencies: Mapping[str, str] | None = None) -> ConsoleRenderable:
    t = Table(title=Text("Entries in the entities' books (debit positive)", style="bold"),
              box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("#", no_wrap=True, justify="right")
    t.add_column("entity", no_wrap=True)
    t.add_column("account")
    t.add_column("amount", justify="right", no_wrap=True)
    t.add_column("cur", no_wrap=True)
    notes: list[tuple[str, str]] = []
    for n, e in enumerate(entries, start=1):
        first = True
        for ln in e.get("lines", []):
            ent = ln.get("entity") or e.get("entity", "")
            cur = (currencies or {}).get(ent, currency)
            t.add_row(str(n) if first else "", term(ent, style="bold"), term(account_text(chart, ln["account"])),
                      Text(fmt_amount(ln["amount"], _decimals(cur))), term(cur))
            first = False
        if e.get("reason"):
            notes.append((f"{n}.", fmt.numbers_in(str(e["reason"]), currency)))
    return Group(t, _notes_list(notes)) if notes else t


def entities_after_tables(sim: Mapping[str, Any], chart: Chart, currency: str = "",
                          currencies: Mapping[str, str] | None = None) -> list[ConsoleRenderable]:
    """Each entity's statements after the event, in the entity's own currency."""
    out: list[ConsoleRenderable] = []
    for eid, block in (sim.get("entities_after") or {}).items():
        cur = block.get("currency") or (currencies or {}).get(eid) or currency
        bs, is_ = block_statements(block, chart, cur, label=f"{eid} after the event")
        out.append(Padding(statement_table(bs), (0, 0, 0, 2)))
        if block.get("income_statement"):
            out.append(Padding(statement_table(is_), (0, 0, 0, 2)))
    return out


def facts_table(facts: Iterable[Mapping[str, Any]]) -> ConsoleRenderable:
    facts = list(facts)
    if not facts:
        return Text("Facts after: none in the workspace.", style="dim")
    t = Table(title=Text("Facts after the event (each with its own date and basis)", style="bold"),
              box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("#", no_wrap=True, justify="right")
    t.add_column("entity", no_wrap=True)
    t.add_column("concept")
    t.add_column("value", justify="right", no_wrap=True)
    t.add_column("unit")
    t.add_column("as of", no_wrap=True)
    notes: list[tuple[str, str]] = []
    for n, f in enumerate(facts, start=1):
        value = f.get("value", "")
        try:
            value = f"{D(value):,}"
        except (ValueError, ArithmeticError):  # a non-numeric fact value is shown as given
            value = str(value)
        t.add_row(str(n), term(f.get("entity", "")), term(f.get("concept", "")), Text(value),
                  term(f.get("unit", "")), term(f.get("as_of", "")))
        bits = []
        if f.get("period_start"):
            bits.append(f"period {f['period_start']} .. {f.get('as_of', '')}")
        if f.get("basis"):
            bits.append(f"basis {f['basis']}")
        if f.get("combined_from"):
            bits.append("combined from " + ", ".join(f["combined_from"]))
        if bits:
            notes.append((f"{n}.", "; ".join(bits)))
    return Group(t, _notes_list(notes)) if notes else t


def headline(sim: Mapping[str, Any]) -> str:
    """The one-sentence conclusion an analyst would lead with."""
    if _is_empty_change(sim):
        return "No direct impact on the consolidated financial statements."
    ch = sim.get("consolidated_change") or {}
    n = len(ch.get("balance_sheet") or {}) + len(ch.get("income_statement") or {})
    return f"The consolidated financial statements change on {n} account{'s' if n != 1 else ''}."


_RULE_NAMES = {
    "jp.simplified_merger": "simplified merger",
    "jp.short_form_merger": "short-form merger",
    "jp.creditor_protection": "creditor protection",
    "jp.appraisal_rights": "appraisal rights",
}


#: The rules that decide which shareholders' meetings a merger needs.
_PROCEDURE_RULES = frozenset(list(_RULE_NAMES)[:2])


def memo_points(sim: Mapping[str, Any], chart: Chart, currency: str = "") -> Text:
    """The key points of a simulation in a few lines: what happens, its consolidated effect,
    the procedure, what each company books to income, and the headline facts after."""
    dec = _decimals(currency)
    out = Text()

    def point(label: str, body: str) -> None:
        out.append("• ", style="bold")
        out.append(f"{visible(label)}: ", style="bold")
        out.append(visible(body) + "\n")

    kind, effective = sim.get("kind", "event"), sim.get("effective", "")
    after = sim.get("entities_after") or {}
    dissolved = [e for e, v in after.items() if v.get("dissolved")]
    what = f"{kind} effective {effective}" if effective else kind
    if dissolved:
        what += f"; {', '.join(dissolved)} dissolved"
    if sim.get("position_date"):
        what += f"; figures at {sim['position_date']}, the day before"
    point("Event", what)
    ch = sim.get("consolidated_change") or {}
    changed = {**(ch.get("balance_sheet") or {}), **(ch.get("income_statement") or {})}
    if not changed:
        point("Consolidated", "no line changes")
    else:
        parts = [f"{chart_entry(chart, a)[0] if chart_entry(chart, a) else a} {fmt_amount(v, dec)}"
                 for a, v in list(changed.items())[:6]]
        point("Consolidated", "; ".join(parts) + (" ..." if len(changed) > 6 else "") + " (debit +, credit −)")
    for item in sim.get("legal") or []:
        if item.get("rule") in _PROCEDURE_RULES:
            name = _RULE_NAMES.get(item["rule"], item["rule"])
            point("Procedure", f"{name} at {item.get('entity')}: {'applies' if item.get('applies') else 'does not apply'}"
                  f" ({item.get('citation', '')})")
    for item in sim.get("legal") or []:
        if item.get("rule") == "jp.creditor_protection" and item.get("inputs", {}).get("latest_notice_date"):
            point("Creditors", f"notices at {item.get('entity')} by {item['inputs']['latest_notice_date']}")
            break
    for entity, v in after.items():
        for acc, amount in (v.get("income_statement") or {}).items():
            entry = chart_entry(chart, acc)
            value = Decimal(str(amount))
            shown = -value if entry.type == "income" else value  # natural sign: a gain or a loss is positive
            point(f"{entity}'s own books", f"{entry.name} {fmt_amount(shown, dec)}")
    for f in sim.get("facts_after") or []:
        if f.get("concept") in ("employees", "revenue"):
            when = f"{f.get('period_start')}..{f.get('as_of')}" if f.get("period_start") else f"at {f.get('as_of')}"
            note = f"; {f['note']}" if f.get("note") else ""
            point(f"After ({f['concept']})", f"{fmt_amount(f.get('value'), 0)} {f.get('unit', '')} {when}, "
                  f"{str(f.get('basis', '')).replace('_', '-')}, {' + '.join(f.get('combined_from') or [])}{note}")
    for note in sim.get("notes") or []:
        point("Note", note)
    return out


def render_simulation(sim: Mapping[str, Any], chart: Chart, currency: str = "", *,
                      currencies: Mapping[str, str] | None = None, width: int = UNLIMITED) -> list[ConsoleRenderable]:
    """Renderables for ``simulate --format table``, read top-down like a memo on the announcement.

    ``currency`` (the group's reporting currency) sets the decimals; §9 results
    carry none, so without it amounts show two decimals (``sim["currency"]`` is
    used when an engine adds it).
    """
    currency = currency or sim.get("currency", "")
    items: list[ConsoleRenderable] = [
        Panel(Text(headline(sim), style="bold"), title=term(f"event {sim.get('event', '')}"),
              title_align="left", expand=False),
    ]
    banner = failure_banner(sim)
    if banner is not None:
        items.append(banner)
    items += [
        memo_points(sim, chart, currency),
        comparison_table(sim, chart, currency),
    ]
    if sim.get("legal"):
        items.append(legal_table(sim["legal"]))
    items.append(entries_table(sim.get("entity_entries") or [], chart, currency, currencies))
    ea = entities_after_tables(sim, chart, currency, currencies)
    if ea:
        items.append(Text("Entities after the event", style="bold"))
        items += ea
    items.append(facts_table(sim.get("facts_after") or []))
    if sim.get("checks"):
        items.append(checks_table(sim["checks"], currency))
    return items


def print_renderables(console: Console, items: Iterable[ConsoleRenderable]) -> None:
    """Print each renderable followed by a blank line."""
    for item in items:
        console.print(item)
        console.print()
