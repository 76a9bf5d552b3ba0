"""Renderers of a Comparison: terminal table, CSV, JSON, xlsx and the HTML dashboard.

Every format shows the same three tables (league, matrix, dimensions); the row values are defined
once here (``league_rows``, ``matrix_rows``, ``dimension_rows``) and only formatted per format.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from tabulate import tabulate

from ipscore.compare import Comparison, Entry
from ipscore.render.common import number
from ipscore.render.i18n import Lang, grade, word
from ipscore.report import Grade, Status
from ipscore.spreadsheet_text import csv_safe, text_stays_text

LEAGUE_COLUMNS = (
    "rank",
    "region",
    "plan",
    "score",
    "projected_score",
    "grade",
    "met",
    "total",
    "no_data",
    "warnings",
    "gaps",
    "as_of",
    "file",
    "error",
)
MATRIX_COLUMNS = ("file", "region", "plan", "as_of", "target", "dimension", "status", "attainment")
TRENDS_COLUMNS = ("region", "plan", "as_of", "score", "file")
TABLES = ("league", "matrix", "dimensions", "trends")


def ranks(comparison: Comparison) -> list[int | None]:
    """League position of each entry (1 = best score); failed files have none."""
    result: list[int | None] = []
    position = 0
    for entry in comparison.entries:
        if entry.score is None:
            result.append(None)
        else:
            position += 1
            result.append(position)
    return result


def league_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """One row per entry, the values as they are (numbers stay numbers, dates ISO text)."""
    rows = []
    for rank, entry in zip(ranks(comparison), comparison.entries, strict=True):
        failed = entry.error is not None
        rows.append(
            {
                "rank": rank,
                "region": entry.region,
                "plan": entry.plan,
                "score": entry.score,
                "projected_score": entry.projected_score,
                "grade": entry.grade.value if entry.grade else None,
                "met": None if failed else entry.met,
                "total": None if failed else entry.total,
                "no_data": None if failed else entry.no_data,
                "warnings": None if failed else entry.warnings,
                "gaps": None if failed else entry.gaps,
                "as_of": entry.as_of.isoformat() if entry.as_of else None,
                "file": entry.file,
                "error": entry.error,
            }
        )
    return rows


def matrix_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """The region × target matrix in long form: one row per entry and target."""
    columns = {plan.id: plan for plan in comparison.plans}
    rows = []
    for entry in comparison.entries:
        if entry.plan is None:
            continue
        for target in columns[entry.plan].targets:
            status = entry.statuses.get(target.id)
            rows.append(
                {
                    "file": entry.file,
                    "region": entry.region,
                    "plan": entry.plan,
                    "as_of": entry.as_of.isoformat() if entry.as_of else None,
                    "target": target.id,
                    "dimension": target.dimension,
                    "status": status.value if status else None,
                    "attainment": entry.attainment.get(target.id),
                }
            )
    return rows


def dimension_columns(comparison: Comparison) -> tuple[str, ...]:
    return ("file", "region", "plan", "as_of", *comparison.dimensions)


def dimension_rows(comparison: Comparison) -> list[dict[str, Any]]:
    rows = []
    for entry in comparison.entries:
        if entry.plan is None:
            continue
        row: dict[str, Any] = {
            "file": entry.file,
            "region": entry.region,
            "plan": entry.plan,
            "as_of": entry.as_of.isoformat() if entry.as_of else None,
        }
        row.update({key: entry.dimensions.get(key) for key in comparison.dimensions})
        rows.append(row)
    return rows


def trend_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """The score trends in long form: one row per region, plan and data date."""
    return [
        {
            "region": item.region,
            "plan": item.plan,
            "as_of": point.as_of.isoformat(),
            "score": point.score,
            "file": point.file,
        }
        for item in comparison.trends
        for point in item.points
    ]


def table_rows(comparison: Comparison, table: str) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """The columns and rows of one of the tables (TABLES)."""
    if table == "league":
        return LEAGUE_COLUMNS, league_rows(comparison)
    if table == "matrix":
        return MATRIX_COLUMNS, matrix_rows(comparison)
    if table == "trends":
        return TRENDS_COLUMNS, trend_rows(comparison)
    return dimension_columns(comparison), dimension_rows(comparison)


def render_summary_table(
    comparison: Comparison, lang: Lang, columns: tuple[str, ...] = LEAGUE_COLUMNS
) -> str:
    """The league table for a terminal (or the given columns of it): localised headers,
    readable numbers."""
    headers = [word(f"col_{column}", lang) for column in columns]
    body = []
    for row, entry in zip(league_rows(comparison), comparison.entries, strict=True):
        cells = []
        for column in columns:
            value = row[column]
            if column == "error" and lang == "zh" and entry.error_zh:
                value = entry.error_zh
            elif column in ("score", "projected_score"):
                value = "" if value is None else number(value)
            elif column == "grade":
                value = "" if value is None else grade(Grade(value), lang)
            cells.append("" if value is None else value)
        body.append(cells)
    table: str = tabulate(body, headers=headers, tablefmt="simple", disable_numparse=True)
    return table + "\n"


def render_csv(comparison: Comparison, table: str = "league") -> str:
    """One table as CSV (UTF-8; the caller adds a BOM for Excel)."""
    columns, rows = table_rows(comparison, table)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: csv_safe(value) for key, value in row.items()} for row in rows)
    return buffer.getvalue()


def render_comparison_json(comparison: Comparison) -> str:
    """The three tables, plus each plan's matrix columns, as one JSON object."""
    data = {
        "league": league_rows(comparison),
        "matrix": matrix_rows(comparison),
        "dimensions": dimension_rows(comparison),
        "plans": [plan.model_dump(mode="json") for plan in comparison.plans],
        "trends": [item.model_dump(mode="json") for item in comparison.trends],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# Fill colours of the matrix cells in the workbook, as in the HTML (style.css).
STATUS_FILL: dict[Status, str] = {
    Status.met: "C6F6D5",
    Status.on_track: "BEE3F8",
    Status.at_risk: "FEFCBF",
    Status.missed: "FED7D7",
    Status.no_data: "E2E8F0",
    Status.incomplete: "FEEBC8",
    Status.not_applicable: "F7FAFC",
    Status.error: "FBD38D",
    Status.waived: "E9D8FD",
}


def comparison_workbook(comparison: Comparison) -> Any:
    """An openpyxl workbook: League, Matrix (one block per plan, cells coloured by status),
    Dimensions, Trends."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    bold = Font(bold=True)
    workbook = Workbook()
    league = workbook.active
    league.title = "League"
    _sheet_rows(league, LEAGUE_COLUMNS, league_rows(comparison), bold)

    matrix = workbook.create_sheet("Matrix")
    columns = {plan.id: plan for plan in comparison.plans}
    for plan in comparison.plans:
        matrix.append([plan.id, plan.title])
        matrix.cell(matrix.max_row, 1).font = bold
        matrix.append(["region", "as_of", "file", *(t.id for t in plan.targets)])
        for cell in matrix[matrix.max_row]:
            cell.font = bold
        for entry in comparison.entries:
            if entry.plan != plan.id:
                continue
            statuses = [entry.statuses.get(t.id) for t in columns[plan.id].targets]
            matrix.append(
                [
                    entry.region,
                    entry.as_of.isoformat() if entry.as_of else None,
                    entry.file,
                    *(s.value if s else None for s in statuses),
                ]
            )
            for offset, status in enumerate(statuses, start=4):
                if status is not None:
                    fill = PatternFill("solid", fgColor=STATUS_FILL[status])
                    matrix.cell(matrix.max_row, offset).fill = fill
        matrix.append([])

    dimensions = workbook.create_sheet("Dimensions")
    _sheet_rows(dimensions, dimension_columns(comparison), dimension_rows(comparison), bold)
    trends = workbook.create_sheet("Trends")
    _sheet_rows(trends, TRENDS_COLUMNS, trend_rows(comparison), bold)
    text_stays_text(workbook)  # a region or file name like =HYPERLINK(…) stays text
    return workbook


def _sheet_rows(
    sheet: Any, columns: tuple[str, ...], rows: list[dict[str, Any]], bold: Any
) -> None:
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = bold
    for row in rows:
        sheet.append([row[column] for column in columns])
    sheet.freeze_panes = "A2"


def entry_label(entry: Entry) -> str:
    return f"{entry.region or entry.file} · {entry.as_of or ''}".strip(" ·")
