"""The one problem type (errors.Problem): a checked code, both languages, one line each."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

import ipscore
from ipscore.errors import InputError, InputWarning, Problem


def test_a_problem_prints_in_either_language():
    problem = Problem(
        code="W200",
        message="unknown indicator key 'x'",
        message_zh="未知的指标键“x”",
        file="a.json",
        path="$.indicators.x",
    )
    assert problem.line() == "a.json: $.indicators.x: W200 unknown indicator key 'x'"
    assert problem.line("en") == problem.line()
    assert problem.line("zh") == "a.json: $.indicators.x: W200 未知的指标键“x”"


def test_a_code_not_in_the_catalogue_is_refused():
    with pytest.raises(ValidationError, match="E999"):
        Problem(code="E999", message="no such code", message_zh="没有这个代码")
    with pytest.raises(ValidationError):
        InputError("X1", "no such code", "没有这个代码")


@pytest.mark.parametrize(
    ("code", "level"), [("E113", "error"), ("W200", "warning"), ("W202", "notice")]
)
def test_level_follows_the_code(code, level):
    assert Problem(code=code, message="m", message_zh="文").level == level


def test_warnings_are_problems():
    assert InputWarning is Problem


def test_an_error_carries_its_problems_in_both_languages():
    first = InputError("E113", "unit 'kg'", "单位“kg”", path="$.a.unit")
    second = Problem(code="E111", message="negative", message_zh="负值", path="$.b.2025")
    error = InputError.of([first, second]).located("d.json")
    assert (error.code, error.message, error.message_zh) == ("E113", "unit 'kg'", "单位“kg”")
    assert (error.file, error.path) == ("d.json", "$.a.unit")
    assert error.lines("zh") == ["d.json: $.a.unit: E113 单位“kg”", "d.json: $.b.2025: E111 负值"]
    assert error.lines() == ["d.json: $.a.unit: E113 unit 'kg'", "d.json: $.b.2025: E111 negative"]
    assert error.line("zh") == error.lines("zh")[0] and str(error) == error.lines()[0]


def test_a_warning_becomes_an_error_with_the_same_problem():
    warning = Problem(code="W201", message="fraction", message_zh="小数", path="$.x")
    assert warning.as_error().problems == [warning]


PLAN = "nanjing-2022-2025"


def _submission(indicators: dict) -> dict:
    """A Nanjing submission with these indicators."""
    return {"region": "南京市", "plans": [PLAN], "as_of": "2025-12-31", "indicators": indicators}


def test_the_json_report_gives_both_messages():
    report = ipscore.evaluate(PLAN, _submission({"no_such_indicator": 1}))
    [warning] = json.loads(report.model_dump_json())["warnings"]
    assert (warning["code"], warning["level"], warning["path"]) == (
        "W200",
        "warning",
        "$.indicators.no_such_indicator",
    )
    assert warning["message"] == "unknown indicator 'no_such_indicator' is ignored"
    assert warning["message_zh"] == "未知的指标“no_such_indicator”，已忽略"


@pytest.mark.parametrize("format", ["table", "markdown", "html"])
def test_reports_list_warnings_in_their_language(format):
    report = ipscore.evaluate(PLAN, _submission({"patent_intensive_industry_gdp_share": 0.196}))
    [warning] = [w for w in report.warnings if w.code == "W201"]
    assert warning.message_zh and "像是小数形式" in warning.message_zh
    chinese, english = ipscore.render(report, format, "zh"), ipscore.render(report, format, "en")
    assert warning.message_zh in chinese and warning.message not in chinese
    assert warning.message in english and warning.message_zh not in english


def test_cli_prints_errors_in_its_language(cli, tmp_path, monkeypatch):
    """A wrong unit: the Chinese line by default and with --lang zh, the English with --lang en;
    the same code and place in both."""
    monkeypatch.chdir(tmp_path)
    body = _submission({"ip_financing_amount": {"value": 165, "unit": "件"}})
    (tmp_path / "data.json").write_text(json.dumps(body, ensure_ascii=False, indent=1), "utf-8")
    # line 10 is ``   "unit": "件"``: the value starts in column 12
    place = "ipscore: data.json: line 10, column 12 ($.indicators.ip_financing_amount.unit): E113 "
    zh, en = cli("check", "data.json", "--lang", "zh"), cli("check", "data.json", "--lang", "en")
    assert zh.code == en.code == 2
    assert zh.err == place + "单位“件”与指标目录中知识产权融资总额的单位“亿元”不符，也无法换算\n"
    assert en.err.startswith(place + "unit '件' does not match the catalogue unit '亿元'")
    assert cli("check", "data.json").err == zh.err


def test_a_batch_gives_a_failed_file_in_both_languages(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.json").write_text("", "utf-8")
    (tmp_path / "b.json").write_text(" ", "utf-8")
    result = cli("check", "a.json", "b.json", "--format", "json")
    assert result.err.splitlines() == [
        "ipscore: a.json: E101 文件为空",
        "ipscore: b.json: E101 文件为空",
    ]
    errors = [item["error"] for item in json.loads(result.out)]
    assert [(e["line"], e["line_zh"]) for e in errors] == [
        ("a.json: E101 empty file", "a.json: E101 文件为空"),
        ("b.json: E101 empty file", "b.json: E101 文件为空"),
    ]
    league = cli("check", "a.json", "b.json", "--lang", "zh")
    assert "a.json: E101 文件为空" in league.out


def test_a_problem_needs_its_chinese_text():
    """Every problem is bilingual: mypy finds a site without zh, and so does the model."""
    with pytest.raises(ValidationError, match="message_zh"):
        Problem(code="W200", message="unknown key")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        InputError("E101", "empty file")  # type: ignore[call-arg]
