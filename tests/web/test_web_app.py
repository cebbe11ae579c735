"""The web app over a fake Context: pages, drill-down, downloads, errors, token, escaping."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from conftest import TOKEN, FakeContext
from fastapi.testclient import TestClient
from typer import Typer
from typer.testing import CliRunner

from renketsu.web import create_app, is_loopback


WS = Path("/nonexistent-workspace")


@pytest.fixture
def client(fake_ctx) -> TestClient:
    return TestClient(create_app(WS, None, context=fake_ctx))


def test_overview(client):
    r = client.get("/")
    assert r.status_code == 200
    assert "c03 group" in r.text
    assert 'href="/consolidate?period=2021-12-31"' in r.text
    assert 'href="/simulate/merger-2016"' in r.text
    assert "script-src" not in r.headers["content-security-policy"]      # no script allowed at all
    assert "default-src 'none'" in r.headers["content-security-policy"]


def test_consolidate_page_statements_links_and_bridge(client):
    r = client.get("/consolidate", params={"period": "2021-12-31"})
    assert r.status_code == 200
    t = r.text
    assert "68,800.00" in t and "25,500.00" in t and "-25,500.00" not in t.split("Eliminations")[0]
    assert 'href="/line?period=2021-12-31&amp;account=1400"' in t
    assert 'class="bridge-chart"' in t and 'data-step="dividend"' in t
    assert "Step: investment" in t and "first consolidation of S" in t
    assert "balance_sheet_balances" in t
    assert "Statement of changes in equity" in t


def test_default_period_is_the_latest(client, fake_ctx):
    assert client.get("/consolidate").status_code == 200
    assert fake_ctx.calls == [("consolidate", FakeContext.PERIOD)]
    client.get("/consolidate")
    assert len(fake_ctx.calls) == 1                                    # cached


def test_line_and_rows_drill_down(client):
    r = client.get("/line", params={"period": "2021-12-31", "account": "3300"})
    assert r.status_code == 200
    t = r.text
    assert "8,600.00" in t and "3,000.00" in t                       # P and S contributions, natural sign
    assert "E1" in t and "closing" in t and "16,200.00" in t
    assert 'href="/rows?period=2021-12-31&amp;entity=S&amp;account=3300"' in t
    assert "do not add up" not in t
    r = client.get("/rows", params={"period": "2021-12-31", "entity": "S", "account": "3300"})
    assert r.status_code == 200
    assert "ledger/trial_balances.csv" in r.text and ">14<" in r.text and "-3,000.00" in r.text


def test_structure_page(client):
    r = client.get("/structure", params={"date": "2021-12-31"})
    assert r.status_code == 200
    assert 'class="structure-chart"' in r.text and ">80%<" in r.text
    assert 'type="date"' in r.text and 'value="2021-12-31"' in r.text


def test_simulation_page(client):
    r = client.get("/simulate/merger-2016")
    assert r.status_code == 200
    t = r.text
    assert "No direct impact on the consolidated financial statements." in t
    assert "jp.simplified_merger" in t and "Companies Act art. 796(2)" in t
    assert "Gain on extinguishment of tie-in shares" in t
    assert "P after the event" in t


def test_downloads(client):
    r = client.get("/download/consolidation.xlsx", params={"period": "2021-12-31"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="consolidation-2021-12-31.xlsx"' in r.headers["content-disposition"]
    assert "Worksheet" in openpyxl.load_workbook(io.BytesIO(r.content)).sheetnames
    r = client.get("/download/simulation-merger-2016.xlsx")
    assert r.status_code == 200
    assert openpyxl.load_workbook(io.BytesIO(r.content)).sheetnames[0] == "Before"


def test_errors_are_pages_not_tracebacks(client):
    r = client.get("/consolidate", params={"period": "2020-12-31"})
    assert r.status_code == 400
    assert "the ledger holds no trial balance at 2020-12-31" in r.text and "Traceback" not in r.text
    r = client.get("/consolidate", params={"period": "not-a-date"})
    assert r.status_code == 400 and "is not a date" in r.text
    r = client.get("/simulate/nope")
    assert r.status_code == 400 and "no event" in r.text
    r = client.get("/rows", params={"period": "2021-12-31", "entity": "X", "account": "1"})
    assert r.status_code == 400
    assert client.get("/no-such-page").status_code == 404


def test_user_strings_are_escaped(fake_ctx):
    fake_ctx.consolidation["eliminations"][0]["reason"] = "<script>alert(1)</script>"
    fake_ctx.consolidation["eliminations"][1]["step"] = "<img src=x onerror=alert(1)>"
    client = TestClient(create_app(WS, None, context=fake_ctx))
    pages = [client.get("/"), client.get("/consolidate"), client.get("/structure"),
             client.get("/line", params={"period": "2021-12-31", "account": "3300"}),
             client.get("/consolidate", params={"period": "<script>x</script>"})]
    for r in pages:
        assert "<script" not in r.text, r.url
        assert "<img src=x" not in r.text, r.url
    assert "&lt;script&gt;" in pages[1].text and "&lt;script&gt;" in pages[2].text


def test_token_is_required_on_every_request(fake_ctx):
    client = TestClient(create_app(WS, TOKEN, context=fake_ctx))
    assert client.get("/").status_code == 401
    assert client.get("/static/style.css").status_code == 401
    assert client.get("/", params={"token": "wrong"}).status_code == 401
    assert client.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
    r = client.get("/", params={"token": TOKEN})
    assert r.status_code == 200
    assert f"/consolidate?period=2021-12-31&amp;token={TOKEN}" in r.text     # links carry it
    assert f"/static/style.css?token={TOKEN}" in r.text
    assert client.get("/consolidate", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert client.get("/static/style.css", params={"token": TOKEN}).status_code == 200
    r = client.get("/structure", params={"token": TOKEN})
    assert f'name="token" value="{TOKEN}"' in r.text                          # the date form keeps it


def test_host_header_is_checked_on_loopback(fake_ctx):
    app = create_app(WS, None, context=fake_ctx, allowed_hosts=["127.0.0.1", "localhost", "::1"])
    assert TestClient(app, base_url="http://127.0.0.1:8000").get("/").status_code == 200
    assert TestClient(app, base_url="http://[::1]:8000").get("/").status_code == 200
    assert TestClient(app, base_url="http://evil.example:8000").get("/").status_code == 400


def test_is_loopback():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")


def _serve_cli() -> Typer:
    from renketsu.cli import serve

    app = Typer()
    app.command()(serve.command)
    return app


def test_serve_refuses_other_host_without_token(tmp_path, monkeypatch):
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("must not start"))
    monkeypatch.delenv("RENKETSU_TOKEN", raising=False)
    r = CliRunner().invoke(_serve_cli(), [str(tmp_path), "--host", "0.0.0.0"])
    assert r.exit_code == 2
    assert "refusing to serve on 0.0.0.0 without a token" in r.output


def test_serve_starts_with_token_off_loopback(tmp_path, monkeypatch):
    import uvicorn

    from renketsu.cli import serve

    started = {}
    monkeypatch.setattr(serve, "create_app", lambda ws, token, allowed_hosts=None: ("app", token, allowed_hosts))
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **k: started.update(app=app, host=host, port=port))
    r = CliRunner().invoke(_serve_cli(), [str(tmp_path), "--host", "0.0.0.0", "--port", "8123", "--token", TOKEN])
    assert r.exit_code == 0, r.output
    assert started == {"app": ("app", TOKEN, None), "host": "0.0.0.0", "port": 8123}
    r = CliRunner().invoke(_serve_cli(), [str(tmp_path)])
    assert r.exit_code == 0
    assert started["host"] == "127.0.0.1" and started["app"][2][:3] == ("127.0.0.1", "localhost", "::1")
