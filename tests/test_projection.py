"""Required growth for sums of yearly flows: the fast solver gives the exact bisection's number;
the projected measure worked out directly is the measure of the continued series."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ipscore
from ipscore.kinds import Window, measure, measure_value, to_target_unit, unit_factor
from ipscore.plan import Kind, Measure
from ipscore.projection import _continued, _projected_value, assess, required_growth
from ipscore.submission import IndicatorData
from ipscore.units import all_units, family_units


def _exact_bisection(target, indicator, data, window, deadline_year):
    """The definition: bisect [−99 %, +1000 %] to 1e-10 on the target's exact measure."""
    points = sorted((y, v) for y, v in data.values.items() if y <= window.upto)
    last_year, last = points[-1]
    final = Window(window.period_start, deadline_year)

    def meets(rate):
        ahead = {
            y: last * (1 + rate) ** (y - last_year) for y in range(last_year + 1, deadline_year + 1)
        }
        value = measure(target, indicator, _continued(data, window.upto, ahead), final).value
        return target.comparator.holds(value if value is not None else 0.0, target.threshold)

    low, high = -0.99, 10.0
    if not meets(high):
        return None
    while high - low > 1e-10:
        middle = (low + high) / 2
        if meets(middle):
            high = middle
        else:
            low = middle
    return high


def _flow_targets():
    for summary in ipscore.list_plans():
        plan = ipscore.load_plan(summary.id)
        for target in plan.targets:
            indicator = plan.indicator_of(target)
            if (
                target.kind in (Kind.cumulative, Kind.increment)
                and indicator.measure is Measure.flow
            ):
                yield plan, target, indicator


FLOW_TARGETS = list(_flow_targets())


def test_the_bundled_plans_have_flow_sums():
    assert len(FLOW_TARGETS) >= 5


@pytest.mark.parametrize("seed", range(8))
def test_required_flow_growth_equals_the_exact_bisection(seed):
    rng = random.Random(seed)
    for plan, target, indicator in FLOW_TARGETS:
        start, deadline = plan.plan.period.start, plan.deadline_of(target).year
        upto = rng.randint(start, deadline - 1)
        first = rng.randint(start - 2, upto - 1) if upto > start - 1 else upto
        scale = target.threshold / max(deadline - start + 1, 1) * rng.uniform(0.2, 1.5)
        points = {
            year: Decimal(repr(round(scale * rng.uniform(0.5, 1.5), rng.randint(0, 4))))
            for year in range(first, upto + 1)
        }
        data = IndicatorData.of_exact(indicator.key, points)
        window = Window(start, upto)
        expected = _exact_bisection(target, indicator, data, window, deadline)
        assert required_growth(target, indicator, data, window, deadline) == expected, target.id


def test_unit_factor_is_the_exact_conversion_of_one():
    """unit_factor skips the decimals: it must equal float(to_target_unit(1.0, …)) for every
    target of the bundled plans and every pair of units."""
    for summary in ipscore.list_plans():
        plan = ipscore.load_plan(summary.id)
        for target in plan.targets:
            indicator = plan.indicator_of(target)
            assert unit_factor(indicator, target) == float(to_target_unit(1.0, indicator, target))
    target = FLOW_TARGETS[0][1]
    for unit in all_units():
        for other in all_units():
            indicator = FLOW_TARGETS[0][2].model_copy(update={"unit": unit})
            reading = target.model_copy(update={"unit": other})
            assert unit_factor(indicator, reading) == float(to_target_unit(1.0, indicator, reading))


def _data_targets():
    for summary in ipscore.list_plans():
        plan = ipscore.load_plan(summary.id)
        for target in plan.targets:
            for reading in target.readings():
                if reading.kind is not Kind.milestone:
                    yield plan, reading, plan.indicator_of(reading)


DATA_TARGETS = list(_data_targets())
# Each (kind, measure) drawn as often as any other: the fast paths are per kind, and some kinds
# have few targets.
BY_KIND: dict[tuple, list] = {}
for _chosen in DATA_TARGETS:
    BY_KIND.setdefault((_chosen[1].kind, _chosen[2].measure), []).append(_chosen)


@given(
    st.sampled_from(sorted(BY_KIND)).flatmap(lambda key: st.sampled_from(BY_KIND[key])),
    st.data(),
    st.lists(st.floats(0, 1e9, allow_nan=False), min_size=1, max_size=8),
)
def test_the_projected_value_is_the_measure_of_the_continued_series(chosen, data, amounts):
    """_projected_value skips building the continued series for sums of flows and latest
    values: it must equal the target's own measure of that series, for every kind and unit."""
    plan, target, indicator = chosen
    start, deadline = plan.plan.period.start, plan.deadline_of(target).year
    if target.kind.in_indicator_unit:  # the target written in any unit of its family
        units = family_units(indicator.unit)
        unit = data.draw(st.sampled_from(units), label="unit") if units else target.unit
        target = target.model_copy(update={"unit": unit})
    upto = data.draw(st.integers(start - 1, deadline - 1), label="upto")
    years = data.draw(st.sets(st.integers(start - 3, upto), min_size=1), label="years")
    points = {
        year: Decimal(data.draw(st.decimals(0, 10**7, places=2, allow_nan=False), label=str(year)))
        for year in sorted(years)
    }
    series = IndicatorData.of_exact(indicator.key, points)
    last_year = max(years)
    ahead = dict(zip(range(last_year + 1, deadline + 1), amounts * deadline, strict=False))
    window = Window(start, upto)
    expected = measure_value(
        target, indicator, _continued(series, upto, ahead), Window(start, deadline)
    )
    assert _projected_value(target, indicator, series, window, deadline, ahead) == expected


@pytest.mark.parametrize("seed", range(4))
def test_the_projected_value_of_every_target_in_every_unit(seed):
    """The same as above for every non-milestone target and reading of the bundled plans, each
    written in every unit of its family, on random series (hypothesis shrinks towards zeros,
    where a missing unit factor does not show)."""
    rng = random.Random(seed)
    for plan, target, indicator in DATA_TARGETS:
        start, deadline = plan.plan.period.start, plan.deadline_of(target).year
        units = family_units(indicator.unit) if target.kind.in_indicator_unit else []
        for unit in units or [target.unit]:
            reading = target.model_copy(update={"unit": unit})
            upto = rng.randint(start - 1, deadline - 1)
            first = rng.randint(start - 3, upto)
            points = {
                year: Decimal(repr(round(rng.uniform(1, 5000), rng.randint(0, 3))))
                for year in range(first, upto + 1)
                if rng.random() < 0.6 or year == first
            }
            series = IndicatorData.of_exact(indicator.key, points)
            last_year = max(points)
            ahead = {year: rng.uniform(0, 9000) for year in range(last_year + 1, deadline + 1)}
            window = Window(start, upto)
            expected = measure_value(
                reading, indicator, _continued(series, upto, ahead), Window(start, deadline)
            )
            got = _projected_value(reading, indicator, series, window, deadline, ahead)
            assert got == expected, (reading.id, unit, points, ahead)


def test_given_floats_project_as_their_decimals_do():
    """A series of given floats (their decimals made when a step asks) projects exactly as the
    same values held as exact decimals, for every reading of the bundled plans."""
    rng = random.Random(0)
    for plan, target, indicator in DATA_TARGETS:
        start, deadline = plan.plan.period.start, plan.deadline_of(target).year
        upto = rng.randint(start - 1, deadline - 1)
        first = rng.randint(start - 3, upto)
        floats = {
            year: round(rng.uniform(1, 5000), rng.randint(0, 3))
            for year in range(first, upto + 1)
            if rng.random() < 0.7 or year == first
        }
        given = IndicatorData(indicator.key, floats)
        made = IndicatorData.of_exact(
            indicator.key, {year: Decimal(repr(value)) for year, value in floats.items()}
        )
        window = Window(start, upto)
        method = rng.choice(["cagr", "linear"])
        expected = assess(target, indicator, made, window, deadline, method)
        assert assess(target, indicator, given, window, deadline, method) == expected
