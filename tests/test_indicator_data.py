"""IndicatorData keeps given values as floats and makes their decimals only when asked: every
shortcut taken on the floats (showing them, ordering them, the smallest and largest) must give
what the exact decimals give, on arbitrary floats."""

from __future__ import annotations

from decimal import Decimal

from helpers import stepped
from hypothesis import given
from hypothesis import strategies as st

from ipscore.submission import IndicatorData
from ipscore.units import float_range

_FLOATS = st.floats(allow_nan=False, allow_infinity=False)
_SERIES = st.dictionaries(st.integers(1990, 2100), _FLOATS, min_size=1, max_size=6)


def _given(series: dict[int, float]) -> IndicatorData:
    return IndicatorData("key", {year: series[year] for year in sorted(series)})


@given(_SERIES)
def test_a_given_value_is_the_decimal_its_repr_writes_and_rounds_back(series):
    data = _given(series)
    for year, value in series.items():
        assert str(data.exact(year)) == str(Decimal(repr(value)))
        assert float(data.exact(year)) == value  # what a report shows needs no decimal
        assert data.exact(year) is data.exact(year)  # made once
    assert data.exact_points() == {year: Decimal(repr(series[year])) for year in sorted(series)}


@given(_FLOATS, _FLOATS)
def test_floats_compare_as_their_decimals_do(a, b):
    """What lets the checks and W212 order given values by their floats."""
    exact_a, exact_b = Decimal(repr(a)), Decimal(repr(b))
    assert (a < b, a == b, a > b) == (exact_a < exact_b, exact_a == exact_b, exact_a > exact_b)


_DECIMALS = st.decimals(
    allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12
)


@given(st.dictionaries(st.integers(1990, 2100), _DECIMALS, min_size=1, max_size=6))
def test_made_values_stay_exact_beside_their_floats(points):
    """Values arithmetic made (a unit conversion, a derivation) are kept as they are: their floats
    are only their rounding, and the exact values decide order."""
    ordered = {year: points[year] for year in sorted(points)}
    data = IndicatorData.of_exact("key", ordered)
    assert data.exact_points() == ordered
    assert all(data.exact(year) is value for year, value in ordered.items())
    assert data.values == {year: float(value) for year, value in ordered.items()}
    assert data.comparable() is ordered


def _in_any_order(draw: st.DrawFn) -> dict[int, float]:
    series = draw(st.dictionaries(st.integers(1990, 2100), _FLOATS, max_size=6))
    years = draw(st.permutations(sorted(series)))
    return {year: series[year] for year in years}


_ANY_ORDER = st.composite(_in_any_order)()


def _near(draw: st.DrawFn, series: dict[int, float]) -> int:
    """A year at, just before or just after one of the series' years (or any)."""
    if not series or draw(st.booleans()):
        return draw(st.integers(1985, 2105))
    return draw(st.sampled_from(sorted(series))) + draw(st.integers(-1, 1))


@given(_ANY_ORDER, st.booleans(), st.data())
def test_a_window_of_exact_values_is_each_years_exact_value(series, made, data):
    """exact_between (what a sum adds up) gives, in year order, exactly the years of the window
    and what exact() gives for each, for given values and made ones, in any order they came."""
    first = _near(data.draw, series)
    last = max(first, _near(data.draw, series))
    values = (
        IndicatorData.of_exact(
            "key", {year: Decimal(repr(value)) for year, value in series.items()}
        )
        if made
        else IndicatorData("key", series)
    )
    window = values.exact_between(first, last)
    assert list(window) == sorted(year for year in series if first <= year <= last)
    assert all(window[year] is values.exact(year) for year in window)  # the same decimal, made once


@given(_ANY_ORDER, st.data())
def test_the_latest_year_is_the_last_year_with_a_value_up_to_the_one_asked(series, data):
    """latest_year's one-pass shortcut (no value after up_to) against its plain definition, the
    years in any order."""
    up_to = _near(data.draw, series)
    latest = IndicatorData("key", series).latest_year(up_to)
    assert latest == max((year for year in series if year <= up_to), default=None)


_BOUNDS = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**13), max_value=10**13)


@given(_BOUNDS, _BOUNDS, st.booleans(), st.data())
def test_float_range_holds_exactly_the_floats_whose_decimals_are_in_range(a, b, closed, data):
    low, high = sorted((a, b))
    first, last = float_range(low, high, closed)
    anchor = data.draw(st.sampled_from([first, last, float(low), float(high)]) | _FLOATS)
    number = stepped(anchor, data.draw(st.integers(-3, 3)))
    decimal = Decimal(repr(number))
    inside = low <= decimal <= high if closed else low < decimal < high
    assert (first <= number <= last) == inside
