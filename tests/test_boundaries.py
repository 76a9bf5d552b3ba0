"""A value exactly at a threshold is met or not according to the boundary word (Civil Code 1259)."""

from __future__ import annotations

import pytest
from helpers import make_plan

import ipscore


def _plan(comparator: str, quote: str):
    return make_plan(
        [
            {
                "id": "t-satisfaction",
                "indicator": "ip_protection_satisfaction",
                "dimension": "protection",
                "kind": "level",
                "comparator": comparator,
                "threshold": 85,
                "unit": "分",
                "quote": quote,
            }
        ]
    )


def _status(plan, value: float) -> str:
    submission = {
        "region": "测试市",
        "as_of": "2025-12-31",
        "indicators": {"ip_protection_satisfaction": value},
    }
    return ipscore.evaluate(plan, submission).targets[0].status.value


@pytest.mark.parametrize(
    ("comparator", "quote", "at", "below", "above"),
    [
        (">=", "满意度达85分以上", "met", "missed", "met"),
        (">", "满意度超过85分", "missed", "missed", "met"),
        ("<=", "满意度85分以下", "met", "met", "missed"),
        ("<", "满意度低于85分", "missed", "met", "missed"),
    ],
)
def test_value_at_threshold(comparator, quote, at, below, above):
    plan = _plan(comparator, quote)
    assert _status(plan, 85) == at
    assert _status(plan, 84.99) == below
    assert _status(plan, 85.01) == above


def test_tiny_differences_are_seen_by_the_engine():
    plan = _plan(">", "满意度超过85分")
    assert _status(plan, 85.00000000000001) == "met"
    assert _status(plan, 85.0) == "missed"


def test_unmet_target_never_reaches_full_attainment():
    plan = _plan(">", "满意度超过85分")
    report = ipscore.evaluate(
        plan,
        {
            "region": "测试市",
            "as_of": "2025-12-31",
            "indicators": {"ip_protection_satisfaction": 85},
        },
    )
    assert report.targets[0].attainment < 1
    assert report.score < 100
    assert report.grade.value != "ready"
