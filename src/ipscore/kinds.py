"""Target kinds: one small function per kind turns indicator data into the measure to compare.

Each function takes the target, its catalogue indicator, the indicator's data and the window
being evaluated, and returns a :class:`Measured`: the value (in the target's unit), the evidence
it used, or what is missing. ``KINDS`` maps kind names to the functions.

Arithmetic is decimal: the data and the thresholds are written in decimal, and a city exactly at
a target (100 → 248.832 in five years is 20 % a year) must not miss it by a binary rounding. The
kind functions return the exact measure; :func:`measure` converts it to the target's unit and
rounds it to a float once, at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, NamedTuple, TypeVar

from ipscore.evidence import Proof
from ipscore.missing import Missing, Need
from ipscore.plan import Indicator, Kind, Measure, Target
from ipscore.submission import IndicatorData
from ipscore.units import Number, conversion_factor, convert, exact, exact_factor


class Window(NamedTuple):
    """The years a measure may use: from the plan period's first year up to ``upto`` inclusive.

    (A named tuple: one is made for every measured target of every evaluation.)"""

    period_start: int
    upto: int


V = TypeVar("V", Decimal, float)


@dataclass(slots=True)
class Measured(Generic[V]):
    """A measure: exact (``Measured[Decimal]``) from a kind function, with its proof in the
    catalogue unit; ``Measured[float]`` once :func:`measure` puts it in the target's unit and
    rounds it.

    Slotted and not frozen: two are made for every measured target of every evaluation, and a
    frozen one costs three times as much. Nothing changes one once made (a milestone's are
    shared by every evaluation of a plan). The kind functions build it and their
    :class:`Proof` positionally: a keyword argument makes the call build a dict of them, which
    costs as much again as the record.
    """

    value: V | None
    proof: Proof | None = None  # the values used, for the evidence line
    missing: Missing | None = None
    year: int | None = None  # the year of the latest value used


def _missing(
    need: Need, key: str, year: int | None = None, until: int | None = None
) -> Measured[Decimal]:
    return Measured(None, None, Missing(need, key, year, until))


def to_target_unit(value: Number, indicator: Indicator, target: Target) -> Decimal:
    """Convert a catalogue-unit value into the unit the target is written in, exactly."""
    factor = target_unit_factor(indicator, target)
    return exact(value) if factor is None else exact(value) * factor


def target_unit_factor(indicator: Indicator, target: Target) -> Decimal | None:
    """The exact factor from the catalogue unit to the target's, None when it changes nothing."""
    return exact_factor(indicator.unit, target.unit) if target.unit else None


def unit_factor(indicator: Indicator, target: Target) -> float:
    """What one catalogue unit is in the target's unit, as a float: ``float(to_target_unit(1.0,
    …))`` without the decimals (a factor's decimal is its float's shortest repr)."""
    factor = conversion_factor(indicator.unit, target.unit) if target.unit else None
    return 1.0 if factor is None else factor


def _base_from_plan(target: Target) -> bool:
    return target.baseline is not None and target.baseline.value is not None


def base_value(
    target: Target, indicator: Indicator, data: IndicatorData | None, window: Window
) -> tuple[int, Decimal] | None:
    """The base (year, value in catalogue unit): stated by the plan, or read from the series."""
    year = target.base_year(window.period_start)
    if target.baseline and target.baseline.value is not None:
        converted = (
            convert(target.baseline.value, target.unit, indicator.unit) if target.unit else None
        )
        return year, exact(target.baseline.value) if converted is None else converted
    if data is not None and year in data.values:
        return year, data.exact(year)
    return None


def _latest(data: IndicatorData | None, window: Window) -> tuple[int, Decimal] | None:
    return data.latest(window.upto) if data is not None else None


def _period_sum(data: IndicatorData, window: Window, unit: str) -> Measured[Decimal]:
    if data.reported_total:
        year = next(iter(data.values))
        value = data.exact(year)
        proof = Proof("reported_total", value, ((year, value),), None, False, unit, unit)
        return Measured(value, proof, None, year)
    used = data.exact_between(window.period_start, window.upto)
    if not used:
        return _missing("yearly", data.key, window.period_start, window.upto)
    total = sum(used.values(), Decimal(0))
    years = range(window.period_start, window.upto + 1)
    # Every year given (the usual case): the terms are the values used, already in year order.
    terms = (
        tuple(used.items())
        if len(used) == len(years)
        else tuple([(year, used.get(year)) for year in years])
    )
    year = next(reversed(used))
    return Measured(total, Proof("sum", total, terms, None, False, unit, unit), None, year)


def level(
    target: Target, indicator: Indicator, data: IndicatorData | None, window: Window
) -> Measured[Decimal]:
    latest = _latest(data, window)
    if latest is None:
        return _missing("value", indicator.key, until=window.upto)
    year, value = latest
    unit = indicator.unit
    return Measured(value, Proof("latest", value, (latest,), None, False, unit, unit), None, year)


def cumulative(
    target: Target, indicator: Indicator, data: IndicatorData | None, window: Window
) -> Measured[Decimal]:
    if indicator.measure is Measure.stock:
        return level(target, indicator, data, window)
    if data is None:
        return _missing("yearly", indicator.key, window.period_start, window.upto)
    return _period_sum(data, window, indicator.unit)


def increment(
    target: Target, indicator: Indicator, data: IndicatorData | None, window: Window
) -> Measured[Decimal]:
    if indicator.measure is Measure.flow:
        return cumulative(target, indicator, data, window)
    latest = _latest(data, window)
    if latest is None:
        return _missing("value", indicator.key, until=window.upto)
    base = base_value(target, indicator, data, window)
    if base is None:
        year = target.base_year(window.period_start)
        return _missing("base", indicator.key, year)
    (year, value), (_, base_amount) = latest, base
    gain = value - base_amount
    unit = indicator.unit
    proof = Proof("difference", gain, ((year, value),), base, _base_from_plan(target), unit, unit)
    return Measured(gain, proof, None, year)


def _ratio_inputs(
    target: Target, indicator: Indicator, data: IndicatorData | None, window: Window
) -> tuple[tuple[int, Decimal], tuple[int, Decimal]] | Measured[Decimal]:
    latest = _latest(data, window)
    base = base_value(target, indicator, data, window)
    if base is None:
        assert target.baseline is not None
        return _missing("base", indicator.key, target.baseline.year)
    if latest is None or latest[0] <= base[0]:
        return _missing("later_value", indicator.key, base[0])
    if base[1] <= 0:
        return _missing("positive_base", indicator.key, base[0])
    return latest, base


def growth(
    target: Target, indicator: Indicator, data: IndicatorData | None, window: Window
) -> Measured[Decimal]:
    inputs = _ratio_inputs(target, indicator, data, window)
    if isinstance(inputs, Measured):
        return inputs
    (year, value), (base_year, base_amount) = inputs
    years = year - base_year
    factor = (value / base_amount) ** (Decimal(1) / years) if value > 0 else Decimal(0)
    rate = (factor - 1) * 100  # −100 % when the value fell to nothing
    proof = Proof(
        "cagr", rate, ((year, value),), inputs[1], _base_from_plan(target), indicator.unit
    )
    return Measured(rate, proof, None, year)


def growth_total(
    target: Target, indicator: Indicator, data: IndicatorData | None, window: Window
) -> Measured[Decimal]:
    inputs = _ratio_inputs(target, indicator, data, window)
    if isinstance(inputs, Measured):
        return inputs
    (year, value), (_, base_amount) = inputs
    rate = (value / base_amount - 1) * 100
    proof = Proof(
        "growth_total", rate, ((year, value),), inputs[1], _base_from_plan(target), indicator.unit
    )
    return Measured(rate, proof, None, year)


def multiple(
    target: Target, indicator: Indicator, data: IndicatorData | None, window: Window
) -> Measured[Decimal]:
    inputs = _ratio_inputs(target, indicator, data, window)
    if isinstance(inputs, Measured):
        return inputs
    (year, value), (_, base_amount) = inputs
    ratio = value / base_amount
    proof = Proof(
        "multiple", ratio, ((year, value),), inputs[1], _base_from_plan(target), indicator.unit
    )
    return Measured(ratio, proof, None, year)


def every_year(
    target: Target, indicator: Indicator, data: IndicatorData | None, window: Window
) -> Measured[Decimal]:
    """每年…: every year of the plan period up to ``upto`` must hold, so the measure is the
    worst year (the lowest for a floor, the highest for a ceiling). A year without a value
    leaves the target without data: a missing year is never a pass."""
    years = range(window.period_start, window.upto + 1)
    given = {} if data is None or data.reported_total else data.values
    gaps = [year for year in years if year not in given]
    if gaps:
        return _missing("yearly", indicator.key, gaps[0], gaps[-1])
    assert data is not None
    points = {year: data.exact(year) for year in years}
    pick = min if target.comparator.higher_is_better else max
    worst = pick(years, key=lambda year: points[year])
    terms = tuple((year, points[year]) for year in years)
    unit = indicator.unit
    proof = Proof("every_year", points[worst], terms, None, False, unit, unit)
    return Measured(points[worst], proof, None, years[-1])


KindFunction = Callable[[Target, Indicator, IndicatorData | None, Window], Measured[Decimal]]

KINDS: dict[Kind, KindFunction] = {
    Kind.level: level,
    Kind.cumulative: cumulative,
    Kind.increment: increment,
    Kind.growth: growth,
    Kind.growth_total: growth_total,
    Kind.multiple: multiple,
    Kind.every_year: every_year,
}


def reads_latest(target: Target, indicator: Indicator) -> bool:
    """The measure is the latest value (:func:`level`, or a 累计 of a stock)."""
    kind = target.kind
    return kind is Kind.level or (kind is Kind.cumulative and indicator.measure is Measure.stock)


class MeasureFacts(NamedTuple):
    """What :func:`measure` needs from the plan alone (:func:`measure_facts`): a caller that
    measures a target on every evaluation works it out once per plan."""

    factor: Decimal | None  # catalogue unit → the target's unit; None when it changes nothing
    latest: bool  # the measure is the latest value (:func:`reads_latest`)


def measure_facts(target: Target, indicator: Indicator) -> MeasureFacts:
    factor = target_unit_factor(indicator, target) if target.kind.in_indicator_unit else None
    return MeasureFacts(factor, reads_latest(target, indicator))


def measure(
    target: Target,
    indicator: Indicator,
    data: IndicatorData | None,
    window: Window,
    facts: MeasureFacts | None = None,
) -> Measured[float]:
    """The target's measure in the target's unit, rounded once to a float (milestones are
    handled by the caller). The proof is rebuilt only when the units differ. ``facts``: the
    target's :func:`measure_facts`, when the caller has them."""
    if facts is None:
        facts = measure_facts(target, indicator)
    factor = facts.factor
    if factor is None and facts.latest and data is not None and data.made is None:
        given = _latest_given(indicator, data, window)
        if given is not None:
            return given
    measured = KINDS[target.kind](target, indicator, data, window)
    value = measured.value
    proof = measured.proof
    if value is not None and factor is not None:
        value = exact(value) * factor
        if proof is not None:
            proof = _proof_in_target_unit(proof, factor, target.unit)
    rounded = None if value is None else float(value)
    return Measured(rounded, proof, measured.missing, measured.year)


def _latest_given(
    indicator: Indicator, data: IndicatorData, window: Window
) -> Measured[float] | None:
    """:func:`level`'s measure of given values in the catalogue unit, from their floats: the
    latest value is used as it is, and a given float is its own decimal's float, so making the
    decimal and rounding it back changes nothing (None without a value: level says what is
    missing). tests/test_kinds_fast.py holds it to :func:`level`."""
    year = data.latest_year(window.upto)
    if year is None:
        return None
    value, unit = data.values[year], indicator.unit
    proof = Proof("latest", value, ((year, value),), None, False, unit, unit)
    return Measured(value, proof, None, year)


def measure_value(
    target: Target, indicator: Indicator, data: IndicatorData | None, window: Window
) -> float | None:
    """``measure(...).value`` alone (its evidence is not put in the target's unit)."""
    value = KINDS[target.kind](target, indicator, data, window).value
    if value is not None and target.kind.in_indicator_unit:
        value = to_target_unit(value, indicator, target)
    return None if value is None else float(value)


def _proof_in_target_unit(proof: Proof, factor: Decimal, unit: str) -> Proof:
    """The values of a proof in the unit the target is written in (万元 shown as 亿元): each
    catalogue-unit value times the exact ``factor`` (:func:`target_unit_factor`)."""

    def convert_one(value: Number | None) -> Decimal | None:
        return None if value is None else exact(value) * factor

    base = proof.base
    return Proof(
        proof.how,
        convert_one(proof.result),
        tuple([(year, convert_one(value)) for year, value in proof.terms]),
        None if base is None else (base[0], exact(base[1]) * factor),
        proof.base_from_plan,
        unit,
        unit,
    )


def milestone(done: bool | None, key: str) -> Measured[float]:
    if done is None:
        return Measured(None, missing=Missing("milestone", key))
    value = 1.0 if done else 0.0
    return Measured(value, Proof("milestone", value))
