"""Exact numbers: money as Decimal, ratios as Fraction; floats are refused.

Rounding is named: :func:`book` rounds half-even to a number of decimals, the
only place an amount loses precision, and callers post the residue to the
``rounding`` account.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)
from fractions import Fraction

#: Zero as a Fraction, made once (a Fraction is immutable; the steps start their sums and defaults from it).
ZERO = Fraction(0)

#: Digits of Decimal arithmetic; well above DECIMAL(38, s).
PRECISION = 60


class NotExact(ValueError):
    """A value that cannot be read as an exact number."""


def D(value: object) -> Decimal:
    """An exact Decimal from an int, Decimal, Fraction with terminating expansion, or a string.

    >>> D("1,234.50")
    Decimal('1234.50')
    >>> D(0.1)
    Traceback (most recent call last):
    ...
    renketsu.model.money.NotExact: 0.1 is a float; give money as a string or a Decimal
    """
    if isinstance(value, bool):
        raise NotExact(f"{value!r} is not a number")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NotExact(f"{value} is not a finite number")
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        raise NotExact(f"{value!r} is a float; give money as a string or a Decimal")
    if isinstance(value, Fraction):
        return fraction_to_decimal(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "")
        try:
            d = Decimal(text)
        except InvalidOperation:
            raise NotExact(f"{value!r} is not a decimal number") from None
        if not d.is_finite():
            raise NotExact(f"{value!r} is not a finite number")
        return d
    raise NotExact(f"{value!r} is not a number")


def F(value: object) -> Fraction:
    """An exact Fraction from an int, Decimal, string ("0.8", "2/3") or Fraction; floats refused.

    >>> F("75/98") + F("0.5")
    Fraction(62, 49)
    """
    if isinstance(value, bool):
        raise NotExact(f"{value!r} is not a number")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, Decimal):
        return Fraction(D(value))
    if isinstance(value, float):
        raise NotExact(f"{value!r} is a float; give ratios as strings or Decimals")
    if isinstance(value, str):
        text = value.strip()
        if "/" in text:
            try:
                return Fraction(text)
            except (ValueError, ZeroDivisionError):
                raise NotExact(f"{value!r} is not a ratio") from None
        return Fraction(D(text))
    raise NotExact(f"{value!r} is not a number")


def fraction_to_decimal(f: Fraction) -> Decimal:
    """Exact Decimal of ``f``; raises when the expansion does not terminate."""
    den = f.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        raise NotExact(f"{f} has no finite decimal expansion")
    places = max(twos, fives)
    # den = 2**twos * 5**fives divides 10**places: the scaled numerator is an exact integer.
    return Decimal(f.numerator * (10 ** places // f.denominator)).scaleb(-places, _WHOLE)


def fsum(values: Iterable[Fraction | Decimal | int]) -> Fraction:
    """The exact sum as a Fraction: ``sum(values, Fraction(0))``, the same value, added over the least
    common denominator in integers (one Fraction made, not one per addition).

    >>> fsum([Fraction(1, 3), Decimal("0.5"), 2]), fsum([])
    (Fraction(17, 6), Fraction(0, 1))
    """
    nums: list[int] = []
    dens: list[int] = []
    for v in values:
        t = type(v)
        if t is Fraction or t is int:
            nums.append(v.numerator)  # type: ignore[union-attr]  # a Fraction or an int
            dens.append(v.denominator)  # type: ignore[union-attr]
        else:
            n, d = v.as_integer_ratio()  # a Decimal's exact ratio (raises for a non-finite one, as Fraction does)
            nums.append(n)
            dens.append(d)
    if not nums:
        return Fraction(0)
    first = dens[0]
    for d in dens:
        if d != first:
            common = math.lcm(*dens)
            return Fraction(sum([n * (common // d) for n, d in zip(nums, dens)]), common)
    return Fraction(sum(nums), first)


def ratio_str(f: Fraction) -> str:
    """A ratio as an exact string: a decimal where it terminates ("0.48"), else "75/98".

    Memoised by numerator and denominator (a group's ratios repeat: one text per distinct ratio);
    the text depends on nothing but the value (:func:`money_str` prints every digit in its own context).
    """
    key = (f.numerator, f.denominator)
    got = _RATIO_TEXT.get(key)
    if got is None:
        try:
            got = money_str(fraction_to_decimal(f))
        except NotExact:
            got = f"{f.numerator}/{f.denominator}"
        if len(_RATIO_TEXT) >= _RATIO_TEXT_LIMIT:
            _RATIO_TEXT.clear()
        _RATIO_TEXT[key] = got
    return got


#: :func:`ratio_str`'s memo, (numerator, denominator) -> text; cleared when it reaches the limit.
_RATIO_TEXT: dict[tuple[int, int], str] = {}
_RATIO_TEXT_LIMIT = 1 << 16


def percent_str(f: Fraction) -> str:
    """A share as an exact percentage for sentences: 4/5 -> "80%", 1/3 -> "100/3%".

    >>> percent_str(Fraction(4, 5)), percent_str(Fraction(1))
    ('80%', '100%')
    """
    return f"{ratio_str(f * 100)}%"


def money_str(d: Decimal) -> str:
    """A plain decimal string without exponent; integers keep no trailing ".0"."""
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1), context=_WHOLE))
    return format(d.normalize(_WHOLE), "f")  # as many digits as d has: never rounded


#: A context as precise as any value it is given (the default 28 digits rounded longer decimals).
_WHOLE = Context(prec=999_999_999)


#: Quantizing for :func:`amount_str`'s fast path: 60 digits, a rounding is not trapped (it is compared).
_QUANTIZE = Context(prec=PRECISION, traps=[InvalidOperation])
_PLACES: dict[int, Decimal] = {}


def _places(decimals: int) -> Decimal:
    q = _PLACES.get(decimals)
    if q is None:
        q = _PLACES[decimals] = Decimal(1).scaleb(-decimals)
    return q


def amount_str(d: Decimal, decimals: int) -> str:
    """An amount with at least ``decimals`` places, as the result contract prints money.

    Never rounds: digits beyond ``decimals`` that are not zero are kept.

    >>> amount_str(Decimal("1200.000000"), 0), amount_str(Decimal("0.125"), 2)
    ('1200', '0.125')
    """
    # str() is C and twice format()'s speed; it equals format(d, "f") but for an exponent it writes (E+3, E-7)
    text = str(d)
    if "E" in text:
        text = format(d, "f")
    dot = text.rfind(".")
    if dot >= 0:
        places = len(text) - dot - 1
        if places == decimals:
            # A booked amount (the common case), exponent -decimals: already what the contract prints.
            # Read from the text: ``d.as_tuple()`` builds a tuple of every digit.
            return text
        if places > decimals and text.endswith("0" * (places - decimals)):
            # A ledger sum at 6 places whose extra places are zeros (an untranslated contribution):
            # the value at ``decimals`` places, the text cut (what quantizing and formatting give).
            return text[:dot + 1 + decimals] if decimals else text[:dot]
    exp = d.as_tuple().exponent
    if exp == -decimals:
        return text
    if isinstance(exp, int) and exp < -decimals:  # e.g. a ledger sum at 6 places: zeros beyond ``decimals``?
        short = d.quantize(_places(decimals), context=_QUANTIZE)
        if short == d:
            return format(short, "f")
    with localcontext() as ctx:
        ctx.prec = PRECISION  # wide enough for any DECIMAL(38, s) amount: quantizing here never rounds
        normal = d.normalize()
        exp = normal.as_tuple().exponent
        places = max(decimals, -exp if isinstance(exp, int) and exp < 0 else 0)
        return format(d.quantize(Decimal(1).scaleb(-places)), "f")


def fmt(d: Decimal | Fraction, decimals: int) -> str:
    """An amount for a sentence: thousands separators, booked to ``decimals`` places."""
    return f"{book(d, decimals):,}"


def exact(value: Fraction | Decimal | int) -> Fraction:
    """Anything numeric as a Fraction, for exact intermediate arithmetic."""
    return value if isinstance(value, Fraction) else Fraction(value)


#: Booking's context: 60 digits, half-even, a rounding is not trapped (booking is where it happens).
_BOOK = Context(prec=PRECISION, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow])
_TENS: dict[int, int] = {}


def book(value: Fraction | Decimal | int, decimals: int) -> Decimal:
    """Round an exact amount half-even to ``decimals`` places: the named booking rounding.

    A Fraction is rounded in integers, from its exact value (one rounding, no intermediate quotient).

    >>> book(Fraction(5, 8), 2), book(Fraction(-1, 1000), 2), book(Decimal("2.5"), 0)
    (Decimal('0.62'), Decimal('-0.00'), Decimal('2'))
    """
    if isinstance(value, Fraction) and decimals >= 0:
        scale = _TENS.get(decimals)
        if scale is None:
            scale = _TENS[decimals] = 10 ** decimals
        n, d = value.numerator, value.denominator
        q, r = divmod((-n if n < 0 else n) * scale, d)
        if 2 * r > d or (2 * r == d and q & 1):
            q += 1
        if q < _BOOK_LIMIT:
            out = Decimal(q).scaleb(-decimals, _BOOK)
            return out.copy_negate() if n < 0 else out
    q_places = _places(decimals)
    if isinstance(value, (Decimal, int)):
        return Decimal(value).quantize(q_places, rounding=ROUND_HALF_EVEN, context=_BOOK)
    f = exact(value)
    d_value = _BOOK.divide(Decimal(f.numerator), Decimal(f.denominator))
    return d_value.quantize(q_places, rounding=ROUND_HALF_EVEN, context=_BOOK)


#: Coefficients below this fit the booking context's 60 digits exactly.
_BOOK_LIMIT = 10 ** PRECISION


@contextmanager
def exact_context() -> Iterator[Context]:
    """Decimal arithmetic for an engine run: 60 digits, and an inexact result raises instead of rounding.

    Only :func:`book` rounds, in a context of its own.
    """
    with localcontext() as ctx:
        ctx.prec = PRECISION
        ctx.traps[Inexact] = True
        yield ctx


def currency_decimals(currency: str) -> int:
    """Default booking decimals (docs/format.md §10.10): 0 for JPY, else 2; ``policies.decimals`` overrides."""
    return 0 if currency.upper() == "JPY" else 2


# ----------------------------------------------------------------------------- reading user input
#
# One reader of numbers for every workspace file (YAML, CSV, xlsx cells): plain ASCII decimals only,
# with explicit limits, so that no value can overflow the decimal context, hang Fraction, or
# be read differently than the user wrote it.

#: Digits before the decimal point an amount may have: sums stay exact in DECIMAL(38, 6).
MAX_INT_DIGITS = 24
#: Decimal places of an amount (as the ledger's DECIMAL(38, 6)).
MAX_DECIMALS = 6
#: Digits before / after the point of a ratio, a rate or a fact value.
MAX_RATIO_DIGITS = 24
MAX_RATIO_DECIMALS = 18

_PLAIN = __import__("re").compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def _why_not_plain(text: str) -> str:
    """Why ``text`` is not a plain decimal number, as a suffix of 'is not a decimal number'."""
    if "_" in text:
        return ": write the digits without '_' separators"
    if "," in text:
        return ": write it without thousands separators"
    if any(c.isdigit() and not "0" <= c <= "9" for c in text):
        return ": it has non-ASCII (full-width?) digits, write 0-9"
    if text.lower().lstrip("+-.") in ("inf", "infinity", "nan", "snan"):
        return ": it is not finite"
    if "e" in text.lower() and _PLAIN.fullmatch(text.lower().split("e")[0] or "x"):
        return ": it is in exponent form, write the digits in full"
    return ""


def parse_decimal(value: object, *, int_digits: int = MAX_INT_DIGITS, decimals: int = MAX_DECIMALS) -> Decimal:
    """A number as the user wrote it: plain digits, at most ``int_digits`` before and ``decimals`` after the point.

    Accepts int, Decimal and text; refuses floats, booleans, exponent forms, separators ('_', ','),
    non-ASCII digits, NaN and infinities, and numbers past the limits (raising :class:`NotExact`
    with a message that says why). Never rounds and never builds a huge number.

    >>> parse_decimal("-1234.50"), parse_decimal(7)
    (Decimal('-1234.50'), Decimal('7'))
    >>> parse_decimal("1e400")
    Traceback (most recent call last):
    ...
    renketsu.model.money.NotExact: '1e400' is not a decimal number: it is in exponent form, write the digits in full
    >>> parse_decimal("612_450_000")
    Traceback (most recent call last):
    ...
    renketsu.model.money.NotExact: '612_450_000' is not a decimal number: write the digits without '_' separators
    """
    if isinstance(value, bool) or value is None:
        raise NotExact(f"{value!r} is not a number")
    if isinstance(value, float):
        raise NotExact(f"{value!r} is a float; write the number as text or a plain decimal")
    if isinstance(value, int):
        # bit_length bounds the digits without converting a huge int to text (which Python refuses)
        if value.bit_length() > 4 * int_digits or len(str(abs(value))) > int_digits:
            shown = f"'{_short(str(value))}' has" if value.bit_length() < 10_000 else "the number has"
            raise NotExact(f"{shown} more than {int_digits} digits before the decimal point")
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NotExact(f"{value} is not a finite number")
        _, digits, exp = value.as_tuple()
        assert isinstance(exp, int)
        if not any(digits):
            return Decimal(0)
        text = "".join(map(str, digits))
        trailing = len(text) - len(text.rstrip("0"))
        if len(digits) + exp > int_digits:
            raise NotExact(f"'{_short(str(value))}' has more than {int_digits} digits before the decimal point")
        if -(exp + trailing) > decimals:
            raise NotExact(f"'{_short(str(value))}' has more than {decimals} decimal places")
        return value
    if not isinstance(value, str):
        raise NotExact(f"{value!r} is not a number")
    text = value.strip()
    if not _PLAIN.fullmatch(text):
        raise NotExact(f"{_short(text)!r} is not a decimal number{_why_not_plain(text)}")
    body = text.lstrip("+-")
    whole, _, frac = body.partition(".")
    whole = whole.lstrip("0")
    if len(whole) > int_digits:
        raise NotExact(f"{_short(text)!r} has more than {int_digits} digits before the decimal point")
    if len(frac.rstrip("0")) > decimals:
        raise NotExact(f"{_short(text)!r} has more than {decimals} decimal places")
    return Decimal(text)


def parse_ratio(value: object) -> Fraction:
    """A ratio: a plain decimal ("0.8") or a fraction of two plain integers ("2/3"), within the ratio limits.

    >>> parse_ratio("2/3"), parse_ratio("0.8")
    (Fraction(2, 3), Fraction(4, 5))
    >>> parse_ratio("1e-999999999")
    Traceback (most recent call last):
    ...
    renketsu.model.money.NotExact: '1e-999999999' is not a decimal number: it is in exponent form, write the digits in full
    """
    if isinstance(value, Fraction):
        if value.numerator.bit_length() > 200 or value.denominator.bit_length() > 200:
            raise NotExact("the ratio has too many digits")
        return value
    if isinstance(value, str) and "/" in value:
        num, _, den = value.strip().partition("/")
        n = parse_decimal(num.strip(), int_digits=MAX_RATIO_DIGITS, decimals=0) if num.strip() else None
        d = parse_decimal(den.strip(), int_digits=MAX_RATIO_DIGITS, decimals=0) if den.strip() else None
        if n is None or d is None or n != n.to_integral_value() or d != d.to_integral_value():
            raise NotExact(f"{_short(value)!r} is not a ratio of two whole numbers")
        if d == 0:
            raise NotExact(f"{_short(value)!r} divides by zero")
        return Fraction(int(n), int(d))
    return Fraction(parse_decimal(value, int_digits=MAX_RATIO_DIGITS, decimals=MAX_RATIO_DECIMALS))


def _short(text: str, limit: int = 40) -> str:
    """A long value cut for a message: the first digits, '…', and its length."""
    return text if len(text) <= limit else f"{text[:20]}…({len(text)} characters)"
