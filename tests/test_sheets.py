"""Spreadsheet input: templates, round trips against the JSON cases, and errors that name cells."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers import CASES

import ipscore
from ipscore.errors import InputError
from ipscore.io import read_submission, sheet_cells
from ipscore.io.sheet_cells import BadCell
from ipscore.io.sheet_layout import header_name
from ipscore.io.source import Source
from ipscore.plan import Measure
from ipscore.sheets import (
    FIELDS,
    INDICATOR_COLUMNS,
    MILESTONE_COLUMNS,
    cell_for,
    read_sheet,
    read_sheet_cells,
    template_years,
)

JSON_CASES = sorted(p for p in CASES.glob("*.json") if not p.name.endswith(".expected.json"))
ROUND_TRIP = ["nanjing-2025-partial", "nanjing-2024-midterm", "hefei-2023-midterm"]
NANJING = "nanjing-2022-2025"


# --- filling a template from a JSON case, the way a person would ------------------------------


def _header_index(rows: list[list]) -> int:
    return next(i for i, row in enumerate(rows) if row and header_name(row[0], ("key",)))


def _names(header: list, columns: tuple[str, ...] = INDICATOR_COLUMNS) -> list:
    """A header row as column names and years, whatever the template's language."""
    return [header_name(cell, columns) or cell for cell in header]


def _put(rows: list[list], row: int, column: int, value) -> None:
    while len(rows[row]) <= column:
        rows[row].append(None)
    rows[row][column] = value


def _row_of(rows: list[list], start: int, key: str) -> int:
    for index in range(start, len(rows)):
        if rows[index] and rows[index][0] == key:
            return index
    rows.append([key])
    return len(rows) - 1


def fill_indicators(rows: list[list], case: dict, as_of) -> None:
    """Fill the Indicators table (a list of rows) with a JSON case's data."""
    labels = {header_name(row[0], FIELDS): i for i, row in enumerate(rows) if row and row[0]}
    _put(rows, labels["region"], 1, case["region"])
    _put(rows, labels["as_of"], 1, as_of)
    _put(rows, labels["plans"], 1, ", ".join(case.get("plans", [])))
    head = _header_index(rows)
    header = rows[head]
    names = _names(header)
    for key, given in case["indicators"].items():
        row = _row_of(rows, head + 1, key)
        unit = None
        if isinstance(given, dict) and ("series" in given or "value" in given):
            unit = given.get("unit")
            given = given.get("series", given.get("value"))
        if unit:
            _put(rows, row, names.index("unit"), unit)
        if not isinstance(given, dict):
            _put(rows, row, names.index("value"), given)
            continue
        for year, value in given.items():
            if int(year) not in header:
                header.append(int(year))
                names.append(int(year))
            _put(rows, row, header.index(int(year)), value)


def fill_milestones(rows: list[list], case: dict, as_date) -> None:
    header = _names(rows[0], MILESTONE_COLUMNS)
    for key, given in case.get("milestones", {}).items():
        row = _row_of(rows, 1, key)
        done = given if isinstance(given, bool) else given["done"]
        _put(rows, row, header.index("done"), "是" if done else "否")
        if isinstance(given, dict) and given.get("date"):
            _put(rows, row, header.index("date"), as_date(given["date"]))


def _sheet_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _write_rows(sheet, rows: list[list]) -> None:
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if sheet.cell(r, c).value != value:
                sheet.cell(r, c).value = value


def filled_xlsx(tmp_path: Path, cli, case_path: Path, plan_id: str, lang: str = "zh") -> Path:
    target = tmp_path / f"{case_path.stem}.xlsx"
    assert cli("template", plan_id, "-o", target, "--lang", lang).code == 0
    case = json.loads(case_path.read_text("utf-8"))
    workbook = openpyxl.load_workbook(target)
    rows = _sheet_rows(workbook["Indicators"])
    fill_indicators(rows, case, dt.date.fromisoformat(case["as_of"]))
    _write_rows(workbook["Indicators"], rows)
    rows = _sheet_rows(workbook["Milestones"])
    fill_milestones(rows, case, dt.date.fromisoformat)
    _write_rows(workbook["Milestones"], rows)
    workbook.save(target)
    return target


def filled_csv(tmp_path: Path, cli, case_path: Path, plan_id: str, lang: str = "zh") -> Path:
    target = tmp_path / f"{case_path.stem}.csv"
    assert cli("template", plan_id, "-o", target, "--lang", lang).code == 0
    case = json.loads(case_path.read_text("utf-8"))
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"), newline="")))
    split = next(i for i, row in enumerate(rows) if row and row[0] == "#milestones")
    indicators, milestones = rows[:split], rows[split + 1 :]
    header = _header_index(indicators)
    indicators[header] = [int(h) if h.isdigit() else h for h in indicators[header]]
    fill_indicators(indicators, case, case["as_of"])
    fill_milestones(milestones, case, str)
    with target.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerows(indicators + [["#milestones"]] + milestones)
    return target


def _plan_of(case_path: Path) -> str:
    return json.loads(case_path.read_text("utf-8"))["plans"][0]


# --- the template ---------------------------------------------------------------------------------


def test_template_workbook_layout(tmp_path, cli):
    target = tmp_path / "plan.xlsx"
    result = cli("template", NANJING, "-o", target)
    assert result.code == 0 and "plan.xlsx" in result.err
    plan = ipscore.load_plan(NANJING)
    catalogue = ipscore.load_catalogue()
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames == ["Indicators", "Milestones", "填写说明"]
    assert workbook.active.title == "Indicators"
    sheet = workbook["Indicators"]
    rows = _sheet_rows(sheet)
    assert [row[0] for row in rows[:3]] == ["地区", "数据截止日期", "适用方案"]
    assert rows[0][1] == plan.plan.region and rows[2][1] == plan.id and rows[1][1] is None
    head = _header_index(rows)
    header = [value for value in rows[head] if value is not None]
    years = list(range(plan.plan.period.start - 1, plan.plan.period.end + 1))
    assert header[9:] == years  # the headers' words: tests/test_template.py
    assert _names(header) == [*(n for n in INDICATOR_COLUMNS if n != "en"), *years]
    keys = [row[0] for row in rows[head + 1 :]]
    assert len(keys) == len(set(keys))
    readings = [r for t in plan.targets for r in t.readings()]  # alternatives' indicators too
    assert len(readings) > len(plan.targets)
    wanted = {
        r.indicator for r in readings if catalogue[r.indicator].measure is not Measure.milestone
    }
    assert "ic_layout_design_registrations" in wanted  # nj-ic-layout-designs' alternative only
    parts = {
        part
        for key in wanted
        if catalogue[key].derive
        for part in (catalogue[key].derive.numerator, catalogue[key].derive.denominator)
    }
    assert set(keys) == wanted | parts
    # each part follows the indicator it is derived into
    assert keys.index("resident_population") == keys.index("high_value_invention_patents") + 1
    assert keys.index("high_value_invention_patents") == (
        keys.index("high_value_invention_patents_per_10k") + 1
    )
    for row in rows[head + 1 :]:
        item = catalogue[row[0]]
        assert (row[1], row[2]) == (item.zh, item.unit)
    assert sheet.freeze_panes == f"C{head + 2}"
    assert sheet.column_dimensions["E"].width > sheet.column_dimensions["C"].width
    value = _names(header).index("value") + 1
    first_input = sheet.cell(head + 2, value)  # green: an alternative to the yearly values
    assert first_input.fill.fgColor.rgb.endswith("E2EFDA")
    assert sheet.cell(head + 2, 1).fill.fgColor.rgb != first_input.fill.fgColor.rgb

    milestones = workbook["Milestones"]
    mrows = _sheet_rows(milestones)
    assert mrows[0] == ["指标代码", "指标名称", "是否完成", "完成日期", "对应目标", "定义"]
    expected = [r.indicator for r in readings if r.kind == "milestone"]
    assert [row[0] for row in mrows[1:]] == list(dict.fromkeys(expected))
    validations = milestones.data_validations.dataValidation
    assert any(
        v.type == "list" and v.formula1 == '"是,否"' and "C2" in str(v.sqref) for v in validations
    )
    assert any(v.type == "date" and "D2" in str(v.sqref) for v in validations)
    assert milestones.freeze_panes == "C2"


@pytest.mark.parametrize("plan", ipscore.list_plans(), ids=lambda p: p.id)
def test_template_years_cover_baselines_and_period(plan):
    years = template_years(plan)
    assert years == list(range(years[0], plan.plan.period.end + 1))
    for target in plan.targets:
        if target.baseline:
            assert target.baseline.year in years
    assert plan.plan.period.start in years


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_template_csv_has_the_sheet_columns(tmp_path, cli, lang):
    xlsx, text = tmp_path / "t.xlsx", tmp_path / "t.csv"
    assert cli("template", NANJING, "-o", xlsx, "--lang", lang).code == 0
    assert cli("template", NANJING, "-o", text, "--lang", lang).code == 0
    rows = list(csv.reader(io.StringIO(text.read_text("utf-8-sig"), newline="")))
    region, plans = ("#地区", "#适用方案") if lang == "zh" else ("#region", "#plans")
    assert rows[0] == [region, "南京市"] and rows[2] == [plans, NANJING]
    workbook = openpyxl.load_workbook(xlsx)
    sheet_rows = _sheet_rows(workbook["Indicators"])
    head = _header_index(sheet_rows)
    csv_head = _header_index(rows)
    assert rows[csv_head] == [str(v) for v in sheet_rows[head] if v is not None]
    split = rows.index(["#milestones"])
    # the same cells as the sheet, informational columns included
    width = len(rows[csv_head])
    as_text = [["" if v is None else str(v) for v in r[:width]] for r in sheet_rows[head + 1 :]]
    assert [r + [""] * (width - len(r)) for r in rows[csv_head + 1 : split]] == as_text
    milestone_rows = _sheet_rows(workbook["Milestones"])
    assert rows[split + 1] == milestone_rows[0]
    assert rows[split + 2][0] == milestone_rows[1][0]


def test_empty_template_is_rejected_for_as_of(tmp_path, cli):
    target = tmp_path / "t.xlsx"
    cli("template", NANJING, "-o", target)
    result = cli("check", "--lang", "en", target)
    assert result.code == 2
    assert (
        result.err.strip()
        == f"ipscore: {target}: Indicators!B2: E110 as_of is empty: it is required"
    )


# --- round trips ---------------------------------------------------------------------------------


def _without_file_names(report: dict, file: Path) -> dict:
    """The report with the places of its warnings (file and path or cell) checked and removed."""
    for warning in report["warnings"]:
        assert warning.pop("file") == str(file)
        place = warning.pop("path")
        if file.suffix != ".json" and place.startswith("$.indicators."):
            assert place.count(".") == 2, place  # only an indicator without a row stays a path
    return report


@pytest.mark.parametrize("fill", [filled_xlsx, filled_csv], ids=["xlsx", "csv"])
@pytest.mark.parametrize("name", ROUND_TRIP)
def test_round_trip_gives_the_json_report(tmp_path, cli, fill, name):
    case = CASES / f"{name}.json"
    sheet = fill(tmp_path, cli, case, _plan_of(case))
    from_json = cli("check", "--lang", "en", case, "--format", "json")
    from_sheet = cli("check", "--lang", "en", sheet, "--format", "json")
    assert from_sheet.code == from_json.code and from_sheet.err == ""
    sheet_report = _without_file_names(json.loads(from_sheet.out), sheet)
    assert sheet_report == _without_file_names(json.loads(from_json.out), case)
    assert read_sheet(sheet) == read_submission(case)
    # the library reads the sheet by its suffix, as the CLI does (not as JSON: "E102 not UTF-8")
    from_library = ipscore.evaluate(_plan_of(case), sheet).model_dump(mode="json")
    assert _without_file_names(from_library, sheet) == sheet_report


def _without_catalogue_units(submission) -> dict:
    """The submission as data, leaving out units that equal the catalogue unit (a no-op)."""
    catalogue = ipscore.load_catalogue()
    data = submission.model_dump()
    for key, given in data["indicators"].items():
        if key in catalogue and given["unit"] == catalogue[key].unit:
            given["unit"] = None
    return data


@pytest.mark.parametrize("case", JSON_CASES, ids=lambda p: p.stem)
def test_every_case_reads_back_to_the_same_submission(tmp_path, cli, case):
    sheet = read_sheet(filled_xlsx(tmp_path, cli, case, _plan_of(case)))
    assert _without_catalogue_units(sheet) == _without_catalogue_units(read_submission(case))


# --- values --------------------------------------------------------------------------------------


def _workbook(tmp_path, cli, plan=NANJING, as_of=dt.date(2024, 12, 31), lang="zh"):
    target = tmp_path / "w.xlsx"
    cli("template", plan, "-o", target, "--lang", lang)
    workbook = openpyxl.load_workbook(target)
    workbook["Indicators"]["B2"] = as_of
    return target, workbook


def _cell(workbook, key: str, column) -> str:
    """The coordinate of KEY's cell in COLUMN (a column name or a year) of the Indicators sheet."""
    sheet = workbook["Indicators"]
    rows = _sheet_rows(sheet)
    head = _header_index(rows)
    row = next(i for i, r in enumerate(rows) if key in (r[0], header_name(r[0], ("key",)))) + 1
    col = _names(rows[head]).index(column) + 1
    return sheet.cell(row, col).coordinate


def _check_error(cli, path: Path, code: str, place: str, lang: str = "en") -> str:
    result = cli("check", "--lang", lang, path)
    assert result.code == 2, result.out
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.err
    prefix = f"ipscore: {path}: {place}: {code} " if place else f"ipscore: {path}: {code} "
    assert lines[0].startswith(prefix), lines[0]
    return lines[0]


def test_numeric_text_and_empty_cells(tmp_path, cli):
    target, workbook = _workbook(tmp_path, cli)
    sheet = workbook["Indicators"]
    sheet[_cell(workbook, "ip_service_practitioners", 2023)] = "7,500"
    sheet[_cell(workbook, "ip_service_practitioners", 2024)] = " 8100.5 "
    sheet[_cell(workbook, "ip_operation_centres", "value")] = 18
    sheet[_cell(workbook, "ip_transaction_amount", "unit")] = "万元"
    sheet[_cell(workbook, "ip_transaction_amount", 2024)] = 1_400_000
    workbook.save(target)
    submission = read_sheet(target)
    assert submission.indicators["ip_service_practitioners"].series == {2023: 7500.0, 2024: 8100.5}
    assert submission.indicators["ip_operation_centres"].value == 18
    assert submission.indicators["ip_transaction_amount"].unit == "万元"
    assert "resident_population" not in submission.indicators  # an empty row is no value
    assert submission.as_of == dt.date(2024, 12, 31) and submission.plans == [NANJING]
    report = ipscore.evaluate(NANJING, submission)
    [outcome] = [t for t in report.targets if t.indicator == "ip_transaction_amount"]
    assert outcome.series == {2024: pytest.approx(140.0)}


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("abc", "not a number"),
        ("85%", "percent sign"),
        ("1,5", "commas may only separate thousands"),
        ("4万", "type 40,000 (in 人), or type 4 and change the unit to 万人"),
    ],
)
def test_text_in_a_number_cell_names_the_cell(tmp_path, cli, text, hint):
    target, workbook = _workbook(tmp_path, cli)
    where = _cell(workbook, "ip_service_practitioners", 2023)
    workbook["Indicators"][where] = text
    workbook.save(target)
    line = _check_error(cli, target, "E110", f"Indicators!{where}")
    assert hint in line and repr(text) in line


def test_a_wan_number_is_explained_in_the_rows_unit_in_chinese(tmp_path, cli):
    """4万 in a 人 row names 万人 (not 万件 or 亿元): the row's catalogue unit is the hint's."""
    target, workbook = _workbook(tmp_path, cli)
    where = _cell(workbook, "ip_service_practitioners", 2023)
    workbook["Indicators"][where] = "4万"
    workbook.save(target)
    line = _check_error(cli, target, "E110", f"Indicators!{where}", "zh")
    assert line.endswith("E110 “4万”不是数字：请填 40,000（以人计），或只填 4 并把单位改为万人")


@pytest.mark.parametrize(
    ("text", "unit", "message", "zh"),
    [
        (
            "1.5亿",
            "元",
            "'1.5亿' is not a number: type 150,000,000 (in 元), or type 1.5 and change the unit "
            "to 亿元",
            "“1.5亿”不是数字：请填 150,000,000（以元计），或只填 1.5 并把单位改为亿元",
        ),
        (  # a 万 amount in an 亿元 row: 万元, and the amount in 亿元 (not 40,000 亿元)
            "4万",
            "亿元",
            "'4万' is not a number: type 0.0004 (in 亿元), or type 4 and change the unit to 万元",
            "“4万”不是数字：请填 0.0004（以亿元计），或只填 4 并把单位改为万元",
        ),
        (
            "4万",
            "家",
            "'4万' is not a number: type it in 家, as 40,000",
            "“4万”不是数字：请以家填写，写成 40,000",
        ),
        (
            "4万",
            "万件",
            "'4万' is not a number: type digits only (4); the unit is 万件 already",
            "“4万”不是数字：只填数字（4），单位已是万件",
        ),
        (
            "4,000万",
            None,
            "'4,000万' is not a number: type it in full (40,000,000)",
            "“4,000万”不是数字：请写全数字（40,000,000）",
        ),
    ],
)
def test_a_wan_number_names_the_unit_of_the_rows_family(text, unit, message, zh):
    with pytest.raises(BadCell) as raised:
        sheet_cells.number(text, unit)
    assert (raised.value.message, raised.value.zh) == (message, zh)


def test_percent_formatted_and_date_cells_are_not_numbers(tmp_path, cli):
    target, workbook = _workbook(tmp_path, cli)
    where = _cell(workbook, "ip_protection_satisfaction", 2023)
    workbook["Indicators"][where] = 0.85
    workbook["Indicators"][where].number_format = "0%"
    workbook.save(target)
    assert "type 85" in _check_error(cli, target, "E110", f"Indicators!{where}")
    workbook["Indicators"][where] = dt.datetime(2024, 1, 2)
    workbook["Indicators"][where].number_format = "yyyy-mm-dd"
    workbook.save(target)
    assert "a date (2024-01-02)" in _check_error(cli, target, "E110", f"Indicators!{where}")


def test_formula_without_saved_result(tmp_path, cli):
    target, workbook = _workbook(tmp_path, cli)
    where = _cell(workbook, "ip_service_practitioners", 2023)
    workbook["Indicators"][where] = "=1+2"
    workbook.save(target)
    assert "=1+2" in _check_error(cli, target, "E110", f"Indicators!{where}")


def test_formula_with_saved_result_is_read(tmp_path, cli):
    target, workbook = _workbook(tmp_path, cli)
    where = _cell(workbook, "ip_service_practitioners", 2023)
    workbook["Indicators"][where] = "=7000+500"
    workbook.save(target)
    # what a spreadsheet program saves: the formula and its result
    with zipfile.ZipFile(target) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet_xml = "xl/worksheets/sheet1.xml"
    # openpyxl writes an empty <v /> through et_xmlfile and <v/> or <v></v> through lxml
    empty_result = re.compile(rb"<f>7000\+500</f><v\s*/>|<f>7000\+500</f><v></v>")
    assert empty_result.search(parts[sheet_xml])
    parts[sheet_xml] = empty_result.sub(b"<f>7000+500</f><v>7500</v>", parts[sheet_xml])
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert read_sheet(target).indicators["ip_service_practitioners"].series == {2023: 7500.0}


def test_year_header_that_is_not_a_year(tmp_path, cli):
    target, workbook = _workbook(tmp_path, cli)
    coordinate = _cell(workbook, "key", 2023)  # the header cell of 2023
    workbook["Indicators"][coordinate] = "Q1"
    workbook.save(target)
    assert "'Q1' is not a year" in _check_error(cli, target, "E114", f"Indicators!{coordinate}")


def test_added_year_column_and_unknown_key(tmp_path, cli):
    target, workbook = _workbook(tmp_path, cli)
    sheet = workbook["Indicators"]
    rows = _sheet_rows(sheet)
    head = _header_index(rows) + 1
    column = len(rows[head - 1]) + 1
    sheet.cell(head, column, "2020年")
    row = sheet.max_row + 1
    sheet.cell(row, 1, "ip_operation_centers")
    sheet.cell(row, column, 3)
    workbook.save(target)
    submission = read_sheet(target)
    assert submission.indicators["ip_operation_centers"].series == {2020: 3.0}
    result = cli("check", "--lang", "en", target, "--format", "json")
    warnings = json.loads(result.out)["warnings"]
    assert [w["code"] for w in warnings] == ["W200"]
    assert "did you mean 'ip_operation_centres'" in warnings[0]["message"]
    assert warnings[0]["path"] == f"Indicators!A{row}"  # the row's key cell, not $.indicators…


def test_value_and_years_together(tmp_path, cli):
    target, workbook = _workbook(tmp_path, cli)
    sheet = workbook["Indicators"]
    sheet[_cell(workbook, "ip_operation_centres", 2023)] = 5
    where = _cell(workbook, "ip_operation_centres", "value")
    sheet[where] = 5
    workbook.save(target)
    assert "not both" in _check_error(cli, target, "E110", f"Indicators!{where}")


def test_duplicate_key(tmp_path, cli):
    target, workbook = _workbook(tmp_path, cli)
    sheet = workbook["Indicators"]
    first = _cell(workbook, "ip_operation_centres", "key")
    row = sheet.max_row + 1
    sheet.cell(row, 1, "ip_operation_centres")
    workbook.save(target)
    line = _check_error(cli, target, "E104", f"Indicators!A{row}")
    assert f"Indicators!{first}" in line


@pytest.mark.parametrize(
    ("value", "code", "hint"),
    [("2025-13-40", "E110", "month must be in 1..12"), ("soon", "E110", "must be a date")],
)
def test_bad_as_of(tmp_path, cli, value, code, hint):
    target, workbook = _workbook(tmp_path, cli, as_of=value)
    workbook.save(target)
    assert hint in _check_error(cli, target, code, "Indicators!B2")


def test_as_of_text_with_slashes(tmp_path, cli):
    target, workbook = _workbook(tmp_path, cli, as_of="2024/12/31")
    workbook.save(target)
    assert read_sheet(target).as_of == dt.date(2024, 12, 31)


def _milestone_column(workbook, name: str) -> str:
    """The letter of the Milestones sheet's column NAME (done, date …)."""
    header = _names(_sheet_rows(workbook["Milestones"])[0], MILESTONE_COLUMNS)
    return "ABCDEFGH"[header.index(name)]


def test_milestones(tmp_path, cli):
    target, workbook = _workbook(tmp_path, cli, lang="en")
    assert (_milestone_column(workbook, "done"), _milestone_column(workbook, "date")) == ("D", "E")
    sheet = workbook["Milestones"]
    sheet["D2"], sheet["E2"] = "是", dt.datetime(2024, 5, 1)
    sheet["D3"] = "no"
    sheet["D4"] = True
    workbook.save(target)
    keys = [row[0] for row in _sheet_rows(sheet)]
    milestones = read_sheet(target).milestones
    assert milestones[keys[1]].done and milestones[keys[1]].date == dt.date(2024, 5, 1)
    assert not milestones[keys[2]].done and milestones[keys[3]].done
    assert len(milestones) == 3  # empty rows are no value
    sheet["D3"] = "maybe"
    workbook.save(target)
    assert "'maybe'" in _check_error(cli, target, "E110", "Milestones!D3")
    sheet["D3"], sheet["E3"] = None, "2024-01-01"
    workbook.save(target)
    assert "done is empty" in _check_error(cli, target, "E110", "Milestones!D3")


def test_milestone_date_after_as_of_maps_to_its_cell(tmp_path, cli):
    target, workbook = _workbook(tmp_path, cli)
    done, date = _milestone_column(workbook, "done"), _milestone_column(workbook, "date")
    workbook["Milestones"][f"{done}3"], workbook["Milestones"][f"{date}3"] = "是", "2025-06-01"
    workbook.save(target)
    submission, cells = read_sheet_cells(target)
    key = next(iter(submission.milestones))
    with pytest.raises(InputError) as raised:
        ipscore.evaluate(NANJING, submission)
    assert (raised.value.file, raised.value.path) == (str(target), f"Milestones!{date}3")
    assert cell_for(f"$.milestones.{key}", cells) == f"Milestones!{done}3"
    assert cell_for("$.indicators.unknown", cells) == "$.indicators.unknown"


def test_catalogue_errors_map_back_to_cells(tmp_path, cli):
    target, workbook = _workbook(tmp_path, cli)
    where = _cell(workbook, "ip_service_practitioners", 2023)
    workbook["Indicators"][where] = -5
    workbook.save(target)
    for given in (target, read_sheet_cells(target)[0]):  # a path, or a submission read before
        with pytest.raises(InputError) as raised:
            ipscore.evaluate(NANJING, given)
        assert raised.value.code == "E111"
        assert (raised.value.file, raised.value.path) == (str(target), f"Indicators!{where}")


# --- malformed workbooks and CSV files ----------------------------------------------------------


def test_not_a_zip_file(tmp_path, cli):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("region,as_of\n", encoding="utf-8")
    line = _check_error(cli, bad, "E120", "")
    assert (
        line
        == f"ipscore: {bad}: E120 not an .xlsx workbook (not a zip file): save it as .xlsx or .csv"
    )


def test_missing_sheet_and_header(tmp_path, cli):
    target, workbook = _workbook(tmp_path, cli)
    del workbook["Milestones"]
    workbook.save(target)
    result = cli("check", "--lang", "en", target)
    assert result.code == 2 and "E120 no sheet named 'Milestones'" in result.err
    target, workbook = _workbook(tmp_path, cli)
    head = _header_index(_sheet_rows(workbook["Indicators"])) + 1
    workbook["Indicators"].cell(head, 1, "indicator")
    workbook.save(target)
    result = cli("check", "--lang", "en", target)
    assert result.code == 2 and "Indicators: E120" in result.err and "no header row" in result.err


def test_csv_errors_name_the_cell(tmp_path, cli):
    case = CASES / "nanjing-2024-midterm.json"
    target = filled_csv(tmp_path, cli, case, NANJING)
    # a record may span lines (a cell listing two targets): the cell is named by its record,
    # the row a spreadsheet program shows it in
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8"), newline="")))
    number = next(i for i, row in enumerate(rows) if row and row[0] == "ip_operation_centres")
    header = rows[_header_index(rows)]
    rows[number][header.index("2023")] = "12%"
    with target.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    column = "ABCDEFGHIJKLMNOP"[header.index("2023")]
    assert "percent sign" in _check_error(cli, target, "E110", f"{column}{number + 1}")


def test_csv_in_gb18030_and_without_milestones(tmp_path, cli):
    target = tmp_path / "excel.csv"
    text = 'region,南京市\nas_of,2024/12/31\nkey,value\nip_operation_centres,"1,234"\n'
    target.write_bytes(text.encode("gb18030"))
    submission = read_sheet(target)
    assert submission.region == "南京市" and submission.milestones == {}
    assert submission.indicators["ip_operation_centres"].value == 1234


def test_empty_csv(tmp_path, cli):
    target = tmp_path / "empty.csv"
    target.write_text("", encoding="utf-8")
    _check_error(cli, target, "E101", "")


def test_bad_workbook_in_a_batch(tmp_path, cli):
    good = CASES / "nanjing-2025-partial.json"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = cli("check", "--lang", "en", good, bad, "--format", "json")
    assert result.code == 2
    lines = [line for line in result.err.strip().splitlines() if ": W2" not in line]
    assert len(lines) == 1 and lines[0].startswith(f"ipscore: {bad}: E120")
    entries = json.loads(result.out)
    failed = [entry for entry in entries if "error" in entry]
    assert [entry["file"] for entry in failed] == [str(bad)]
    assert failed[0]["error"]["code"] == "E120"
    reports = [entry for entry in entries if "error" not in entry]
    assert [r["plan"]["id"] for r in reports] == [NANJING]
    assert reports[0].pop("file") == str(good)
    assert reports[0] == json.loads(cli("check", "--lang", "en", good, "--format", "json").out)


HEAD = "#region,南京市\n#as_of,2024-12-31\n"


@pytest.mark.parametrize(
    ("text", "code", "place", "hint"),
    [
        (HEAD + "key,value\n,5\n", "E110", "A4", "needs a key"),
        (
            HEAD + "key,value,2023\nip_operation_centres,,1,9\n",
            "E114",
            "D3",
            "no year in the header",
        ),
        (HEAD + "key,value,2023,2023\n", "E114", "D3", "appears twice"),
        (HEAD + "nokey,value\n", "E120", "", "no header row"),
        ("#region,南京市\nkey,value\n", "E120", "", "no 'as_of' row"),
        ("#region,\n#as_of,2024-12-31\nkey,value\n", "E110", "B1", "region is empty"),
        ("#colour,red\n" + HEAD + "key,value\n", "E110", "A1", "unknown field 'colour'"),
        (HEAD + "#region,x\nkey,value\n", "E104", "A3", "given twice"),
        (HEAD + "key,value\nx,1\n#milestones\nkey,zh\n", "E120", "A6", "no 'done' column"),
        (HEAD + "key,value\n#milestones\nk,yes\n", "E120", "", "no header row"),
        (HEAD + "key,value\n#milestones\nkey,done\n#milestones\n", "E120", "A6", "second"),
        (HEAD + "key,value\n#milestones\nkey,done,when\n", "E120", "C5", "unknown column"),
    ],
)
def test_malformed_csv(tmp_path, cli, text, code, place, hint):
    target = tmp_path / "bad.csv"
    target.write_text(text, encoding="utf-8")
    assert hint in _check_error(cli, target, code, place)


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [
        ("ip_service_practitioners", -5, "E111"),  # a negative count
        ("ip_protection_satisfaction", 120, "E112"),  # a score above 100
    ],
)
def test_catalogue_errors_name_the_cell(tmp_path, cli, key, value, code):
    target, workbook = _workbook(tmp_path, cli)
    where = _cell(workbook, key, 2023)
    workbook["Indicators"][where] = value
    workbook.save(target)
    _check_error(cli, target, code, f"Indicators!{where}")


def test_template_into_a_missing_directory_is_a_one_line_error(tmp_path, cli):
    result = cli("template", NANJING, "-o", tmp_path / "missing" / "t.xlsx")
    assert result.code == 2
    assert "E108" in result.err and len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2025年12月31日", dt.date(2025, 12, 31)),
        ("2025年1月1日", dt.date(2025, 1, 1)),
        ("2025/12/31", dt.date(2025, 12, 31)),
    ],
)
def test_a_date_typed_as_chinese_text_is_read_like_the_other_date_texts(tmp_path, typed, day):
    path = tmp_path / "zh-date.csv"
    path.write_text(
        f"#region,南京市\n#as_of,{typed}\nkey,2024\ninvention_patents,5\n"
        f"#milestones\nkey,done,date\nx,yes,{typed}\n",
        encoding="utf-8",
    )
    submission = ipscore.read_submission(path)
    assert submission.as_of == day
    assert [m.date for m in submission.milestones.values()] == [day]


def test_an_impossible_chinese_date_is_refused_at_its_cell(tmp_path):
    path = tmp_path / "bad-date.csv"
    path.write_text(
        "#region,南京市\n#as_of,2025年2月30日\nkey,2024\ninvention_patents,5\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as raised:
        ipscore.read_submission(path)
    assert (raised.value.code, raised.value.path) == ("E110", "B2")
    assert "2025年2月30日" in raised.value.message_zh


def test_a_source_repr_is_short():
    """repr() of a workbook's source names the file and counts the cells, not lists them."""
    cells = {f"$.indicators.k{n}.2024": f"Indicators!B{n}" for n in range(5000)}
    assert repr(Source("big.xlsx", cells)) == "Source(file='big.xlsx', cells=5000)"
