"""What an event does, as data: the plan a planner returns and :mod:`.simulate` carries out.

A plan holds the entities' books after the event, the entries the event makes in them,
the workspace as the event leaves it and the consolidation entries that keep the event's
consolidated effect right. Those entries are data (:class:`ConsolidationEntry`), posted
by the simulation's ``restructuring`` step; nothing in a plan is code.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction

from renketsu.model.types import Workspace

from .facts import CombinedFact
from .frames import Books
from .legal import LegalCheck

#: One line of an entity-level entry: account, amount in the entity's own currency, partner.
EntityLine = tuple[str, Decimal, str | None]


@dataclass
class EntityEntry:
    """An entry in one entity's own books, made by the event."""

    entity: str
    lines: list[EntityLine]
    reason: str


@dataclass(frozen=True)
class ConsolidationLine:
    """One line of a consolidation entry: on ``account``, or on the account carrying ``role``."""

    entity: str
    amount: Decimal | Fraction
    account: str | None = None
    role: str | None = None

    def __post_init__(self) -> None:
        if (self.account is None) == (self.role is None):
            raise ValueError("a consolidation line names an account or a role, not both")


@dataclass(frozen=True)
class ConsolidationEntry:
    """A consolidation entry the event needs (step ``restructuring``).

    ``balance_to`` names (entity, role): a last line there takes the entry's balance,
    so that the entry sums to zero. Amounts are in the reporting currency.
    """

    entity: str
    partner: str | None
    lines: tuple[ConsolidationLine, ...]
    reason: str
    balance_to: tuple[str, str] | None = None
    attribute_to: str | None = None


@dataclass
class Plan:
    """What an event does, as the kind's planner works it out."""

    #: Books after the event (balance-sheet accounts, closed), by entity; dissolved entities absent.
    books_after: dict[str, Books]
    #: What the event books to income and expense, by entity.
    income_after: dict[str, Books]
    entries: list[EntityEntry]
    #: The workspace as the event leaves it (group structure, ic_stock...).
    ws_after: Workspace
    #: Consolidation entries that keep the event's consolidated effect right.
    consolidation_entries: list[ConsolidationEntry] = field(default_factory=list)
    #: The Companies Act checks the event needs (mergers).
    legal: list[LegalCheck] = field(default_factory=list)
    #: Headline facts after the event (mergers).
    facts: list[CombinedFact] = field(default_factory=list)
    dissolved: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: The retained earnings account the event's income is closed into.
    retained_earnings: str = "retained_earnings"
    #: Partners that no longer exist after the event -> the company that took them over.
    renames: dict[str, str] = field(default_factory=dict)


def replace_group(ws: Workspace, **changes) -> Workspace:
    """The workspace with its group changed by ``changes`` (and no events: the event has happened)."""
    return replace(ws, group=replace(ws.group, **changes), events={})


__all__ = ["ConsolidationEntry", "ConsolidationLine", "EntityEntry", "EntityLine", "Plan", "replace_group"]
