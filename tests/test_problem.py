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


def test_the_json_report_gives_both_messages():
    body = {
        "region": "南京市",
        "plans": ["nanjing-2022-2025"],
        "as_of": "2025-12-31",
        "indicators": {"no_such_indicator": 1},
    }
    report = ipscore.evaluate("nanjing-2022-2025", body)
    [warning] = json.loads(report.model_dump_json())["warnings"]
    assert warning["code"] == "W200" and warning["level"] == "warning"
    assert {"message", "message_zh", "file", "path"} <= warning.keys()
