"""Reading a workbook or CSV into grids: the non-empty rows of its two tables, each cell's value as
stored (a formula without a saved result and a percentage-formatted number marked as such), within
the size limits that keep a hostile file cheap (E106) and refusing what is no workbook (E120)."""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipscore.errors import InputError
from ipscore.io.sheet_layout import BLANKS, INDICATORS, MILESTONES, MILESTONES_MARKER
from ipscore.reading import MAX_INPUT_BYTES, read_limited
from ipscore.spreadsheet_text import FORMULA_START

MAX_UNZIPPED_BYTES = 50_000_000
MAX_ROWS, MAX_COLUMNS = 20_000, 500
MAX_MERGED_CELLS = 100_000  # openpyxl makes an object for each cell of a merged range
MAX_CELLS = 200_000  # cells in all sheets (a filled template has a few thousand)

_CELL_TAG = re.compile(rb"<(?:[A-Za-z0-9_]+:)?c[\s/>]")
_MERGED_RANGE = re.compile(rb"<(?:[A-Za-z0-9_]+:)?mergeCell\b[^>]*?\bref=[\"']([^\"']*)[\"']")


@dataclass(frozen=True)
class Formula:
    """A formula cell without a saved result (the workbook was never recalculated)."""

    text: str


@dataclass(frozen=True)
class Percent:
    """A number in a cell formatted as a percentage (85% is stored as 0.85)."""

    value: float


@dataclass
class Grid:
    """The non-empty rows of one sheet (or CSV section), with their 1-based row numbers."""

    sheet: str | None  # None for a CSV: cells are named like A1
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)

    def ref(self, row: int, column: int) -> str:
        from openpyxl.utils import get_column_letter

        cell = f"{get_column_letter(column + 1)}{row}"
        return f"{self.sheet}!{cell}" if self.sheet else cell


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip(BLANKS))


def _add_row(grid: Grid, number: int, values: list[Any]) -> None:
    while values and is_empty(values[-1]):
        values.pop()
    if values:
        grid.rows.append((number, values))


def _csv_cell(value: str) -> str:
    """A CSV cell as written: the ' that :func:`csv_safe` put before formula-like text dropped."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def csv_grids(path: Path, file: str) -> tuple[Grid, Grid]:
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
    indicators, milestones = Grid(None), Grid(None)
    current = indicators
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            if number > MAX_ROWS or len(values) > MAX_COLUMNS:
                message = f"larger than {MAX_ROWS} rows × {MAX_COLUMNS} columns"
                zh = f"超过 {MAX_ROWS} 行 × {MAX_COLUMNS} 列"
                raise InputError("E106", message, zh, file=file, path=f"row {number}")
            if values and values[0].strip(BLANKS).lower() == MILESTONES_MARKER:
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


def xlsx_grids(path: Path, file: str) -> tuple[Grid, Grid]:
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
        value = Formula(str(getattr(value, "text", value))) if saved is None else saved
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in (cell.number_format or "")
    ):
        value = Percent(float(value))
    return value


def _sheet_grid(sheet: Any, cached: Any) -> Grid:
    grid = Grid(sheet.title)
    values_sheet = cached[sheet.title] if cached is not None else None
    rows: dict[int, dict[int, Any]] = {}
    for cell in _existing_cells(sheet):
        rows.setdefault(cell.row, {})[cell.column] = _cell_value(cell, values_sheet)
    for number, by_column in rows.items():
        values = [by_column.get(column) for column in range(1, max(by_column) + 1)]
        _add_row(grid, number, values)
    return grid
