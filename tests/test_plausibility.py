"""W211: values far out of line with their other years or the plan's targets (docs/errors.md)."""

from __future__ import annotations

import json
import statistics
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ipscore
from ipscore.errors import InputError, InputWarning, place_order
from ipscore.plausibility import OUT_OF_LINE, out_of_line

PLAN = "nanjing-2022-2025"
KEY = "ic_layout_design_registrations_total"  # 件; the plan's target: 累计达2792件


def _warnings(indicators: dict) -> list[InputWarning]:
    submission = {"region": "南京市", "plans": [PLAN], "as_of": "2025-12-31"}
    report = ipscore.evaluate(PLAN, {**submission, "indicators": indicators})
    return [w for w in report.warnings if w.code == "W211"]


def test_value_in_wan_without_its_unit_suggests_wan_jian():
    [warning] = _warnings({KEY: {"2023": 2720, "2024": 2810, "2025": 0.29}})
    assert warning.path == f"$.indicators.{KEY}.2025"
    assert "is it in 万件?" in warning.message and "2,900 件" in warning.message
    assert warning.level == "warning"


def test_single_value_is_compared_with_the_plans_target():
    [warning] = _warnings({KEY: 0.29})
    assert warning.path == f"$.indicators.{KEY}"
    assert "the plan's targets (about 2,792 件)" in warning.message
    assert "is it in 万件?" in warning.message


def test_a_value_far_too_large_warns_without_a_unit_to_suggest():
    [warning] = _warnings({KEY: {"2023": 2720, "2024": 2810, "2025": 28_000_000}})
    assert "times larger" in warning.message and "check the value and its unit" in warning.message


@pytest.mark.parametrize(
    "series",
    [
        {"2022": 2650, "2023": 2720, "2024": 2810, "2025": 2900},  # in line
        {"2022": 0, "2023": 2720, "2024": 2810, "2025": 2900},  # 0 is no magnitude
        {"2023": 2720, "2024": 2810, "2025": 3.5},  # 777 times smaller: a real fall is possible
    ],
)
def test_values_in_line_or_zero_do_not_warn(series):
    assert _warnings({KEY: series}) == []


def _first_out_of_line(points: dict[int, Decimal]) -> int | None:
    """W211's definition, year by year from the latest: a positive value outside a thousandth to
    a thousand times the median of the other years' positive values."""
    for year in sorted(points, reverse=True):
        others = [v for y, v in points.items() if y != year and v > 0]
        value = points[year]
        if value > 0 and others:
            median = statistics.median(others)
            if not median / OUT_OF_LINE < value < median * OUT_OF_LINE:
                return year
    return None


_EDGES = ["0", "1", "0.001", "0.0010001", "0.0009999", "1000", "999.9999", "1000.0001", "1E6"]


def _paths(values: list[Decimal]) -> tuple[list[str | None], list[str]]:
    indicator = ipscore.load_plan(PLAN).full_catalogue[KEY]
    points = {2020 + index: value for index, value in enumerate(values)}
    found = out_of_line(points, indicator, None, False, "$.x", None)
    year = _first_out_of_line(points)
    return [w.path for w in found], ([] if year is None else [f"$.x.{year}"])


def test_out_of_line_at_the_edges_of_a_thousand_times():
    """Every pair and triple of values at, just inside and just outside ×1000."""
    edges = [Decimal(text) for text in _EDGES]
    for values in [[a, b] for a in edges for b in edges] + [
        [a, b, c] for a in edges for b in edges for c in edges
    ]:
        found, expected = _paths(values)
        assert found == expected, values


@given(
    st.lists(
        st.sampled_from([Decimal(text) for text in _EDGES])
        | st.decimals(min_value=0, max_value=10**9, places=4),
        min_size=1,
        max_size=6,
    )
)
def test_out_of_line_warns_as_defined(values):
    """The quick test for a series all in line (its smallest and largest value) agrees with the
    year-by-year definition, at the ×1000 edges too."""
    found, expected = _paths(values)
    assert found == expected


def test_a_converted_value_gets_no_second_unit_suggested():
    [warning] = _warnings({KEY: {"series": {"2024": 0.28, "2025": 0.00000029}, "unit": "万件"}})
    assert "is it in" not in warning.message


def test_input_error_carries_every_problem():
    first = InputError("E110", "one", "一", path="$.a")
    second = InputError("E113", "two", "二", file="b.json", path="$.b")
    error = InputError.of([first, second]).located("a.json")
    assert error.code == "E110" and str(error) == "a.json: $.a: E110 one"
    assert error.lines() == ["a.json: $.a: E110 one", "b.json: $.b: E113 two"]


def test_problems_sort_by_place_with_numbers_as_numbers():
    places = ["Indicators!G10", "Indicators!G7", "Indicators!F12", "$.region"]
    ordered = sorted(places, key=lambda place: place_order("a.xlsx", place))
    assert ordered == ["$.region", "Indicators!F12", "Indicators!G7", "Indicators!G10"]


def test_every_catalogue_problem_is_reported_at_once(cli, tmp_path, monkeypatch):
    """Three bad indicators and a bad milestone: four lines, sorted by place, exit 2; from the
    library one InputError carrying the four."""
    body = {
        "region": "南京市",
        "plans": [PLAN],
        "as_of": "2025-12-31",
        "indicators": {
            "patent_grants": {"2025": -5},
            "ip_financing_amount": {"value": 165, "unit": "件"},
            "patent_intensive_industry_gdp_share": 185,
        },
        "milestones": {"patent_grants": True},
    }
    with pytest.raises(InputError) as raised:
        ipscore.evaluate(PLAN, body)
    assert [p.code for p in raised.value.problems] == ["E113", "E111", "E112", "E110"]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data.json").write_text(json.dumps(body, ensure_ascii=False), "utf-8")
    result = cli("check", "data.json")
    assert result.code == 2 and result.out == ""
    assert [line.split(": ")[2] for line in result.err.splitlines()] == [
        "$.indicators.ip_financing_amount.unit",
        "$.indicators.patent_grants.2025",
        "$.indicators.patent_intensive_industry_gdp_share",
        "$.milestones.patent_grants",
    ]


def test_every_shape_problem_is_reported_at_once(cli, tmp_path, monkeypatch):
    """Text in a number, a year that is no year and an unknown field: three lines at once."""
    body = {
        "region": "南京市",
        "plans": [PLAN],
        "as_of": "2025-12-31",
        "colour": "blue",
        "indicators": {"patent_grants": {"2024": "4,000"}, "ip_work_meetings": {"2024年": 3}},
    }
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data.json").write_text(json.dumps(body, ensure_ascii=False), "utf-8")
    result = cli("check", "data.json", "--lang", "en")
    assert result.code == 2 and result.out == ""
    lines = result.err.splitlines()
    assert [line.split(": ")[2:4] for line in lines] == [
        ["$.colour", "E110 unexpected field"],
        [
            '$.indicators.ip_work_meetings["2024年"]',
            "E114 series key '2024年' is not a year (1990–2100)",
        ],
        ["$.indicators.patent_grants.2024", "E110 value for 2024 must be a number, not a string"],
    ], lines
