"""Valid submissions for a plan: values of realistic size around its thresholds, pinned
indicators, exactly-at / just-around thresholds, or every target met (:func:`submissions`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from typing import Any, Literal

from hypothesis import strategies as st

from ipscore.checks import PLAUSIBLE_CEILING, PLAUSIBLE_FLOOR
from ipscore.plan import Comparator, Indicator, Kind, Measure, Plan, Target
from ipscore.template_rows import running_totals
from ipscore.testing._numbers import (
    as_decimal,
    draw_magnitude,
    draw_percent,
    json_number,
    rounded,
    trimmed,
    unit_factor,
    unit_family,
)

Mode = Literal["random", "near", "met"]
LAST_DAY = dt.date(2100, 12, 31)


# --- what a target needs of its indicator --------------------------------------------------------


def _sums(target: Target, indicator: Indicator) -> bool:
    """True when the target's measure is a sum of yearly amounts."""
    return target.kind in (Kind.cumulative, Kind.increment) and indicator.measure is Measure.flow


def _threshold(target: Target, indicator: Indicator) -> Decimal:
    """The threshold in the catalogue unit (rates stay in % or 倍)."""
    threshold = as_decimal(target.threshold)
    if target.kind.in_indicator_unit and target.unit:
        threshold *= unit_factor(target.unit, indicator.unit) or 1
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
        factor = unit_factor(target.unit, indicator.unit) if target.unit else None
        return year, as_decimal(target.baseline.value) * (factor or 1)
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
    rate = as_decimal(target.threshold)
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
        value = max(value, as_decimal(indicator.minimum))
    if indicator.maximum is not None:
        value = min(value, as_decimal(indicator.maximum))
    if 0 < value < as_decimal(PLAUSIBLE_FLOOR):
        value = as_decimal(PLAUSIBLE_FLOOR)
    return min(value, as_decimal(PLAUSIBLE_CEILING))


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
    running_totals: frozenset[str]  # indicators read as running totals: their values never fall
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
            return threshold / periods * draw_percent(draw, 30, 90)
        if target.kind in (Kind.level, Kind.cumulative, Kind.every_year):
            return threshold * draw_percent(draw, 30, 150)
        base = _base(self.plan, target, indicator, {})
        if base is not None:
            return base[1] * draw_percent(draw, 70, 110)
        if target.kind is Kind.increment:
            return threshold * draw_percent(draw, 50, 800)
        return draw_magnitude(draw)

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
                margin = draw_percent(draw, 1 if strict else 0, 40)
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
            return needed * draw_percent(draw, 30, 200), False
        step = Decimal(1).scaleb(needed.adjusted() - draw(st.sampled_from([2, 6, 9])))
        return needed + draw(st.sampled_from([0, 0, 1, -1])) * step, True

    def _written(
        self, indicator: Indicator, unit: str, value: Decimal, places: int | None, higher: bool
    ) -> Decimal:
        """Clamp to the catalogue range, write in ``unit`` (rounded to ``places`` unless None) and
        return the exact catalogue-unit value of what was written."""
        value = _plausible(indicator, value)
        to_unit, back = unit_factor(indicator.unit, unit), unit_factor(unit, indicator.unit)
        assert to_unit is not None and back is not None
        shown = value * to_unit
        if places is not None:
            rounding = ROUND_HALF_EVEN
            if self.mode == "met":  # round away from the threshold, so "met" stays met
                rounding = ROUND_CEILING if higher else ROUND_FLOOR
            shown = shown.quantize(Decimal(1).scaleb(-places), rounding=rounding)
        return trimmed(shown) * back

    def indicator(self, key: str) -> None:
        """Generate one target indicator's data (not a milestone)."""
        draw = self.draw
        indicator = self.catalogue[key]
        targets = self.targets(key)
        series = draw(st.booleans()) if self.series is None else self.series
        if self.mode != "random" and not self._single_ok(key):
            series = True
        years = self._years(key, targets) if series else [self.as_of.year]
        unit = draw(st.sampled_from(unit_family(indicator.unit)))
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
        scale = value * (unit_factor(indicator.unit, unit) or 1)
        places = draw(st.integers(0, 2)) + max(0, 1 - scale.adjusted())
        low, high = (85, 135) if higher or self.mode != "met" else (70, 100)
        if self.mode == "met" and not higher and key in self.running_totals:
            # A running total never falls, so under ceilings it is held level: a falling trend
            # pulled every earlier year down with it, rounded to 0, and left a growth target
            # without the positive base it needs (found by the thorough profile).
            low = high = 100
        growth = draw_percent(draw, low, high)  # one trend per indicator keeps examples small
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
            if key in self.running_totals:
                self._never_falls(points, year, higher)
            value = points[year]
        self.emit(key, points, not series, unit)

    def _never_falls(self, points: dict[int, Decimal], year: int, higher: bool) -> None:
        """Keep a running total from falling at ``year``: raise it to the year before, or, when
        every target met is a ceiling, lower the earlier years to it (which keeps them met)."""
        earlier = [y for y in points if y < year]
        if not earlier or points[year] >= points[max(earlier)]:
            return
        if self.mode == "met" and not higher:
            for other in earlier:
                points[other] = min(points[other], points[year])
        else:
            points[year] = points[max(earlier)]

    def _payload(self, key: str, points: dict[int, Decimal], single: bool, unit: str) -> Any:
        indicator = self.catalogue[key]
        to_unit = unit_factor(indicator.unit, unit)
        assert to_unit is not None
        shown = {year: json_number(value * to_unit) for year, value in sorted(points.items())}
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
            size, growth = draw_magnitude(self.draw, 1, 5), draw_percent(self.draw, 95, 105)
            denominator = {y: rounded(size * growth ** (y - min(points)), 3) for y in points}
        scale = as_decimal(derive.scale)
        numerator = {y: v * denominator[y] / scale for y, v in points.items()}
        if any(trimmed(v) != v for v in numerator.values()):
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
                year: top[year] / bottom[year] * as_decimal(formula.scale)
                for year in sorted(top.keys() & bottom.keys())
                if bottom[year] > 0
            }
            if any(_plausible(indicator, v) != v for v in implied.values()):
                settled = {year: trimmed(_plausible(indicator, v)) for year, v in implied.items()}
                self.exact[key] = settled
                self.indicators[key] = {str(y): json_number(v) for y, v in settled.items()}

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


def as_of_dates(plan: Plan) -> st.SearchStrategy[dt.date]:
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
        dates = as_of_dates(plan)
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
    taken = set(keys) | set(pinned)
    builder = _Builder(draw, plan, catalogue, as_of, mode, series, taken, running_totals(plan))
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
