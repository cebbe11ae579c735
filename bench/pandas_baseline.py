"""A plain pandas consolidation, as an analyst would write it: the comparison of bench/e2e_bench.py.

    .venv/bin/python bench/pandas_baseline.py WORKSPACE PERIOD > out.json

What it does (and what it leaves out, which is the point of the comparison): read every
``ledger/*.csv`` with ``pandas.read_csv`` (amounts as floats), keep the period's rows, map
nothing, check nothing; translate each row by a merge with ``rates.csv`` (assets and
liabilities at the closing rate, everything else at the average rate, the reporting
currency at 1); drop the rows whose partner is a group entity (a blunt elimination); sum
the contributions by entity and account and the group by account, and write them as JSON.
No ownership, no NCI, no goodwill, no historical equity rates, no statements, no exact
arithmetic: it does less than renketsu, in floats.
"""

from __future__ import annotations

import glob
import json
import sys

import pandas as pd
import yaml


def main(ws: str, period: str) -> None:
    with open(f"{ws}/group.yaml", encoding="utf-8") as fh:
        group = yaml.safe_load(fh)
    rc = group["reporting_currency"]
    accounts = pd.DataFrame(group["accounts"])[["id", "type"]].rename(columns={"id": "account"})
    entities = pd.read_csv(f"{ws}/entities.csv", dtype=str)[["id", "currency"]].rename(columns={"id": "entity"})
    rates = pd.read_csv(f"{ws}/rates.csv", dtype={"currency": str, "date": str, "kind": str, "rate": float})
    rates = rates[rates["date"] == period]

    tb = pd.concat([pd.read_csv(f, dtype={"entity": str, "period": str, "account": str, "partner": str},
                                usecols=["entity", "period", "account", "partner", "amount"])
                    for f in sorted(glob.glob(f"{ws}/ledger/*.csv"))], ignore_index=True)
    tb = tb[tb["period"] == period]
    tb = tb.merge(entities, on="entity", how="left").merge(accounts, on="account", how="left")
    tb["kind"] = tb["type"].map({"asset": "closing", "liability": "closing"}).fillna("average")
    tb = tb.merge(rates[["currency", "kind", "rate"]], on=["currency", "kind"], how="left")
    tb.loc[tb["currency"] == rc, "rate"] = 1.0
    tb["translated"] = tb["amount"] * tb["rate"]
    tb = tb[~tb["partner"].isin(entities["entity"])]

    contributions = tb.groupby(["entity", "account"], sort=True)["translated"].sum()
    totals = tb.groupby("account", sort=True)["translated"].sum()
    out = {"period": period, "currency": rc,
           "consolidated": {a: round(v, 2) for a, v in totals.items()},
           "contributions": {}}
    for (e, a), v in contributions.items():
        out["contributions"].setdefault(e, {})[a] = round(v, 2)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
