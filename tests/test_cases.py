"""Every case in cases/ produces what its .expected.json states, through the library and the CLI."""

from __future__ import annotations

import json

import pytest
from helpers import CASES

import ipscore

EXPECTED = sorted(CASES.glob("*.expected.json"))


def _case(expected_path):
    return expected_path.with_name(expected_path.name.replace(".expected.json", ".json"))


def test_every_plan_has_cases():
    plans = {json.loads(path.read_text("utf-8"))["plan"] for path in EXPECTED}
    assert plans == {plan.id for plan in ipscore.list_plans()}
    assert len(EXPECTED) >= 3 * len(plans)


@pytest.mark.parametrize("expected_path", EXPECTED, ids=lambda p: p.name)
def test_case_statuses(expected_path):
    expected = json.loads(expected_path.read_text("utf-8"))
    report = ipscore.evaluate(expected["plan"], _case(expected_path))
    statuses = {target.id: target.status.value for target in report.targets}
    assert statuses == expected["statuses"]
    assert report.exit_code() == expected["exit_code"]
    if "score" in expected:
        assert report.score == pytest.approx(expected["score"])
    if "grade" in expected:
        assert report.grade.value == expected["grade"]


@pytest.mark.parametrize("expected_path", EXPECTED, ids=lambda p: p.name)
def test_case_through_cli(cli, expected_path):
    expected = json.loads(expected_path.read_text("utf-8"))
    result = cli("check", _case(expected_path), "--plan", expected["plan"], "--format", "json")
    assert result.code == expected["exit_code"], result.err
    data = json.loads(result.out)
    assert {t["id"]: t["status"] for t in data["targets"]} == expected["statuses"]
