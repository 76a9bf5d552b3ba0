"""Every problem of a workbook or CSV in one run: each bad cell, and what the catalogue checks find
in the rest, one located line each, sorted by place (issue 14's five-mistakes acceptance)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from helpers import DOCS

import ipscore
from ipscore.errors import InputError
from ipscore.submission import MAX_LISTED

NANJING = "nanjing-2022-2025"
HEADER = ["key", "zh", "en", "unit", "definition", "value", 2021, 2022, 2023, 2024]
# The fifth mistake, "a year out of range", read two ways: a year after as_of (2024-12-31) with a
# value under it, which the catalogue checks refuse (E115, at the value's cell), and a column
# header outside 1990–2100, which the reader refuses (E114, at the header cell). For each: the
# extra year column, its place, the code, and how its message starts in English and Chinese.
YEAR_OUT_OF_RANGE = {
    "after-as_of": (
        2026,
        "K10",
        "E115",
        {"en": "year 2026 is after as_of (2024)", "zh": "2026年晚于数据截止日期 as_of（2024年）"},
    ),
    "not-a-year": (
        1985,
        "K5",
        "E114",
        {
            "en": "column header {header} is not a year (1990–2100)",
            "zh": "列标题为{header}，不是年份（1990–2100）",
        },
    ),
}
# A workbook keeps the header's type (a number), a CSV gives text.
HEADER_1985 = {
    ("xlsx", "en"): "the number 1985",
    ("xlsx", "zh"): "数字 1985",
    ("csv", "en"): "'1985'",
    ("csv", "zh"): "“1985”",
}


def _rows(extra_year: int, percent: object) -> list[list[object]]:
    """The Indicators sheet with five mistakes; ``percent`` is the cell of the third."""
    return [
        ["region", "南京市"],
        ["as_of", "2024-12-31"],
        ["plans", NANJING],
        [],
        [*HEADER, extra_year],
        # 2.8 typed for 28,000 件 (a value in 万): W211, a warning (it may be true), at J6
        ["high_value_invention_patents", None, None, "件", None, None, 21000, 23500, 26000, 2.8],
        # text in a number cell: E110 at I7
        ["invention_patents", None, None, "件", None, None, 50000, 52000, "abc", 56000],
        # a cell formatted as a percentage (0.85 shown as 85%): E110 at I8
        ["ip_protection_satisfaction", None, None, "分", None, None, 80, 82, percent, 86],
        # an unknown indicator row: W200, a warning (the row is ignored), at its key cell A9
        ["ip_operation_centers", None, None, None, None, None, 1, 2, 3, 3],
        # a value under the year out of range, at K10
        ["patent_grants", None, None, "件", None, None, 9000, 9500, 9800, 10000, 12000],
    ]


def five_mistakes_xlsx(tmp_path: Path, extra_year: int) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Indicators"
    for row in _rows(extra_year, 0.85):
        sheet.append(row)
    sheet["I8"].number_format = "0%"
    workbook.create_sheet("Milestones").append(["key", "zh", "en", "done", "date"])
    path = tmp_path / "five.xlsx"
    workbook.save(path)
    return path


def five_mistakes_csv(tmp_path: Path, extra_year: int) -> Path:
    """The same sheet saved as CSV: a CSV has no cell formats, so the percentage is ``85%``."""
    path = tmp_path / "five.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerows(_rows(extra_year, "85%"))
        writer.writerows([["#milestones"], ["key", "zh", "en", "done", "date"]])
    return path


def expected(kind: str, reading: str, lang: str = "en") -> list[tuple[str, str, str]]:
    """(place, code, how the message starts) of the five lines, in place order: by row, then
    column (K5, J6, I7, I8, A9, K10)."""
    sheet = "Indicators!" if kind == "xlsx" else ""
    _, cell, code, texts = YEAR_OUT_OF_RANGE[reading]
    starts = {
        "en": [
            "unknown indicator 'ip_operation_centers' is ignored; did you mean",
            "'abc' is not a number",
            "the cell is formatted as a percentage (shows 85%, stored as 0.85)"
            if kind == "xlsx"
            else "'85%' is text with a percent sign: type the number alone (85)",
            "2.8 件 for 2024 is",
        ],
        "zh": [
            "未知的指标“ip_operation_centers”，已忽略",
            "“abc”不是数字",
            "单元格设置成了百分比格式（显示 85%，实际存的是 0.85）"
            if kind == "xlsx"
            else "“85%”是带百分号的文字：只填数字（85）",
            "高价值发明专利拥有量2024年的数值 2.8 件",
        ],
    }[lang]
    last = texts[lang].format(header=HEADER_1985[kind, lang])
    places = [("A9", "W200"), ("I7", "E110"), ("I8", "E110"), ("J6", "W211"), (cell, code)]
    lines = {
        place: (sheet + place, code, start)
        for (place, code), start in zip(places, [*starts, last], strict=True)
    }
    return [lines[place] for place in ("K5", "J6", "I7", "I8", "A9", "K10") if place in lines]


def _parsed(lines: list[str], file: Path) -> list[tuple[str, str, str]]:
    """Each ``ipscore: FILE: PLACE: CODE message`` line as (place, code, message)."""
    parsed = []
    for line in lines:
        prefix = f"ipscore: {file}: "
        assert line.startswith(prefix), line
        place, _, rest = line.removeprefix(prefix).partition(": ")
        code, _, message = rest.partition(" ")
        parsed.append((place, code, message))
    return parsed


def _matches(found: list[tuple[str, str, str]], wanted: list[tuple[str, str, str]]) -> None:
    assert [(place, code) for place, code, _ in found] == [(p, c) for p, c, _ in wanted]
    for (_, _, message), (_, _, text) in zip(found, wanted, strict=True):
        assert message.startswith(text), (message, text)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("reading", sorted(YEAR_OUT_OF_RANGE))
@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_five_mistakes_give_five_located_lines_in_one_run(tmp_path, cli, kind, reading, lang):
    year = YEAR_OUT_OF_RANGE[reading][0]
    make = five_mistakes_xlsx if kind == "xlsx" else five_mistakes_csv
    path = make(tmp_path, year)
    result = cli("check", path, "--lang", lang)
    assert result.code == 2 and result.out == "" and "Traceback" not in result.err
    _matches(_parsed(result.err.splitlines(), path), expected(kind, reading, lang))


def test_the_docs_show_the_five_lines_in_both_languages(tmp_path, cli, monkeypatch):
    """docs/spreadsheets.md shows the run on this workbook exactly, Chinese then English."""
    text = (DOCS / "spreadsheets.md").read_text("utf-8")
    section = text[text.index("A workbook with five mistakes") :]
    shown = re.findall(r"```text\n(.*?)```", section, flags=re.DOTALL)[:2]
    monkeypatch.chdir(tmp_path)
    five_mistakes_xlsx(tmp_path, YEAR_OUT_OF_RANGE["after-as_of"][0])
    for lang, block in zip(("zh", "en"), shown, strict=True):
        result = cli("check", "five.xlsx", "--lang", lang)
        assert result.code == 2 and result.err == block


@pytest.mark.parametrize("reading", sorted(YEAR_OUT_OF_RANGE))
def test_five_mistakes_from_the_library_are_one_error(tmp_path, reading):
    path = five_mistakes_xlsx(tmp_path, YEAR_OUT_OF_RANGE[reading][0])
    for read in (ipscore.read_submission, lambda p: ipscore.evaluate(NANJING, p)):
        with pytest.raises(InputError) as raised:
            read(path)
        problems = raised.value.problems
        assert len(problems) == 5 and {p.file for p in problems} == {str(path)}
        # the first error (K5 comes before row 6's warning J6; K10 after it)
        assert raised.value.code == {"after-as_of": "E110", "not-a-year": "E114"}[reading]
        for lang in ("en", "zh"):
            found = [(p.path or "", p.code, p.text(lang)) for p in problems]
            _matches(found, expected("xlsx", reading, lang))


def test_a_bad_cell_does_not_hide_the_next_one_in_its_row(tmp_path, cli):
    """Each bad cell is listed, and the good cells of its row are still checked."""
    path = tmp_path / "row.csv"
    path.write_text(
        "#region,南京市\n#as_of,2024-12-31\nkey,2022,2023,2024\n"
        "invention_patents,x,-5,1万\n"
        "ip_protection_satisfaction,=A1,120,\n",
        encoding="utf-8",
    )
    result = cli("check", path)
    assert result.code == 2
    found = [(place, code) for place, code, _ in _parsed(result.err.splitlines(), path)]
    assert found == [("B4", "E110"), ("C4", "E111"), ("D4", "E110"), ("B5", "E110"), ("C5", "E112")]


def test_a_notice_is_not_listed_with_the_problems(tmp_path, cli):
    """A unit converted as the docs say (W202, a notice) is no problem: not listed beside them,
    whether the catalogue checks pass (here) or stop the run (a 万元 value that is negative)."""
    for value, wanted in (("5", [("C4", "E110")]), ("-5", [("C4", "E110"), ("C5", "E111")])):
        path = tmp_path / "notice.csv"
        path.write_text(
            "#region,南京市\n#as_of,2024-12-31\nkey,unit,2024\n"
            f"invention_patents,件,abc\nip_royalty_trade,万元,{value}\n",
            encoding="utf-8",
        )
        result = cli("check", path)
        found = [(place, code) for place, code, _ in _parsed(result.err.splitlines(), path)]
        assert result.code == 2 and found == wanted, result.err


def test_structural_problem_stops_with_what_was_found_before(tmp_path, cli):
    """A table that cannot be read (here: milestones without a done column) stops the reading;
    the cell problems found before it are listed with it."""
    path = tmp_path / "stop.csv"
    path.write_text(
        "#region,南京市\n#as_of,2024-12-31\nkey,2024\ninvention_patents,abc\n#milestones\nkey,zh\n",
        encoding="utf-8",
    )
    result = cli("check", path)
    assert result.code == 2
    found = [(place, code) for place, code, _ in _parsed(result.err.splitlines(), path)]
    assert found == [("B4", "E110"), ("A6", "E120")]


def test_without_as_of_the_cells_are_still_listed(tmp_path, cli):
    """Without as_of the catalogue checks cannot run; the bad cells are listed all the same."""
    path = tmp_path / "no-as-of.csv"
    path.write_text(
        "#region,南京市\n#as_of,soon\nkey,2023,2024\ninvention_patents,abc,\n", encoding="utf-8"
    )
    result = cli("check", path)
    found = [(place, code) for place, code, _ in _parsed(result.err.splitlines(), path)]
    assert result.code == 2 and found == [("B2", "E110"), ("B4", "E110")]


def test_ten_thousand_bad_cells_list_the_first_and_count_the_rest(tmp_path, cli):
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Indicators")
    years = list(range(2015, 2025))
    for row in (["region", "南京市"], ["as_of", dt.date(2024, 12, 31)], ["key", *years]):
        sheet.append(row)
    for number in range(1000):
        sheet.append([f"k{number}", *["n/a"] * len(years)])
    workbook.create_sheet("Milestones").append(["key", "done"])
    path = tmp_path / "bad.xlsx"
    workbook.save(path)
    with pytest.raises(InputError) as raised:
        ipscore.read_submission(path)
    problems = raised.value.problems
    assert len(problems) == MAX_LISTED + 1
    assert {p.code for p in problems} == {"E110"}
    assert all(p.path and p.path.startswith("Indicators!") for p in problems[:-1])
    hidden = 10_000 - MAX_LISTED
    assert problems[-1].path is None
    assert problems[-1].message == (
        f"{hidden:,} more problems are not listed ({hidden:,} × E110): fix the ones above and "
        "check again"
    )
    result = cli("check", path)
    assert result.code == 2 and len(result.err.splitlines()) == MAX_LISTED + 1


def test_the_reader_problems_in_chinese(tmp_path):
    """Each problem the reader collects has its Chinese text, naming the column by the Chinese
    template's header and by its key."""
    path = tmp_path / "zh.csv"
    path.write_text(
        "#region,南京市\n#as_of,2024-12-31\n#colour,red\nkey,value,2023,Q1\n,5\n"
        "invention_patents,1,2\n#milestones\nkey,done,date\nx,maybe,\ny,,2024-01-01\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as raised:
        ipscore.read_submission(path)
    assert [(p.path, p.code, p.message_zh) for p in raised.value.problems] == [
        (
            "A3",
            "E110",
            "表格上方有未知的字段“colour”：只能是“地区”（region）、“数据截止日期”（as_of）、"
            "“适用方案”（plans）",
        ),
        (
            "D4",
            "E114",
            "列标题为“Q1”，不是年份（1990–2100），也不是 指标代码、指标名称、英文名称、单位、"
            "口径、对应目标、需填年份、基期、定义、截至日数值 之一",
        ),
        ("A5", "E110", "有数值的行必须填写“指标代码”（key）"),
        ("B6", "E110", "“截至日数值”（value）和各年数值只能填一种，不能同时填写"),
        ("B9", "E110", "“是否完成”（done）必须是“是”或“否”（yes/no），而不是“maybe”"),
        ("B10", "E110", "“是否完成”（done）为空，却填写了“完成日期”（date）：是“是”还是“否”？"),
    ]
