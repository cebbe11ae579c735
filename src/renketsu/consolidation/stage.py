"""The shape every consolidation step has, and the runner that checks their order.

A step is a pure stage: ``fn(io) -> product``. It reads the run's frozen inputs
(``io.run``) and the products of the steps it declares it needs (``io.acquired``,
``io.tb``, ...: reading a product not declared raises), posts entries through
``io.post`` (a book that stamps the step's own name), and returns its product.
Whatever it finds missing — a rate, a role account the chart lacks, a trial balance —
is collected on ``io`` and returned with the product; nothing is written into
shared objects. :func:`check_order` verifies, at import and at the start of a run,
that every step's needs are produced by a step before it.

A step added by an extension (restructuring's event entries) may still be the older
pair ``(name, fn(run))``: it is run with a :class:`LegacyRun` that offers
``book.post``, ``role`` and ``decimals`` and posts under the pair's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from renketsu.model.errors import Problems
from renketsu.model.types import Source

from .entries import Entry, EntryBook
from .run import Acquired, Run

#: Lines of an entry: (entity, account, exact amount).
Lines = list[tuple[str, str, Fraction | Decimal | int]]


class Step(NamedTuple):
    """One line of the step table: its name, its function, the products it needs and the one it makes."""

    name: str
    fn: Callable[[StepIO], Any]
    needs: tuple[str, ...] = ()
    produces: str | None = None


class StepOrderError(Exception):
    """A step needs a product no earlier step makes, or two steps make the same product."""


def check_order(steps: Iterable[Step | tuple], given: Iterable[str] = ()) -> None:
    """Every step's needs are produced by a step before it; each product is made once."""
    made = set(given)
    for st in steps:
        if not isinstance(st, Step):
            continue  # an extension pair: it needs nothing declared
        missing = [n for n in st.needs if n not in made]
        if missing:
            raise StepOrderError(f"step {st.name!r} needs {', '.join(missing)}, which no step before it produces")
        if st.produces is not None:
            if st.produces in made:
                raise StepOrderError(f"product {st.produces!r} is made twice (again by {st.name!r})")
            made.add(st.produces)


@dataclass
class Collected:
    """What the steps of one run found missing, in the order they asked (returned by each step's io)."""

    #: (currency, date, kind, fallback) -> what needed it.
    missing_rates: dict[tuple, list[str]] = field(default_factory=dict)
    #: Roles the chart has no account for (the engine adds one named after the role), first ask first.
    added_accounts: list[str] = field(default_factory=list)

    def merge(self, other: Collected) -> None:
        for key, whys in other.missing_rates.items():
            self.missing_rates.setdefault(key, []).extend(whys)
        for acc in other.added_accounts:
            if acc not in self.added_accounts:
                self.added_accounts.append(acc)


class StepIO:
    """What one step sees: the run, the products it declared, its own stamped book, and what it found missing."""

    def __init__(self, run: Run, name: str, book: EntryBook, products: Mapping[str, Any],
                 needs: Iterable[str] | None, problems: Problems):
        self.run = run
        self.name = name
        self._book = book
        self._products = products
        self._needs = None if needs is None else frozenset(needs)
        self.problems = problems
        self.found = Collected()
        #: The step's own scratch (indexes it builds once from the run and its needs; dropped with the io).
        self.memo: dict[Any, Any] = {}

    # ------------------------------------------------------------------ products of earlier steps

    def need(self, product: str) -> Any:
        """The product of an earlier step; the step must have declared it."""
        if self._needs is not None and product not in self._needs:
            raise StepOrderError(f"step {self.name!r} reads {product!r} without declaring it in its needs")
        return self._products[product]

    @property
    def acquired(self) -> dict[str, Acquired]:
        return self.need("acquisition")

    @property
    def tb(self) -> dict[str, dict[tuple[str, str | None], Decimal]]:
        """Translated trial balance per consolidated entity: (account, partner) -> amount."""
        return self.need("translation").tb

    def entries(self) -> tuple[Entry, ...]:
        """Entries posted so far (closing and checks read them all)."""
        if self._needs is not None and "entries" not in self._needs:
            raise StepOrderError(f"step {self.name!r} reads the entries without declaring 'entries' in its needs")
        return tuple(self._book.entries)

    def attributed(self) -> tuple[Entry, ...]:
        """Entries posted so far that are attributed to an entity (indexed by the book as they are posted)."""
        return tuple(self._book.attributed)

    # ------------------------------------------------------------------ posting and lookups

    def post(self, kind: str, entity: str, partner: str | None, lines: Sequence[tuple[str, str, Fraction | Decimal | int]],
             reason: str,
             attribute_to: str | None = None, line_partners: dict[int, str] | None = None,
             event: bool = False) -> Entry | None:
        """Book an entry under this step's name (see :meth:`EntryBook.post`)."""
        return self._book.post(self.name, kind, entity, partner, lines, reason, attribute_to=attribute_to,
                               line_partners=line_partners, event=event)

    def replay(self, step: str, kind: str, entity: str, partner: str | None,
               lines: Sequence[tuple[str, str, Fraction | Decimal | int]], reason: str,
               attribute_to: str | None = None) -> Entry | None:
        """Book an entry another step made in an earlier position under that step's name (the
        ``deconsolidation`` step carries a leaving entity's entries to the date of sale), attributed as it was."""
        return self._book.post(step, kind, entity, partner, lines, reason, attribute_to=attribute_to)

    def role(self, role: str) -> str:
        """The account carrying ``role``; one named after the role is added when the chart has none."""
        acc = self.run.chart.role_account(role)
        if acc is not None:
            return acc
        if role not in self.found.added_accounts:
            self.found.added_accounts.append(role)
        return role

    def rate(self, currency: str, date: dt.date, kind: str, why: str, *, fallback: str | None = None) -> Fraction:
        """Units of reporting currency per unit of ``currency``; a missing rate is collected (1 returned)."""
        r = self.run.find_rate(currency, date, kind, fallback)
        if r is None:
            self.found.missing_rates.setdefault((currency, date, kind, fallback), []).append(why)
            return Fraction(1)
        return r

    def problem(self, kind: str, message: str, where: Source | None = None, hint: str | None = None) -> None:
        self.problems.add(kind, message, where, hint)

    @property
    def decimals(self) -> int:
        return self.run.decimals


class _LegacyBook:
    def __init__(self, io: StepIO):
        self._io = io

    def post(self, _step: str, kind: str, entity: str, partner: str | None,
             lines: Sequence[tuple[str, str, Fraction | Decimal | int]], reason: str,
             **kw: Any) -> Entry | None:
        return self._io.post(kind, entity, partner, lines, reason, **kw)


class LegacyRun:
    """What an extension pair ``(name, fn(run))`` is given: ``book.post``, ``role``, ``decimals``."""

    def __init__(self, io: StepIO):
        self.book = _LegacyBook(io)
        self.role = io.role
        self.decimals = io.decimals
        self.run = io.run
