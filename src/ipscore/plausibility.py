"""W211: a value far out of line with the indicator's other years or with the plan's targets;
W212: a running total that falls.

A count in 万件 typed without its unit (0.29 for 2,900 件) is a possible number of patents, so
no range check catches it; but it is ten thousand times smaller than the years before it. Such a
value is used as given (it may be real) and warned about, with the unit it was probably typed in
when a multiple of the catalogue unit brings it in line (万件, 万元, 万人次 …).
A whole row typed so agrees with itself, so it is held against the plan's targets as well; so
is a rate derived from two given parts (a part in 万件 or a population in 人 puts it far off).

A running total (期内累计 or 历年累计: a stock a plan counts as 累计, such as registrations since
2001) can only grow. When its value falls from one given year to the next, the row does not hold
running totals: most likely each year's additions (当年新增) were typed into it, and the target
would be judged on one year's additions instead of the total.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from decimal import Decimal

from ipscore.errors import InputWarning
from ipscore.evidence import in_full, number
from ipscore.plan import Indicator
from ipscore.units import conversion_factor, family_units, float_range, in_decimal_context

# Three orders of magnitude: far beyond any real change from one year to the next, and beyond
# the gap between a plan's smallest target on an indicator and a real value of it.
OUT_OF_LINE = 1000

# Units whose small values W201 already explains (0.85 for 85 %).
_FRACTION_UNITS = ("%", "分")


def _likely_unit(value: Decimal, reference: Decimal, unit: str) -> str | None:
    """The multiple of ``unit`` that brings ``value`` within ten times ``reference``, if any."""
    best: tuple[float, str] | None = None
    for candidate in family_units(unit):
        factor = conversion_factor(candidate, unit)
        if candidate == unit or factor is None:
            continue
        distance = abs(math.log10(float(value) * factor / float(reference)))
        if distance < 1 and (best is None or distance < best[0]):
            best = (distance, candidate)
    return None if best is None else best[1]


Reference = tuple[Decimal, Decimal, tuple[str, str]]  # low, high, what they are (en, zh)


def plan_reference(span: tuple[float, float]) -> Reference | None:
    """The plan's smallest and largest target on an indicator, as a reference for its values
    (worked out once per plan); None when the smallest is not positive."""
    if span[0] > 0:
        targets = ("the plan's targets", "方案的目标值")
        return Decimal(repr(span[0])), Decimal(repr(span[1])), targets
    return None


def _references(points: dict[int, Decimal], year: int, plan: Reference | None) -> list[Reference]:
    """What a year's value is held against: the median of the other years (or the one other
    year), and the plan's smallest and largest target on the indicator."""
    others = [value for other, value in points.items() if other != year and value > 0]
    found: list[Reference] = []
    if others:
        median = statistics.median(others)
        several = len(others) > 1
        what = ("the other years", "其他年份") if several else ("the other year", "另一年份")
        found.append((median, median, what))
    if plan is not None:
        found.append(plan)
    return found


def _in_line(value: Decimal, reference: Reference) -> bool:
    low, high, _ = reference
    return low / OUT_OF_LINE < value < high * OUT_OF_LINE


def _years_in_line(points: dict[int, Decimal]) -> bool:
    """Whether every positive value is in line with the median of the other positive ones,
    decided from the smallest and largest: a median lies between them, and the bounds round
    the same way as in :func:`_in_line`."""
    positive = [value for value in points.values() if value > 0]
    if len(positive) < 2:
        return False
    return _agree(min(positive), max(positive))


def _agree(low: Decimal, high: Decimal) -> bool:
    """Whether the smallest and largest of positive values (``low`` ≤ ``high``) are in line with
    each other: :func:`_in_line` of each held against the other, where ``low < high × 1000``
    and ``low / 1000 < high`` always hold and ``high / 1000 < low`` is ``high < low × 1000``
    (both exact in decimal: the factor only moves the exponent)."""
    return high < low * OUT_OF_LINE


def in_line(
    low: Decimal, high: Decimal, count: int, indicator: Indicator, plan: Reference | None
) -> bool:
    """Whether :func:`out_of_line` finds nothing in ``count`` values from ``low`` to ``high``,
    all positive, told from those two alone (False may still find nothing: then ask
    :func:`out_of_line`). The years are in line with each other as :func:`_years_in_line`
    decides; then one value in line with the plan's targets keeps the row quiet."""
    if indicator.unit in _FRACTION_UNITS:
        return True
    if count > 1 and not _agree(low, high):
        return False
    return plan is None or _in_line(low, plan) or _in_line(high, plan)


# Each given float is within 2**-53 of its decimal (relative), and a float product rounds once
# more: a float comparison that holds by this much more holds for the decimals too.
_ROUNDING_MARGIN = 1 + 2**-49


@in_decimal_context
def plan_window(plan: Reference) -> tuple[float, float]:
    """The smallest and largest float whose decimal is in line with the plan's targets (as
    :func:`_in_line` holds it), worked out once per plan for :func:`in_line_floats`."""
    low, high, _ = plan
    return float_range(low / OUT_OF_LINE, high * OUT_OF_LINE, closed=False)


def in_line_floats(
    low: float, high: float, count: int, indicator: Indicator, window: tuple[float, float] | None
) -> bool:
    """:func:`in_line` for given values (each the decimal its float writes), told from their
    floats without making a decimal. ``window`` is :func:`plan_window` of the plan's targets:
    against it a float is in line exactly when its decimal is. Whether the years agree is
    compared with a margin (:data:`_ROUNDING_MARGIN`), so True only where :func:`in_line` of the
    decimals is True too: a pair that close to ×1000 is left to :func:`out_of_line`, which
    decides exactly."""
    if indicator.unit in _FRACTION_UNITS:
        return True
    if count > 1 and not high * _ROUNDING_MARGIN < low * OUT_OF_LINE:
        return False
    return window is None or window[0] <= low <= window[1] or window[0] <= high <= window[1]


def _shown(value: Decimal | float) -> str:
    """A value as messages show numbers (2,900; 0.29), never in e-notation: a value too small
    for two to four decimals keeps its own digits (0.00000029)."""
    text = number(value)
    if value and text.strip("-0.") == "":
        text = format(Decimal(repr(float(value))), "f")
    return text


def _times(value: Decimal, reference: Decimal) -> tuple[str, bool]:
    """How many times smaller or larger ``value`` is than ``reference``, and whether smaller."""
    ratio = value / reference
    smaller = ratio < 1
    return f"{float(1 / ratio if smaller else ratio):,.0f}", smaller


def _gap(value: Decimal, reference: Reference, unit: str) -> tuple[Decimal, str, bool, str]:
    """The bound of ``reference`` that ``value`` lies beyond, how many times smaller or larger
    the value is, whether smaller, and the bound as shown (about 2,792 件)."""
    low, high, _ = reference
    bound = low if value < low else high
    times, smaller = _times(value, bound)
    return bound, times, smaller, f"{_shown(bound)} {unit}"


def _in_catalogue_unit(value: Decimal, likely: str, unit: str) -> str:
    """``value`` read as a value in ``likely``, written in ``unit`` (0.29 万件 → 2,900 件)."""
    return f"{_shown(float(value) * (conversion_factor(likely, unit) or 1.0))} {unit}"


def out_of_line(
    points: dict[int, Decimal],
    indicator: Indicator,
    plan: Reference | None,
    converted: bool,
    path: str,
    file: str | None,
    by_year: bool = True,
) -> list[InputWarning]:
    """W211 for the latest year whose value is far out of line with the other years and with
    the plan's targets, as far as each is known, or for a whole row whose years agree with each
    other but all lie far from the plan's targets (one warning per indicator).

    ``points`` are in the catalogue unit; ``plan`` is :func:`plan_reference` of the plan's
    thresholds on the indicator; ``converted`` says the user named another unit (then
    no unit is suggested: the one named was converted already). ``by_year``: ``path`` is a
    series, and the warning names the year's key under it.
    """
    unit = indicator.unit
    if unit in _FRACTION_UNITS:
        return []
    if _years_in_line(points):
        return _row_out_of_line(points, indicator, plan, converted, path, file)
    for year in sorted(points, reverse=True):
        value = points[year]
        references = _references(points, year, plan) if value > 0 else []
        if not references or any(_in_line(value, r) for r in references):
            continue
        against, against_zh = references[0][2]
        reference, times, smaller, about = _gap(value, references[0], unit)
        message = (
            f"{_shown(value)} {unit} for {year} is {times} times "
            f"{'smaller' if smaller else 'larger'} than {against} (about {about}) "
            f"for {indicator.zh}"
        )
        zh = (
            f"{indicator.zh}{year}年的数值 {_shown(value)} {unit} 与{against_zh}（约 {about}）"
            f"相差约 {times} 倍，明显偏{'小' if smaller else '大'}"
        )
        likely = None if converted else _likely_unit(value, reference, unit)
        if likely is None:
            message += ": check the value and its unit"
            zh += "：请核对数值及其单位"
        elif references[0] is not plan:  # the other years are in line: only this value is off
            written = _in_catalogue_unit(value, likely, unit)
            message += f": is it in {likely}? Then write it in {unit}, as {written}"
            zh += f"：是否以{likely}为单位？如是，请按{unit}写成 {written}"
        else:  # no other year to go by: the value is the row
            written = _in_catalogue_unit(value, likely, unit)
            message += f": is it in {likely}? Then give the unit {likely} (or write {written})"
            zh += f"：是否以{likely}为单位？如是，请把单位填为{likely}（或写成 {written}）"
        place = f"{path}.{year}" if by_year else path
        return [InputWarning(code="W211", message=message, message_zh=zh, file=file, path=place)]
    return []


def falls(
    points: Mapping[int, float] | Mapping[int, Decimal],
    indicator: Indicator,
    path: str,
    file: str | None,
) -> list[InputWarning]:
    """W212 for the first given year whose value is below the previous given year's, for an
    indicator the plan reads as a running total (one warning per indicator, at the later year).

    ``points`` are in the catalogue unit, all floats or all decimals (IndicatorData.comparable:
    they compare as their exact values do, and in_full shows a float as its decimal); ``path``
    is the series, the warning names the year's key under it.
    """
    years = sorted(points)
    for earlier, later in zip(years, years[1:], strict=False):
        before, after = points[earlier], points[later]
        if after >= before:
            continue
        unit, name = indicator.unit, indicator.zh
        was, now = f"{in_full(before)} {unit}", f"{in_full(after)} {unit}"
        message = (
            f"{now} for {later} is less than {was} for {earlier}, but {name} is a running total "
            "(期内累计 or 历年累计), which cannot fall: were yearly additions (当年新增) typed "
            "into it? Give each year the running total at that year's end"
        )
        zh = (
            f"{name}为累计数（期内累计或历年累计），不会减少，"
            f"但{later}年的 {now} 少于{earlier}年的 {was}："
            "是否把当年新增数填进了累计行？请每年填截至该年年末的累计数"
        )
        place = f"{path}.{later}"
        return [InputWarning(code="W212", message=message, message_zh=zh, file=file, path=place)]
    return []


def _row_out_of_line(
    points: dict[int, Decimal],
    indicator: Indicator,
    plan: Reference | None,
    converted: bool,
    path: str,
    file: str | None,
) -> list[InputWarning]:
    """W211 for a row whose years agree with each other (checked by the caller) but whose every
    value other than 0 is far out of line with the plan's targets: typically a whole row typed
    in 万件 under the unit 件. The warning is at the row and suggests a unit for all of it."""
    positive = {year: value for year, value in points.items() if value > 0}
    if plan is None or any(_in_line(value, plan) for value in positive.values()):
        return []
    unit = indicator.unit
    against, against_zh = plan[2]
    year = max(positive)
    value = positive[year]
    reference, times, smaller, about = _gap(value, plan, unit)
    years = f"{min(positive)}–{year}"
    message = (
        f"every value of {indicator.zh} for {years} is far "
        f"{'smaller' if smaller else 'larger'} than {against} (about {about}): "
        f"{_shown(value)} {unit} for {year} is {times} times {'smaller' if smaller else 'larger'}"
    )
    zh = (
        f"{indicator.zh}{min(positive)}—{year}年的数值均与{against_zh}（约 {about}）相差悬殊："
        f"{year}年的 {_shown(value)} {unit} 明显偏{'小' if smaller else '大'}，相差约 {times} 倍"
    )
    likely = None if converted else _likely_unit(value, reference, unit)
    if likely is None:
        message += "; check the values and their unit"
        zh += "；请核对各年数值及其单位"
    else:
        written = _in_catalogue_unit(value, likely, unit)
        message += (
            f"; are they in {likely}? Then give the row the unit {likely} "
            f"(or write each value in {unit}: {year}'s as {written})"
        )
        zh += (
            f"；是否以{likely}为单位？如是，请把这一行的单位填为{likely}"
            f"（或按{unit}填写各年数值，如{year}年写成 {written}）"
        )
    return [InputWarning(code="W211", message=message, message_zh=zh, file=file, path=path)]


def derived_out_of_line(
    points: dict[int, Decimal],
    indicator: Indicator,
    parts: tuple[Indicator, Indicator],
    plan: Reference | None,
    path: str,
    file: str | None,
) -> list[InputWarning]:
    """W211 for an indicator derived from given parts (a per-10k rate) whose every value other
    than 0 is far out of line with the plan's targets on it: one part was typed in another unit
    (patents in 万件, a population in 人 rather than 万人). Either part can cause it, so both
    are named; the warning is at ``path`` (the numerator's row)."""
    positive = {year: value for year, value in points.items() if value > 0}
    if not positive or plan is None or any(_in_line(v, plan) for v in positive.values()):
        return []
    unit = indicator.unit
    numerator, denominator = parts
    against, against_zh = plan[2]
    year = max(positive)
    value = positive[year]
    _, times, smaller, about = _gap(value, plan, unit)
    message = (
        f"{indicator.zh} derived from {numerator.zh} / {denominator.zh} is {_shown(value)} {unit} "
        f"for {year}, {times} times {'smaller' if smaller else 'larger'} than {against} "
        f"(about {about}): check both values and their units ({numerator.zh} in "
        f"{numerator.unit}, {denominator.zh} in {denominator.unit})"
    )
    zh = (
        f"由{numerator.zh}与{denominator.zh}推算的{indicator.zh}{year}年为 {_shown(value)} {unit}，"
        f"与{against_zh}（约 {about}）相差约 {times} 倍，明显偏{'小' if smaller else '大'}："
        f"请核对这两项数值及其单位（{numerator.zh}以{numerator.unit}计，"
        f"{denominator.zh}以{denominator.unit}计）"
    )
    return [InputWarning(code="W211", message=message, message_zh=zh, file=file, path=path)]
