"""Deliverables (建成, 设立, 出台, 制定 …) in the text: each becomes a milestone target.

A clause is a deliverable when one of :data:`DELIVERABLE_VERBS` stands within its first
:data:`VERB_REACH` characters (after words such as 推动, 支持, 在全国率先, or the unit that acts)
and the clause holds no quantitative target; 将…纳入… (bringing something into an assessment)
and 推进…中心建设 (a deliverable named as a noun) count too. A clause that only asks to explore
(探索建立…) is never a target: the pack lists it under ``excluded:`` as an exploratory clause.
Sections that only state principles (一、指导思想, 二、基本原则) give no milestones.
A clause that lists several titles in 《》 gives one milestone per title.
"""

from __future__ import annotations

import re

from ipscore.draft.found import Found
from ipscore.draft.numbers import quantities
from ipscore.draft.reading import deadline_year
from ipscore.draft.sentences import Span, clauses, owners, paragraphs, sentences
from ipscore.draft.targets import LOOK_BACK
from ipscore.plan import Kind

DELIVERABLE_VERBS = (
    "建成|建立|建设|设立|出台|制定|组建|成立|打造|开设|开通|发布|编制|构建|构筑|搭建|创建|争创|"
    "发行|启动|增设|修订|推出|推广|引进|招收|举办|共建|健全|完成|成为|跻身|纳入|"
    "开展.{0,20}(?:试点|调查|统计|行动|轮训)|实施.{0,20}(?:工程|计划|行动|项目|战略)|"
    "实现.{0,30}(?:覆盖|突破)|形成.{0,20}(?:报告|方案|体系|模板|集聚区)|通过.{0,6}验收"
)
VERB_REACH = 12  # characters of lead-in allowed before the verb (推动, 支持, 在全国率先 …)
_DELIVERABLE = re.compile(rf"^(?P<lead>.{{0,{VERB_REACH}}}?)(?P<verb>{DELIVERABLE_VERBS})")
# 推进知识产权快维中心建设: a deliverable named as a noun with 建设 after it
_NAMED_BUILDING = re.compile(
    r"^(?:推动|推进|加快|加强|支持).{2,30}(?:中心|平台|基地|示范区|园区)建设$"
)
_INTO = re.compile(r"将.{2,40}纳入")
_TITLE = re.compile(r"《[^《》]{2,60}》")
_EXPLORE = re.compile(r"探索")
_NOUN_BEFORE = re.compile(r"(?:强市|强县|强省|强国|城市|示范区|工作)$")
MIN_CLAUSE = 5  # a shorter clause (建立机制) names nothing concrete enough to be judged
MAX_CLAUSE = 150  # a longer one is text that lost its punctuation, not one deliverable


def _milestone(text: str, start: int, end: int, paragraph: Span, owners_: list[str]) -> Found:
    found = Found(
        start=start,
        end=end,
        quote=text[start:end],
        words=text[start:end],
        kind=Kind.milestone,
        owners=owners_,
        context=paragraph.text,
        deadline=deadline_year(text[max(paragraph.start, end - LOOK_BACK) : end]),
    )
    found.doubts.append("a deliverable read from the text: confirm the plan will be judged on it")
    return found


_ITEM = re.compile(rf"^(?:{DELIVERABLE_VERBS})")


def _deliverable_items(clause: Span) -> list[tuple[int, int]]:
    """举办A、开通B: items that each start with a deliverable verb are one milestone each."""
    pieces, offset = [], 0
    for piece in clause.text.split("、"):
        pieces.append((offset, piece))
        offset += len(piece) + 1
    if len(pieces) > 1 and all(_ITEM.match(piece) for _, piece in pieces):
        return [(clause.start + at, clause.start + at + len(piece)) for at, piece in pieces]
    return [(clause.start, clause.end)]


_TOP_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")
_PREFACE_HEADING = re.compile(r"指导思想|基本原则|总体思路|总体要求|重要意义|工作背景|发展基础")


def _task_paragraphs(text: str) -> list[Span]:
    """Paragraphs outside the sections that only state principles (一、指导思想, 二、基本原则)."""
    kept, skipping = [], False
    for paragraph in paragraphs(text):
        if _TOP_HEADING.match(paragraph.text):
            skipping = bool(_PREFACE_HEADING.search(paragraph.text[:20]))
        if not skipping:
            kept.append(paragraph)
    return kept


def milestone_targets(text: str) -> list[Found]:
    """Every deliverable in the text, in text order; one that is only to be explored (探索建立…)
    is marked ``exploratory``."""
    found: list[Found] = []
    for paragraph in _task_paragraphs(text):
        paragraph_owners = owners(paragraph.text)
        for sentence in sentences(paragraph):
            for clause in clauses(sentence):
                if not MIN_CLAUSE <= len(clause.text) <= MAX_CLAUSE or quantities(clause.text):
                    continue
                deliverable = _DELIVERABLE.match(clause.text)
                if deliverable and _NOUN_BEFORE.search(deliverable["lead"]):
                    deliverable = None  # 强市建设取得成效: 建设 is a noun there
                if not (
                    deliverable or _INTO.search(clause.text) or _NAMED_BUILDING.match(clause.text)
                ):
                    continue
                if clause.text.startswith(("责任单位", "(", "（", "《")) or "本方案" in clause.text:
                    continue
                titles = list(_TITLE.finditer(clause.text))
                if len(titles) > 1:
                    for index, title in enumerate(titles):
                        start = clause.start + (0 if index == 0 else title.start())
                        found.append(
                            _milestone(
                                text, start, clause.start + title.end(), paragraph, paragraph_owners
                            )
                        )
                    continue
                exploratory = _EXPLORE.search(deliverable["lead"] if deliverable else clause.text)
                if exploratory:  # exploring has no end state to verify (docs/rule-format.md)
                    found.append(
                        Found(
                            clause.start,
                            clause.end,
                            clause.text,
                            "",
                            Kind.milestone,
                            exploratory=True,
                        )
                    )
                    continue
                for start, end in _deliverable_items(clause):
                    found.append(_milestone(text, start, end, paragraph, paragraph_owners))
    return found
