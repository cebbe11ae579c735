"""Amounts and numbers inside engine messages are never rounded on output (docs/format.md §8)."""

from __future__ import annotations

from renketsu.reports.text import amount, numbers_in


def test_amount_keeps_places_beyond_the_currency() -> None:
    assert amount("0.8", 0) == "0.8"          # a ratio inside a reason, in a yen result
    assert amount("1234.5678", "JPY") == "1,234.5678"
    assert amount("96200", 0) == "96,200"
    assert amount("1969230000.000000", 0) == "1,969,230,000"  # trailing zeros are not places
    assert amount("12.5", 2) == "12.50"


def test_ratios_in_reasons_survive_a_yen_rendering() -> None:
    # before: "P paid 96,200 for 1; non-controlling interests (0)"
    text = numbers_in("P paid 96200 for 0.8; non-controlling interests (0.2)", "JPY")
    assert text == "P paid 96,200 for 0.8; non-controlling interests (0.2)"
