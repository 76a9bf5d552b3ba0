"""HTML report: one self-contained page (inline CSS and SVG) rendered from Jinja2 templates.

Python works out what to draw (bar lengths, line points, ticks); the templates in ``templates/``
turn it into markup with autoescaping, so no text from a plan or a submission is pasted raw.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from ipscore.plan import Dimension, Kind, Measure, PlanStatus
from ipscore.render import common
from ipscore.render.change import change_rows, signed
from ipscore.render.i18n import (
    Lang,
    band,
    dimension,
    grade,
    model,
    plan_status,
    report_title,
    status,
    word,
)
from ipscore.report import Report, Status, TargetOutcome
from ipscore.units import conversion_factor

STATUS_ORDER: tuple[Status, ...] = (
    Status.met,
    Status.on_track,
    Status.at_risk,
    Status.missed,
    Status.no_data,
    Status.incomplete,
    Status.error,
    Status.waived,
    Status.not_applicable,
)

# The attainment chart: one row per target, grouped by dimension (SVG user units).
BAR_WIDTH, BAR_LABEL, BAR_PLOT, BAR_ROW, BAR_HEAD, BAR_TOP = 1000, 300, 520, 20, 30, 26
# The series charts: small multiples.
LINE_WIDTH, LINE_HEIGHT = 320, 180
LINE_LEFT, LINE_RIGHT, LINE_TOP, LINE_BOTTOM = 48, 20, 18, 24


@dataclass(frozen=True)
class Bar:
    outcome: TargetOutcome
    y: float
    width: float
    label: str
    tooltip: str
    percent: str


@dataclass(frozen=True)
class BarGroup:
    title: str
    y: float
    bars: list[Bar]


@dataclass(frozen=True)
class BarChart:
    width: int
    height: float
    label_width: int
    plot_width: int
    groups: list[BarGroup]
    ticks: list[tuple[float, str]]


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    tooltip: str


@dataclass(frozen=True)
class LineChart:
    outcome: TargetOutcome
    width: int
    height: int
    left: int
    right: int
    observed: list[Point]
    projected: list[Point]
    target_y: float | None
    target_label_y: float
    target_text: str
    y_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, str]]
    unit: str
    facts: list[tuple[str, str]]


@dataclass(frozen=True)
class ReportView:
    """One report and everything drawn from it."""

    report: Report
    anchor: str
    title: str
    region: str
    counts: list[tuple[Status, int]]
    attainment: BarChart
    lines: list[LineChart]
    gap_groups: list[tuple[str, list[TargetOutcome]]]
    trends: list[Any]  # TrendChart (render/trend.py), when the report has a history trend


def shorten(text: str, width: float) -> str:
    """Cut ``text`` to about ``width`` ems (a CJK character is one em, others about half)."""
    used = 0.0
    for index, char in enumerate(text):
        used += 1.0 if ord(char) > 0x2E7F else 0.55
        if used > width:
            return text[:index].rstrip() + "…"
    return text


def heading(text: str) -> str:
    """A label as a heading: English words get a capital, Chinese is left as it is."""
    return text[:1].upper() + text[1:]


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values covering [low, high], about ``count`` intervals."""
    if math.isclose(low, high):
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    steps = round((last - first) / step)
    return [first + i * step for i in range(steps + 1)]


def _bar_tooltip(outcome: TargetOutcome, lang: Lang) -> str:
    parts = [
        f"{outcome.id} · {common.label(outcome, lang)}",
        f"{word('status', lang)}: {status(outcome.status, lang)}",
        f"{word('target', lang)}: {common.target_text(outcome)}",
        f"{word('actual', lang)}: {common.actual_text(outcome, lang)}",
        f"{word('attainment', lang)}: {common.percent(outcome.attainment)}",
    ]
    return "\n".join(parts)


def attainment_chart(report: Report, lang: Lang) -> BarChart:
    """Horizontal bars of attainment per target, grouped by dimension in the report's order."""
    order: list[Dimension] = [d.key for d in report.dimensions]
    order += [t.dimension for t in report.targets if t.dimension not in order]
    groups: list[BarGroup] = []
    y = float(BAR_TOP)
    for key in order:
        outcomes = [t for t in report.targets if t.dimension == key]
        if not outcomes:
            continue
        head = y + BAR_HEAD - 10
        y += BAR_HEAD
        bars = []
        for outcome in outcomes:
            bars.append(
                Bar(
                    outcome=outcome,
                    y=y,
                    width=round(BAR_PLOT * min(max(outcome.attainment, 0.0), 1.0), 2),
                    label=shorten(common.label(outcome, lang), (BAR_LABEL - 16) / 12),
                    tooltip=_bar_tooltip(outcome, lang),
                    percent=common.percent(outcome.attainment),
                )
            )
            y += BAR_ROW
        groups.append(BarGroup(heading(dimension(key, lang)), head, bars))
    ticks = [(BAR_PLOT * f, f"{round(f * 100)}%") for f in (0, 0.25, 0.5, 0.75, 1.0)]
    return BarChart(BAR_WIDTH, y + 8, BAR_LABEL, BAR_PLOT, groups, ticks)


def target_level(outcome: TargetOutcome) -> float | None:
    """The target as a level on the series' own scale, or None when it is not on that scale.

    ``level`` (and ``cumulative`` of a stock) compare the latest value itself; ``increment`` of a
    stock compares latest − base, so its line sits at base + threshold, with base recovered from
    the report as the latest value used minus the actual gain. Flows and growth kinds have no
    line: their threshold is a sum or a rate, not a point of the series.
    """
    if not outcome.series or not outcome.series_unit or outcome.kind is Kind.milestone:
        return None
    factor = conversion_factor(outcome.unit, outcome.series_unit) if outcome.unit else None
    if factor is None:
        return None
    if outcome.kind is Kind.level:
        return outcome.threshold * factor
    if outcome.measure is not Measure.stock:  # the report's own fact: pack indicators too
        return None
    if outcome.kind is Kind.cumulative:
        return outcome.threshold * factor
    if outcome.kind is Kind.increment and outcome.actual is not None:
        upto = outcome.deadline.year
        years = [year for year in outcome.series if year <= upto]
        if not years:
            return None
        base = outcome.series[max(years)] - outcome.actual * factor
        return base + outcome.threshold * factor
    return None


def _line_facts(outcome: TargetOutcome, lang: Lang) -> list[tuple[str, str]]:
    projection = outcome.projection
    assert projection is not None
    facts = [(word("target", lang), common.target_text(outcome))]
    if projection.value is not None:
        value = f"{common.number(projection.value)} {outcome.unit}".rstrip()
        facts.append((f"{word('projected_at', lang)} {projection.year}", value))
    for key, rate in (
        ("observed_growth", projection.observed_growth),
        ("required_growth", projection.required_growth),
    ):
        if rate is not None:
            facts.append((word(key, lang), f"{common.number(rate)}%"))
    if projection.progress_band:
        facts.append((word("progress", lang), band(projection.progress_band, lang)))
    return facts


def line_chart(outcome: TargetOutcome, lang: Lang) -> LineChart | None:
    """The observed series (solid), its projection to the deadline (dashed), the target line."""
    projection = outcome.projection
    observed = dict(sorted((outcome.series or {}).items()))
    if projection is None or not observed:
        return None
    last = max(observed)
    ahead = {y: v for y, v in sorted(projection.points.items()) if y >= last}
    ahead[last] = observed[last]
    level = target_level(outcome)
    values = list(observed.values()) + list(ahead.values())
    values += [] if level is None else [level]
    ticks = nice_ticks(min(values), max(values))
    first_year, last_year = min(observed), max([*ahead, projection.year])
    plot_w = LINE_WIDTH - LINE_LEFT - LINE_RIGHT
    plot_h = LINE_HEIGHT - LINE_TOP - LINE_BOTTOM

    def x_of(year: int) -> float:
        span = last_year - first_year
        return round(LINE_LEFT + (plot_w * (year - first_year) / span if span else plot_w / 2), 2)

    def y_of(value: float) -> float:
        low, high = ticks[0], ticks[-1]
        return round(LINE_TOP + plot_h * (high - value) / (high - low), 2)

    unit = outcome.series_unit or ""

    def points(series: dict[int, float], what: str) -> list[Point]:
        return [
            Point(x_of(y), y_of(v), f"{y} {what}: {common.number(v)} {unit}".rstrip())
            for y, v in sorted(series.items())
        ]

    target_y = None if level is None else y_of(level)
    # The target's label sits at the left end of its line, on the side away from the series.
    below = target_y is not None and y_of(observed[first_year]) < target_y
    label_y = (target_y or 0.0) + (12 if below else -4)
    step = max(1, math.ceil((last_year - first_year + 1) / 8))
    years = range(first_year, last_year + 1, step)
    return LineChart(
        outcome=outcome,
        width=LINE_WIDTH,
        height=LINE_HEIGHT,
        left=LINE_LEFT,
        right=LINE_WIDTH - LINE_RIGHT,
        observed=points(observed, word("observed", lang)),
        projected=points(ahead, word("projected", lang))[1:],
        target_y=target_y,
        target_label_y=label_y,
        target_text=f"{word('threshold_line', lang)} {common.number(level)}",
        y_ticks=[(y_of(t), common.number(t)) for t in ticks],
        x_ticks=[(x_of(y), str(y)) for y in years],
        unit=unit,
        facts=_line_facts(outcome, lang),
    )


def view(report: Report, index: int, lang: Lang, by_owner: bool) -> ReportView:
    """Everything the template needs for one report."""
    counts = report.counts
    groups = common.gaps_by_owner(report, lang) if by_owner else [("", list(report.gaps))]
    from ipscore.render.trend import report_trends  # trend.py draws with this module's helpers

    lines = [line_chart(t, lang) for t in report.targets]
    same_region = report.region == report.plan.region
    return ReportView(
        report=report,
        anchor=f"report-{index}",
        title=report.plan.title if lang == "zh" else report.plan.title_en,
        region=report.plan.region_en if lang == "en" and same_region else report.region,
        counts=[(key, counts[key]) for key in STATUS_ORDER if counts.get(key)],
        attainment=attainment_chart(report, lang),
        lines=[chart for chart in lines if chart is not None],
        gap_groups=groups,
        trends=report_trends(report, lang),
    )


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment over the packaged templates, autoescaping everything."""
    env = Environment(
        loader=PackageLoader("ipscore.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        word=word,
        status=status,
        grade=grade,
        dimension=dimension,
        heading=heading,
        number=common.number,
        percent=common.percent,
        label=common.label,
        target_text=common.target_text,
        actual_text=common.actual_text,
        gap_detail=common.gap_detail,
        reading_mark=common.reading_mark,
        reading_headers=common.reading_headers,
        reading_rows=common.reading_rows,
        evidence_text=common.evidence_text,
        time_lines=common.time_lines,
        score_line=common.score_line,
        report_title=report_title,
        plan_status=plan_status,
        model=model,
        PlanStatus=PlanStatus,
        owners_text=common.owners_text,
        provenance_rows=common.provenance_rows,
        symbol=common.SYMBOL,
        status_order=STATUS_ORDER,
        change_rows=change_rows,
        signed=signed,
    )
    return env


def render_html(reports: list[Report], lang: Lang = "zh", by_owner: bool = False) -> str:
    """One HTML document with a section per report."""
    from ipscore import __version__

    views = [view(report, index, lang, by_owner) for index, report in enumerate(reports, 1)]
    levels = {view.report.plan.level for view in views}
    kind_title = report_title(levels.pop(), lang) if len(levels) == 1 else None
    title = views[0].title if len(views) == 1 else kind_title or word("report_title_mixed", lang)
    template = environment().get_template("report.html.j2")
    return template.render(
        lang=lang,
        html_lang="zh-CN" if lang == "zh" else "en",
        title=title,
        kind_title=kind_title or word("report_title_mixed", lang),
        views=views,
        by_owner=by_owner,
        footer=word("generated_by", lang).format(version=__version__),
    )
