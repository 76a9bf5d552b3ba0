"""Submission data checked against the indicator catalogue, and normalised to catalogue units.

Produces :class:`IndicatorData` per known indicator (yearly points in the catalogue unit) plus
the warnings the report lists. Errors (wrong unit, negative counts, impossible values, years in
the future) stop the check. Warnings: unknown keys (W200), a percentage given as a fraction
(W201), a converted unit (W202, a notice), a value given although its parts are given too (W204),
a value far out of line with the other years or the plan's targets (W211), a running total
that falls (W212).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from decimal import Decimal

from ipscore.derive import derived_points
from ipscore.errors import InputError, InputWarning, place_order
from ipscore.evidence import in_full
from ipscore.plan import Derivation, Indicator, Measure, Plan
from ipscore.plausibility import (
    Reference,
    derived_out_of_line,
    falls,
    in_line,
    in_line_floats,
    out_of_line,
    plan_reference,
    plan_window,
)
from ipscore.submission import IndicatorData, IndicatorInput, Submission, child_path
from ipscore.units import Number, conversion_factor, convert, float_range, scale, units_starting

# No catalogue unit (件, 人, 亿元, 件/万人 …) holds a real region's value above the ceiling, or a
# value other than 0 below the floor. Together they keep every ratio and projection finite.
PLAUSIBLE_CEILING = 1e12
PLAUSIBLE_FLOOR = 1e-6
# The same bounds as exact decimals (comparing a Decimal with a float converts the float each
# time, exactly: comparing with its exact decimal gives the same answer, ten times faster).
_CEILING = Decimal(PLAUSIBLE_CEILING)
_FLOOR = Decimal(PLAUSIBLE_FLOOR)


@dataclass
class CheckedData:
    """Everything evaluation needs from a submission, after the catalogue checks."""

    indicators: dict[str, IndicatorData] = field(default_factory=dict)
    milestones: dict[str, bool] = field(default_factory=dict)
    warnings: list[InputWarning] = field(default_factory=list)


Span = tuple[float, float]  # the smallest and largest threshold a plan sets on an indicator


@dataclass(frozen=True, slots=True)
class IndicatorChecks:
    """What checking one indicator's values needs from the catalogue and the plan."""

    indicator: Indicator
    path: str  # where its values are in a submission: $.indicators.<key>
    typical: float | None  # the plan's smallest threshold on it (catalogue unit)
    reference: Reference | None  # the plan's thresholds as what W211 holds a lone value against
    running_total: bool  # the plan reads it as a running total (累计)
    # A value from lowest to highest (and above 1 where fractions are warned about) can neither
    # raise nor warn in _check_value: the catalogue's bounds and the plausible ones, exactly.
    lowest: Decimal
    highest: Decimal
    fractions_warned: bool  # W201 for a value up to 1 (a share in % with no plan target <= 1)
    # The same for given values, on their floats: the floats whose decimals lie from lowest to
    # highest (units.float_range), and plausibility.plan_window of the reference.
    given_range: tuple[float, float]
    window: tuple[float, float] | None


@dataclass(frozen=True)
class PlanChecks:
    """What checking a submission needs from the plan alone, worked out once per plan."""

    catalogue: dict[str, Indicator]
    indicators: dict[str, IndicatorChecks]  # every catalogue indicator but the milestones
    milestones: frozenset[str]  # the catalogue's milestones
    derivable: tuple[tuple[str, Indicator, Derivation], ...]  # by key: the derived indicators


def threshold_spans(plan: Plan) -> dict[str, Span]:
    """The smallest and largest threshold each indicator is held to, in the catalogue unit."""
    spans: dict[str, Span] = {}
    for target in plan.targets:
        if target.kind.in_indicator_unit:
            indicator = plan.indicator_of(target)
            converted = convert(target.threshold, target.unit, indicator.unit)
            value = target.threshold if converted is None else float(converted)
            low, high = spans.get(target.indicator, (value, value))
            spans[target.indicator] = (min(low, value), max(high, value))
    return spans


def plan_checks(
    catalogue: dict[str, Indicator],
    spans: dict[str, Span],
    running_totals: frozenset[str] = frozenset(),
) -> PlanChecks:
    """The catalogue a submission is checked against, the plan's thresholds on it
    (:func:`threshold_spans`) and the indicators it reads as running totals
    (:func:`ipscore.template_rows.running_totals`), prepared for :func:`check_submission`."""
    return PlanChecks(
        catalogue=catalogue,
        indicators={
            key: _indicator_checks(key, indicator, spans.get(key), key in running_totals)
            for key, indicator in catalogue.items()
            if indicator.measure is not Measure.milestone
        },
        milestones=frozenset(
            key for key, indicator in catalogue.items() if indicator.measure is Measure.milestone
        ),
        derivable=tuple(
            (key, indicator, indicator.derive)
            for key, indicator in sorted(catalogue.items())
            if indicator.derive is not None
        ),
    )


def _indicator_checks(
    key: str, indicator: Indicator, span: Span | None, running_total: bool
) -> IndicatorChecks:
    typical = None if span is None else span[0]
    least, most = indicator.minimum, indicator.maximum
    lowest = _FLOOR if least is None else max(_FLOOR, Decimal(least))
    highest = _CEILING if most is None else min(_CEILING, Decimal(most))
    reference = None if span is None else plan_reference(span)
    return IndicatorChecks(
        indicator=indicator,
        path=child_path("$.indicators", key),
        typical=typical,
        reference=reference,
        running_total=running_total,
        lowest=lowest,
        highest=highest,
        fractions_warned=indicator.unit in ("%", "分")
        and most == 100
        and not (typical is not None and typical <= 1),
        given_range=float_range(lowest, highest),
        window=None if reference is None else plan_window(reference),
    )


_WHAT_ZH = {"indicator": "指标", "milestone": "里程碑"}


def _parts_zh(numerator: str, denominator: str, catalogue: dict[str, Indicator]) -> str:
    """The two parts of a derived indicator by their Chinese names: ``A与B``."""
    names = [catalogue[key].zh if key in catalogue else key for key in (numerator, denominator)]
    return "与".join(names)


# Unknown keys warned one by one (each with a suggestion); the rest are counted in one warning.
MAX_UNKNOWN_LISTED = 20


def _suggest(key: str, catalogue: dict[str, Indicator]) -> tuple[str, str]:
    """The closest catalogue key of comparable length (difflib is slow on long text), as a
    suggestion in English and Chinese."""
    candidates = [known for known in catalogue if len(known) <= 2 * len(key) <= 4 * len(known)]
    close = difflib.get_close_matches(key, candidates, n=1, cutoff=0.6)
    if not close:
        return "", ""
    return f"; did you mean {close[0]!r}?", f"；是否应为“{close[0]}”（{catalogue[close[0]].zh}）？"


@dataclass
class _Unknowns:
    """W200 for unknown keys: the first MAX_UNKNOWN_LISTED listed, the others counted."""

    catalogue: dict[str, Indicator]
    file: str | None
    warnings: list[InputWarning]
    count: int = 0

    def add(self, what: str, key: str, path: str) -> None:
        self.count += 1
        if self.count > MAX_UNKNOWN_LISTED:
            return
        hint, hint_zh = _suggest(key, self.catalogue)
        self.warnings.append(
            InputWarning(
                code="W200",
                message=f"unknown {what} {key!r} is ignored{hint}",
                message_zh=f"未知的{_WHAT_ZH[what]}“{key}”，已忽略{hint_zh}",
                file=self.file,
                path=path,
            )
        )

    def close(self) -> None:
        hidden = self.count - MAX_UNKNOWN_LISTED
        if hidden > 0:
            self.warnings.append(
                InputWarning(
                    code="W200",
                    message=f"{hidden} more unknown keys are ignored (not listed one by one)",
                    message_zh=f"另有 {hidden} 个未知的键已忽略（不逐一列出）",
                    file=self.file,
                    path="$",
                )
            )


def _check_value(
    value: Number,
    indicator: Indicator,
    path: str,
    file: str | None,
    warnings: list[InputWarning],
    typical: float | None = None,
) -> None:
    unit = indicator.unit
    name = indicator.zh
    if indicator.minimum is not None and value < indicator.minimum:
        shown, least = in_full(value), in_full(indicator.minimum)
        below, below_zh = (
            ("is negative", "为负数") if value < 0 else (f"is below {least}", f"低于 {least}")
        )
        raise InputError(
            "E111",
            f"{shown} {unit} {below}; {name} cannot be below {least}",
            f"{shown} {unit} {below_zh}：{name}不能低于 {least}",
            file=file,
            path=path,
        )
    if indicator.maximum is not None and value > indicator.maximum:
        shown, most = in_full(value), in_full(indicator.maximum)
        raise InputError(
            "E112",
            f"{shown} {unit} is above the plausible maximum {most} for {name}",
            f"{shown} {unit} 超过{name}的合理上限 {most} {unit}",
            file=file,
            path=path,
        )
    if not value <= PLAUSIBLE_CEILING:
        shown = in_full(value)
        raise InputError(
            "E112",
            f"{shown} {unit} is implausibly large for {name} "
            f"(above {in_full(PLAUSIBLE_CEILING)} {unit})",
            f"{shown} {unit} 对{name}而言大得不合常理（超过 {in_full(PLAUSIBLE_CEILING)} {unit}）",
            file=file,
            path=path,
        )
    if value != 0 and -PLAUSIBLE_FLOOR < value < PLAUSIBLE_FLOOR:
        shown = in_full(value)
        raise InputError(
            "E112",
            f"{shown} {unit} is implausibly small for {name} "
            f"(a value other than 0 is at least {in_full(PLAUSIBLE_FLOOR)} {unit})",
            f"{shown} {unit} 对{name}而言小得不合常理"
            f"（不为 0 的数值至少是 {in_full(PLAUSIBLE_FLOOR)} {unit}）",
            file=file,
            path=path,
        )
    # 0.85 for 85 %: likely a fraction, unless the plan's own thresholds are that small (0.5 %).
    fraction_like = 0 < value <= 1 and (typical is None or typical > 1)
    if unit in ("%", "分") and indicator.maximum == 100 and fraction_like:
        shown_float = float(value)
        warnings.append(
            InputWarning(
                code="W201",
                message=f"{shown_float} looks like a fraction; {name} is in {unit}: "
                f"did you mean {shown_float * 100:g}?",
                message_zh=f"{shown_float} 像是小数形式，而{name}以 {unit} 计："
                f"是否应为 {shown_float * 100:g}？",
                file=file,
                path=path,
            )
        )


def _check_derived(
    given: dict[str, IndicatorData], checks: PlanChecks, file: str | None
) -> list[InputWarning]:
    """A value derived from given parts (a share, a per-10k rate) must be plausible too: a share
    above 100 % means the parts contradict each other. Returns W211 for a derived row far out
    of line with the plan's targets on it (a part typed in 万件, or a population in 人)."""
    catalogue = checks.catalogue
    warnings: list[InputWarning] = []
    for key, indicator, formula in checks.derivable:
        if key in given:
            continue
        numerator, denominator = given.get(formula.numerator), given.get(formula.denominator)
        if numerator is None or denominator is None:
            continue
        points = derived_points(formula, numerator, denominator)
        for year, value in points.items():
            try:
                _check_value(value, indicator, "", file, [])
            except InputError as exc:
                parts_zh = _parts_zh(formula.numerator, formula.denominator, catalogue)
                raise InputError(
                    exc.code,
                    f"{key} derived from {formula.numerator} / {formula.denominator} for {year}: "
                    f"{exc.message}; check both values",
                    f"由{parts_zh}推算的{indicator.zh}（{year}年）：{exc.problems[0].text('zh')}；"
                    "请核对这两项数值",
                    file=file,
                    path=child_path("$.indicators", formula.numerator),
                ) from None
        reference = checks.indicators[key].reference
        if reference is not None:
            parts = (catalogue[formula.numerator], catalogue[formula.denominator])
            path = child_path("$.indicators", formula.numerator)
            warnings.extend(derived_out_of_line(points, indicator, parts, reference, path, file))
    return warnings


def _derivable(
    given: dict[str, IndicatorData], checks: PlanChecks, file: str | None
) -> list[InputWarning]:
    """W204 for each indicator given directly although its parts are given too."""
    warnings = []
    for key, indicator, formula in checks.derivable:
        if key not in given or not {formula.numerator, formula.denominator} <= given.keys():
            continue
        warnings.append(
            InputWarning(
                code="W204",
                message=f"{key!r} is given and could be derived from {formula.numerator} / "
                f"{formula.denominator}: the given value is used",
                message_zh=f"{indicator.zh}已直接给出，也可由"
                f"{_parts_zh(formula.numerator, formula.denominator, checks.catalogue)}推算："
                "采用所给数值",
                file=file,
                path=child_path("$.indicators", key),
            )
        )
    return warnings


def _unremarkable(low: Decimal, high: Decimal, checks: IndicatorChecks) -> bool:
    """Whether :func:`_check_value` would neither raise nor warn for any value from ``low`` to
    ``high`` (values that fail this are checked one by one)."""
    return (
        checks.lowest <= low and high <= checks.highest and (low > 1 or not checks.fractions_warned)
    )


def _unremarkable_floats(low: float, high: float, checks: IndicatorChecks) -> bool:
    """:func:`_unremarkable` of the decimals two given floats write, told from the floats
    (``given_range`` holds exactly the floats whose decimals lie within the bounds, and a
    float's decimal is above 1 exactly when the float is)."""
    first, last = checks.given_range
    return first <= low and high <= last and (low > 1 or not checks.fractions_warned)


def _told_from_ends(data: IndicatorData, checks: IndicatorChecks) -> tuple[bool, bool]:
    """Whether a row is unremarkable (no value can raise or warn in :func:`_check_value`) and
    whether it is in line as well (W211 cannot warn: :func:`in_line`), told from its smallest
    and largest value. Given values are told from their floats, with no decimal made; values
    made by a unit conversion from their decimals."""
    count, indicator = len(data.values), checks.indicator
    if data.made is None:
        low, high = min(data.values.values()), max(data.values.values())
        unremarkable = _unremarkable_floats(low, high, checks)
        return unremarkable, unremarkable and in_line_floats(
            low, high, count, indicator, checks.window
        )
    exact_low, exact_high = min(data.made.values()), max(data.made.values())
    unremarkable = _unremarkable(exact_low, exact_high, checks)
    return unremarkable, unremarkable and in_line(
        exact_low, exact_high, count, indicator, checks.reference
    )


def _factor(
    given: IndicatorInput,
    checks: IndicatorChecks,
    file: str | None,
    warnings: list[InputWarning],
) -> float:
    """The factor from the unit the values were given in to the catalogue unit (W202 says it
    was converted; E113 when it does not convert)."""
    indicator, path = checks.indicator, checks.path
    if given.unit is None or given.unit == indicator.unit:
        return 1.0
    factor = conversion_factor(given.unit, indicator.unit)
    if factor is None:
        likely = units_starting(given.unit, indicator.unit)
        hint = f": did you mean {' or '.join(map(repr, likely))}?" if likely else ""
        hint_zh = f"：是否应为{'或'.join(f'“{u}”' for u in likely)}？" if likely else ""
        raise InputError(
            "E113",
            f"unit {given.unit!r} does not match the catalogue unit {indicator.unit!r} "
            f"and does not convert to it{hint}",
            f"单位“{given.unit}”与指标目录中{indicator.zh}的单位“{indicator.unit}”不符，"
            f"也无法换算{hint_zh}",
            file=file,
            path=f"{path}.unit",
        )
    warnings.append(
        InputWarning(
            code="W202",
            message=f"{given.unit} converted to the catalogue unit {indicator.unit} (×{factor:g})",
            message_zh=f"{given.unit}已换算为指标目录的单位 {indicator.unit}（×{factor:g}）",
            file=file,
            path=f"{path}.unit",
        )
    )
    return factor


def _given(
    key: str, series: dict[int, float], factor: float, reported_total: bool, note: str | None
) -> IndicatorData:
    """The values in year order in the catalogue unit: as given (by the factor 1, each float is
    the decimal its shortest repr writes, units.exact), or :func:`units.scale` of each, exactly."""
    years = sorted(series)
    if factor == 1.0:
        return IndicatorData(key, {year: series[year] for year in years}, reported_total, note=note)
    points = {year: scale(series[year], factor) for year in years}
    return IndicatorData.of_exact(key, points, reported_total, note=note)


def _normalise(
    key: str,
    given: IndicatorInput,
    checks: IndicatorChecks,
    as_of_year: int,
    file: str | None,
    warnings: list[InputWarning],
) -> IndicatorData:
    """One indicator's values in the catalogue unit, checked (raises the first error, adds the
    warnings to ``warnings``). The values are turned into decimals only where a value is checked
    one by one; an unremarkable row is told by its smallest and largest value."""
    indicator, path = checks.indicator, checks.path
    factor = _factor(given, checks, file, warnings)
    converted = factor != 1.0
    note = f"converted from {given.unit} to {indicator.unit}" if converted else None
    if given.series is not None:
        series_path = f"{path}.series" if given.wrapped else path
        data = _given(key, given.series, factor, False, note)
        unremarkable, in_line_too = _told_from_ends(data, checks)
        if next(reversed(data.values)) > as_of_year or not unremarkable:
            for year, value in data.exact_points().items():  # in year order: the first raises
                where = f"{series_path}.{year}"
                if year > as_of_year:
                    raise InputError(
                        "E115",
                        f"year {year} is after as_of ({as_of_year})",
                        f"{year}年晚于数据截止日期 as_of（{as_of_year}年）",
                        file=file,
                        path=where,
                    )
                _check_value(value, indicator, where, file, warnings, checks.typical)
        found = []
        if not in_line_too:
            points = data.exact_points()
            found = out_of_line(points, indicator, checks.reference, converted, series_path, file)
        # One value in the wrong unit makes the row fall too: its W211 says why. A whole row
        # in the wrong unit (W211 at the row) can still fall: W212 says so as well.
        if checks.running_total and all(warning.path == series_path for warning in found):
            found += falls(data.comparable(), indicator, series_path, file)
        warnings.extend(found)
        return data
    assert given.value is not None
    data = _given(key, {as_of_year: given.value}, factor, True, note)
    where = f"{path}.value" if given.wrapped else path
    unremarkable, in_line_too = _told_from_ends(data, checks)
    if not unremarkable:
        _check_value(data.exact(as_of_year), indicator, where, file, warnings, checks.typical)
    if not in_line_too:
        single = data.exact_points()
        warnings.extend(
            out_of_line(single, indicator, checks.reference, converted, where, file, False)
        )
    return data


def check_submission(
    submission: Submission, checks: PlanChecks, file: str | None = None
) -> CheckedData:
    """Check every value against the catalogue; unknown keys warn with a suggestion.

    ``checks.indicators`` gives, per indicator, the smallest and largest threshold the plan sets
    on it (catalogue unit): the smallest keeps the fraction warning quiet where the plan itself
    counts below 1 %; both are what a value with no other years is held against (W211).

    Every indicator and milestone is checked: their problems are raised together, as one
    InputError carrying each (sorted by place), so a city fixes them in one pass; when there
    are errors, it carries the warnings too (not the notices, which only inform).
    """
    catalogue = checks.catalogue
    errors: list[InputError] = []
    checked = CheckedData()
    unknowns = _Unknowns(catalogue, file, checked.warnings)
    as_of_year = submission.as_of.year
    for key, given in sorted(submission.indicators.items()):
        indicator_checks = checks.indicators.get(key)
        if indicator_checks is not None:
            try:
                checked.indicators[key] = _normalise(
                    key, given, indicator_checks, as_of_year, file, checked.warnings
                )
            except InputError as exc:
                errors.append(exc)
        elif key in checks.milestones:
            errors.append(
                InputError(
                    "E110",
                    f"{key!r} is a milestone: give it under milestones as true/false",
                    f"“{key}”（{catalogue[key].zh}）是里程碑：请在 milestones 下填 true 或 false",
                    file=file,
                    path=child_path("$.indicators", key),
                )
            )
        else:
            unknowns.add("indicator", key, child_path("$.indicators", key))
    try:
        checked.warnings.extend(_check_derived(checked.indicators, checks, file))
    except InputError as exc:
        errors.append(exc)
    checked.warnings.extend(_derivable(checked.indicators, checks, file))
    milestones, as_of = submission.milestones, submission.as_of
    checked.milestones = {
        key: milestone.done
        for key, milestone in milestones.items()
        if key in checks.milestones and (milestone.date is None or milestone.date <= as_of)
    }
    for key in sorted(milestones.keys() - checked.milestones.keys()):  # the others, by key
        milestone = milestones[key]
        if key in checks.milestones:
            message = f"date {milestone.date} is after as_of"
            zh = f"完成日期 {milestone.date} 晚于数据截止日期 as_of"
            path = f"{child_path('$.milestones', key)}.date"
            errors.append(InputError("E115", message, zh, file=file, path=path))
        elif key in catalogue:
            message = f"{key!r} is not a milestone: give it under indicators"
            zh = f"“{key}”（{catalogue[key].zh}）不是里程碑：请在 indicators 下填写"
            path = child_path("$.milestones", key)
            errors.append(InputError("E110", message, zh, file=file, path=path))
        else:
            unknowns.add("milestone", key, child_path("$.milestones", key))
    unknowns.close()
    if errors:  # the warnings too (not the notices): the run that stops lists every problem
        warnings = [w for w in checked.warnings if w.level == "warning"]
        problems: list[InputError | InputWarning] = [*errors, *warnings]
        raise InputError.of(sorted(problems, key=lambda e: place_order(e.file, e.path)))
    return checked
