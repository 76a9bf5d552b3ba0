"""Shared test helpers: paths of the repository, running the CLI in-process, small plans."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "cases"
RULES = ROOT / "rules"
DOCS = ROOT / "docs"

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("IPSCORE_HYPOTHESIS_PROFILE", "ci"))


class CliResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code = code
        self.out = out
        self.err = err


@pytest.fixture
def cli(capsys):
    """Run ``ipscore ARGS`` in this process and return its exit code and output."""
    from ipscore.cli import main

    def run(*args: str) -> CliResult:
        code = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


def small_plan_data(targets: list[dict], **meta) -> dict:
    """A minimal rule pack (as parsed YAML) around the given targets."""
    plan = {
        "id": "test-plan",
        "title": "测试方案",
        "title_en": "Test plan",
        "region": "测试市",
        "region_en": "Test City",
        "level": "city",
        "programme": "pilot",
        "issued": "2022-01-01",
        "period": {"start": 2022, "end": 2025},
        "deadline": "2025-12-31",
    }
    plan.update(meta)
    return {"plan": plan, "targets": targets}


def make_plan(targets: list[dict], **meta):
    from ipscore.packs import load_catalogue, plan_from_data

    return plan_from_data(small_plan_data(targets, **meta), "<test>", load_catalogue())


# Targets several tests build small plans from (as they would stand in a YAML pack).
HIGH_VALUE_PATENTS_TARGET = {
    "id": "t-hv",
    "indicator": "high_value_invention_patents_per_10k",
    "dimension": "creation",
    "kind": "level",
    "comparator": ">=",
    "threshold": 50,
    "unit": "件/万人",
    "quote": "万人高价值发明专利拥有量达50件",
}
PATENT_GRANTS_GROWTH_TARGET = {
    "id": "t-growth",
    "indicator": "patent_grants",
    "dimension": "creation",
    "kind": "growth",
    "comparator": ">=",
    "threshold": 10,
    "unit": "%",
    "baseline": {"year": 2020},
    "quote": "专利授权量年均增长10%以上",
}
