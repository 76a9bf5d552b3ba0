"""Required growth for sums of yearly flows: the fast solver gives the exact bisection's number."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

import ipscore
from ipscore.kinds import Window, measure, to_target_unit, unit_factor
from ipscore.plan import Kind, Measure
from ipscore.projection import _continued, required_growth
from ipscore.submission import IndicatorData
from ipscore.units import all_units


def _exact_bisection(target, indicator, data, window, deadline_year):
    """The definition: bisect [−99 %, +1000 %] to 1e-10 on the target's exact measure."""
    points = sorted((y, float(v)) for y, v in data.points.items() if y <= window.upto)
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
        data = IndicatorData(indicator.key, points)
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
