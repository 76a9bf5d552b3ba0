"""Alternative readings, every-year targets and the coverage record (issue 17)."""

from __future__ import annotations

import json

import pytest
import yaml
from helpers import make_plan, small_plan_data

import ipscore
from ipscore.render import render

NANJING = "nanjing-2022-2025"
FINANCING = "nj-ip-financing-amount"
MARK_ZH = "按另一种理解：未达成"
MARK_EN = "under another reading: missed"


def _nanjing(financing: object, as_of: str = "2025-12-31") -> dict:
    return {"region": "南京市", "as_of": as_of, "indicators": {"ip_financing_amount": financing}}


def _financing(report: ipscore.Report) -> ipscore.TargetOutcome:
    return next(t for t in report.targets if t.id == FINANCING)


def _every_format(report: ipscore.Report) -> dict[str, str]:
    formats = ("table", "markdown", "html")
    return {
        f"{fmt}-{lang}": render([report], fmt, lang) for fmt in formats for lang in ("zh", "en")
    }


# Yearly amounts (亿元) 2022–2025: the main reading sums them (> 160), the alternative reads 2025.
SUBMISSIONS = [
    pytest.param({"2022": 45, "2023": 45, "2024": 45, "2025": 45}, "met", "missed", id="sum-only"),
    pytest.param({"2022": 170, "2023": 170, "2024": 170, "2025": 170}, "met", "met", id="both-met"),
    pytest.param({"2022": 10, "2023": 10, "2024": 10, "2025": 10}, "missed", "missed", id="none"),
    pytest.param(180, "met", "met", id="one-reported-total"),
]


@pytest.mark.parametrize(("financing", "main", "other"), SUBMISSIONS)
def test_financing_shows_the_mark_exactly_when_the_readings_disagree(financing, main, other):
    report = ipscore.evaluate(NANJING, _nanjing(financing))
    outcome = _financing(report)
    (alternative,) = outcome.alternatives
    assert (outcome.status, alternative.status) == (main, other)
    differs = main != other
    assert alternative.differs is differs and outcome.differs_by_reading is differs
    data = json.loads(render([report], "json", "en"))
    shown = next(t for t in data["targets"] if t["id"] == FINANCING)
    assert shown["differs_by_reading"] is differs
    assert shown["alternatives"][0]["status"] == other
    for name, text in _every_format(report).items():
        mark = MARK_ZH if name.endswith("zh") else MARK_EN
        assert (mark in text) is differs, name


def test_the_mark_names_the_other_verdict_not_only_missed():
    # 2024: the sum 2022–2024 (3 × 60 = 180 > 160) is met, while 2024 alone (60) is below 160
    # with a year to go: on track or at risk, never "missed" yet.
    report = ipscore.evaluate(
        NANJING, _nanjing({"2021": 50, "2022": 60, "2023": 60, "2024": 60}, "2024-12-31")
    )
    outcome = _financing(report)
    assert outcome.status == "met"
    assert outcome.alternatives[0].status in ("on_track", "at_risk")
    assert outcome.differs_by_reading
    text = render([report], "table", "zh")
    assert (
        "按另一种理解："
        + ("按趋势可达成" if outcome.alternatives[0].status == "on_track" else "有风险")
        in text
    )


def test_the_readings_table_names_the_other_kind_in_the_reports_language():
    report = ipscore.evaluate(NANJING, _nanjing({"2022": 45, "2023": 45, "2024": 45, "2025": 45}))
    assert _financing(report).alternatives[0].kind == "level"
    for fmt in ("table", "markdown", "html"):
        zh, en = render([report], fmt, "zh"), render([report], fmt, "en")
        gt = "&gt;" if fmt == "html" else ">"  # the HTML escapes the comparator
        assert f"最新值 {gt} 160 亿元" in zh and f"level {gt}" not in zh, fmt
        assert f"level {gt} 160 亿元" in en, fmt


def test_score_and_gaps_follow_the_main_reading_only():
    with_alternative = ipscore.evaluate(
        NANJING, _nanjing({"2022": 45, "2023": 45, "2024": 45, "2025": 45})
    )
    plan = ipscore.load_plan(NANJING)
    targets = [t.model_copy(update={"alternatives": []}) for t in plan.targets]
    without = ipscore.evaluate(
        plan.model_copy(update={"targets": targets}),
        _nanjing({"2022": 45, "2023": 45, "2024": 45, "2025": 45}),
    )
    assert with_alternative.score == without.score
    assert FINANCING not in [g.id for g in with_alternative.gaps]


def test_an_unjudged_reading_is_not_a_differing_verdict():
    report = ipscore.evaluate(NANJING, _nanjing({"2022": 45, "2023": 45, "2024": 45}))
    outcome = _financing(report)  # 2025 is missing: neither reading can be judged (incomplete)
    assert outcome.status == "incomplete" and outcome.alternatives[0].status == "incomplete"
    assert outcome.alternatives[0].differs is None and not outcome.differs_by_reading
    report = ipscore.evaluate(
        NANJING, {"region": "南京市", "as_of": "2025-12-31", "indicators": {}}
    )
    outcome = _financing(report)
    assert outcome.status == "no_data" and outcome.alternatives[0].differs is None
    assert not outcome.differs_by_reading


# --- lint and loading --------------------------------------------------------------------------

FLOW_TARGET = {
    "id": "t-fin",
    "indicator": "ip_financing_amount",
    "dimension": "utilization",
    "kind": "cumulative",
    "comparator": ">",
    "threshold": 160,
    "unit": "亿元",
    "quote": "知识产权融资总额超160亿元",
}


def _lint(tmp_path, cli, target: dict):
    path = tmp_path / "pack.yaml"
    path.write_text(yaml.safe_dump(small_plan_data([target]), allow_unicode=True), "utf-8")
    return cli("lint", path, "--lang", "en")


def test_lint_checks_alternatives_like_main_readings(tmp_path, cli):
    good = {**FLOW_TARGET, "alternatives": [{"kind": "level", "note": "the year 2025 alone"}]}
    assert _lint(tmp_path, cli, good).code == 0
    wrong = {
        **FLOW_TARGET,
        "alternatives": [
            {"threshold": 150, "note": "a number the sentence does not have"},
            {"comparator": ">=", "note": "超 read as 达到"},
            {"unit": "件", "note": "a unit of another family"},
        ],
    }
    result = _lint(tmp_path, cli, wrong)
    assert result.code == 2
    lines = result.out.splitlines()
    assert any("t-fin--alt-1: E150 threshold 150 does not appear" in line for line in lines)
    assert any("t-fin--alt-2: E151 comparator '>=' disagrees with '超'" in line for line in lines)
    assert any("t-fin--alt-3: E156 unit '件' does not match" in line for line in lines)
    assert not any(": t-fin: " in line for line in lines)


def test_an_alternative_on_an_unknown_indicator_is_rejected_with_its_place(tmp_path, cli):
    bad = {**FLOW_TARGET, "alternatives": [{"indicator": "no_such_key", "note": "另一种理解"}]}
    path = tmp_path / "pack.yaml"
    path.write_text(yaml.safe_dump(small_plan_data([bad]), allow_unicode=True), "utf-8")
    with pytest.raises(ipscore.InputError) as raised:
        ipscore.load_plan(path)
    assert raised.value.path == "targets[0] (t-fin).alternatives[0].indicator"
    assert _lint(tmp_path, cli, bad).code == 2


def test_an_invalid_alternative_fails_validation():
    with pytest.raises(ipscore.InputError, match="alternative 1: kind growth needs a baseline"):
        make_plan(
            [{**FLOW_TARGET, "alternatives": [{"kind": "growth", "unit": "%", "note": "年均增长"}]}]
        )
    with pytest.raises(ipscore.InputError, match="note"):
        make_plan([{**FLOW_TARGET, "alternatives": [{"kind": "level"}]}])


# --- every year --------------------------------------------------------------------------------

MEETINGS = "lianyungang-2014-2016"


def _meetings(series: dict, as_of: str = "2016-12-31") -> ipscore.TargetOutcome:
    sub = {"region": "连云港市", "as_of": as_of, "indicators": {"ip_work_meetings": series}}
    report = ipscore.evaluate(MEETINGS, sub)
    return next(t for t in report.targets if t.id == "lyg-ip-work-meetings")


def test_every_year_checks_each_year_not_the_latest():
    assert _meetings({"2014": 2, "2015": 3, "2016": 2}).status == "met"
    one_short = _meetings({"2014": 3, "2015": 1, "2016": 5})
    assert (one_short.status, one_short.actual) == ("missed", 1)
    assert "2015" in one_short.evidence


def test_every_year_with_a_missing_year_has_no_data_never_a_pass():
    outcome = _meetings({"2014": 4, "2016": 4})
    assert outcome.status == "no_data"
    assert "2015" in outcome.missing and "2015" in outcome.missing_zh
    assert _meetings(4).status == "no_data"  # one number cannot say every year held


def test_every_year_before_the_deadline_counts_the_years_so_far():
    assert _meetings({"2014": 2, "2015": 2}, "2015-12-31").status == "met"
    assert _meetings({"2014": 1, "2015": 2}, "2015-12-31").status in ("at_risk", "on_track")


def test_every_year_honours_a_ceiling():
    plan = make_plan(
        [
            {
                "id": "t-days",
                "indicator": "ip_work_meetings",
                "dimension": "management",
                "kind": "every_year",
                "comparator": "<=",
                "threshold": 5,
                "unit": "个",
                "quote": "每年召开5次以内",
            }
        ]
    )
    sub = {
        "region": "测试市",
        "as_of": "2025-12-31",
        "indicators": {"ip_work_meetings": {"2022": 1, "2023": 6, "2024": 2, "2025": 3}},
    }
    (outcome,) = ipscore.evaluate(plan, sub).targets
    assert (outcome.status, outcome.actual) == ("missed", 6)


# --- coverage record ---------------------------------------------------------------------------


def test_plans_show_counts_encoded_and_excluded_sentences(cli, tmp_path):
    data = small_plan_data([FLOW_TARGET])
    data["excluded"] = [{"quote": "打造南京精品", "reason": "no measurable deliverable"}]
    path = tmp_path / "pack.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    shown = json.loads(cli("plans", "show", path, "--format", "json").out)
    assert (shown["target_count"], shown["excluded_count"]) == (1, 1)
    assert shown["excluded"] == data["excluded"]
    table = cli("plans", "show", path).out
    assert "targets: 1 encoded" in table and "sentences excluded: 1" in table
    assert "打造南京精品 → no measurable deliverable" in table
    markdown = cli("plans", "show", path, "--format", "markdown").out
    assert "sentences excluded: 1" in markdown and "「打造南京精品」" in markdown


def test_an_excluded_sentence_needs_a_reason():
    with pytest.raises(ipscore.InputError, match="reason"):
        from ipscore.packs import load_catalogue, plan_from_data

        data = small_plan_data([FLOW_TARGET])
        data["excluded"] = [{"quote": "打造南京精品"}]
        plan_from_data(data, "<test>", load_catalogue())


# --- the packs follow the rules of docs/rule-format.md ----------------------------------------


@pytest.mark.parametrize("plan_id", [plan.id for plan in ipscore.list_plans()])
def test_exploratory_clauses_are_excluded_never_scored(plan_id):
    plan = ipscore.load_plan(plan_id)
    assert not [t.id for t in plan.targets if "探索" in t.quote]
    assert plan.excluded, "every bundled pack keeps a coverage record"
    assert all(item.reason.strip() for item in plan.excluded)


def test_lianyungang_is_expired_not_repealed():
    meta = ipscore.load_plan("lianyungang-2014-2016").plan
    assert meta.status == "expired" and "失效" in (meta.status_note or "")
