"""The ``ownership`` and ``generate`` commands, run in-process on small workspaces."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from renketsu.cli import generate as generate_cmd
from renketsu.cli import ownership as ownership_cmd

GROUP_YAML = """\
group: Mutual
parent: P
reporting_currency: CU
fiscal_year_end: 12-31
framework: ifrs
entities:
  - {id: P, name: Parent, currency: CU}
  - {id: A, name: A, currency: CU}
  - {id: B, name: B, currency: CU}
accounts:
  - {id: "1100", name: Cash, type: asset}
  - {id: "3100", name: Share capital, type: equity, role: share_capital}
  - {id: "3300", name: Retained earnings, type: equity, role: retained_earnings}
holdings:
  - {date: 2021-01-01, holder: P, entity: A, share: 0.8}
  - {date: 2021-01-01, holder: P, entity: B, share: 0.7}
  - {date: 2021-01-01, holder: A, entity: B, share: 0.1}
  - {date: 2022-06-30, holder: B, entity: A, share: 0.2}
"""


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    app.command("ownership")(ownership_cmd.command)
    app.command("generate")(generate_cmd.command)
    return app


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "group.yaml").write_text(GROUP_YAML, encoding="utf-8")
    return tmp_path


def test_json_at_a_date(app, workspace):
    res = CliRunner().invoke(app, ["ownership", str(workspace), "--date", "2022-12-31", "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["format"] == "renketsu.ownership/1" and out["parent"] == "P" and out["date"] == "2022-12-31"
    assert out["entities"]["A"] == {"method": "full", "direct": {"B": "0.2", "P": "0.8"},
                                    "effective": "47/49", "nci": "2/49"}
    assert out["entities"]["B"]["effective"] == "39/49"


def test_table_and_changes(app, workspace):
    res = CliRunner().invoke(app, ["ownership", str(workspace), "--date", "2021-06-30"])
    assert res.exit_code == 0 and "78%" in res.stdout  # B: 0.7 + 0.8 x 0.1
    res = CliRunner().invoke(app, ["ownership", str(workspace), "--from", "2021-12-31", "--to", "2022-12-31",
                                   "--format", "json"])
    assert res.exit_code == 0, res.output
    kinds = [(c["entity"], c["kind"], c["after"]) for c in json.loads(res.stdout)["changes"]]
    assert kinds == [("A", "effective_interest", "47/49"), ("B", "effective_interest", "39/49")]


@pytest.mark.parametrize("args", [["--date", "2022-02-30"], ["--from", "2022-01-01"],
                                  ["--date", "2022-01-01", "--from", "2021-01-01", "--to", "2022-01-01"]])
def test_bad_dates_exit_2(app, workspace, args):
    res = CliRunner().invoke(app, ["ownership", str(workspace), *args])
    assert res.exit_code == 2


def test_generate_writes_a_loadable_workspace(app, tmp_path):
    out = tmp_path / "big"
    res = CliRunner().invoke(app, ["generate", str(out), "--entities", "300", "--seed", "5", "--cycles", "3"])
    assert res.exit_code == 0, res.output
    assert {p.name for p in out.iterdir()} == {"group.yaml", "entities.csv", "holdings.csv"}
    first = (out / "holdings.csv").read_bytes()
    res = CliRunner().invoke(app, ["generate", str(out), "--entities", "300", "--seed", "5", "--cycles", "3"])
    assert res.exit_code == 2  # refuses to overwrite
    res = CliRunner().invoke(app, ["generate", str(out), "--entities", "300", "--seed", "5", "--cycles", "3",
                                   "--force"])
    assert res.exit_code == 0 and (out / "holdings.csv").read_bytes() == first
    res = CliRunner().invoke(app, ["ownership", str(out), "--format", "json"])
    assert res.exit_code == 0, res.output
    ents = json.loads(res.stdout)["entities"]
    assert len(ents) == 300 and ents["P"]["method"] == "parent"
