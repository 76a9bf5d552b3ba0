"""evidence.number formats a short decimal straight from its digits (evidence._short); it must
give the same text as rounding the value as a float, which is what it defines."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ipscore.evidence import number


def _through_float(value: Decimal | float) -> str:
    """number() by its definition: the float's digits rounded (two decimals, four below 1,
    thousands separated), trailing zeros dropped."""
    value = float(value)
    if abs(value) >= 1000:
        text = f"{value:,.2f}"
    elif abs(value) >= 1 or value == 0:
        text = f"{value:.2f}"
    else:
        text = f"{value:.4f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# Decimals as submissions and measures make them: a float's digits, a few decimals, sums with
# trailing zeros, and any digits and exponent at all.
_decimals = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(min_value=-2000, max_value=2000, places=2),
    st.decimals(min_value=-2, max_value=2, places=5),
    st.floats(allow_nan=False).map(lambda x: Decimal(repr(x))),
    st.builds(Decimal, st.from_regex(r"-?[0-9]{1,4}(\.[0-9]{0,7})?(E[+-]?[0-9])?", fullmatch=True)),
)


@given(_decimals)
@example(Decimal("1.015"))  # half-even on the decimal gives 1.02, the float gives 1.01
@example(Decimal("999.995"))  # the float rounds up to 1,000
@example(Decimal("0.99995"))
@example(Decimal("-0"))
@example(Decimal("0E-7"))
@example(Decimal("0.0000"))
@example(Decimal("150.0"))
@example(Decimal("4.5600000"))  # a sum of converted values: trailing zeros
@example(Decimal("999.9900"))
@example(Decimal("1E+2"))
@example(Decimal("NaN"))
@example(Decimal("-Infinity"))
def test_a_decimal_shows_as_its_float_rounded(value):
    assert _shown(number, value) == _shown(_through_float, value)


def _shown(format_number: Callable[[Decimal], str], value: Decimal) -> str | type[Exception]:
    """The text, or the error (a signalling NaN is no float)."""
    try:
        return format_number(value)
    except ValueError as error:
        return type(error)


@given(st.floats())
def test_a_float_shows_rounded(value):
    assert number(value) == _through_float(value)


@pytest.mark.parametrize(
    "value, shown",
    [
        (Decimal("168.4"), "168.4"),
        (Decimal("150.0"), "150"),
        (Decimal("0.0500"), "0.05"),
        (Decimal("4150"), "4,150"),
        (Decimal("1.015"), "1.01"),
        (Decimal("4.5600000"), "4.56"),
        (None, "—"),
    ],
)
def test_examples(value, shown):
    assert number(value) == shown
