"""The sheet reader of the input boundary: a filled ``ipscore template`` workbook (.xlsx) or CSV.

:func:`read_sheet` turns it into the same :class:`~ipscore.submission.Submission` a JSON file gives,
validated by the same models; every error names the sheet and the cell (``Indicators!G7``; a bare
``G7`` in a CSV), and the submission's :class:`~ipscore.io.source.Source` maps each JSON path to
its cell for the problems found later. The layout (the constants below, which the template writer
in :mod:`ipscore.sheets` uses too) and the CSV conventions are described in docs/spreadsheets.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ipscore.checks import check_submission, plan_checks
from ipscore.errors import InputError, Problem, place_order
from ipscore.io.source import Source, from_source
from ipscore.lang import Lang
from ipscore.packs import load_catalogue
from ipscore.plan import Indicator
from ipscore.reading import MAX_INPUT_BYTES, read_limited
from ipscore.spreadsheet_text import FORMULA_START
from ipscore.submission import MAX_LISTED, Submission, submission_from_data
from ipscore.units import underflowed

INDICATORS, MILESTONES = "Indicators", "Milestones"
FIELDS = ("region", "as_of", "plans")
# The columns of the two tables. Only key, unit, value, the years, done and date are read; the
# others explain the row to the person filling it (the template writer, ipscore.sheets, fills
# them). Templates written before the 口径 columns existed (key zh en unit definition value;
# key zh en done date) use a subset of these names and read the same.
INDICATOR_COLUMNS = (
    "key", "zh", "en", "unit", "basis", "targets", "years", "base_year", "definition", "value",
)  # fmt: skip
MILESTONE_COLUMNS = ("key", "zh", "en", "done", "date", "targets", "definition")
# Each field's and column's header as the English and the Chinese template write it; the reader
# accepts either (without regard to case, a leading # ignored).
HEADERS: dict[str, tuple[str, str]] = {
    "region": ("region", "地区"),
    "as_of": ("as_of", "数据截止日期"),
    "plans": ("plans", "适用方案"),
    "key": ("key", "指标代码"),
    "zh": ("zh", "指标名称"),
    "en": ("en", "英文名称"),
    "unit": ("unit", "单位"),
    "basis": ("basis", "口径"),
    "targets": ("targets", "对应目标"),
    "years": ("years to fill", "需填年份"),
    "base_year": ("base year", "基期"),
    "definition": ("definition", "定义"),
    "value": ("value", "截至日数值"),
    "done": ("done", "是否完成"),
    "date": ("date", "完成日期"),
}
MILESTONES_MARKER = "#milestones"
MAX_UNZIPPED_BYTES = 50_000_000
MAX_ROWS, MAX_COLUMNS = 20_000, 500
MAX_MERGED_CELLS = 100_000  # openpyxl makes an object for each cell of a merged range
MAX_CELLS = 200_000  # cells in all sheets (a filled template has a few thousand)

_YES = {"yes", "y", "true", "1", "是", "已完成", "完成"}
_NO = {"no", "n", "false", "0", "否", "未完成"}
_PLAIN_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_GROUPED_NUMBER = re.compile(r"[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
# 4万, 1.5亿: the multiple belongs in the unit column
_SCALED_NUMBER = re.compile(r"([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万|亿)")
_DATE_TEXT = re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})")
_BLANKS = " \t\r\n\u00a0\u3000"
_CELL_TAG = re.compile(rb"<(?:[A-Za-z0-9_]+:)?c[\s/>]")
_MERGED_RANGE = re.compile(rb"<(?:[A-Za-z0-9_]+:)?mergeCell\b[^>]*?\bref=[\"']([^\"']*)[\"']")
_T = TypeVar("_T")


# ---------------------------------------------------------------------------------------------
# Reading: cells into grids


@dataclass(frozen=True)
class _Formula:
    """A formula cell without a saved result (the workbook was never recalculated)."""

    text: str


@dataclass(frozen=True)
class _Percent:
    """A number in a cell formatted as a percentage (85% is stored as 0.85)."""

    value: float


@dataclass
class _Grid:
    """The non-empty rows of one sheet (or CSV section), with their 1-based row numbers."""

    sheet: str | None  # None for a CSV: cells are named like A1
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)

    def ref(self, row: int, column: int) -> str:
        from openpyxl.utils import get_column_letter

        cell = f"{get_column_letter(column + 1)}{row}"
        return f"{self.sheet}!{cell}" if self.sheet else cell


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip(_BLANKS))


def _add_row(grid: _Grid, number: int, values: list[Any]) -> None:
    while values and _is_empty(values[-1]):
        values.pop()
    if values:
        grid.rows.append((number, values))


def _csv_cell(value: str) -> str:
    """A CSV cell as written: the ' that :func:`csv_safe` put before formula-like text dropped."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def _csv_grids(path: Path, file: str) -> tuple[_Grid, _Grid]:
    raw = read_limited(path, MAX_INPUT_BYTES, file)
    if not raw.strip():
        raise InputError("E101", "empty file", "文件为空", file=file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")  # what Excel on a Chinese system saves as "CSV"
        except UnicodeDecodeError as exc:
            message = f"neither UTF-8 nor GB18030 (bad byte at offset {exc.start})"
            zh = f"既不是 UTF-8 也不是 GB18030 编码（第 {exc.start} 字节处有误）"
            raise InputError("E102", message, zh, file=file) from None
    indicators, milestones = _Grid(None), _Grid(None)
    current = indicators
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            if number > MAX_ROWS or len(values) > MAX_COLUMNS:
                message = f"larger than {MAX_ROWS} rows × {MAX_COLUMNS} columns"
                zh = f"超过 {MAX_ROWS} 行 × {MAX_COLUMNS} 列"
                raise InputError("E106", message, zh, file=file, path=f"row {number}")
            if values and values[0].strip(_BLANKS).lower() == MILESTONES_MARKER:
                if current is milestones:
                    raise InputError(
                        "E120",
                        f"a second {MILESTONES_MARKER} row",
                        f"出现了第二个 {MILESTONES_MARKER} 行",
                        file=file,
                        path=f"A{number}",
                    )
                current = milestones
                continue
            _add_row(current, number, [_csv_cell(value) for value in values])
    except csv.Error as exc:
        raise InputError(
            "E120", f"malformed CSV: {exc}", f"CSV 格式错误：{exc}", file=file
        ) from None
    return indicators, milestones


def _open_workbook(raw: bytes, file: str, data_only: bool) -> Any:
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops
            return openpyxl.load_workbook(io.BytesIO(raw), data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        message = f"cannot open the workbook ({type(exc).__name__}: {exc})"
        zh = f"无法打开工作簿（{type(exc).__name__}：{exc}）"
        raise InputError("E120", message, zh, file=file) from None


def _xlsx_grids(path: Path, file: str) -> tuple[_Grid, _Grid]:
    raw = read_limited(path, MAX_INPUT_BYTES, file)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
            if unzipped > MAX_UNZIPPED_BYTES:
                message = f"unpacks to more than {MAX_UNZIPPED_BYTES} bytes"
                zh = f"解压后超过 {MAX_UNZIPPED_BYTES} 字节"
                raise InputError("E106", message, zh, file=file)
            _check_sheet_parts(archive, file)
    except zipfile.BadZipFile:
        message = "not an .xlsx workbook (not a zip file): save it as .xlsx or .csv"
        zh = "不是 .xlsx 工作簿（不是 zip 文件）：请另存为 .xlsx 或 .csv"
        raise InputError("E120", message, zh, file=file) from None
    workbook = _open_workbook(raw, file, data_only=False)
    names = {name.strip().lower(): name for name in workbook.sheetnames}
    sheets = []
    for wanted in (INDICATORS, MILESTONES):
        if wanted.lower() not in names:
            found = ", ".join(workbook.sheetnames)
            message = f"no sheet named {wanted!r} (the workbook has: {found})"
            zh = f"没有名为“{wanted}”的工作表（工作簿中有：{found}）"
            raise InputError("E120", message, zh, file=file)
        sheets.append(workbook[names[wanted.lower()]])
    for sheet in sheets:
        _check_size(sheet, file)
    cached = None
    if any(cell.data_type == "f" for sheet in sheets for cell in _existing_cells(sheet)):
        cached = _open_workbook(raw, file, data_only=True)
    return tuple(_sheet_grid(sheet, cached) for sheet in sheets)  # type: ignore[return-value]


def _check_sheet_parts(archive: zipfile.ZipFile, file: str) -> None:
    """E106 for too many cells or merged cells, counted in the XML before openpyxl loads it.

    openpyxl builds an object per cell (1.2 million cells: 25 s and 580 MB) and one per cell of
    a merged range: ``A1:XFD1048576``, a few bytes in the file, would be 17 billion of them.
    """
    from openpyxl.utils.cell import range_boundaries

    merged = cells = 0
    for name in archive.namelist():
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        xml = archive.read(name)
        for _ in _CELL_TAG.finditer(xml):
            cells += 1
            if cells > MAX_CELLS:
                message = f"the workbook holds more than {MAX_CELLS} cells"
                zh = f"工作簿中的单元格超过 {MAX_CELLS} 个"
                raise InputError("E106", message, zh, file=file)
        for match in _MERGED_RANGE.finditer(xml):
            ref = match.group(1).decode("ascii", "replace")
            try:
                first_column, first_row, last_column, last_row = range_boundaries(ref)
            except (ValueError, TypeError):
                raise _malformed_range(ref, file) from None
            if None in (first_column, first_row, last_column, last_row):
                raise _malformed_range(ref, file)
            merged += (last_row - first_row + 1) * (last_column - first_column + 1)
            if merged > MAX_MERGED_CELLS:
                message = f"merged cells ({ref}) cover more than {MAX_MERGED_CELLS} cells"
                zh = f"合并单元格（{ref}）覆盖的单元格超过 {MAX_MERGED_CELLS} 个"
                raise InputError("E106", message, zh, file=file)


def _malformed_range(ref: str, file: str) -> InputError:
    return InputError(
        "E120", f"malformed merged range {ref!r}", f"合并区域“{ref}”格式错误", file=file
    )


def _check_size(sheet: Any, file: str) -> None:
    """E106 for a sheet past the limits, judged by its dimensions before any cell is visited."""
    if sheet.max_row > MAX_ROWS or sheet.max_column > MAX_COLUMNS:
        message = f"sheet {sheet.title} is larger than {MAX_ROWS} rows × {MAX_COLUMNS} columns"
        zh = f"工作表 {sheet.title} 超过 {MAX_ROWS} 行 × {MAX_COLUMNS} 列"
        raise InputError("E106", message, zh, file=file)


def _existing_cells(sheet: Any) -> list[Any]:
    """The cells the workbook holds, in row order, never the empty ones of the bounding box.

    ``iter_rows`` would visit every cell from A1 to the last one: a single cell at XFD1048576
    makes that 17 billion. openpyxl keeps the cells it read in ``_cells`` (stable since 2.x).
    """
    return sorted(sheet._cells.values(), key=lambda cell: (cell.row, cell.column))


def _cell_value(cell: Any, values_sheet: Any) -> Any:
    value = cell.value
    if cell.data_type == "f":
        saved = values_sheet.cell(cell.row, cell.column).value if values_sheet else None
        value = _Formula(str(getattr(value, "text", value))) if saved is None else saved
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in (cell.number_format or "")
    ):
        value = _Percent(float(value))
    return value


def _sheet_grid(sheet: Any, cached: Any) -> _Grid:
    grid = _Grid(sheet.title)
    values_sheet = cached[sheet.title] if cached is not None else None
    rows: dict[int, dict[int, Any]] = {}
    for cell in _existing_cells(sheet):
        rows.setdefault(cell.row, {})[cell.column] = _cell_value(cell, values_sheet)
    for number, by_column in rows.items():
        values = [by_column.get(column) for column in range(1, max(by_column) + 1)]
        _add_row(grid, number, values)
    return grid


# ---------------------------------------------------------------------------------------------
# Reading: cell values


class _BadCell(Exception):
    """A cell that cannot be read (E110): the message says what was found and what to type."""

    def __init__(self, message: str, zh: str) -> None:
        super().__init__(message)
        self.message, self.zh = message, zh


def _plain(value: Any) -> Any:
    """The cell's value; a formula without a saved result cannot be read."""
    if isinstance(value, _Formula):
        raise _BadCell(
            f"the formula {value.text} has no saved result: open and save the workbook in "
            "a spreadsheet program, or type the value",
            f"公式 {value.text} 没有保存的计算结果："
            "请用电子表格程序打开并保存工作簿，或直接填写数值",
        )
    return value


def _text(value: Any, what: str) -> str | None:
    value = _plain(value)
    if _is_empty(value):
        return None
    if not isinstance(value, str):
        raise _BadCell(
            f"{what} must be text, not {_describe(value)}",
            f"{_zh(what)}必须是文字，而不是{_describe(value, 'zh')}",
        )
    return value.strip(_BLANKS)


def _number(value: Any) -> float | None:
    """A number cell: numbers, and numeric text such as 1234.5 or 1,234.5."""
    value = _plain(value)
    if _is_empty(value):
        return None
    if isinstance(value, _Percent):
        shown, stored = f"{value.value * 100:g}", f"{value.value:g}"
        raise _BadCell(
            f"the cell is formatted as a percentage (shows {shown}%, stored as {stored}): "
            f"format it as a number and type {shown}",
            f"单元格设置成了百分比格式（显示 {shown}%，实际存的是 {stored}）："
            f"请改为数字格式并填写 {shown}",
        )
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _BadCell(
            f"a number is needed here, not {_describe(value)}",
            f"此处需要数字，而不是{_describe(value, 'zh')}",
        )
    if isinstance(value, str):
        value = _numeric_text(value.strip(_BLANKS))
    if not math.isfinite(value):
        raise _BadCell(f"{value} is not a finite number", f"{value} 不是有限的数字")
    return float(value)


def _date(value: Any, what: str) -> str | None:
    """A date cell or date text (2025-12-31, 2025/12/31) as ISO text."""
    value = _plain(value)
    if _is_empty(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip(_BLANKS)
        match = _DATE_TEXT.fullmatch(text)
        if match:
            try:
                return dt.date(*map(int, match.groups())).isoformat()
            except ValueError as exc:
                raise _BadCell(
                    f"{what} {text!r}: {exc}", f"{_zh(what)}“{text}”不是有效的日期"
                ) from None
    raise _BadCell(
        f"{what} must be a date (YYYY-MM-DD), not {_describe(value)}",
        f"{_zh(what)}必须是日期（YYYY-MM-DD），而不是{_describe(value, 'zh')}",
    )


def _done(value: Any) -> bool | None:
    value = _plain(value)
    if _is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    word = str(value).strip(_BLANKS).lower() if isinstance(value, str | int) else None
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise _BadCell(
        f"done must be yes or no, not {_describe(value)}",
        f"{_zh('done')}必须是“是”或“否”（yes/no），而不是{_describe(value, 'zh')}",
    )


def _describe(value: Any, lang: Lang = "en") -> str:
    """What a cell holds, for a message in ``lang``: ``'abc'``, ``the number 5``, ``a date (…)``."""
    zh = lang == "zh"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, _Percent):
        shown = f"{value.value * 100:g}%"
        return f"百分比（{shown}）" if zh else f"a percentage ({shown})"
    if isinstance(value, dt.datetime | dt.date):
        return f"日期（{_day(value)}）" if zh else f"a date ({_day(value)})"
    if isinstance(value, str):
        text = value.strip(_BLANKS)
        return f"“{text}”" if zh else repr(text)
    if isinstance(value, int | float):
        return f"数字 {value}" if zh else f"the number {value}"
    return type(value).__name__


def _day(value: dt.date) -> str:
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


def _numeric_text(text: str) -> float:
    """Plain numeric text, thousands separators allowed; anything else explains itself."""
    if _PLAIN_NUMBER.fullmatch(text) or _GROUPED_NUMBER.fullmatch(text):
        number = float(text.replace(",", ""))
        if underflowed(text, number):
            raise _BadCell(
                f"{text!r} is too small for a number (it would become 0)",
                f"“{text}”太小，读作数字会变成 0",
            )
        return number
    if text.endswith(("%", "％")):
        raise _BadCell(
            f"{text!r} is text with a percent sign: type the number alone ({text[:-1]})",
            f"“{text}”是带百分号的文字：只填数字（{text[:-1]}）",
        )
    scaled = _SCALED_NUMBER.fullmatch(text)
    if scaled:
        digits, multiple = scaled.groups()
        raise _BadCell(
            f"{text!r} is not a number: type digits only ({digits}) and change the unit to "
            f"its {multiple} unit instead (万件, 万元, 亿元 …)",
            f"“{text}”不是数字：只填数字（{digits}），并把单位改为相应的“{multiple}”单位"
            "（万件、万元、亿元……）",
        )
    if "," in text:
        raise _BadCell(
            f"{text!r} is not a number: commas may only separate thousands (1,234.5); "
            "use a point for decimals",
            f"“{text}”不是数字：逗号只能用作千位分隔（1,234.5），小数请用小数点",
        )
    raise _BadCell(
        f"{text!r} is not a number: type digits only (e.g. 1234.5 or 1,234.5)",
        f"“{text}”不是数字：只填数字（如 1234.5 或 1,234.5）",
    )


def _year(value: Any) -> int | None:
    """A column header as a year, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip(_BLANKS).removesuffix("年") if isinstance(value, int | str) else ""
    if text.isascii() and text.isdigit() and len(text) == 4 and 1990 <= int(text) <= 2100:
        return int(text)
    return None


@dataclass
class _Reader:
    """Turns cells into submission data, remembering which cell each JSON path came from.

    A bad cell does not stop the reading: its problem is collected (the first MAX_LISTED in
    detail, the rest counted by code) and the cell is read as empty, so one run lists them all.
    Only a problem that leaves the rest unreadable (:meth:`stop`) ends the reading at once.
    """

    file: str
    cells: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    hidden: Counter[str] = field(default_factory=Counter)  # problems past MAX_LISTED, by code
    bad: set[str] = field(default_factory=set)  # the cells with a problem

    def add(self, code: str, message: str, zh: str, place: str | None) -> None:
        """Collect a problem and go on reading."""
        if place is not None:
            self.bad.add(place)
        if len(self.problems) < MAX_LISTED:
            self.problems.append(self.problem(code, message, zh, place))
        else:
            self.hidden[code] += 1

    def problem(self, code: str, message: str, zh: str, place: str | None) -> Problem:
        return Problem(code=code, message=message, message_zh=zh, file=self.file, path=place)

    def stop(self, code: str, message: str, zh: str, place: str | None) -> InputError:
        """A problem that ends the reading (raise it): the rest cannot be read."""
        return InputError.of([self.problem(code, message, zh, place)])

    def read(self, convert: Callable[[Any], _T], value: Any, ref: str) -> _T | None:
        """``convert(value)``, or None (and the problem collected) for a bad cell."""
        try:
            return convert(value)
        except _BadCell as bad:
            self.add("E110", bad.message, bad.zh, ref)
            return None

    def text(self, value: Any, ref: str, what: str) -> str | None:
        return self.read(lambda cell: _text(cell, what), value, ref)

    def number(self, value: Any, ref: str) -> float | None:
        return self.read(_number, value, ref)

    def date(self, value: Any, ref: str, what: str) -> str | None:
        return self.read(lambda cell: _date(cell, what), value, ref)

    def done(self, value: Any, ref: str) -> bool | None:
        return self.read(_done, value, ref)


# ---------------------------------------------------------------------------------------------
# Reading: the two tables


def _label(value: Any) -> str:
    return value.strip(_BLANKS).lstrip("#").lower() if isinstance(value, str) else ""


def _names(names: tuple[str, ...]) -> dict[str, str]:
    """Header text (as :func:`_label` gives it) → the name, for the names given: the name
    itself and its English and Chinese headers."""
    labels = {name: name for name in names}
    for name in names:
        labels.update((header.lower(), name) for header in HEADERS[name])
    return labels


def _zh(name: str) -> str:
    """A field or column in a Chinese message: its Chinese header and its name (“单位”（unit）)."""
    return f"“{HEADERS[name][1]}”（{name}）"


def header_name(value: Any, names: tuple[str, ...]) -> str | None:
    """The field or column a header cell names, if it is one of ``names``."""
    return _names(names).get(_label(value))


def _split_at_header(
    grid: _Grid, reader: _Reader
) -> tuple[list[tuple[int, list[Any]]], int, list[Any], list[tuple[int, list[Any]]]]:
    """(rows above the header, header row number, header cells, rows below)."""
    for index, (number, values) in enumerate(grid.rows):
        if header_name(values[0], ("key",)) == "key":
            return grid.rows[:index], number, values, grid.rows[index + 1 :]
    where, where_zh = (
        (f"sheet {grid.sheet}", f"工作表 {grid.sheet} ") if grid.sheet else ("the table", "表格")
    )
    raise reader.stop(
        "E120",
        f"{where} has no header row (a row whose first cell is 'key')",
        f"{where_zh}没有表头行（第一格为{_zh('key')}的行）",
        grid.sheet,
    )


def _header_block(
    rows: list[tuple[int, list[Any]]], grid: _Grid, reader: _Reader
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    seen: dict[str, str] = {}
    for number, values in rows:
        ref = grid.ref(number, 0)
        text = reader.read(_plain, values[0], ref)
        if not _label(text):
            continue
        label = header_name(text, FIELDS) or _label(text)
        if label not in FIELDS:
            reader.add(
                "E110",
                f"unknown field {label!r} above the table: use region, as_of or plans",
                f"表格上方有未知的字段“{label}”：只能是{'、'.join(map(_zh, FIELDS))}",
                ref,
            )
            continue
        if label in seen:
            reader.add(
                "E104",
                f"{label} is given twice (also in {seen[label]})",
                f"{_zh(label)}填写了两次（另见 {seen[label]}）",
                ref,
            )
            continue
        seen[label] = ref
        cell = grid.ref(number, 1)
        value = values[1] if len(values) > 1 else None
        reader.cells[f"$.{label}"] = cell
        if label == "as_of":
            parsed = reader.date(value, cell, "as_of")
        else:
            parsed = reader.text(value, cell, label)
        if label == "plans" and parsed is not None:
            plan_ids = [part for part in re.split(r"[\s,，;；]+", parsed) if part]
            for index in range(len(plan_ids)):
                reader.cells[f"$.plans[{index}]"] = cell
            data["plans"] = plan_ids
        elif parsed is not None:
            data[label] = parsed
        elif label != "plans" and cell not in reader.bad:
            reader.add(
                "E110", f"{label} is empty: it is required", f"{_zh(label)}为空：必须填写", cell
            )
    for label in ("region", "as_of"):
        if label not in seen:
            reader.add(
                "E120",
                f"no {label!r} row above the table (rows region, as_of, plans)",
                f"表格上方没有{_zh(label)}行（应有{'、'.join(map(_zh, FIELDS))}三行）",
                grid.sheet,
            )
    return data


def _columns(
    header: list[Any], number: int, grid: _Grid, reader: _Reader, names: tuple[str, ...]
) -> tuple[dict[int, str | int], set[int]]:
    """Column index → a column name or a year, and the columns whose header is a problem (their
    cells are not read: the problem is the header's)."""
    columns: dict[int, str | int] = {}
    unread: set[int] = set()
    seen: dict[str | int, str] = {}
    for index, raw in enumerate(header):
        ref = grid.ref(number, index)
        value = reader.read(_plain, raw, ref)
        if ref in reader.bad:
            unread.add(index)
            continue
        if _is_empty(value):
            continue
        name: str | int | None = header_name(value, names)
        if name is None and "value" in names:
            name = _year(value)
        if name is None:
            allowed = ", ".join(HEADERS[column][0] for column in names)
            allowed_zh = "、".join(HEADERS[column][1] for column in names)
            if "value" in names:
                reader.add(
                    "E114",
                    f"column header {_describe(value)} is not a year (1990–2100) or one of "
                    + allowed,
                    f"列标题为{_describe(value, 'zh')}，"
                    f"不是年份（1990–2100），也不是 {allowed_zh} 之一",
                    ref,
                )
            else:
                reader.add(
                    "E120",
                    f"unknown column {_describe(value)}: use {allowed}",
                    f"列标题为{_describe(value, 'zh')}，不是已知的列：只能是 {allowed_zh}",
                    ref,
                )
            unread.add(index)
            continue
        if name in seen:
            reader.add(
                "E114" if isinstance(name, int) else "E120",
                f"column {name} appears twice (also {seen[name]})",
                f"{name if isinstance(name, int) else _zh(name)}列出现了两次（另见 {seen[name]}）",
                ref,
            )
            unread.add(index)
            continue
        seen[name] = ref
        columns[index] = name
    return columns, unread


def _strays(
    rows: list[tuple[int, list[Any]]], columns: dict[int, Any], unread: set[int]
) -> dict[int, int]:
    """Column index → the first row with a value in a column that has no header at all."""
    strays: dict[int, int] = {}
    for row, values in rows:
        for index, value in enumerate(values):
            if index in columns or index in unread or index in strays:
                continue
            if not _is_empty(value):
                strays[index] = row
    return strays


def _row_key(
    values: list[Any], number: int, grid: _Grid, reader: _Reader, seen: dict[str, str]
) -> tuple[str | None, bool]:
    """The row's key, and whether the row can be read (a bad or duplicate key: it cannot)."""
    ref = grid.ref(number, 0)
    key = reader.text(values[0], ref, "key")
    if ref in reader.bad:
        return None, False
    if key is not None:
        if key in seen:
            reader.add(
                "E104",
                f"duplicate key {key!r} (first in {seen[key]})",
                f"键“{key}”重复（首次出现在 {seen[key]}）",
                ref,
            )
            return None, False
        seen[key] = ref
    return key, True


def _cell(values: list[Any], index: int) -> Any:
    return values[index] if index < len(values) else None


def _indicators(grid: _Grid, reader: _Reader) -> dict[str, Any]:
    above, number, header, rows = _split_at_header(grid, reader)
    data = _header_block(above, grid, reader)
    columns, unread = _columns(header, number, grid, reader, INDICATOR_COLUMNS)
    years = {index: name for index, name in columns.items() if isinstance(name, int)}
    where = {name: index for index, name in columns.items() if isinstance(name, str)}
    if not years and "value" not in where:
        raise reader.stop(
            "E120",
            "the table has no year columns and no value column",
            f"表格既没有年份列，也没有{_zh('value')}列",
            grid.sheet,
        )
    for index, row in _strays(rows, columns, unread).items():
        reader.add(
            "E114",
            f"{grid.ref(row, index)} has a value but its column has no year in the header",
            f"{grid.ref(row, index)} 有数值，但该列的表头没有年份",
            grid.ref(number, index),
        )
    catalogue = load_catalogue()
    indicators: dict[str, Any] = {}
    seen: dict[str, str] = {}
    for row, values in rows:
        key, readable = _row_key(values, row, grid, reader, seen)
        inputs = [index for index in (*years, where.get("value", -1)) if index >= 0]
        if key is None:
            if readable and any(not _is_empty(_cell(values, index)) for index in inputs):
                reader.add(
                    "E110",
                    "a row with values needs a key",
                    f"有数值的行必须填写{_zh('key')}",
                    grid.ref(row, 0),
                )
            continue
        entry = _indicator_entry(key, values, row, years, where, grid, reader, catalogue)
        if entry is not None:
            indicators[key] = entry
    data["indicators"] = indicators
    return data


def _indicator_entry(
    key: str,
    values: list[Any],
    row: int,
    years: dict[int, int],
    where: dict[str, int],
    grid: _Grid,
    reader: _Reader,
    catalogue: dict[str, Indicator],
) -> Any:
    """One row as a JSON indicator value (None when the row has no numbers, or cannot be read as
    a whole: value and years both given, or a bad unit cell)."""
    path = f"$.indicators.{key}"
    reader.cells[path] = grid.ref(row, 0)
    series: dict[str, float] = {}
    for index, year in years.items():
        ref = grid.ref(row, index)
        number = reader.number(_cell(values, index), ref)
        if number is not None:
            series[str(year)] = number
            reader.cells[f"{path}.{year}"] = ref
            reader.cells[f"{path}.series.{year}"] = ref
    value = None
    if "value" in where:
        ref = grid.ref(row, where["value"])
        value = reader.number(_cell(values, where["value"]), ref)
        if value is not None:
            reader.cells[path] = reader.cells[f"{path}.value"] = ref
            if series:
                reader.add(
                    "E110",
                    "give a value or yearly values, not both",
                    f"{_zh('value')}和各年数值只能填一种，不能同时填写",
                    ref,
                )
                return None
    unit = None
    if "unit" in where:
        ref = grid.ref(row, where["unit"])
        unit = reader.text(_cell(values, where["unit"]), ref, "unit")
        reader.cells[f"{path}.unit"] = ref
        if ref in reader.bad:
            return None  # the numbers' unit is unknown
    if key in catalogue and unit == catalogue[key].unit:
        unit = None  # the pre-filled catalogue unit: nothing to convert
    if not series and value is None:
        return None
    if unit is None:
        return series or value
    return {"series": series, "unit": unit} if series else {"value": value, "unit": unit}


def _milestones(grid: _Grid, reader: _Reader) -> dict[str, Any]:
    if not grid.rows:
        return {}
    above, number, header, rows = _split_at_header(grid, reader)
    for row, _ in above:
        reader.add(
            "E120",
            "unexpected row above the 'key' header",
            f"{_zh('key')}表头上方有多余的行",
            grid.ref(row, 0),
        )
    columns, unread = _columns(header, number, grid, reader, MILESTONE_COLUMNS)
    where = {name: index for index, name in columns.items()}
    if "done" not in where:
        raise reader.stop(
            "E120",
            "the milestone table has no 'done' column",
            f"里程碑表没有{_zh('done')}列",
            grid.ref(number, 0),
        )
    for index, row in _strays(rows, columns, unread).items():
        reader.add(
            "E120",
            f"a value in a column without a header ({grid.ref(row, index)})",
            f"没有表头的列中有数值（{grid.ref(row, index)}）",
            grid.ref(number, index),
        )
    milestones: dict[str, Any] = {}
    seen: dict[str, str] = {}
    for row, values in rows:
        key, readable = _row_key(values, row, grid, reader, seen)
        done_ref = grid.ref(row, where["done"])
        done = reader.done(_cell(values, where["done"]), done_ref)
        date = None
        date_ref = grid.ref(row, where["date"]) if "date" in where else None
        if date_ref is not None:
            date = reader.date(_cell(values, where["date"]), date_ref, "date")
        if not readable or done_ref in reader.bad or date_ref in reader.bad:
            continue
        if key is None:
            if done is not None or date is not None:
                reader.add(
                    "E110",
                    "a row with values needs a key",
                    f"有数值的行必须填写{_zh('key')}",
                    grid.ref(row, 0),
                )
            continue
        if date_ref is not None and date is not None:
            reader.cells[f"$.milestones.{key}.date"] = date_ref
        reader.cells[f"$.milestones.{key}"] = reader.cells[f"$.milestones.{key}.done"] = done_ref
        if done is None:
            if date is not None:
                reader.add(
                    "E110",
                    "done is empty but a date is given: yes or no?",
                    f"{_zh('done')}为空，却填写了{_zh('date')}：是“是”还是“否”？",
                    done_ref,
                )
            continue
        milestones[key] = {"done": done, "date": date} if date is not None else done
    return milestones


# ---------------------------------------------------------------------------------------------
# Reading: every problem at once


def _catalogue_problems(submission: Submission, source: Source) -> list[Problem]:
    """What the catalogue checks (units, ranges, years after as_of, unknown keys) find in the
    readable part of a sheet with bad cells, errors and warnings (not the notices, as when the
    checks stop a run), each located in its cell.

    No plan is chosen yet: the bundled catalogue is used, without a plan's thresholds.
    """
    try:
        checked = check_submission(submission, plan_checks(load_catalogue(), {}), source.file)
    except InputError as exc:
        return source.locate(exc).problems
    return [source.locate_warning(w) for w in checked.warnings if w.level == "warning"]


def _every_problem(reader: _Reader, found: list[Problem]) -> InputError:
    """One error listing the reader's problems and ``found``, sorted by place; past MAX_LISTED
    one last line counts the rest by code."""
    ordered = sorted(
        reader.problems + found, key=lambda problem: place_order(problem.file, problem.path)
    )
    hidden = reader.hidden.copy()
    hidden.update(problem.code for problem in ordered[MAX_LISTED:])
    listed = ordered[:MAX_LISTED]
    if hidden:
        total = sum(hidden.values())
        counts = ", ".join(f"{count:,} × {code}" for code, count in sorted(hidden.items()))
        first = min(hidden)
        listed.append(
            reader.problem(
                first,
                f"{total:,} more problems are not listed ({counts}): fix the ones above and "
                "check again",
                f"另有 {total:,} 个问题未列出（{counts}）：请先改正以上问题，再检查一次",
                None,
            )
        )
    return InputError.of(listed)


# ---------------------------------------------------------------------------------------------
# Reading: the public functions


def read_sheet_cells(path: str | Path) -> tuple[Submission, dict[str, str]]:
    """Read a filled workbook or CSV: the submission, and JSON path → cell for later messages.

    Every problem is raised at once, as one :class:`InputError` sorted by place: each bad cell,
    and, when there are any, what the catalogue checks find in the rest (so a city fixes the
    sheet in one pass). A file that cannot be read at all (not a workbook, a missing sheet or
    header row) stops at its first problem.
    """
    path = Path(path)
    file = str(path)
    if path.suffix.lower() == ".csv":
        indicators, milestones = _csv_grids(path, file)
    else:
        indicators, milestones = _xlsx_grids(path, file)
    reader = _Reader(file)
    try:
        data = _indicators(indicators, reader)
        data["milestones"] = _milestones(milestones, reader)
    except InputError as stop:  # the rest cannot be read: what was found so far, and why
        raise _every_problem(reader, stop.problems) from None
    source = Source(file, reader.cells)
    if reader.problems and not {"region", "as_of"} <= data.keys():
        raise _every_problem(reader, [])  # without them the rest cannot be checked
    try:
        submission = submission_from_data(data, file)
    except InputError as exc:
        raise _every_problem(reader, source.locate(exc).problems) from None
    from_source(submission, source)
    if reader.problems:
        raise _every_problem(reader, _catalogue_problems(submission, source))
    return submission, reader.cells


def read_sheet(path: str | Path) -> Submission:
    """A submission from a filled ``ipscore template`` workbook (.xlsx) or CSV."""
    return read_sheet_cells(path)[0]
