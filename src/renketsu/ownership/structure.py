"""Ownership of a group at a date: structure, control, method, effective interest, changes.

Map of this module::

    ownership_at(group, date) -> Ownership
      Ownership ........... the group's ownership at one date
        EntityOwnership ... one entity: method, direct holders, votes, effective, nci
    ownership_changes(group, d1, d2) -> [Change]
    lowest_common_controller(own, a, b) -> entity id

The work is done by :mod:`renketsu.ownership.core` on index arrays; this module
turns a :class:`~renketsu.model.Group` into those arrays (the latest holding
event of each pair on or before the date wins; a share of 0 is sold out) and
the solution back into frozen, documented objects. Everything is exact:
shares, votes and interests are ``Fraction``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from bisect import bisect_right
from functools import cached_property
from fractions import Fraction
from operator import attrgetter
from typing import Literal

from renketsu.model.errors import Problem, RenketsuError
from renketsu.model.money import ratio_str
from renketsu.model.types import Group, Holding, Method

from .core import (
    FULL,
    METHOD_CODES,
    METHODS,
    NO_OVERRIDE,
    PARENT,
    SMALL_GROUP,
    _ACYCLIC_IN_PYTHON,
    HoldingArrays,
    SmallHoldings,
    SmallSolution,
    Solution,
    _common_denominator,
    _int_array,
    coprime_fraction,
    fraction,
    gc_paused,
    np,
    solve,
    solve_small,
)
from .output import ratio_text

ChangeKind = Literal["new_subsidiary", "loss_of_control", "method", "effective_interest"]

_ZERO = Fraction(0)
_ONE = Fraction(1)


@dataclass(frozen=True, slots=True)
class EntityOwnership:
    """How the group owns one entity at the date."""

    #: Entity id.
    id: str
    #: Consolidation method: parent, full, equity or none (docs/format.md §8).
    method: Method
    #: Shares held directly by each group entity (holder id -> fraction of the shares).
    direct: dict[str, Fraction]
    #: Votes held directly by each group entity (holder id -> fraction of the votes).
    direct_votes: dict[str, Fraction]
    #: Votes held by the parent and every entity the group controls (0 for the parent).
    group_votes: Fraction
    #: Effective interest of the parent's owners (docs/format.md §10.2); 1 for the parent.
    effective: Fraction
    #: Non-controlling interest: 1 - effective for a full subsidiary, else 0.
    nci: Fraction
    #: True when the entity counts as controlled by the group (its votes count toward
    #: control of others): the parent, and every entity consolidated in full.
    controlled_by_group: bool

    def to_json(self) -> dict[str, object]:
        """The docs/format.md §8 ``entities`` item (ratios as exact strings)."""
        return {
            "method": self.method,
            "direct": {h: ratio_text(s) for h, s in self.direct.items() if s},
            "effective": ratio_text(self.effective),
            "nci": ratio_text(self.nci),
        }


_EO_SET = tuple(EntityOwnership.__dict__[n].__set__ for n in (
    "id", "method", "direct", "direct_votes", "group_votes", "effective", "nci", "controlled_by_group"))


def _entity_ownership(id: str, method: str, direct: dict[str, Fraction], direct_votes: dict[str, Fraction],
                      group_votes: Fraction, effective: Fraction, nci: Fraction,
                      controlled_by_group: bool) -> EntityOwnership:
    """``EntityOwnership(...)``, built in bulk (a million per snapshot of 10^6 entities): the slots set
    through their member descriptors, as ``renketsu.model.types.holding_row`` does (0.5 us instead of
    1.3 us); ``tests/ownership/test_standing_arrays.py`` holds it equal to the constructor."""
    eo = object.__new__(EntityOwnership)
    a, b, c, d, e, f, g, h = _EO_SET
    a(eo, id)
    b(eo, method)
    c(eo, direct)
    d(eo, direct_votes)
    e(eo, group_votes)
    f(eo, effective)
    g(eo, nci)
    h(eo, controlled_by_group)
    return eo


@dataclass(frozen=True)
class Ownership:
    """The group's ownership at one date; built by :func:`ownership_at`."""

    #: The date the structure stands at (holdings on or before it count).
    date: dt.date
    #: Id of the group's parent.
    parent: str
    #: Every entity of the group (parent first), by id.
    entities: dict[str, EntityOwnership]
    #: Voting share strictly above which control is presumed (policies).
    control_threshold: Fraction
    #: Entity ids by array index, as the solver saw them.
    ids: tuple[str, ...] = field(repr=False, compare=False)
    #: The holdings standing at the date, as solver arrays (lists for a small group).
    arrays: HoldingArrays | SmallHoldings = field(repr=False, compare=False)
    #: The solver's raw answer (method codes, topological order; lists for a small group).
    solution: Solution | SmallSolution = field(repr=False, compare=False)

    def method(self, entity: str) -> Method:
        """The method of ``entity`` (``none`` for an id the group does not know)."""
        eo = self.entities.get(entity)
        return eo.method if eo else "none"

    def holdings_between(self, holder: str, entity: str) -> Fraction:
        """Share of ``entity`` held directly by ``holder`` at the date (0 if none)."""
        eo = self.entities.get(entity)
        return eo.direct.get(holder, _ZERO) if eo else _ZERO

    def subsidiaries(self) -> list[str]:
        """Ids of the entities consolidated in full, bottom-up: an entity comes before
        any of its holders (where holdings are acyclic; members of a cycle are adjacent)."""
        sol = self.solution
        if isinstance(sol, SmallSolution):
            return [self.ids[i] for i in reversed(sol.topo) if sol.method[i] == FULL]
        method = sol.method
        order = sol.topo[::-1]
        return [self.ids[i] for i in order[method[order] == FULL].tolist()]

    def controllers(self, entity: str) -> list[str]:
        """Entities that control ``entity``, nearest first, ending with the parent.

        X controls Y when the votes in Y held by X and by every entity X controls
        (to a fixed point) are strictly above the control threshold. An entity
        the group does not control has no controllers.
        """
        if entity == self.parent or entity not in self.entities:
            return []
        if not self.entities[entity].controlled_by_group:
            return []
        found = _controllers_of(self, [entity])
        return [c for c in found if c != entity and entity in found[c]]

    @cached_property
    def _vote_index(self) -> tuple[dict[str, int], dict[int, list[tuple[int, int]]]]:
        """Array index by id, and the voting holdings into each entity (``(holder, votes)``).

        Built once per snapshot (the holdings do not change after it is made): every
        controller question walks it.
        """
        arr = self.arrays
        into: dict[int, list[tuple[int, int]]] = {}
        if isinstance(arr, SmallHoldings):
            for h, e, v in zip(arr.holder, arr.entity, arr.voting):
                if e != arr.parent and v != 0:
                    into.setdefault(e, []).append((h, v))
            return {eid: i for i, eid in enumerate(self.ids)}, into
        keep = (arr.entity != arr.parent) & (arr.voting != 0)
        for h, e, v in zip(arr.holder[keep].tolist(), arr.entity[keep].tolist(), arr.voting[keep].tolist()):
            into.setdefault(e, []).append((h, v))
        return {eid: i for i, eid in enumerate(self.ids)}, into

    def to_json(self) -> dict[str, dict[str, object]]:
        """docs/format.md §8 ``entities``: ``{id: {method, direct, effective, nci}}``."""
        with gc_paused():
            return {eid: eo.to_json() for eid, eo in self.entities.items()}


@dataclass(frozen=True, slots=True)
class Change:
    """One change in the group's ownership between two dates."""

    #: Entity id.
    entity: str
    #: new_subsidiary, loss_of_control, method (any other method change) or
    #: effective_interest (same method, parent/full/equity, other effective interest).
    kind: ChangeKind
    #: The earlier value: the method for the first three kinds, the effective interest for the last.
    before: str | Fraction
    #: The later value, same type as ``before``.
    after: str | Fraction
    #: The date the change takes effect (a holding or override date).
    date: dt.date
    #: Effective interest just before the change.
    effective_before: Fraction
    #: Effective interest from the change.
    effective_after: Fraction

    def to_json(self) -> dict[str, str]:
        """Strings only: ratios exact."""
        def s(v: str | Fraction) -> str:
            return v if isinstance(v, str) else ratio_str(v)

        return {
            "entity": self.entity, "kind": self.kind, "date": self.date.isoformat(),
            "before": s(self.before), "after": s(self.after),
            "effective_before": ratio_str(self.effective_before),
            "effective_after": ratio_str(self.effective_after),
        }


# --------------------------------------------------------------------------- building


def holdings_at(group: Group, date: dt.date) -> dict[tuple[str, str], Holding]:
    """The standing holding of each (holder, entity) pair: the latest event on or before
    ``date`` (for two events on one date, the later one listed); sold-out pairs left out."""
    latest: dict[tuple[str, str], Holding] = {}
    for h in group.holdings:
        if h.date > date:
            continue
        key = (h.holder, h.entity)
        prev = latest.get(key)
        if prev is None or h.date >= prev.date:
            latest[key] = h
    return {k: h for k, h in latest.items() if h.share != 0}


def _overrides_at(group: Group, index: dict[str, int], date: dt.date) -> tuple[list[int], list[Problem]]:
    out = [NO_OVERRIDE] * len(index)
    problems: list[Problem] = []
    for eid, ent in group.entities.items():
        best = None
        for o in ent.method_overrides:
            if o.date <= date and (best is None or o.date >= best.date):
                best = o
        if best is None:
            continue
        if eid == group.parent:
            if best.method != "parent":
                problems.append(Problem("bad_override", f"the parent {eid} cannot be given method {best.method}",
                                        best.source, "remove the override"))
            continue
        if best.method not in METHOD_CODES or best.method == "parent":
            problems.append(Problem("bad_override", f"{eid}: method {best.method!r} cannot be set by an override",
                                    best.source, "use full, equity or none"))
            continue
        out[index[eid]] = METHOD_CODES[best.method]
    return out, problems


def ownership_at(group: Group, date: dt.date) -> Ownership:
    """The ownership of ``group`` at ``date``: control and method of every entity
    (docs/format.md §10.1), and the exact effective interest and NCI (§10.2).

    Raises :class:`RenketsuError` when the parent is unknown, an override is
    impossible, or mutual holdings leave an effective interest undetermined.
    """
    if not isinstance(date, dt.date):
        raise RenketsuError(Problem("bad_date", f"{date!r} is not a date", hint="give YYYY-MM-DD"))
    with gc_paused():
        return _ownership_at(group, date)


def _ownership_at(group: Group, date: dt.date) -> Ownership:
    if group.parent not in group.entities:
        raise RenketsuError(Problem("unknown_entity", f"the parent {group.parent} is not among the entities",
                                    hint="list the parent under entities"))
    # parent first, then the group's order, then ids seen only in holdings
    ids = [group.parent] + [i for i in group.entities if i != group.parent]
    if len(ids) > SMALL_GROUP:  # the array path: the standing holdings found on index arrays
        index = {eid: i for i, eid in enumerate(ids)}
        fast = _standing_arrays(group.holdings, date, index)
        if fast is not None:
            overrides, problems = _overrides_at(group, index, date)
            if problems:
                raise RenketsuError(problems)
            return _solved(group, date, ids, fast[0], overrides, fast[1])
    standing = holdings_at(group, date)
    ents = group.entities  # with the parent: the ids so far
    extra: set[str] = set()
    for holder, entity in standing:
        if holder not in ents or entity not in ents:
            for x in (holder, entity):
                if x not in ents and x not in extra:
                    extra.add(x)
                    ids.append(x)
    index = {eid: i for i, eid in enumerate(ids)}
    overrides, problems = _overrides_at(group, index, date)
    if problems:
        raise RenketsuError(problems)

    pairs = list(standing.values())
    holders = [index[hd.holder] for hd in pairs]
    held = [index[hd.entity] for hd in pairs]
    shares = [hd.share for hd in pairs]
    votes = [hd.voting for hd in pairs]
    pol = group.policies
    if len(ids) <= SMALL_GROUP:  # pure Python, the same answer: no numpy to import for a small group
        small = SmallHoldings.from_fractions(len(ids), 0, holders, held, shares, votes)
        found = solve_small(small, pol.control_threshold, pol.significant_influence, overrides)
        if found is not None:
            return _assemble(group.parent, date, pol.control_threshold, ids, small, found, pairs)
    arrays = HoldingArrays.from_fractions(n=len(ids), parent=0, holder=holders, entity=held, share=shares,
                                          voting=votes)
    return _solved(group, date, ids, arrays, overrides, pairs)


def needs_scipy(group: Group) -> bool:
    """Whether solving this group's ownership may import SciPy: some of its holdings (at any date)
    form a cycle (mutual holdings, an entity holding itself), or it has more entities than the
    pure-Python ordering of acyclic holdings takes (``core._ACYCLIC_IN_PYTHON``).

    The command line then imports SciPy in a thread while the ledger loads (DuckDB, without the
    GIL) rather than on the main thread at the first solve. One pass over the holdings.
    """
    if len(group.entities) > _ACYCLIC_IN_PYTHON:
        return True
    succ: dict[str, set[str]] = {}
    indeg: dict[str, int] = {}
    for h in group.holdings:
        if h.entity == group.parent:
            continue  # the parent's own shares: ignored by the solve
        kids = succ.setdefault(h.holder, set())
        if h.entity not in kids:
            kids.add(h.entity)
            indeg[h.entity] = indeg.get(h.entity, 0) + 1
    ready = [x for x in succ if not indeg.get(x)]
    seen = 0
    while ready:
        x = ready.pop()
        seen += 1
        for y in succ.get(x, ()):
            indeg[y] -= 1
            if not indeg[y] and y in succ:
                ready.append(y)
    return seen < len(succ)  # a holder never freed lies on (or below) a cycle


def _solved(group: Group, date: dt.date, ids: list[str], arrays: HoldingArrays, overrides: list[int],
            pairs: list[Holding]) -> Ownership:
    pol = group.policies
    sol = solve(arrays, pol.control_threshold, pol.significant_influence, np.asarray(overrides, dtype=np.int8))
    return _assemble(group.parent, date, pol.control_threshold, ids, arrays, sol, pairs)


_HOLDER, _ENTITY, _DATE = attrgetter("holder"), attrgetter("entity"), attrgetter("date")
_SHARE, _VOTING = attrgetter("share"), attrgetter("voting")


def _standing_arrays(holdings: tuple[Holding, ...], date: dt.date, index: dict[str, int]
                     ) -> tuple[HoldingArrays, list[Holding]] | None:
    """What :func:`holdings_at` and :meth:`HoldingArrays.from_fractions` give, worked out on index arrays.

    The same standing holdings (the latest event of each pair on or before ``date``, of two on one
    date the later one listed; sold-out pairs left out), in the same order (each pair where it first
    appears), and the same arrays. None when a holding names an id outside ``index`` (then the ids
    grow: the caller's general path). ``tests/ownership/test_standing_arrays.py`` holds the two equal.
    """
    count, n = len(holdings), len(index)
    try:
        hx = np.fromiter(map(index.__getitem__, map(_HOLDER, holdings)), dtype=np.int64, count=count)
        ex = np.fromiter(map(index.__getitem__, map(_ENTITY, holdings)), dtype=np.int64, count=count)
    except KeyError:
        return None
    dates = list(map(_DATE, holdings))
    days = sorted(set(dates))
    code = {d: i for i, d in enumerate(days)}
    dc = np.fromiter(map(code.__getitem__, dates), dtype=np.int64, count=count)
    pos = np.flatnonzero(dc < bisect_right(days, date))  # on or before the date
    key = hx[pos] * n + ex[pos]
    order = np.lexsort((pos, dc[pos], key))  # by pair, then date, then place in the list
    ks = key[order]
    winner = pos[:0]
    if ks.size:
        starts = np.flatnonzero(np.r_[True, ks[1:] != ks[:-1]])
        ends = np.r_[starts[1:], ks.size] - 1
        first = np.minimum.reduceat(pos[order], starts)  # where the pair first appears
        winner = pos[order[ends]][np.argsort(first, kind="stable")]  # its latest date, the last listed that day
    pairs = list(map(holdings.__getitem__, winner.tolist()))
    share_codes, share_objs = _distinct(list(map(_SHARE, pairs)))
    sold = np.fromiter((not f for f in share_objs), dtype=bool, count=len(share_objs))
    if sold.any():  # sold-out pairs disappear
        keep = ~sold[share_codes]
        winner = winner[keep]
        pairs = [hd for hd, k in zip(pairs, keep.tolist()) if k]
        share_codes, share_objs = _distinct(list(map(_SHARE, pairs)))
    vote_codes, vote_objs = _distinct(list(map(_VOTING, pairs)))
    h, e = hx[winner], ex[winner]
    sden, snum = _coded(share_objs, share_codes, e, n)
    vden, vnum = _coded(vote_objs, vote_codes, e, n)
    arrays = HoldingArrays(n=n, parent=0, holder=h, entity=e, share=snum, share_den=sden, voting=vnum,
                           vote_den=vden)
    return arrays, pairs


def _distinct(values: list[Fraction]) -> tuple[np.ndarray, list[Fraction]]:
    """(code of each value, the distinct objects by code): the readers share one object per distinct text."""
    if not values:
        return np.zeros(0, dtype=np.int64), []
    ids = np.fromiter(map(id, values), dtype=np.int64, count=len(values))
    _, first, codes = np.unique(ids, return_index=True, return_inverse=True)
    return codes.reshape(-1), [values[i] for i in first.tolist()]


def _coded(objs: list[Fraction], codes: np.ndarray, entity: np.ndarray, n: int) -> tuple[int, np.ndarray]:
    """``_common_denominator`` and ``_int_array`` of the values ``objs[codes]``."""
    den, nums = _common_denominator(objs)
    full = _int_array(nums, den, entity, n)  # the dtype the whole list would get
    if full.dtype == object:
        table = np.empty(len(nums), dtype=object)
        table[:] = nums
        return den, table[codes] if len(nums) else np.empty(0, dtype=object)
    return den, full[codes]


def _assemble(
    parent: str,
    date: dt.date,
    threshold: Fraction,
    ids: list[str],
    arrays: HoldingArrays | SmallHoldings,
    sol: Solution | SmallSolution,
    pairs: list[Holding],
) -> Ownership:
    # An entity whose holders' votes are their shares (every standing share is non-zero) gets one
    # mapping for both: a million entities need not hold two equal dicts each.
    direct: dict[str, dict[str, Fraction]] = {}
    apart: set[str] = set()  # entities with a holder whose votes are not its shares
    for hd in pairs:
        e = hd.entity
        d = direct.get(e)
        if d is None:
            direct[e] = {hd.holder: hd.share}
        else:
            d[hd.holder] = hd.share
        if hd.voting is not hd.share and hd.voting != hd.share:
            apart.add(e)
    votes: dict[str, dict[str, Fraction]] = {}
    if apart:
        for hd in pairs:
            e = hd.entity
            if e in apart and hd.voting:
                votes.setdefault(e, {})[hd.holder] = hd.voting
    for table in (direct, votes):  # holders in id order, for stable output
        for e, d in table.items():
            if len(d) > 1:
                table[e] = dict(sorted(d.items()))
    vden = arrays.vote_den
    if isinstance(sol, SmallSolution):
        gv, codes = sol.group_votes, sol.method
        ctl = [c and m in (FULL, PARENT) for c, m in zip(sol.controlled, codes)]
    else:
        gv, codes = sol.group_votes.tolist(), sol.method.tolist()
        ctl = (sol.controlled & ((sol.method == FULL) | (sol.method == PARENT))).tolist()
    names = [METHODS[m] for m in codes]
    entities: dict[str, EntityOwnership] = {}
    new = _entity_ownership
    group_votes: dict[int, Fraction] = {0: _ZERO}  # a few hundred distinct sums: one Fraction each
    for i, eid in enumerate(ids):
        m = names[i]
        eff = sol.effective[i]
        d = direct.get(eid)
        if d is None:
            d = {}
        v = group_votes.get(gv[i])
        if v is None:
            v = group_votes[gv[i]] = fraction(gv[i], vden)
        entities[eid] = new(
            eid, m, d, votes.get(eid, {}) if eid in apart else d,
            v,
            eff,
            coprime_fraction(eff.denominator - eff.numerator, eff.denominator) if m == "full" else _ZERO,
            ctl[i],
        )
    return Ownership(date=date, parent=parent, entities=entities, control_threshold=threshold,
                     ids=tuple(ids), arrays=arrays, solution=sol)


# --------------------------------------------------------------------------- changes


def ownership_changes(group: Group, d1: dt.date, d2: dt.date) -> list[Change]:
    """Every change of method or effective interest after ``d1`` up to and including ``d2``.

    The structure is recomputed at each date in (d1, d2] on which a holding or a
    method override takes effect, and compared with the one before.
    """
    if d2 < d1:
        raise RenketsuError(Problem("bad_date", f"--to {d2} is before --from {d1}",
                                    hint="give the earlier date first"))
    dates = {h.date for h in group.holdings if d1 < h.date <= d2}
    for ent in group.entities.values():
        dates.update(o.date for o in ent.method_overrides if d1 < o.date <= d2)
    changes: list[Change] = []
    prev = ownership_at(group, d1)
    for day in sorted(dates):
        cur = ownership_at(group, day)
        changes.extend(_diff(prev, cur, day))
        prev = cur
    return changes


def _diff(a: Ownership, b: Ownership, day: dt.date) -> list[Change]:
    out: list[Change] = []
    none = EntityOwnership("", "none", {}, {}, _ZERO, _ZERO, _ZERO, False)
    for eid in list(b.entities) + [e for e in a.entities if e not in b.entities]:
        x, y = a.entities.get(eid, none), b.entities.get(eid, none)
        if x.method != y.method:
            if y.method == "full":
                kind: ChangeKind = "new_subsidiary"
            elif x.method == "full":
                kind = "loss_of_control"
            else:
                kind = "method"
            out.append(Change(eid, kind, x.method, y.method, day, x.effective, y.effective))
        elif x.effective != y.effective and y.method in ("parent", "full", "equity"):
            out.append(Change(eid, "effective_interest", x.effective, y.effective, day, x.effective, y.effective))
    return out


# --------------------------------------------------------------------------- controllers


def _controllers_of(own: Ownership, targets: list[str]) -> dict[str, set[str]]:
    """For each candidate controller upstream of ``targets``: the set of entities
    (within the targets' upstream) it controls, itself included.

    Control of an entity depends only on entities upstream of it, so the fixed
    point is run on that upstream alone. Keys are ordered nearest first: by the
    size of what they control within the upstream, then by id.
    """
    arr, sol, ids = own.arrays, own.solution, own.ids
    index, into = own._vote_index
    p = arr.parent
    # upstream of the targets (inclusive)
    up: set[int] = set()
    stack = [index[t] for t in targets]
    while stack:
        x = stack.pop()
        if x in up:
            continue
        up.add(x)
        stack.extend(h for h, _ in into.get(x, ()))
    counted = sol.controlled
    limit = own.control_threshold
    vden = arr.vote_den
    candidates = [x for x in up if counted[x]]
    result: dict[int, set[int]] = {}
    for c in candidates:
        ctl = {c}
        changed = True
        while changed:
            changed = False
            for x in up:
                if x in ctl or x == p:
                    continue
                total = sum(v for h, v in into.get(x, ()) if h in ctl)
                if Fraction(total, vden) > limit:
                    ctl.add(x)
                    changed = True
        result[c] = ctl
    order = sorted(result, key=lambda c: (len(result[c]), ids[c]))
    return {ids[c]: {ids[x] for x in result[c]} for c in order}


def lowest_common_controller(own: Ownership, a: str, b: str) -> str:
    """The lowest entity that controls both ``a`` and ``b``, else the parent.

    An entity counts as controlling itself, so when ``a`` controls ``b`` the
    answer is ``a``. Control follows docs/format.md §10.1 from each candidate: its own
    votes plus those of the entities it controls, to a fixed point.
    """
    for x in (a, b):
        if x not in own.entities:
            raise RenketsuError(Problem("unknown_entity", f"{x} is not an entity of the group"))
    if own.parent in (a, b):
        return own.parent
    found = _controllers_of(own, [a, b])
    for c, ctl in found.items():
        if a in ctl and b in ctl:
            return c
    return own.parent
