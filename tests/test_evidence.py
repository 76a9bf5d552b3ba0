"""evidence.number formats a short decimal straight from its digits (evidence._short); it must
give the same text as rounding the value as a float, which is what it defines. And the lines
evidence.describe writes where a year is year-to-date or not (the common whole year is written
without evidence._year)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ipscore.evidence import Parts, Proof, describe, number


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


_SEP_30 = dt.date(2025, 9, 30)
_PARTS = Parts("a", "甲", Decimal("120"), "件", "b", "乙", Decimal("4"), "万人", 10000.0)


@pytest.mark.parametrize(
    "proof, parts, to_date, english, chinese",
    [
        (
            Proof("latest", 72.1, ((2025, 72.1),), term_unit="%"),
            None,
            None,
            "72.1 % (2025)",
            "72.1 %（2025年）",
        ),
        (Proof("latest", 72.1, ((2024, 72.1),)), None, _SEP_30, "72.1 (2024)", "72.1（2024年）"),
        (
            Proof("latest", 8.0, ((2025, 8.0),), term_unit="家"),
            None,
            _SEP_30,
            "8 家 (2025 (to 30 Sep))",
            "8 家（2025年（截至9月30日））",
        ),
        (
            Proof("latest", 30.0, ((2024, 30.0),), term_unit="件/万人"),
            _PARTS,
            None,
            "30 件/万人 (2024, from a 120 件 / b 4 万人 × 10000)",
            "30 件/万人（2024年，由 甲 120 件 / 乙 4 万人 × 10000 计算）",
        ),
        (
            Proof("sum", Decimal("5"), ((2024, Decimal("2")), (2025, Decimal("3"))), unit="亿元"),
            None,
            _SEP_30,
            "2024: 2 + 2025 (to 30 Sep): 3 = 5 亿元",
            "2024年: 2 + 2025年（截至9月30日）: 3 = 5 亿元",
        ),
        (
            Proof("sum", Decimal("2"), ((2024, Decimal("2")), (2025, None))),
            None,
            None,
            "2024: 2 + 2025: — (missing); reported so far 2",
            "2024年: 2 + 2025年: —（缺）；已报合计 2",
        ),
    ],
)
def test_evidence_lines(proof, parts, to_date, english, chinese):
    """A latest value's line, year-to-date or not, with a derived value's parts or not; a sum's
    terms with a year-to-date year and with a blank."""
    assert describe(proof, parts, to_date) == (english, chinese)
