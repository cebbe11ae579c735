"""Synthetic large groups: deterministic random holding structures for tests and benchmarks.

Pure: :func:`generate` returns arrays; :func:`group_document`, :func:`entity_rows`
and :func:`holding_rows` turn them into the contents of a workspace (FORMAT §2,
large-group form: group.yaml + entities.csv + holdings.csv) without touching the
disk. ``renketsu generate`` writes them. A ledger generator can be added as one
more ``GenerateSpec`` field (e.g. ``ledger_rows``) and one more row function,
without changing these.

Shape of a generated group of ``n`` entities:

- entity 0 is the parent ``P``; every other entity ``i`` has one main holder
  holding 100% (60% of entities), 51-99.99% (25%), 20-50% (10%) or 1-19.99%
  (5%), drawn uniformly among the earlier entities held above 50% and the
  parent (a random recursive tree, depth about ln n; associates hold nothing);
- about a quarter of the entities get a second, minority holder drawn the same
  way, within the shares still free (~1.25 holdings per entity in all);
- one holding in twenty carries fewer votes than shares (non-voting classes);
- ``cycles`` small cross-holdings: a subsidiary (or its own subsidiary) takes a
  minority stake back in its holder, making 2- and 3-entity cycles.

Shares are exact decimals with four places (numerators over 10 000).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from renketsu.model.money import ratio_str

from .core import HoldingArrays

#: Denominator of every generated share and vote.
SHARE_DEN = 10_000

_EPOCH = dt.date(2010, 1, 1)
_SPAN_DAYS = (dt.date(2024, 12, 31) - _EPOCH).days

#: The 24-account chart of the shared cases (c03), used for generated groups.
ACCOUNTS: tuple[dict[str, str], ...] = (
    {"id": "1100", "name": "Cash and deposits", "type": "asset"},
    {"id": "1200", "name": "Receivables", "type": "asset"},
    {"id": "1300", "name": "Inventory", "type": "asset"},
    {"id": "1400", "name": "Other assets", "type": "asset"},
    {"id": "1450", "name": "Land", "type": "asset"},
    {"id": "1500", "name": "Shares of subsidiaries and associates", "type": "asset", "role": "investment"},
    {"id": "1510", "name": "Investments accounted for by the equity method", "type": "asset",
     "role": "equity_method_investment"},
    {"id": "1600", "name": "Goodwill", "type": "asset", "role": "goodwill"},
    {"id": "2100", "name": "Payables", "type": "liability"},
    {"id": "2200", "name": "Other liabilities", "type": "liability"},
    {"id": "3100", "name": "Share capital", "type": "equity", "role": "share_capital"},
    {"id": "3200", "name": "Capital surplus", "type": "equity", "role": "capital_surplus"},
    {"id": "3300", "name": "Retained earnings", "type": "equity", "role": "retained_earnings"},
    {"id": "3400", "name": "Dividends declared", "type": "equity", "role": "dividends_declared"},
    {"id": "3500", "name": "Revaluation reserve", "type": "equity", "role": "revaluation_reserve"},
    {"id": "3600", "name": "Foreign currency translation reserve", "type": "equity", "role": "cta"},
    {"id": "3900", "name": "Non-controlling interests", "type": "equity", "role": "nci"},
    {"id": "4100", "name": "Revenue", "type": "income"},
    {"id": "4200", "name": "Dividend income", "type": "income", "role": "dividend_income"},
    {"id": "4300", "name": "Share of profit of associates", "type": "income", "role": "equity_method_income"},
    {"id": "4800", "name": "Gain on extinguishment of tie-in shares", "type": "income", "role": "tie_in_gain"},
    {"id": "5100", "name": "Cost of sales", "type": "expense", "role": "cost_of_sales"},
    {"id": "5200", "name": "Other expenses", "type": "expense"},
    {"id": "5800", "name": "Loss on extinguishment of tie-in shares", "type": "expense", "role": "tie_in_loss"},
)


@dataclass(frozen=True)
class GenerateSpec:
    """What to generate."""

    #: Number of entities, the parent included (at least 1).
    entities: int
    #: Seed of the random generator: equal specs give equal groups.
    seed: int = 0
    #: Number of small cross-holding cycles between subsidiaries.
    cycles: int = 0
    #: Reporting and entity currency.
    currency: str = "CU"


@dataclass(frozen=True, eq=False)
class GeneratedGroup:
    """A generated group: entity ids and one holding event per (holder, entity) pair."""

    #: The spec it was generated from.
    spec: GenerateSpec
    #: Entity ids; index 0 is the parent.
    ids: tuple[str, ...]
    #: Holder index of each holding (int64).
    holder: np.ndarray
    #: Held entity index of each holding (int64).
    entity: np.ndarray
    #: Share numerators over :data:`SHARE_DEN` (int64).
    share: np.ndarray
    #: Vote numerators over :data:`SHARE_DEN` (int64).
    voting: np.ndarray
    #: Consideration of each holding event, whole currency units (int64).
    cost: np.ndarray
    #: Date of each holding event as days after 2010-01-01 (int64).
    day: np.ndarray
    #: Date each entity was established, days after 2000-01-01 (int64).
    established: np.ndarray

    @property
    def parent(self) -> str:
        """Id of the parent."""
        return self.ids[0]

    def arrays(self) -> HoldingArrays:
        """The holdings as solver input (every event is on or before 2024-12-31)."""
        return HoldingArrays(
            n=len(self.ids), parent=0, holder=self.holder, entity=self.entity,
            share=self.share, share_den=SHARE_DEN, voting=self.voting, vote_den=SHARE_DEN,
        )


def generate(spec: GenerateSpec) -> GeneratedGroup:
    """A random group following the shape in the module docstring; deterministic in ``spec``."""
    n = spec.entities
    if n < 1:
        raise ValueError("a group has at least one entity")
    rng = np.random.default_rng(spec.seed)
    idx = np.arange(1, n, dtype=np.int64)

    # main share, then main holder among the earlier controlled entities (or the parent)
    kind = rng.random(n - 1)
    share = np.where(
        kind < 0.60, SHARE_DEN,
        np.where(kind < 0.85, rng.integers(5100, SHARE_DEN, n - 1),
                 np.where(kind < 0.95, rng.integers(2000, 5001, n - 1), rng.integers(100, 2000, n - 1))),
    ).astype(np.int64)
    pool = np.concatenate([[0], idx[share > SHARE_DEN // 2]])
    main_holder = _pick_earlier(rng, pool, idx)
    room = np.zeros(n, dtype=np.int64)
    room[1:] = SHARE_DEN - share

    # second, minority holders, from the same pool
    open_ = idx[(room[1:] > 0) & (idx > 1)]
    take = rng.permutation(open_)[: n // 4]
    take.sort()
    second = _pick_earlier(rng, pool, take)
    keep = second != main_holder[take - 1]
    take, second = take[keep], second[keep]
    second_share = 1 + np.floor(rng.random(take.size) * np.minimum(room[take], 4000)).astype(np.int64)
    room[take] -= second_share

    holders = [main_holder, second]
    entities = [idx, take]
    shares = [share, second_share]

    # cross-holding cycles: j (held by h) takes a stake back in h, or j's child k does
    if spec.cycles and n > 3:
        extra_h, extra_e, extra_s = [], [], []
        used: set[tuple[int, int]] = set()
        mh = np.concatenate([[-1], main_holder]).tolist()
        msh = np.concatenate([[0], share]).tolist()
        tries = 0
        while len(extra_h) < spec.cycles and tries < 50 * spec.cycles:
            tries += 1
            j = int(rng.integers(2, n))
            h = mh[j]
            if h <= 0 or msh[j] <= SHARE_DEN // 2:
                continue
            holder_ = j
            if rng.random() < 0.3:  # a 3-cycle through a subsidiary of j, when j has one
                k = int(rng.integers(j + 1, n)) if j + 1 < n else -1
                if k > 0 and mh[k] == j and msh[k] > SHARE_DEN // 2:
                    holder_ = k
            if (holder_, h) in used or room[h] <= 0:
                continue
            s = 1 + int(rng.integers(0, min(int(room[h]), 1500)))
            room[h] -= s
            used.add((holder_, h))
            extra_h.append(holder_)
            extra_e.append(h)
            extra_s.append(s)
        holders.append(np.asarray(extra_h, dtype=np.int64))
        entities.append(np.asarray(extra_e, dtype=np.int64))
        shares.append(np.asarray(extra_s, dtype=np.int64))

    holder = np.concatenate(holders)
    entity = np.concatenate(entities)
    share_all = np.concatenate(shares)
    m = holder.size
    voting = share_all.copy()
    nonvoting = rng.random(m) < 0.05
    voting[nonvoting] = share_all[nonvoting] * rng.integers(5, 10, int(nonvoting.sum())) // 10
    cost = share_all * rng.integers(10, 1000, m)
    day = rng.integers(0, _SPAN_DAYS + 1, m)
    established = rng.integers(0, 3650, n)
    width = len(str(max(n - 1, 1)))
    ids = ("P",) + tuple(f"E{i:0{width}d}" for i in range(1, n))
    return GeneratedGroup(
        spec=spec, ids=ids, holder=holder, entity=entity, share=share_all,
        voting=voting, cost=cost, day=day, established=established,
    )


def _pick_earlier(rng: np.random.Generator, pool: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """For each target index, a uniform pick among the pool's members below it (pool is sorted, holds 0)."""
    count = np.searchsorted(pool, targets)  # members strictly below each target, >= 1
    return pool[np.floor(rng.random(targets.size) * count).astype(np.int64)]


def group_document(gen: GeneratedGroup) -> dict[str, object]:
    """The group.yaml content: settings and chart; entities and holdings live in the CSVs."""
    return {
        "group": f"Generated group ({len(gen.ids)} entities, seed {gen.spec.seed})",
        "parent": gen.parent,
        "reporting_currency": gen.spec.currency,
        "fiscal_year_end": "12-31",
        "framework": "ifrs",
        "policies": {"nci_measurement": "proportionate"},
        "accounts": [dict(a) for a in ACCOUNTS],
    }


ENTITY_COLUMNS = ("id", "name", "currency", "country", "established", "shares_outstanding")
HOLDING_COLUMNS = ("date", "holder", "entity", "share", "voting", "cost")


def entity_rows(gen: GeneratedGroup) -> Iterator[tuple[str, ...]]:
    """Rows of entities.csv (without the header, see :data:`ENTITY_COLUMNS`)."""
    base = dt.date(2000, 1, 1)
    for i, (eid, days) in enumerate(zip(gen.ids, gen.established.tolist())):
        name = "Parent" if i == 0 else f"Entity {i}"
        yield (eid, name, gen.spec.currency, "JP", (base + dt.timedelta(days=days)).isoformat(), "1000000")


def holding_rows(gen: GeneratedGroup) -> Iterator[tuple[str, ...]]:
    """Rows of holdings.csv in date order (without the header, see :data:`HOLDING_COLUMNS`)."""
    ids = gen.ids
    order = np.argsort(gen.day, kind="stable")
    cols = zip(
        gen.day[order].tolist(), gen.holder[order].tolist(), gen.entity[order].tolist(),
        gen.share[order].tolist(), gen.voting[order].tolist(), gen.cost[order].tolist(),
    )
    for day, h, e, s, v, c in cols:
        yield (
            (_EPOCH + dt.timedelta(days=day)).isoformat(), ids[h], ids[e],
            ratio_str(Fraction(s, SHARE_DEN)), ratio_str(Fraction(v, SHARE_DEN)), str(c),
        )
