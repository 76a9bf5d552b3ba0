"""Series, derived indicators, kinds over time and projection (the time-aware issue)."""

from __future__ import annotations

import json

import pytest
from helpers import CASES, HIGH_VALUE_PATENTS_TARGET, PATENT_GRANTS_GROWTH_TARGET, make_plan

import ipscore

HV = HIGH_VALUE_PATENTS_TARGET


def _evaluate(targets, indicators, as_of="2025-12-31", **options):
    plan = make_plan(targets)
    data = {"region": "测试市", "as_of": as_of, "indicators": indicators}
    return ipscore.evaluate(plan, data, **options)


def test_per_10k_is_derived_from_count_and_population():
    report = _evaluate(
        [HV],
        {"high_value_invention_patents": 480_000, "resident_population": 9_500},
    )
    target = report.targets[0]
    assert target.actual == pytest.approx(480_000 / 9_500)
    assert target.status.value == "met"
    assert target.source.startswith("derived")
    assert "high_value_invention_patents / resident_population" in target.source


def test_per_10k_series_is_derived_year_by_year():
    report = _evaluate(
        [HV],
        {
            "high_value_invention_patents": {"2024": 400_000, "2025": 430_000},
            "resident_population": {"2024": 9_400, "2025": 9_500},
        },
    )
    assert report.targets[0].series == {
        2024: pytest.approx(400_000 / 9_400),
        2025: pytest.approx(430_000 / 9_500),
    }


def test_a_value_given_directly_wins_over_the_derivation():
    report = _evaluate(
        [HV],
        {
            "high_value_invention_patents_per_10k": 49,
            "high_value_invention_patents": 480_000,
            "resident_population": 9_500,
        },
    )
    target = report.targets[0]
    assert target.actual == 49
    assert target.source == "given"
    assert target.status.value == "missed"


def test_missing_parts_are_named():
    report = _evaluate([HV], {"resident_population": 9_500})
    target = report.targets[0]
    assert target.status.value == "no_data"
    assert "high_value_invention_patents" in target.missing


def test_missing_parts_are_named_in_chinese_by_their_labels():
    report = _evaluate([HV], {"resident_population": 9_500})
    said = report.targets[0].missing_zh
    assert "万人高价值发明专利拥有量" in said
    assert "high_value_invention_patents）" in said  # the part's key, after its label


def test_growth_needs_a_base_value_and_says_so():
    growth = dict(PATENT_GRANTS_GROWTH_TARGET, baseline={"year": 2021})
    report = _evaluate([growth], {"patent_grants": {"2024": 100, "2025": 120}})
    target = report.targets[0]
    assert target.status.value == "no_data"
    assert "2021" in target.missing
    assert target.missing_zh.startswith("2021年") and "基期值" in target.missing_zh


GROWTH_FROM_2021 = dict(PATENT_GRANTS_GROWTH_TARGET, baseline={"year": 2021})
GRANTS_LEVEL = {
    **{k: v for k, v in PATENT_GRANTS_GROWTH_TARGET.items() if k != "baseline"},
    **{"kind": "level", "threshold": 100, "unit": "件"},
}
GRANTS_SUM = dict(GRANTS_LEVEL, kind="cumulative")


@pytest.mark.parametrize(
    "target, indicators, english, chinese",
    [
        (GRANTS_LEVEL, {}, "a value of patent_grants up to 2025", "2025年及以前的"),
        (GRANTS_SUM, {}, "yearly values of patent_grants for", "年逐年的"),
        (GROWTH_FROM_2021, {"patent_grants": {"2025": 5}}, "base value of", "2021年"),
        (GROWTH_FROM_2021, {"patent_grants": {"2021": 0, "2025": 5}}, "positive base", "须大于0"),
        (GROWTH_FROM_2021, {"patent_grants": {"2021": 5}}, "patent_grants after 2021", "以后"),
    ],
)
def test_what_is_missing_is_said_in_both_languages(target, indicators, english, chinese):
    outcome = _evaluate([target], indicators).targets[0]
    assert outcome.status.value == "no_data"
    assert english in outcome.missing
    assert chinese in outcome.missing_zh and "专利授权量" in outcome.missing_zh
    assert not any(word in outcome.missing_zh for word in ("value", "base", "after"))


def test_stated_baseline_value_is_used_for_growth():
    growth = dict(PATENT_GRANTS_GROWTH_TARGET, baseline={"year": 2020, "value": 1000})
    report = _evaluate([growth], {"patent_grants": 1700})
    # (1700/1000)^(1/5) - 1 = 11.196 %
    assert report.targets[0].actual == pytest.approx((1.7 ** (1 / 5) - 1) * 100)
    assert report.targets[0].status.value == "met"


def test_multiple_and_growth_total():
    targets = [
        {
            "id": "t-double",
            "indicator": "patent_attorneys",
            "dimension": "talent",
            "kind": "multiple",
            "comparator": ">=",
            "threshold": 2,
            "unit": "倍",
            "baseline": {"year": 2020},
            "quote": "专利代理师数量较“十三五”末翻一番",
        },
        {
            "id": "t-plus30",
            "indicator": "patent_attorneys",
            "dimension": "talent",
            "kind": "growth_total",
            "comparator": ">=",
            "threshold": 30,
            "unit": "%",
            "baseline": {"year": 2020},
            "quote": "专利代理师数量增长30%以上",
        },
    ]
    report = _evaluate(targets, {"patent_attorneys": {"2020": 350, "2025": 650}})
    by_id = {t.id: t for t in report.targets}
    assert by_id["t-double"].actual == pytest.approx(650 / 350)
    assert by_id["t-double"].status.value == "missed"
    assert by_id["t-plus30"].actual == pytest.approx((650 / 350 - 1) * 100)
    assert by_id["t-plus30"].status.value == "met"


def test_increment_of_a_stock_is_the_gain_over_the_year_before_the_period():
    target = {
        "id": "t-new",
        "indicator": "ip_standard_certified_enterprises",
        "dimension": "management",
        "kind": "increment",
        "comparator": ">=",
        "threshold": 1000,
        "unit": "家",
        "quote": "新增贯标企业1000家",
    }
    report = _evaluate([target], {"ip_standard_certified_enterprises": {"2021": 800, "2025": 1850}})
    assert report.targets[0].actual == 1050
    assert report.targets[0].status.value == "met"


def test_linear_projection_is_selectable():
    series = {"high_value_invention_patents_per_10k": {"2022": 40, "2023": 45, "2024": 50.6}}
    hv60 = dict(HV, threshold=60, quote="万人高价值发明专利拥有量达60件")
    linear = _evaluate([hv60], series, as_of="2024-12-31", projection="linear")
    slope = (50.6 - 40) / 2  # least squares through three points at 2022..2024
    intercept_2024 = (40 + 45 + 50.6) / 3 + slope  # mean at 2023, plus one year
    assert linear.targets[0].projection.method == "linear"
    assert linear.targets[0].projection.value == pytest.approx(intercept_2024 + slope)


def test_statuses_are_final_at_the_deadline():
    series = {"high_value_invention_patents_per_10k": {"2023": 40, "2024": 45, "2025": 49}}
    report = _evaluate([HV], series, as_of="2025-12-31")
    assert report.final
    assert report.targets[0].status.value == "missed"
    assert report.targets[0].projection is None


def test_met_stays_met_before_the_deadline():
    series = {"high_value_invention_patents_per_10k": {"2023": 52, "2024": 51}}
    report = _evaluate([HV], series, as_of="2024-12-31")
    assert report.targets[0].status.value == "met"


def test_on_track_is_not_met():
    series = {"high_value_invention_patents_per_10k": {"2022": 40, "2023": 44, "2024": 48.4}}
    report = _evaluate([HV], series, as_of="2024-12-31")
    target = report.targets[0]
    assert target.status.value == "on_track"
    assert target.attainment < 1
    assert report.score < 100
    assert report.projected_score == 100
    assert [gap.id for gap in report.gaps] == ["t-hv"]


@pytest.mark.parametrize(
    "case",
    ["nanjing-2024-midterm.json", "yuhuatai-2024-midterm.json", "hefei-2023-midterm.json"],
)
def test_midterm_cases_report_projections(cli, case):
    data = json.loads(cli("check", CASES / case, "--format", "json").out)
    assert data["final"] is False
    assert data["projected_score"] is not None
    statuses = {t["status"] for t in data["targets"]}
    assert {"on_track", "at_risk"} <= statuses
    for target in data["targets"]:
        if target["status"] in ("on_track", "at_risk") and target["projection"]:
            assert target["projection"]["observed_growth"] is not None
