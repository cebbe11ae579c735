"""Terminal renderables and SVG charts."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from rich.console import Console

from renketsu.reports.charts import bridge_svg, percent, structure_svg
from renketsu.reports.terminal import (
    print_renderables,
    render_consolidation,
    render_simulation,
)

EVIL = '<script>alert("x")</script> & [bold]Co[/bold]'


def _text(items, width=140) -> str:
    console = Console(width=width, record=True, color_system=None)
    print_renderables(console, items)
    return console.export_text()


def test_consolidation_table_text(c03_result, c03_chart):
    text = _text(render_consolidation(c03_result, c03_chart))
    assert "68,800.00" in text                  # total assets, thousands separator
    assert "25,500.00" in text and "-25,500" not in text   # liabilities with natural sign
    assert "step: investment" in text and "step: dividend" in text
    assert "first consolidation of S" in text
    assert "balance_sheet_balances" in text


def test_user_text_is_not_markup(c03_result, c03_chart):
    c03_chart = dict(c03_chart, **{"1400": (EVIL, "asset", None)})
    c03_result["eliminations"][0]["reason"] = EVIL
    text = _text(render_consolidation(c03_result, c03_chart), width=200)
    assert "[bold]Co[/bold]" in text


def test_simulation_memo(c08_sim, c08_chart):
    c08_sim["facts_after"] = [{"entity": "P", "concept": "employees", "value": "1282", "unit": "persons",
                               "as_of": "2016-03-31", "basis": "non_consolidated", "combined_from": ["P", "S"]}]
    text = _text(render_simulation(c08_sim, c08_chart, "JPY"), width=200)
    assert text.index("No direct impact on the consolidated financial statements") < text.index("Companies Act")
    assert "jp.simplified_merger" in text and "Companies Act art. 796(2)" in text
    assert "Gain on extinguishment of tie-in shares" in text and "-2,300" in text
    assert "1,282" in text and "2016-03-31" in text and "non_consolidated" in text


def test_simulation_memo_with_a_change(c08_sim, c08_chart):
    c08_sim["consolidated_change"]["balance_sheet"] = {"1400": "-100"}
    text = _text(render_simulation(c08_sim, c08_chart, "JPY"))
    assert "change on 1 account" in text


def test_structure_chart_escapes_names():
    entities = {"P": {"method": "parent", "direct": {}, "effective": "1"},
                "S<1>": {"method": "full", "direct": {"P": "0.8"}, "effective": "0.8"},
                "A": {"method": "equity", "direct": {"S<1>": "2/3"}, "effective": "8/15"}}
    svg = structure_svg(entities, "P", names={"P": EVIL, "A": "Assoc"})
    assert "<script" not in svg and "&lt;script&gt;" in svg
    root = ET.fromstring(svg)                    # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    nodes = {g.get("data-entity"): g.get("data-method") for g in root.iter(f"{ns}g") if g.get("class") == "node"}
    assert nodes == {"P": "parent", "S<1>": "full", "A": "equity"}
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert "80%" in texts and "66.67%" in texts
    # layered: A below S below P
    ys = {g.get("data-entity"): float(g.find(f"{ns}rect").get("y")) for g in root.iter(f"{ns}g")
          if g.get("class") == "node"}
    assert ys["P"] < ys["S<1>"] < ys["A"]


def test_percent():
    assert percent("1") == "100%" and percent("0.255") == "25.5%" and percent("75/98") == "76.53%"


def test_bridge_chart(c03_result, c03_chart):
    c03_result["eliminations"][1]["step"] = EVIL
    svg = bridge_svg(c03_result, c03_chart)
    assert "<script" not in svg
    root = ET.fromstring(svg)
    bars = [(g.get("data-step"), g.get("data-amount")) for g in root.iter("{http://www.w3.org/2000/svg}g")]
    assert bars == [("Entities' profits", "8400.00"), ("investment", "0"), (EVIL, "-400.00"),
                    ("Consolidated profit", "8000.00")]
