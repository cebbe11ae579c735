"""Synthetic large groups: deterministic random holding structures for tests and benchmarks.

Pure: :func:`generate` returns arrays; :func:`group_document`, :func:`entity_rows`
and :func:`holding_rows` turn them into the contents of a workspace (docs/format.md §2,
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
from typing import Any

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
        extra_h: list[int] = []
        extra_e: list[int] = []
        extra_s: list[int] = []
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


# ----------------------------------------------------------------------------- ledger (benchmarks)
#
# A workspace with trial balances, for load and consolidation benchmarks. The holding
# structure is the one above, re-dated so that one period's ledger is enough: each
# entity's holdings happen on one day, non-decreasing with the entity index (so an
# entity's control or influence starts on its own holding day), every day on or before
# the first day of the fiscal year; the foreign-currency entities are the last ones and
# all come in on that first day (no translation history is needed); with ``multinational``
# the currencies follow the holding tree instead (:func:`multinational_currencies`) and
# every foreign entity and everything under one comes in on that day. Every holding gives
# ``equity_at_acquisition``, so no trial balance at another date is read.

#: Foreign currencies in the order ``--currencies`` adds them, with a base rate.
FOREIGN = (("USD", 150), ("EUR", 160), ("GBP", 190))
LEDGER_COLUMNS = ("entity", "period", "account", "partner", "amount")
#: Accounts that ordinary rows post to, with their sign (+1 debit) and weight.
_POSTING = (("1100", 1, 3), ("1200", 1, 3), ("1300", 1, 2), ("1400", 1, 1), ("1450", 1, 1),
            ("2100", -1, 3), ("2200", -1, 2), ("3100", -1, 1), ("3200", -1, 1),
            ("4100", -1, 6), ("5100", 1, 5), ("5200", 1, 4))


@dataclass(frozen=True, eq=False)
class GeneratedLedger:
    """Everything a ledger workspace adds to a :class:`GeneratedGroup`."""

    period: dt.date
    #: Currency of each entity (index like ``ids``).
    currency: tuple[str, ...]
    #: Holding event dates (re-dated, see above), one per holding of the group.
    dates: tuple[dt.date, ...]
    #: The rows as an Arrow table: entity, period, account, partner (strings), cents (int64)
    #: and, when dated, date; sorted by entity.
    table: object
    #: rates.csv rows: (currency, date, kind, rate text).
    rates: tuple[tuple[str, str, str, str], ...]


def generate_ledger(gen: GeneratedGroup, rows: int, currencies: int = 1, *, dated: bool = False,
                    period: dt.date = dt.date(2024, 12, 31), ic_per_entity: int = 3,
                    multinational: bool = False) -> GeneratedLedger:
    """About ``rows`` trial-balance rows for every entity of ``gen`` at ``period`` (fiscal year = calendar year).

    Each entity-period sums to zero exactly (a retained-earnings row balances it);
    intra-group balances and sales come in matching pairs between entities of one
    currency; each group holder carries its investment with the held entity as partner.
    With ``dated``, income and expense rows get a transaction date inside the year.

    With ``multinational`` (and ``currencies`` > 1), currencies follow the holding tree
    (:func:`multinational_currencies`): foreign holding companies own subsidiaries and
    associates in their own and other currencies, several levels deep, and the foreign
    companies come in at a spot rate other than the closing rate, so every foreign
    holder's investment is eliminated across a real exchange difference.
    """
    import pyarrow as pa

    n = len(gen.ids)
    rng = np.random.default_rng(gen.spec.seed + 7919)
    fy_start = dt.date(period.year, 1, 1)
    cur_idx = np.zeros(n, dtype=np.int64)
    k = min(max(currencies, 1), len(FOREIGN) + 1) - 1
    span = (fy_start - _EPOCH).days
    if k and multinational:
        cur_idx, late = multinational_currencies(gen, k, rng)
        ent_day = np.sort(rng.integers(0, span + 1, n))
        ent_day[late] = span
    else:
        # currencies: the last ~30% of entities are foreign when currencies > 1
        first_foreign = n if k == 0 else max(1, int(n * 0.7))
        if k:
            cur_idx[first_foreign:] = 1 + rng.integers(0, k, n - first_foreign)
        ent_day = np.sort(rng.integers(0, span + 1, n))
        ent_day[first_foreign:] = span
    names = (gen.spec.currency,) + tuple(c for c, _ in FOREIGN[:k])
    currency = tuple(names[c] for c in cur_idx.tolist())
    # one holding day per entity, non-decreasing along every holding; foreign entities on fy_start;
    # a holding is dated on the later of its two entities' days (cross-holdings, stakes taken by
    # a holder that came in later)
    hday = np.maximum(ent_day[gen.entity], ent_day[gen.holder])
    dates = tuple(_EPOCH + dt.timedelta(days=int(d)) for d in hday.tolist())

    # ordinary rows
    n_hold = gen.holder.size
    ic_pairs = n * ic_per_entity // 2
    fixed = n_hold + 4 * ic_pairs + n  # investments, IC rows, balancing rows
    m = max(rows - fixed, n)
    ent = np.sort(rng.integers(0, n, m))
    weights = np.array([w for _, _, w in _POSTING], dtype=np.float64)
    acc_i = rng.choice(len(_POSTING), m, p=weights / weights.sum())
    sign = np.array([s for _, s, _ in _POSTING], dtype=np.int64)[acc_i]
    cents = sign * rng.integers(1, 10_000_000, m)
    accounts = [a for a, _, _ in _POSTING]
    acc_names = np.array(accounts + ["1500", "3300"], dtype=object)
    partner = np.full(m, -1, dtype=np.int64)
    acc = acc_i.astype(np.int64)
    acc_of = {a: i for i, a in enumerate(acc_names.tolist())}

    # intercompany pairs within one currency: receivable/payable and sale/purchase
    a = rng.integers(1, n, ic_pairs)
    b = rng.integers(0, n, ic_pairs)
    same = (cur_idx[a] == cur_idx[b]) & (a != b)
    a, b = a[same], b[same]
    bal = rng.integers(100, 1_000_000_00, a.size)
    sale = rng.integers(100, 1_000_000_00, a.size)
    ic_ent = np.concatenate([a, b, a, b])
    ic_part = np.concatenate([b, a, b, a])
    ic_acc = np.concatenate([np.full(a.size, acc_of["1200"]), np.full(a.size, acc_of["2100"]),
                             np.full(a.size, acc_of["4100"]), np.full(a.size, acc_of["5100"])])
    ic_amt = np.concatenate([bal, -bal, -sale, sale])
    # investments: holder's shares in the held entity, at cost
    inv_ent, inv_part = gen.holder, gen.entity
    inv_amt = gen.cost * 100

    ent = np.concatenate([ent, ic_ent, inv_ent])
    acc = np.concatenate([acc, ic_acc, np.full(inv_ent.size, acc_of["1500"])])
    partner = np.concatenate([partner, ic_part, inv_part])
    cents = np.concatenate([cents, ic_amt, inv_amt])
    # balancing row per entity on retained earnings
    plug = np.zeros(n, dtype=np.int64)
    np.add.at(plug, ent, -cents)
    ent = np.concatenate([ent, np.arange(n)])
    acc = np.concatenate([acc, np.full(n, acc_of["3300"])])
    partner = np.concatenate([partner, np.full(n, -1)])
    cents = np.concatenate([cents, plug])
    order = np.argsort(ent, kind="stable")
    ent, acc, partner, cents = ent[order], acc[order], partner[order], cents[order]

    ids = pa.array(list(gen.ids), pa.string())
    cols = {
        "entity": pa.DictionaryArray.from_arrays(pa.array(ent, pa.int32()), ids),
        "period": pa.DictionaryArray.from_arrays(pa.array(np.zeros(ent.size, np.int32)),
                                                 pa.array([period.isoformat()])),
        "account": pa.DictionaryArray.from_arrays(pa.array(acc, pa.int32()), pa.array(acc_names.tolist())),
        "partner": pa.DictionaryArray.from_arrays(pa.array(partner, pa.int32(), mask=partner < 0), ids),
        "cents": pa.array(cents, pa.int64()),
    }
    rate_days: set[dt.date] = set(dates)
    if dated:
        days = (period - fy_start).days + 1
        profit = np.isin(acc, [acc_of["4100"], acc_of["5100"], acc_of["5200"]])
        day = rng.integers(0, days, ent.size)
        text = pa.array([(fy_start + dt.timedelta(days=d)).isoformat() for d in range(days)])
        cols["date"] = pa.DictionaryArray.from_arrays(pa.array(day.astype(np.int32), mask=~profit), text)
        rate_days |= {fy_start + dt.timedelta(days=d) for d in range(days)}
    rates = []
    for c, base in FOREIGN[:k]:
        rates.append((c, period.isoformat(), "closing", f"{base + 2}.1250"))
        rates.append((c, period.isoformat(), "average", f"{base}.5000"))
        for d in sorted(rate_days):
            wiggle = (d - _EPOCH).days % 997
            # the first day of the year, when the foreign entities come in, at this year's closing
            # rate: investments held by foreign entities then eliminate exactly
            if d == fy_start:
                spot = f"{base - 3}.7500" if multinational else f"{base + 2}.1250"
            else:
                spot = f"{base - 20 + wiggle // 25}.{wiggle % 100:02d}00"
            rates.append((c, d.isoformat(), "spot", spot))
    return GeneratedLedger(period, currency, dates, pa.table(cols), tuple(rates))


def multinational_currencies(gen: GeneratedGroup, foreign: int,
                             rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Currencies following the holding tree, and which entities come in on the first day of the year.

    Returns ``(currency index per entity, mask)``: index 0 is the reporting currency,
    1..``foreign`` the first entries of :data:`FOREIGN`. A subsidiary or associate of a
    domestic company is foreign with probability 0.3 (a foreign holding company); one of a
    foreign company stays foreign with probability 0.9, in its holder's currency two
    times in three and otherwise any of the others, the reporting currency included.
    The mask holds every foreign entity and every entity with a holder in the mask
    (cross-holdings back up the tree aside): they all come in on the first day of the
    year, so one period's trial balances are their whole history.
    """
    n = len(gen.ids)
    main = np.full(n, -1, dtype=np.int64)
    best = np.zeros(n, dtype=np.int64)
    holders: list[list[int]] = [[] for _ in range(n)]
    # the main holder of an entity: its largest holding (first listed on ties); holder < entity
    for h, e, s in zip(gen.holder.tolist(), gen.entity.tolist(), gen.share.tolist()):
        if h < e:
            holders[e].append(h)
            if s > best[e]:
                best[e], main[e] = s, h
    draw = rng.random((n, 3))
    cur = np.zeros(n, dtype=np.int64)
    late = np.zeros(n, dtype=bool)
    main_l, draw_l = main.tolist(), draw.tolist()
    cur_l = [0] * n
    late_l = [False] * n
    for e in range(1, n):
        h = main_l[e]
        u, v, w = draw_l[e]
        if h < 0:
            continue
        hc = cur_l[h]
        if hc == 0 and not late_l[h]:
            c = 1 + int(w * foreign) if u < 0.3 else 0
        elif u < 0.9:
            c = hc if (v < 2 / 3 and hc) else int(w * (foreign + 1))
        else:
            c = 0
        cur_l[e] = c
        # late with any of its holders: a stake taken on the first day can give control or influence then
        late_l[e] = c != 0 or any(late_l[x] for x in holders[e])
    cur[:] = cur_l
    late[:] = late_l
    return cur, late


def ledger_group_document(gen: GeneratedGroup, led: GeneratedLedger) -> dict[str, object]:
    """group.yaml with the (re-dated) holdings inline, each with ``equity_at_acquisition``."""
    doc = group_document(gen)
    holdings = []
    for i, (h, e, s, v, c) in enumerate(zip(gen.holder.tolist(), gen.entity.tolist(), gen.share.tolist(),
                                            gen.voting.tolist(), gen.cost.tolist())):
        holdings.append({
            "date": led.dates[i].isoformat(), "holder": gen.ids[h], "entity": gen.ids[e],
            "share": ratio_str(Fraction(s, SHARE_DEN)), "voting": ratio_str(Fraction(v, SHARE_DEN)), "cost": str(c),
            "equity_at_acquisition": {"3100": str(1000 + 37 * e), "3300": str(200 + 11 * e)},
        })
    holdings.sort(key=lambda x: x["date"])
    doc["holdings"] = holdings
    return doc


def ledger_entity_rows(gen: GeneratedGroup, led: GeneratedLedger) -> Iterator[tuple[str, ...]]:
    """Rows of entities.csv with each entity's currency."""
    for row, cur in zip(entity_rows(gen), led.currency):
        yield (row[0], row[1], cur, *row[3:])


def write_ledger(led: GeneratedLedger, folder, files: int = 8) -> int:
    """Write ``ledger/part-NN.csv`` (entity ranges split into ``files`` files) with DuckDB; returns rows written."""
    import duckdb
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("part-*.csv"):
        old.unlink()
    table: Any = led.table
    total = table.num_rows
    con = duckdb.connect()
    con.execute(f"SET threads = {max(1, min(4, __import__('os').cpu_count() or 1))}")
    amount = ("CASE WHEN cents < 0 THEN '-' ELSE '' END || (abs(cents) // 100)::VARCHAR || '.' || "
              "lpad((abs(cents) % 100)::VARCHAR, 2, '0')")
    extra = ", date::VARCHAR AS date" if "date" in table.column_names else ""
    step = -(-total // max(files, 1))
    for k, start in enumerate(range(0, total, step)):
        part = table.slice(start, step)  # noqa: F841 - read by DuckDB by name
        path = folder / f"part-{k:02d}.csv"
        con.execute(f"COPY (SELECT entity::VARCHAR AS entity, period::VARCHAR AS period, account::VARCHAR AS account, "
                    f"partner::VARCHAR AS partner, {amount} AS amount{extra} FROM part) "
                    f"TO '{path}' (HEADER, DELIMITER ',')")
    con.close()
    return total
