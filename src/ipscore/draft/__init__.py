"""``ipscore draft``: a first draft of a rule pack from a plan's text.

The steps, one module each: :mod:`.source` reads the text (.txt or .docx), :mod:`.sentences`
cuts it, :mod:`.numbers` reads numbers, units and boundary words, :mod:`.reading` kinds,
deadlines and baselines, :mod:`.targets`, :mod:`.tables` and :mod:`.milestones` find targets,
:mod:`.indicators` proposes catalogue indicators, :mod:`.pack` assembles the pack and
:mod:`.writer` writes it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ipscore.draft.milestones import milestone_targets
from ipscore.draft.pack import PackBuilder, merge_repeats, plan_meta
from ipscore.draft.reading import deadline_year, plan_facts
from ipscore.draft.sentences import paragraphs, sentences
from ipscore.draft.source import read_plan_text
from ipscore.draft.tables import table_targets
from ipscore.draft.targets import sentence_targets
from ipscore.draft.writer import pack_yaml
from ipscore.errors import InputError
from ipscore.plan import Indicator, Kind

__all__ = ["draft_pack", "draft_text", "draft_file"]

MAX_TARGETS = 3000  # the five bundled plans have 36 to 135 drafted targets each


def _deadlines(text: str) -> list[int]:
    years = []
    for paragraph in paragraphs(text):
        for sentence in sentences(paragraph):
            year = deadline_year(sentence.text)
            if year:
                years.append(year)
    return years


def draft_pack(text: str, source: str, catalogue: dict[str, Indicator]) -> dict[str, Any]:
    """The draft pack's data for a plan's text."""
    facts = plan_facts(text, _deadlines(text))
    found = merge_repeats(sentence_targets(text, facts.period[0]) + table_targets(text))
    deliverables = milestone_targets(text)
    milestones = [found for found in deliverables if not found.exploratory]
    if len(found) + len(milestones) > MAX_TARGETS:
        raise InputError(
            "E106",
            f"{len(found)} numbers and {len(milestones)} deliverables read as targets: more than "
            f"{MAX_TARGETS}, so this is not one plan",
            f"读出 {len(found)} 个数字目标和 {len(milestones)} 项任务，超过 {MAX_TARGETS} 个："
            "这不像是一份方案",
            file=source,
        )
    builder = PackBuilder(catalogue, facts)
    numbered = {"t": 0, "m": 0}
    targets = []
    quantitative = [t for t in found if t.kind is not Kind.milestone]
    for target in quantitative + milestones:
        prefix = "m" if target.kind is Kind.milestone else "t"
        numbered[prefix] += 1
        targets.append(builder.target(target, numbered[prefix]))
    pack: dict[str, Any] = {"plan": plan_meta(facts, source)}
    if builder.stubs:
        pack["indicators"] = list(builder.stubs.values())
    pack["targets"] = targets
    explored = [found.quote for found in deliverables if found.exploratory]
    if explored:
        pack["excluded"] = [
            {"quote": quote, "reason": "exploratory clause (探索): nothing to verify"}
            for quote in explored
        ]
    return pack


def draft_text(text: str, source: str, catalogue: dict[str, Indicator]) -> str:
    """The draft pack as YAML text."""
    return pack_yaml(draft_pack(text, source, catalogue), source)


def draft_file(path: Path, catalogue: dict[str, Indicator]) -> str:
    return draft_text(read_plan_text(path), path.name, catalogue)
