"""W211: a value far out of line with the indicator's other years or with the plan's targets;
W212: a running total that falls.

A count in 万件 typed without its unit (0.29 for 2,900 件) is a possible number of patents, so
no range check catches it; but it is ten thousand times smaller than the years before it. Such a
value is used as given (it may be real) and warned about, with the unit it was probably typed in
when a multiple of the catalogue unit brings it in line (万件, 万元, 万人次 …).

A running total (期内累计: a stock a plan counts as 累计, such as registrations since 2001) can
only grow. When its value falls from one given year to the next, the row does not hold running
totals: most likely each year's additions (当年新增) were typed into it, and the target would be
judged on one year's additions instead of the total.
"""

from __future__ import annotations

import math
import statistics
from decimal import Decimal

from ipscore.errors import InputWarning
from ipscore.plan import Indicator
from ipscore.units import conversion_factor, family_units

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
    low, high = min(positive), max(positive)
    return _in_line(low, (high, high, ("", ""))) and _in_line(high, (low, low, ("", "")))


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
    the plan's targets, as far as each is known (one warning per indicator).

    ``points`` are in the catalogue unit; ``plan`` is :func:`plan_reference` of the plan's
    thresholds on the indicator; ``converted`` says the user named another unit (then
    no unit is suggested: the one named was converted already). ``by_year``: ``path`` is a
    series, and the warning names the year's key under it.
    """
    unit = indicator.unit
    if unit in _FRACTION_UNITS or _years_in_line(points):
        return []
    for year in sorted(points, reverse=True):
        value = points[year]
        references = _references(points, year, plan) if value > 0 else []
        if not references or any(_in_line(value, r) for r in references):
            continue
        low, high, (against, against_zh) = references[0]
        reference = low if value < low else high
        ratio = value / reference
        smaller = ratio < 1
        times = f"{float(1 / ratio):,.0f}" if smaller else f"{ratio:,.0f}"
        about = f"{float(reference):,.6g} {unit}"
        message = (
            f"{float(value):g} {unit} for {year} is {times} times "
            f"{'smaller' if smaller else 'larger'} than {against} (about {about}) "
            f"for {indicator.zh}"
        )
        zh = (
            f"{indicator.zh}{year}年的数值 {float(value):g} {unit} 与{against_zh}（约 {about}）"
            f"相差约 {times} 倍，明显偏{'小' if smaller else '大'}"
        )
        likely = None if converted else _likely_unit(value, reference, unit)
        if likely is not None:
            written = f"{float(value) * (conversion_factor(likely, unit) or 1.0):,.6g} {unit}"
            message += f": is it in {likely}? Then give the unit {likely} (or write {written})"
            zh += f"：是否以{likely}为单位？如是，请把单位填为{likely}（或写成 {written}）"
        else:
            message += ": check the value and its unit"
            zh += "：请核对数值及其单位"
        place = f"{path}.{year}" if by_year else path
        return [InputWarning(code="W211", message=message, message_zh=zh, file=file, path=place)]
    return []


def falls(
    points: dict[int, Decimal], indicator: Indicator, path: str, file: str | None
) -> list[InputWarning]:
    """W212 for the first given year whose value is below the previous given year's, for an
    indicator the plan reads as a running total (one warning per indicator, at the later year).

    ``points`` are in the catalogue unit; ``path`` is the series, the warning names the year's
    key under it.
    """
    years = sorted(points)
    for earlier, later in zip(years, years[1:], strict=False):
        before, after = points[earlier], points[later]
        if after >= before:
            continue
        unit, name = indicator.unit, indicator.zh
        was, now = f"{float(before):,.12g} {unit}", f"{float(after):,.12g} {unit}"
        message = (
            f"{now} for {later} is less than {was} for {earlier}, but {name} is a running total "
            "(期内累计), which cannot fall: were yearly additions (当年新增) typed into it? Give "
            "each year the running total at that year's end"
        )
        zh = (
            f"{name}为期内累计数，不会减少，但{later}年的 {now} 少于{earlier}年的 {was}："
            "是否把当年新增数填进了期内累计行？请每年填截至该年年末的累计数"
        )
        place = f"{path}.{later}"
        return [InputWarning(code="W212", message=message, message_zh=zh, file=file, path=place)]
    return []
