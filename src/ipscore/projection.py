"""Projection to the deadline and the pace needed, after the Open SDG / Statistics Canada method.

- observed growth: the compound annual growth rate (CAGR) between the first and the last value of
  a series up to ``as_of``: ``g = (last / first) ^ (1 / years) − 1``;
- projection: the series continued to the deadline year at that rate (or along the least-squares
  line with ``method="linear"``), then measured like the real data;
- required growth: the annual rate that takes the latest value to the value the target needs by
  the deadline year;
- progress ratio ``R = observed / required`` with the Open SDG bands, made to agree with the
  projection: only a projection that meets the target is on track (:func:`progress_band`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from ipscore.choices import Method
from ipscore.completeness import sums_flows
from ipscore.kinds import (
    Measured,
    Window,
    base_value,
    measure_value,
    reads_latest,
    target_unit_factor,
    unit_factor,
)
from ipscore.plan import Indicator, Kind, Measure, ProgressBand, Target
from ipscore.submission import IndicatorData
from ipscore.units import exact


@dataclass(slots=True)
class Projection:
    """A target's measure projected to the deadline year, and the pace it needs (slotted, not
    frozen: one is made for every projected target of every evaluation; nothing changes it)."""

    method: Method
    measured: Measured[float]  # the target's measure on the projected series (value only)
    points: dict[int, float]  # the indicator's series continued to the deadline year
    observed_growth: float | None  # CAGR of the series, per cent a year
    required_growth: float | None  # per cent a year, from the latest value to the deadline
    progress_ratio: float | None


def _points_upto(data: IndicatorData, upto: int) -> list[tuple[int, float]]:
    """The series up to ``upto`` as floats: a projection is an estimate, not a measure."""
    return sorted([(year, value) for year, value in data.values.items() if year <= upto])


def _continued(data: IndicatorData, upto: int, ahead: dict[int, float]) -> IndicatorData:
    """The observed points up to ``upto`` (exact) followed by the estimated ones (each the
    decimal its float writes)."""
    if data.made is None:
        values = {year: value for year, value in data.values.items() if year <= upto}
        values.update(ahead)
        return IndicatorData(data.key, values, False, data.source, data.note)
    points = {year: value for year, value in data.made.items() if year <= upto}
    points.update((year, exact(value)) for year, value in ahead.items())
    return IndicatorData.of_exact(data.key, points, False, data.source, data.note)


def observed_cagr(data: IndicatorData, upto: int) -> float | None:
    """Compound annual growth between the first and the last point (a fraction, not %)."""
    return _cagr(_points_upto(data, upto))


def _cagr(points: list[tuple[int, float]]) -> float | None:
    if len(points) < 2:
        return None
    (first_year, first), (last_year, last) = points[0], points[-1]
    if first <= 0 or last <= 0:
        return None
    return float((last / first) ** (1 / (last_year - first_year))) - 1


def _linear_fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    n = len(points)
    mean_x = sum(year for year, _ in points) / n
    mean_y = sum(value for _, value in points) / n
    sxx = sum((year - mean_x) ** 2 for year, _ in points)
    sxy = sum((year - mean_x) * (value - mean_y) for year, value in points)
    slope = sxy / sxx
    return slope, mean_y - slope * mean_x


def project_series(
    data: IndicatorData, upto: int, to_year: int, method: Method
) -> IndicatorData | None:
    """The series continued year by year to ``to_year``; None without a usable trend."""
    points = _points_upto(data, upto)
    ahead = None if data.reported_total else _ahead(points, to_year, method, _cagr(points))
    return None if ahead is None else _continued(data, upto, ahead)


def _ahead(
    points: list[tuple[int, float]], to_year: int, method: Method, growth: float | None
) -> dict[int, float] | None:
    """The years after the last of ``points`` to ``to_year``, continued along the trend (the
    line, or ``growth``, the points' CAGR); None without a trend."""
    if len(points) < 2:
        return None
    last_year, last = points[-1]
    years = range(last_year + 1, to_year + 1)
    if method == "linear":
        slope, intercept = _linear_fit(points)
        return {year: max(0.0, intercept + slope * year) for year in years}
    if growth is None:
        return None
    return {year: last * (1 + growth) ** (year - last_year) for year in years}


def _projected_value(
    target: Target,
    indicator: Indicator,
    data: IndicatorData,
    window: Window,
    deadline_year: int,
    ahead: dict[int, float],
) -> float | None:
    """``measure_value`` of the series continued by ``ahead`` to the deadline year, worked out
    without building that series where the kind allows: a sum of flows adds the continued
    amounts to the observed ones (:func:`_flow_measure`), a latest value is the deadline year's
    (a float is its own decimal's float, so only a unit factor needs the decimals), a gain of a
    stock is the deadline year's less the base (an observed base is in the continued series as
    it is in the data; a base year after the last observed one is an estimate there)."""
    if sums_flows(target, indicator):
        period_start = window.period_start
        amounts = [value for year, value in ahead.items() if year >= period_start]
        return _flow_measure(target, indicator, data, window)(amounts)
    kind, stock = target.kind, indicator.measure is Measure.stock
    if deadline_year in ahead and reads_latest(target, indicator):
        value = ahead[deadline_year]
        factor = target_unit_factor(indicator, target)
        return value if factor is None else float(exact(value) * factor)
    base_year = target.base_year(window.period_start)
    base_seen = base_year <= window.upto and base_year not in ahead
    if deadline_year in ahead and kind is Kind.increment and stock and base_seen:
        base = base_value(target, indicator, data, window)
        if base is None:
            return None
        gain = exact(ahead[deadline_year]) - base[1]
        factor = target_unit_factor(indicator, target)
        return float(gain if factor is None else gain * factor)
    final = Window(window.period_start, deadline_year)
    return measure_value(target, indicator, _continued(data, window.upto, ahead), final)


def _required_level(
    target: Target, indicator: Indicator, data: IndicatorData, window: Window, deadline_year: int
) -> float | None:
    """The value (catalogue unit) the series must reach in the deadline year to meet the target."""
    threshold = target.effective_threshold
    kind = target.kind
    if kind.in_indicator_unit:
        threshold /= unit_factor(indicator, target)
    if reads_latest(target, indicator):
        return threshold
    exact_base = base_value(target, indicator, data, window)
    base = None if exact_base is None else (exact_base[0], float(exact_base[1]))
    if kind is Kind.increment and indicator.measure is Measure.stock:
        return None if base is None else base[1] + threshold
    if base is None:
        return None
    if kind is Kind.growth:
        return base[1] * (1 + threshold / 100) ** (deadline_year - base[0])
    if kind is Kind.growth_total:
        return base[1] * (1 + threshold / 100)
    if kind is Kind.multiple:
        return base[1] * threshold
    return None


def _required_flow_growth(
    target: Target,
    indicator: Indicator,
    data: IndicatorData,
    points: list[tuple[int, float]],
    window: Window,
    deadline_year: int,
) -> float | None:
    """For sums of yearly flows: the constant yearly growth that reaches the target
    (``points``: the series up to ``window.upto``)."""
    if not points or data.reported_total:
        return None
    last_year, last = points[-1]
    if last <= 0 or last_year >= deadline_year:
        return None
    steps = [
        year - last_year
        for year in range(last_year + 1, deadline_year + 1)
        if year >= window.period_start
    ]
    flow_measure = _flow_measure(target, indicator, data, window)

    def meets(rate: float) -> bool:
        total = flow_measure([last * (1 + rate) ** k for k in steps])
        return target.comparator.holds(total or 0.0, target.effective_threshold)

    if not target.comparator.higher_is_better:
        return _bisect(meets)[1] if meets(_HIGHEST_RATE) else None
    # The same sum in plain floats (observed flows in the window, then the continued years)
    # reaches the threshold at a rate found in a few Newton steps; it only steers the bisection.
    observed = sum(value for year, value in points if year >= window.period_start)
    factor = unit_factor(indicator, target) if target.kind.in_indicator_unit else 1
    root = _flow_root(last, steps, target.effective_threshold / factor - observed)
    low, high = _bisect(root.__le__)  # meets: rate >= root (a C call, not a Python lambda)
    # The measure grows with the rate, so when the exact measure agrees at both ends every
    # step taken was the step the exact bisection takes: the result is the same number (and
    # the measure meets the target at the highest rate too).
    if meets(high) and (low == _LOWEST_RATE or not meets(low)):
        return high
    if not meets(_HIGHEST_RATE):
        return None
    return _bisect(meets)[1]  # pragma: no cover - the estimate is never that far off


def _flow_measure(
    target: Target, indicator: Indicator, data: IndicatorData, window: Window
) -> Callable[[list[float]], float | None]:
    """The target's measure of the flows continued past ``window.upto``, from the continued
    years' amounts (those in the period, in year order): ``measure_value`` of the continued
    series to the deadline, without building the series.

    The measure is the exact sum in year order, so the observed flows of the window are added
    up once and each continued amount (the decimal of its float) after them; the sum is then put
    in the target's unit and rounded. No flow in the period: no measure.
    """
    observed = list(data.exact_between(window.period_start, window.upto).values())
    known = sum(observed, Decimal(0))
    factor = target_unit_factor(indicator, target)

    def measure_of(amounts: list[float]) -> float | None:
        if not observed and not amounts:
            return None
        total = known
        for amount in amounts:
            total += exact(amount)
        return float(total if factor is None else total * factor)

    return measure_of


def _flow_root(last: float, steps: list[int], needed: float) -> float:
    """The rate r at which ``last × Σ (1 + r)^k`` over ``steps`` reaches ``needed`` (below the
    lowest rate when no rate is needed). Newton's method from the highest rate: the sum grows
    and is convex for r > −1, so the steps fall towards the root without passing it."""
    if needed <= 0:
        return _LOWEST_RATE - 1
    if not steps:  # nothing continued: no rate reaches it
        return _HIGHEST_RATE + 1
    rate = _HIGHEST_RATE
    for _ in range(100):
        total = sum(last * (1 + rate) ** k for k in steps)
        slope = sum(k * last * (1 + rate) ** (k - 1) for k in steps)
        step = (total - needed) / slope
        rate -= step
        if abs(step) <= 1e-15 * (1 + abs(rate)):
            break
    return rate


_LOWEST_RATE, _HIGHEST_RATE = -0.99, 10.0  # −99 % to +1000 % a year


def _bisect(meets: Callable[[float], bool]) -> tuple[float, float]:
    """Bisect the rates down to 1e-10 (1e-8 per cent: far below what is shown), assuming
    ``meets`` holds at the highest rate; the last (low, high) bracket."""
    low, high = _LOWEST_RATE, _HIGHEST_RATE
    while high - low > 1e-10:
        middle = (low + high) / 2
        if meets(middle):
            high = middle
        else:
            low = middle
    return low, high


def required_growth(
    target: Target,
    indicator: Indicator,
    data: IndicatorData,
    window: Window,
    deadline_year: int,
    points: list[tuple[int, float]] | None = None,
) -> float | None:
    """Annual growth (fraction) from the latest value needed to meet the target by the deadline
    (``points``: the series up to ``window.upto`` as floats, when the caller has read it)."""
    if points is None:
        points = _points_upto(data, window.upto)
    if sums_flows(target, indicator):
        return _required_flow_growth(target, indicator, data, points, window, deadline_year)
    if not points:
        return None
    latest_year = points[-1][0]  # the latest year up to window.upto, and its exact value
    latest = data.exact(latest_year)
    needed = _required_level(target, indicator, data, window, deadline_year)
    if needed is None or latest <= 0 or needed <= 0:
        return None
    years = deadline_year - latest_year
    if years <= 0:
        return None
    return float((needed / float(latest)) ** (1 / years)) - 1


def progress_band(
    observed: float | None, required: float | None, meets: bool | None, higher_is_better: bool
) -> ProgressBand | None:
    """The Open SDG band of a projection, in agreement with it.

    A projection that meets the target is ``on_track``, whatever the ratio; one that falls short
    never is. Short of the target: ``moving_away`` when the series moves the wrong way,
    otherwise ``needs_acceleration`` for R = observed / required ≥ 0.6 (or when the pace needed
    is no move at all), ``limited_progress`` below.
    """
    if meets:
        return ProgressBand.on_track
    if meets is None or observed is None or required is None:
        return None
    sign = 1 if higher_is_better else -1
    if sign * observed < 0:
        return ProgressBand.moving_away
    if sign * required <= 0:
        return ProgressBand.needs_acceleration
    if observed / required >= 0.6:
        return ProgressBand.needs_acceleration
    return ProgressBand.limited_progress


def assess(
    target: Target,
    indicator: Indicator,
    data: IndicatorData | None,
    window: Window,
    deadline_year: int,
    method: Method,
) -> Projection | None:
    """Project the target's measure to the deadline year; None when the data show no trend."""
    if data is None or data.reported_total:
        return None
    observed = {year: value for year, value in data.values.items() if year <= window.upto}
    points = sorted(observed.items())  # what _points_upto gives, from the one pass
    growth = _cagr(points)
    ahead = _ahead(points, deadline_year, method, growth)
    if ahead is None:
        return None
    observed.update(ahead)
    # The value alone: the engine judges it, and no evidence is written for a projection.
    measured = Measured(_projected_value(target, indicator, data, window, deadline_year, ahead))
    needed = required_growth(target, indicator, data, window, deadline_year, points)
    ratio = None
    if growth is not None and needed is not None and abs(needed) > 1e-12:
        ratio = growth / needed
    # Positional, in the fields' order (keywords make the call build a dict of them):
    return Projection(
        method,
        measured,
        observed,  # points
        None if growth is None else growth * 100,  # observed growth
        None if needed is None else needed * 100,  # required growth
        ratio,  # progress ratio
    )
