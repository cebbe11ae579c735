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

from renketsu.model.money import MAX_RATIO_DECIMALS, MAX_RATIO_DIGITS, NotExact, parse_decimal, parse_ratio

from .values import BadDate, read_count, read_date, read_fiscal_year_end


class BadValue(ValueError):
    """A value that is not an exact number; ``hint`` says how to write it."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


_RATIO_HINT = "write a decimal or a ratio, e.g. 0.8 or 2/3"
_MONEY_HINT = "write the amount alone, e.g. 10000 or -1234.50"


#: Text already read (a large group repeats the same dates and shares many thousand times);
#: only what parsed is kept, so every bad cell is still refused with its own message.
_SEEN_RATIOS: dict[str, Fraction] = {}
_SEEN_DATES: dict[str, dt.date] = {}
_SEEN_MAX = 200_000


def _ratio(value: Any) -> Fraction:
    if type(value) is str:
        got = _SEEN_RATIOS.get(value)
        if got is not None:
            return got
    try:
        out = parse_ratio(value)
    except NotExact as e:
        raise BadValue(str(e), _RATIO_HINT) from None
    if type(value) is str and len(_SEEN_RATIOS) < _SEEN_MAX:
        _SEEN_RATIOS[value] = out
    return out


def _money(value: Any) -> Decimal:
    try:
        return parse_decimal(value)
    except NotExact as e:
        raise BadValue(str(e), _MONEY_HINT) from None


def _rate(value: Any) -> Decimal:
    """Rates and fact values: up to 24 digits before and 18 after the point."""
    try:
        return parse_decimal(value, int_digits=MAX_RATIO_DIGITS, decimals=MAX_RATIO_DECIMALS)
    except NotExact as e:
        raise BadValue(str(e), "write the number in plain digits, e.g. 92.5") from None


def _date(value: Any) -> dt.date:
    if type(value) is str:
        got = _SEEN_DATES.get(value)
        if got is not None:
            return got
    try:
        out = read_date(value)
    except BadDate as e:
        raise BadValue(str(e), "write dates as YYYY-MM-DD") from None
    if type(value) is str and len(_SEEN_DATES) < _SEEN_MAX:
        _SEEN_DATES[value] = out
    return out


def _count(value: Any) -> int:
    try:
        return read_count(value)
    except ValueError as e:
        raise BadValue(str(e), "write a whole number in plain digits") from None


def _fye(value: Any) -> str:
    try:
        month, day = read_fiscal_year_end(value)
    except BadDate as e:
        raise BadValue(str(e), "write the month and day the fiscal year ends, e.g. 03-31") from None
    return f"{month:02d}-{day:02d}"


def _text(value: Any) -> Any:
    """Ids are text even when YAML reads them as numbers (``id: 1100``)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, Decimal)):
        return str(value)
    return value


Ratio = Annotated[Fraction, BeforeValidator(_ratio), PlainSerializer(str)]
Money = Annotated[Decimal, BeforeValidator(_money)]
Rate = Annotated[Decimal, BeforeValidator(_rate)]
Date = Annotated[dt.date, BeforeValidator(_date)]
Count = Annotated[int, BeforeValidator(_count)]
FiscalYearEnd = Annotated[str, BeforeValidator(_fye)]
Id = Annotated[str, BeforeValidator(_text), Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True, defer_build=True)


class PoliciesFile(_Strict):
    nci_measurement: Literal["proportionate", "fair_value"] | None = None
    goodwill_amortisation_years: Count | None = Field(default=None, ge=0)
    control_threshold: Ratio | None = None
    significant_influence: Ratio | None = None
    ic_tolerance: Money | None = None
    decimals: Count | None = Field(default=None, ge=0, le=6)
    common_control_basis: Literal["consolidated_carrying_amounts", "book_values"] | None = None


class MethodOverrideFile(_Strict):
    date: Date
    method: Literal["parent", "full", "equity", "none"]


class EntityFile(_Strict):
    id: Id
    name: str
    currency: Annotated[str, Field(pattern=r"^[A-Z]{2,4}$")]
    country: str | None = None
    established: Date | None = None
    shares_outstanding: Count | None = Field(default=None, gt=0)
    mapping: dict[Id, Id] | None = None
    method: list[MethodOverrideFile] | None = None


class AccountFile(_Strict):
    id: Id
    name: str
    type: Literal["asset", "liability", "equity", "income", "expense"]
    role: str | None = None
    #: Cash flow statement classification (docs/format.md, Extensions: statements).
    cash_flow: Literal["cash", "operating", "investing", "financing", "non_cash", "consideration"] | None = None


class FairValueAdjustmentFile(_Strict):
    account: Id
    amount: Money


class HoldingFile(_Strict):
    date: Date
    holder: Id
    entity: Id
    share: Ratio
    voting: Ratio | None = None
    cost: Money | None = None
    equity_at_acquisition: dict[Id, Money] | None = None
    fair_value_adjustments: list[FairValueAdjustmentFile] | None = None
    nci_fair_value: Money | None = None
    nci_measurement: Literal["proportionate", "fair_value"] | None = None
    retained_fair_value: Money | None = None
    dilution: bool | None = None


class GroupFile(_Strict):
    group: str
    parent: Id
    reporting_currency: Annotated[str, Field(pattern=r"^[A-Z]{2,4}$")]
    fiscal_year_end: FiscalYearEnd
    framework: Literal["jgaap", "ifrs"] = "jgaap"
    policies: PoliciesFile | None = None
    entities: list[EntityFile] | None = None
    accounts: list[AccountFile]
    holdings: list[HoldingFile] | None = None


class ConsiderationFile(_Strict):
    shares_issued: Count = Field(default=0, ge=0)
    shares_issued_fair_value: Money = Decimal(0)
    share_capital_increase: Money = Decimal(0)
    cash: Money = Decimal(0)


class MergerFile(_Strict):
    id: Id
    kind: Literal["merger"]
    effective: Date
    surviving: Id
    absorbed: list[Id] = Field(min_length=1)
    consideration: ConsiderationFile = Field(default_factory=ConsiderationFile)
    #: Each absorbed company's part of the consideration (its shareholders' allotment, Companies Act art. 749(1)(ii),
    #: (iii)); needed when several absorbed companies share a consideration.
    allotment: dict[Id, ConsiderationFile] | None = None


class AcquisitionFile(HoldingFile):
    id: Id
    kind: Literal["acquisition"]
    #: Fair value of shares the holder already held, remeasured when control is obtained (IFRS 3.42).
    previously_held_fair_value: Money | None = None


class DisposalFile(_Strict):
    id: Id
    kind: Literal["disposal"]
    date: Date
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
    established: Date | None = None
    shares_outstanding: Count | None = Field(default=None, gt=0)


class HoldingRow(_Strict):
    date: Date
    holder: Id
    entity: Id
    share: Ratio
    voting: Ratio | None = None
    cost: Money | None = None


class RateRow(_Strict):
    currency: Annotated[str, Field(pattern=r"^[A-Z]{2,4}$")]
    date: Date
    kind: Literal["closing", "average", "spot"]
    rate: Rate


class FactRow(_Strict):
    entity: Id
    concept: Annotated[str, Field(min_length=1)]
    value: Rate
    unit: str
    as_of: Date
    period_start: Date | None = None
    basis: Literal["non_consolidated", "consolidated"]
    source: str | None = None


class IcStockRow(_Strict):
    period: Date
    seller: Id
    buyer: Id
    account: Id
    amount: Money
    margin: Ratio
