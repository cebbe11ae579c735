"""A fake Context over the hand-made c03/c08 result fixtures, so the web tests need no engine."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from renketsu.model.errors import Problem, RenketsuError
from renketsu.model.types import Account, Consideration, Entity, Merger, Source

FIXTURES = Path(__file__).parent.parent / "reports" / "fixtures"
EVIL_NAME = 'Sub <script>alert("pwned")</script> & Co'
TOKEN = "t0ken-for-tests-0123456789"

C03_LEDGER = """entity,period,account,partner,amount
P,2021-12-31,1500,S,10000
P,2021-12-31,1400,,50000
P,2021-12-31,2200,,-20000
P,2021-12-31,3100,,-25000
P,2021-12-31,3300,,-8600
P,2021-12-31,4100,,-9000
P,2021-12-31,5200,,3000
P,2021-12-31,4200,S,-400
S,2021-12-31,1400,,12000
S,2021-12-31,1450,,3000
S,2021-12-31,2200,,-5500
S,2021-12-31,3100,,-5000
S,2021-12-31,3300,,-3000
S,2021-12-31,3400,,500
S,2021-12-31,4100,,-5000
S,2021-12-31,5200,,3000
"""


class _Result:
    def __init__(self, data: dict):
        self._data = data

    def to_json(self) -> dict:
        return copy.deepcopy(self._data)


class FakeContext:
    """Just enough of renketsu.api.Context: workspace, periods, consolidate, simulate, ownership, ledger_rows."""

    PERIOD = dt.date(2021, 12, 31)

    def __init__(self, entity_name: str = EVIL_NAME):
        group_doc = yaml.safe_load((FIXTURES / "c03-group.yaml").read_text())
        src = Source("group.yaml")
        accounts = {str(a["id"]): Account(str(a["id"]), a["name"], a["type"], a.get("role"), src)
                    for a in group_doc["accounts"]}
        entities = {
            "P": Entity("P", "Parent", "CU", "JP", None, None, {}, (), src),
            "S": Entity("S", entity_name, "CU", "JP", None, None, {}, (), src),
        }
        group = SimpleNamespace(name="c03 group", parent="P", reporting_currency="CU", framework="ifrs",
                                accounts=accounts, entities=entities)
        merger = Merger("merger-2016", dt.date(2016, 4, 1), "P", ("S",), Consideration(), src)
        self.workspace = SimpleNamespace(group=group, events={"merger-2016": merger})
        self.consolidation = json.loads((FIXTURES / "c03-consolidation-2021-12-31.json").read_text())
        self.simulation = json.loads((FIXTURES / "c08-simulation-merger-2016.json").read_text())
        self.calls: list[tuple] = []

    def periods(self) -> list[dt.date]:
        return [self.PERIOD]

    def consolidate(self, period: dt.date) -> _Result:
        self.calls.append(("consolidate", period))
        if period != self.PERIOD:
            raise RenketsuError(Problem("no_ledger", f"the ledger holds no trial balance at {period}",
                                        Source("ledger/"), "add one"))
        return _Result(self.consolidation)

    def simulate(self, event_id: str) -> _Result:
        self.calls.append(("simulate", event_id))
        return _Result(self.simulation)

    def ownership(self, date: dt.date) -> _Result:
        return _Result(self.consolidation["entities"])

    def ledger_rows(self, entity: str, account: str, period: dt.date) -> list[dict]:
        out = []
        for i, row in enumerate(csv.DictReader(C03_LEDGER.splitlines()), start=2):
            if row["entity"] == entity and row["account"] == account and row["period"] == str(period):
                out.append({"file": "ledger/trial_balances.csv", "sheet": None, "row": i, "account": account,
                            "partner": row["partner"] or None, "date": None, "amount": row["amount"]})
        return out


@pytest.fixture
def fake_ctx() -> FakeContext:
    return FakeContext()
