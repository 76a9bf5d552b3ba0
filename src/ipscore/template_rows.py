"""What each row of a fill-in template tells the person filling it, in Chinese or English.

For every indicator a plan needs: the targets that use it (threshold, comparator in words, year
and the plan's sentence), its 口径 (what one year's cell holds: 年末存量, 当年新增 or 期内累计,
see :func:`basis`), the years to fill, the base years a target reads from the data, and for the
parts of a derived indicator what they are used for. Pure functions of the plan; the writer
(:mod:`ipscore.sheets`) lays the texts out, docs/spreadsheets.md explains them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from ipscore.lang import Lang
from ipscore.plan import ALTERNATIVE_MARK, Comparator, Indicator, Kind, Measure, Plan, Target
from ipscore.units import convert


class Basis(StrEnum):
    """口径: what the number in one year's cell of a row is, in the words IP offices use."""

    year_end = "年末存量"  # the level at the year's end (a stock: 拥有量, a count of titles)
    value = "当年数值"  # a ratio, share, index, score or average: that year's figure
    yearly = "当年新增"  # the amount of that year alone (a flow: 授权量, 登记量, 融资额)
    yearly_summed = "当年新增（程序累计）"  # a flow a target sums over the years
    running_total = "期内累计"  # the running total since the plan began (a stock the plan sums)
    all_time = "历年累计"  # the all-time running total at the year's end (a register's count)

    def text(self, lang: Lang) -> str:
        """The 口径 and what to type, for the row's 口径 cell."""
        return _BASIS_TEXT[self][0 if lang == "zh" else 1]


# The 口径 of a running total: its values never fall (W212).
RUNNING_TOTALS = frozenset({Basis.running_total, Basis.all_time})

_BASIS_TEXT = {
    Basis.year_end: (
        "年末存量：每年填该年年末的数值（存量），不是当年新增的数量",
        "年末存量 (year-end level): each year, the total at that year's end, not that year's "
        "additions",
    ),
    Basis.value: (
        "当年数值（比值、占比、指数或得分）：每年填该年的数值，按“定义”列计算，不要与往年相加",
        "当年数值 (the year's figure: a ratio, share, index or score): each year, that year's "
        "figure as the definition says, never added to earlier years",
    ),
    Basis.yearly: (
        "当年数值（当年新增）：每年只填该年内发生的数量，不要与往年相加",
        "当年新增 (amount in the year): each year, that year's amount alone, never added to "
        "earlier years",
    ),
    Basis.yearly_summed: (
        "当年新增：每年只填该年内发生的数量，不要与往年相加（累计由程序计算）",
        "当年新增 (amount in the year): each year, that year's amount alone, never added to "
        "earlier years (ipscore adds them up)",
    ),
    Basis.running_total: (
        "期内累计：每年填自方案期开始至该年年末的累计数，不是当年新增",
        "期内累计 (running total): each year, the total since the plan period began up to that "
        "year's end, not that year's additions",
    ),
    Basis.all_time: (
        "历年累计（截至年末）：每年填截至该年年末的历年累计数，不是当年新增，也不是从方案期开始"
        "才计数",
        "历年累计 (all-time running total): each year, the all-time total at that year's end, "
        "not that year's additions, and not counted from the plan period's start",
    ),
}

# Units whose values are ratios, shares, scores or averages: each year's figure stands alone.
_FIGURE_UNITS = frozenset({"%", "分", "工作日"})
# The catalogue definition of a running total counted from the plan period's start says so.
_FROM_PLAN_START = "方案期开始以来"
_COUNTED_SINCE = re.compile(r"自(\d{4})年")


def _is_figure(indicator: Indicator) -> bool:
    """A ratio, share, index, score or average, not an amount."""
    unit = indicator.unit
    return indicator.derive is not None or "/" in unit or unit in _FIGURE_UNITS


def basis(indicator: Indicator, kinds: Iterable[Kind]) -> Basis:
    """A row's 口径, from the catalogue's measure and unit, and the kinds of its targets.

    A ratio, share, score or average is 当年数值. A flow is 当年新增: each year's cell holds
    that year's amount, and a 累计/新增 target adds the years up itself (the 口径 says so only
    then). A stock that a target counts as 累计 (kind ``cumulative``, whose measure for a stock
    is the latest value) is a running total: 期内累计 when its definition counts from the plan
    period's start, else 历年累计. Any other stock is 年末存量.
    """
    kinds = set(kinds)
    if _is_figure(indicator):
        return Basis.value
    if indicator.measure is Measure.flow:
        summed = kinds & {Kind.cumulative, Kind.increment}
        return Basis.yearly_summed if summed else Basis.yearly
    if Kind.cumulative in kinds:
        definition = indicator.definition_zh or ""
        return Basis.running_total if _FROM_PLAN_START in definition else Basis.all_time
    return Basis.year_end


def basis_text(indicator: Indicator, row_basis: Basis, lang: Lang) -> str:
    """The 口径 cell: the basis in words, and for an all-time total the year it counts from
    when the definition names one (``自2001年起计``)."""
    text = row_basis.text(lang)
    since = _COUNTED_SINCE.search(indicator.definition_zh or "")
    if row_basis is Basis.all_time:
        if since:
            year = since.group(1)
            return text + (f"（自{year}年起计）" if lang == "zh" else f" (counted since {year})")
        return text + ("（累计起点见定义）" if lang == "zh" else " (its start: see the definition)")
    return text


# How each comparator is said: Civil Code art. 1259 words (不低于/不超过 include the number).
_COMPARATOR_WORDS = {
    Comparator.ge: ("不低于", "at least"),
    Comparator.gt: ("超过", "more than"),
    Comparator.le: ("不超过", "at most"),
    Comparator.lt: ("低于", "below"),
}


def plain_number(value: float) -> str:
    """A threshold as written: 2792, 0.39, 18900 (no exponent, no rounding, no separators)."""
    return format(Decimal(repr(value)).normalize(), "f")


def _reads_base(target: Target, indicator: Indicator) -> bool:
    """The target compares with a base year: a rate or a multiple, or an increment of a stock."""
    return target.kind.needs_baseline or (
        target.kind is Kind.increment and indicator.measure is Measure.stock
    )


def base_from_data(target: Target, indicator: Indicator) -> bool:
    """The target compares with a base year whose value the submission must give."""
    stated = target.baseline is not None and target.baseline.value is not None
    return _reads_base(target, indicator) and not stated


# How each kind counts, in Chinese and English: {year} is the deadline's, {start} the plan
# period's first, {base} the base year.
_SCOPES = {
    Kind.level: ("{year}年", "in {year}"),
    Kind.cumulative: ("截至{year}年累计", "running total in {year}"),  # a stock: its latest value
    Kind.increment: ("{year}年较{base}年新增", "added in {year} over {base}"),
    Kind.growth: ("{base}—{year}年年均增长", "yearly growth {base}–{year}"),
    Kind.growth_total: ("{year}年较{base}年增长", "growth in {year} over {base}"),
    Kind.multiple: ("{year}年", "{year}"),  # the rest: _multiple_text
    Kind.every_year: ("{start}—{year}年每年", "every year {start}–{year}"),
    Kind.milestone: ("{year}年前完成", "done by {year}"),
}
# A flow's 累计 and 新增 add up the yearly amounts of the plan period.
_FLOW_SCOPES = {
    Kind.cumulative: ("{start}—{year}年累计", "{start}–{year} in total"),
    Kind.increment: ("{start}—{year}年新增", "added {start}–{year}"),
}


def target_text(plan: Plan, target: Target, lang: Lang) -> str:
    """One target in words: ``nj-…：2022—2025年累计不低于600家（原文：…）``."""
    indicator = plan.indicator_of(target)
    start, year = plan.plan.period.start, plan.deadline_of(target).year
    base = target.base_year(start)
    zh = lang == "zh"
    words = _COMPARATOR_WORDS[target.comparator][0 if zh else 1]
    amount = f"{plain_number(target.threshold)}{'' if zh else ' '}{target.shown_unit}".rstrip()
    flows = _FLOW_SCOPES if indicator.measure is Measure.flow else {}
    written = flows.get(target.kind, _SCOPES[target.kind])[0 if zh else 1]
    scope = written.format(start=start, year=year, base=base)
    converted = _in_row_unit(target, indicator)
    if converted is not None:
        shown = f"{converted}{indicator.unit}" if zh else f"{converted} {indicator.unit}"
        amount += f"（即{shown}）" if zh else f" (= {shown})"
    if target.kind is Kind.milestone:
        text = scope
    elif target.kind is Kind.multiple:
        text = _multiple_text(target, year, base, lang)
    else:
        text = f"{scope}{words}{amount}" if zh else f"{scope} {words} {amount}"
    notes = []
    if target.tolerance is not None:
        tolerance = plain_number(target.tolerance)
        notes.append(f"左右，容差{tolerance}%" if zh else f"about: {tolerance}% tolerance")
    if (
        target.baseline is not None
        and target.baseline.value is not None
        and _reads_base(target, indicator)
    ):
        unit = target.unit if target.kind.in_indicator_unit and target.unit else indicator.unit
        stated = f"{plain_number(target.baseline.value)}{unit}"
        notes.append(
            f"{base}年基数{stated}（方案给定）" if zh else f"base {base}: {stated} (stated)"
        )
    if ALTERNATIVE_MARK in target.id:
        notes.append("另一种读法" if zh else "another reading")
    if target.not_applicable:
        reason = target.not_applicable
        notes.append(f"不适用：{reason}" if zh else f"not applicable: {reason}")
    notes.append(f"原文：{target.quote}" if zh else f"the plan: {target.quote}")
    joined = "；".join(notes) if zh else "; ".join(notes)
    return f"{target.id}：{text}（{joined}）" if zh else f"{target.id}: {text} ({joined})"


# A multiple in words: 2025年达到2020年的2倍以上 (以上 includes the number, Civil Code art. 1259).
_MULTIPLE_WORDS = {
    Comparator.ge: ("达到", "以上", "at least"),
    Comparator.gt: ("超过", "", "more than"),
    Comparator.le: ("不超过", "", "at most"),
    Comparator.lt: ("低于", "", "below"),
}


def _multiple_text(target: Target, year: int, base: int, lang: Lang) -> str:
    """``2025年达到2020年的2倍以上`` / ``2025 at least 2 times 2020``."""
    verb, after, english = _MULTIPLE_WORDS[target.comparator]
    times = plain_number(target.threshold)
    if lang == "zh":
        return f"{year}年{verb}{base}年的{times}倍{after}"
    return f"{year} {english} {times} times the {base} value"


def _in_row_unit(target: Target, indicator: Indicator) -> str | None:
    """The threshold in the row's unit when the target is written in another one of its
    family (0.39件/百万元 in a 件/亿元 row: ``39``); None otherwise."""
    if not (target.kind.in_indicator_unit and target.unit and target.unit != indicator.unit):
        return None
    converted = convert(target.threshold, target.unit, indicator.unit)
    if converted is None:
        return None
    return format(converted.normalize(), "f")


def target_years(plan: Plan, target: Target) -> set[int]:
    """The years the target reads: the plan period up to its deadline, and its base year when
    the base value comes from the data."""
    start, end = plan.plan.period.start, plan.plan.period.end
    years = set(range(start, min(plan.deadline_of(target).year, end) + 1))
    if base_from_data(target, plan.indicator_of(target)):
        years.add(target.base_year(start))
    return years


def years_text(years: Iterable[int], lang: Lang) -> str:
    """Years as runs: ``2021—2025年`` / ``2020年、2022—2025年`` (en: ``2020, 2022–2025``)."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and runs[-1][-1] == year - 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    dash = "—" if lang == "zh" else "–"
    parts = [str(run[0]) if len(run) == 1 else f"{run[0]}{dash}{run[-1]}" for run in runs]
    return "、".join(f"{part}年" for part in parts) if lang == "zh" else ", ".join(parts)


@dataclass(frozen=True)
class Feeds:
    """A derived indicator a row is a part of, and whether the row is its numerator."""

    indicator: Indicator
    numerator: bool

    def text(self, lang: Lang) -> str:
        """``用于计算 万人高价值发明专利拥有量（分子）``."""
        if lang == "zh":
            return f"用于计算 {self.indicator.zh}（{'分子' if self.numerator else '分母'}）"
        role = "numerator" if self.numerator else "denominator"
        return f"used to compute {self.indicator.zh} ({self.indicator.key}, {role})"


@dataclass(frozen=True)
class Row:
    """One indicator row of the template, with what it tells the person filling it."""

    indicator: Indicator
    basis: Basis
    targets: tuple[Target, ...]  # the targets (readings) that use the indicator itself
    years: frozenset[int]  # the years to fill
    base_years: frozenset[int]  # base years whose value the data must give
    feeds: tuple[Feeds, ...] = ()  # the derived indicators the row is a part of
    parts: tuple[Indicator, ...] = ()  # a derived row's parts, which are rows too: optional

    @property
    def part_of(self) -> Indicator | None:
        """The first derived indicator the row is a part of (None for a row of its own)."""
        return self.feeds[0].indicator if self.feeds and not self.targets else None

    @property
    def optional(self) -> bool:
        """The row need not be filled: ipscore computes it from its parts (rows of their own).
        A value typed here anyway is used instead of the parts' (W204)."""
        return bool(self.parts)

    def targets_text(self, plan: Plan, lang: Lang) -> str:
        """Which targets use the row, one line each, then what the row is used to compute."""
        lines = [target_text(plan, target, lang) for target in self.targets]
        lines += [feed.text(lang) for feed in self.feeds]
        return "\n".join(lines)

    def years_text(self, lang: Lang) -> str:
        """The years to fill; for a derived row, that it need not be filled and from what."""
        years = years_text(self.years, lang)
        if not self.optional:
            return years
        numerator, denominator = self.parts
        if lang == "zh":
            return f"可不填：由{numerator.zh}和{denominator.zh}自动计算（{years}）"
        return f"optional: computed from {numerator.key} and {denominator.key} ({years})"

    def base_text(self, lang: Lang) -> str:
        """The base years, each on its own (2020年、2021年: two bases, not a range)."""
        years = sorted(self.base_years)
        if lang == "zh":
            return "、".join(f"{year}年" for year in years)
        return ", ".join(str(year) for year in years)


def template_rows(plan: Plan) -> tuple[list[Row], list[Indicator], dict[str, list[Target]]]:
    """The template's indicator rows (in target order, then the parts of derived ones), its
    milestones, and the targets of each milestone. Alternative readings count too, so that a
    city can give what every reading of the plan needs."""
    catalogue = plan.full_catalogue
    uses: dict[str, list[Target]] = {}
    for reading in (reading for main in plan.targets for reading in main.readings()):
        uses.setdefault(reading.indicator, []).append(reading)
    own: dict[str, Row] = {}
    milestones: dict[str, list[Target]] = {}
    for key, targets in uses.items():
        indicator = catalogue[key]
        if indicator.measure is Measure.milestone:
            milestones[key] = targets
            continue
        years = set().union(*(target_years(plan, target) for target in targets))
        base_years = {
            target.base_year(plan.plan.period.start)
            for target in targets
            if base_from_data(target, indicator)
        }
        kinds = [target.kind for target in targets]
        own[key] = Row(
            indicator, basis(indicator, kinds), tuple(targets), frozenset(years),
            frozenset(base_years),
        )  # fmt: skip
    rows: dict[str, Row] = {}
    fed: dict[str, list[tuple[Row, Feeds]]] = {}  # part → the derived rows it feeds
    for key, row in own.items():  # each indicator, followed by the parts it is derived from
        rows[key] = row
        derive = row.indicator.derive
        if derive is None or not {derive.numerator, derive.denominator} <= catalogue.keys():
            continue
        parts = (catalogue[derive.numerator], catalogue[derive.denominator])
        rows[key] = row = replace(row, parts=parts)
        for part, numerator in zip(parts, (True, False), strict=True):
            fed.setdefault(part.key, []).append((row, Feeds(row.indicator, numerator)))
            if part.key not in own and part.key not in rows:
                kinds = [target.kind for target in row.targets]
                rows[part.key] = Row(part, basis(part, kinds), (), frozenset(), frozenset())
    for key, derived in fed.items():  # a part is needed in every year its derived rows are
        part_row = rows[key]
        rows[key] = replace(
            part_row,
            feeds=tuple(feed for _, feed in derived),
            years=part_row.years.union(*(row.years for row, _ in derived)),
            base_years=part_row.base_years.union(*(row.base_years for row, _ in derived)),
        )
    return list(rows.values()), [catalogue[key] for key in milestones], milestones


def running_totals(plan: Plan) -> frozenset[str]:
    """The indicators a target of the plan counts as running totals: their template row is
    期内累计 or 历年累计 (:func:`basis`), so their values can only grow and a fall means the row
    does not hold running totals (W212). A ratio is never one (:data:`Basis.value`), and only
    rows of the targets' own indicators count (a share's denominator may fall).
    """
    rows, _, _ = template_rows(plan)
    return frozenset(
        row.indicator.key for row in rows if row.basis in RUNNING_TOTALS and row.part_of is None
    )
