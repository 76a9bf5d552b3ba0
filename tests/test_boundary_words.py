"""Boundary words beyond art. 1259: 突破 (exceeds), 左右 (about, with a tolerance), 力争/争取
(strive for), and thresholds the quote writes with 万 or 亿."""

from __future__ import annotations

import pytest
from helpers import make_plan

import ipscore
from ipscore.lint import check_target
from ipscore.plan import Target

CATALOGUE = ipscore.load_catalogue()


def _target(quote: str, threshold: float, unit: str, **fields) -> Target:
    indicator = fields.pop("indicator", "ip_service_institutions")
    return Target(
        id="t-one",
        indicator=indicator,
        dimension="services",
        kind="level",
        threshold=threshold,
        unit=unit,
        quote=quote,
        **fields,
    )


def _problems(target: Target) -> list[str]:
    return [problem.message for problem in check_target(target, CATALOGUE[target.indicator])]


def test_tupo_reads_as_exceeds():
    assert _problems(_target("总数突破360家", 360, "家", comparator=">")) == []


def test_tupo_as_at_least_needs_a_note():
    target = _target("总数突破360家", 360, "家", comparator=">=")
    [problem] = _problems(target)
    assert "disagrees with '突破'" in problem and "(expected '>')" in problem
    noted = target.model_copy(update={"note": "突破 read as reaching 360: the 2023 count was 359"})
    assert _problems(noted) == []


def test_tupo_as_a_ceiling_is_wrong_even_with_a_note():
    target = _target("总数突破360家", 360, "家", comparator="<=", note="a reading")
    assert any("disagrees with '突破'" in problem for problem in _problems(target))


def test_striving_wants_the_expected_attribute():
    target = _target("力争突破6家", 6, "家", comparator=">")
    assert _problems(target) == [
        "力争 (strive for): set attribute: expected, or explain the reading in note"
    ]
    assert _problems(target.model_copy(update={"attribute": "expected"})) == []
    assert _problems(_target("争取达到6家", 6, "家", attribute="expected")) == []


def test_about_needs_a_tolerance_or_a_note():
    target = _target("培育300家左右服务机构", 300, "家")
    assert _problems(target) == [
        "左右 (about): give a tolerance (per cent) or explain the reading in note"
    ]
    assert _problems(target.model_copy(update={"tolerance": 5})) == []
    assert _problems(target.model_copy(update={"note": "左右 read as at least 300"})) == []


def test_a_tolerance_needs_the_word_about_or_a_note():
    target = _target("服务机构达到300家", 300, "家", tolerance=5)
    assert _problems(target) == ["tolerance without 左右 in the quote; explain it in note"]


@pytest.mark.parametrize(("threshold", "unit"), [(880000, "件"), (88, "万件")])
def test_wan_in_the_quote_is_read_either_way(threshold, unit):
    target = _target("专利授权量达到88万件", threshold, unit, indicator="patent_grants")
    assert _problems(target) == []


@pytest.mark.parametrize(
    ("quote", "threshold", "unit"),
    [("达到880000件", 88, "万件"), ("融资额突破150亿元", 15_000_000_000, "元")],
)
def test_other_scalings_are_recognised(quote, threshold, unit):
    indicator = "ip_financing_amount" if unit == "元" else "patent_grants"
    comparator = ">" if "突破" in quote else ">="
    target = _target(quote, threshold, unit, indicator=indicator, comparator=comparator)
    assert _problems(target) == []


def test_a_wrong_scaled_number_is_still_caught():
    target = _target("专利授权量达到88万件", 8_800_000, "件", indicator="patent_grants")
    assert _problems(target) == ["threshold 8.8e+06 does not appear in the quote"]


@pytest.mark.parametrize(
    ("quote", "threshold", "unit", "indicator", "comparator"),
    [
        ("预审周期压缩到十二个工作日内", 12, "工作日", "patent_pre_examination_cycle", "<="),
        ("服务机构达到三百家以上", 300, "家", "ip_service_institutions", ">="),
        ("服务机构达到３００家", 300, "家", "ip_service_institutions", ">="),
        ("专利授权量达到一点五万件", 15000, "件", "patent_grants", ">="),
        ("专利授权量达到1.5万件", 1.5, "万件", "patent_grants", ">="),
        ("专利授权量达到8,500件", 8500, "件", "patent_grants", ">="),
        ("占比达到百分之十五", 15, "%", "copyright_industry_gdp_share", ">="),
        ("融资额达到三亿五千万元", 3.5, "亿元", "ip_financing_amount", ">="),
    ],
)
def test_a_threshold_written_in_chinese_numerals_or_full_width_digits_is_found(
    quote, threshold, unit, indicator, comparator
):
    target = _target(quote, threshold, unit, indicator=indicator, comparator=comparator)
    assert _problems(target) == []


@pytest.mark.parametrize(
    ("quote", "threshold"),
    [
        ("专利授权量达到88万件", 88),  # 88万件 is 880000 件, not 88
        ("“十四五”期间专利授权量达到15件", 14),  # 十四五 is a plan, not a number
        ("专利授权量达到二十件", 2),  # 二 inside 二十 is not 2
    ],
)
def test_a_number_that_only_looks_like_the_threshold_is_not_it(quote, threshold):
    target = _target(quote, threshold, "件", indicator="patent_grants")
    assert f"threshold {threshold} does not appear in the quote" in _problems(target)


ABOUT_TARGET = {
    "id": "t-about",
    "indicator": "ip_service_institutions",
    "dimension": "services",
    "kind": "level",
    "threshold": 300,
    "unit": "家",
    "tolerance": 5,
    "quote": "培育300家左右服务机构",
}


@pytest.mark.parametrize(
    ("value", "status"), [(285, "met"), (290, "met"), (284.9, "missed"), (300, "met")]
)
def test_the_engine_applies_the_tolerance(value, status):
    """Met when measure ≥ threshold × (1 − tolerance / 100): 300 ± 5 % is met from 285."""
    plan = make_plan([ABOUT_TARGET])
    submission = {
        "region": "测试市",
        "as_of": "2025-12-31",
        "indicators": {"ip_service_institutions": {"2025": value}},
    }
    [outcome] = ipscore.evaluate(plan, submission).targets
    assert outcome.status.value == status
    assert outcome.threshold == 300 and outcome.tolerance == 5
    if status == "missed":
        assert outcome.gap == pytest.approx(0.1)  # to 285, what it takes to be met


def test_a_ceiling_with_a_tolerance_is_relaxed_upwards():
    target = _target("审查周期控制在10个工作日左右", 10, "工作日", comparator="<=", tolerance=5)
    assert target.effective_threshold == 10.5


def test_a_milestone_has_no_tolerance():
    with pytest.raises(ValueError, match="a milestone has no tolerance"):
        Target(
            id="t-m",
            indicator="ip_big_data_platform_built",
            dimension="services",
            kind="milestone",
            tolerance=5,
            quote="建成知识产权大数据平台",
        )


@pytest.mark.parametrize(
    ("quote", "comparator"),
    [
        ("服务机构届满300家", ">="),  # art. 1259: 届满 includes the number
        ("服务机构300家以外", ">"),  # art. 1259: 以外 excludes it
        ("服务机构控制在300家", "<="),
    ],
)
def test_the_other_art_1259_words_are_boundary_words(quote, comparator):
    assert _problems(_target(quote, 300, "家", comparator=comparator)) == []
    wrong = "<" if comparator != "<" else ">"
    assert any("disagrees" in p for p in _problems(_target(quote, 300, "家", comparator=wrong)))


@pytest.mark.parametrize(
    ("quote", "threshold", "found"),
    [
        ("知识产权人才数量较2020年翻一番", 2, True),
        ("知识产权人才数量较2020年翻番", 2, True),
        ("知识产权人才数量较2020年翻两番", 4, True),
        ("知识产权人才数量较2020年翻一番", 4, False),
    ],
)
def test_a_multiple_written_in_words_is_the_threshold(quote, threshold, found):
    target = Target(
        id="t-one",
        indicator="ip_professionals",
        dimension="talent",
        kind="multiple",
        comparator=">=",
        threshold=threshold,
        unit="倍",
        baseline={"year": 2020},
        quote=quote,
    )
    problems = [p for p in _problems(target) if "does not appear in the quote" in p]
    assert (not problems) is found, problems


def test_a_finding_has_its_code_its_place_and_its_chinese_text():
    target = _target("总数突破360家", 360, "家", comparator=">=")
    [problem] = check_target(target, CATALOGUE[target.indicator])
    assert (problem.code, problem.path, problem.level) == ("E151", "t-one", "error")
    assert problem.line("zh") == (
        "t-one: E151 比较符（comparator）“>=”与原文的“突破”不符，应为“>”；"
        "如确是另一种理解，请在 note 中说明"
    )
