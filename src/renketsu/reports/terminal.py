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

from .statements import (
    Chart,
    EquityChanges,
    Statement,
    account_label,
    balance_sheet,
    block_statements,
    changes_in_equity,
    chart_order,
    elimination_steps,
    format_amount,
    income_statement,
    natural,
    chart_entry,
)


def fmt_amount(amount: Decimal | str | None, decimals: int) -> str:
    """``1234567.5`` -> ``1,234,567.50`` (``decimals`` places, for display only)."""
    return format_amount(amount, decimals)


def _decimals(currency: str) -> int:
    return currency_decimals(currency) if currency else 2


def statement_table(st: Statement) -> Table:
    """A statement as a two-column table: indented labels, right-aligned natural-sign amounts."""
    dec = _decimals(st.currency)
    t = Table(title=Text(st.title, style="bold"), box=box.SIMPLE_HEAD, show_header=True,
              title_justify="left", pad_edge=False)
    t.add_column("", min_width=30)
    t.add_column(st.currency or "amount", justify="right", min_width=14)
    for line in st.lines:
        label = Text("  " * line.level + line.label)
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


def _with_notes(table: Table, notes: Iterable[str]) -> ConsoleRenderable:
    notes = list(notes)
    if not notes:
        return table
    return Group(table, *[Text("note: " + n, style="yellow") for n in notes])


def equity_changes_table(eq: EquityChanges) -> ConsoleRenderable:
    dec = _decimals(eq.currency)
    t = Table(title=Text(eq.title, style="bold"), box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("")
    for c in eq.columns:
        t.add_column(c, justify="right")
    for label, values in eq.rows:
        style = "bold" if label.startswith("Closing") else None
        t.add_row(Text(label), *[Text(fmt_amount(v, dec)) for v in values], style=style)
    return _with_notes(t, eq.notes)


def eliminations_table(result: Mapping[str, Any], chart: Chart) -> ConsoleRenderable:
    """Eliminations grouped by step: each entry with its reason, then its lines (debit positive)."""
    dec = _decimals(result.get("currency", ""))
    parts: list[ConsoleRenderable] = [Text("Eliminations (debit positive, credit negative)", style="bold")]
    elims = result.get("eliminations", [])
    if not elims:
        parts.append(Text("  none"))
    for step in elimination_steps(result):
        t = Table(title=Text(f"step: {step}", style="bold cyan"), box=box.SIMPLE, title_justify="left",
                  show_header=True)
        t.add_column("id")
        t.add_column("entity")
        t.add_column("account")
        t.add_column("amount", justify="right")
        for e in elims:
            if (e.get("step") or e.get("kind", "")) != step:
                continue
            head = f"{e.get('kind', '')}: {e.get('entity', '')}"
            if e.get("partner"):
                head += f" / {e['partner']}"
            t.add_row(Text(str(e.get("id", "")), style="bold"), Text(head), Text(str(e.get("reason", "")),
                      style="dim"), "")
            for ln in e.get("lines", []):
                t.add_row("", Text(str(ln.get("entity", ""))),
                          Text(f"{ln['account']} {account_label(chart, ln['account'])}"),
                          Text(fmt_amount(ln["amount"], dec)))
        parts.append(t)
    return Group(*parts)


def checks_table(checks: Iterable[Mapping[str, Any]]) -> Table:
    t = Table(title=Text("Checks", style="bold"), box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("check")
    t.add_column("result")
    t.add_column("detail")
    for c in checks:
        ok = bool(c.get("ok"))
        detail = "; ".join(str(v) if k == "detail" else f"{k}: {v}" for k, v in c.items() if k not in ("name", "ok"))
        t.add_row(Text(str(c.get("name", ""))), Text("ok" if ok else "FAILED", style="green" if ok else "bold red"),
                  Text(detail))
    return t


def entities_table(entities: Mapping[str, Mapping[str, Any]], currency: str = "") -> Table:
    dec = _decimals(currency)
    t = Table(title=Text("Entities", style="bold"), box=box.SIMPLE_HEAD, title_justify="left")
    for col, just in (("entity", "left"), ("method", "left"), ("held by", "left"), ("effective", "right"),
                      ("nci", "right"), ("goodwill", "right"), ("nci amount", "right")):
        t.add_column(col, justify=just)  # type: ignore[arg-type]
    for eid, e in entities.items():
        direct = ", ".join(f"{h} {s}" for h, s in (e.get("direct") or {}).items())
        t.add_row(Text(eid), Text(str(e.get("method", ""))), Text(direct), Text(str(e.get("effective", ""))),
                  Text(str(e.get("nci", ""))), Text(fmt_amount(e.get("goodwill"), dec)),
                  Text(fmt_amount(e.get("nci_amount"), dec)))
    return t


def render_consolidation(result: Mapping[str, Any], chart: Chart) -> list[ConsoleRenderable]:
    """Renderables for ``consolidate --format table``: statements, equity changes,
    entities, eliminations by step with reasons, checks."""
    bs = balance_sheet(result, chart)
    is_ = income_statement(result, chart)
    head = Text(f"{result.get('group', '')} — consolidated at {result.get('period', '')} "
                f"({result.get('currency', '')})", style="bold")
    items: list[ConsoleRenderable] = [head, _with_notes(statement_table(bs), bs.notes),
                                      _with_notes(statement_table(is_), is_.notes),
                                      equity_changes_table(changes_in_equity(result, chart))]
    if result.get("entities"):
        items.append(entities_table(result["entities"], result.get("currency", "")))
    items.append(eliminations_table(result, chart))
    if result.get("checks"):
        items.append(checks_table(result["checks"]))
    if result.get("added_accounts"):
        items.append(Text("Accounts added by the engine for roles the chart lacks: "
                          + ", ".join(result["added_accounts"]), style="yellow"))
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
    t.add_column("before", justify="right")
    t.add_column("after", justify="right")
    t.add_column("change", justify="right")
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
            t.add_row(Text(f"  {acc} {account_label(chart, acc)}"), fmt_amount(natural(vb, typ), dec),
                      fmt_amount(natural(va, typ), dec), change)
    return t


def legal_table(legal: Iterable[Mapping[str, Any]]) -> Table:
    t = Table(title=Text("Companies Act checks", style="bold"), box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("entity", no_wrap=True)
    t.add_column("rule", no_wrap=True, min_width=20)
    t.add_column("applies", no_wrap=True)
    t.add_column("explanation", ratio=3)
    t.add_column("citation", ratio=1)
    for item in legal:
        applies = bool(item.get("applies"))
        t.add_row(Text(str(item.get("entity", ""))), Text(str(item.get("rule", ""))),
                  Text("yes" if applies else "no", style="green" if applies else "dim"),
                  Text(str(item.get("explanation", ""))), Text(str(item.get("citation", "")), style="dim"))
    return t


def entries_table(entries: Iterable[Mapping[str, Any]], chart: Chart, currency: str = "") -> ConsoleRenderable:
    dec = _decimals(currency)
    t = Table(title=Text("Entries in the entities' books (debit positive)", style="bold"),
              box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("entity")
    t.add_column("account")
    t.add_column("amount", justify="right")
    for e in entries:
        t.add_row(Text(str(e.get("entity", "")), style="bold"), Text(str(e.get("reason", "")), style="dim"), "")
        for ln in e.get("lines", []):
            t.add_row("", Text(f"{ln['account']} {account_label(chart, ln['account'])}"),
                      Text(fmt_amount(ln["amount"], dec)))
    return t


def entities_after_tables(sim: Mapping[str, Any], chart: Chart, currency: str = "") -> list[ConsoleRenderable]:
    out: list[ConsoleRenderable] = []
    for eid, block in (sim.get("entities_after") or {}).items():
        bs, is_ = block_statements(block, chart, currency, label=f"{eid} after the event")
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
    for col in ("entity", "concept", "value", "unit", "period", "basis", "combined from"):
        t.add_column(col, justify="right" if col == "value" else "left")
    for f in facts:
        period = str(f.get("as_of", ""))
        if f.get("period_start"):
            period = f"{f['period_start']} .. {period}"
        value = f.get("value", "")
        try:
            value = f"{D(value):,}"
        except Exception:  # a non-numeric fact value is shown as given
            value = str(value)
        t.add_row(Text(str(f.get("entity", ""))), Text(str(f.get("concept", ""))), Text(value),
                  Text(str(f.get("unit", ""))), Text(period), Text(str(f.get("basis", ""))),
                  Text(", ".join(f.get("combined_from") or [])))
    return t


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
        out.append(f"{label}: ", style="bold")
        out.append(body + "\n")

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


def render_simulation(sim: Mapping[str, Any], chart: Chart, currency: str = "") -> list[ConsoleRenderable]:
    """Renderables for ``simulate --format table``, read top-down like a memo on the announcement.

    ``currency`` (the group's reporting currency) sets the decimals; §9 results
    carry none, so without it amounts show two decimals (``sim["currency"]`` is
    used when an engine adds it).
    """
    currency = currency or sim.get("currency", "")
    items: list[ConsoleRenderable] = [
        Panel(Text(headline(sim), style="bold"), title=Text(f"event {sim.get('event', '')}"),
              title_align="left", expand=False),
        memo_points(sim, chart, currency),
        comparison_table(sim, chart, currency),
    ]
    if sim.get("legal"):
        items.append(legal_table(sim["legal"]))
    items.append(entries_table(sim.get("entity_entries") or [], chart, currency))
    ea = entities_after_tables(sim, chart, currency)
    if ea:
        items.append(Text("Entities after the event", style="bold"))
        items += ea
    items.append(facts_table(sim.get("facts_after") or []))
    return items


def print_renderables(console: Console, items: Iterable[ConsoleRenderable]) -> None:
    """Print each renderable followed by a blank line."""
    for item in items:
        console.print(item)
        console.print()
