"""Invariance properties (issue 10 "Tests"): renaming currencies or renaming and permuting entities changes
nothing in the consolidated figures.

The groups are the random two-year trees of tests/consolidation/test_two_year_trees.py (3–4 levels, holders
in any of four currencies, NCI at every level, an associate held jointly, dividends and moving rates).
Each is consolidated as generated and again after

- the foreign currencies are renamed consistently in group.yaml and rates.csv (USD, EUR, GBP mapped
  one-to-one onto three of USD, EUR, GBP, XAA — a swap of codes as well as a new code), and
- the entities are renamed (a permutation of the old ids mixed with new ones, the parent's included) in
  group.yaml (entities, parent, holdings) and in the ledger (entity and partner), and the order of the
  entities and holdings in group.yaml and of the rows of the ledger and of rates.csv is shuffled.

The second result, with the names mapped back, equals the first: balance sheet, income statement,
profit and its split, per-entity figures and contributions, every entry (step, kind, entity, partner,
lines), the closing lines, the checks, the translation facts, comprehensive income, changes in equity,
cash flows, notes and the comparative year. Free-text sentences (reason, detail) and entry ids, which
name the order of the run, are left out, and so is the partner an entry names (with two holders of a
subsidiary it is the first in group.yaml's order); lists are compared as multisets.
"""

from __future__ import annotations

import copy
import json
import os
import random
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_two_year_trees import CURRENCIES, YEARS, _model, trees, write

from renketsu.api import Context

EXAMPLES = int(os.environ.get("RENKETSU_PROPERTY_EXAMPLES", "60" if os.environ.get("CI") == "true" else "12"))
DROP = {"reason", "detail", "id", "group"}
NEW_NAMES = ("B0", "Z9", "M5", "AA1")


@st.composite
def renamings(draw) -> tuple[dict, dict[str, str], dict[str, str], int]:
    g = draw(trees())
    old = [*g["ids"], "A"]
    pool = draw(st.permutations([*old, *NEW_NAMES]))
    emap = dict(zip(old, pool[: len(old)]))
    codes = draw(st.permutations(["USD", "EUR", "GBP", "XAA"]))
    cmap = {"JPY": "JPY"} | dict(zip(CURRENCIES[1:], codes[:3]))
    return g, emap, cmap, draw(st.integers(0, 2**32))


def _renamed(ws: Path, emap: dict[str, str], cmap: dict[str, str], seed: int) -> None:
    """Rename and shuffle the workspace written by test_two_year_trees.write, in place."""
    rnd = random.Random(seed)
    group = yaml.safe_load((ws / "group.yaml").read_text())
    group["parent"] = emap[group["parent"]]
    for e in group["entities"]:
        e["id"], e["name"], e["currency"] = emap[e["id"]], emap[e["name"]], cmap[e["currency"]]
    for h in group["holdings"]:
        h["holder"], h["entity"] = emap[h["holder"]], emap[h["entity"]]
    rnd.shuffle(group["entities"])
    rnd.shuffle(group["holdings"])
    (ws / "group.yaml").write_text(yaml.safe_dump(group, sort_keys=False))
    head, *rows = (ws / "ledger" / "tb.csv").read_text().splitlines()
    out = []
    for row in rows:
        entity, period, account, partner, amount, date = row.split(",")
        out.append(",".join([emap[entity], period, account, emap[partner] if partner else "", amount, date]))
    rnd.shuffle(out)
    (ws / "ledger" / "tb.csv").write_text("\n".join([head, *out]) + "\n")
    head, *rows = (ws / "rates.csv").read_text().splitlines()
    rates = [",".join([cmap[r.split(",")[0]], *r.split(",")[1:]]) for r in rows]
    rnd.shuffle(rates)
    (ws / "rates.csv").write_text("\n".join([head, *rates]) + "\n")


def _normal(x, back: dict[str, str]):
    """The result with names mapped back, free text and order left out."""
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(back, key=len, reverse=True))) + r")\b")
    sub = lambda s: pattern.sub(lambda m: back[m.group(1)], s)  # noqa: E731

    def norm(v):
        if isinstance(v, dict):
            # an entry about a subsidiary held by two group companies names one of them as its partner,
            # the first in group.yaml's order: the entry's figures and lines are compared, not that label
            drop = DROP | ({"partner"} if "lines" in v and "step" in v else set())
            return {sub(k): norm(w) for k, w in v.items() if k not in drop}
        if isinstance(v, list):
            return sorted((norm(w) for w in v), key=lambda w: json.dumps(w, sort_keys=True))
        if isinstance(v, str):
            return sub(v)
        return v

    return norm(x)


def consolidated(ws: Path) -> dict:
    j = Context.open(ws).consolidate(YEARS[1]).to_json()
    return {k: v for k, v in j.items() if k not in ("format",)}


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(r=renamings())
def test_renaming_currencies_and_permuting_entities_changes_nothing(r) -> None:
    g, emap, cmap, seed = r
    g = copy.deepcopy(g)
    model = _model(g)
    with tempfile.TemporaryDirectory() as tmp:
        ws = write(Path(tmp) / "a", g, model)
        before = consolidated(ws)
        _renamed(ws, emap, cmap, seed)
        after = consolidated(ws)
    identity = {k: k for k in [*emap, *cmap]}
    back = {v: k for k, v in emap.items()} | {v: k for k, v in cmap.items()}
    a, b = _normal(before, identity), _normal(after, back)
    assert a.keys() == b.keys()
    for key in a:
        assert a[key] == b[key], key
    assert all(c["ok"] for c in before["checks"])
