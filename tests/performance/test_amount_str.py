"""amount_str's fast paths give the text of the general rule (normalize, then quantize)."""

from __future__ import annotations

from decimal import Decimal, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from renketsu.model.money import amount_str


def _general(d: Decimal, decimals: int) -> str:
    with localcontext() as ctx:
        ctx.prec = 60
        exp = d.normalize().as_tuple().exponent
        places = max(decimals, -exp if isinstance(exp, int) and exp < 0 else 0)
        return format(d.quantize(Decimal(1).scaleb(-places)), "f")


@settings(max_examples=2000, deadline=None)
@given(st.integers(-10**30, 10**30), st.integers(0, 8), st.sampled_from([0, 1, 2, 3, 6]))
def test_fast_paths_agree_with_the_general_rule(coefficient, scale, decimals):
    d = Decimal(coefficient).scaleb(-scale)
    assert amount_str(d, decimals) == _general(d, decimals)


def test_zeros_and_signs():
    for text in ("-0.000000", "0", "-0.00", "1200.000000", "0.125", "1E+3", "-5.100000", "1E-7", "-2.5E-8", "0E-7"):
        for decimals in (0, 2, 6):
            assert amount_str(Decimal(text), decimals) == _general(Decimal(text), decimals)
