"""Submission data checked against the indicator catalogue, and normalised to catalogue units.

Produces :class:`IndicatorData` per known indicator (yearly points in the catalogue unit) plus
the warnings the report lists. Errors (wrong unit, negative counts, impossible values, years in
the future) stop the check.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ipscore.errors import InputError, InputWarning
from ipscore.plan import Indicator, Measure
from ipscore.submission import IndicatorInput, Submission
from ipscore.units import conversion_factor


@dataclass(frozen=True)
class IndicatorData:
    """One indicator's yearly values in the catalogue unit, and where they came from."""

    key: str
    points: dict[int, float]
    reported_total: bool = False  # a single number: the running total / value as of as_of
    source: str = "given"  # given | derived
    note: str | None = None  # e.g. "converted from 万元", "derived from a / b"

    def latest(self, up_to: int) -> tuple[int, float] | None:
        years = [year for year in self.points if year <= up_to]
        if not years:
            return None
        year = max(years)
        return year, self.points[year]


@dataclass
class CheckedData:
    """Everything evaluation needs from a submission, after the catalogue checks."""

    indicators: dict[str, IndicatorData] = field(default_factory=dict)
    milestones: dict[str, bool] = field(default_factory=dict)
    warnings: list[InputWarning] = field(default_factory=list)


def _suggest(key: str, catalogue: dict[str, Indicator]) -> str:
    close = difflib.get_close_matches(key, list(catalogue), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _check_value(
    value: float, indicator: Indicator, path: str, file: str | None, warnings: list[InputWarning]
) -> None:
    unit = indicator.unit
    if indicator.minimum is not None and value < indicator.minimum:
        raise InputError(
            "E111",
            f"{value:g} {unit} is negative; {indicator.zh} cannot be below {indicator.minimum:g}",
            file=file,
            path=path,
        )
    if indicator.maximum is not None and value > indicator.maximum:
        raise InputError(
            "E112",
            f"{value:g} {unit} is above the plausible maximum {indicator.maximum:g} "
            f"for {indicator.zh}",
            file=file,
            path=path,
        )
    if unit in ("%", "分") and indicator.maximum == 100 and 0 < value <= 1:
        warnings.append(
            InputWarning(
                code="W201",
                message=f"{value:g} looks like a fraction; {indicator.zh} is in {unit}: "
                f"did you mean {value * 100:g}?",
                file=file,
                path=path,
            )
        )


def _normalise(
    key: str,
    given: IndicatorInput,
    indicator: Indicator,
    as_of_year: int,
    file: str | None,
    warnings: list[InputWarning],
) -> IndicatorData:
    path = f"$.indicators.{key}"
    note = None
    factor = 1.0
    if given.unit is not None and given.unit != indicator.unit:
        converted = conversion_factor(given.unit, indicator.unit)
        if converted is None:
            raise InputError(
                "E113",
                f"unit {given.unit!r} does not match the catalogue unit {indicator.unit!r} "
                "and does not convert to it",
                file=file,
                path=f"{path}.unit",
            )
        factor = converted
        note = f"converted from {given.unit} to {indicator.unit}"
    if given.series is not None:
        points = {}
        for year, value in sorted(given.series.items()):
            if year > as_of_year:
                raise InputError(
                    "E115",
                    f"year {year} is after as_of ({as_of_year})",
                    file=file,
                    path=f"{path}.{year}",
                )
            points[year] = value * factor
            _check_value(points[year], indicator, f"{path}.{year}", file, warnings)
        return IndicatorData(key, points, reported_total=False, note=note)
    assert given.value is not None
    value = given.value * factor
    _check_value(value, indicator, path, file, warnings)
    return IndicatorData(key, {as_of_year: value}, reported_total=True, note=note)


def check_submission(
    submission: Submission, catalogue: dict[str, Indicator], file: str | None = None
) -> CheckedData:
    """Check every value against the catalogue; unknown keys warn with a suggestion."""
    checked = CheckedData()
    as_of_year = submission.as_of.year
    for key, given in sorted(submission.indicators.items()):
        indicator = catalogue.get(key)
        if indicator is None:
            checked.warnings.append(
                InputWarning(
                    code="W200",
                    message=f"unknown indicator {key!r} is ignored{_suggest(key, catalogue)}",
                    file=file,
                    path=f"$.indicators.{key}",
                )
            )
            continue
        if indicator.measure is Measure.milestone:
            raise InputError(
                "E110",
                f"{key!r} is a milestone: give it under milestones as true/false",
                file=file,
                path=f"$.indicators.{key}",
            )
        checked.indicators[key] = _normalise(
            key, given, indicator, as_of_year, file, checked.warnings
        )
    for key, milestone in sorted(submission.milestones.items()):
        indicator = catalogue.get(key)
        path = f"$.milestones.{key}"
        if indicator is None:
            checked.warnings.append(
                InputWarning(
                    code="W200",
                    message=f"unknown milestone {key!r} is ignored{_suggest(key, catalogue)}",
                    file=file,
                    path=path,
                )
            )
            continue
        if indicator.measure is not Measure.milestone:
            raise InputError(
                "E110",
                f"{key!r} is not a milestone: give it under indicators",
                file=file,
                path=path,
            )
        if milestone.date is not None and milestone.date > submission.as_of:
            raise InputError(
                "E115", f"date {milestone.date} is after as_of", file=file, path=f"{path}.date"
            )
        checked.milestones[key] = milestone.done
    return checked
