"""The HTML dashboard of a Comparison: league table, region × target matrix, dimension scores.

One self-contained page (inline CSS, inline SVG, no script, no network), drawn from the same
Jinja2 environment and style sheet as the HTML report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from ipscore.compare import Comparison, Entry, PlanColumns
from ipscore.render.compare import league_rows, ranks
from ipscore.render.html import environment
from ipscore.render.i18n import Lang, word
from ipscore.render.trend import TrendChart, score_chart, target_trends


@dataclass(frozen=True)
class MatrixBlock:
    """One plan's part of the matrix: its targets as columns, its entries as rows."""

    plan: PlanColumns
    entries: list[Entry]


def matrix_blocks(comparison: Comparison) -> list[MatrixBlock]:
    return [
        MatrixBlock(plan, [e for e in comparison.entries if e.plan == plan.id])
        for plan in comparison.plans
    ]


@dataclass(frozen=True)
class RegionCharts:
    """A region's score trend on one plan, and its targets' measures over the same dates."""

    score: TrendChart
    targets: list[TrendChart]


def region_trends(comparison: Comparison, lang: Lang) -> list[RegionCharts]:
    columns = {plan.id: plan.targets for plan in comparison.plans}
    result = []
    for item in comparison.trends:
        score = score_chart(item.points, lang, f"{item.region} · {item.plan}")
        if score is not None:
            targets = target_trends(item.points, columns.get(item.plan, []), lang)
            result.append(RegionCharts(score, targets))
    return result


def render_dashboard(comparison: Comparison, lang: Lang = "zh") -> str:
    """The dashboard page; entries with a ``report_file`` link to their report."""
    from ipscore import __version__

    template = environment().get_template("dashboard.html.j2")
    return template.render(
        lang=lang,
        html_lang="zh-CN" if lang == "zh" else "en",
        title=word("dashboard_title", lang),
        comparison=comparison,
        rows=list(zip(ranks(comparison), comparison.entries, league_rows(comparison), strict=True)),
        blocks=matrix_blocks(comparison),
        trends=region_trends(comparison, lang),
        basename=lambda path: PurePath(path).name,
        footer=word("generated_by", lang).format(version=__version__),
    )
