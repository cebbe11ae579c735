"""The array core: control to a fixed point and exact effective interest over index arrays.

Map of this module::

    HoldingArrays ... the holdings standing at one date, as parallel numpy arrays
                      (holder index, entity index, share and vote numerators over
                      one denominator each); no Entity objects, no strings
    solve() ......... control fixed point -> method codes -> exact effective interest
    Solution ........ what solve() returns: method codes, group votes, effective
                      interest as exact (numerator, denominator) integers, and a
                      topological order of the holding graph

Exactness: shares and votes are integers over a common denominator (the LCM of
the inputs' denominators); sums and comparisons are integer arithmetic; the
effective interest is built from Python integers and finished as ``Fraction``.
No float is used anywhere here.

Effective interest (docs/format.md §10.2) solves ``e = d + e·H`` where ``d`` is the
parent's direct share and ``H[i, j]`` the share of ``j`` held by ``i`` for every
holder ``i`` consolidated in full. The graph of H is split into strongly
connected components (mutual holdings) with SciPy; each cyclic component is
solved by exact Gauss-Jordan elimination over ``Fraction``, and components are
visited in topological order so that every holder is final before its holdings
are used.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import gcd
from typing import TYPE_CHECKING, Any

from renketsu.model.errors import Problem, RenketsuError
from renketsu.model.gcpause import gc_paused

if TYPE_CHECKING:
    import numpy as np
else:

    class _Numpy:
        """numpy, imported on the first use of one of its names (each name then found directly).

        A small group is solved without it (:func:`solve_small`), so that a command on one
        does not pay numpy's import (about 0.1 s of start-up)."""

        def __getattr__(self, name: str) -> Any:
            import numpy

            value = getattr(numpy, name)
            setattr(self, name, value)
            return value

    np = _Numpy()

#: Method codes used in the arrays; ``METHODS[code]`` is the docs/format.md §8 name.
NONE, EQUITY, FULL, PARENT = 0, 1, 2, 3
METHODS: tuple[str, ...] = ("none", "equity", "full", "parent")
METHOD_CODES: dict[str, int] = {name: code for code, name in enumerate(METHODS)}
#: ``overrides`` entry meaning "no override".
NO_OVERRIDE = -1

_INT64_SAFE = 1 << 62


@dataclass(frozen=True, eq=False)
class HoldingArrays:
    """The holdings standing at one date, one array slot per (holder, entity) pair.

    Pairs are unique and no slot is a sold-out holding. Numerator arrays are
    ``int64`` when every sum the solve forms fits in 63 bits, else ``object``
    arrays of Python integers: exact either way.
    """

    #: Number of entities; indices run 0 .. n-1.
    n: int
    #: Index of the group's parent.
    parent: int
    #: Holder index of each holding (int64).
    holder: np.ndarray
    #: Held entity index of each holding (int64).
    entity: np.ndarray
    #: Share numerators over ``share_den`` (int64 or object).
    share: np.ndarray
    #: Common denominator of every share.
    share_den: int
    #: Vote numerators over ``vote_den`` (int64 or object).
    voting: np.ndarray
    #: Common denominator of every vote.
    vote_den: int

    @classmethod
    def from_fractions(
        cls,
        n: int,
        parent: int,
        holder: list[int],
        entity: list[int],
        share: list[Fraction],
        voting: list[Fraction],
    ) -> HoldingArrays:
        """Arrays from exact fractions: each list is put over its least common denominator."""
        sden, snum = _common_denominator(share)
        vden, vnum = _common_denominator(voting)
        h = np.asarray(holder, dtype=np.int64)
        e = np.asarray(entity, dtype=np.int64)
        return cls(
            n=n, parent=parent, holder=h, entity=e,
            share=_int_array(snum, sden, e, n), share_den=sden,
            voting=_int_array(vnum, vden, e, n), vote_den=vden,
        )


@dataclass(frozen=True, eq=False)
class Solution:
    """The result of :func:`solve` for one :class:`HoldingArrays`."""

    #: Method code of each entity (``METHODS[code]``), int8.
    method: np.ndarray
    #: Votes held in each entity by the parent and every entity the group controls,
    #: numerators over ``HoldingArrays.vote_den``; the parent's own slot is 0.
    group_votes: np.ndarray
    #: True where the entity counts as controlled in the fixed point (parent included).
    controlled: np.ndarray
    #: Effective interest of the parent's owners in each entity, exact.
    effective: list[Fraction]
    #: Entity indices with every holder (among the parent and full subsidiaries)
    #: before the entities it holds; members of one mutual-holding cycle are adjacent.
    topo: np.ndarray


def solve(
    arrays: HoldingArrays,
    control_threshold: Fraction,
    significant_influence: Fraction,
    overrides: np.ndarray | None = None,
) -> Solution:
    """Control, method and exact effective interest of every entity.

    ``overrides`` holds a method code per entity or ``NO_OVERRIDE``; an override
    wins over the vote tests and decides whether the entity's own votes count
    toward control of others (only ``full`` ones do). Holdings of the parent's
    own shares are ignored (treasury shares; votes in the parent make nothing).
    """
    with gc_paused():
        return _solve(arrays, control_threshold, significant_influence, overrides)


def _solve(
    arrays: HoldingArrays,
    control_threshold: Fraction,
    significant_influence: Fraction,
    overrides: np.ndarray | None,
) -> Solution:
    n, p = arrays.n, arrays.parent
    if overrides is None:
        overrides = np.full(n, NO_OVERRIDE, dtype=np.int8)
    keep = arrays.entity != p
    holder, entity = arrays.holder[keep], arrays.entity[keep]
    voting = arrays.voting[keep]
    if max(control_threshold.denominator, significant_influence.denominator) > 1024:
        voting = voting.astype(object)  # sums times these denominators may pass 63 bits
    controlled, votes = _control(
        n, p, holder, entity, voting, arrays.vote_den, control_threshold, overrides
    )
    method = _methods(n, p, controlled, votes, arrays.vote_den, significant_influence, overrides)
    effective, topo = _effective(n, p, holder, entity, arrays.share[keep], arrays.share_den, method)
    return Solution(method=method, group_votes=votes, controlled=controlled, effective=effective, topo=topo)


# --------------------------------------------------------------------------- control


def _control(
    n: int,
    p: int,
    holder: np.ndarray,
    entity: np.ndarray,
    voting: np.ndarray,
    vden: int,
    threshold: Fraction,
    overrides: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Fixed point: an entity is controlled when the votes of the parent and of every
    controlled entity in it sum strictly above ``threshold``.

    Rounds are breadth-first: the entities that became controlled in one round add
    their votes, and those crossing the threshold form the next round. Sums only
    grow, so every entity is added once and every edge is read once.
    """
    counting = np.zeros(n, dtype=bool)
    counting[p] = True
    counting |= overrides == FULL
    blocked = (overrides != NO_OVERRIDE) & (overrides != FULL)
    blocked[p] = False
    votes = np.zeros(n, dtype=voting.dtype)
    indptr, order = _csr(holder, n)
    limit = threshold.numerator * vden
    frontier = np.flatnonzero(counting)
    while frontier.size:
        idx = order[_ranges(indptr[frontier], indptr[frontier + 1] - indptr[frontier])]
        if idx.size == 0:
            break
        targets = entity[idx]
        np.add.at(votes, targets, voting[idx])
        cand = np.unique(targets)
        cand = cand[~counting[cand] & ~blocked[cand]]
        frontier = cand[votes[cand] * threshold.denominator > limit]
        counting[frontier] = True
    return counting, votes


def _methods(
    n: int,
    p: int,
    controlled: np.ndarray,
    votes: np.ndarray,
    vden: int,
    influence: Fraction,
    overrides: np.ndarray,
) -> np.ndarray:
    method = np.full(n, NONE, dtype=np.int8)
    method[votes * influence.denominator >= influence.numerator * vden] = EQUITY
    method[controlled] = FULL
    has = overrides != NO_OVERRIDE
    method[has] = overrides[has]
    method[p] = PARENT
    return method


# --------------------------------------------------------------------------- effective interest


def _effective(
    n: int,
    p: int,
    holder: np.ndarray,
    entity: np.ndarray,
    share: np.ndarray,
    sden: int,
    method: np.ndarray,
) -> tuple[list[Fraction], np.ndarray]:
    """Solve ``e = d + e·H`` exactly (holdings of the parent already removed)."""
    from_parent = holder == p
    d_num = [0] * n
    for j, a in zip(entity[from_parent].tolist(), share[from_parent].tolist()):
        d_num[j] = a
    in_h = (method[holder] == FULL) & (holder != p)
    h_src, h_dst, h_a = holder[in_h], entity[in_h], share[in_h]

    labels, comp_order = _components_in_order(n, h_src, h_dst)
    # nodes sorted so that components come in topological order, members adjacent
    rank = np.empty(comp_order.size, dtype=np.int64)
    rank[comp_order] = np.arange(comp_order.size)
    topo = np.argsort(rank[labels], kind="stable")
    sizes = np.bincount(labels, minlength=comp_order.size)
    cyclic = sizes > 1
    if h_src.size:
        selfloop = h_src == h_dst
        cyclic[labels[h_src[selfloop]]] = True

    # incoming H edges per entity (CSC)
    in_ptr, in_order = _csr(h_dst, n)
    src = h_src[in_order].tolist()
    amt = h_a[in_order].tolist()
    ptr = in_ptr.tolist()

    num = [0] * n
    den = [1] * n
    cyc = cyclic[labels].tolist()
    lab = labels.tolist()
    topo_list = topo.tolist()
    i = 0
    while i < n:
        j = topo_list[i]
        if not cyc[j]:
            nj = d_num[j]
            qj = sden
            for k in range(ptr[j], ptr[j + 1]):
                h = src[k]
                nh = num[h]
                if nh == 0:
                    continue
                tn = nh * amt[k]
                tq = den[h] * sden
                if tq == qj:
                    nj += tn
                elif tq % qj == 0:
                    nj = nj * (tq // qj) + tn
                    qj = tq
                elif qj % tq == 0:
                    nj += tn * (qj // tq)
                else:
                    nj = nj * tq + tn * qj
                    qj *= tq
                    if qj.bit_length() > 512:
                        g = gcd(nj, qj)
                        nj //= g
                        qj //= g
            num[j] = nj
            den[j] = qj
            i += 1
            continue
        # a mutual-holding component: its members are adjacent in topo
        c = lab[j]
        members = []
        while i < n and lab[topo_list[i]] == c:
            members.append(topo_list[i])
            i += 1
        _solve_component(members, d_num, sden, src, amt, ptr, num, den)
    num[p], den[p] = 1, 1
    effective = [fraction(a, b) for a, b in zip(num, den)]
    return effective, topo


def _solve_component(
    members: list[int],
    d_num: list[int],
    sden: int,
    src: list[int],
    amt: list[int],
    ptr: list[int],
    num: list[int],
    den: list[int],
) -> None:
    """Exact Gauss-Jordan for one strongly connected component, fraction-free.

    For each member j: ``e_j - sum_{i in C} e_i H_ij = d_j + sum_{i outside C} e_i H_ij``.
    Holders outside the component are final already (topological order). Scaled by the shares'
    denominator the matrix is integer (``sden·I - N``) and the right-hand side is ``T / Q``, Q the
    least common denominator of the outside holders' values; fraction-free Gauss-Jordan (each row
    update divided exactly by the previous pivot) leaves ``det·I | det·x`` with x = A^-1 T, so each
    member's value is ``x_r / Q``, put in lowest terms: the Fraction elimination's answer, without
    a Fraction (and its gcd) per operation. ``tests/ownership/test_large_components.py`` compares the two.
    """
    if len(members) > EXACT_COMPONENT_LIMIT:
        _solve_component_refined(members, d_num, sden, src, amt, ptr, num, den)
        return
    pos = {j: r for r, j in enumerate(members)}
    m = len(members)
    a = [[sden if c == r else 0 for c in range(m)] + [0] for r in range(m)]
    outside: list[list[tuple[int, int]]] = []  # per row: (numerator · share, denominator) of outside holders
    q = 1
    for r, j in enumerate(members):
        row = a[r]
        parts = []
        for k in range(ptr[j], ptr[j + 1]):
            h = src[k]
            c = pos.get(h)
            if c is not None:
                row[c] -= amt[k]
            elif num[h]:  # outside the component: final already (topological order)
                dh = den[h]
                parts.append((num[h] * amt[k], dh))
                if q % dh:
                    q = q // gcd(q, dh) * dh
        outside.append(parts)
    for r, j in enumerate(members):
        a[r][m] = d_num[j] * q + sum(t * (q // dh) for t, dh in outside[r])
    prev = 1
    for col in range(m):
        piv = next((r for r in range(col, m) if a[r][col] != 0), None)
        if piv is None:
            raise RenketsuError(Problem(
                "singular_cross_holding",
                "entities holding each other without any outside holder have no determinate "
                f"effective interest (component of {m} entities)",
                hint="check the cross-holdings: together they hold all of each other",
            ))
        a[col], a[piv] = a[piv], a[col]
        pivot_row = a[col]
        p = pivot_row[col]
        for r in range(m):
            if r != col:
                f = a[r][col]
                a[r] = [(p * x - f * y) // prev for x, y in zip(a[r], pivot_row)]  # exact (Bareiss)
        prev = p
    det = a[0][0]  # every diagonal entry: the determinant, up to the sign of the row swaps
    sign = -1 if det < 0 else 1
    for r, j in enumerate(members):
        x, d = sign * a[r][m], sign * det * q
        g = gcd(x, d)
        num[j], den[j] = x // g, d // g


#: Mutual-holding components up to this many entities are solved exactly (dense fraction-free
#: Gauss-Jordan in integers, O(m^3)); larger ones by iterative refinement to REFINED_DIGITS decimals.
EXACT_COMPONENT_LIMIT = 64
#: Decimal places of an effective interest in a component above EXACT_COMPONENT_LIMIT: the
#: value is the exact solution rounded to this many places, within the bound REFINED_BOUND.
REFINED_DIGITS = 40
#: Proven bound on the absolute error of such a value (half a unit of the last place plus the
#: bound of the refinement, checked for every component).
REFINED_BOUND = Fraction(1, 10**REFINED_DIGITS)
_REFINE_BITS = 4 * REFINED_DIGITS + 16


def _solve_component_refined(
    members: list[int],
    d_num: list[int],
    sden: int,
    src: list[int],
    amt: list[int],
    ptr: list[int],
    num: list[int],
    den: list[int],
) -> None:
    """One large mutual-holding component: float64 sparse LU plus iterative refinement in integers.

    The system for the members (scaled by ``sden``) is ``A x = t`` with
    ``A = sden·I - N`` (``N[j, i]`` the integer share numerator of j held by member i)
    and ``t_j = sden·b_j``, b the parent's direct share plus what final holders outside
    the component bring. x is kept as integers X over 2^K; each round computes the
    residual ``t·2^K - A X`` exactly in Python integers and corrects X by a float64
    solve of it (SuperLU), gaining about 40 bits a round. A is a nonsingular M-matrix
    (every component has an outside holder or is refused), so A^-1 >= 0 and
    ``|x - X/2^K| <= max(A^-1 1) · max|residual| / 2^K``; ``y = A^-1 1`` is solved the same
    way and the bound checked against REFINED_BOUND / 2 before X is rounded to
    REFINED_DIGITS decimals.
    """
    from scipy.sparse import csc_matrix
    from scipy.sparse.linalg import splu

    pos = {j: r for r, j in enumerate(members)}
    m = len(members)
    K = _REFINE_BITS
    rows, cols, vals = [], [], []
    inner: list[list[tuple[int, int]]] = [[] for _ in range(m)]
    target = []  # t_j · 2^K, exact integers (rounded once: within 1/2 of a unit)
    for r, j in enumerate(members):
        rhs = Fraction(d_num[j])  # sden · d_j / sden
        for k in range(ptr[j], ptr[j + 1]):
            h = src[k]
            if h in pos:
                inner[r].append((pos[h], amt[k]))
                rows.append(r)
                cols.append(pos[h])
                vals.append(-float(amt[k]) / sden)
            else:
                rhs += Fraction(num[h], den[h]) * amt[k]
        target.append(round(rhs * (1 << K)))
    rows.extend(range(m))
    cols.extend(range(m))
    vals.extend([1.0] * m)
    lu = splu(csc_matrix((vals, (rows, cols)), shape=(m, m)))

    def residual(x: list[int], t: list[int]) -> list[int]:
        return [t[r] - (sden * x[r] - sum(a * x[i] for i, a in inner[r])) for r in range(m)]

    def refine(t: list[int]) -> tuple[list[int], int]:
        x = [0] * m
        res = list(t)
        for _ in range(12):
            big = max((abs(v) for v in res), default=0)
            if big == 0:
                break
            shift = max(big.bit_length() - 60, 0)
            f = np.array([v >> shift if v >= 0 else -((-v) >> shift) for v in res], dtype=np.float64) / sden
            step = lu.solve(f)
            if not np.all(np.isfinite(step)):
                break
            x = [xi + (int(round(float(s))) << shift) for xi, s in zip(x, step)]
            res = residual(x, t)
            if max((abs(v) for v in res), default=0) <= sden * m:
                break
        return x, max((abs(v) for v in res), default=0)

    x, rmax = refine(target)
    # Bound max(A^-1 1): A^-1 >= 0, so it is the largest component of the solution of A y = 1.
    ones = [sden << K] * m  # sden · 1 · 2^K: y over 2^K
    y, ry = refine(ones)
    # y/2^K = A^-1 1 - A^-1 r_y / (sden 2^K), so |A^-1| <= max(y)/2^K / (1 - r_y / (sden 2^K)).
    rel = Fraction(ry, sden << K)
    ymax = Fraction(max(y), 1 << K) / (1 - rel) if rel < 1 and max(y) > 0 else None
    # x* - X/2^K = A^-1 (residual - rounding of the target) / (sden 2^K).
    err = ymax * Fraction(2 * rmax + 1, 2 * (sden << K)) if ymax is not None else None
    if err is None or err > REFINED_BOUND / 2:
        raise RenketsuError(Problem(
            "ownership.imprecise",
            f"the effective interests of a mutual-holding component of {m} entities could not be computed "
            f"to {REFINED_DIGITS} decimals",
            hint="check the cross-holdings: entities holding (nearly) all of each other",
        ))
    scale = 10**REFINED_DIGITS
    for r, j in enumerate(members):
        v = Fraction(x[r], 1 << K)
        q = round(v * scale)
        g = gcd(q, scale)
        num[j], den[j] = q // g, scale // g


def _components_in_order(n: int, src: np.ndarray, dst: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Strong components of the graph and their topological order (holders first)."""
    if src.size == 0:
        return np.arange(n, dtype=np.int64), np.arange(n, dtype=np.int64)
    if n <= _ACYCLIC_IN_PYTHON and _kahn(n, src, dst) is not None:
        # no mutual holdings: every entity its own component, labelled as SciPy labels them,
        # without SciPy's import (0.3-0.7 s of a command's start, most groups have no cycle)
        succ: list[set[int]] = [set() for _ in range(n)]
        for h, e in zip(src.tolist(), dst.tolist()):
            succ[h].add(e)
        finished = _finish_numbers(n, succ)
        if finished is not None:
            labels = np.asarray(finished, dtype=np.int64)
            return labels, topological_order(n, labels[src], labels[dst])
    return _components_by_scipy(n, src, dst)


def _components_by_scipy(n: int, src: np.ndarray, dst: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from scipy.sparse import csr_matrix  # SciPy's import (0.3 s) only where a solve needs it
    from scipy.sparse.csgraph import connected_components

    g = csr_matrix((np.ones(src.size, dtype=np.int8), (src, dst)), shape=(n, n))
    ncomp, labels = connected_components(g, directed=True, connection="strong")
    labels = labels.astype(np.int64)
    cu, cv = labels[src], labels[dst]
    cross = cu != cv
    return labels, topological_order(ncomp, cu[cross], cv[cross])


#: Acyclic holdings of up to this many entities are ordered by :func:`_finish_numbers` (pure
#: Python, about 1 s a million nodes) rather than SciPy's strong components (whose import alone
#: costs 0.3-0.7 s); larger ones, and any with a cycle, by SciPy.
_ACYCLIC_IN_PYTHON = 300_000


def topological_order(n: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Kahn's algorithm, one numpy round per level of an acyclic graph."""
    order = _kahn(n, src, dst)
    if order is None:  # pragma: no cover - components of a condensation are acyclic
        raise ValueError("graph is not acyclic")
    return order


def _kahn(n: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray | None:
    """Levels of the graph in order (holders first), or None if it has a cycle."""
    indeg = np.bincount(dst, minlength=n).astype(np.int64)
    indptr, order = _csr(src, n)
    frontier = np.flatnonzero(indeg == 0)
    out = [frontier]
    seen = frontier.size
    while frontier.size:
        idx = order[_ranges(indptr[frontier], indptr[frontier + 1] - indptr[frontier])]
        if idx.size == 0:
            break
        targets = dst[idx]
        indeg -= np.bincount(targets, minlength=n)
        frontier = np.unique(targets[indeg[targets] == 0])
        out.append(frontier)
        seen += frontier.size
    if seen != n:
        return None
    return np.concatenate(out)


# --------------------------------------------------------------------------- helpers


def _csr(keys: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Row pointers and a stable ordering of slots grouped by ``keys``."""
    order = np.argsort(keys, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=n), out=indptr[1:])
    return indptr, order


def _ranges(starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """Concatenation of ``arange(s, s + l)`` for each pair."""
    total = int(lens.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(lens)
    return np.repeat(starts - ends + lens, lens) + np.arange(total, dtype=np.int64)


def _coprime_py311(n: int, d: int) -> Fraction:
    f = object.__new__(Fraction)
    f._numerator = n  # type: ignore[attr-defined]
    f._denominator = d  # type: ignore[attr-defined]
    return f


#: ``Fraction`` from a numerator and a positive denominator already in lowest terms,
#: skipping the constructor's checks (Python 3.12+ has this as a private classmethod).
_from_coprime = getattr(Fraction, "_from_coprime_ints", None) or _coprime_py311


def fraction(n: int, d: int) -> Fraction:
    """``Fraction(n, d)`` for Python ints with ``d > 0``, several times faster in bulk."""
    g = gcd(n, d)
    return _from_coprime(n // g, d // g) if g != 1 else _from_coprime(n, d)


def coprime_fraction(n: int, d: int) -> Fraction:
    """``Fraction(n, d)`` when ``gcd(n, d) == 1`` and ``d > 0`` are known (no checks)."""
    return _from_coprime(n, d)


def _lcm(a: int, b: int) -> int:
    return a // gcd(a, b) * b


def _common_denominator(values: list[Fraction]) -> tuple[int, list[int]]:
    den = 1
    for d in {v.denominator for v in values}:
        den = _lcm(den, d)
    return den, [v.numerator * (den // v.denominator) for v in values]


def _int_array(nums: list[int], den: int, entity: np.ndarray, n: int) -> np.ndarray:
    """int64 when any per-entity sum times a small threshold denominator fits, else object."""
    width = int(np.bincount(entity, minlength=n).max()) + 1 if entity.size else 1
    if den * width * 1024 < _INT64_SAFE:
        return np.asarray(nums, dtype=np.int64)
    out = np.empty(len(nums), dtype=object)
    out[:] = nums
    return out


# --------------------------------------------------------------------------- small groups, pure Python

#: Groups up to this many entities are solved by :func:`solve_small` (pure Python, no numpy)
#: unless their subsidiaries hold each other in a cycle; larger ones by :func:`solve`. At 200
#: entities one pure-Python solve takes about 5 ms, the array solve about 3 ms once numpy
#: (0.1 s) and SciPy (0.3 s) are imported; at 1,000 about 28 ms against 10 ms.
SMALL_GROUP = 200


@dataclass(frozen=True, eq=False)
class SmallHoldings:
    """:class:`HoldingArrays` as Python lists, for :func:`solve_small`."""

    n: int
    parent: int
    holder: list[int]
    entity: list[int]
    share: list[int]
    share_den: int
    voting: list[int]
    vote_den: int

    @classmethod
    def from_fractions(cls, n: int, parent: int, holder: list[int], entity: list[int],
                       share: list[Fraction], voting: list[Fraction]) -> SmallHoldings:
        sden, snum = _common_denominator(share)
        vden, vnum = _common_denominator(voting)
        return cls(n, parent, list(holder), list(entity), snum, sden, vnum, vden)


@dataclass(frozen=True, eq=False)
class SmallSolution:
    """:class:`Solution` as Python lists: the same fields, the same values."""

    method: list[int]
    group_votes: list[int]
    controlled: list[bool]
    effective: list[Fraction]
    topo: list[int]


def solve_small(
    arrays: SmallHoldings,
    control_threshold: Fraction,
    significant_influence: Fraction,
    overrides: list[int],
) -> SmallSolution | None:
    """What :func:`solve` answers, in pure Python (exact integers and Fractions, no numpy).

    Returns None when the holdings of full subsidiaries form a cycle (mutual holdings):
    those are left to :func:`solve`. The topological order is the one :func:`solve` gives
    (depth first from each index in turn, successors highest index first, numbered as they
    finish, then levels of the condensation in number order), so that every list built from
    it comes out in the same order. ``tests/test_imports_ownership.py`` compares the two.
    """
    n, p, vden, sden = arrays.n, arrays.parent, arrays.vote_den, arrays.share_den
    edges = [(h, e, s, v) for h, e, s, v in zip(arrays.holder, arrays.entity, arrays.share, arrays.voting)
             if e != p]  # holdings of the parent's own shares make nothing
    # control: the fixed point of docs/format.md §10.1, round by round as in _control
    controlled = [o == FULL for o in overrides]
    controlled[p] = True
    blocked = [o != NO_OVERRIDE and o != FULL for o in overrides]
    blocked[p] = False
    votes_out: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for h, e, _s, v in edges:
        votes_out[h].append((e, v))
    votes = [0] * n
    limit = control_threshold.numerator * vden
    frontier = [i for i in range(n) if controlled[i]]
    while frontier:
        reached: set[int] = set()
        for h in frontier:
            for e, v in votes_out[h]:
                votes[e] += v
                reached.add(e)
        frontier = [e for e in sorted(reached) if not controlled[e] and not blocked[e]
                    and votes[e] * control_threshold.denominator > limit]
        for e in frontier:
            controlled[e] = True
    # methods, as in _methods
    bar = significant_influence.numerator * vden
    method = [EQUITY if votes[i] * significant_influence.denominator >= bar else NONE for i in range(n)]
    for i in range(n):
        if controlled[i]:
            method[i] = FULL
        if overrides[i] != NO_OVERRIDE:
            method[i] = overrides[i]
    method[p] = PARENT
    # effective interest e = d + e·H, holders first
    direct = [0] * n
    into: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    succ: list[set[int]] = [set() for _ in range(n)]
    for h, e, s, _v in edges:
        if h == p:
            direct[e] = s
        elif method[h] == FULL:
            into[e].append((h, s))
            succ[h].add(e)
    topo = _small_topo(n, succ) if any(succ) else list(range(n))
    if topo is None:
        return None
    effective = [Fraction(0)] * n
    for j in topo:
        value = Fraction(direct[j], sden)
        for h, s in into[j]:
            value += effective[h] * Fraction(s, sden)
        effective[j] = value
    effective[p] = Fraction(1)
    return SmallSolution(method=method, group_votes=votes, controlled=controlled, effective=effective, topo=topo)


def _small_topo(n: int, succ: list[set[int]]) -> list[int] | None:
    """The order of :func:`_components_in_order` for an acyclic graph; None if it has a cycle."""
    finished = _finish_numbers(n, succ)
    if finished is None:
        return None
    node_of = [0] * n
    for v, c in enumerate(finished):
        node_of[c] = v
    indeg = [0] * n
    for ws in succ:
        for w in ws:
            indeg[finished[w]] += 1
    level = [c for c in range(n) if indeg[c] == 0]
    order: list[int] = []
    while level:
        order.extend(level)
        ready: set[int] = set()
        for c in level:
            for w in succ[node_of[c]]:
                d = finished[w]
                indeg[d] -= 1
                if indeg[d] == 0:
                    ready.add(d)
        level = sorted(ready)
    return [node_of[c] for c in order]


def _finish_numbers(n: int, succ: list[set[int]]) -> list[int] | None:
    """The component labels SciPy's strong-components search gives an acyclic graph; None if it has a cycle.

    Depth first from each index in turn, successors highest index first, each node numbered as
    its visit ends (every node its own component). ``tests/test_imports_ownership.py`` compares
    the orders built on it with SciPy's.
    """
    kids = [sorted(s, reverse=True) for s in succ]  # highest index first
    finished = [-1] * n  # the number each node gets when its depth-first visit ends
    state = [0] * n  # 0 not reached, 1 on the current path, 2 finished
    count = 0
    for root in range(n):
        if state[root]:
            continue
        state[root] = 1
        stack = [(root, iter(kids[root]))]
        while stack:
            v, it = stack[-1]
            for w in it:
                if state[w] == 1:
                    return None  # a cycle (or an entity holding itself)
                if state[w] == 0:
                    state[w] = 1
                    stack.append((w, iter(kids[w])))
                    break
            else:
                stack.pop()
                state[v] = 2
                finished[v] = count
                count += 1
    return finished
