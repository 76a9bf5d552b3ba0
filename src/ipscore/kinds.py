"""Target kinds: one small function per kind turns indicator data into the measure to compare.

Each function takes the target, its catalogue indicator, the indicator's data and the window
being evaluated, and returns a :class:`Measured`: the value (in the target's unit), the evidence
it used, or what is missing. ``KINDS`` maps kind names to the functions.

Arithmetic is decimal: the data and the thresholds are written in decimal, and a city exactly at
a target (100 → 248.832 in five years is 20 % a year) must not miss it by a binary rounding.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from ipscore.checks import IndicatorData
from ipscore.plan import Indicator, Kind, Measure, Target
from ipscore.units import convert, exact


@dataclass(frozen=True)
class Window:
    """The years a measure may use: the plan period, counted up to ``upto`` inclusive."""

    period_start: int
    period_end: int
    upto: int


@dataclass(frozen=True)
class Measured:
    value: float | None
    evidence: str = ""
    missing: str | None = None
    year: int | None = None  # the year of the latest value used


def _missing(what: str) -> Measured:
    return Measured(None, missing=what)


def to_target_unit(value: float, indicator: Indicator, target: Target) -> float:
    """Convert a catalogue-unit value into the unit the target is written in."""
    converted = convert(value, indicator.unit, target.unit) if target.unit else None
    return value if converted is None else converted


def base_value(
    target: Target, indicator: Indicator, data: IndicatorData | None, window: Window
) -> tuple[int, float] | None:
    """The base (year, value in catalogue unit): stated by the plan, or read from the series."""
    year = target.baseline.year if target.baseline else window.period_start - 1
    if target.baseline and target.baseline.value is not None:
        converted = (
            convert(target.baseline.value, target.unit, indicator.unit) if target.unit else None
        )
        return year, target.baseline.value if converted is None else converted
    if data is not None and year in data.points:
        return year, data.points[year]
    return None


def _latest(data: IndicatorData | None, target: Target, window: Window) -> tuple[int, float] | None:
    return data.latest(window.upto) if data is not None else None


def _period_sum(data: IndicatorData, window: Window) -> Measured:
    if data.reported_total:
        year, value = next(iter(data.points.items()))
        return Measured(value, f"reported running total {value:g} ({year})", year=year)
    years = [y for y in sorted(data.points) if window.period_start <= y <= window.upto]
    if not years:
        return _missing(f"yearly values of {data.key} for {window.period_start}–{window.upto}")
    total = float(sum(exact(data.points[y]) for y in years))
    gaps = [y for y in range(window.period_start, window.upto + 1) if y not in data.points]
    evidence = f"sum of {years[0]}–{years[-1]} = {total:g}"
    if gaps:
        evidence += f" (no value for {', '.join(map(str, gaps))})"
    return Measured(total, evidence, year=years[-1])


def level(
    target: Target, indicator: Indicator, data: IndicatorData | None, window: Window
) -> Measured:
    latest = _latest(data, target, window)
    if latest is None:
        return _missing(f"a value of {indicator.key} up to {window.upto}")
    year, value = latest
    return Measured(value, f"{value:g} ({year})", year=year)


def cumulative(
    target: Target, indicator: Indicator, data: IndicatorData | None, window: Window
) -> Measured:
    if indicator.measure is Measure.stock:
        return level(target, indicator, data, window)
    if data is None:
        return _missing(f"yearly values of {indicator.key} for {window.period_start}–{window.upto}")
    return _period_sum(data, window)


def increment(
    target: Target, indicator: Indicator, data: IndicatorData | None, window: Window
) -> Measured:
    if indicator.measure is Measure.flow:
        return cumulative(target, indicator, data, window)
    latest = _latest(data, target, window)
    if latest is None:
        return _missing(f"a value of {indicator.key} up to {window.upto}")
    base = base_value(target, indicator, data, window)
    if base is None:
        year = target.baseline.year if target.baseline else window.period_start - 1
        return _missing(f"the base value of {indicator.key} for {year}")
    (year, value), (base_year, base_amount) = latest, base
    gain = float(exact(value) - exact(base_amount))
    return Measured(
        gain, f"{value:g} ({year}) − {base_amount:g} ({base_year}) = {gain:g}", year=year
    )


def _ratio_inputs(
    target: Target, indicator: Indicator, data: IndicatorData | None, window: Window
) -> tuple[tuple[int, float], tuple[int, float]] | Measured:
    latest = _latest(data, target, window)
    base = base_value(target, indicator, data, window)
    if base is None:
        assert target.baseline is not None
        return _missing(f"the base value of {indicator.key} for {target.baseline.year}")
    if latest is None or latest[0] <= base[0]:
        return _missing(f"a value of {indicator.key} after {base[0]}")
    if base[1] <= 0:
        return _missing(f"a positive base value of {indicator.key} for {base[0]}")
    return latest, base


def growth(
    target: Target, indicator: Indicator, data: IndicatorData | None, window: Window
) -> Measured:
    inputs = _ratio_inputs(target, indicator, data, window)
    if isinstance(inputs, Measured):
        return inputs
    (year, value), (base_year, base_amount) = inputs
    years = year - base_year
    if value > 0:
        factor = (exact(value) / exact(base_amount)) ** (Decimal(1) / years)
        rate = float((factor - 1) * 100)
    else:
        rate = -100.0
    return Measured(
        rate,
        f"CAGR {base_year}–{year}: ({value:g} / {base_amount:g})^(1/{years}) − 1 = {rate:.2f}%",
        year=year,
    )


def growth_total(
    target: Target, indicator: Indicator, data: IndicatorData | None, window: Window
) -> Measured:
    inputs = _ratio_inputs(target, indicator, data, window)
    if isinstance(inputs, Measured):
        return inputs
    (year, value), (base_year, base_amount) = inputs
    rate = float((exact(value) / exact(base_amount) - 1) * 100)
    return Measured(
        rate, f"{value:g} ({year}) / {base_amount:g} ({base_year}) − 1 = {rate:.2f}%", year=year
    )


def multiple(
    target: Target, indicator: Indicator, data: IndicatorData | None, window: Window
) -> Measured:
    inputs = _ratio_inputs(target, indicator, data, window)
    if isinstance(inputs, Measured):
        return inputs
    (year, value), (base_year, base_amount) = inputs
    ratio = float(exact(value) / exact(base_amount))
    return Measured(
        ratio, f"{value:g} ({year}) / {base_amount:g} ({base_year}) = {ratio:.3f}×", year=year
    )


KindFunction = Callable[[Target, Indicator, IndicatorData | None, Window], Measured]

KINDS: dict[Kind, KindFunction] = {
    Kind.level: level,
    Kind.cumulative: cumulative,
    Kind.increment: increment,
    Kind.growth: growth,
    Kind.growth_total: growth_total,
    Kind.multiple: multiple,
}

# Kinds whose measure is in the indicator's own unit (converted to the target's unit).
UNIT_KINDS = {Kind.level, Kind.cumulative, Kind.increment}


def measure(
    target: Target, indicator: Indicator, data: IndicatorData | None, window: Window
) -> Measured:
    """The target's measure in the target's unit (milestones are handled by the caller)."""
    measured = KINDS[target.kind](target, indicator, data, window)
    if measured.value is None or target.kind not in UNIT_KINDS:
        return measured
    value = to_target_unit(measured.value, indicator, target)
    return Measured(value, measured.evidence, measured.missing, measured.year)


def milestone(done: bool | None, key: str) -> Measured:
    if done is None:
        return _missing(f"milestone {key}")
    return Measured(1.0 if done else 0.0, "delivered" if done else "not delivered")
