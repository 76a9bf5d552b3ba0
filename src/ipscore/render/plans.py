"""A plan's targets as JSON, Markdown (docs/plans/<id>.md) and a terminal table."""

from __future__ import annotations

from typing import Any

from tabulate import tabulate

from ipscore.plan import Kind, Plan, Target
from ipscore.render.common import number


def _target_json(plan: Plan, target: Target) -> dict[str, Any]:
    return {
        "id": target.id,
        "indicator": target.indicator,
        "label": plan.indicator_of(target).zh,
        "dimension": target.dimension.value,
        "kind": target.kind.value,
        "comparator": target.comparator.value,
        "threshold": target.threshold,
        "unit": target.shown_unit,
        "baseline": target.baseline.model_dump(mode="json") if target.baseline else None,
        "deadline": str(plan.deadline_of(target)),
        "weight": target.weight,
        "attribute": target.attribute,
        "owners": list(target.owners),
        "quote": target.quote,
        "note": target.note,
        "alternatives": [
            alternative.model_dump(mode="json", exclude_none=True)
            for alternative in target.alternatives
        ],
    }


def plan_json(plan: Plan, targets: bool = True) -> dict[str, Any]:
    meta = plan.plan
    data: dict[str, Any] = {
        "id": meta.id,
        "title": meta.title,
        "title_en": meta.title_en,
        "region": meta.region,
        "level": meta.level,
        "programme": meta.programme,
        "document_number": meta.document_number,
        "period": [meta.period.start, meta.period.end],
        "deadline": str(meta.deadline),
        "status": meta.status,
        "target_count": len(plan.targets),
        "excluded_count": len(plan.excluded),
    }
    if targets:
        data["targets"] = [_target_json(plan, target) for target in plan.targets]
        data["excluded"] = [item.model_dump(mode="json") for item in plan.excluded]
    if plan.origins:
        data["indicators_not_bundled"] = dict(sorted(plan.origins.items()))
    if plan.tailoring is not None:
        data["tailoring"] = plan.tailoring.model_dump(mode="json")
    return data


def tailoring_lines(plan: Plan) -> list[str]:
    """A tailored plan: the plan it extends, each change, the targets it adds."""
    tailoring = plan.tailoring
    if tailoring is None:
        return []
    lines = [f"Tailored from {tailoring.base} ({tailoring.file})"]
    lines.extend(
        f"{change.target}: {change.field} {change.before} → {change.after}"
        for change in tailoring.changes
    )
    if tailoring.added:
        lines.append("Targets added: " + ", ".join(tailoring.added))
    return lines


def origin_lines(plan: Plan) -> list[str]:
    """Which indicators the plan takes from outside the bundled catalogue, and from where."""
    origins = sorted(plan.origins.items())
    return [f"{key} ({plan.catalogue[key].zh}): {source}" for key, source in origins]


ORIGINS_TITLE = "Indicators not in the bundled catalogue (指标来自本规则包)"


def plans_table(plans: list[Plan]) -> str:
    rows = [
        [
            p.id,
            p.plan.region,
            p.plan.programme,
            f"{p.plan.period.start}–{p.plan.period.end}",
            str(p.plan.deadline),
            p.plan.status,
            len(p.targets),
            len(p.excluded),
            p.plan.title,
        ]
        for p in plans
    ]
    headers = ["id", "region", "programme", "period", "deadline", "status", "targets"]
    headers += ["excluded", "title"]
    table: str = tabulate(rows, headers=headers, tablefmt="simple")
    return table + "\n"


def _threshold_text(target: Target) -> str:
    if target.kind is Kind.milestone:
        return "建成/完成"
    return f"{target.comparator.value} {number(target.threshold)}"


def _rows(plan: Plan) -> list[list[str]]:
    return [
        [
            t.id,
            f"{t.dimension.zh} {t.dimension.value}",
            plan.indicator_of(t).zh,
            _threshold_text(t),
            t.shown_unit,
            t.kind.value + (f" (due {t.deadline})" if t.deadline else ""),
            "、".join(t.owners) or "—",
            t.quote,
        ]
        for t in plan.targets
    ]


HEADERS = [
    "id",
    "维度 dimension",
    "指标 indicator",
    "目标 threshold",
    "单位 unit",
    "类型 kind",
    "责任单位 owners",
    "原文 quote",
]


def coverage_line(plan: Plan) -> str:
    """Encoded vs excluded: how much of the plan the pack covers, and what it leaves out."""
    readings = sum(len(t.alternatives) for t in plan.targets)
    return (
        f"targets: {len(plan.targets)} encoded ({readings} alternative readings); "
        f"sentences excluded: {len(plan.excluded)}"
    )


def _alternative_text(target: Target, number: int) -> str:
    reading = target.reading(number)
    return (
        f"alternative {number}: {reading.kind.value} {_threshold_text(reading)} "
        f"{reading.shown_unit} on {reading.indicator}".replace("  ", " ")
    )


def plan_table(plan: Plan) -> str:
    head = f"{plan.plan.title} [{plan.id}]\n{plan.plan.title_en}\n{coverage_line(plan)}\n"
    table: str = tabulate(_rows(plan), headers=HEADERS, tablefmt="simple")
    text = head + table + "\n"
    if plan.origins:
        text += f"\n{ORIGINS_TITLE}:\n" + "".join(f"- {line}\n" for line in origin_lines(plan))
    if plan.excluded:
        text += "\nLeft out (sentence → reason):\n"
        text += "".join(f"- {item.quote} → {item.reason}\n" for item in plan.excluded)
    if plan.tailoring is not None:
        text += "\n" + "".join(f"{line}\n" for line in tailoring_lines(plan))
    return text


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def plan_markdown(plan: Plan) -> str:
    """The generated docs/plans/<id>.md page; a test keeps the docs in sync with the pack."""
    meta = plan.plan
    lines = [
        f"# {meta.title}",
        "",
        f"{meta.title_en}",
        "",
        "<!-- generated by `ipscore plans show "
        f"{meta.id} --format markdown`; do not edit by hand -->",
        "",
        f"- id: `{meta.id}`",
        f"- region: {meta.region} ({meta.region_en}), level: {meta.level}, "
        f"programme: {meta.programme}",
        f"- document: {meta.document_number or '—'}, issued {meta.issued}",
        f"- period: {meta.period.start}–{meta.period.end}, deadline {meta.deadline}"
        + (
            f", acceptance {meta.acceptance.start} – {meta.acceptance.end}"
            if meta.acceptance
            else ""
        ),
        f"- status: {meta.status}" + (f" — {meta.status_note}" if meta.status_note else ""),
        f"- {coverage_line(plan)}",
        "",
        "| " + " | ".join(HEADERS) + " |",
        "|" + "---|" * len(HEADERS),
    ]
    for row in _rows(plan):
        lines.append("| " + " | ".join(_cell(cell) for cell in row) + " |")
    if plan.tailoring is not None:
        lines.extend(["", "## Tailoring", ""])
        lines.extend(f"- {_cell(line)}" for line in tailoring_lines(plan))
    if plan.origins:
        lines.extend(["", f"## {ORIGINS_TITLE}", ""])
        lines.extend(f"- {_cell(line)}" for line in origin_lines(plan))
    notes = [(t.id, t.note) for t in plan.targets if t.note]
    if notes:
        lines.extend(["", "## Readings (notes)", ""])
        lines.extend(f"- `{target_id}`: {_cell(note)}" for target_id, note in notes)
    alternatives = [t for t in plan.targets if t.alternatives]
    if alternatives:
        lines.extend(["", "## Alternative readings (reported, never scored)", ""])
        for t in alternatives:
            for number, alternative in enumerate(t.alternatives, start=1):
                lines.append(
                    f"- `{t.id}` {_alternative_text(t, number)}: {_cell(alternative.note)}"
                )
    if plan.excluded:
        lines.extend(["", "## Left out of the pack (coverage record)", ""])
        lines.extend(f"- 「{_cell(i.quote)}」 — {_cell(i.reason)}" for i in plan.excluded)
    return "\n".join(lines) + "\n"
