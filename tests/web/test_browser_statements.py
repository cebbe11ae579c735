"""A real browser reads the statement set with comparatives and drills into a foreign line's translation.

Serves tests/cases/statements/a-… (P in JPY, an 80% USD subsidiary over 2021 and 2022, worked in its
README) through the real engine on 127.0.0.1; chromium at /usr/bin/chromium through Playwright (the only
skip is a missing browser). Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from _live import ARGS, CHROMIUM, serve

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CASE_A = ROOT / "tests" / "cases" / "statements" / "a-foreign-sub-fx-effect-nci-dividend" / "workspace"

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason=f"{CHROMIUM} is missing (apt-get install chromium); no browser to drive")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    from renketsu.web import create_app

    yield from serve(create_app(CASE_A, None))


@pytest.fixture(scope="module")
def browser():
    from playwright import sync_api

    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def _page(browser, width: int = 1280):
    pg = browser.new_page(viewport={"width": width, "height": 900})
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)  # type: ignore[attr-defined]
    return pg


def _row(table, label: str) -> list[str]:
    row = table.locator("tr", has=table.page.locator("td.label", has_text=label)).first
    return [c.strip() for c in row.locator("td").all_inner_texts()]


def test_every_statement_with_its_comparative(server, browser):
    pg = _page(browser)
    pg.goto(server + "/consolidate?period=2022-12-31")
    bs = pg.locator("table#balance-sheet")
    assert [h.strip() for h in bs.locator("thead th").all_inner_texts()] == ["JPY", "2022-12-31", "2021-12-31"]
    assert _row(bs, "Total assets") == ["Total assets", "401,760", "341,400"]
    assert _row(pg.locator("table#income-statement"), "Profit for the year") == ["Profit for the year", "54,500",
                                                                                  "41,000"]
    ci = pg.locator("table#comprehensive-income")
    assert _row(ci, "Total comprehensive income for the year")[1] == "69,600"
    eq = pg.locator("table#changes-in-equity")
    assert _row(eq, "Opening balance")[-1] == "308,400" and _row(eq, "Closing balance")[-1] == "365,760"
    cf = pg.locator("table#cash-flows")
    assert _row(cf, "Effect of exchange rate changes on cash")[1] == "7,700"
    assert _row(cf, "Cash at the end of the year")[1] == "276,960"
    assert _row(pg.locator("table#goodwill"), "Translation")[1] == "400"
    assert pg.locator("table#group-entities tbody tr").count() == 1
    for note in ("comparative comprehensive income for 2021-12-31 is not shown",
                 "comparative cash flow statement for 2021-12-31 is not shown"):
        assert pg.locator(f"text={note}").count() == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "statements-a-consolidate.png"), full_page=True)
    assert pg.errors == []  # type: ignore[attr-defined]
    pg.close()


def test_translation_drill_down_on_a_foreign_line(server, browser):
    pg = _page(browser)
    pg.goto(server + "/consolidate?period=2022-12-31")
    pg.locator("table#balance-sheet td.label a", has_text="Cash and deposits").click()
    pg.wait_for_load_state()
    assert "/line" in pg.url and "account=1100" in pg.url
    t = pg.locator("#translation-S + .scroll table.translation")
    cells = [c.strip() for c in t.locator("tbody tr").first.locator("td").all_inner_texts()]
    # ledger row, date, local amount, which rate, its date, its value, reporting amount
    assert cells[0].endswith(":23") and cells[2:] == ["900.00", "closing", "2022-12-31", "120", "108,000"]
    total = [c.strip() for c in t.locator("tr.total td").all_inner_texts()]
    assert total == ["S's contribution", "900.00", "", "108,000"]
    pg.screenshot(path=str(ARTIFACTS / "statements-a-translation.png"), full_page=True)

    # the comparative column links to the prior period's line: translated at that year's closing rate
    pg.goto(server + "/consolidate?period=2022-12-31")
    pg.locator("table#balance-sheet tr", has=pg.locator("td.label", has_text="Cash and deposits")) \
        .locator("td.num a").first.click()
    pg.wait_for_load_state()
    assert "period=2021-12-31" in pg.url
    cells = [c.strip() for c in pg.locator("table.translation tbody tr").first.locator("td").all_inner_texts()]
    assert cells[2:] == ["700.00", "closing", "2021-12-31", "110", "77,000"]

    # a dated dividend: the spot rate of its date
    pg.goto(server + "/line?period=2022-12-31&account=3400")
    cells = [c.strip() for c in pg.locator("table.translation tbody tr").first.locator("td").all_inner_texts()]
    assert cells[1:] == ["2022-06-30", "-100.00", "spot on the row's date", "2022-06-30", "112", "-11,200"]
    # revenue at the average rate; share capital at the rate of the control date
    pg.goto(server + "/line?period=2022-12-31&account=4100")
    cells = [c.strip() for c in pg.locator("table.translation tbody tr").first.locator("td").all_inner_texts()]
    assert cells[2:] == ["1,500.00", "average of the year", "2022-12-31", "115", "172,500"]
    pg.goto(server + "/line?period=2022-12-31&account=3100")
    cells = [c.strip() for c in pg.locator("table.translation tbody tr").first.locator("td").all_inner_texts()]
    assert cells[2:] == ["1,000.00", "control date (historical)", "2021-01-01", "100", "100,000"]
    # retained earnings: historical rates, the rate the contribution implies
    pg.goto(server + "/line?period=2022-12-31&account=3300")
    assert pg.locator("text=translated at historical rates").count() == 1
    assert pg.locator("text=implies 102.500000 JPY per USD").count() == 1
    assert pg.errors == []  # type: ignore[attr-defined]
    pg.close()


@pytest.mark.parametrize("width", [800, 1366])
def test_statement_pages_fit_the_width(server, browser, width):
    pg = _page(browser, width)
    for path in ("/consolidate?period=2022-12-31", "/line?period=2022-12-31&account=1100"):
        pg.goto(server + path)
        sw = pg.evaluate("document.documentElement.scrollWidth")
        cw = pg.evaluate("document.documentElement.clientWidth")
        assert sw <= cw, f"{path} at {width}px scrolls sideways ({sw} > {cw})"
    pg.close()
