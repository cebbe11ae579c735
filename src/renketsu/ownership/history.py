"""How one entity's method changed over time, worked out from its upstream alone.

Whether the group controls an entity at a date depends only on the holdings *into*
that entity and into its holders, transitively (its upstream): control is the
parent's votes plus those of the entities it controls (docs/format.md §10.1), and an
entity's control depends only on what is upstream of it. So the method of an
entity at a date, and the dates at which it can change, need no solve of the whole
group — which keeps a consolidation's control dates linear in the group instead of
one full solve per holding date. ``tests/ownership/test_history.py`` checks every
answer against :func:`renketsu.ownership.ownership_at` on random groups.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from fractions import Fraction

from renketsu.model.money import ZERO
from renketsu.model.types import Group, Holding, Method

from .structure import Ownership


class History:
    """Per-entity views of a group's dated holdings and method overrides, up to ``until``."""

    def __init__(self, group: Group, until: dt.date):
        self.group = group
        self.until = until
        self._events: dict[str, list[Holding]] = defaultdict(list)  # by held entity, in date order
        for h in group.holdings:
            if h.date <= until and h.entity != group.parent:
                self._events[h.entity].append(h)
        for evs in self._events.values():
            evs.sort(key=lambda h: h.date)  # stable: two events on one date keep their listed order
        self._dates = {e: [h.date for h in evs] for e, evs in self._events.items()}
        self._overrides = {eid: [o for o in ent.method_overrides if o.date <= until]
                           for eid, ent in group.entities.items() if ent.method_overrides}
        self._upstream: dict[str, frozenset[str]] = {}
        self._relevant: dict[str, list[dt.date]] = {}
        self._methods: dict[tuple[str, dt.date], Method] = {}
        #: (entity, last date anything upstream changed) -> controlled by the group then.
        self._control: dict[tuple[str, dt.date], bool] = {}
        self._effective: dict[tuple[str, dt.date], Fraction | None] = {}

    # ------------------------------------------------------------------ structure

    def upstream(self, entity: str) -> frozenset[str]:
        """Every entity that has held shares of ``entity`` or of its holders, transitively (not itself)."""
        if entity not in self._upstream:
            seen: set[str] = set()
            stack = [entity]
            while stack:
                x = stack.pop()
                for h in self._events.get(x, ()):
                    if h.holder not in seen and h.holder != entity:
                        seen.add(h.holder)
                        stack.append(h.holder)
            self._upstream[entity] = frozenset(seen)
        return self._upstream[entity]

    def relevant_dates(self, entity: str) -> list[dt.date]:
        """Dates up to ``until`` at which anything deciding ``entity``'s method changes, ascending."""
        got = self._relevant.get(entity)
        if got is None:
            try:
                got = self._relevant_by_holders(entity, set())
            except (_Circular, RecursionError):
                dates: set[dt.date] = set()
                for x in (entity, *self.upstream(entity)):
                    dates.update(self._dates.get(x, ()))
                    dates.update(o.date for o in self._overrides.get(x, ()))
                got = self._relevant[entity] = sorted(dates)
        return got

    def _relevant_by_holders(self, entity: str, busy: set[str]) -> list[dt.date]:
        """:meth:`relevant_dates` as the entity's own dates and its holders' relevant dates (each
        entity's once: no walk of the whole upstream per entity); raises _Circular where
        holdings upstream run in a circle (the walk over the upstream decides those)."""
        got = self._relevant.get(entity)
        if got is not None:
            return got
        if entity in busy:
            raise _Circular
        busy.add(entity)
        dates: set[dt.date] = set(self._dates.get(entity, ()))
        dates.update(o.date for o in self._overrides.get(entity, ()))
        for h in self._events.get(entity, ()):
            if h.holder != entity:
                dates.update(self._relevant_by_holders(h.holder, busy))
        busy.discard(entity)
        got = self._relevant[entity] = sorted(dates)
        return got

    def unchanged(self, entity: str, since: dt.date) -> bool:
        """True when nothing deciding ``entity``'s holdings or method changes after ``since`` (up to ``until``)."""
        dates = self.relevant_dates(entity)
        return bisect.bisect_right(dates, since) == len(dates)

    def events(self, entity: str) -> list[Holding]:
        """Holding events of ``entity`` up to ``until``, in date order."""
        return self._events.get(entity, [])

    def standing(self, entity: str, date: dt.date) -> dict[str, Holding]:
        """Holdings of ``entity`` at ``date``: the latest event per holder, sold-out ones left out."""
        evs = self._events.get(entity, ())
        cut = bisect.bisect_right(self._dates.get(entity, []), date)
        latest: dict[str, Holding] = {}
        for h in evs[:cut]:
            latest[h.holder] = h
        return {k: h for k, h in latest.items() if h.share != 0}

    def override(self, entity: str, date: dt.date) -> Method | None:
        best = None
        for o in self._overrides.get(entity, ()):
            if o.date <= date and (best is None or o.date >= best.date):
                best = o
        return best.method if best else None

    # ------------------------------------------------------------------ methods

    def method_at(self, entity: str, date: dt.date) -> Method:
        """The entity's method at ``date``, as :func:`ownership_at` would give it (memoised).

        Decided from its direct holders' control at the last date anything upstream changed (each
        (entity, date) once, so a group's control dates cost time linear in its entities and their
        upstream dates); where holdings upstream run in a circle, by the fixed point over the
        whole upstream (:meth:`_method_at`).
        """
        key = (entity, date)
        got = self._methods.get(key)
        if got is None:
            try:
                got = self._method_by_holders(entity, date)
            except (_Circular, RecursionError):
                got = self._method_at(entity, date)
            self._methods[key] = got
        return got

    def _last_change(self, entity: str, date: dt.date) -> dt.date | None:
        """The last date up to ``date`` at which anything deciding ``entity``'s method changed (None: before all)."""
        dates = self.relevant_dates(entity)
        i = bisect.bisect_right(dates, date)
        return dates[i - 1] if i else None

    def _method_by_holders(self, entity: str, date: dt.date) -> Method:
        g = self.group
        if entity == g.parent:
            return "parent"
        day = self._last_change(entity, date)
        if day is None:  # nothing held, no override yet
            return "none"
        over = self.override(entity, day)
        if over is not None:
            return over
        if self._controls(entity, day, set()):
            return "full"
        votes = sum((h.voting for k, h in self.standing(entity, day).items() if self._controls(k, day, set())),
                    ZERO)
        return "equity" if votes >= g.policies.significant_influence else "none"

    def _controls(self, entity: str, date: dt.date, path: set[str]) -> bool:
        """Whether the group controls ``entity`` at ``date`` (the parent's votes and those of what it controls)."""
        if entity == self.group.parent:
            return True
        day = self._last_change(entity, date)
        if day is None:
            return False
        key = (entity, day)
        got = self._control.get(key)
        if got is not None:
            return got
        over = self.override(entity, day)
        if over is not None:
            got = over == "full"
        else:
            if entity in path:
                raise _Circular
            path.add(entity)
            votes = sum((h.voting for k, h in self.standing(entity, day).items() if self._controls(k, date, path)),
                        ZERO)
            path.discard(entity)
            got = votes > self.group.policies.control_threshold
        self._control[key] = got
        return got

    def effective_at(self, entity: str, date: dt.date) -> Fraction | None:
        """The parent's effective interest in ``entity`` at ``date`` (docs/format.md §10.2): the shares of the parent
        and of full subsidiaries times their own effective interest. None where holdings run in a cycle
        (mutual holdings need the whole solve)."""
        return self._effective_rec(entity, date, set())

    def _effective_rec(self, entity: str, date: dt.date, path: set[str]) -> Fraction | None:
        if entity == self.group.parent:
            return Fraction(1)
        key = (entity, date)
        if key in self._effective:
            return self._effective[key]
        if entity in path:
            return None
        path.add(entity)
        total = ZERO
        for holder, h in self.standing(entity, date).items():
            if holder != self.group.parent and self.method_at(holder, date) != "full":
                continue
            e = self._effective_rec(holder, date, path)
            if e is None:
                path.discard(entity)
                return None
            total += h.share * e
        path.discard(entity)
        self._effective[key] = total
        return total

    def _method_at(self, entity: str, date: dt.date) -> Method:
        g = self.group
        if entity == g.parent:
            return "parent"
        scope = [entity, *sorted(self.upstream(entity))]
        over = {x: self.override(x, date) for x in scope}
        counting = {g.parent} | {x for x in scope if over[x] == "full"}
        blocked = {x for x in scope if over[x] not in (None, "full")}
        holders = {x: self.standing(x, date) for x in scope if x != g.parent}
        threshold = g.policies.control_threshold
        changed = True
        while changed:
            changed = False
            for x in scope:
                if x in counting or x in blocked or x == g.parent:
                    continue
                votes = sum((h.voting for k, h in holders[x].items() if k in counting), ZERO)
                if votes > threshold:
                    counting.add(x)
                    changed = True
        # Everything upstream of the entity is upstream-closed too: the fixed point decides them all.
        for x in scope:
            if x == g.parent or (x, date) in self._methods:
                continue
            if over[x] is not None:
                method = over[x]
            elif x in counting:
                method = "full"
            else:
                votes = sum((h.voting for k, h in holders[x].items() if k in counting), ZERO)
                method = "equity" if votes >= g.policies.significant_influence else "none"
            self._methods[(x, date)] = method  # type: ignore[assignment]  # over[x] is not None there
            # And whether the group controls it then, for :meth:`_controls` of the entities below
            # (entities held through a circle need no fixed point of their own at a later date).
            day = self._last_change(x, date)
            if day is not None:
                self._control.setdefault((x, day), method == "full")
        return self._methods.pop((entity, date))

    def method_since(self, entity: str, methods: tuple[Method, ...], known: Method | None = None) -> dt.date | None:
        """First date of the unbroken stretch, ending at ``until``, during which the method is one of ``methods``.

        ``known`` is the method at ``until`` when the caller has it (it holds from the last relevant date on).
        """
        start = None
        dates = self.relevant_dates(entity)
        for i, day in enumerate(reversed(dates)):
            method = known if (i == 0 and known is not None) else self.method_at(entity, day)
            if method in methods:
                start = day
            else:
                break
        return start


class _Circular(Exception):
    """Holdings upstream of an entity run in a circle: its control is decided by the whole fixed point."""


class _Reentered(Exception):
    """A holder's chain came back to the entity being decided (control running in a circle)."""


class ControlTree:
    """Each entity's nearest controller at one date, for first-common-parent questions.

    An entity's nearest controller is a consolidated direct holder with votes above the
    threshold — anyone else controlling the entity would have to control that holder —
    else, when several holders control it together, the ownership's nearest controller.
    Answers equal :func:`renketsu.ownership.lowest_common_controller` (tested), at the
    cost of one walk up the tree per question.
    """

    def __init__(self, own: Ownership):
        self.own = own
        self._nearest: dict[str, str | None] = {}
        self._busy: set[str] = set()  # entities whose joint controller is being worked out
        #: entity -> its chain (:meth:`chain`), the chain's members as a set, and whether it met a cycle
        self._chains: dict[str, tuple[list[str], frozenset[str], bool]] = {}

    def nearest_controller(self, entity: str) -> str | None:
        if entity not in self._nearest:
            if entity in self._busy:
                raise _Reentered
            eo = self.own.entities.get(entity)
            found = None
            if eo is not None and entity != self.own.parent and eo.controlled_by_group:
                for holder, votes in eo.direct_votes.items():
                    if votes > self.own.control_threshold and self.own.method(holder) in ("parent", "full"):
                        found = holder
                        break
                if found is None:
                    self._busy.add(entity)
                    try:
                        found = self._joint_controller(eo)
                    except _Reentered:  # its holders' chains lead back to it: the whole search decides
                        found = None
                    finally:
                        self._busy.discard(entity)
                if found is None:
                    found = next(iter(self.own.controllers(entity)), None)
            self._nearest[entity] = found
        return self._nearest[entity]

    def _joint_controller(self, eo) -> str | None:
        """The nearest controller of an entity no single holder controls, from its holders' chains.

        X controls the entity when the votes of the holders X controls (X itself included:
        the holders whose chain passes through X) are above the threshold; the controllers
        lie on one chain, the nearest is the deepest. None when a chain meets a control
        cycle or nobody qualifies (control by a method override): the whole search decides.
        """
        votes: dict[str, Fraction] = {}
        depth: dict[str, int] = {}
        for holder, v in eo.direct_votes.items():
            if not v or self.own.method(holder) not in ("parent", "full"):
                continue
            chain, _members, cycle = self._chain(holder)
            if cycle:
                return None
            for i, x in enumerate(chain):
                votes[x] = votes.get(x, ZERO) + v
                depth[x] = len(chain) - i
        ok = [x for x, v in votes.items() if v > self.own.control_threshold]
        return max(ok, key=lambda x: (depth[x], x)) if ok else None

    def chain(self, entity: str) -> tuple[list[str], bool]:
        """``entity`` and its controllers, nearest first; and whether the walk met a control cycle."""
        out, _members, cycle = self._chain(entity)
        return list(out), cycle

    def _chain(self, entity: str) -> tuple[list[str], frozenset[str], bool]:
        """:meth:`chain` with its members as a set, walked once per entity (the nearest controllers it
        follows are final once found: a walk that meets one being worked out raises instead)."""
        got = self._chains.get(entity)
        if got is None:
            out, seen = [entity], {entity}
            while True:
                nxt = self.nearest_controller(out[-1])
                if nxt is None:
                    cycle = False
                    break
                if nxt in seen:
                    cycle = True
                    break
                out.append(nxt)
                seen.add(nxt)
            got = self._chains[entity] = (out, frozenset(seen), cycle)
        return got

    def first_common_parent(self, a: str, b: str) -> str:
        """The lowest entity controlling both (an entity controls itself), else the parent."""
        chain_a, _members_a, cycle_a = self._chain(a)
        _chain_b, above_b, cycle_b = self._chain(b)
        if cycle_a or cycle_b:  # entities controlling each other: the whole search decides
            from .structure import lowest_common_controller

            return lowest_common_controller(self.own, a, b)
        return next((c for c in chain_a if c in above_b), self.own.parent)
