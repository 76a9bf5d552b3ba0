"""Incomplete is not missed, and old data say their year: in the JSON and in every format."""

from __future__ import annotations

import copy
import json

import pytest
from helpers import CASES

import ipscore
from ipscore.compare import entry_of
from ipscore.render import render

PLAN = "yuhuatai-2023-2025"
YUHUATAI = json.loads((CASES / "yuhuatai-2025-partial.json").read_text("utf-8"))
FORMATS = ("table", "markdown", "html")


def _evaluate(change) -> ipscore.Report:
    data = copy.deepcopy(YUHUATAI)
    change(data["indicators"])
    return ipscore.evaluate(PLAN, data)


def _target(report: ipscore.Report, target_id: str) -> ipscore.TargetOutcome:
    return next(t for t in report.targets if t.id == target_id)


def _blank_2025_grants(indicators: dict) -> None:
    # 2023 + 2024 = 5,850 of >= 8,500: blank 2025 would have read as a shortfall of 2,650.
    del indicators["patent_grants"]["2025"]


def _blank_2025_population(indicators: dict) -> None:
    del indicators["high_value_invention_patents_per_10k"]
    indicators["high_value_invention_patents"] = {"2024": 5298, "2025": 5600}
    indicators["resident_population"] = {"2024": 100}


def test_a_blank_year_in_a_sum_is_incomplete_naming_the_year():
    target = _target(_evaluate(_blank_2025_grants), "yht-patent-grants")
    assert target.status.value == "incomplete"
    assert target.missing_years == (2025,)
    assert target.actual is None and target.gap is None and target.attainment == 0
    assert target.missing == "the 2025 value of patent_grants"
    assert target.missing_zh == "2025年的专利授权量（patent_grants）数值"
    assert target.evidence == (
        "2023: 2,900 + 2024: 2,950 + 2025: — (missing); reported so far 5,850 件"
    )
    assert target.evidence_zh.startswith("2023年: 2,900 + 2024年: 2,950 + 2025年: —（缺）")


def row_of(text: str, fmt: str, target_id: str) -> str:
    """The target's row in the targets table of a rendered report."""
    if fmt == "html":
        start = text.index(f'data-row="{target_id}"')
        return text[start : text.index("</tr>", start)]
    return next(line for line in text.splitlines() if f" {target_id} " in line)


def test_a_blank_year_never_reads_as_missed_in_any_format():
    report = _evaluate(_blank_2025_grants)
    for fmt in FORMATS:
        for lang, says in (("zh", "数据不全"), ("en", "incomplete")):
            text = render([report], fmt, lang)
            row = row_of(text, fmt, "yht-patent-grants")
            assert says in row and "未达成" not in row and "missed" not in row
            lacks = "2025年的专利授权量" if lang == "zh" else "the 2025 value of patent_grants"
            assert lacks in text


def test_a_blank_denominator_makes_a_per_10k_target_incomplete():
    report = _evaluate(_blank_2025_population)
    target = _target(report, "yht-high-value-patents-per-10k")
    assert target.status.value == "incomplete"
    assert target.missing_years == (2025,)
    assert "resident_population" in target.missing and "2025" in target.missing
    assert "常住人口" in target.missing_zh
    # the value it would have used says its year and its parts
    assert target.evidence_zh == (
        "52.98 件/万人（2024年，由 高价值发明专利拥有量 5,298 件 / 常住人口 100 万人 计算）"
    )
    for fmt in FORMATS:
        assert "常住人口（resident_population）" in render([report], fmt, "zh")


def test_a_sum_that_already_meets_its_floor_is_met_despite_a_blank_year():
    def blank_2023(indicators: dict) -> None:
        indicators["patent_grants"] = {"2024": 4400, "2025": 4300}  # 8,700 >= 8,500 without 2023

    target = _target(_evaluate(blank_2023), "yht-patent-grants")
    assert target.status.value == "met"
    assert "2023: — (missing)" in target.evidence


def test_a_value_a_year_old_is_used_and_flagged_in_every_format():
    def satisfaction_2024(indicators: dict) -> None:
        indicators["ip_protection_satisfaction"] = {"2023": 83.9, "2024": 85.6}

    report = _evaluate(satisfaction_2024)
    target = _target(report, "yht-protection-satisfaction")
    assert target.status.value == "met" and target.stale and target.value_year == 2024
    flagged = [w for w in report.warnings if w.code == "W210"]
    assert [w.message.split(":")[0] for w in flagged] == ["yht-protection-satisfaction"]
    for fmt in FORMATS:
        assert "85.6 分 （2024年数据，非当年）" in render([report], fmt, "zh"), fmt
        assert "85.6 分 (2024 data, not current)" in render([report], fmt, "en"), fmt
    fresh = _target(ipscore.evaluate(PLAN, YUHUATAI), "yht-protection-satisfaction")
    assert not fresh.stale and fresh.value_year == 2025


def test_a_value_two_years_old_is_too_old():
    def satisfaction_2023(indicators: dict) -> None:
        indicators["ip_protection_satisfaction"] = {"2023": 86.0}

    target = _target(_evaluate(satisfaction_2023), "yht-protection-satisfaction")
    assert target.status.value == "incomplete" and target.missing_years == (2025,)


def test_a_growth_at_its_deadline_needs_the_deadline_year():
    plan = ipscore.load_plan("hefei-2022-2025")
    growth = next(t for t in plan.targets if t.kind.value == "growth")
    indicator = growth.indicator
    base = growth.baseline.year
    data = {
        "region": plan.plan.region,
        "plans": [plan.id],
        "as_of": "2025-12-31",
        "indicators": {indicator: {str(base): 100, "2024": 200}},
    }
    target = _target(ipscore.evaluate(plan, data), growth.id)
    assert target.status.value == "incomplete" and target.missing_years == (2025,)
    data["as_of"] = "2024-12-31"  # before the deadline the latest year is the one to use
    target = _target(ipscore.evaluate(plan, data), growth.id)
    assert target.status.value in ("on_track", "at_risk")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_incomplete_counts_as_not_met(lang):
    report = _evaluate(_blank_2025_grants)
    assert "yht-patent-grants" in {gap.id for gap in report.gaps}
    assert report.score < ipscore.evaluate(PLAN, YUHUATAI).score


def test_the_league_table_counts_incomplete_targets_as_lacking_data():
    complete = ipscore.evaluate(PLAN, copy.deepcopy(YUHUATAI))
    blank = _evaluate(_blank_2025_grants)
    assert blank.counts["incomplete"] == complete.counts["incomplete"] + 1
    assert entry_of("b.json", blank).no_data == entry_of("a.json", complete).no_data + 1
