"""What a report says in every format: gaps, evidence, time, grades and the score line."""

from __future__ import annotations

import copy
import json

import pytest
from helpers import CASES
from test_incomplete import row_of

import ipscore
from ipscore.render import render
from ipscore.waivers import Waiver

YUHUATAI = "yuhuatai-2023-2025"
PARTIAL = json.loads((CASES / "yuhuatai-2025-partial.json").read_text("utf-8"))
FORMATS = ("table", "markdown", "html")
CASE_FILES = sorted(p for p in CASES.glob("*.json") if not p.name.endswith(".expected.json"))


def _yuhuatai(change=None, as_of: str | None = None) -> ipscore.Report:
    data = copy.deepcopy(PARTIAL)
    if change is not None:
        change(data["indicators"])
    if as_of is not None:
        data["as_of"] = as_of
    return ipscore.evaluate(YUHUATAI, data)


@pytest.fixture(scope="module")
def every_case() -> list[tuple[str, str, str]]:
    """(case, format-lang, text) for every bundled case, format and language."""
    result = []
    for path in CASE_FILES:
        plan = json.loads(path.read_text("utf-8"))["plans"][0]
        report = ipscore.evaluate(plan, path)
        for fmt in FORMATS:
            for lang in ("zh", "en"):
                result.append((path.name, f"{fmt}-{lang}", render([report], fmt, lang)))
    return result


def test_a_strict_comparator_at_its_bound_says_must_exceed():
    report = _yuhuatai()
    target = next(t for t in report.targets if t.id == "yht-ip-professionals")
    assert (target.comparator, target.actual, target.status.value) == (">", 130, "missed")
    for fmt in FORMATS:
        assert "需超过 130 人，当前 130 人" in render([report], fmt, "zh"), fmt
        assert "must exceed 130 人, now 130 人" in render([report], fmt, "en"), fmt


def test_no_report_shows_a_zero_gap(every_case):
    for case, where, text in every_case:
        assert "(0.0%)" not in text, (case, where)


def test_an_outstanding_milestone_says_by_when():
    report = _yuhuatai()
    for fmt in FORMATS:
        assert "尚未完成，期限 2025-12-31" in render([report], fmt, "zh"), fmt
        assert "outstanding, due 2025-12-31" in render([report], fmt, "en"), fmt


def _with_parts(indicators: dict) -> None:
    del indicators["high_value_invention_patents_per_10k"]
    indicators["high_value_invention_patents"] = {"2024": 5298, "2025": 5980}
    indicators["resident_population"] = {"2024": 100, "2025": 100}


EVIDENCE = {
    # cumulative (a sum of flows), derived (per-10k), increment with its base, milestone
    "yht-patent-grants": (
        "2023年: 2,900 + 2024年: 2,950 + 2025年: 3,020 = 8,870 件",
        "2023: 2,900 + 2024: 2,950 + 2025: 3,020 = 8,870 件",
    ),
    "yht-high-value-patents-per-10k": (
        "59.8 件/万人（2025年，由 高价值发明专利拥有量 5,980 件 / 常住人口 100 万人 计算）",
        "59.8 件/万人 (2025, from high_value_invention_patents 5,980 件 / resident_population",
    ),
    "yht-ip-advantage-enterprises": (
        "29 家（2025年） − 24 家（2022年基期） = 5 家",
        "29 家 (2025) − 24 家 (2022 base) = 5 家",
    ),
    "yht-protection-demonstration-zone": ("未完成", "not delivered"),
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_shows_the_evidence_on_the_target_row(fmt):
    report = _yuhuatai(_with_parts)
    for target_id, (zh, en) in EVIDENCE.items():
        for lang, says in (("zh", zh), ("en", en)):
            text = render([report], fmt, lang)
            if fmt == "table":  # the evidence column wraps: compare without the line breaks
                text = " ".join(text.split())
                assert " ".join(says.split()) in text, (target_id, lang)
            else:
                assert says in row_of(text, fmt, target_id), (target_id, lang)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_shows_a_growth_and_a_projection(fmt):
    report = ipscore.evaluate("hefei-2022-2025", CASES / "hefei-2023-midterm.json")
    growth = next(t for t in report.targets if t.kind == "growth" and t.evidence)
    projected = next(t for t in report.targets if t.projection and t.projection.value)
    for lang in ("zh", "en"):
        text = render([report], fmt, lang)
        flat = " ".join(text.split())
        said = growth.evidence_zh if lang == "zh" else growth.evidence
        assert " ".join(said.split()) in flat
        assert ("年均增长" if lang == "zh" else "CAGR") in said and "基期" in growth.evidence_zh
        trend = "推算至2025年" if lang == "zh" else "to 2025:"
        row = flat if fmt == "table" else row_of(text, fmt, projected.id)
        assert trend in row


def test_grades_claim_no_acceptance_decision_and_the_score_line_is_there(every_case):
    for case, where, text in every_case:
        assert "可验收" not in text and "ready for acceptance" not in text.lower(), (case, where)
        line = (
            "不代表验收结论"
            if where.endswith("zh")
            else "not the decision of the acceptance review"
        )
        assert line in text, (case, where)


def test_the_score_line_counts_what_is_scored():
    report = _yuhuatai()
    n = len(report.targets)
    line = f"得分按加权模型计算，计入 {n} 项目标（不计：无）；为就绪度自查，不代表验收结论"
    assert line in render([report], "markdown", "zh")
    waiver = Waiver(target="yht-ip-professionals", justification="暂缓考核")
    waived = ipscore.evaluate(YUHUATAI, PARTIAL, waivers=[waiver])
    assert f"计入 {n - 1} 项目标（不计：豁免 1 项）" in render([waived], "markdown", "zh")


def test_county_plans_say_strong_county_city_plans_strong_city():
    county = _yuhuatai()
    city = ipscore.evaluate("nanjing-2022-2025", CASES / "nanjing-2025-partial.json")
    for fmt in FORMATS:
        assert "知识产权强县建设就绪度报告" in render([county], fmt, "zh")
        assert "强市建设就绪度" not in render([county], fmt, "zh")
        assert "IP strong county readiness report" in render([county], fmt, "en")
        assert "知识产权强市建设就绪度报告" in render([city], fmt, "zh")


def test_the_header_tells_deadline_open_targets_and_acceptance_window():
    report = _yuhuatai()  # as of the plan deadline; one milestone is due in 2026
    for fmt in FORMATS:
        text = render([report], fmt, "zh")
        assert "方案期限 2025-12-31，即数据截至日" in text
        assert "1 项未达成目标的期限晚于数据截至日（最晚 2026-06-30），按趋势判断" in text
        assert "验收窗口 2026-01-01 至 2026-06-30，距开始 1 天" in text
        assert "期限未到, 未达成目标按趋势预测" not in text
    late = _yuhuatai(as_of="2026-07-01")
    text = render([late], "markdown", "en")
    assert "plan deadline 2025-12-31 has passed" in text and "every target is due" in text
    assert "acceptance window 2026-01-01 – 2026-06-30, closed" in text


def test_year_to_date_flows_are_not_full_years():
    def ytd(indicators: dict) -> None:  # January–September 2025: about three quarters of a year
        indicators["patent_grants"]["2025"] = 2200
        indicators["pct_applications"]["2025"] = 75

    report = _yuhuatai(ytd, as_of="2025-09-30")
    assert report.partial_year == 2025
    grants = next(t for t in report.targets if t.id == "yht-patent-grants")
    assert "2025年（截至9月30日）: 2,200" in grants.evidence_zh
    assert grants.projection is not None and grants.projection.left_out == 2025
    # the trend is 2023→2024 (+1.7 %), not 2024→year-to-date 2025 (−25 %)
    assert grants.projection.observed_growth == pytest.approx((2950 / 2900 - 1) * 100)
    assert grants.status.value == "on_track"
    for outcome in report.targets:
        band = outcome.projection.progress_band if outcome.projection else None
        assert not (outcome.status.value == "on_track" and band != "on_track"), outcome.id
        assert not (outcome.status.value == "at_risk" and band == "on_track"), outcome.id
    text = render([report], "markdown", "zh")
    assert "2025年逐年流量数据截至 2025-09-30，为年内累计，不按全年计" in text
    assert "（2025年为年内累计，不计入趋势）" in text
