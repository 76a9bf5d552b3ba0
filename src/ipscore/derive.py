"""Derived indicators: per-10k values, shares and rates computed from their parts.

The catalogue says how an indicator is formed (``derive: numerator / denominator × scale``).
A value the submission gives directly always wins; the result records which was used.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ipscore.plan import Derivation, Indicator
from ipscore.submission import IndicatorData
from ipscore.units import ratio


def derived_points(
    formula: Derivation, numerator: IndicatorData, denominator: IndicatorData
) -> dict[int, Decimal]:
    """numerator / denominator × scale, exactly, for each year both give (denominator > 0)."""
    points = {}
    for year in sorted(numerator.values.keys() & denominator.values.keys()):
        bottom = denominator.exact(year)
        if bottom > 0:
            points[year] = ratio(numerator.exact(year), bottom, formula.scale)
    return points


def _derive_one(indicator: Indicator, data: dict[str, IndicatorData]) -> IndicatorData | None:
    formula = indicator.derive
    assert formula is not None
    numerator = data.get(formula.numerator)
    denominator = data.get(formula.denominator)
    if numerator is None or denominator is None:
        return None
    points = derived_points(formula, numerator, denominator)
    if not points:
        return None
    return IndicatorData.of_exact(
        key=indicator.key,
        points=points,
        reported_total=numerator.reported_total and len(points) == 1,
        source="derived",
        note=f"derived: {formula.numerator} / {formula.denominator}"
        + (f" × {formula.scale:g}" if formula.scale != 1 else ""),
    )


def derivable(catalogue: dict[str, Indicator], keys: Iterable[str]) -> tuple[str, ...]:
    """The ``keys`` whose indicator can be derived from its parts, in key order: the only ones
    :func:`with_derived` needs (worked out once per plan)."""
    return tuple(
        key
        for key in sorted(set(keys))
        if (indicator := catalogue.get(key)) is not None and indicator.derive is not None
    )


def with_derived(
    data: dict[str, IndicatorData], catalogue: dict[str, Indicator], wanted: Iterable[str]
) -> dict[str, IndicatorData]:
    """The data plus every wanted indicator that is not given but can be derived from its parts."""
    result = dict(data)
    for key in sorted(wanted):
        indicator = catalogue.get(key)
        if key in result or indicator is None or indicator.derive is None:
            continue
        derived = _derive_one(indicator, result)
        if derived is not None:
            result[key] = derived
    return result


def missing_parts(indicator: Indicator, data: dict[str, IndicatorData]) -> list[str]:
    """The parts of a derivable indicator the data lack (empty when not derivable)."""
    if indicator.derive is None:
        return []
    return [
        part
        for part in (indicator.derive.numerator, indicator.derive.denominator)
        if part not in data
    ]
