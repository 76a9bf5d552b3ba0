"""The sheet reader of the input boundary: a filled ``ipscore template`` workbook (.xlsx) or CSV.

:func:`read_sheet` turns it into the same :class:`~ipscore.submission.Submission` a JSON file gives,
validated by the same models; every error names the sheet and the cell (``Indicators!G7``; a bare
``G7`` in a CSV), and the submission's :class:`~ipscore.io.source.Source` maps each JSON path to
its cell for the problems found later. Every problem of the file is raised at once (each bad cell,
and what the catalogue checks find in the rest), except those that leave the rest unreadable.

The file becomes grids in :mod:`~ipscore.io.sheet_grids`, cells become values in
:mod:`~ipscore.io.sheet_cells`, and the layout (shared with the template writer,
:mod:`ipscore.sheets`) is :mod:`~ipscore.io.sheet_layout`; docs/spreadsheets.md describes them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ipscore.checks import check_submission, plan_checks
from ipscore.errors import InputError, Problem, place_order
from ipscore.io import sheet_cells
from ipscore.io.sheet_cells import BadCell, describe
from ipscore.io.sheet_grids import Grid, csv_grids, is_empty, xlsx_grids
from ipscore.io.sheet_layout import (
    FIELDS,
    HEADERS,
    INDICATOR_COLUMNS,
    MILESTONE_COLUMNS,
    header_name,
    header_text,
    zh_name,
)
from ipscore.io.source import Source, from_source
from ipscore.packs import load_catalogue
from ipscore.plan import Indicator
from ipscore.submission import MAX_LISTED, Submission, submission_from_data

_T = TypeVar("_T")


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
        except BadCell as bad:
            self.add("E110", bad.message, bad.zh, ref)
            return None

    def text(self, value: Any, ref: str, what: str) -> str | None:
        return self.read(lambda cell: sheet_cells.text(cell, what), value, ref)

    def number(self, value: Any, ref: str, unit: str | None = None) -> float | None:
        return self.read(lambda cell: sheet_cells.number(cell, unit), value, ref)

    def date(self, value: Any, ref: str, what: str) -> str | None:
        return self.read(lambda cell: sheet_cells.date(cell, what), value, ref)

    def done(self, value: Any, ref: str) -> bool | None:
        return self.read(sheet_cells.done, value, ref)


# ---------------------------------------------------------------------------------------------
# Reading: the two tables


def _split_at_header(
    grid: Grid, reader: _Reader
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
        f"{where_zh}没有表头行（第一格为{zh_name('key')}的行）",
        grid.sheet,
    )


def _header_block(rows: list[tuple[int, list[Any]]], grid: Grid, reader: _Reader) -> dict[str, Any]:
    data: dict[str, Any] = {}
    seen: dict[str, str] = {}
    for number, values in rows:
        ref = grid.ref(number, 0)
        text = reader.read(sheet_cells.plain, values[0], ref)
        if not header_text(text):
            continue
        label = header_name(text, FIELDS) or header_text(text)
        if label not in FIELDS:
            reader.add(
                "E110",
                f"unknown field {label!r} above the table: use region, as_of or plans",
                f"表格上方有未知的字段“{label}”：只能是{'、'.join(map(zh_name, FIELDS))}",
                ref,
            )
            continue
        if label in seen:
            reader.add(
                "E104",
                f"{label} is given twice (also in {seen[label]})",
                f"{zh_name(label)}填写了两次（另见 {seen[label]}）",
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
                "E110", f"{label} is empty: it is required", f"{zh_name(label)}为空：必须填写", cell
            )
    for label in ("region", "as_of"):
        if label not in seen:
            reader.add(
                "E120",
                f"no {label!r} row above the table (rows region, as_of, plans)",
                f"表格上方没有{zh_name(label)}行（应有{'、'.join(map(zh_name, FIELDS))}三行）",
                grid.sheet,
            )
    return data


def _columns(
    header: list[Any], number: int, grid: Grid, reader: _Reader, names: tuple[str, ...]
) -> tuple[dict[int, str | int], set[int]]:
    """Column index → a column name or a year, and the columns whose header is a problem (their
    cells are not read: the problem is the header's)."""
    columns: dict[int, str | int] = {}
    unread: set[int] = set()
    seen: dict[str | int, str] = {}
    for index, raw in enumerate(header):
        ref = grid.ref(number, index)
        value = reader.read(sheet_cells.plain, raw, ref)
        if ref in reader.bad:
            unread.add(index)
            continue
        if is_empty(value):
            continue
        name: str | int | None = header_name(value, names)
        if name is None and "value" in names:
            name = sheet_cells.year(value)
        if name is None:
            allowed = ", ".join(HEADERS[column][0] for column in names)
            allowed_zh = "、".join(HEADERS[column][1] for column in names)
            if "value" in names:
                reader.add(
                    "E114",
                    f"column header {describe(value)} is not a year (1990–2100) or one of "
                    + allowed,
                    f"列标题为{describe(value, 'zh')}，"
                    f"不是年份（1990–2100），也不是 {allowed_zh} 之一",
                    ref,
                )
            else:
                reader.add(
                    "E120",
                    f"unknown column {describe(value)}: use {allowed}",
                    f"列标题为{describe(value, 'zh')}，不是已知的列：只能是 {allowed_zh}",
                    ref,
                )
            unread.add(index)
            continue
        if name in seen:
            reader.add(
                "E114" if isinstance(name, int) else "E120",
                f"column {name} appears twice (also {seen[name]})",
                f"{name if isinstance(name, int) else zh_name(name)}列出现了两次"
                f"（另见 {seen[name]}）",
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
            if not is_empty(value):
                strays[index] = row
    return strays


def _row_key(
    values: list[Any], number: int, grid: Grid, reader: _Reader, seen: dict[str, str]
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


def _no_key(reader: _Reader, ref: str) -> None:
    reader.add("E110", "a row with values needs a key", f"有数值的行必须填写{zh_name('key')}", ref)


def _cell(values: list[Any], index: int) -> Any:
    return values[index] if index < len(values) else None


def _indicators(grid: Grid, reader: _Reader) -> dict[str, Any]:
    above, number, header, rows = _split_at_header(grid, reader)
    data = _header_block(above, grid, reader)
    columns, unread = _columns(header, number, grid, reader, INDICATOR_COLUMNS)
    years = {index: name for index, name in columns.items() if isinstance(name, int)}
    where = {name: index for index, name in columns.items() if isinstance(name, str)}
    if not years and "value" not in where:
        raise reader.stop(
            "E120",
            "the table has no year columns and no value column",
            f"表格既没有年份列，也没有{zh_name('value')}列",
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
            if readable and any(not is_empty(_cell(values, index)) for index in inputs):
                _no_key(reader, grid.ref(row, 0))
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
    grid: Grid,
    reader: _Reader,
    catalogue: dict[str, Indicator],
) -> Any:
    """One row as a JSON indicator value (None when the row has no numbers, or cannot be read as
    a whole: value and years both given, or a bad unit cell)."""
    path = f"$.indicators.{key}"
    reader.cells[path] = grid.ref(row, 0)
    row_unit = catalogue[key].unit if key in catalogue else None  # what 4万's hint names
    series: dict[str, float] = {}
    for index, year in years.items():
        ref = grid.ref(row, index)
        number = reader.number(_cell(values, index), ref, row_unit)
        if number is not None:
            series[str(year)] = number
            reader.cells[f"{path}.{year}"] = ref
            reader.cells[f"{path}.series.{year}"] = ref
    value = None
    if "value" in where:
        ref = grid.ref(row, where["value"])
        value = reader.number(_cell(values, where["value"]), ref, row_unit)
        if value is not None:
            reader.cells[path] = reader.cells[f"{path}.value"] = ref
            if series:
                reader.add(
                    "E110",
                    "give a value or yearly values, not both",
                    f"{zh_name('value')}和各年数值只能填一种，不能同时填写",
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


def _milestones(grid: Grid, reader: _Reader) -> dict[str, Any]:
    if not grid.rows:
        return {}
    above, number, header, rows = _split_at_header(grid, reader)
    for row, _ in above:
        reader.add(
            "E120",
            "unexpected row above the 'key' header",
            f"{zh_name('key')}表头上方有多余的行",
            grid.ref(row, 0),
        )
    columns, unread = _columns(header, number, grid, reader, MILESTONE_COLUMNS)
    where = {name: index for index, name in columns.items()}
    if "done" not in where:
        raise reader.stop(
            "E120",
            "the milestone table has no 'done' column",
            f"里程碑表没有{zh_name('done')}列",
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
                _no_key(reader, grid.ref(row, 0))
            continue
        if date_ref is not None and date is not None:
            reader.cells[f"$.milestones.{key}.date"] = date_ref
        reader.cells[f"$.milestones.{key}"] = reader.cells[f"$.milestones.{key}.done"] = done_ref
        if done is None:
            if date is not None:
                reader.add(
                    "E110",
                    "done is empty but a date is given: yes or no?",
                    f"{zh_name('done')}为空，却填写了{zh_name('date')}：是“是”还是“否”？",
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
        indicators, milestones = csv_grids(path, file)
    else:
        indicators, milestones = xlsx_grids(path, file)
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
