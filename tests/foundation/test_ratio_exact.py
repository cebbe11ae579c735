"""ratio_str and money_str never round, however many digits a value has (the default decimal context
has 28 and rounded longer ones: 40-decimal effective interests were printed to 28 digits)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from renketsu.model.money import money_str, ratio_str


def test_long_terminating_ratios_print_every_digit():
    for f in (Fraction(7, 2**39), Fraction(1, 10**40), Fraction(8838928596466469915214457859952226007792, 10**40),
              Fraction(123456789012345678901234567890123, 1000)):
        assert Fraction(ratio_str(f)) == f


def test_long_amounts_print_every_digit():
    for text in ("123456789012345678901234567890123456.78", "0.1234567890123456789012345678901234567891",
                 "12345678901234567890123456789012345678"):
        assert money_str(Decimal(text)) == text
