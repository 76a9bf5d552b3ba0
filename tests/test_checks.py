"""checks: the quick ways through a plain indicator agree with the general ones."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ipscore.checks import _points
from ipscore.units import scale

_SERIES = st.dictionaries(
    st.integers(1990, 2100), st.floats(allow_nan=False, allow_infinity=False), max_size=6
)


@given(_SERIES, st.sampled_from([1.0, 1e4, 1e-4, 100.0, 1e8]))
def test_points_are_each_value_scaled_in_year_order(series, factor):
    points = _points(series, factor)
    expected = {year: scale(series[year], factor) for year in sorted(series)}
    assert list(points.items()) == list(expected.items())
    assert [str(value) for value in points.values()] == [str(v) for v in expected.values()]
