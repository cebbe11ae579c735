"""The statement pages and the translation drill-down over the multinational cases (no browser).

Every account line of every period opens; on a foreign entity's line the rows' reporting amounts
(local amount × the rate named) plus the booking rounding give the entity's contribution exactly."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from renketsu.api import Context
from renketsu.reports.statements import chart_from_accounts
from renketsu.web import create_app
from renketsu.web.views import translation_view

ROOT = Path(__file__).resolve().parents[2]
CASES = [ROOT / "tests" / "cases" / "statements" / "a-foreign-sub-fx-effect-nci-dividend" / "workspace",
         *sorted((ROOT / "tests" / "cases" / "multinational").glob("*/workspace"))]


@pytest.mark.parametrize("ws", CASES, ids=lambda p: p.parent.name)
def test_translation_rows_add_up_to_the_contribution(ws):
    ctx = Context.open(ws)
    chart = chart_from_accounts(ctx.workspace.group.accounts)
    checked = 0
    for period in ctx.periods():
        result = ctx.consolidate(period).to_json()
        for entity in result.get("translation") or {}:
            for account in result["contributions"].get(entity, {}):
                v = translation_view(ctx.workspace.group, ctx.workspace.rates, result, chart, entity, account,
                                     ctx.ledger_rows(entity, account, period))
                assert v is not None
                if v["method"] is not None:          # retained earnings, translation reserve: explained
                    continue
                assert all(r["rate"] is not None and r["rate_date"] is not None for r in v["rows"]), (account, v)
                shown = sum((r["reporting"] for r in v["rows"]), Decimal(0)) + (v["rounding"] or 0)
                assert shown == v["contribution"], (period, entity, account)
                checked += 1
    assert checked >= 3


@pytest.mark.parametrize("ws", CASES, ids=lambda p: p.parent.name)
def test_every_line_page_of_every_period_opens(ws):
    client = TestClient(create_app(ws, None))
    page = client.get("/consolidate")
    assert page.status_code == 200
    for period in re.findall(r'<option value="([\d-]+)"', page.text):
        text = client.get("/consolidate", params={"period": period}).text
        assert "table class=\"statement grid-statement\" id=\"balance-sheet\"" in text
        for account in sorted(set(re.findall(r"/line\?period=" + period + r"&amp;account=(\w+)", text))):
            r = client.get("/line", params={"period": period, "account": account})
            assert r.status_code == 200, (period, account)
