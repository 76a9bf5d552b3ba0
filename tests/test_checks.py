"""checks: the quick ways through a plain indicator agree with the general ones."""

from __future__ import annotations

from decimal import Decimal

import pytest
from helpers import stepped
from hypothesis import given
from hypothesis import strategies as st

from ipscore.checks import (
    _check_value,
    _given,
    _indicator_checks,
    _told_from_ends,
    _unremarkable,
    plan_checks,
)
from ipscore.errors import InputWarning
from ipscore.packs import load_catalogue
from ipscore.plan import Indicator
from ipscore.plausibility import in_line
from ipscore.units import scale

_SERIES = st.dictionaries(
    st.integers(1990, 2100), st.floats(allow_nan=False, allow_infinity=False), max_size=6
)


@given(_SERIES.filter(bool), st.sampled_from([1.0, 1e4, 1e-4, 100.0, 1e8]))
def test_given_values_are_each_value_scaled_in_year_order(series, factor):
    """The values kept as given (factor 1: the floats, their decimals made when asked) are
    exactly what scaling each one gives, in year order, and so are their floats."""
    data = _given("key", series, factor, False, None)
    expected = {year: scale(series[year], factor) for year in sorted(series)}
    points = data.exact_points()
    assert list(points.items()) == list(expected.items())
    assert [str(value) for value in points.values()] == [str(v) for v in expected.values()]
    assert [data.exact(year) for year in expected] == list(expected.values())
    assert list(data.values.items()) == [(year, float(v)) for year, v in expected.items()]


def _edges(indicator: Indicator) -> list[Decimal]:
    """Values at, just inside and just outside every bound _check_value holds a value to."""
    bounds = [0, 1, 1e-6, 1e12, indicator.minimum, indicator.maximum]
    found = {Decimal("0.5"), Decimal(-1)}
    for bound in (Decimal(repr(b)) for b in bounds if b is not None):
        found |= {bound, bound * Decimal("0.9999999"), bound * Decimal("1.0000001")}
    return sorted(found)


@pytest.mark.parametrize("span", [None, (0.5, 2.0), (80.0, 90.0)])
def test_values_told_unremarkable_from_their_ends_neither_raise_nor_warn(span):
    """check_submission checks a row value by value only when _unremarkable says it must: for
    every catalogue indicator, every pair of values at its bounds' edges."""
    catalogue = load_catalogue()
    for key, indicator in catalogue.items():
        checks = plan_checks(catalogue, {} if span is None else {key: span})
        if key not in checks.indicators:
            continue  # a milestone
        indicator_checks = checks.indicators[key]
        edges = _edges(indicator)
        for low, high in ((low, high) for low in edges for high in edges if low <= high):
            if _unremarkable(low, high, indicator_checks):
                warnings: list[InputWarning] = []
                for value in (low, high):
                    _check_value(value, indicator, "$.x", None, warnings, indicator_checks.typical)
                assert warnings == [], (key, low, high)


def test_unremarkable_is_not_always_false():
    checks = plan_checks(load_catalogue(), {})
    assert _unremarkable(Decimal(5), Decimal(50), checks.indicators["patent_grants"])


_CATALOGUE = load_catalogue()
_KEYS = sorted(
    key for key, indicator in _CATALOGUE.items() if indicator.measure.value != "milestone"
)
_SPANS = st.none() | st.tuples(st.floats(0.001, 1e9), st.floats(0.001, 1e9)).map(sorted)


@given(st.sampled_from(_KEYS), _SPANS, st.data())
def test_given_floats_are_told_from_their_ends_as_their_decimals_are(key, span, data):
    """A row of given values is told unremarkable from its floats exactly when from its
    decimals, and in line only when in line by its decimals too: drawn at and around every
    bound the tests compare with, and around × 1000 apart."""
    checks = _indicator_checks(key, _CATALOGUE[key], None if span is None else tuple(span), False)
    anchors = [*checks.given_range, *(checks.window or ()), 1.0, float(checks.lowest)]
    anchors += [float(checks.highest), *(span or ())]
    low = data.draw(st.sampled_from(anchors) | st.floats(1e-7, 2e12), label="low")
    low = stepped(low, data.draw(st.integers(-2, 2)))
    high = data.draw(st.sampled_from([low, low * 1000]) | st.floats(low, 2e12), label="high")
    high = max(low, stepped(high, data.draw(st.integers(-2, 2))))
    row = _given(key, {2024: low, 2025: high}, 1.0, False, None)
    unremarkable, in_line_too = _told_from_ends(row, checks)
    exact_low, exact_high = Decimal(repr(low)), Decimal(repr(high))
    assert unremarkable == _unremarkable(exact_low, exact_high, checks)
    if in_line_too:
        assert in_line(exact_low, exact_high, 2, _CATALOGUE[key], checks.reference)


def test_the_usual_row_is_told_quiet_from_its_floats():
    checks = _indicator_checks("patent_grants", _CATALOGUE["patent_grants"], (100.0, 200.0), False)
    row = _given("patent_grants", {2024: 120.0, 2025: 150.5}, 1.0, False, None)
    assert _told_from_ends(row, checks) == (True, True)
