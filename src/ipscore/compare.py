"""Comparison across regions: a league table, a region × target matrix, dimension scores.

Built from reports (a batch, or the history) and from the files that failed, so a failed file
keeps its row. Renderers (render/compare.py) turn a :class:`Comparison` into a table, CSV, xlsx,
JSON or the HTML dashboard; nothing here formats text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ipscore.diff import trend, trend_point
from ipscore.errors import InputError
from ipscore.plan import Comparator, Dimension, Kind
from ipscore.report import Frozen, Grade, Report, Status, TrendPoint


class Entry(Frozen):
    """One row: a submission's report against one plan, or a file that failed (``error``)."""

    file: str
    report_file: str | None = None  # where its own report was written, for links
    region: str | None = None
    plan: str | None = None
    as_of: dt.date | None = None
    score: float | None = None
    projected_score: float | None = None
    grade: Grade | None = None
    met: int = 0
    total: int = 0
    no_data: int = 0  # targets without a verdict for lack of data: no_data or incomplete
    warnings: int = 0
    gaps: int = 0
    error: str | None = None  # the one-line error of a failed file
    error_zh: str | None = None  # the same in Chinese
    error_code: str | None = None
    statuses: dict[str, Status] = {}  # target id → status
    attainment: dict[str, float] = {}  # target id → attainment in [0, 1]
    dimensions: dict[Dimension, float] = {}  # dimension → score


class TargetColumn(Frozen):
    id: str
    label: str
    label_en: str
    dimension: Dimension
    kind: Kind
    comparator: Comparator
    threshold: float
    unit: str


class PlanColumns(Frozen):
    """The matrix columns of one plan: its targets in plan order."""

    id: str
    title: str
    title_en: str
    targets: list[TargetColumn]


class RegionTrend(Frozen):
    """One region's score on one plan over its submissions, oldest first."""

    region: str
    plan: str
    points: list[TrendPoint]


class Comparison(Frozen):
    entries: list[Entry]  # sorted: best score first, failed files last
    plans: list[PlanColumns]
    dimensions: list[Dimension]  # in the order the reports give them
    trends: list[RegionTrend] = []  # regions with two data dates or more


@dataclass(frozen=True)
class Source:
    """What one input produced: its reports (with their written file names) or its error."""

    file: str
    reports: list[tuple[Report, str | None]]
    error: InputError | None = None


def entry_of(file: str, report: Report, report_file: str | None = None) -> Entry:
    counts = report.counts
    return Entry(
        file=file,
        report_file=report_file,
        region=report.region,
        plan=report.plan.id,
        as_of=report.as_of,
        score=report.score,
        projected_score=report.projected_score,
        grade=report.grade,
        met=sum(d.met for d in report.dimensions),
        total=sum(d.total for d in report.dimensions),
        no_data=counts[Status.no_data] + counts[Status.incomplete],
        warnings=len(report.warnings),
        gaps=len(report.gaps),
        statuses={t.id: t.status for t in report.targets},
        attainment={t.id: t.attainment for t in report.targets},
        dimensions={d.key: d.score for d in report.dimensions},
    )


def failed_entry(file: str, error: InputError) -> Entry:
    return Entry(file=file, error=error.line(), error_zh=error.line("zh"), error_code=error.code)


def sort_key(entry: Entry) -> tuple[int, float, str, dt.date, str]:
    """League order: best score first; ties by region, data date, file; failed files last."""
    if entry.score is None:
        return (1, 0.0, "", dt.date.min, entry.file)
    return (0, -entry.score, entry.region or "", entry.as_of or dt.date.min, entry.file)


def compare(
    sources: Iterable[Source], history: dict[tuple[str, str], list[TrendPoint]] | None = None
) -> Comparison:
    """The comparison of every report of every source, failed sources included.

    Trends come from ``history`` ((region, plan) → points) when given, else from the sources
    themselves (a batch holding several dates of one region)."""
    entries: list[Entry] = []
    plans: dict[str, PlanColumns] = {}
    dimensions: list[Dimension] = []
    points: dict[tuple[str, str], list[TrendPoint]] = {}
    for source in sources:
        if source.error is not None:
            entries.append(failed_entry(source.file, source.error))
        for report, report_file in source.reports:
            entries.append(entry_of(source.file, report, report_file))
            plans.setdefault(report.plan.id, _columns(report))
            dimensions += [d.key for d in report.dimensions if d.key not in dimensions]
            key = (report.region, report.plan.id)
            points.setdefault(key, []).append(trend_point(report, source.file))
    entries.sort(key=sort_key)
    trends = [
        RegionTrend(region=region, plan=plan, points=trend(series))
        for (region, plan), series in sorted((history or points).items())
        if len(trend(series)) >= 2
    ]
    return Comparison(
        entries=entries, plans=list(plans.values()), dimensions=dimensions, trends=trends
    )


def _columns(report: Report) -> PlanColumns:
    return PlanColumns(
        id=report.plan.id,
        title=report.plan.title,
        title_en=report.plan.title_en,
        targets=[
            TargetColumn(
                id=t.id,
                label=t.label,
                label_en=t.label_en,
                dimension=t.dimension,
                kind=t.kind,
                comparator=t.comparator,
                threshold=t.threshold,
                unit=t.unit,
            )
            for t in report.targets
        ],
    )
