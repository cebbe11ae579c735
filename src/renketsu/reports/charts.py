"""SVG charts as strings: the group structure and the profit bridge.

No JavaScript, no external assets: the strings are complete ``<svg>``
elements that a page inlines or a file saves. Every user-supplied text
(entity ids and names, step names) goes through :func:`html.escape`, so a name
such as ``<script>`` is shown, never run. Coordinates are computed with
Decimal (they are not money, but keeping one number type avoids surprises).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from html import escape
from typing import Any

from renketsu.model.money import currency_decimals

from .statements import Chart, format_amount, profit_bridge

#: Fill and text colour of a node by consolidation method.
METHOD_COLOURS: dict[str, tuple[str, str]] = {
    "parent": ("#1f4e79", "#ffffff"),
    "full": ("#2e75b6", "#ffffff"),
    "equity": ("#f4b183", "#222222"),
    "none": ("#d9d9d9", "#222222"),
}

NODE_W, NODE_H, H_GAP, V_GAP, MARGIN = 210, 52, 30, 90, 20


def _e(text: Any) -> str:
    from .text import visible

    return escape(visible(text), quote=True)


def _num(d: Decimal | int) -> str:
    """A coordinate with at most one decimal, no exponent."""
    return format(Decimal(d).quantize(Decimal("0.1")).normalize(), "f")


def percent(ratio: str | None) -> str:
    """An exact ratio string as a percentage for display: "0.8" -> "80%", "2/3" -> "66.67%"."""
    from .text import share

    return share(ratio)


def _truncate(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def structure_layers(entities: Mapping[str, Mapping[str, Any]], parent: str | None) -> list[list[str]]:
    """Entities grouped by depth from ``parent`` (holder -> held), top-down.

    Depth is the shortest chain of direct holdings from the parent; entities
    not reachable from it (held only from outside) go in a last layer.
    """
    nodes = list(entities)
    for e in entities.values():
        for h in (e.get("direct") or {}):
            if h not in nodes:
                nodes.append(h)
    if parent is None:
        parent = next((i for i, e in entities.items() if e.get("method") == "parent"), nodes[0] if nodes else None)
    children: dict[str, list[str]] = {n: [] for n in nodes}
    for eid, e in entities.items():
        for h in (e.get("direct") or {}):
            children[h].append(eid)
    depth: dict[str, int] = {}
    if parent is not None:
        depth[parent] = 0
        frontier = [parent]
        while frontier:
            nxt = []
            for n in frontier:
                for c in children.get(n, []):
                    if c not in depth:
                        depth[c] = depth[n] + 1
                        nxt.append(c)
            frontier = nxt
    max_depth = max(depth.values(), default=-1)
    layers: list[list[str]] = [[] for _ in range(max_depth + 1)]
    unreached = []
    for n in nodes:
        if n in depth:
            layers[depth[n]].append(n)
        else:
            unreached.append(n)
    if unreached:
        layers.append(unreached)
    return layers


def structure_svg(entities: Mapping[str, Mapping[str, Any]], parent: str | None = None,
                  names: Mapping[str, str] | None = None, title: str = "") -> str:
    """The group structure: nodes coloured by method, edges labelled with the direct share.

    ``entities`` is docs/format.md §8 ``entities`` (method, direct {holder: share},
    effective); ``names`` maps entity ids to display names.
    """
    names = names or {}
    layers = structure_layers(entities, parent)
    widest = max((len(layer) for layer in layers), default=1)
    width = max(MARGIN * 2 + widest * NODE_W + (widest - 1) * H_GAP, MARGIN * 2 + 90 * len(METHOD_COLOURS))
    legend_h = 34
    height = MARGIN * 2 + legend_h + len(layers) * NODE_H + max(len(layers) - 1, 0) * V_GAP
    pos: dict[str, tuple[Decimal, Decimal]] = {}
    for d, layer in enumerate(layers):
        row_w = len(layer) * NODE_W + (len(layer) - 1) * H_GAP
        x0 = Decimal(width - row_w) / 2
        y = Decimal(MARGIN + legend_h + d * (NODE_H + V_GAP))
        for i, n in enumerate(layer):
            pos[n] = (x0 + i * (NODE_W + H_GAP), y)

    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" class="structure-chart" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{_e(title or "group structure")}">'),
           f"<title>{_e(title or 'Group structure')}</title>",
           ('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>')]
    # legend
    lx = MARGIN
    for method, (fill, _text) in METHOD_COLOURS.items():
        out.append(f'<rect x="{lx}" y="{MARGIN}" width="14" height="14" fill="{fill}" stroke="#333"/>'
                   f'<text x="{lx + 20}" y="{MARGIN + 12}" font-size="12">{_e(method)}</text>')
        lx += 90
    # edges first so nodes draw over them
    for eid, e in entities.items():
        for holder, share in (e.get("direct") or {}).items():
            if holder not in pos or eid not in pos:
                continue
            hx, hy = pos[holder]
            ex, ey = pos[eid]
            x1, y1 = hx + NODE_W / Decimal(2), hy + NODE_H
            x2, y2 = ex + NODE_W / Decimal(2), ey
            if ey <= hy:  # held by an entity at the same or a lower layer: route along the side
                x1, y1 = hx + NODE_W, hy + NODE_H / Decimal(2)
                x2, y2 = ex + NODE_W, ey + NODE_H / Decimal(2)
            mx, my = (x1 + x2) / 2, (y1 + y2) / 2
            label = percent(share)
            out.append(f'<g class="edge" data-holder="{_e(holder)}" data-entity="{_e(eid)}">'
                       f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" stroke="#555" '
                       f'stroke-width="1.5" marker-end="url(#arrow)"/>'
                       f'<rect x="{_num(mx - 24)}" y="{_num(my - 10)}" width="48" height="18" rx="3" '
                       f'fill="#ffffff" stroke="#bbb"/>'
                       f'<text x="{_num(mx)}" y="{_num(my + 4)}" font-size="12" text-anchor="middle">'
                       f'{_e(label)}</text><title>{_e(holder)} holds {_e(share)} of {_e(eid)}</title></g>')
    for n, (x, y) in pos.items():
        e = entities.get(n, {})
        method = str(e.get("method", "none"))
        fill, text = METHOD_COLOURS.get(method, METHOD_COLOURS["none"])
        name = names.get(n, "")
        eff = e.get("effective")
        sub = _truncate(name, 30) if name else ""
        tip = f"{n} {name} — {method}" + (f", effective {eff}" if eff not in (None, "") else "")
        out.append(f'<g class="node" data-entity="{_e(n)}" data-method="{_e(method)}">'
                   f'<rect x="{_num(x)}" y="{_num(y)}" width="{NODE_W}" height="{NODE_H}" rx="6" '
                   f'fill="{fill}" stroke="#333"/>'
                   f'<text x="{_num(x + NODE_W / Decimal(2))}" y="{_num(y + 21)}" font-size="14" font-weight="bold" '
                   f'text-anchor="middle" fill="{text}">{_e(_truncate(n, 20))}</text>'
                   f'<text x="{_num(x + NODE_W / Decimal(2))}" y="{_num(y + 40)}" font-size="11" '
                   f'text-anchor="middle" fill="{text}">{_e(sub)}</text>'
                   f'<title>{_e(tip)}</title></g>')
    out.append("</svg>")
    return "".join(out)


def bridge_svg(result: Mapping[str, Any], chart: Chart, title: str = "") -> str:
    """Waterfall from the sum of the entities' profits to consolidated profit,
    one bar per elimination step (bar = minus the step's income and expense lines).

    Drawn horizontally, one row per step, with ``width="100%"`` and a viewBox:
    every step shows at any page width (no step is ever scrolled out of view).
    """
    steps = profit_bridge(result, chart)
    dec = currency_decimals(result.get("currency", "")) if result.get("currency") else 2
    label_w, value_w, plot_w, row_h, top, bottom = 210, 150, 380, 30, 10, 14
    n = len(steps)
    width = label_w + plot_w + value_w
    height = top + n * row_h + bottom
    levels: list[tuple[Decimal, Decimal]] = []
    running = Decimal(0)
    for s in steps:
        if s.kind == "start":
            lo, hi = Decimal(0), s.amount
            running = s.amount
        elif s.kind == "end":
            lo, hi = Decimal(0), s.amount
        else:
            lo, hi = running, running + s.amount
            running += s.amount
        levels.append((min(lo, hi), max(lo, hi)))
    vmin = min([Decimal(0)] + [lo for lo, _ in levels])
    vmax = max([Decimal(0)] + [hi for _, hi in levels])
    span = (vmax - vmin) or Decimal(1)
    scale = Decimal(plot_w - 10) / span

    def x(v: Decimal) -> Decimal:
        return label_w + 5 + (v - vmin) * scale

    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" class="bridge-chart" width="100%" '
           f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" role="img" '
           f'aria-label="{_e(title or "profit bridge")}">'),
           f"<title>{_e(title or 'From the entities profits to consolidated profit')}</title>",
           (f'<line x1="{_num(x(Decimal(0)))}" y1="{top - 4}" x2="{_num(x(Decimal(0)))}" y2="{height - bottom + 4}" '
           f'stroke="#999" stroke-dasharray="3 3"/>')]
    prev_level: Decimal | None = None
    for i, (s, (lo, hi)) in enumerate(zip(steps, levels)):
        y = top + i * row_h
        if s.kind == "step":
            fill = "#70ad47" if s.amount > 0 else "#c00000" if s.amount < 0 else "#999999"
        else:
            fill = "#1f4e79"
        w = max((hi - lo) * scale, Decimal(1))
        bold = ' font-weight="bold"' if s.kind != "step" else ""
        value = ("+" if s.kind == "step" and s.amount > 0 else "") + format_amount(s.amount, dec)
        out.append(f'<g class="bar" data-step="{_e(s.label)}" data-amount="{_e(s.amount)}">'
                   f'<text x="{label_w - 6}" y="{y + row_h // 2 + 4}" font-size="12" text-anchor="end"'
                   f'{bold}>{_e(_truncate(s.label, 30))}</text>'
                   f'<rect x="{_num(x(lo))}" y="{y + 5}" width="{_num(w)}" height="{row_h - 10}" fill="{fill}"/>'
                   f'<text x="{width - 4}" y="{y + row_h // 2 + 4}" font-size="12" text-anchor="end">{_e(value)}</text>'
                   f'<title>{_e(s.label)}: {_e(format_amount(s.amount, dec))}</title></g>')
        if prev_level is not None:  # connector from the previous bar's running level
            out.append(f'<line x1="{_num(x(prev_level))}" y1="{y - 5}" x2="{_num(x(prev_level))}" y2="{y + 5}" '
                       f'stroke="#666" stroke-width="1"/>')
        if s.kind == "start":
            prev_level = s.amount
        elif s.kind == "step":
            prev_level = (prev_level or Decimal(0)) + s.amount
    out.append("</svg>")
    return "".join(out)



def key_figures_svg(total_assets: Decimal | None, liabilities: Decimal | None, owners: Decimal, nci: Decimal,
                    currency: str = "") -> str:
    """The balance sheet at a glance: assets beside liabilities, owners' equity and NCI (two stacked bars)."""
    dec = currency_decimals(currency) if currency else 2
    assets = total_assets or Decimal(0)
    liab = liabilities or Decimal(0)
    parts = [("Liabilities", liab, "#a5a5a5"), ("Equity, owners", owners, "#1f4e79"), ("NCI", nci, "#f4b183")]
    biggest = max([abs(assets), sum((abs(v) for _, v, _ in parts), Decimal(0)), Decimal(1)])
    width, bar_h, label_w = 520, 26, 130
    plot = width - label_w - 10
    scale = Decimal(plot) / biggest

    def w(v: Decimal) -> str:
        return _num(max(abs(v) * scale, Decimal(0)))

    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" class="key-chart" width="100%" viewBox="0 0 {width} 110" '
           f'role="img" aria-label="balance sheet at a glance">'),
           "<title>Balance sheet at a glance</title>",
           f'<text x="{label_w - 6}" y="30" font-size="12" text-anchor="end">Assets</text>',
           (f'<rect x="{label_w}" y="12" width="{w(assets)}" height="{bar_h}" fill="#2e75b6">'
           f"<title>Assets {_e(format_amount(assets, dec))}</title></rect>"),
           f'<text x="{label_w - 6}" y="72" font-size="12" text-anchor="end">Financed by</text>']
    x = Decimal(label_w)
    for name, v, colour in parts:
        if v == 0:
            continue
        out.append(f'<rect x="{_num(x)}" y="54" width="{w(v)}" height="{bar_h}" fill="{colour}">'
                   f"<title>{_e(name)} {_e(format_amount(v, dec))}</title></rect>")
        x += abs(v) * scale
    lx = label_w
    for name, _v, colour in parts:
        out.append(f'<rect x="{lx}" y="92" width="10" height="10" fill="{colour}"/>'
                   f'<text x="{lx + 14}" y="101" font-size="11">{_e(name)}</text>')
        lx += 120
    out.append("</svg>")
    return "".join(out)
