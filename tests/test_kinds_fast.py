"""kinds.measure reads a latest value of given data from its float (kinds._latest_given): it must
give what the exact path gives, value, year and evidence, for every target that reads a latest
value, written in every unit of its family, on arbitrary floats."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

import ipscore
from ipscore.evidence import describe
from ipscore.kinds import Window, measure, reads_latest
from ipscore.submission import IndicatorData
from ipscore.units import family_units


def _latest_targets():
    for summary in ipscore.list_plans():
        plan = ipscore.load_plan(summary.id)
        for target in plan.targets:
            if target.kind.value != "milestone" and reads_latest(target, plan.indicator_of(target)):
                yield plan, target, plan.indicator_of(target)


LATEST_TARGETS = list(_latest_targets())

_VALUES = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)


def test_every_bundled_plan_has_targets_that_read_a_latest_value():
    assert len(LATEST_TARGETS) >= 10


@given(
    st.sampled_from(LATEST_TARGETS),
    st.dictionaries(st.integers(2015, 2030), _VALUES, max_size=6),
    st.integers(2015, 2030),
    st.data(),
)
def test_a_latest_given_value_measures_as_its_decimal_does(chosen, series, upto, data):
    plan, target, indicator = chosen
    units = family_units(indicator.unit)
    if units:  # the target written in any unit of its family: a factor takes the exact path
        target = target.model_copy(update={"unit": data.draw(st.sampled_from(units))})
    years = sorted(series)
    floats = IndicatorData(indicator.key, {year: series[year] for year in years})
    decimals = IndicatorData.of_exact(
        indicator.key, {year: Decimal(repr(series[year])) for year in years}
    )
    window = Window(plan.plan.period.start, upto)
    fast, exact = (
        measure(target, indicator, floats, window),
        measure(target, indicator, decimals, window),
    )
    assert (fast.value, fast.year, fast.missing) == (exact.value, exact.year, exact.missing)
    assert (fast.proof is None) == (exact.proof is None)
    if fast.proof is not None and exact.proof is not None:
        assert describe(fast.proof) == describe(exact.proof)
