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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipscore.errors import InputError
from ipscore.io.source import Source, cell_for, from_source
from ipscore.packs import load_catalogue
from ipscore.plan import Indicator
from ipscore.reading import MAX_INPUT_BYTES, read_limited
from ipscore.spreadsheet_text import FORMULA_START
from ipscore.submission import Submission, submission_from_data
from ipscore.units import underflowed

INDICATORS, MILESTONES = "Indicators", "Milestones"
FIELDS = ("region", "as_of", "plans")
INDICATOR_COLUMNS = ("key", "zh", "en", "unit", "definition", "value")
MILESTONE_COLUMNS = ("key", "zh", "en", "done", "date")
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
        raise InputError("E101", "empty file", file=file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")  # what Excel on a Chinese system saves as "CSV"
        except UnicodeDecodeError as exc:
            message = f"neither UTF-8 nor GB18030 (bad byte at offset {exc.start})"
            raise InputError("E102", message, file=file) from None
    indicators, milestones = _Grid(None), _Grid(None)
    current = indicators
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            if number > MAX_ROWS or len(values) > MAX_COLUMNS:
                message = f"larger than {MAX_ROWS} rows × {MAX_COLUMNS} columns"
                raise InputError("E106", message, file=file, path=f"row {number}")
            if values and values[0].strip(_BLANKS).lower() == MILESTONES_MARKER:
                if current is milestones:
                    raise InputError(
                        "E120", f"a second {MILESTONES_MARKER} row", file=file, path=f"A{number}"
                    )
                current = milestones
                continue
            _add_row(current, number, [_csv_cell(value) for value in values])
    except csv.Error as exc:
        raise InputError("E120", f"malformed CSV: {exc}", file=file) from None
    return indicators, milestones


def _open_workbook(raw: bytes, file: str, data_only: bool) -> Any:
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops
            return openpyxl.load_workbook(io.BytesIO(raw), data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        message = f"cannot open the workbook ({type(exc).__name__}: {exc})"
        raise InputError("E120", message, file=file) from None


def _xlsx_grids(path: Path, file: str) -> tuple[_Grid, _Grid]:
    raw = read_limited(path, MAX_INPUT_BYTES, file)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
            if unzipped > MAX_UNZIPPED_BYTES:
                message = f"unpacks to more than {MAX_UNZIPPED_BYTES} bytes"
                raise InputError("E106", message, file=file)
            _check_sheet_parts(archive, file)
    except zipfile.BadZipFile:
        message = "not an .xlsx workbook (not a zip file): save it as .xlsx or .csv"
        raise InputError("E120", message, file=file) from None
    workbook = _open_workbook(raw, file, data_only=False)
    names = {name.strip().lower(): name for name in workbook.sheetnames}
    sheets = []
    for wanted in (INDICATORS, MILESTONES):
        if wanted.lower() not in names:
            found = ", ".join(workbook.sheetnames)
            message = f"no sheet named {wanted!r} (the workbook has: {found})"
            raise InputError("E120", message, file=file)
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
                raise InputError("E106", message, file=file)
        for match in _MERGED_RANGE.finditer(xml):
            ref = match.group(1).decode("ascii", "replace")
            try:
                first_column, first_row, last_column, last_row = range_boundaries(ref)
            except (ValueError, TypeError):
                raise InputError("E120", f"malformed merged range {ref!r}", file=file) from None
            if None in (first_column, first_row, last_column, last_row):
                raise InputError("E120", f"malformed merged range {ref!r}", file=file)
            merged += (last_row - first_row + 1) * (last_column - first_column + 1)
            if merged > MAX_MERGED_CELLS:
                message = f"merged cells ({ref}) cover more than {MAX_MERGED_CELLS} cells"
                raise InputError("E106", message, file=file)


def _check_size(sheet: Any, file: str) -> None:
    """E106 for a sheet past the limits, judged by its dimensions before any cell is visited."""
    if sheet.max_row > MAX_ROWS or sheet.max_column > MAX_COLUMNS:
        message = f"sheet {sheet.title} is larger than {MAX_ROWS} rows × {MAX_COLUMNS} columns"
        raise InputError("E106", message, file=file)


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


@dataclass
class _Reader:
    """Turns cells into submission data, remembering which cell each JSON path came from."""

    file: str
    cells: dict[str, str] = field(default_factory=dict)

    def fail(self, code: str, message: str, place: str | None) -> InputError:
        return InputError(code, message, file=self.file, path=place)

    def plain(self, value: Any, ref: str) -> Any:
        """The cell's value; a formula without a saved result is an error."""
        if isinstance(value, _Formula):
            raise self.fail(
                "E110",
                f"the formula {value.text} has no saved result: open and save the workbook in "
                "a spreadsheet program, or type the value",
                ref,
            )
        return value

    def text(self, value: Any, ref: str, what: str) -> str | None:
        value = self.plain(value, ref)
        if _is_empty(value):
            return None
        if not isinstance(value, str):
            raise self.fail("E110", f"{what} must be text, not {_describe(value)}", ref)
        return value.strip(_BLANKS)

    def number(self, value: Any, ref: str) -> float | None:
        """A number cell: numbers, and numeric text such as 1234.5 or 1,234.5."""
        value = self.plain(value, ref)
        if _is_empty(value):
            return None
        if isinstance(value, _Percent):
            shown = value.value * 100
            raise self.fail(
                "E110",
                f"the cell is formatted as a percentage (shows {shown:g}%, stored as "
                f"{value.value:g}): format it as a number and type {shown:g}",
                ref,
            )
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise self.fail("E110", f"a number is needed here, not {_describe(value)}", ref)
        if isinstance(value, str):
            value = _numeric_text(
                value.strip(_BLANKS), lambda message: self.fail("E110", message, ref)
            )
        if not math.isfinite(value):
            raise self.fail("E110", f"{value} is not a finite number", ref)
        return float(value)

    def date(self, value: Any, ref: str, what: str) -> str | None:
        """A date cell or date text (2025-12-31, 2025/12/31) as ISO text."""
        value = self.plain(value, ref)
        if _is_empty(value):
            return None
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, str):
            match = _DATE_TEXT.fullmatch(value.strip(_BLANKS))
            if match:
                try:
                    return dt.date(*map(int, match.groups())).isoformat()
                except ValueError as exc:
                    raise self.fail("E110", f"{what} {value.strip()!r}: {exc}", ref) from None
        raise self.fail("E110", f"{what} must be a date (YYYY-MM-DD), not {_describe(value)}", ref)

    def done(self, value: Any, ref: str) -> bool | None:
        value = self.plain(value, ref)
        if _is_empty(value):
            return None
        if isinstance(value, bool):
            return value
        word = str(value).strip(_BLANKS).lower() if isinstance(value, str | int) else None
        if word in _YES:
            return True
        if word in _NO:
            return False
        raise self.fail("E110", f"done must be yes or no, not {_describe(value)}", ref)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, _Percent):
        return f"a percentage ({value.value * 100:g}%)"
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return f"a date ({day.isoformat()})"
    if isinstance(value, str):
        return repr(value.strip(_BLANKS))
    if isinstance(value, int | float):
        return f"the number {value}"
    return type(value).__name__


def _numeric_text(text: str, fail: Any) -> float:
    """Plain numeric text, thousands separators allowed; anything else explains itself."""
    if _PLAIN_NUMBER.fullmatch(text) or _GROUPED_NUMBER.fullmatch(text):
        number = float(text.replace(",", ""))
        if underflowed(text, number):
            raise fail(f"{text!r} is too small for a number (it would become 0)")
        return number
    if text.endswith(("%", "％")):
        raise fail(f"{text!r} is text with a percent sign: type the number alone ({text[:-1]})")
    scaled = _SCALED_NUMBER.fullmatch(text)
    if scaled:
        digits, multiple = scaled.groups()
        raise fail(
            f"{text!r} is not a number: type digits only ({digits}) and change the unit to "
            f"its {multiple} unit instead (万件, 万元, 亿元 …)"
        )
    if "," in text:
        raise fail(
            f"{text!r} is not a number: commas may only separate thousands (1,234.5); "
            "use a point for decimals"
        )
    raise fail(f"{text!r} is not a number: type digits only (e.g. 1234.5 or 1,234.5)")


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


# ---------------------------------------------------------------------------------------------
# Reading: the two tables


def _label(value: Any) -> str:
    return value.strip(_BLANKS).lstrip("#").lower() if isinstance(value, str) else ""


def _split_at_header(
    grid: _Grid, reader: _Reader
) -> tuple[list[tuple[int, list[Any]]], int, list[Any], list[tuple[int, list[Any]]]]:
    """(rows above the header, header row number, header cells, rows below)."""
    for index, (number, values) in enumerate(grid.rows):
        if _label(values[0]) == "key":
            return grid.rows[:index], number, values, grid.rows[index + 1 :]
    where = f"sheet {grid.sheet}" if grid.sheet else "the table"
    raise reader.fail(
        "E120", f"{where} has no header row (a row whose first cell is 'key')", grid.sheet
    )


def _header_block(
    rows: list[tuple[int, list[Any]]], grid: _Grid, reader: _Reader
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    seen: dict[str, str] = {}
    for number, values in rows:
        label = _label(reader.plain(values[0], grid.ref(number, 0)))
        if not label:
            continue
        ref = grid.ref(number, 0)
        if label not in FIELDS:
            raise reader.fail(
                "E110", f"unknown field {label!r} above the table: use region, as_of or plans", ref
            )
        if label in seen:
            raise reader.fail("E104", f"{label} is given twice (also in {seen[label]})", ref)
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
        elif label != "plans":
            raise reader.fail("E110", f"{label} is empty: it is required", cell)
    for label in ("region", "as_of"):
        if label not in seen:
            raise reader.fail(
                "E120", f"no {label!r} row above the table (rows region, as_of, plans)", grid.sheet
            )
    return data


def _columns(
    header: list[Any], number: int, grid: _Grid, reader: _Reader, names: tuple[str, ...]
) -> dict[int, str | int]:
    """Column index → a column name or a year; unknown headers are errors."""
    columns: dict[int, str | int] = {}
    seen: dict[str | int, str] = {}
    for index, raw in enumerate(header):
        ref = grid.ref(number, index)
        value = reader.plain(raw, ref)
        if _is_empty(value):
            continue
        name: str | int | None = _label(value) if _label(value) in names else None
        if name is None and "value" in names:
            name = _year(value)
        if name is None:
            allowed = ", ".join(names)
            if "value" in names:
                message = f"column header {_describe(value)} is not a year (1990–2100) or one of "
                raise reader.fail("E114", message + allowed, ref)
            raise reader.fail("E120", f"unknown column {_describe(value)}: use {allowed}", ref)
        if name in seen:
            code = "E114" if isinstance(name, int) else "E120"
            raise reader.fail(code, f"column {name} appears twice (also {seen[name]})", ref)
        seen[name] = ref
        columns[index] = name
    return columns


def _stray(values: list[Any], columns: dict[int, Any]) -> int | None:
    """The first column with a value but no header, if any."""
    for index, value in enumerate(values):
        if index not in columns and not _is_empty(value):
            return index
    return None


def _row_key(
    values: list[Any], number: int, grid: _Grid, reader: _Reader, seen: dict[str, str]
) -> str | None:
    ref = grid.ref(number, 0)
    key = reader.text(values[0], ref, "key")
    if key is not None:
        if key in seen:
            raise reader.fail("E104", f"duplicate key {key!r} (first in {seen[key]})", ref)
        seen[key] = ref
    return key


def _cell(values: list[Any], index: int) -> Any:
    return values[index] if index < len(values) else None


def _indicators(grid: _Grid, reader: _Reader) -> dict[str, Any]:
    above, number, header, rows = _split_at_header(grid, reader)
    data = _header_block(above, grid, reader)
    columns = _columns(header, number, grid, reader, INDICATOR_COLUMNS)
    years = {index: name for index, name in columns.items() if isinstance(name, int)}
    where = {name: index for index, name in columns.items() if isinstance(name, str)}
    if not years and "value" not in where:
        raise reader.fail("E120", "the table has no year columns and no value column", grid.sheet)
    catalogue = load_catalogue()
    indicators: dict[str, Any] = {}
    seen: dict[str, str] = {}
    for row, values in rows:
        stray = _stray(values, columns)
        if stray is not None:
            raise reader.fail(
                "E114",
                f"{grid.ref(row, stray)} has a value but its column has no year in the header",
                grid.ref(number, stray),
            )
        key = _row_key(values, row, grid, reader, seen)
        inputs = [index for index in (*years, where.get("value", -1)) if index >= 0]
        if key is None:
            if any(not _is_empty(_cell(values, index)) for index in inputs):
                raise reader.fail("E110", "a row with values needs a key", grid.ref(row, 0))
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
    """One row as a JSON indicator value (None when the row has no numbers)."""
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
                raise reader.fail("E110", "give a value or yearly values, not both", ref)
    unit = None
    if "unit" in where:
        ref = grid.ref(row, where["unit"])
        unit = reader.text(_cell(values, where["unit"]), ref, "unit")
        reader.cells[f"{path}.unit"] = ref
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
    if above:
        message = "unexpected row above the 'key' header"
        raise reader.fail("E120", message, grid.ref(above[0][0], 0))
    columns = _columns(header, number, grid, reader, MILESTONE_COLUMNS)
    where = {name: index for index, name in columns.items()}
    if "done" not in where:
        raise reader.fail("E120", "the milestone table has no 'done' column", grid.ref(number, 0))
    milestones: dict[str, Any] = {}
    seen: dict[str, str] = {}
    for row, values in rows:
        stray = _stray(values, columns)
        if stray is not None:
            message = f"a value in a column without a header ({grid.ref(row, stray)})"
            raise reader.fail("E120", message, grid.ref(number, stray))
        key = _row_key(values, row, grid, reader, seen)
        done_ref = grid.ref(row, where["done"])
        done = reader.done(_cell(values, where["done"]), done_ref)
        date = None
        if "date" in where:
            date_ref = grid.ref(row, where["date"])
            date = reader.date(_cell(values, where["date"]), date_ref, "date")
        if key is None:
            if done is not None or date is not None:
                raise reader.fail("E110", "a row with values needs a key", grid.ref(row, 0))
            continue
        if date is not None:
            reader.cells[f"$.milestones.{key}.date"] = date_ref
        reader.cells[f"$.milestones.{key}"] = reader.cells[f"$.milestones.{key}.done"] = done_ref
        if done is None:
            if date is not None:
                raise reader.fail("E110", "done is empty but a date is given: yes or no?", done_ref)
            continue
        milestones[key] = {"done": done, "date": date} if date is not None else done
    return milestones


# ---------------------------------------------------------------------------------------------
# Reading: the public functions


def read_sheet_cells(path: str | Path) -> tuple[Submission, dict[str, str]]:
    """Read a filled workbook or CSV: the submission, and JSON path → cell for later messages."""
    path = Path(path)
    file = str(path)
    if path.suffix.lower() == ".csv":
        indicators, milestones = _csv_grids(path, file)
    else:
        indicators, milestones = _xlsx_grids(path, file)
    reader = _Reader(file)
    data = _indicators(indicators, reader)
    data["milestones"] = _milestones(milestones, reader)
    try:
        submission = submission_from_data(data, file)
    except InputError as exc:
        place = cell_for(exc.path, reader.cells)
        raise InputError(exc.code, exc.message, file=file, path=place) from None
    from_source(submission, Source(file, reader.cells))
    return submission, reader.cells


def read_sheet(path: str | Path) -> Submission:
    """A submission from a filled ``ipscore template`` workbook (.xlsx) or CSV."""
    return read_sheet_cells(path)[0]
