"""The closed-cycle check of the workspace reader (holding.closed_cycle) against the plain fixed point it replaced.

The reader looks only at the entities whose holdings change on a day; the reference
recomputes the whole set on every day (days x entities), as the check did before.
"""

from __future__ import annotations

import datetime as dt
import random
from fractions import Fraction

from renketsu.workspace.reader import _check_closed_cycles, _check_group

from .conftest import make_group


class _Problems:
    def __init__(self):
        self.found: list[tuple[str, str]] = []

    def add(self, kind, message, source=None, hint=None):
        self.found.append((kind, message))


class _Ctx:
    def __init__(self):
        self.problems = _Problems()


def _by_day(g):
    by_day: dict = {}
    for h in g.holdings:
        by_day.setdefault((h.date, h.entity), []).append(h)
    return by_day


def _reference(g, by_day) -> list[str]:
    held: dict[str, dict[str, Fraction]] = {}
    reported: set[frozenset[str]] = set()
    out = []
    for day in sorted({d for d, _ in by_day}):
        for (d, entity), hs in by_day.items():
            if d == day:
                for h in hs:
                    held.setdefault(entity, {})[h.holder] = h.share
        closed = {e for e, hs in held.items() if sum(hs.values(), Fraction(0)) == 1 and e in g.entities}
        changed = True
        while changed:
            changed = False
            for e in sorted(closed):
                if any(share > 0 and holder not in closed for holder, share in held[e].items()):
                    closed.discard(e)
                    changed = True
        if closed and frozenset(closed) not in reported:
            reported.add(frozenset(closed))
            out.append(f"{', '.join(sorted(closed))} are held 100% by each other from {day}, with no holder outside them")
    return out


def _check(g) -> list[str]:
    ctx = _Ctx()
    _check_closed_cycles(ctx, g, _by_day(g))  # type: ignore[arg-type]
    assert all(k == "holding.closed_cycle" for k, _ in ctx.problems.found)
    return [msg for _, msg in ctx.problems.found]


class _GroupCtx(_Ctx):
    group_doc = None
    bad_settings: set[str] = set()

    def name(self, rel):
        return rel


def _check_in_group(g) -> list[str]:
    """The same check as the reader runs it: inside the totals loop of ``_check_group``."""
    ctx = _GroupCtx()
    _check_group(ctx, g)  # type: ignore[arg-type]
    return [msg for k, msg in ctx.problems.found if k == "holding.closed_cycle"]


D = [dt.date(2020, 1, 1) + dt.timedelta(days=30 * i) for i in range(6)]


def test_a_pair_and_what_it_holds():
    g = make_group([("P", "A", "0.5", None, D[0]), ("B", "A", "0.5", None, D[0]), ("A", "B", "1", None, D[0]),
                    ("A", "C", "1", None, D[0]), ("B", "A", "1", None, D[1]), ("P", "A", "0", None, D[1])])
    assert _check(g) == ["A, B, C are held 100% by each other from 2020-01-31, with no holder outside them"]
    assert _check(g) == _reference(g, _by_day(g))
    assert _check_in_group(g) == _check(g)


def test_random_groups_agree_with_the_fixed_point():
    rng = random.Random(5)
    hits = 0
    for _ in range(1000):
        n = rng.randint(2, 7)
        names = ["P"] + [f"E{i}" for i in range(1, n)]
        rows = []
        for _k in range(rng.randint(1, 12)):
            h, e = rng.choice(names), rng.choice(names[1:])
            if h != e:
                rows.append((h, e, rng.choice(["0", "0.5", "1", "0.25"]), None, rng.choice(D)))
        if not rows:
            continue
        g = make_group(rows, entities=names)
        want = _reference(g, _by_day(g))
        assert _check(g) == want, rows
        assert _check_in_group(g) == want, rows
        hits += bool(want)
    assert hits >= 10  # the generator does make closed cycles


def test_totals_above_100_are_reported_by_day_then_entity():
    """The totals loop takes each day's entities as they come; its problems still come by day, then entity."""
    import dataclasses

    from renketsu.workspace.reader import _by_date_holder_entity, float_free_percent

    rng = random.Random(11)
    names = ["P", "E10", "E9", "E2", "E1", "A", "Z"]
    seen = 0
    for _ in range(300):
        rows = [(rng.choice(names), rng.choice(names[1:]), rng.choice(["0", "0.3", "0.6", "0.9"]), None,
                 rng.choice(D[:3])) for _k in range(rng.randint(1, 14))]
        rows = [r for r in rows if r[0] != r[1]]
        g = make_group(rows, entities=names)
        g = dataclasses.replace(g, holdings=_by_date_holder_entity(list(g.holdings)))  # as the reader orders them
        ctx = _GroupCtx()
        _check_group(ctx, g)  # type: ignore[arg-type]
        got = [msg for k, msg in ctx.problems.found if k == "holding.over_100"]
        held: dict[str, dict[str, Fraction]] = {}
        want = []
        for day in sorted({h.date for h in g.holdings}):
            touched = set()
            for h in g.holdings:
                if h.date == day:
                    held.setdefault(h.entity, {})[h.holder] = h.share
                    touched.add(h.entity)
            for e in sorted(touched):
                total = sum(held[e].values(), Fraction(0))
                if total > 1:
                    want.append(f"{e} is {float_free_percent(total)} held in total from {day}")
        assert got == want, rows
        seen += len(want) > 1
    assert seen >= 20  # several problems on one run, in an order to get right
