"""Spreadsheet templates: a fill-in workbook (xlsx) or CSV for a plan, in Chinese or English.

:func:`write_template` writes a workbook with an ``Indicators`` sheet (a header block with region,
as_of and plans above a table: one row per indicator, saying which targets use it, its 口径, the
years to fill, the base year, the unit and the definition, then one column per year), a
``Milestones`` sheet (done 是/否 and a date) and a sheet of short instructions. What each row says
comes from :mod:`ipscore.template_rows`. Reading a filled one back is the input boundary's job
(:mod:`ipscore.io.sheet_reader`; ``read_sheet`` and ``read_sheet_cells`` are re-exported here).
The layout both share is :mod:`ipscore.io.sheet_layout`; it and the CSV conventions are described
in docs/spreadsheets.md.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

from ipscore.errors import InputError
from ipscore.io.sheet_layout import (  # noqa: F401 - the layout, re-exported
    FIELDS,
    HEADERS,
    INDICATOR_COLUMNS,
    INDICATORS,
    MILESTONE_COLUMNS,
    MILESTONES,
    MILESTONES_MARKER,
)
from ipscore.io.sheet_reader import read_sheet, read_sheet_cells  # noqa: F401 - re-exported
from ipscore.io.source import cell_for  # noqa: F401 - re-exported
from ipscore.lang import Lang
from ipscore.output import write_text_whole, write_whole
from ipscore.plan import Indicator, Kind, Plan, Target
from ipscore.spreadsheet_text import csv_safe, text_stays_text
from ipscore.template_rows import (
    Basis,
    Row,
    basis_text,
    plain_number,
    target_text,
    template_rows,
)
from ipscore.units import family_units

# The columns each language's template writes (the Chinese one leaves out the English name).
COLUMNS: dict[Lang, tuple[str, ...]] = {
    "zh": tuple(name for name in INDICATOR_COLUMNS if name != "en"),
    "en": INDICATOR_COLUMNS,
}
MILESTONE_COLUMNS_OF: dict[Lang, tuple[str, ...]] = {
    "zh": tuple(name for name in MILESTONE_COLUMNS if name != "en"),
    "en": MILESTONE_COLUMNS,
}
INSTRUCTIONS = {"zh": "填写说明", "en": "Instructions"}
YES_NO = {"zh": ("是", "否"), "en": ("yes", "no")}


def header(name: str, lang: Lang) -> str:
    """A field's or column's header in the template of that language."""
    return HEADERS[name][1 if lang == "zh" else 0]


# ---------------------------------------------------------------------------------------------
# What the template holds


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
    for each part the indicator it is part of."""
    rows, milestones, _ = template_rows(plan)
    part_of = {row.indicator.key: row.part_of.key for row in rows if row.part_of is not None}
    return [row.indicator for row in rows], milestones, part_of


def definition(indicator: Indicator, lang: Lang) -> str:
    """The indicator's definition in the language, the English one where no Chinese is given."""
    if lang == "zh" and indicator.definition_zh:
        return indicator.definition_zh
    return indicator.definition


def _block(plan: Plan, lang: Lang) -> list[list[Any]]:
    """The header block: field label, value, hint."""
    zh = lang == "zh"
    hints = {
        "region": "地区名称，与方案的写法一致" if zh else "the region as the plan names it",
        "as_of": (
            "必填：数据截止日期，如 2025-12-31"
            if zh
            else "required: the date the data describe, e.g. 2025-12-31"
        ),
        "plans": plan.plan.title if zh else plan.plan.title_en,
    }
    values = {"region": plan.plan.region, "as_of": None, "plans": plan.id}
    return [[header(name, lang), values[name], hints[name]] for name in FIELDS]


def _cells(plan: Plan, row: Row, lang: Lang) -> dict[str, Any]:
    """The informational cells of one indicator row, by column name."""
    item = row.indicator
    return {
        "key": item.key,
        "zh": item.zh,
        "en": item.en,
        "unit": item.unit,
        "basis": basis_text(item, row.basis, lang),
        "targets": row.targets_text(plan, lang),
        "years": row.years_text(lang),
        "base_year": row.base_text(lang),
        "definition": definition(item, lang),
        "value": None,
    }


def _indicator_table(plan: Plan, lang: Lang) -> tuple[list[Row], list[list[Any]]]:
    """The rows and the table (header first) of the Indicators sheet."""
    rows, _, _ = template_rows(plan)
    names = COLUMNS[lang]
    table: list[list[Any]] = [[*(header(name, lang) for name in names), *template_years(plan)]]
    for row in rows:
        cells = _cells(plan, row, lang)
        table.append([cells[name] for name in names])
    return rows, table


def _milestone_text(plan: Plan, targets: list[Target], lang: Lang) -> str:
    return "\n".join(target_text(plan, target, lang) for target in targets)


def _milestone_table(plan: Plan, lang: Lang) -> list[list[Any]]:
    _, milestones, uses = template_rows(plan)
    names = MILESTONE_COLUMNS_OF[lang]
    table: list[list[Any]] = [[header(name, lang) for name in names]]
    for item in milestones:
        cells = {
            "key": item.key,
            "zh": item.zh,
            "en": item.en,
            "targets": _milestone_text(plan, uses[item.key], lang),
            "definition": definition(item, lang),
            "done": None,
            "date": None,
        }
        table.append([cells[name] for name in names])
    return table


def instructions(lang: Lang) -> list[str]:
    """The short 填写说明: how to fill the template, one paragraph a line."""
    if lang == "zh":
        return [
            "填写说明",
            "1. 在 Indicators 工作表第 2 行填写“数据截止日期”（如 2025-12-31）；地区和适用方案"
            "已预填。",
            "2. 每个指标一行。“对应目标”列写明使用该指标的目标（阈值、比较方式、年份和方案原文）"
            "以及该指标用于计算哪些派生指标；黄色单元格是需要填写的年份，橙色是基期年份（计算增长、"
            "新增所需，同样要填），浅绿色可以不填（见第 4、7 条），灰色是该指标用不到的年份"
            "（可以留空）。",
            f"3. 口径：{'；'.join(basis.text('zh') for basis in Basis)}。请按“口径”列填写，"
            "不要把当年新增填进累计行。",
            "4. 逐年填写黄色、橙色单元格；或者只在浅绿色的“截至日数值”列填一个数（截至数据截止"
            "日期的数值；当年新增类指标填期内累计合计）。二者只能填一种，同时填写会报错。",
            "5. 单元格只填数字：不带单位、“万”、百分号（85% 填 85）；千分位逗号可以。",
            "6. 单位已按指标目录预填。只能改为同类可换算的单位（如 亿元→万元、人次→万人次），"
            "数值会自动换算。",
            "7. 派生指标（如万人拥有量、占比）行为浅绿色，可不填：请填写其分子、分母两行（黄色），"
            "由程序计算。若仍直接填写派生指标，程序采用所填数值、不再用分项计算（提示 W204）；"
            "只有派生指标数值、没有分项数据时，才直接填写派生指标行。",
            "8. Milestones 工作表：“是否完成”选“是”或“否”，“完成日期”可选填。",
            "9. 程序只读取指标代码、单位、截至日数值和年份列（Milestones：是否完成、完成日期），"
            "其余各列仅供参考。检查：ipscore check 文件名.xlsx",
        ]
    return [
        "Instructions",
        "1. On the Indicators sheet, fill as_of in row 2 (e.g. 2025-12-31); region and plans "
        "are filled in.",
        "2. One row per indicator. The targets column names the targets that use it (threshold, "
        "comparator, year and the plan's sentence) and the derived indicators it is used to "
        "compute. Yellow cells are the years to fill, orange the base years (for growth or "
        "additions; fill them too), green cells may be left empty (points 4 and 7), grey the "
        "years the indicator does not need (leave them empty).",
        f"3. Basis (口径): {'; '.join(basis.text('en') for basis in Basis)}. Never type yearly "
        "additions into a running-total "
        "row.",
        "4. Fill the yellow and orange years, or one number in the green value column (the value "
        "as of as_of; for an amount-in-the-year row, the running total over the plan period). "
        "Only one of the two: both is an error.",
        "5. Numbers only: no unit, no 万, no percent sign (type 85 for 85%); commas between "
        "thousands are fine.",
        "6. The unit is the catalogue's. Change it only to a unit of the same family (亿元 → "
        "万元, 人次 → 万人次): the numbers are converted.",
        "7. A derived indicator (per 10,000 residents, a share …) is green and may be left "
        "empty: fill its numerator and denominator rows (yellow) and ipscore computes it. A "
        "value typed in the derived row anyway is used instead of its parts (warning W204); "
        "fill the derived row only when you have its value but not its parts.",
        "8. Milestones sheet: done is yes or no; the date is optional.",
        "9. Only key, unit, value and the years are read (Milestones: done, date); the other "
        "columns are for you. Check the file with: ipscore check FILE.xlsx",
    ]


# ---------------------------------------------------------------------------------------------
# Writing


def write_template(plan: Plan, path: Path, lang: Lang = "zh") -> None:
    """Write a fill-in workbook (``.xlsx``) or CSV (``.csv``) for the plan in the language,
    whole or not at all."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError(
            "E119",
            "a template is an .xlsx or .csv file",
            zh="模板只能是 .xlsx 或 .csv 文件",
            file=str(path),
        )
    if suffix == ".csv":
        # The BOM lets Excel read the Chinese.
        write_text_whole(path, _template_csv(plan, lang), encoding="utf-8-sig")
    else:
        write_whole(path, _template_workbook(plan, lang).save)


def _template_csv(plan: Plan, lang: Lang) -> str:
    _, table = _indicator_table(plan, lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for label, value, _ in _block(plan, lang):
        writer.writerow([f"#{label}", csv_safe(value or "")])
    writer.writerows([csv_safe(cell) for cell in row] for row in table)
    writer.writerow([MILESTONES_MARKER])
    writer.writerows([csv_safe(cell) for cell in row] for row in _milestone_table(plan, lang))
    return buffer.getvalue()


# Yellow: to fill; orange: a base year to fill; green: may be left empty (the value column, an
# alternative to the years; a derived row, computed from its parts); grey: not needed.
_FILLS = {
    "header": "D9E1F2", "input": "FFF2CC", "base": "FCE4D6", "optional": "E2EFDA",
    "unused": "E7E6E6",
}  # fmt: skip


def year_fill(row: Row, year: int) -> str:
    """The fill of a row's year cell: input, base, optional or unused."""
    if year not in row.years and year not in row.base_years:
        return "unused"
    if row.optional:
        return "optional"
    return "base" if year in row.base_years else "input"


def _fill(name: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=_FILLS[name])


def _number_rule(indicator: Indicator, lang: Lang) -> Any:
    """Data validation for an indicator's number cells: decimals within its catalogue range."""
    from openpyxl.worksheet.datavalidation import DataValidation

    zh = lang == "zh"
    low, high = (
        None if v is None else plain_number(v) for v in (indicator.minimum, indicator.maximum)
    )
    if low is not None and high is not None:
        operator, first, second = "between", low, high
        shown = f"介于 {low}—{high} 之间的数字" if zh else f"a number from {low} to {high}"
    elif low is not None:
        operator, first, second = "greaterThanOrEqual", low, None
        shown = f"不小于 {low} 的数字" if zh else f"a number ≥ {low}"
    elif high is not None:
        operator, first, second = "lessThanOrEqual", high, None
        shown = f"不大于 {high} 的数字" if zh else f"a number ≤ {high}"
    else:  # any number: "decimal" alone still refuses text
        operator, first, second = "between", "-1E+15", "1E+15"
        shown = "数字" if zh else "a number"
    rule = DataValidation(
        type="decimal", operator=operator, formula1=first, formula2=second, allow_blank=True
    )
    rule.errorTitle = "只能填数字" if zh else "Numbers only"
    rule.error = (
        f"请填{shown}，不带单位、“万”或百分号。"
        if zh
        else f"Type {shown}: no unit, 万 or percent sign."
    )
    rule.showErrorMessage = True
    return rule


def _date_rule(lang: Lang) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    rule = DataValidation(
        type="date", operator="between", formula1="DATE(1990,1,1)", formula2="DATE(2100,12,31)",
        allow_blank=True,
    )  # fmt: skip
    rule.errorTitle = "日期" if lang == "zh" else "Date"
    rule.error = "请填日期，如 2025-12-31" if lang == "zh" else "Type a date such as 2025-12-31"
    rule.showErrorMessage = True
    return rule


def _list_rule(choices: list[str], title: str) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    rule = DataValidation(type="list", formula1=f'"{",".join(choices)}"', allow_blank=True)
    rule.errorTitle, rule.error, rule.showErrorMessage = title, " / ".join(choices), True
    return rule


def _template_workbook(plan: Plan, lang: Lang) -> Any:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = INDICATORS
    _indicators_sheet(sheet, plan, lang)
    _milestones_sheet(workbook.create_sheet(MILESTONES), plan, lang)
    guide = workbook.create_sheet(INSTRUCTIONS[lang])
    for number, line in enumerate(instructions(lang), start=1):
        guide.cell(number, 1, line)
    _style_instructions(guide)
    workbook.properties.title = f"{plan.plan.title} — ipscore"
    text_stays_text(workbook)
    return workbook


def _style_instructions(guide: Any) -> None:
    from openpyxl.styles import Alignment, Font

    guide["A1"].font = Font(bold=True, size=13)
    guide.column_dimensions["A"].width = 120
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


# Column widths in characters of the default font (a Chinese character takes two).
_WIDTHS = {
    "key": 36, "zh": 28, "en": 36, "unit": 9, "basis": 30, "targets": 60, "years": 14,
    "base_year": 10, "definition": 50, "value": 12, "done": 10, "date": 12,
}  # fmt: skip
_WRAPPED = ("basis", "targets", "years", "definition")
_LINE_HEIGHT = 15  # points per line of the default font


def _size(sheet: Any, names: tuple[str, ...], first: int, last: int) -> None:
    """Set the named columns' widths, and each row's height to fit its wrapped cells (Excel
    does not always fit a row to wrapped text that a program wrote)."""
    from openpyxl.utils import get_column_letter
    from wcwidth import wcswidth

    for column, name in enumerate(names, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = _WIDTHS[name]
    wrapped = [(names.index(name) + 1, _WIDTHS[name]) for name in _WRAPPED if name in names]
    for row in range(first, last + 1):
        lines = 1
        for column, width in wrapped:
            text = str(sheet.cell(row, column).value or "")
            shown = (max(wcswidth(part), 1) for part in text.split("\n"))
            lines = max(lines, sum(math.ceil(length / width) for length in shown))
        if lines > 1:
            sheet.row_dimensions[row].height = lines * _LINE_HEIGHT


def _indicators_sheet(sheet: Any, plan: Plan, lang: Lang) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold, hint = Font(bold=True), Font(italic=True, color="808080")
    wrap = Alignment(wrap_text=True, vertical="top")
    block = _block(plan, lang)
    for number, (label, value, note) in enumerate(block, start=1):
        sheet.cell(number, 1, label).font = bold
        sheet.cell(number, 2, value).fill = _fill("input")
        sheet.cell(number, 3, note).font = hint
    sheet["B2"].number_format = "yyyy-mm-dd"
    as_of = _date_rule(lang)
    as_of.add("B2")
    sheet.add_data_validation(as_of)
    pointer = (
        "填写前请先阅读“填写说明”工作表" if lang == "zh" else "Read the Instructions sheet first"
    )
    sheet.cell(len(block) + 1, 3, pointer).font = hint

    rows, table = _indicator_table(plan, lang)
    names = COLUMNS[lang]
    years = template_years(plan)
    head = len(block) + 2
    value_column = names.index("value") + 1
    for offset, values in enumerate(table):
        for column, value in enumerate(values, start=1):
            sheet.cell(head + offset, column, value)
    for column in range(1, len(table[0]) + 1):
        cell = sheet.cell(head, column)
        cell.font, cell.fill = bold, _fill("header")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    rules: dict[tuple[Any, Any], Any] = {}
    units: dict[tuple[str, ...], Any] = {}
    for offset, row in enumerate(rows, start=1):
        number = head + offset
        for name in ("basis", "targets", "definition", "years"):
            sheet.cell(number, names.index(name) + 1).alignment = wrap
        if row.part_of is not None:
            sheet.cell(number, 1).font = hint
        sheet.cell(number, value_column).fill = _fill("optional")
        for column, year in enumerate(years, start=value_column + 1):
            sheet.cell(number, column).fill = _fill(year_fill(row, year))
        bounds = (row.indicator.minimum, row.indicator.maximum)
        if bounds not in rules:
            rules[bounds] = _number_rule(row.indicator, lang)
        last = get_column_letter(value_column + len(years))
        rules[bounds].add(f"{get_column_letter(value_column)}{number}:{last}{number}")
        family = tuple(family_units(row.indicator.unit))
        unit_cell = sheet.cell(number, names.index("unit") + 1)
        unit_cell.fill = _fill("input")
        if len(family) > 1:
            if family not in units:
                units[family] = _list_rule(list(family), "单位" if lang == "zh" else "Unit")
            units[family].add(unit_cell.coordinate)
    for rule in [*rules.values(), *units.values()]:
        sheet.add_data_validation(rule)
    sheet.cell(head, names.index("unit") + 1).comment = Comment(
        "只能改为同类可换算的单位（如 亿元→万元），数值自动换算"
        if lang == "zh"
        else "change only to a unit of the same family (亿元 → 万元): the numbers are converted",
        "ipscore",
    )
    sheet.cell(head, value_column).comment = Comment(
        "截至数据截止日期的单个数值（当年新增类指标填期内累计合计），与逐年数值二选一"
        if lang == "zh"
        else "one number as of as_of (for an amount-in-the-year row, the running total over "
        "the plan period), instead of yearly values",
        "ipscore",
    )
    _size(sheet, names, head + 1, head + len(rows))
    for column in range(len(names) + 1, len(table[0]) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 10
    sheet.freeze_panes = sheet.cell(head + 1, names.index("zh") + 2)


def _milestones_sheet(sheet: Any, plan: Plan, lang: Lang) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    names = MILESTONE_COLUMNS_OF[lang]
    table = _milestone_table(plan, lang)
    for number, values in enumerate(table, start=1):
        for column, value in enumerate(values, start=1):
            sheet.cell(number, column, value)
    for column in range(1, len(names) + 1):
        cell = sheet.cell(1, column)
        cell.font, cell.fill = Font(bold=True), _fill("header")
    done_column = get_column_letter(names.index("done") + 1)
    date_column = get_column_letter(names.index("date") + 1)
    wrap = Alignment(wrap_text=True, vertical="top")
    for number in range(2, len(table) + 1):
        for name in ("targets", "definition"):
            sheet.cell(number, names.index(name) + 1).alignment = wrap
        sheet[f"{done_column}{number}"].fill = _fill("input")
        sheet[f"{date_column}{number}"].fill = _fill("input")
        sheet[f"{date_column}{number}"].number_format = "yyyy-mm-dd"
    last = max(len(table), 2) + 50  # room for rows the user adds
    done = _list_rule(list(YES_NO[lang]), "是否完成" if lang == "zh" else "done")
    done.add(f"{done_column}2:{done_column}{last}")
    date = _date_rule(lang)
    date.add(f"{date_column}2:{date_column}{last}")
    sheet.add_data_validation(done)
    sheet.add_data_validation(date)
    _size(sheet, names, 2, len(table))
    sheet.freeze_panes = sheet.cell(2, names.index("zh") + 2)
