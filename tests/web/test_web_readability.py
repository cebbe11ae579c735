"""The web app's readability fixes (issue 14) on real workspaces: key figures, matching page,
failures first, browser wording, the translation reserve explained, no events in the top bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from renketsu.web import create_app

ROOT = Path(__file__).resolve().parents[2]
IIJ = ROOT / "examples" / "iij-2010"
FOREIGN = ROOT / "tests" / "cases" / "translation" / "a-foreign-sub-cta" / "workspace"
MISMATCH = ROOT / "tests" / "cases" / "intercompany" / "b-ic-balance-mismatch" / "workspace"


@pytest.fixture(scope="module")
def iij() -> TestClient:
    return TestClient(create_app(IIJ, None))


def test_overview_key_figures_and_chart(iij):
    t = iij.get("/").text
    assert "Key figures at 2010-03-31" in t
    for label, figure in (("Total assets", "62,166,270,000"), ("Equity attributable to owners", "29,460,410,000"),
                          ("Profit for the year", "1,969,230,000")):
        assert label in t and figure in t
    assert "Non-controlling interests" in t and "Entities by method" in t and "all 6 ok" in t
    assert 'class="key-chart"' in t


def test_events_are_not_in_the_top_bar(iij):
    t = iij.get("/").text
    nav = t[t.index("<nav>"):t.index("</nav>")]
    assert "/simulate/" not in nav and "Simulations (1)" in nav and "/matching" in nav


def test_error_page_speaks_to_a_browser_user(iij):
    r = iij.get("/consolidate", params={"period": "1999-03-31"})
    assert r.status_code == 400
    assert "--period" not in r.text and "--date" not in r.text
    assert "2010-03-31" in r.text                       # the periods to pick from


def test_failure_first_and_matching_page():
    c = TestClient(create_app(MISMATCH, None))
    t = c.get("/consolidate").text
    assert t.index("check(s) FAILED") < t.index("Consolidated balance sheet")
    assert "intercompany_matched" in t[:t.index("Consolidated balance sheet")]
    m = c.get("/matching").text
    assert "UNMATCHED" in m and "1,000.00" in m and "-950.00" in m and "50.00" in m
    assert m.index("1200") < m.index("2100")


def test_translation_reserve_rows_are_explained():
    c = TestClient(create_app(FOREIGN, None))
    t = c.get("/rows", params={"period": "2021-12-31", "entity": "S", "account": "3600"}).text
    assert "translation difference" in t and "closing rate 120" in t and "No rows." not in t


def test_disposal_summary_formats_the_share():
    from types import SimpleNamespace

    from renketsu.web.views import event_summary

    ev = SimpleNamespace(kind="disposal", holder="SKH", share_sold="1", entity="SUS", date=None)
    assert event_summary("d", ev)["what"] == "SKH sells 100% of SUS"
