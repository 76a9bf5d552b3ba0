"""What every text renderer shows, as rows: formatting numbers, targets, gaps, owners."""

from __future__ import annotations

from ipscore.evidence import number as number  # re-exported for the renderers
from ipscore.plan import Comparator, Kind, PlanStatus
from ipscore.render.i18n import (
    LEFT_OUT,
    Lang,
    band,
    dimension,
    grade,
    kind,
    left_out,
    missing,
    model,
    plan_status,
    status,
    word,
)
from ipscore.report import UNJUDGED, Report, Status, TailoringChangeOutcome, TargetOutcome
from ipscore.scoring import UNSCORED

SYMBOL: dict[Status, str] = {
    Status.met: "✔",
    Status.missed: "✘",
    Status.on_track: "↗",
    Status.at_risk: "!",
    Status.no_data: "?",
    Status.incomplete: "◐",
    Status.not_applicable: "–",
    Status.error: "⚠",
    Status.waived: "~",
}


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def share(value: float) -> str:
    """A relative shortfall: never "0.0%" for a shortfall that is not nothing."""
    return "<0.1%" if 0 < value < 0.0005 else percent(value)


def target_text(outcome: TargetOutcome) -> str:
    if outcome.kind is Kind.milestone:
        return "✔"
    text = f"{outcome.comparator} {number(outcome.threshold)} {outcome.unit}".rstrip()
    return text + (f" (±{number(outcome.tolerance)}%)" if outcome.tolerance else "")


def with_unit(value: float | None, unit: str) -> str:
    return f"{number(value)} {unit}".rstrip()


def stale_mark(outcome: TargetOutcome, lang: Lang) -> str:
    """The mark of a value from before the reference year: its year, said to be old."""
    if not outcome.stale or outcome.value_year is None:
        return ""
    return word("stale", lang).format(year=outcome.value_year)


def actual_text(outcome: TargetOutcome, lang: Lang = "zh") -> str:
    if outcome.kind is Kind.milestone:
        return "—" if outcome.actual is None else ("✔" if outcome.actual >= 1 else "✘")
    if outcome.actual is None:
        return "—"
    mark = stale_mark(outcome, lang)
    return with_unit(outcome.actual, outcome.unit) + (f" {mark}" if mark else "")


def evidence_text(outcome: TargetOutcome, lang: Lang) -> str:
    """How the measure was made, and the trend used for a projection."""
    said = outcome.evidence_zh if lang == "zh" else outcome.evidence
    parts = [said] if said else []
    trend = projection_text(outcome, lang)
    if trend:
        parts.append(trend)
    return "; ".join(parts) if lang == "en" else "；".join(parts)


def projection_text(outcome: TargetOutcome, lang: Lang) -> str:
    """The projection used: method, rate and the value it gives in the deadline year."""
    p = outcome.projection
    if p is None or p.value is None:
        return ""
    value = with_unit(p.value, outcome.unit)
    if p.method == "linear":
        how = word("trend_linear", lang)
    elif p.observed_growth is not None:
        how = word("trend_cagr", lang).format(rate=number(p.observed_growth))
    else:
        how = word("trend_plain", lang)
    text = word("projected_to", lang).format(how=how, year=p.year, value=value)
    if p.left_out is not None:
        text += word("left_out", lang).format(year=p.left_out)
    return text


def label(outcome: TargetOutcome, lang: Lang) -> str:
    return outcome.label if lang == "zh" else outcome.label_en


def owners_text(outcome: TargetOutcome, lang: Lang) -> str:
    return "、".join(outcome.owners) if outcome.owners else word("no_owner", lang)


def reading_mark(outcome: TargetOutcome, lang: Lang) -> str:
    """The mark "按另一种理解：未达成" when another reading gives another verdict."""
    other = outcome.differing_reading
    if other is None:
        return ""
    colon = "：" if lang == "zh" else ": "
    return f"{word('other_reading', lang)}{colon}{status(other.status, lang)}"


def status_text(outcome: TargetOutcome, lang: Lang) -> str:
    text = f"{SYMBOL[outcome.status]} {status(outcome.status, lang)}"
    mark = reading_mark(outcome, lang)
    return f"{text} ({mark})" if mark else text


def _change_text(change: TailoringChangeOutcome, lang: Lang) -> str:
    if change.field == "not_applicable":
        return f"{change.target}: {word('not_applicable_because', lang)} — {change.after}"
    before = number(change.before) if isinstance(change.before, float) else change.before or "—"
    after = number(change.after) if isinstance(change.after, float) else change.after or "—"
    return f"{change.target}: {change.field} {before} → {after}"


def tailoring_rows(report: Report, lang: Lang) -> list[tuple[str, str]]:
    """A tailored plan: the plan it extends, every change it made, the targets it added."""
    tailoring = report.plan.tailoring
    if tailoring is None:
        return []
    rows = [(word("tailoring", lang), f"{tailoring.base} ({tailoring.file})")]
    rows.extend(
        (word("tailoring_change", lang), _change_text(change, lang)) for change in tailoring.changes
    )
    if tailoring.added:
        rows.append((word("tailoring_added", lang), ", ".join(tailoring.added)))
    return rows


def provenance_rows(report: Report, lang: Lang) -> list[tuple[str, str]]:
    """Where the plan differs from the bundled material: a tailoring, and indicators the pack
    defines itself."""
    rows = tailoring_rows(report, lang)
    by_file: dict[str, list[str]] = {}
    for key, source in report.plan.indicators_not_bundled.items():
        by_file.setdefault(source, []).append(key)
    for source, keys in by_file.items():
        rows.append((word("indicators_not_bundled", lang), f"{', '.join(keys)} ({source})"))
    return rows


def summary_rows(report: Report, lang: Lang) -> list[tuple[str, str]]:
    rows = [
        (
            word("plan", lang),
            f"{report.plan.title if lang == 'zh' else report.plan.title_en} [{report.plan.id}]",
        ),
        *(
            [(word("plan_status", lang), plan_status(report.plan.status, lang))]
            if report.plan.status is not PlanStatus.in_force
            else []
        ),
        (word("region", lang), report.region),
        (word("as_of", lang), str(report.as_of)),
        *((word("time", lang), line) for line in time_lines(report, lang)),
        (word("score", lang), f"{number(report.score)} / 100 ({report.model.value})"),
        (word("grade", lang), grade(report.grade, lang)),
        ("", score_line(report, lang)),
    ]
    if report.projected_score is not None:
        rows.append((word("projected_score", lang), number(report.projected_score)))
    if report.score_without_waivers is not None:
        rows.append((word("score_without_waivers", lang), number(report.score_without_waivers)))
    rows.extend(provenance_rows(report, lang))
    return rows


def _days(days: int, lang: Lang) -> str:
    return word("days", lang).format(n=days)


def time_lines(report: Report, lang: Lang) -> list[str]:
    """Where the report stands in time: the plan deadline, targets due later, the acceptance
    window, and a year whose flows are year-to-date."""
    as_of, deadline = report.as_of, report.plan.deadline
    if as_of > deadline:
        lines = [word("deadline_passed", lang).format(deadline=deadline)]
    elif as_of == deadline:
        lines = [word("deadline_today", lang).format(deadline=deadline)]
    else:
        lines = [
            word("deadline_ahead", lang).format(
                deadline=deadline, days=_days((deadline - as_of).days, lang)
            )
        ]
    later = [
        t.deadline for t in report.targets if t.deadline > as_of and t.status is not Status.met
    ]
    if later:
        lines.append(word("open_targets", lang).format(n=len(later), last=max(later)))
    elif report.final:
        lines.append(word("final", lang))
    start, end = report.plan.acceptance_start, report.plan.acceptance_end
    if start is not None and end is not None:
        if as_of < start:
            when = word("acceptance_in", lang).format(days=_days((start - as_of).days, lang))
        elif as_of <= end:
            when = word("acceptance_open", lang)
        else:
            when = word("acceptance_closed", lang)
        lines.append(word("acceptance", lang).format(start=start, end=end, when=when))
    if report.partial_year is not None:
        lines.append(word("year_to_date", lang).format(year=report.partial_year, date=as_of))
    return lines


def score_line(report: Report, lang: Lang) -> str:
    """What the score counts, and that it is no acceptance decision."""
    counts = report.counts
    scored = sum(n for key, n in counts.items() if key not in UNSCORED)
    left = [left_out(key, lang).format(n=counts[key]) for key in LEFT_OUT if counts[key]]
    left_text = ("、" if lang == "zh" else ", ").join(left) or word("left_nothing", lang)
    return word("score_counts", lang).format(
        model=model(report.model, lang), n=scored, left=left_text
    )


def target_headers(lang: Lang) -> list[str]:
    keys = ["status", "id", "dimension", "indicator", "target", "actual", "attainment", "evidence"]
    return [word(key, lang) for key in keys]


def target_rows(report: Report, lang: Lang) -> list[list[str]]:
    return [
        [
            status_text(o, lang),
            o.id,
            dimension(o.dimension, lang),
            label(o, lang),
            target_text(o),
            actual_text(o, lang),
            percent(o.attainment),
            evidence_text(o, lang),
        ]
        for o in report.targets
    ]


def dimension_headers(lang: Lang) -> list[str]:
    return [word("dimension", lang), word("score", lang), word("met_total", lang)]


def dimension_rows(report: Report, lang: Lang) -> list[list[str]]:
    return [
        [dimension(d.key, lang), number(d.score), f"{d.met}/{d.total}"] for d in report.dimensions
    ]


# What a target asks, per comparator (the words are i18n's need_ge, need_gt, …).
NEED: dict[Comparator, str] = {
    Comparator.ge: "need_ge",
    Comparator.gt: "need_gt",
    Comparator.le: "need_le",
    Comparator.lt: "need_lt",
}


def need_text(outcome: TargetOutcome, lang: Lang) -> str:
    """What the target asks and where the measure stands: "需超过 130 人，当前 130 人"."""
    threshold = with_unit(outcome.threshold, outcome.unit)
    text = word(NEED[outcome.comparator], lang).format(threshold=threshold)
    text += word("now", lang).format(actual=actual_text(outcome, lang))
    if outcome.gap:  # a shortfall of 0 (at the bound of 超过) is said by the words alone
        shortfall = with_unit(outcome.gap, outcome.unit)
        if outcome.relative_gap is not None:
            shortfall += f" ({share(outcome.relative_gap)})"
        text += word("short_by", lang).format(gap=shortfall)
    return text


def gap_detail(outcome: TargetOutcome, lang: Lang) -> str:
    """What stands between this target and 'met': the shortfall, the pace needed, or the data."""
    state = outcome.status
    if state in UNJUDGED:
        said = outcome.missing_zh if lang == "zh" and outcome.missing_zh else outcome.missing
        return f"{missing(state, lang)}: {said}"
    parts = []
    if outcome.kind is Kind.milestone:
        if state is not Status.met:
            parts.append(word("outstanding", lang).format(deadline=outcome.deadline))
    elif state is not Status.met:
        parts.append(need_text(outcome, lang))
    projection = outcome.projection
    if projection is not None:
        if projection.required_growth is not None and state is Status.at_risk:
            parts.append(f"{word('required_growth', lang)} {number(projection.required_growth)}%")
        if projection.progress_band:
            parts.append(band(projection.progress_band, lang))
    if outcome.waiver is not None:
        parts.append(f"{word('waiver', lang)}: {outcome.waiver.justification}")
    return ("; " if lang == "en" else "；").join(parts)


def gap_headers(lang: Lang) -> list[str]:
    keys = ["id", "status", "indicator", "target", "actual", "gap", "owners", "quote"]
    return ["#"] + [word(key, lang) for key in keys]


def gap_rows(gaps: list[TargetOutcome], lang: Lang) -> list[list[str]]:
    return [
        [
            str(index),
            o.id,
            status_text(o, lang),
            label(o, lang),
            target_text(o),
            actual_text(o, lang),
            gap_detail(o, lang),
            owners_text(o, lang),
            o.quote,
        ]
        for index, o in enumerate(gaps, start=1)
    ]


def gaps_by_owner(report: Report, lang: Lang) -> list[tuple[str, list[TargetOutcome]]]:
    """The gap list grouped by responsible unit; a gap with several owners appears under each."""
    groups: dict[str, list[TargetOutcome]] = {}
    for outcome in report.gaps:
        for owner in outcome.owners or (word("no_owner", lang),):
            groups.setdefault(owner, []).append(outcome)
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))


def reading_headers(lang: Lang) -> list[str]:
    return [word(key, lang) for key in ("id", "status", "reading_note", "actual", "note")]


def reading_rows(report: Report, lang: Lang) -> list[list[str]]:
    """Targets whose verdict another reading would change, with that reading and its note."""
    rows = []
    for o in report.targets:
        for other in o.alternatives:
            if other.differs:
                shown = f"{other.comparator} {number(other.threshold)} {other.unit}".rstrip()
                if other.kind is Kind.milestone:
                    shown = "✔"
                rows.append(
                    [
                        o.id,
                        status_text(o, lang),
                        f"{kind(other.kind, lang)} {shown}: {status(other.status, lang)}",
                        "—"
                        if other.actual is None
                        else f"{number(other.actual)} {other.unit}".rstrip(),
                        other.note,
                    ]
                )
    return rows


class Section:
    """A titled table: what the table and Markdown renderers lay out."""

    def __init__(self, title: str, headers: list[str], rows: list[list[str]]) -> None:
        self.title = title
        self.headers = headers
        self.rows = rows


def sections(report: Report, lang: Lang, by_owner: bool = False) -> list[Section]:
    """The report's tables, in reading order."""
    result = [
        Section(word("targets", lang), target_headers(lang), target_rows(report, lang)),
        Section(word("dimensions", lang), dimension_headers(lang), dimension_rows(report, lang)),
    ]
    readings = reading_rows(report, lang)
    if readings:
        result.append(Section(word("readings", lang), reading_headers(lang), readings))
    if by_owner:
        for owner, gaps in gaps_by_owner(report, lang):
            title = f"{word('gaps', lang)} — {owner}"
            result.append(Section(title, gap_headers(lang), gap_rows(gaps, lang)))
    else:
        result.append(Section(word("gaps", lang), gap_headers(lang), gap_rows(report.gaps, lang)))
    return result
