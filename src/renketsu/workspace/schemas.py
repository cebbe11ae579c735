"""File schemas: pydantic models with ``extra="forbid"``, one per file shape.

These models only check shape and scalar syntax; cross-references (unknown
entity, account, partner...) are checked in :mod:`renketsu.workspace.validate`.
Money fields are ``Decimal`` (floats never reach them: YAML floats are read as
Decimal, CSV cells as text); ratio fields accept "0.8" or "2/3".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

from renketsu.model.money import D, F, NotExact


class BadValue(ValueError):
    """A value that is not an exact number; ``hint`` says how to write it."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


_RATIO_HINT = "write a decimal or a ratio, e.g. 0.8 or 2/3"
_MONEY_HINT = "write the amount alone, e.g. 10000 or -1234.50"


def _no_separators(value: Any, hint: str) -> None:
    """Thousands separators are refused wherever a number is read, as the ledger refuses them.

    '10,000' could be ten thousand or (a decimal comma) ten; the ledger's DuckDB cast
    refuses it, so the YAML and CSV files do too.
    """
    if isinstance(value, str) and "," in value:
        raise BadValue(f"{value!r} is not a decimal number: write it without thousands separators", hint)


def _ratio(value: Any) -> Fraction:
    if isinstance(value, Fraction):
        return value
    _no_separators(value, _RATIO_HINT)
    try:
        return F(value)
    except NotExact as e:
        raise BadValue(str(e), _RATIO_HINT) from None


def _money(value: Any) -> Decimal:
    if isinstance(value, float):
        raise BadValue("a float is not exact", "write the amount as a decimal number")
    _no_separators(value, _MONEY_HINT)
    try:
        return D(value)
    except NotExact as e:
        raise BadValue(str(e), _MONEY_HINT) from None


def _text(value: Any) -> Any:
    """Ids are text even when YAML reads them as numbers (``id: 1100``)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, Decimal)):
        return str(value)
    return value


Ratio = Annotated[Fraction, BeforeValidator(_ratio), PlainSerializer(str)]
Money = Annotated[Decimal, BeforeValidator(_money)]
Id = Annotated[str, BeforeValidator(_text), Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class PoliciesFile(_Strict):
    nci_measurement: Literal["proportionate", "fair_value"] | None = None
    goodwill_amortisation_years: int | None = Field(default=None, ge=0)
    control_threshold: Ratio | None = None
    significant_influence: Ratio | None = None
    ic_tolerance: Money | None = None
    decimals: int | None = Field(default=None, ge=0, le=6)
    common_control_basis: Literal["consolidated_carrying_amounts", "book_values"] | None = None


class MethodOverrideFile(_Strict):
    date: dt.date
    method: Literal["parent", "full", "equity", "none"]


class EntityFile(_Strict):
    id: Id
    name: str
    currency: Annotated[str, Field(pattern=r"^[A-Z]{2,4}$")]
    country: str | None = None
    established: dt.date | None = None
    shares_outstanding: int | None = Field(default=None, gt=0)
    mapping: dict[Id, Id] | None = None
    method: list[MethodOverrideFile] | None = None


class AccountFile(_Strict):
    id: Id
    name: str
    type: Literal["asset", "liability", "equity", "income", "expense"]
    role: str | None = None
    #: Cash flow statement classification (docs/format.md, Extensions: statements).
    cash_flow: Literal["cash", "operating", "investing", "financing", "non_cash"] | None = None


class FairValueAdjustmentFile(_Strict):
    account: Id
    amount: Money


class HoldingFile(_Strict):
    date: dt.date
    holder: Id
    entity: Id
    share: Ratio
    voting: Ratio | None = None
    cost: Money | None = None
    equity_at_acquisition: dict[Id, Money] | None = None
    fair_value_adjustments: list[FairValueAdjustmentFile] | None = None
    nci_fair_value: Money | None = None
    nci_measurement: Literal["proportionate", "fair_value"] | None = None


class GroupFile(_Strict):
    group: str
    parent: Id
    reporting_currency: Annotated[str, Field(pattern=r"^[A-Z]{2,4}$")]
    fiscal_year_end: Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
    framework: Literal["jgaap", "ifrs"] = "jgaap"
    policies: PoliciesFile | None = None
    entities: list[EntityFile] | None = None
    accounts: list[AccountFile]
    holdings: list[HoldingFile] | None = None


class ConsiderationFile(_Strict):
    shares_issued: int = Field(default=0, ge=0)
    shares_issued_fair_value: Money = Decimal(0)
    share_capital_increase: Money = Decimal(0)
    cash: Money = Decimal(0)


class MergerFile(_Strict):
    id: Id
    kind: Literal["merger"]
    effective: dt.date
    surviving: Id
    absorbed: list[Id] = Field(min_length=1)
    consideration: ConsiderationFile = ConsiderationFile()


class AcquisitionFile(HoldingFile):
    id: Id
    kind: Literal["acquisition"]
    #: Fair value of shares the holder already held, remeasured when control is obtained (IFRS 3.42).
    previously_held_fair_value: Money | None = None


class DisposalFile(_Strict):
    id: Id
    kind: Literal["disposal"]
    date: dt.date
    holder: Id
    entity: Id
    share_sold: Ratio
    proceeds: Money
    retained_fair_value: Money | None = None


# Row schemas of the small CSV files (cells arrive as text; empty cells as None).


class EntityRow(_Strict):
    id: Id
    name: str
    currency: Annotated[str, Field(pattern=r"^[A-Z]{2,4}$")]
    country: str | None = None
    established: dt.date | None = None
    shares_outstanding: int | None = Field(default=None, gt=0)


class HoldingRow(_Strict):
    date: dt.date
    holder: Id
    entity: Id
    share: Ratio
    voting: Ratio | None = None
    cost: Money | None = None


class RateRow(_Strict):
    currency: Annotated[str, Field(pattern=r"^[A-Z]{2,4}$")]
    date: dt.date
    kind: Literal["closing", "average", "spot"]
    rate: Money


class FactRow(_Strict):
    entity: Id
    concept: Annotated[str, Field(min_length=1)]
    value: Money
    unit: str
    as_of: dt.date
    period_start: dt.date | None = None
    basis: Literal["non_consolidated", "consolidated"]
    source: str | None = None


class IcStockRow(_Strict):
    period: dt.date
    seller: Id
    buyer: Id
    account: Id
    amount: Money
    margin: Ratio
