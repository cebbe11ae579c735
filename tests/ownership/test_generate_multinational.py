"""``renketsu generate --multinational``: foreign holding companies several levels deep, and every check passes.

A generated group of 200 entities in 4 currencies whose foreign companies hold
subsidiaries (NCI at several levels) and associates, in their own and other
currencies, each investment at cost in its holder's currency, consolidated end to
end from the written files.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from renketsu.api import Context
from renketsu.cli import generate as generate_cmd

PERIOD = "2024-12-31"


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()
    app.command("generate")(generate_cmd.command)
    app.command("other")(lambda: None)  # two commands: typer keeps the subcommand name
    return app


@pytest.fixture(scope="module")
def workspace(app, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("mn") / "ws"
    res = CliRunner().invoke(app, ["generate", str(out), "--entities", "200", "--seed", "11",
                                   "--ledger-rows", "4000", "--currencies", "4", "--multinational", "--files", "2"])
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture(scope="module")
def consolidated(workspace):
    return Context.open(workspace).consolidate(PERIOD)


def _structure(ws: Path):
    doc = yaml.safe_load((ws / "group.yaml").read_text(encoding="utf-8"))
    with open(ws / "entities.csv", encoding="utf-8") as f:
        cur = {r["id"]: r["currency"] for r in csv.DictReader(f)}
    with open(ws / "rates.csv", encoding="utf-8") as f:
        closing = {r["currency"]: Decimal(r["rate"]) for r in csv.DictReader(f)
                   if r["kind"] == "closing" and r["date"] == PERIOD}
    return doc, cur, closing


def test_the_generated_group_is_multinational_at_several_levels(workspace, consolidated):
    doc, cur, _ = _structure(workspace)
    rep = doc["reporting_currency"]
    assert set(cur.values()) == {rep, "USD", "EUR", "GBP"}
    ents = consolidated.entities
    controller: dict[str, str] = {}
    for h in doc["holdings"]:
        if Decimal(h["voting"]) > Decimal("0.5"):
            controller[h["entity"]] = h["holder"]

    def foreign_levels(e: str) -> int:  # foreign companies in the chain of controlling holders above e
        d = 0
        while e in controller and cur[controller[e]] != rep:
            d, e = d + 1, controller[e]
        return d

    levels = Counter(foreign_levels(e) for e in cur)
    assert max(levels) >= 3 and sum(v for k, v in levels.items() if k >= 3) >= 10
    by_foreign = [h for h in doc["holdings"] if cur[h["holder"]] != rep]
    methods = Counter(ents[h["entity"]]["method"] for h in by_foreign)
    assert methods["full"] >= 20 and methods["equity"] >= 3
    # foreign holders of subsidiaries in another currency than their own, the reporting one included
    cross = {(cur[h["holder"]], cur[h["entity"]]) for h in by_foreign
             if ents[h["entity"]]["method"] == "full" and cur[h["entity"]] != cur[h["holder"]]}
    assert len(cross) >= 5 and any(c == rep for _, c in cross)
    # NCI at several levels below foreign holders; associates held by foreign holders at several levels
    nci_levels = {foreign_levels(e) for e, v in ents.items() if v["method"] == "full" and Fraction(v["nci"]) > 0}
    assert {1, 2, 3} <= nci_levels
    assoc_levels = {foreign_levels(h["holder"]) + 1 for h in by_foreign if ents[h["entity"]]["method"] == "equity"}
    assert len(assoc_levels) >= 2
    # every holding gives the equity at acquisition; every foreign company comes in away from the closing rate
    assert all(h.get("equity_at_acquisition") for h in doc["holdings"])


def test_every_check_passes(consolidated):
    checks = {c.name: c for c in consolidated.typed_checks}
    assert {"balance_sheet_balances", "investments_eliminated", "profit_split", "entries_balance"} <= set(checks)
    assert consolidated.ok, [(c.name, c.detail) for c in consolidated.typed_checks if not c.ok]
    assert all(c["ok"] for c in consolidated.to_json()["statement_checks"])


def test_investments_left_are_exactly_those_in_unconsolidated_companies(workspace, consolidated):
    """Independently of the engine's own check: what stays on the investment account is the cost of
    holdings in companies neither consolidated nor equity-accounted, at each holder's closing rate."""
    doc, cur, closing = _structure(workspace)
    rep = doc["reporting_currency"]
    ents = consolidated.entities
    left = Decimal(0)
    count = 0
    for h in doc["holdings"]:
        if ents[h["entity"]]["method"] == "none" and ents[h["holder"]]["method"] in ("full", "parent"):
            left += Decimal(h["cost"]) * (1 if cur[h["holder"]] == rep else closing[cur[h["holder"]]])
            count += 1
    assert count >= 5
    # each holder's translated balance is booked to the cent: at most half a cent per holder apart
    assert abs(consolidated.amount("1500") - left) <= Decimal("0.005") * count
    # foreign holders' investments in their subsidiaries are gone whatever the exchange difference
    # (the foreign companies came in at a spot rate other than the closing rate)
    rates = list(csv.DictReader(open(workspace / "rates.csv", encoding="utf-8")))
    spot = {r["currency"]: Decimal(r["rate"]) for r in rates if r["kind"] == "spot" and r["date"] == "2024-01-01"}
    assert spot and all(spot[c] != closing[c] for c in spot)


def test_same_seed_same_files(app, workspace, tmp_path):
    out = tmp_path / "again"
    res = CliRunner().invoke(app, ["generate", str(out), "--entities", "200", "--seed", "11",
                                   "--ledger-rows", "4000", "--currencies", "4", "--multinational", "--files", "2"])
    assert res.exit_code == 0, res.output
    for name in ("group.yaml", "entities.csv", "rates.csv", "ledger/part-00.csv", "ledger/part-01.csv"):
        assert (out / name).read_bytes() == (workspace / name).read_bytes(), name


@pytest.mark.parametrize("args", [["--multinational"], ["--multinational", "--ledger-rows", "100"]])
def test_multinational_needs_a_ledger_in_several_currencies(app, tmp_path, args):
    out = tmp_path / "no"
    res = CliRunner().invoke(app, ["generate", str(out), "--entities", "20", *args])
    assert res.exit_code == 2
    assert "--multinational" in res.output and not out.exists()


def test_json_result_of_the_group(consolidated):
    out = json.loads(json.dumps(consolidated.to_json()))
    assert all(c["ok"] for c in out["checks"])
