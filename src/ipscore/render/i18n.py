"""Words the renderers print, in Chinese and English."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from ipscore.choices import ScoreModel
from ipscore.lang import Lang as Lang  # re-exported for the renderers
from ipscore.plan import Dimension, Kind, PlanLevel, PlanStatus, ProgressBand
from ipscore.report import Grade, Status

_WORDS: dict[str, tuple[str, str]] = {
    "region": ("地区", "Region"),
    "as_of": ("数据截至", "As of"),
    "deadline": ("期限", "Deadline"),
    "days_left": ("剩余天数", "Days left"),
    "score": ("就绪度得分", "Readiness score"),
    "projected_score": ("预测得分(按趋势推算至期限)", "Projected score (trend to the deadline)"),
    "score_without_waivers": ("不计豁免的得分", "Score without waivers"),
    "grade": ("等级", "Grade"),
    "model": ("计分模型", "Scoring model"),
    "targets": ("目标", "Targets"),
    "dimensions": ("分维度得分", "Scores by dimension"),
    "gaps": ("差距清单", "Gap list"),
    "warnings": ("警告", "Warnings"),
    "no_gaps": ("无差距: 全部目标已达成。", "No gaps: every target is met."),
    "status": ("状态", "Status"),
    "id": ("编号", "ID"),
    "dimension": ("维度", "Dimension"),
    "indicator": ("指标", "Indicator"),
    "target": ("目标值", "Target"),
    "actual": ("实际值", "Actual"),
    "attainment": ("达成度", "Attainment"),
    "gap": ("差距", "Gap"),
    "relative_gap": ("相对差距", "Relative gap"),
    "owners": ("责任单位", "Owners"),
    "quote": ("方案原文", "Plan text"),
    "kind": ("类型", "Kind"),
    "projection": ("预测", "Projection"),
    "required_growth": ("所需年增速", "Required annual growth"),
    "observed_growth": ("实际年均增速", "Observed annual growth"),
    "progress": ("进度", "Progress"),
    "met_total": ("达成/总数", "Met / total"),
    "waiver": ("豁免", "Waiver"),
    "owner": ("责任单位", "Responsible unit"),
    "no_owner": ("(方案未列明)", "(not named in the plan)"),
    "missing": ("缺少数据", "Missing"),
    "evidence": ("依据", "Evidence"),
    "stale": ("（{year}年数据，非当年）", "({year} data, not current)"),
    "need_ge": ("需达到 {threshold}", "must reach {threshold}"),
    "need_gt": ("需超过 {threshold}", "must exceed {threshold}"),
    "need_le": ("需不超过 {threshold}", "must be at most {threshold}"),
    "need_lt": ("需低于 {threshold}", "must be below {threshold}"),
    "now": ("，当前 {actual}", ", now {actual}"),
    "short_by": ("，差 {gap}", ", short by {gap}"),
    "outstanding": ("尚未完成，期限 {deadline}", "outstanding, due {deadline}"),
    "trend_cagr": ("按年均增速 {rate}%", "at the observed CAGR of {rate}%"),
    "trend_linear": ("按线性趋势", "along the linear trend"),
    "trend_plain": ("按趋势", "along the trend"),
    "projected_to": ("{how}推算至{year}年：{value}", "projected {how} to {year}: {value}"),
    "left_out": (
        "（{year}年为年内累计，不计入趋势）",
        " ({year} is year-to-date, left out of the trend)",
    ),
    "summary": ("概况", "Summary"),
    "plan": ("方案", "Plan"),
    "note": ("说明", "Note"),
    "final": ("全部目标期限已到，结果为最终结果", "every target is due: statuses are final"),
    "change_since": ("与上次报送相比, 上次数据截至", "Change since the report of"),
    "newly_met": ("新达成", "Newly met"),
    "newly_missed": ("新未达成", "Newly missed"),
    "change": ("变化", "Change"),
    "no_change": ("各目标状态与测度均无变化。", "No target changed status or measure."),
    "trend": ("历次报送走势", "Trend over the stored submissions"),
    "filled_from_history": ("取自历史报送的数据", "Values taken from earlier submissions"),
    "history_note": (
        "以下指标本次未报送, 取自历史库中较早的报送",
        "These indicators were missing from this submission and were taken from earlier ones",
    ),
    "grade_line_nearly_ready": ("基本就绪", "nearly ready"),
    "grade_line_ready": ("可验收", "ready"),
    "score_trends": ("各地区得分走势", "Score trends by region"),
    "target_trends": ("各目标测度走势", "each target's measure over time"),
    "dashboard_title": ("知识产权强市建设就绪度对比", "IP strong city readiness: comparison"),
    "league": ("排名表", "League table"),
    "matrix": ("地区 × 目标 状态矩阵", "Region × target matrix"),
    "target_keys": ("目标编号对照", "Target numbers"),
    "col_rank": ("名次", "Rank"),
    "col_region": ("地区", "Region"),
    "col_plan": ("方案", "Plan"),
    "col_score": ("得分", "Score"),
    "col_projected_score": ("预测得分", "Projected"),
    "col_grade": ("等级", "Grade"),
    "col_met": ("达成", "Met"),
    "col_total": ("目标数", "Targets"),
    "col_no_data": ("无数据", "No data"),
    "col_warnings": ("警告", "Warnings"),
    "col_gaps": ("差距", "Gaps"),
    "col_as_of": ("数据截至", "As of"),
    "col_file": ("文件", "File"),
    "col_error": ("错误", "Error"),
    "chart_attainment": ("各目标达成度(按维度)", "Attainment per target, by dimension"),
    "chart_series": ("指标走势与预测", "Series and projection"),
    "threshold_line": ("目标", "target"),
    "report_title_mixed": (
        "知识产权强市/强县建设就绪度报告",
        "IP strong city / county readiness report",
    ),
    "time": ("时间", "Time"),
    "days": ("{n} 天", "{n} days"),
    "deadline_passed": ("方案期限 {deadline} 已过", "plan deadline {deadline} has passed"),
    "deadline_today": (
        "方案期限 {deadline}，即数据截至日",
        "plan deadline {deadline} is the as-of date",
    ),
    "deadline_ahead": (
        "方案期限 {deadline}，尚余 {days}",
        "plan deadline {deadline}, {days} ahead",
    ),
    "open_targets": (
        "{n} 项未达成目标的期限晚于数据截至日（最晚 {last}），按趋势判断",
        "{n} unmet targets are due later (the last on {last}) and are judged by their trend",
    ),
    "acceptance": (
        "验收窗口 {start} 至 {end}，{when}",
        "acceptance window {start} – {end}, {when}",
    ),
    "acceptance_in": ("距开始 {days}", "opens in {days}"),
    "acceptance_open": ("正在进行", "open now"),
    "acceptance_closed": ("已结束", "closed"),
    "year_to_date": (
        "{year}年逐年流量数据截至 {date}，为年内累计，不按全年计",
        "{year} values of yearly flows are year-to-date (to {date}), not full years",
    ),
    "score_counts": (
        "得分按{model}模型计算，计入 {n} 项目标（不计：{left}）；为就绪度自查，不代表验收结论",
        "The score is the {model} model over {n} targets (left out: {left}); "
        "a readiness self-check, not the decision of the acceptance review",
    ),
    "left_nothing": ("无", "none"),
    "contents": ("目录", "Contents"),
    "observed": ("实际值", "observed"),
    "projected": ("预测值", "projected"),
    "projected_at": ("预测至", "Projected to"),
    "legend": ("图例", "Legend"),
    "no_projection": (
        "无需预测: 没有尚未达成且有趋势可推算的目标。",
        "Nothing to project: no unmet target has a trend.",
    ),
    "statuses": ("状态统计", "Statuses"),
    "by_owner": ("按责任单位", "by responsible unit"),
    "items": ("项", "items"),
    "generated_by": ("由 ipscore {version} 生成", "Generated by ipscore {version}"),
    "out_of": ("满分 100", "out of 100"),
    "other_reading": ("按另一种理解", "under another reading"),
    "readings": ("结论取决于理解的目标", "Verdicts that depend on the reading"),
    "reading_note": ("另一种理解", "Other reading"),
    "plan_status": ("方案状态", "Plan status"),
    "indicators_not_bundled": ("规则包自定义指标", "Indicators defined outside the catalogue"),
    "tailoring": ("裁剪自", "Tailored from"),
    "tailoring_change": ("裁剪变更", "Tailoring change"),
    "tailoring_added": ("裁剪新增目标", "Targets added by the tailoring"),
    "not_applicable_because": ("不适用", "not applicable"),
}

# The words of each member of the report's enums, (Chinese, English); a test checks that every
# member has its pair, so a new status, grade, dimension or band cannot go out without words.
STATUS: dict[Status, tuple[str, str]] = {
    Status.met: ("已达成", "met"),
    Status.missed: ("未达成", "missed"),
    Status.on_track: ("按趋势可达成", "on track"),
    Status.at_risk: ("有风险", "at risk"),
    Status.no_data: ("无数据", "no data"),
    Status.incomplete: ("数据不全", "incomplete"),
    Status.not_applicable: ("不适用", "not applicable"),
    Status.error: ("错误", "error"),
    Status.waived: ("已豁免", "waived"),
}

# What a target without a verdict lacks: the heading of its gap line (report.UNJUDGED).
MISSING: dict[Status, tuple[str, str]] = {
    Status.no_data: ("缺少数据", "Missing"),
    Status.error: ("错误", "Error"),
    Status.incomplete: ("数据不全，缺", "Incomplete, lacks"),
}

# The targets the score leaves out (scoring.UNSCORED), in the order the score line names them.
LEFT_OUT: dict[Status, tuple[str, str]] = {
    Status.waived: ("豁免 {n} 项", "{n} waived"),
    Status.not_applicable: ("不适用 {n} 项", "{n} not applicable"),
}

MODEL: dict[ScoreModel, tuple[str, str]] = {
    ScoreModel.weighted: ("加权", "weighted"),
    ScoreModel.flat: ("达成率", "flat"),
    ScoreModel.absolute: ("全部达成", "absolute"),
}

GRADE: dict[Grade, tuple[str, str]] = {
    Grade.ready: ("全部达标", "all targets met"),
    Grade.nearly_ready: ("基本达标", "mostly met"),
    Grade.not_ready: ("差距较大", "large gaps"),
}

# the Chinese names are the plan models' (Dimension.zh); the English name is the key itself
DIMENSION: dict[Dimension, tuple[str, str]] = {d: (d.zh, d.value) for d in Dimension}

# a kind as the reading rows name it (docs/rule-format.md, "Kinds"): a level is the latest value;
# the English name is the key itself
KIND: dict[Kind, tuple[str, str]] = {
    Kind.level: ("最新值", "level"),
    Kind.cumulative: ("累计", "cumulative"),
    Kind.increment: ("新增", "increment"),
    Kind.growth: ("年均增长", "growth"),
    Kind.growth_total: ("增长", "growth_total"),
    Kind.multiple: ("倍数", "multiple"),
    Kind.every_year: ("每年", "every_year"),
    Kind.milestone: ("建成/完成", "milestone"),
}

BAND: dict[ProgressBand, tuple[str, str]] = {
    ProgressBand.on_track: ("进度正常", "on track"),
    ProgressBand.needs_acceleration: ("需加速", "needs acceleration"),
    ProgressBand.limited_progress: ("进展有限", "limited progress"),
    ProgressBand.moving_away: ("背离目标", "moving away"),
}

PLAN_STATUS: dict[PlanStatus, tuple[str, str]] = {
    PlanStatus.in_force: ("现行有效", "in force"),
    PlanStatus.expired: ("已失效", "expired"),
    PlanStatus.repealed: ("已废止", "repealed"),
}

# 强市 or 强县: a report's title follows the plan's level, never its id
REPORT_TITLE: dict[PlanLevel, tuple[str, str]] = {
    PlanLevel.city: ("知识产权强市建设就绪度报告", "IP strong city readiness report"),
    PlanLevel.county: ("知识产权强县建设就绪度报告", "IP strong county readiness report"),
}

Member = TypeVar("Member", bound=StrEnum)


def _pair(table: Mapping[Member, tuple[str, str]], key: Member, lang: Lang) -> str:
    zh, en = table[key]
    return zh if lang == "zh" else en


def word(key: str, lang: Lang) -> str:
    """A word of the reports; an unknown key is a KeyError, never printed as it is."""
    zh, en = _WORDS[key]
    return zh if lang == "zh" else en


def status(key: Status, lang: Lang) -> str:
    return _pair(STATUS, key, lang)


def missing(key: Status, lang: Lang) -> str:
    return _pair(MISSING, key, lang)


def left_out(key: Status, lang: Lang) -> str:
    return _pair(LEFT_OUT, key, lang)


def model(key: ScoreModel, lang: Lang) -> str:
    return _pair(MODEL, key, lang)


def grade(key: Grade, lang: Lang) -> str:
    return _pair(GRADE, key, lang)


def dimension(key: Dimension, lang: Lang) -> str:
    return _pair(DIMENSION, key, lang)


def plan_status(key: PlanStatus, lang: Lang) -> str:
    return _pair(PLAN_STATUS, key, lang)


def report_title(level: PlanLevel, lang: Lang) -> str:
    """知识产权强市 or 强县 … 报告, from the plan's level."""
    return _pair(REPORT_TITLE, level, lang)


def kind(key: Kind, lang: Lang) -> str:
    return _pair(KIND, key, lang)


def band(key: ProgressBand | None, lang: Lang) -> str:
    return "" if key is None else _pair(BAND, key, lang)
