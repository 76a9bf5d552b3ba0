"""Words the renderers print, in Chinese and English."""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]

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
    "summary": ("概况", "Summary"),
    "plan": ("方案", "Plan"),
    "note": ("说明", "Note"),
    "final": ("期限已到, 结果为最终结果", "Deadline reached: statuses are final"),
    "not_final": (
        "期限未到, 未达成目标按趋势预测",
        "Before the deadline: unmet targets are projected",
    ),
    "chart_attainment": ("各目标达成度(按维度)", "Attainment per target, by dimension"),
    "chart_series": ("指标走势与预测", "Series and projection"),
    "threshold_line": ("目标", "target"),
}

STATUS: dict[str, tuple[str, str]] = {
    "met": ("已达成", "met"),
    "missed": ("未达成", "missed"),
    "on_track": ("按趋势可达成", "on track"),
    "at_risk": ("有风险", "at risk"),
    "no_data": ("无数据", "no data"),
    "not_applicable": ("不适用", "not applicable"),
    "error": ("错误", "error"),
    "waived": ("已豁免", "waived"),
}

GRADE: dict[str, tuple[str, str]] = {
    "ready": ("可验收", "ready"),
    "nearly_ready": ("基本就绪", "nearly ready"),
    "not_ready": ("未就绪", "not ready"),
}

DIMENSION: dict[str, tuple[str, str]] = {
    "creation": ("创造", "creation"),
    "utilization": ("运用", "utilization"),
    "protection": ("保护", "protection"),
    "management": ("管理", "management"),
    "services": ("服务", "services"),
    "talent": ("人才", "talent"),
}

BAND: dict[str, tuple[str, str]] = {
    "on_track": ("进度正常", "on track"),
    "needs_acceleration": ("需加速", "needs acceleration"),
    "limited_progress": ("进展有限", "limited progress"),
    "moving_away": ("背离目标", "moving away"),
}


def _pick(table: dict[str, tuple[str, str]], key: str, lang: Lang) -> str:
    pair = table.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "zh" else pair[1]


def word(key: str, lang: Lang) -> str:
    return _pick(_WORDS, key, lang)


def status(key: str, lang: Lang) -> str:
    return _pick(STATUS, key, lang)


def grade(key: str, lang: Lang) -> str:
    return _pick(GRADE, key, lang)


def dimension(key: str, lang: Lang) -> str:
    return _pick(DIMENSION, key, lang)


def band(key: str | None, lang: Lang) -> str:
    return "" if key is None else _pick(BAND, key, lang)
