"""The worked examples of docs/scoring.md, reproduced."""

from __future__ import annotations

import pytest
from helpers import HIGH_VALUE_PATENTS_TARGET, PATENT_GRANTS_GROWTH_TARGET, make_plan

import ipscore

HV = HIGH_VALUE_PATENTS_TARGET
SATISFACTION = {
    "id": "t-satisfaction",
    "indicator": "ip_protection_satisfaction",
    "dimension": "protection",
    "kind": "level",
    "comparator": ">",
    "threshold": 85,
    "unit": "分",
    "quote": "知识产权保护社会满意度超过85%",
}
ABNORMAL = {
    "id": "t-abnormal",
    "indicator": "abnormal_patent_application_share",
    "dimension": "protection",
    "kind": "level",
    "comparator": "<",
    "threshold": 0.5,
    "unit": "%",
    "quote": "非正常专利申请占比低于0.5%",
}
LEADING_GROUP = {
    "id": "t-group",
    "indicator": "ip_pilot_leading_group_established",
    "dimension": "management",
    "kind": "milestone",
    "quote": "成立试点工作领导小组",
}


def _example_1(model: str = "weighted"):
    plan = make_plan([HV, SATISFACTION, ABNORMAL, LEADING_GROUP])
    submission = {
        "region": "测试市",
        "as_of": "2025-12-31",
        "indicators": {
            "high_value_invention_patents_per_10k": 45.25,
            "ip_protection_satisfaction": 85,
            "abnormal_patent_application_share": 0.4,
        },
        "milestones": {"ip_pilot_leading_group_established": False},
    }
    return ipscore.evaluate(plan, submission, model=model)


def test_example_1_weighted():
    report = _example_1()
    by_id = {t.id: t for t in report.targets}
    assert [by_id[i].status.value for i in ("t-hv", "t-satisfaction", "t-abnormal", "t-group")] == [
        "missed",
        "missed",
        "met",
        "missed",
    ]
    assert by_id["t-hv"].attainment == pytest.approx(0.905)
    assert by_id["t-satisfaction"].attainment == pytest.approx(0.999)
    assert by_id["t-abnormal"].attainment == 1
    assert by_id["t-group"].attainment == 0
    assert report.score == 72.6
    # 0.4 % against a plan threshold of 0.5 % is not a fraction typed by mistake.
    assert [w.code for w in report.warnings] == []
    assert report.grade.value == "not_ready"
    assert [gap.id for gap in report.gaps] == ["t-group", "t-hv", "t-satisfaction"]
    assert by_id["t-hv"].gap == pytest.approx(4.75)
    assert by_id["t-hv"].relative_gap == pytest.approx(0.095)


def test_example_1_other_models():
    assert _example_1("flat").score == 25
    assert _example_1("absolute").score == 0


def test_example_2_growth_target():
    plan = make_plan([PATENT_GRANTS_GROWTH_TARGET])
    submission = {
        "region": "测试市",
        "as_of": "2025-12-31",
        "indicators": {"patent_grants": {"2020": 10000, "2025": 15000}},
    }
    target = ipscore.evaluate(plan, submission).targets[0]
    assert target.status.value == "missed"
    assert target.actual == pytest.approx(8.447177, abs=1e-6)
    assert target.attainment == pytest.approx(0.8447177, abs=1e-6)
    assert target.gap == pytest.approx(1.552823, abs=1e-6)
    assert "CAGR 2020–2025" in target.evidence


def test_example_3_cumulative_target():
    plan = make_plan(
        [
            {
                "id": "t-transactions",
                "indicator": "ip_transaction_amount",
                "dimension": "utilization",
                "kind": "cumulative",
                "comparator": ">=",
                "threshold": 600,
                "unit": "亿元",
                "quote": "知识产权交易总额累计达600亿元以上",
            }
        ]
    )
    submission = {
        "region": "测试市",
        "as_of": "2025-12-31",
        "indicators": {
            "ip_transaction_amount": {"2022": 130, "2023": 145, "2024": 160, "2025": 170}
        },
    }
    target = ipscore.evaluate(plan, submission).targets[0]
    assert target.actual == 605
    assert target.status.value == "met"


def test_example_4_projection_that_lands_short():
    plan = make_plan([dict(HV, threshold=60, quote="万人高价值发明专利拥有量达60件")])
    submission = {
        "region": "测试市",
        "as_of": "2024-12-31",
        "indicators": {
            "high_value_invention_patents_per_10k": {"2022": 40, "2023": 45, "2024": 50.6}
        },
    }
    report = ipscore.evaluate(plan, submission)
    target = report.targets[0]
    # By hand: g = (50.6/40)^(1/2) - 1; projection = 50.6 (1 + g); required = 60/50.6 - 1.
    observed = (50.6 / 40) ** 0.5 - 1
    projected = 50.6 * (1 + observed)
    required = 60 / 50.6 - 1
    assert target.status.value == "at_risk"
    assert target.projection.observed_growth == pytest.approx(observed * 100)
    assert target.projection.observed_growth == pytest.approx(12.4722, abs=1e-4)
    assert target.projection.value == pytest.approx(projected)
    assert target.projection.value == pytest.approx(56.9109, abs=1e-4)
    assert target.projection.required_growth == pytest.approx(required * 100)
    assert target.projection.required_growth == pytest.approx(18.5771, abs=1e-4)
    assert target.projection.progress_ratio == pytest.approx(0.6714, abs=1e-4)
    assert target.projection.progress_band == "needs_acceleration"
    assert target.attainment == pytest.approx(50.6 / 60)
    assert report.projected_score == pytest.approx(100 * projected / 60, abs=0.01)
    assert report.score == pytest.approx(100 * 50.6 / 60, abs=0.01)
