"""The group as a tree at a date, with each entity's facts and their own dates and bases."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from rich.tree import Tree

from renketsu.model.money import money_str, ratio_str
from renketsu.model.types import Workspace
from renketsu.ownership import Ownership

from . import text as fmt
from .text import term, visible


def structure_json(ws: Workspace, own: Ownership, date: dt.date) -> dict:
    """``{"format", "date", "parent", "entities": {id: {...holders, facts}}}``."""
    g = ws.group
    facts: dict[str, list[dict]] = {}
    for f in sorted(ws.facts, key=lambda f: (f.entity, f.concept, f.as_of)):
        facts.setdefault(f.entity, []).append({
            "concept": f.concept, "value": money_str(f.value), "unit": f.unit, "as_of": f.as_of.isoformat(),
            "period_start": f.period_start.isoformat() if f.period_start else None, "basis": f.basis,
            "source": f.source_text})
    entities = {}
    for eid, e in g.entities.items():
        eo = own.entities.get(eid)
        entities[eid] = {
            "name": e.name, "currency": e.currency, "country": e.country,
            "established": e.established.isoformat() if e.established else None,
            "method": eo.method if eo else "none",
            "holders": {h: {"share": ratio_str(s), "voting": ratio_str(eo.direct_votes.get(h, s))}  # type: ignore[union-attr]
                        for h, s in (eo.direct.items() if eo else ()) if s},
            "effective": ratio_str(eo.effective) if eo else "0",
            "facts": facts.get(eid, []),
        }
    return {"format": "renketsu.structure/1", "group": g.name, "date": date.isoformat(), "parent": g.parent,
            "entities": entities}


def structure_tree(data: dict) -> Tree:
    """A rich tree: holder -> entity with share and voting; facts under each entity."""
    ents = data["entities"]
    children: dict[str, list[tuple[str, dict]]] = {}
    for eid, item in ents.items():
        for holder, hv in item["holders"].items():
            children.setdefault(holder, []).append((eid, hv))

    def label(eid: str, hv: dict | None) -> Text:
        item = ents[eid]
        out = Text()
        if hv:
            held = f"{fmt.share(hv['share'])} shares" + (
                f", {fmt.share(hv['voting'])} votes" if hv["voting"] != hv["share"] else "")
            out.append(held + " ", style="dim")
        est = f", est. {item['established']}" if item["established"] else ""
        out.append(visible(eid), style="bold")
        out.append(" " + visible(f"{item['name']} ({item['method']}, {item['currency']}{est})"))
        return out

    def add_facts(node: Tree, eid: str) -> None:
        for f in ents[eid]["facts"]:
            span = f"{f['period_start']}..{f['as_of']}" if f["period_start"] else f"at {f['as_of']}"
            line = Text()
            line.append(visible(f["concept"]), style="cyan")
            line.append(" " + visible(f"{_thousands(f['value'])} {f['unit']} "))
            line.append(visible(f"({span}, {f['basis'].replace('_', '-')}; {f['source'] or 'no source'})"), style="dim")
            node.add(line)

    root = Tree(term(f"{data['group']} at {data['date']}"))
    seen: set[str] = set()

    def walk(node: Tree, eid: str, hv: dict | None) -> None:
        sub = node.add(label(eid, hv))
        add_facts(sub, eid)
        if eid in seen:
            return
        seen.add(eid)
        for child, chv in sorted(children.get(eid, [])):
            walk(sub, child, chv)

    walk(root, data["parent"], None)
    for eid in ents:
        if eid not in seen:
            walk(root, eid, None)
    return root


def _thousands(value: str) -> str:
    from decimal import Decimal

    return f"{Decimal(value):,}"
