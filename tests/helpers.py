"""Helpers the tests share: the repository's paths, small rule packs and their targets.

Test modules import them with ``from helpers import …``; tests/conftest.py holds only pytest's
fixtures and the hypothesis profiles.
"""

from __future__ import annotations

import math
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "cases"
RULES = ROOT / "rules"
DOCS = ROOT / "docs"


class CliResult:
    """What running the CLI in-process gave: the exit code and the captured output."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code = code
        self.out = out
        self.err = err


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
PATENT_GRANTS_TARGET = {  # a target lint finds nothing wrong with (tests change one field)
    "id": "t-one",
    "indicator": "patent_grants",
    "dimension": "creation",
    "kind": "level",
    "comparator": ">=",
    "threshold": 300,
    "unit": "件",
    "quote": "专利授权量达到300件",
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


def stepped(number: float, steps: int) -> float:
    """``number`` moved ``steps`` floats up (down when ``steps`` is negative)."""
    toward = math.inf if steps > 0 else -math.inf
    for _ in range(abs(steps)):
        number = math.nextafter(number, toward)
    return number
