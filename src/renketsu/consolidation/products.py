"""The typed products the consolidation steps hand to the steps after them.

Each is made by exactly one step (see the step table in
:mod:`renketsu.consolidation.pipeline`) and never changed afterwards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from renketsu.model.money import ZERO, fsum

#: Translated trial balance of one entity: (account, partner) -> amount in the reporting currency.
TB = dict[tuple[str, str | None], Decimal]


@dataclass(frozen=True)
class OpeningSubsidiary:
    """A subsidiary's carrying position at the start date (opening.csv), the year closed."""

    entity: str
    #: Its equity at historical rates by account (reporting currency, natural sign).
    equity: dict[str, Fraction]
    #: Its equity by account in its own currency, from the ledger at the start date (natural sign).
    equity_local: dict[str, Fraction]
    #: Its own translation reserve: net assets at the start date's closing rate less ``equity``.
    reserve: Fraction
    #: Unamortised goodwill per holder, in its own currency.
    goodwill: dict[str, Fraction]
    #: The NCI amount in it (reporting currency).
    nci: Fraction
    #: The owners' translation reserve on it (reporting currency).
    reserve_owners: Fraction
    #: Closing rate of its currency at the start date (1 for the reporting currency).
    rate: Fraction


@dataclass(frozen=True)
class OpeningAssociate:
    """One holder's equity-method investment in an associate at the start date (opening.csv)."""

    entity: str
    holder: str
    #: Carrying amount in the associate's currency.
    carrying: Fraction
    #: Goodwill inside the carrying amount, unamortised, in the associate's currency.
    goodwill: Fraction
    #: Translation reserve on the investment (reporting currency).
    reserve: Fraction
    #: The associate's net assets at the start date in its currency (from the ledger).
    net_assets: Fraction
    #: Closing rate of the associate's currency at the start date.
    rate: Fraction


@dataclass(frozen=True)
class OpeningPosition:
    """``opening``: the group's carrying position at the start date, for a period after it; empty otherwise."""

    start: dt.date | None = None
    subsidiaries: dict[str, OpeningSubsidiary] = field(default_factory=dict)
    associates: dict[tuple[str, str], OpeningAssociate] = field(default_factory=dict)

    def of(self, entity: str) -> OpeningSubsidiary | None:
        return self.subsidiaries.get(entity)

    def reserves_held_by(self, holder: str) -> Fraction:
        """Reserve at the start date on the associates ``holder`` holds."""
        return fsum(a.reserve for (_e, h), a in self.associates.items() if h == holder)


@dataclass(frozen=True)
class Translated:
    """``translation``: every consolidated entity's contribution in the reporting currency."""

    tb: dict[str, TB]
    #: Per foreign entity: currency, closing, average and acquisition rates and its reserve (result "translation").
    facts: dict[str, dict[str, str]]


@dataclass(frozen=True)
class FirstConsolidation:
    """``investment``: per subsidiary, what first consolidation found."""

    #: Goodwill per holder at control in the subsidiary's own currency; "(nci)" for the NCI's own (fair value).
    goodwill_local: dict[str, Fraction]
    #: Goodwill booked at control (reporting currency; 0 for a bargain purchase).
    goodwill: Fraction
    #: Profit of this fiscal year before control began (reporting currency): not the NCI's.
    pre_profit: Fraction = ZERO


@dataclass(frozen=True)
class Investments:
    """``investment``: first consolidation per subsidiary, and the translation differences on the
    eliminated costs of holders booking in another currency, taken out of their reserve (by holder)."""

    first: dict[str, FirstConsolidation]
    cta: dict[str, Fraction]
    #: The differences of NCI transactions whose buyer or seller has NCI of its own (holder, day, difference —
    #: debit positive), which those NCI bear at the holder's NCI ratio of the day (``investment._shared_difference``).
    shared: tuple[tuple[str, dt.date, Fraction], ...] = ()
    #: The NCI's share of the year's profit to add to the one at the year's ratio of the entries attributed to an
    #: entity, per entity: their part before a change of the entity's NCI ratio inside the year is the NCI's at the
    #: ratio before it (the goodwill amortisation of a holder whose NCI P bought or sold in the year).
    attributed_extra: dict[str, Fraction] = field(default_factory=dict)
    #: Per (holder, subsidiary): the part of the holder's goodwill of the subsidiary amortised before this year that
    #: changes of the holder's NCI ratio moved out of its NCI, (ratio before − after) × the amortisation to the day (to
    #: the start of the year for a change in it): the NCI's share of earlier years' amortisation is the year's ratio of
    #: it plus this (what they bore at each stretch's ratio, less what the changes moved).
    nci_moved: dict[tuple[str, str], Fraction] = field(default_factory=dict)
    #: NCI at fair value (IFRS 3.19): per subsidiary whose NCI the group bought from since control (IFRS 10.23,
    #: B96), the share of the NCI's own goodwill of the control date they still hold at the period end, and the
    #: shares of it each buyer took (a sale or a dilution leaves it whole); absent: they hold it all.
    nci_goodwill_kept: dict[str, NciGoodwillKept] = field(default_factory=dict)


@dataclass(frozen=True)
class NciGoodwillKept:
    """``investment``: what purchases from the NCI left them of their own goodwill (NCI at fair value)."""

    #: The NCI's share left of their goodwill of the control date.
    kept: Fraction
    #: The shares of it each buyer took (their goodwill now: its translation is the buyer's, IAS 21.48C).
    bought: dict[str, Fraction]


@dataclass(frozen=True)
class GoodwillCarrying:
    """``goodwill``: goodwill carrying amounts and the translation differences the step booked."""

    #: Goodwill carrying amount per subsidiary (reporting currency).
    carrying: dict[str, Fraction]
    #: The NCI's own goodwill per subsidiary (NCI at fair value, IFRS 3.19).
    nci_goodwill: dict[str, Fraction]
    #: Translation differences booked on goodwill and fair-value adjustments, by the entity whose NCI shares them.
    cta: dict[str, Fraction]
    #: Goodwill left per subsidiary and holder, in the subsidiary's currency (an opening position's ``goodwill``).
    local: dict[str, dict[str, Fraction]] = field(default_factory=dict)


@dataclass(frozen=True)
class Matching:
    """``intercompany`` and ``dividends``: the matching report's items."""

    items: tuple[dict, ...] = ()
    #: ``dividends``: per subsidiary, the exact part of its dividends of the year paid to its (direct) NCI,
    #: and the exact share of them its NCI ratio (indirect NCI included) bears.
    nci_paid: dict[str, Fraction] = field(default_factory=dict)
    nci_borne: dict[str, Fraction] = field(default_factory=dict)


@dataclass(frozen=True)
class AssociateSale:
    """Part of an associate sold keeping significant influence (IAS 28.25): reporting currency, booked."""

    entity: str
    holder: str
    date: dt.date
    #: The proceeds (cash received), the consolidated gain (loss negative), the carrying amount of the part sold
    #: and the associate's reserve reclassified to profit with it (credit positive).
    proceeds: Decimal
    gain: Decimal
    carrying: Decimal
    reserve: Decimal
    #: An issue of the associate's own (a deemed disposal, ``dilution``): the holder's share of its proceeds, put on
    #: the carrying amount (no cash; 0 for a sale).
    issued: Decimal = Decimal(0)
    #: The holder sold all it held (the rest): nothing of the associate is carried after it.
    whole: bool = False
    #: jgaap, a foreign entity (x-42): the part of ``reserve`` that was the subsidiary's reserve kept with the interest
    #: on losing control (ASBJ 22 §29), in the reserve since, not on the carrying amount.
    kept_reserve: Decimal = Decimal(0)


@dataclass(frozen=True)
class AssociatePurchase:
    """More of an interest kept on losing control bought later in the year by a holder booking in another currency
    (IAS 28.32, a tranche from its own day; x-55): what the cash flows need to take its cash out at the day's rate."""

    entity: str
    holder: str
    date: dt.date
    #: The cost in the holder's currency and the spot rate of the day it is translated at (the tranche's cost).
    cost_local: Fraction
    rate: Fraction


@dataclass(frozen=True)
class EquityMethod:
    """``equity_method``: translation differences on equity-method carrying amounts, by holder."""

    cta: dict[str, Fraction] = field(default_factory=dict)
    #: Per (associate, holder): the carrying amount and the goodwill left inside it, in the associate's currency.
    positions: dict[tuple[str, str], tuple[Fraction, Fraction]] = field(default_factory=dict)
    #: Parts of associates sold in the year keeping significant influence.
    sales: tuple[AssociateSale, ...] = ()
    #: Purchases of more of an interest kept by a holder in another currency (x-55).
    purchases: tuple[AssociatePurchase, ...] = ()


@dataclass(frozen=True)
class ProfitSplit:
    """``nci``: where holdings changed inside the year, the (NCI ratio, profit earned) stretches per subsidiary;
    and what closing needs to round the NCI's share of retained earnings cumulatively, so that the next
    year's ``nci`` step, rounding it once, opens at exactly this year's closing."""

    stretches: dict[str, tuple[tuple[Fraction, Fraction], ...]] = field(default_factory=dict)
    #: The NCI's exact share of retained earnings at the start of the year, per subsidiary (the step's
    #: retained earnings lines for it book this amount rounded once).
    opening: dict[str, Fraction] = field(default_factory=dict)
    #: The exact part of the year's dividends paid to the NCI, per subsidiary (``dividends`` books it rounded).
    paid: dict[str, Fraction] = field(default_factory=dict)
    #: The exact change the year's dividends make to the NCI's share of retained earnings as the next year
    #: derives it, per subsidiary: its NCI ratio of the dividends it declared, less that ratio of the
    #: intra-group dividends it received (eliminated this year, in its own retained earnings the next).
    moved: dict[str, Fraction] = field(default_factory=dict)


@dataclass(frozen=True)
class ClosingLine:
    """A line that closes profit or dividends into equity."""

    entity: str
    account: str
    amount: Decimal
    reason: str


@dataclass(frozen=True)
class Closed:
    """``closing``: the consolidated trial balance closed into the statements."""

    contributions: dict[str, dict[str, Decimal]]
    closing: tuple[ClosingLine, ...]
    balance_sheet: dict[str, Decimal]
    income_statement: dict[str, Decimal]
    profit_total: Decimal
    profit_owners: Decimal
    profit_nci: Decimal


@dataclass(frozen=True)
class Check:
    """One check of the result (docs/format.md §8 ``checks``)."""

    name: str
    ok: bool
    detail: str

    def to_json(self) -> dict:
        return {"name": self.name, "ok": self.ok, "detail": self.detail}
