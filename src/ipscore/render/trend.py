"""Trend charts: a score or a target's measure over the stored submissions, with its target line.

Python works out the geometry; ``_trend.html.j2`` draws it (inline SVG). Used by the HTML report
(``report.trend``) and by the dashboard (``Entry.trend``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from ipscore.plan import Comparator, Kind
from ipscore.render import common
from ipscore.render.html import Point, nice_ticks
from ipscore.render.i18n import Lang, word
from ipscore.report import Report, TrendPoint
from ipscore.scoring import NEARLY_READY_FROM

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 300, 150, 46, 34, 14, 24


@dataclass(frozen=True)
class TrendChart:
    title: str
    key: str  # a target id, or "score"
    unit: str
    width: int
    height: int
    left: int
    right: int
    points: list[Point]
    goals: list[tuple[float, str]]  # (y, label) of each target line
    y_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, str]]


def trend_chart(
    title: str,
    key: str,
    unit: str,
    series: list[tuple[dt.date, float]],
    goals: list[tuple[float, str]],
) -> TrendChart | None:
    """A line over dated values with horizontal target lines; None for fewer than two values."""
    if len(series) < 2:
        return None
    values = [v for _, v in series] + [g for g, _ in goals]
    ticks = nice_ticks(min(values), max(values))
    first, last = series[0][0].toordinal(), series[-1][0].toordinal()
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(day: dt.date) -> float:
        span = last - first
        return round(LEFT + (plot_w * (day.toordinal() - first) / span if span else plot_w / 2), 2)

    def y_of(value: float) -> float:
        return round(TOP + plot_h * (ticks[-1] - value) / (ticks[-1] - ticks[0]), 2)

    points = [
        Point(x_of(day), y_of(value), f"{day}: {common.number(value)} {unit}".rstrip())
        for day, value in series
    ]
    labels = sorted({day for day, _ in series})
    step = max(1, len(labels) // 4)
    return TrendChart(
        title=title,
        key=key,
        unit=unit,
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        points=points,
        goals=[(y_of(value), f"{text} {common.number(value)}") for value, text in goals],
        y_ticks=[(y_of(t), common.number(t)) for t in ticks],
        x_ticks=[(x_of(day), day.isoformat()) for day in labels[::step]],
    )


def score_chart(
    points: list[TrendPoint], lang: Lang, title: str | None = None
) -> TrendChart | None:
    """The readiness score over time, with the lines of the grades (nearly ready, ready)."""
    goals = [
        (NEARLY_READY_FROM, word("grade_line_nearly_ready", lang)),
        (100.0, word("grade_line_ready", lang)),
    ]
    series = [(p.as_of, p.score) for p in points]
    return trend_chart(title or word("score", lang), "score", "", series, goals)


class TrendTarget(Protocol):
    """What a measure's trend needs of a target (a TargetOutcome or a comparison's column)."""

    @property
    def id(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def label_en(self) -> str: ...
    @property
    def kind(self) -> Kind: ...
    @property
    def comparator(self) -> Comparator: ...
    @property
    def threshold(self) -> float: ...
    @property
    def unit(self) -> str: ...


def target_trends(
    points: list[TrendPoint], targets: Iterable[TrendTarget], lang: Lang
) -> list[TrendChart]:
    """Each target's measure over the points, with its target line, where it is known at two
    dates or more (milestones have no measure to draw)."""
    charts = []
    for target in targets:
        if target.kind is Kind.milestone:
            continue
        series = [
            (p.as_of, value) for p in points if (value := p.actuals.get(target.id)) is not None
        ]
        goal = [(target.threshold, f"{word('threshold_line', lang)} {target.comparator}")]
        name = target.label if lang == "zh" else target.label_en
        chart = trend_chart(f"{name} · {target.id}", target.id, target.unit, series, goal)
        if chart is not None:
            charts.append(chart)
    return charts


def report_trends(report: Report, lang: Lang) -> list[TrendChart]:
    """The score, then each target whose measure is known at two dates or more."""
    if not report.trend:
        return []
    score = score_chart(report.trend, lang)
    return ([score] if score else []) + target_trends(report.trend, report.targets, lang)
