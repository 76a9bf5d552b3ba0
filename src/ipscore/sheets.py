"""Spreadsheet templates: a fill-in workbook (xlsx) or CSV for a plan.

:func:`write_template` writes a workbook with an ``Indicators`` sheet (a header block with region,
as_of and plans above a table: one row per indicator, one column per year) and a ``Milestones``
sheet (done yes/no and a date). Reading a filled one back is the input boundary's job
(:mod:`ipscore.io.sheet_reader`; ``read_sheet`` and ``read_sheet_cells`` are re-exported here).
The layout and the CSV conventions are described in docs/spreadsheets.md.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from ipscore.errors import InputError
from ipscore.io.sheet_reader import (  # noqa: F401 - the layout; the readers re-exported
    FIELDS,
    INDICATOR_COLUMNS,
    INDICATORS,
    MILESTONE_COLUMNS,
    MILESTONES,
    MILESTONES_MARKER,
    read_sheet,
    read_sheet_cells,
)
from ipscore.io.source import cell_for  # noqa: F401 - re-exported
from ipscore.output import write_text_whole, write_whole
from ipscore.plan import Indicator, Kind, Measure, Plan
from ipscore.spreadsheet_text import csv_safe, text_stays_text

# ---------------------------------------------------------------------------------------------
# The template


def template_years(plan: Plan) -> list[int]:
    """Year columns: from the earliest base year the targets use to the end of the plan period."""
    start, end = plan.plan.period.start, plan.plan.period.end
    first = start
    for target in plan.targets:
        if target.baseline is not None:
            first = min(first, target.baseline.year)
        elif target.kind is Kind.increment:
            first = min(first, start - 1)  # an increment without a baseline counts from here
    return list(range(first, end + 1))


def template_indicators(plan: Plan) -> tuple[list[Indicator], list[Indicator], dict[str, str]]:
    """Rows of the template: indicators (with the parts of derivable ones), milestones, and
    for each part the indicator it is part of. Alternative readings' indicators are rows too,
    so that a city can give what every reading of the plan needs."""
    catalogue = plan.full_catalogue
    rows: dict[str, Indicator] = {}
    milestones: dict[str, Indicator] = {}
    part_of: dict[str, str] = {}
    for target in (reading for main in plan.targets for reading in main.readings()):
        indicator = catalogue[target.indicator]
        if indicator.measure is Measure.milestone:
            milestones.setdefault(indicator.key, indicator)
            continue
        rows.setdefault(indicator.key, indicator)
        if indicator.derive is not None:
            for part in (indicator.derive.numerator, indicator.derive.denominator):
                if part in catalogue:
                    rows.setdefault(part, catalogue[part])
                    part_of.setdefault(part, indicator.key)
    return list(rows.values()), list(milestones.values()), part_of


def _indicator_table(plan: Plan) -> tuple[list[list[Any]], list[list[Any]]]:
    """The header block rows and the table rows (header first) of the Indicators sheet."""
    indicators, _, _ = template_indicators(plan)
    block: list[list[Any]] = [
        ["region", plan.plan.region, "地区，与方案的写法一致 / the region as the plan names it"],
        ["as_of", None, "数据截止日期 YYYY-MM-DD / the date the data describe"],
        ["plans", plan.id, plan.plan.title],
    ]
    table: list[list[Any]] = [[*INDICATOR_COLUMNS, *template_years(plan)]]
    for item in indicators:
        table.append([item.key, item.zh, item.en, item.unit, item.definition])
    return block, table


def _milestone_table(plan: Plan) -> list[list[Any]]:
    _, milestones, _ = template_indicators(plan)
    return [list(MILESTONE_COLUMNS)] + [[m.key, m.zh, m.en] for m in milestones]


def write_template(plan: Plan, path: Path) -> None:
    """Write a fill-in workbook (``.xlsx``) or CSV (``.csv``) for the plan, whole or not at all."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError("E119", "a template is an .xlsx or .csv file", file=str(path))
    if suffix == ".csv":
        # The BOM lets Excel read the Chinese.
        write_text_whole(path, _template_csv(plan), encoding="utf-8-sig")
    else:
        write_whole(path, _template_workbook(plan).save)


def _template_csv(plan: Plan) -> str:
    block, table = _indicator_table(plan)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for label, value, _ in block:
        writer.writerow([f"#{label}", csv_safe(value or "")])
    writer.writerows([csv_safe(cell) for cell in row] for row in table)
    writer.writerow([MILESTONES_MARKER])
    writer.writerows([csv_safe(cell) for cell in row] for row in _milestone_table(plan))
    return buffer.getvalue()


def _template_workbook(plan: Plan) -> Any:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    header_fill = PatternFill("solid", fgColor="D9E1F2")
    input_fill = PatternFill("solid", fgColor="FFF2CC")
    bold = Font(bold=True)
    hint = Font(italic=True, color="808080")
    _, _, part_of = template_indicators(plan)
    block, table = _indicator_table(plan)

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = INDICATORS
    for row, (label, value, note) in enumerate(block, start=1):
        sheet.cell(row, 1, label).font = bold
        cell = sheet.cell(row, 2, value)
        cell.fill = input_fill
        sheet.cell(row, 3, note).font = hint
    sheet["B2"].number_format = "yyyy-mm-dd"
    header_row = len(block) + 2
    for row_offset, values in enumerate(table):
        row = header_row + row_offset
        for column, value in enumerate(values, start=1):
            sheet.cell(row, column, value)
        if row_offset == 0:
            continue
        for column in range(len(INDICATOR_COLUMNS), len(table[0]) + 1):
            sheet.cell(row, column).fill = input_fill
        key = values[0]
        if key in part_of:
            sheet.cell(row, 1).comment = Comment(
                f"part of {part_of[key]}: give that indicator directly or its parts", "ipscore"
            )
            sheet.cell(row, 1).font = hint
    for column in range(1, len(table[0]) + 1):
        cell = sheet.cell(header_row, column)
        cell.font, cell.fill = bold, header_fill
        cell.alignment = Alignment(horizontal="center")
    sheet.cell(header_row, INDICATOR_COLUMNS.index("unit") + 1).comment = Comment(
        "单位：可改为同类可换算的单位（万元→亿元）/ change only to a convertible unit", "ipscore"
    )
    sheet.cell(header_row, INDICATOR_COLUMNS.index("value") + 1).comment = Comment(
        "截至 as_of 的单个数值，与逐年数值二选一 / one value as of as_of, instead of yearly values",
        "ipscore",
    )
    widths = {"key": 42, "zh": 30, "en": 42, "unit": 10, "definition": 60, "value": 12}
    for column, name in enumerate(table[0], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = widths.get(name, 11)
    sheet.freeze_panes = sheet.cell(header_row + 1, 3)

    milestones = workbook.create_sheet(MILESTONES)
    rows = _milestone_table(plan)
    for row, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            milestones.cell(row, column, value)
    for column in range(1, len(MILESTONE_COLUMNS) + 1):
        cell = milestones.cell(1, column)
        cell.font, cell.fill = bold, header_fill
    last = max(len(rows), 2) + 50  # room for rows the user adds
    for row in range(2, len(rows) + 1):
        milestones.cell(row, 4).fill = input_fill
        milestones.cell(row, 5).fill = input_fill
        milestones.cell(row, 5).number_format = "yyyy-mm-dd"
    done = DataValidation(type="list", formula1='"yes,no"', allow_blank=True)
    done.error, done.errorTitle = "yes or no / 是否完成：yes 或 no", "done"
    done.add(f"D2:D{last}")
    milestones.add_data_validation(done)
    for letter, width in zip("ABCDE", (48, 36, 48, 8, 12), strict=True):
        milestones.column_dimensions[letter].width = width
    milestones.freeze_panes = "B2"
    workbook.properties.title = f"{plan.plan.title} — ipscore"
    text_stays_text(workbook)
    return workbook
