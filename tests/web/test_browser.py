"""A real browser clicks through the app: overview -> statement line -> ledger row; simulation page.

Runs chromium (``/usr/bin/chromium``, apt package ``chromium``) through
Playwright against uvicorn in a background thread on 127.0.0.1, serving the IIJ
example (examples/iij-2010) through the real engine. The only skip is a missing
browser; an engine failure fails the test. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from _live import ARGS, CHROMIUM, serve

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
IIJ = ROOT / "examples" / "iij-2010"

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason=f"{CHROMIUM} is missing (apt-get install chromium); no browser to drive")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    from renketsu.web import create_app

    yield from serve(create_app(IIJ, None))


@pytest.fixture(scope="module")
def page(server):
    from playwright import sync_api

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        pg = context.new_page()
        errors: list[str] = []
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.errors = errors  # type: ignore[attr-defined]
        yield pg
        context.close()
        browser.close()


def test_drill_down_from_overview_to_a_ledger_row(server, page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(server + "/")
    assert page.locator("h1").first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)

    page.locator("a", has_text="statements").last.click()          # the latest period
    page.wait_for_load_state()
    assert "/consolidate" in page.url
    assert page.locator("svg.bridge-chart").count() == 1
    page.screenshot(path=str(ARTIFACTS / "consolidate.png"), full_page=True)

    # the first asset line of the balance sheet
    line = page.locator("table.statement tr.line a").first
    label = line.inner_text()
    line.click()
    page.wait_for_load_state()
    assert "/line" in page.url and label in page.locator("h1").inner_text()
    assert page.locator("text=Consolidated figure").count() == 1
    assert page.locator(".alert").count() == 0                      # the parts add up
    page.screenshot(path=str(ARTIFACTS / "line.png"), full_page=True)

    page.locator("a.rows-link").first.click()
    page.wait_for_load_state()
    assert "/rows" in page.url
    cells = page.locator("table.ledger tbody tr").first.locator("td")
    assert cells.nth(0).inner_text().strip()                         # a file name
    assert cells.nth(2).inner_text().strip().isdigit()               # its row number
    page.screenshot(path=str(ARTIFACTS / "rows.png"), full_page=True)
    assert page.errors == []                                          # type: ignore[attr-defined]


def test_structure_and_simulation_pages(server, page):
    page.goto(server + "/structure")
    assert page.locator("svg.structure-chart g.node").count() >= 2
    page.screenshot(path=str(ARTIFACTS / "structure.png"), full_page=True)

    page.goto(server + "/")
    sims = page.locator("a[href^='/simulate/']")
    assert sims.count() >= 1, "the IIJ example's merger-2010 is not offered on the overview"
    sims.first.click()
    page.wait_for_load_state()
    assert "/simulate/" in page.url
    assert page.locator(".headline").inner_text().strip()
    assert page.locator("table.legal tbody tr").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "simulate.png"), full_page=True)

    with page.expect_download() as info:
        page.locator("a.button", has_text="Download Excel pack").click()
    assert info.value.suggested_filename.endswith(".xlsx")


def _pages(server: str, pg) -> list[str]:
    """Every page the app links to from the overview and the consolidation (one of each kind of link)."""
    pg.goto(server + "/")
    hrefs = pg.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
    pg.goto(server + "/consolidate")
    hrefs += pg.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
    first_line = next((h for h in hrefs if h and h.startswith("/line")), None)
    if first_line:
        pg.goto(server + first_line)
        hrefs += pg.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
    seen: dict[str, str] = {}
    for h in hrefs:
        if not h or not h.startswith("/") or h.startswith(("/download", "/static")):
            continue
        kind = h.split("?", 1)[0].split("#", 1)[0]
        kind = "/simulate" if kind.startswith("/simulate/") else kind
        seen.setdefault(kind + ("?" if "?" in h else ""), h)
    return sorted(set(seen.values())) + ["/consolidate?period=1999-01-01", "/no-such-page"]


@pytest.mark.parametrize("width", [800, 1366])
def test_every_page_fits_the_width_and_the_bridge_is_complete(server, page, width):
    # a page of the module's browser (one Playwright instance per thread)
    pg = page.context.browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pages = _pages(server, pg)
    assert any(p.startswith("/matching") for p in pages) and any(p.startswith("/rows") for p in pages)
    for path in pages:
        pg.goto(server + path)
        sw = pg.evaluate("document.documentElement.scrollWidth")
        cw = pg.evaluate("document.documentElement.clientWidth")
        assert sw <= cw, f"{path} at {width}px scrolls sideways ({sw} > {cw})"
    # the profit bridge: every step's bar lies inside the visible chart box
    pg.goto(server + "/consolidate")
    bars = pg.locator("svg.bridge-chart g.bar")
    assert bars.count() >= 3
    box = pg.locator("svg.bridge-chart").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
    for i in range(bars.count()):
        b = bars.nth(i).bounding_box()
        assert b and b["x"] >= box["x"] - 1 and b["x"] + b["width"] <= box["x"] + box["width"] + 1, i
    # the top bar holds no event links (they are listed on the overview)
    assert pg.locator("header.top nav a[href*='/simulate/']").count() == 0
    pg.close()
    assert [e for e in errors if "404" not in e and "400" not in e] == []
