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
from ipscore.plausibility import OUT_OF_LINE, in_line, out_of_line

PLAN = "nanjing-2022-2025"
KEY = "ic_layout_design_registrations_total"  # 件; the plan's target: 累计达2792件


def _warnings(indicators: dict) -> list[InputWarning]:
    submission = {"region": "南京市", "plans": [PLAN], "as_of": "2025-12-31"}
    report = ipscore.evaluate(PLAN, {**submission, "indicators": indicators})
    return [w for w in report.warnings if w.code == "W211"]


def test_one_value_in_wan_is_to_be_written_in_the_rows_unit():
    """Only 2025 is off: giving the row the unit 万件 would turn 2,720 件 into 27,200,000 件, so
    the advice is to write the one value in 件."""
    [warning] = _warnings({KEY: {"2023": 2720, "2024": 2810, "2025": 0.29}})
    assert warning.path == f"$.indicators.{KEY}.2025"
    assert warning.message.endswith(": is it in 万件? Then write it in 件, as 2,900 件")
    assert warning.message_zh.endswith("：是否以万件为单位？如是，请按件写成 2,900 件")
    assert warning.level == "warning"


def test_following_the_one_value_advice_leaves_no_warning():
    assert _warnings({KEY: {"2023": 2720, "2024": 2810, "2025": 2900}}) == []


def test_single_value_is_compared_with_the_plans_target():
    [warning] = _warnings({KEY: 0.29})
    assert warning.path == f"$.indicators.{KEY}"
    assert "the plan's targets (about 2,792 件)" in warning.message
    assert warning.message.endswith(": is it in 万件? Then give the unit 万件 (or write 2,900 件)")
    assert warning.message_zh.endswith(
        "：是否以万件为单位？如是，请把单位填为万件（或写成 2,900 件）"
    )


WHOLE_ROW = {"2022": 0.265, "2023": 0.272, "2024": 0.281, "2025": 0.29}


def test_a_whole_row_in_wan_is_compared_with_the_plans_target():
    """Issue 14's example: the years agree with each other, so only the target shows the row
    is in 万件 (it once passed silently, even with --strict)."""
    [warning] = _warnings({KEY: WHOLE_ROW})
    assert warning.path == f"$.indicators.{KEY}"
    assert warning.message == (
        "every value of 集成电路布图设计登记量(累计) for 2022–2025 is far smaller than the "
        "plan's targets (about 2,792 件): 0.29 件 for 2025 is 9,628 times smaller; are they in "
        "万件? Then give the row the unit 万件 (or write each value in 件: 2025's as 2,900 件)"
    )
    assert warning.message_zh == (
        "集成电路布图设计登记量(累计)2022—2025年的数值均与方案的目标值（约 2,792 件）相差悬殊："
        "2025年的 0.29 件 明显偏小，相差约 9,628 倍；是否以万件为单位？如是，"
        "请把这一行的单位填为万件（或按件填写各年数值，如2025年写成 2,900 件）"
    )


def test_following_the_whole_row_advice_leaves_no_warning():
    assert _warnings({KEY: {"series": WHOLE_ROW, "unit": "万件"}}) == []


def test_a_row_partly_in_line_with_the_target_does_not_warn_as_a_whole():
    """0.5 件 is 5,584 times below the target but 400 件 is in line with it, and the years are
    within a thousand times of each other: no W211."""
    assert _warnings({KEY: {"2024": 0.5, "2025": 400}}) == []


def test_a_whole_row_far_too_large_warns_at_the_row():
    [warning] = _warnings({KEY: {"2024": 28_000_000, "2025": 29_000_000}})
    assert warning.path == f"$.indicators.{KEY}"
    assert "far larger than the plan's targets" in warning.message
    assert warning.message.endswith("; check the values and their unit")


PER_10K = {"resident_population": {"2024": 955, "2025": 958}}


def test_a_part_in_wan_is_caught_by_the_derived_rate_and_its_target():
    """高价值发明专利拥有量 has no target of its own; typed in 万件 it makes
    万人高价值发明专利拥有量 0.0051 件/万人 against the plan's 50."""
    parts = {"high_value_invention_patents": {"2024": 4.4, "2025": 4.85}, **PER_10K}
    [warning] = _warnings(parts)
    assert warning.path == "$.indicators.high_value_invention_patents"
    assert warning.message == (
        "万人高价值发明专利拥有量 derived from 高价值发明专利拥有量 / 常住人口 is 0.0051 件/万人 "
        "for 2025, 9,876 times smaller than the plan's targets (about 50 件/万人): check both "
        "values and their units (高价值发明专利拥有量 in 件, 常住人口 in 万人)"
    )
    assert warning.message_zh.startswith(
        "由高价值发明专利拥有量与常住人口推算的万人高价值发明专利拥有量2025年为 0.0051 件/万人，"
    )


def test_derived_rate_in_line_does_not_warn():
    parts = {"high_value_invention_patents": {"2024": 44_000, "2025": 48_500}, **PER_10K}
    assert _warnings(parts) == []


def test_a_population_in_ren_is_caught_by_the_derived_rate_too():
    """9,580,000 人 typed under 万人: the rate is 10,000 times too small as well."""
    parts = {
        "high_value_invention_patents": {"2024": 44_000, "2025": 48_500},
        "resident_population": {"2024": 9_550_000, "2025": 9_580_000},
    }
    [warning] = _warnings(parts)
    assert warning.path == "$.indicators.high_value_invention_patents"
    assert "is 0.0051 件/万人 for 2025" in warning.message


def test_no_e_notation_reaches_the_user():
    """2.9e-06 once reached the message; numbers are written as the report writes them."""
    [warning] = _warnings({KEY: {"2024": 2800, "2025": 0.0000029}})
    assert "e-" not in warning.message + warning.message_zh
    assert warning.message.startswith("0.0000029 件 for 2025 is 965,517,241 times smaller")


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


_POSITIVE = st.sampled_from([Decimal(text) for text in _EDGES[1:]]) | st.decimals(
    min_value=Decimal("0.000001"), max_value=10**12, places=6
)


@given(
    st.lists(_POSITIVE, min_size=1, max_size=6),
    st.none() | st.tuples(_POSITIVE, _POSITIVE).map(sorted),
    st.sampled_from([KEY, "ip_protection_satisfaction"]),  # 件 and 分 (W201 explains 分)
    st.booleans(),
)
def test_values_told_in_line_from_their_ends_get_no_warning(values, plan, key, by_year):
    """checks skips out_of_line when in_line says so: that must never hide a warning."""
    indicator = ipscore.load_plan(PLAN).full_catalogue[key]
    points = {2020 + index: value for index, value in enumerate(values)}
    reference = None if plan is None else (plan[0], plan[1], ("the plan's targets", "方案"))
    quiet = in_line(min(values), max(values), len(values), indicator, reference)
    found = out_of_line(points, indicator, reference, False, "$.x", None, by_year)
    assert not (quiet and found)
    if reference is None and max(values) < min(values) * OUT_OF_LINE:
        assert quiet  # and it does tell the usual case


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
    assert ordered == ["$.region", "Indicators!G7", "Indicators!G10", "Indicators!F12"]


def test_cells_sort_by_sheet_then_row_then_column():
    """A25 after M15 (row first); column AA after B and Z (column numbers, not letters)."""
    places = ["A25", "Milestones!B3", "M15", "AA7", "Indicators!A9", "Z7", "B7", "Indicators!A6"]
    ordered = sorted(places, key=lambda place: place_order("a.xlsx", place))
    assert ordered == [
        "B7", "Z7", "AA7", "M15", "A25", "Indicators!A6", "Indicators!A9", "Milestones!B3"
    ]  # fmt: skip


def test_json_paths_sort_segment_by_segment():
    paths = ["$.region", "$.plans[10]", "$.indicators.a_b", "$.plans[2]", "$.indicators.a.x"]
    ordered = sorted(paths, key=lambda path: place_order("a.json", path))
    assert ordered == [
        "$.indicators.a.x", "$.indicators.a_b", "$.plans[2]", "$.plans[10]", "$.region"
    ]  # fmt: skip


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
    (tmp_path / "data.json").write_text(json.dumps(body, ensure_ascii=False, indent=1), "utf-8")
    result = cli("check", "data.json")
    assert result.code == 2 and result.out == ""
    # each at the line and column its value starts at in the file, sorted by line
    assert [line.split(": ")[2] for line in result.err.splitlines()] == [
        "line 9, column 12 ($.indicators.patent_grants.2025)",
        "line 13, column 12 ($.indicators.ip_financing_amount.unit)",
        "line 15, column 42 ($.indicators.patent_intensive_industry_gdp_share)",
        "line 18, column 20 ($.milestones.patent_grants)",
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
    (tmp_path / "data.json").write_text(json.dumps(body, ensure_ascii=False, indent=1), "utf-8")
    result = cli("check", "data.json", "--lang", "en")
    assert result.code == 2 and result.out == ""
    lines = result.err.splitlines()
    assert [line.split(": ")[2:4] for line in lines] == [
        ["line 7, column 12 ($.colour)", "E110 unexpected field"],
        [
            "line 10, column 12 ($.indicators.patent_grants.2024)",
            "E110 value for 2024 must be a number, not a string",
        ],
        [
            'line 13, column 13 ($.indicators.ip_work_meetings["2024年"])',
            "E114 series key '2024年' is not a year (1990–2100)",
        ],
    ], lines
