"""Is a measure complete and current? (docs/scoring.md, "Incomplete and stale data")

- **incomplete**: the measure needs a year the submission lacks: a blank year inside a sum over
  the period, the deadline year of a growth judged at the deadline, one part of a derived value in
  the reference year, a yearly flow read for one year (``level``) at its deadline without that
  year, or a latest value more than :data:`MAX_AGE` years old. It is never judged as
  missed; only a sum of yearly flows that already meets a floor counts as met (blank years can only
  add to it).
- **stale**: the latest value used is from a year before the reference year, but at most
  :data:`MAX_AGE` years before it. It is used, shown with its year, and warned about (W210).

The reference year is the year of ``as_of``, or the deadline year when ``as_of`` is later.
"""

from __future__ import annotations

import datetime as dt

from ipscore.evidence import Parts
from ipscore.kinds import Measured, Window
from ipscore.missing import Missing
from ipscore.plan import Indicator, Kind, Measure, Target
from ipscore.submission import IndicatorData

# A latest value at most this many years before the reference year is used and flagged as stale;
# an older one is not used, and the target is incomplete.
MAX_AGE = 1


def sums_flows(target: Target, indicator: Indicator) -> bool:
    """The measure adds up yearly amounts over the period."""
    return target.kind in _SUMS and indicator.measure is Measure.flow


_SUMS = frozenset({Kind.cumulative, Kind.increment})  # the kinds that add up the flows


def is_lower_bound(target: Target, indicator: Indicator) -> bool:
    """A sum with blank years can only grow: if it already meets a floor, the target is met."""
    return sums_flows(target, indicator) and target.comparator.higher_is_better


def partial_year(as_of: dt.date) -> int | None:
    """The year of ``as_of`` when ``as_of`` falls inside it: that year's flows are year-to-date."""
    return None if (as_of.month, as_of.day) == (12, 31) else as_of.year


def _part_lacking(
    indicator: Indicator, data: dict[str, IndicatorData], year: int
) -> Missing | None:
    """One part of a derived value given for ``year`` and the other not."""
    formula = indicator.derive
    if formula is None:
        return None
    given = {
        part: part in data and year in data[part].values
        for part in (formula.numerator, formula.denominator)
    }
    absent = [part for part, present in given.items() if not present]
    if len(absent) != 1:
        return None
    return Missing("part_years", indicator.key, parts=(absent[0],), years=(year,))


def lacking(
    target: Target,
    indicator: Indicator,
    data: dict[str, IndicatorData],
    measured: Measured[float],
    window: Window,
    final: bool,
    sums: bool,
) -> Missing | None:
    """The years (or the part) a measured target needs and the submission lacks, if any.
    ``sums``: :func:`sums_flows` of the target (worked out once per plan by the caller)."""
    series = data.get(target.indicator)
    if measured.value is None or series is None or series.reported_total:
        return None
    key = target.indicator
    upto = window.upto
    if sums:
        given = series.values
        blanks = tuple([year for year in range(window.period_start, upto + 1) if year not in given])
        return Missing("years", key, years=blanks) if blanks else None
    latest = measured.year
    if latest is None or latest >= upto:
        return None
    if series.source == "derived":
        part = _part_lacking(indicator, data, upto)
        if part is not None:
            return part
    # At the deadline a growth must reach the deadline year, and one year's flow is that year's.
    needs_upto = target.kind.needs_baseline or indicator.measure is Measure.flow
    if (final and needs_upto) or latest < upto - MAX_AGE:
        return Missing("years", key, years=(upto,))
    return None


def is_stale(measured: Measured[float], window: Window) -> bool:
    """The latest value used is from before the reference year."""
    return measured.year is not None and measured.year < window.upto


def derived_parts(
    indicator: Indicator,
    data: dict[str, IndicatorData],
    catalogue: dict[str, Indicator],
    year: int | None,
) -> Parts | None:
    """The numerator and denominator a derived value was computed from in ``year``."""
    series = data.get(indicator.key)
    formula = indicator.derive
    if year is None or formula is None or series is None or series.source != "derived":
        return None
    numerator, denominator = data.get(formula.numerator), data.get(formula.denominator)
    if numerator is None or denominator is None:
        return None
    if year not in numerator.values or year not in denominator.values:
        return None
    top, bottom = catalogue[formula.numerator], catalogue[formula.denominator]
    return Parts(
        numerator=top.key,
        numerator_zh=top.zh,
        numerator_value=numerator.exact(year),
        numerator_unit=top.unit,
        denominator=bottom.key,
        denominator_zh=bottom.zh,
        denominator_value=denominator.exact(year),
        denominator_unit=bottom.unit,
        scale=formula.scale,
    )
