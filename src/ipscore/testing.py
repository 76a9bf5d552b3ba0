"""Hypothesis strategies for property-based tests of ipscore and of your own data.

- :func:`submissions`: valid submissions (JSON-ready dicts) for a plan, with values of realistic
  size around its thresholds; some indicators pinned, as yearly series or single numbers,
  exactly at / just around thresholds, or with every target met;
- :func:`invalid_submissions`: inputs the loader rejects, each with the code it must report;
- :func:`plans`: small random rule packs built from the indicator catalogue;
- :func:`evaluate_input`: run a dict or raw JSON bytes through the loader and the evaluation.

Numbers are built as exact decimals and written with at most 15 significant digits, so a value
"at the threshold" is exactly the threshold as written, in whichever unit the submission uses.
This module needs ``hypothesis`` (``pip install "ipscore[test]"``); ``import ipscore`` alone never
imports it. docs/testing.md shows how to use it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from typing import Any, Literal, NamedTuple

from hypothesis import strategies as st

from ipscore.checks import PLAUSIBLE_CEILING, PLAUSIBLE_FLOOR
from ipscore.evaluate import evaluate
from ipscore.packs import load_catalogue, plan_from_data
from ipscore.plan import Comparator, Dimension, Indicator, Kind, Measure, Plan, Target
from ipscore.report import Report
from ipscore.submission import parse_json_bytes, submission_from_data
from ipscore.units import all_units, conversion_factor

__all__ = ["Invalid", "evaluate_input", "invalid_submissions", "plans", "submissions"]

Mode = Literal["random", "near", "met"]
MAX_DIGITS = 15  # significant digits a JSON number keeps exactly through a float
LAST_DAY = dt.date(2100, 12, 31)


# --- exact decimals -----------------------------------------------------------------------------


def _dec(value: float) -> Decimal:
    """The decimal a float was written as (``0.1`` → ``Decimal('0.1')``)."""
    return Decimal(repr(float(value)))


def _factor(source: str, target: str) -> Decimal | None:
    """Exact factor turning a value in ``source`` into ``target`` (None: they do not convert)."""
    factor = conversion_factor(source, target)
    return None if factor is None else _dec(factor)


def _family(unit: str) -> list[str]:
    """Every unit a value of ``unit`` may be written in, the unit itself first."""
    return [unit] + [u for u in all_units() if u != unit and conversion_factor(u, unit)]


def _trim(value: Decimal) -> Decimal:
    """At most MAX_DIGITS significant digits, so the JSON float is exactly this decimal."""
    if value.is_zero():
        return Decimal(0)
    if len(value.as_tuple().digits) > MAX_DIGITS:
        value = value.quantize(Decimal(1).scaleb(value.adjusted() - MAX_DIGITS + 1))
    return value.normalize()


def _round(value: Decimal, digits: int) -> Decimal:
    """``value`` to ``digits`` significant digits."""
    if value.is_zero():
        return Decimal(0)
    return value.quantize(Decimal(1).scaleb(value.adjusted() - digits + 1)).normalize()


def _json_number(value: Decimal) -> int | float:
    value = _trim(value)
    if value == value.to_integral_value() and abs(value) < 10**15:
        return int(value)
    return float(value)


def _percent(draw: st.DrawFn, low: int, high: int) -> Decimal:
    """A decimal in [low/100, high/100], in steps of 0.01."""
    return Decimal(draw(st.integers(low, high))) / 100


def _magnitude(draw: st.DrawFn, low: int = 0, high: int = 5) -> Decimal:
    """A realistic positive number: three significant digits times a power of ten."""
    return Decimal(draw(st.integers(100, 999))).scaleb(draw(st.integers(low, high)) - 2)


# --- what a target needs of its indicator --------------------------------------------------------


def _sums(target: Target, indicator: Indicator) -> bool:
    """True when the target's measure is a sum of yearly amounts."""
    return target.kind in (Kind.cumulative, Kind.increment) and indicator.measure is Measure.flow


def _threshold(target: Target, indicator: Indicator) -> Decimal:
    """The threshold in the catalogue unit (rates stay in % or 倍)."""
    threshold = _dec(target.threshold)
    if target.kind.in_indicator_unit and target.unit:
        threshold *= _factor(target.unit, indicator.unit) or 1
    return threshold


def _stated_base(target: Target) -> bool:
    return target.baseline is not None and target.baseline.value is not None


def _needs_series_base(target: Target, indicator: Indicator) -> bool:
    """True when the base value must come from the submission's own series."""
    if target.kind.needs_baseline:
        return not _stated_base(target)
    stock_increment = target.kind is Kind.increment and indicator.measure is Measure.stock
    return stock_increment and not _stated_base(target)


def _base(
    plan: Plan, target: Target, indicator: Indicator, points: Mapping[int, Decimal]
) -> tuple[int, Decimal] | None:
    year = target.base_year(plan.plan.period.start)
    if target.baseline is not None and target.baseline.value is not None:
        factor = _factor(target.unit, indicator.unit) if target.unit else None
        return year, _dec(target.baseline.value) * (factor or 1)
    return (year, points[year]) if year in points else None


def _requirement(
    plan: Plan,
    target: Target,
    indicator: Indicator,
    points: Mapping[int, Decimal],
    year: int,
    single: bool,
) -> Decimal | None:
    """The value (catalogue unit) for ``year`` that puts the measure exactly at the threshold,
    given the earlier ``points``; with ``single``, the one reported number."""
    threshold = _threshold(target, indicator)
    if _sums(target, indicator):
        start = plan.plan.period.start
        if single:
            return threshold
        if year < start:
            return None
        return threshold - sum((v for y, v in points.items() if start <= y < year), Decimal(0))
    if target.kind in (Kind.level, Kind.cumulative, Kind.every_year):
        return threshold
    base = _base(plan, target, indicator, points)
    if base is None:
        return None
    base_year, base_value = base
    if target.kind is Kind.increment:
        return base_value + threshold
    rate = _dec(target.threshold)
    if year <= base_year or base_value <= 0:
        return None
    if target.kind is Kind.growth:
        factor = 1 + rate / 100
        return base_value * factor ** (year - base_year) if factor > 0 else None
    if target.kind is Kind.growth_total:
        return base_value * (1 + rate / 100)
    return base_value * rate


def _plausible(indicator: Indicator, value: Decimal) -> Decimal:
    """The value moved into the range the loader accepts (catalogue minimum/maximum, and 0 or
    between PLAUSIBLE_FLOOR and PLAUSIBLE_CEILING)."""
    if indicator.minimum is not None:
        value = max(value, _dec(indicator.minimum))
    if indicator.maximum is not None:
        value = min(value, _dec(indicator.maximum))
    if 0 < value < _dec(PLAUSIBLE_FLOOR):
        value = _dec(PLAUSIBLE_FLOOR)
    return min(value, _dec(PLAUSIBLE_CEILING))


def _direction(plan: Plan, key: str) -> int:
    """+1 when every target on indicator ``key`` is "higher is better", -1 when every one is a
    ceiling, 0 when they disagree or there is none."""
    ways = {t.comparator.higher_is_better for t in plan.targets if t.indicator == key}
    return 0 if len(ways) != 1 else (1 if ways.pop() else -1)


# --- one submission -----------------------------------------------------------------------------


@dataclass
class _Builder:
    """Builds one submission: exact catalogue-unit values per key, and their JSON form."""

    draw: st.DrawFn
    plan: Plan
    catalogue: dict[str, Indicator]
    as_of: dt.date
    mode: Mode
    series: bool | None
    taken: set[str]
    indicators: dict[str, Any] = field(default_factory=dict)
    exact: dict[str, dict[int, Decimal]] = field(default_factory=dict)

    def targets(self, key: str) -> list[Target]:
        return [t for t in self.plan.targets if t.indicator == key]

    def _measured_in(self, target: Target, years: list[int]) -> int | None:
        """The year whose value the target's measure reads last (None: no such year)."""
        upto = min(self.as_of.year, self.plan.deadline_of(target).year)
        earlier = [y for y in years if y <= upto]
        return max(earlier) if earlier else None

    def _due(self, target: Target, years: list[int], year: int) -> bool:
        """Whether the target reads the value of ``year`` (every_year reads each year)."""
        measured = self._measured_in(target, years)
        if target.kind is Kind.every_year:
            start = self.plan.plan.period.start
            return measured is not None and start <= year <= measured
        return measured == year

    def _single_ok(self, key: str) -> bool:
        """Whether one reported number (as of as_of) can serve every target on this indicator."""
        indicator = self.catalogue[key]
        for target in self.targets(key):
            if _needs_series_base(target, indicator) or target.kind is Kind.every_year:
                return False  # every_year needs a value for each year
            if _sums(target, indicator):
                continue
            if self.as_of.year > self.plan.deadline_of(target).year:
                return False
            start = self.plan.plan.period.start
            if target.kind.needs_baseline and target.base_year(start) >= self.as_of.year:
                return False
        return True

    def _years(self, key: str, targets: list[Target]) -> list[int]:
        indicator = self.catalogue[key]
        start = self.plan.plan.period.start
        bases = {t.base_year(start) for t in targets if _needs_series_base(t, indicator)}
        first = min(bases | {start - 1}) - self.draw(st.integers(0, 1))
        last = self.as_of.year
        if self.mode == "random" and self.draw(st.integers(0, 4)) == 0:
            last -= 1  # data lag: the latest year is not in yet
        years = list(range(max(first, 1990), min(last, 2100) + 1))
        if self.mode == "random" and len(years) > 2 and self.draw(st.integers(0, 3)) == 0:
            drop = self.draw(st.sampled_from(years))
            years = [y for y in years if y != drop or y in bases]
        return years

    def _start_value(self, target: Target, periods: int) -> Decimal:
        """A first value of realistic size for a series serving ``target``."""
        draw = self.draw
        indicator = self.catalogue[target.indicator]
        threshold = _threshold(target, indicator)
        if _sums(target, indicator):
            return threshold / periods * _percent(draw, 30, 90)
        if target.kind in (Kind.level, Kind.cumulative, Kind.every_year):
            return threshold * _percent(draw, 30, 150)
        base = _base(self.plan, target, indicator, {})
        if base is not None:
            return base[1] * _percent(draw, 70, 110)
        if target.kind is Kind.increment:
            return threshold * _percent(draw, 50, 800)
        return _magnitude(draw)

    def _steer(
        self, due: list[Target], points: dict[int, Decimal], year: int, value: Decimal, single: bool
    ) -> tuple[Decimal, bool]:
        """The value for ``year``, placed against the targets measured then; True when it is
        placed exactly at (or one step off) a threshold and must not be rounded."""
        draw = self.draw
        indicator = self.catalogue[due[0].indicator]
        if self.mode == "met":
            for target in due:
                needed = _requirement(self.plan, target, indicator, points, year, single)
                if needed is None:
                    continue
                strict = target.comparator in (Comparator.gt, Comparator.lt)
                margin = _percent(draw, 1 if strict else 0, 40)
                if target.comparator.higher_is_better:
                    value = max(value, needed * (1 + margin))
                else:
                    value = min(value, needed * (1 - margin / 2))
            return value, False
        anchor = draw(st.sampled_from(due))
        needed = _requirement(self.plan, anchor, indicator, points, year, single)
        if needed is None or needed <= 0:
            return value, False
        if self.mode == "random":
            return needed * _percent(draw, 30, 200), False
        step = Decimal(1).scaleb(needed.adjusted() - draw(st.sampled_from([2, 6, 9])))
        return needed + draw(st.sampled_from([0, 0, 1, -1])) * step, True

    def _written(
        self, indicator: Indicator, unit: str, value: Decimal, places: int | None, higher: bool
    ) -> Decimal:
        """Clamp to the catalogue range, write in ``unit`` (rounded to ``places`` unless None) and
        return the exact catalogue-unit value of what was written."""
        value = _plausible(indicator, value)
        to_unit, back = _factor(indicator.unit, unit), _factor(unit, indicator.unit)
        assert to_unit is not None and back is not None
        shown = value * to_unit
        if places is not None:
            rounding = ROUND_HALF_EVEN
            if self.mode == "met":  # round away from the threshold, so "met" stays met
                rounding = ROUND_CEILING if higher else ROUND_FLOOR
            shown = shown.quantize(Decimal(1).scaleb(-places), rounding=rounding)
        return _trim(shown) * back

    def indicator(self, key: str) -> None:
        """Generate one target indicator's data (not a milestone)."""
        draw = self.draw
        indicator = self.catalogue[key]
        targets = self.targets(key)
        series = draw(st.booleans()) if self.series is None else self.series
        if self.mode != "random" and not self._single_ok(key):
            series = True
        years = self._years(key, targets) if series else [self.as_of.year]
        unit = draw(st.sampled_from(_family(indicator.unit)))
        start = self.plan.plan.period.start
        periods = max(1, min(self.as_of.year, self.plan.plan.deadline.year) - start + 1)
        sized = [
            t
            for t in targets
            if t.kind in (Kind.level, Kind.cumulative, Kind.every_year) or _sums(t, indicator)
        ]
        higher = _direction(self.plan, key) >= 0
        if self.mode == "met" and not higher:  # ceilings: start under the tightest of them
            value = min(self._start_value(target, periods) for target in sized or targets)
        else:
            value = self._start_value(draw(st.sampled_from(sized or targets)), periods)
        scale = value * (_factor(indicator.unit, unit) or 1)
        places = draw(st.integers(0, 2)) + max(0, 1 - scale.adjusted())
        low, high = (85, 135) if higher or self.mode != "met" else (70, 100)
        growth = _percent(draw, low, high)  # one trend per indicator keeps examples small
        points: dict[int, Decimal] = {}
        for index, year in enumerate(years):
            if index:
                value *= growth
            due = [t for t in targets if not series or self._due(t, years, year)]
            at_boundary = False
            if due:
                value, at_boundary = self._steer(due, points, year, value, not series)
            places_now = None if at_boundary else places
            points[year] = self._written(indicator, unit, value, places_now, higher)
            value = points[year]
        self.emit(key, points, not series, unit)

    def _payload(self, key: str, points: dict[int, Decimal], single: bool, unit: str) -> Any:
        indicator = self.catalogue[key]
        to_unit = _factor(indicator.unit, unit)
        assert to_unit is not None
        shown = {year: _json_number(value * to_unit) for year, value in sorted(points.items())}
        if single:
            payload: Any = next(iter(shown.values()))
            key_name = "value"
        else:
            payload = {str(year): value for year, value in shown.items()}
            key_name = "series"
        explicit = unit != indicator.unit or self.draw(st.booleans())
        return {key_name: payload, "unit": unit} if explicit else payload

    def emit(self, key: str, points: dict[int, Decimal], single: bool, unit: str) -> None:
        """Write the indicator itself, or (for a derived one, sometimes) its parts."""
        derive = self.catalogue[key].derive
        free = derive is not None and self._parts_free(derive.numerator, derive.denominator, points)
        if free and self.draw(st.booleans()) and self._emit_parts(key, points, single):
            return
        self.exact[key] = points
        self.indicators[key] = self._payload(key, points, single, unit)

    def _parts_free(self, numerator: str, denominator: str, points: dict[int, Decimal]) -> bool:
        if numerator in self.taken or numerator in self.indicators:
            return False
        if denominator in self.exact:
            return set(points) <= set(self.exact[denominator])
        return denominator not in self.taken and denominator not in self.indicators

    def _emit_parts(self, key: str, points: dict[int, Decimal], single: bool) -> bool:
        """Give a derived indicator through its parts; False (nothing written) if a part would
        be implausible."""
        derive = self.catalogue[key].derive
        assert derive is not None
        top, bottom = self.catalogue[derive.numerator], self.catalogue[derive.denominator]
        denominator = self.exact.get(derive.denominator)
        new_denominator = denominator is None
        if denominator is None:
            size, growth = _magnitude(self.draw, 1, 5), _percent(self.draw, 95, 105)
            denominator = {y: _round(size * growth ** (y - min(points)), 3) for y in points}
        scale = _dec(derive.scale)
        numerator = {y: v * denominator[y] / scale for y, v in points.items()}
        if any(_trim(v) != v for v in numerator.values()):
            return False  # a rounded part would move the derived value off the one planned
        parts = [(top, numerator), (bottom, denominator)]
        if any(_plausible(part, v) != v for part, values in parts for v in values.values()):
            return False
        if new_denominator:
            self.exact[derive.denominator] = denominator
            self.indicators[derive.denominator] = self._payload(
                derive.denominator, denominator, single, bottom.unit
            )
        self.exact[derive.numerator] = numerator
        self.indicators[derive.numerator] = self._payload(
            derive.numerator, numerator, single, top.unit
        )
        return True

    def settle_implied(self, pinned: set[str]) -> None:
        """Give directly any derived indicator whose given parts imply an implausible value
        (a share above 100 % from two unrelated counts): the given value wins (W204)."""
        for key, indicator in sorted(self.catalogue.items()):
            formula = indicator.derive
            if formula is None or key in self.indicators or key in pinned:
                continue
            top, bottom = self.exact.get(formula.numerator), self.exact.get(formula.denominator)
            if top is None or bottom is None:
                continue
            implied = {
                year: top[year] / bottom[year] * _dec(formula.scale)
                for year in sorted(top.keys() & bottom.keys())
                if bottom[year] > 0
            }
            if any(_plausible(indicator, v) != v for v in implied.values()):
                settled = {year: _trim(_plausible(indicator, v)) for year, v in implied.items()}
                self.exact[key] = settled
                self.indicators[key] = {str(y): _json_number(v) for y, v in settled.items()}

    def milestone(self, complete: bool) -> Any:
        """A milestone as true/false, ``{"done": …}`` or with a date; None: left out."""
        choice = self.draw(st.integers(0 if complete else -1, 5))  # one draw: examples stay small
        if choice < 0:
            return None
        done = self.mode == "met" or choice % 2 == 0
        if choice < 2:
            return done
        if choice < 4:
            return {"done": done}
        earlier = self.as_of - dt.timedelta(days=self.draw(st.integers(0, 1500)))
        return {"done": done, "date": max(earlier, dt.date(1990, 1, 1)).isoformat()}


def _as_of_dates(plan: Plan) -> st.SearchStrategy[dt.date]:
    """Dates from the plan's first day to a year after its last deadline, deadlines favoured."""
    deadlines = sorted({plan.deadline_of(t) for t in plan.targets} | {plan.plan.deadline})
    start = dt.date(plan.plan.period.start, 1, 1)
    end = min(max(deadlines) + dt.timedelta(days=366), LAST_DAY)
    return st.one_of(st.sampled_from(deadlines), st.dates(start, end))


def _place(data: dict[str, Any], key: str, value: Any, catalogue: dict[str, Indicator]) -> None:
    section = "milestones" if catalogue[key].measure is Measure.milestone else "indicators"
    data[section][key] = value


def submissions(
    plan: Plan,
    *,
    pinned: Mapping[str, Any] | None = None,
    series: bool | None = None,
    near_thresholds: bool = False,
    as_of: dt.date | st.SearchStrategy[dt.date] | None = None,
    all_met: bool = False,
    complete: bool = False,
) -> st.SearchStrategy[dict[str, Any]]:
    """Valid submissions (JSON-ready dicts) for ``plan``.

    - ``pinned``: catalogue key → value exactly as a submission writes it (a number, a series,
      ``{"value": …, "unit": …}``, a milestone's true/false), used as is;
    - ``series``: True every indicator as a yearly series, False as one number, None either;
    - ``near_thresholds``: values exactly at, or one step around, each target's threshold;
    - ``as_of``: a date, a strategy of dates, or None (the plan's period to a year past its
      deadline, deadlines favoured);
    - ``all_met``: every target met, milestones delivered (margins include exactly-at for >=, <=);
    - ``complete``: every target's data present (otherwise some are left out).
    """
    catalogue = plan.full_catalogue
    pinned = dict(pinned or {})
    unknown = sorted(set(pinned) - set(catalogue))
    if unknown:
        raise ValueError(f"pinned key {unknown[0]!r} is not in the indicator catalogue")
    mode: Mode = "met" if all_met else "near" if near_thresholds else "random"
    if as_of is None:
        dates = _as_of_dates(plan)
    elif isinstance(as_of, dt.date):
        dates = st.just(as_of)
    else:
        dates = as_of
    return _submissions(plan, catalogue, pinned, series, mode, dates, complete or all_met)


@st.composite
def _submissions(
    draw: st.DrawFn,
    plan: Plan,
    catalogue: dict[str, Indicator],
    pinned: dict[str, Any],
    series: bool | None,
    mode: Mode,
    dates: st.SearchStrategy[dt.date],
    complete: bool,
) -> dict[str, Any]:
    as_of = draw(dates)
    keys = sorted({t.indicator for t in plan.targets})
    builder = _Builder(draw, plan, catalogue, as_of, mode, series, set(keys) | set(pinned))
    data: dict[str, Any] = {
        "region": plan.plan.region,
        "plans": [plan.id],
        "as_of": as_of.isoformat(),
        "indicators": {},
        "milestones": {},
    }
    derived_last = sorted(keys, key=lambda k: (catalogue[k].derive is not None, k))
    for key in derived_last:
        formula = catalogue[key].derive
        if key in pinned or (formula and {formula.numerator, formula.denominator} <= set(pinned)):
            continue  # pinned parts define a derived indicator: a generated value would override
        if catalogue[key].measure is Measure.milestone:
            milestone = builder.milestone(complete)
            if milestone is not None:
                data["milestones"][key] = milestone
        elif complete or draw(st.integers(0, 9)):
            builder.indicator(key)
    builder.settle_implied(set(pinned))
    data["indicators"].update(builder.indicators)
    for key, value in pinned.items():
        _place(data, key, value, catalogue)
    return data


# --- invalid input ------------------------------------------------------------------------------


class Invalid(NamedTuple):
    """An input the loader must reject, and the code it must report.

    ``data`` is a dict (what ``ipscore.evaluate`` takes) or ``bytes`` (a JSON file's content).
    A code starting with ``W`` is a warning: the evaluation succeeds and the report lists it.
    """

    data: dict[str, Any] | bytes
    code: str


def evaluate_input(plan: Plan, data: dict[str, Any] | bytes) -> Report:
    """Evaluate a dict, or raw JSON bytes read the way ``ipscore check`` reads a file.

    Raises :class:`ipscore.InputError` for input the loader rejects.
    """
    if isinstance(data, bytes):
        data = parse_json_bytes(data, "<input>")
        return evaluate(plan, submission_from_data(data, "<input>"))
    return evaluate(plan, data)


def _some_key(draw: st.DrawFn, data: dict[str, Any], section: str) -> str | None:
    keys = sorted(data[section])
    return draw(st.sampled_from(keys)) if keys else None


def _years_of(value: Any) -> dict[str, Any] | None:
    """The series dict inside an indicator value (None for a single number)."""
    if isinstance(value, dict):
        inner = value.get("series", None if "value" in value else value)
        return inner if isinstance(inner, dict) else None
    return None


def _set_number(value: Any, new: Any, year: str | None) -> Any:
    """The indicator value with one number replaced (a series point when ``year`` is given)."""
    if isinstance(value, dict) and "value" in value:
        return {**value, "value": new}
    if isinstance(value, dict):
        series = _years_of(value)
        assert series is not None and year is not None
        changed = {**series, year: new}
        return {**value, "series": changed} if "series" in value else changed
    return new


_JUNK = ["12", "fifty", None, True, [], [1, 2], "", "NaN", {"2024": "1"}]
_BAD_MILESTONES = [1, 0, "yes", None, {"done": "yes"}, {"date": "2020-01-01"}, [], {"done": 1}]
_BAD_UNIT_OBJECTS = [
    {"value": 1, "series": {"2020": 1}},
    {"value": 1, "unit": 3},
    {"value": 1, "note": "x"},
    {"series": [1, 2], "unit": "件"},
    {"unit": "件"},
]


def _wrong_type(draw: st.DrawFn, data: dict[str, Any], catalogue: dict[str, Indicator]) -> str:
    """Corrupt ``data`` in place with a wrong type or shape somewhere; the code is E110."""
    keys = sorted(data["indicators"])
    choices = ["as_of", "region", "extra", "unit_object", "sections", "milestone_as_indicator"]
    if keys:
        choices += ["indicator", "series_value", "indicator_as_milestone"]
    if data["milestones"]:
        choices.append("milestone")
    choice = draw(st.sampled_from(choices))
    key = draw(st.sampled_from(keys)) if keys else "patent_grants"
    if choice == "as_of":
        data["as_of"] = draw(st.sampled_from([20251231, "2025-13-01", "31/12/2025", None, ""]))
    elif choice == "region":
        data["region"] = draw(st.sampled_from(["", 42, None, ["南京市"]]))
        if draw(st.booleans()):
            del data["region"]
    elif choice == "extra":
        data[draw(st.sampled_from(["comment", "indicator", "asof", "data"]))] = "x"
    elif choice == "unit_object":
        data["indicators"][key] = draw(st.sampled_from(_BAD_UNIT_OBJECTS))
    elif choice == "sections":
        section = draw(st.sampled_from(["indicators", "milestones"]))
        data[section] = draw(st.sampled_from([[], "all", 1, None]))
    elif choice == "milestone_as_indicator":
        milestones = sorted(k for k, i in catalogue.items() if i.measure is Measure.milestone)
        data["indicators"][draw(st.sampled_from(milestones))] = 1
    elif choice == "indicator":
        data["indicators"][key] = draw(st.sampled_from(_JUNK[:-1]))
    elif choice == "series_value":
        value = data["indicators"][key]
        series = _years_of(value)
        year = draw(st.sampled_from(sorted(series))) if series else None
        data["indicators"][key] = _set_number(value, draw(st.sampled_from(_JUNK)), year)
    elif choice == "indicator_as_milestone":
        data["milestones"][key] = True
    else:
        milestone = draw(st.sampled_from(sorted(data["milestones"])))
        data["milestones"][milestone] = draw(st.sampled_from(_BAD_MILESTONES))
    return "E110"


def _with_point(value: Any, year: str, number: Any) -> Any:
    """The indicator value as a series with one more point (keeping an explicit unit)."""
    if isinstance(value, dict) and "value" in value:
        return {"series": {year: number}, "unit": value["unit"]}
    series = dict(_years_of(value) or {})
    series[year] = number
    return {**value, "series": series} if isinstance(value, dict) and "series" in value else series


def _corrupt_number(
    draw: st.DrawFn, data: dict[str, Any], kind: str, catalogue: dict[str, Indicator]
) -> str:
    """Corrupt one indicator value in place; returns the code the loader must report."""
    as_of = dt.date.fromisoformat(data["as_of"])
    keys = sorted(data["indicators"])
    if kind == "above":
        keys = [k for k in keys if catalogue[k].maximum is not None]
    key = draw(st.sampled_from(keys))
    indicator, value = catalogue[key], data["indicators"][key]
    series = _years_of(value)
    year = draw(st.sampled_from(sorted(series))) if series else None
    unit = value["unit"] if isinstance(value, dict) and "unit" in value else indicator.unit
    if kind == "negative":
        low = _dec(indicator.minimum or 0) - _magnitude(draw, -2, 3)
        data["indicators"][key] = _set_number(value, _json_number(low), year)
        return "E111"
    if kind == "above":
        assert indicator.maximum is not None
        factor = _factor(indicator.unit, unit)
        assert factor is not None  # the value's unit was accepted, so it converts
        high = (_dec(indicator.maximum) + _magnitude(draw, -2, 2)) * factor
        data["indicators"][key] = _set_number(value, _json_number(high), year)
        return "E112"
    if kind == "unit":
        others = [u for u in all_units() if conversion_factor(u, indicator.unit) is None]
        wrong = draw(st.sampled_from([*others, "kg", "元/件", "percent"]))
        inner = value
        if isinstance(value, dict) and ("value" in value or "series" in value):
            inner = value.get("value", value.get("series"))
        field_name = "series" if isinstance(inner, dict) else "value"
        data["indicators"][key] = {field_name: inner, "unit": wrong}
        return "E113"
    if kind == "year_key":
        bad = draw(st.sampled_from(["20x4", "1989", "2101", "24", " 2024", "2024.0", "二〇二四"]))
        data["indicators"][key] = _with_point(value, bad, 1)
        return "E114"
    if kind == "empty":
        data["indicators"][key] = draw(st.sampled_from([{}, {"series": {}, "unit": unit}]))
        return "E110"
    later = str(as_of.year + draw(st.integers(1, 5)))
    data["indicators"][key] = _with_point(value, later, 1)
    return "E115"


@st.composite
def _invalid(draw: st.DrawFn, plan: Plan) -> Invalid:
    catalogue = plan.full_catalogue
    data = draw(submissions(plan, complete=True, as_of=_as_of_dates(plan).filter(_not_last_year)))
    numeric = sorted(data["indicators"])
    kinds = ["type", "nan_text", "nan_dict", "unknown", "json", "before_start"]
    if numeric:
        kinds += ["negative", "unit", "year_key", "empty", "future"]
    if any(catalogue[k].maximum is not None for k in numeric):
        kinds.append("above")
    if data["milestones"]:
        kinds.append("future_milestone")
    kind = draw(st.sampled_from(kinds))
    if kind == "type":
        return Invalid(data, _wrong_type(draw, data, catalogue))
    if kind in ("nan_text", "nan_dict"):
        bad = draw(st.sampled_from([float("nan"), float("inf"), float("-inf")]))
        key = draw(st.sampled_from([*numeric, "patent_grants"]))
        value = data["indicators"].get(key, 0)
        series = _years_of(value)
        year = draw(st.sampled_from(sorted(series))) if series else None
        data["indicators"][key] = _set_number(value, bad, year)
        if kind == "nan_dict":
            return Invalid(data, "E110")
        return Invalid(json.dumps(data, ensure_ascii=False).encode(), "E105")
    if kind == "unknown":
        near = draw(st.sampled_from([*numeric, "patent_grants"]))
        unknown = near + draw(st.sampled_from(["_total", "s", "_x", "_2"]))
        if unknown in catalogue:
            unknown += "_unknown"
        data["indicators"][unknown] = 1
        return Invalid(data, "W200")
    if kind == "before_start":
        earlier = dt.date(plan.plan.period.start, 1, 1) - dt.timedelta(draw(st.integers(1, 3000)))
        data["as_of"] = max(earlier, dt.date(1990, 1, 1)).isoformat()
        data["indicators"], data["milestones"] = {}, {}
        return Invalid(data, "E116")
    if kind == "json":
        return _broken_json(draw, data)
    if kind == "future_milestone":
        key = draw(st.sampled_from(sorted(data["milestones"])))
        later = dt.date.fromisoformat(data["as_of"]) + dt.timedelta(draw(st.integers(1, 1000)))
        data["milestones"][key] = {"done": draw(st.booleans()), "date": later.isoformat()}
        return Invalid(data, "E115")
    return Invalid(data, _corrupt_number(draw, data, kind, catalogue))


def _not_last_year(date: dt.date) -> bool:
    """Room for a year after as_of (series years stop at 2100)."""
    return date.year < 2100


def _broken_json(draw: st.DrawFn, data: dict[str, Any]) -> Invalid:
    """JSON text the parser refuses: empty, not UTF-8, malformed, duplicate keys, too deep."""
    text = json.dumps(data, ensure_ascii=False)
    kind = draw(st.sampled_from(["empty", "utf8", "malformed", "duplicate", "deep"]))
    if kind == "empty":
        return Invalid(draw(st.sampled_from([b"", b" ", b"\n\t "])), "E101")
    if kind == "utf8":
        cut = draw(st.integers(1, len(text) - 1))
        bad = draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\x80"]))
        raw = text[:cut].encode() + bad + text[cut:].encode()
        return Invalid(raw, "E102")
    if kind == "malformed":
        cut = draw(st.integers(1, len(text) - 1))
        return Invalid(text[:cut].encode(), "E103")
    if kind == "duplicate":
        region = json.dumps(data["region"], ensure_ascii=False)
        return Invalid(("{" + f'"region": {region}, ' + text[1:]).encode(), "E104")
    depth = draw(st.integers(13, 40))
    nested: Any = 1
    for _ in range(depth):
        nested = {"n": nested}
    return Invalid(json.dumps({**data, "deep": nested}, ensure_ascii=False).encode(), "E107")


def invalid_submissions(plan: Plan) -> st.SearchStrategy[Invalid]:
    """Inputs the loader rejects, as :class:`Invalid` ``(data, code)`` pairs.

    Kinds: wrong types and shapes (E110), NaN/Infinity in JSON text (E105) or in a dict (E110),
    negative values (E111), values above the catalogue maximum (E112), units that do not convert
    (E113), series keys that are not years (E114), empty series (E110), years or milestone
    dates after as_of (E115), as_of before the plan starts (E116), broken JSON text (E101–E104,
    E107), and unknown indicator keys, which are a warning (W200), not an error.
    """
    return _invalid(plan)


# --- plans --------------------------------------------------------------------------------------

_NUMERIC_KINDS = [kind for kind in Kind if kind is not Kind.milestone]


def _threshold_data(draw: st.DrawFn, kind: Kind, indicator: Indicator, unit: str) -> Decimal:
    """A realistic threshold for the kind, in ``unit``."""
    if kind is Kind.growth:
        return Decimal(draw(st.integers(1, 600))) / 10
    if kind is Kind.growth_total:
        return Decimal(draw(st.integers(5, 300)))
    if kind is Kind.multiple:
        return Decimal(draw(st.integers(11, 40))) / 10
    if indicator.maximum is not None:  # strictly inside the range: any comparator can be met
        top = int(_dec(indicator.maximum) * 100)
        return Decimal(draw(st.integers(1, top - 1))) / 100
    factor = _factor(indicator.unit, unit)
    assert factor is not None
    return _trim(_magnitude(draw, -1, 4) * factor)


_FLIP = {">=": "<=", ">": "<", "<=": ">=", "<": ">"}


@st.composite
def _targets(draw: st.DrawFn, start: int, end: int) -> dict[str, Any]:
    """One target (as parsed YAML, without id) on a random catalogue indicator."""
    catalogue = load_catalogue()
    milestone = draw(st.integers(0, 3)) == 3
    key = draw(
        st.sampled_from(
            sorted(k for k, i in catalogue.items() if (i.measure is Measure.milestone) == milestone)
        )
    )
    indicator = catalogue[key]
    target: dict[str, Any] = {
        "indicator": key,
        "dimension": draw(st.sampled_from(list(Dimension))).value,
    }
    if milestone:
        return {**target, "kind": Kind.milestone.value}
    # a bounded share or score (maximum 100) cannot double: real plans give it a level
    kinds = _NUMERIC_KINDS if indicator.maximum is None else [Kind.level, Kind.cumulative]
    kind = draw(st.sampled_from(kinds))
    comparator = draw(st.sampled_from([">=", ">", "<=", "<"]))
    if kind.in_indicator_unit:
        unit = draw(st.sampled_from(_family(indicator.unit)))
    else:
        unit = kind.default_unit
    target.update(
        kind=kind.value,
        comparator=comparator,
        threshold=_json_number(_threshold_data(draw, kind, indicator, unit)),
        unit=unit,
    )
    if kind.needs_baseline or (kind is Kind.increment and draw(st.booleans())):
        baseline: dict[str, Any] = {"year": start - draw(st.integers(1, 3))}
        if draw(st.booleans()):
            baseline["value"] = _json_number(_magnitude(draw, -1, 4))
        target["baseline"] = baseline
    if draw(st.integers(0, 4)) == 4:
        target["deadline"] = dt.date(draw(st.integers(start, end)), 12, 31)
    if draw(st.integers(0, 3)) == 3:
        target["weight"] = draw(st.integers(1, 1000)) / 10
    if draw(st.integers(0, 3)) == 3:
        target["projection"] = draw(st.sampled_from(["cagr", "linear"]))
    if draw(st.integers(0, 3)) == 3:
        target["alternatives"] = [_alternative(draw, target)]
    return target


def _alternative(draw: st.DrawFn, target: dict[str, Any]) -> dict[str, Any]:
    """Another reading of a generated target: the same (a note only), another threshold, or
    another unit-kind (the comparator's direction stays: one direction per indicator)."""
    alternative: dict[str, Any] = {"note": "另一种理解(生成)"}
    change = draw(st.sampled_from(["none", "threshold", "kind"]))
    if change == "threshold":
        factor = Decimal(draw(st.integers(50, 200))) / 100
        threshold = _trim(_dec(target["threshold"]) * factor)
        maximum = load_catalogue()[target["indicator"]].maximum
        if Kind(target["kind"]).in_indicator_unit and maximum is not None:
            threshold = min(threshold, _dec(target["threshold"]))  # a bounded share stays inside
        alternative["threshold"] = _json_number(threshold)
    elif change == "kind" and Kind(target["kind"]).in_indicator_unit:
        kinds = [Kind.level, Kind.cumulative, Kind.every_year]
        alternative["kind"] = draw(st.sampled_from(kinds)).value
    return alternative


@st.composite
def _plans(draw: st.DrawFn, min_targets: int, max_targets: int) -> Plan:
    start = draw(st.integers(1995, 2090))
    end = start + draw(st.integers(0, 5))
    targets = draw(st.lists(_targets(start, end), min_size=min_targets, max_size=max_targets))
    higher: dict[str, bool] = {}  # one direction per indicator, as real plans have
    for index, target in enumerate(targets):
        key = target["indicator"]
        target["id"] = f"t{index}-{key.replace('_', '-')}"[:80]
        target["quote"] = f"生成的目标{index}"
        if "comparator" in target:
            up = higher.setdefault(key, target["comparator"].startswith(">"))
            if target["comparator"].startswith(">") != up:
                target["comparator"] = _FLIP[target["comparator"]]
    meta = {
        "id": "generated-plan",
        "title": "生成的测试方案",
        "title_en": "Generated test plan",
        "region": "测试市",
        "region_en": "Test City",
        "level": draw(st.sampled_from(["city", "county"])),
        "programme": draw(st.sampled_from(["pilot", "demonstration", "action"])),
        "issued": dt.date(start - 1, 12, 1),
        "period": {"start": start, "end": end},
        "deadline": draw(st.sampled_from([dt.date(end, 12, 31), dt.date(end, 6, 30)])),
    }
    return plan_from_data({"plan": meta, "targets": targets}, "<plans()>", load_catalogue())


def plans(*, min_targets: int = 1, max_targets: int = 8) -> st.SearchStrategy[Plan]:
    """Small random plans (:class:`ipscore.Plan`) built from the bundled indicator catalogue.

    Every kind, comparator and convertible unit occurs; each indicator keeps one direction
    (all its targets "higher is better" or all ceilings), as in the bundled plans. Growth kinds
    get a baseline (with or without a stated value); some targets have their own deadline,
    weight, projection method or an alternative reading (unchanged, another threshold or
    another unit kind). Feed a plan to :func:`submissions` with ``flatmap``.
    """
    return _plans(min_targets, max_targets)
