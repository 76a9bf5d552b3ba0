"""Quantitative targets in running text: a number with a unit and a target word.

A quantity is a target when its sentence looks forward (a deadline 到2025年, a boundary word,
累计/新增/年均增长, or a target verb such as 培育, 建成, 实现). Sentences that only talk about
years before the plan period (the plan's account of the past) are left out.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from ipscore.boundary import ABOUT, MULTIPLE_WORDS
from ipscore.draft.found import Found
from ipscore.draft.numbers import AFTER_WORDS, Quantity, boundary_word, quantities
from ipscore.draft.reading import (
    MULTIPLE,
    attribute_of,
    base_starts,
    baseline_of,
    deadline_year,
    kind_of,
)
from ipscore.draft.sentences import Span, clauses, owners, paragraphs, sentences
from ipscore.plan import Comparator, Kind

_FORWARD = re.compile(
    r"(?:到|至|截至)\s*20\d\d\s*年|20\d\d\s*年(?:年?底|年?末)?前|^20\d\d\s*年|十四五|力争|争取|目标|"
    r"培育|建成|建设|创建|打造|形成|设立|支持|引导|组织|实施|实现|新增|累计|达到?|突破|超过?|"
    r"以上|不低于|不少于|低于|以内|年均|提高|增长|增幅|覆盖|培训|引进|召开|建立"
)
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
# Words before a number that belong to the boundary or the kind, not to the indicator's name.
_TRAILING = re.compile(
    r"(?:累计|新增|年均(?:增长|增幅|增速)|增长|增幅|提高到|提高至|达到|达|超过|超|突破|不少于|不低于|"
    r"不超过|低于|控制在|至少|总数|总量|分别|约|为|在|平均)+$"
)
_LEADING = re.compile(
    r"^(?:[、和及与]|以及|其中|并|实现|力争|争取|确保|全年|每年|培育|支持|引导|推动|共同|组织|开展|"
    r"完成|新增|累计|新建|设立|建成|建设|创建|打造|形成|到\s*20\d\d\s*年(?:年?底|年?末)?|20\d\d\s*年(?:年?底|年?末)?前?)+"
)


# A verb right before the number: the indicator is named after it (建成20家知识产权运营中心).
_VERB_BEFORE = re.compile(
    r"(?:建成|建设|建设运营|设立|打造|创建|形成|培育|支持|引导|招收|引进|组建|认定|实施|开展|"
    r"组织实施|发展|扶持|新增|累计|召开|举办|达到?)(?:了)?$"
)
# Boundary words after a number that belong in its quote (内 alone is too often 年内, 区内).
_AFTER_WORDS = tuple(word for word, _ in AFTER_WORDS if len(word) > 1)


def _words_after(clause: str, quantity: Quantity) -> tuple[int, str]:
    """The words after a quantity up to the clause end, and where they end in the clause."""
    after = clause[quantity.end :]
    begin = quantity.end + next((len(w) for w in _AFTER_WORDS if after.startswith(w)), 0)
    rest = clause[begin : begin + MAX_WORDS]
    cut = re.search(r"[、和及]", rest)
    words = rest[: cut.start()] if cut else rest
    return begin + len(words), words


MAX_WORDS = 40  # an indicator's name stands within this many characters of its number


def _words_before(clause: str, quantity: Quantity, previous_end: int) -> tuple[int, str]:
    """Where the indicator's words start in the clause, and the words (boundary words cut)."""
    raw = clause[max(previous_end, quantity.start - MAX_WORDS) : quantity.start]
    named = _LEADING.sub("", raw.lstrip("、和及与 "))
    start = quantity.start - len(named)
    return start, _TRAILING.sub("", named)


_FROM_BASE = re.compile(r"由\s*(?:19|20)\d\d\s*年.*$")
_BOUNDARY_END = re.compile(r"(?:不少于|不低于|超过|超|突破|至少|约)$")


_BASE_YEAR = re.compile(r"(?:较|比|由|相比)\s*(?:19|20)\d\d\s*年")


LOOK_BACK = 300  # characters read before a number for its deadline, base year and tense


def _look_back(span: Span, position: int) -> str:
    """The text of ``span`` before ``position`` (an offset in the plan), at most LOOK_BACK long."""
    end = position - span.start
    return span.text[max(0, end - LOOK_BACK) : end]


def _is_backward(before: str, period_start: int) -> bool:
    """A sentence about the past: the years it names (base years aside) are before the plan."""
    years = [int(y) for y in _YEAR.findall(_BASE_YEAR.sub("", before))]
    return bool(years) and max(years) < period_start


def _comparator(found: Found, clause: str, quantity: Quantity) -> None:
    word = boundary_word(clause, quantity)
    if word is None:
        found.comparator = Comparator.ge
        found.readings.append("no boundary word: >= read for a goal")
        return
    text, comparator = word
    found.comparator = comparator
    if text == ABOUT:
        found.doubts.append(
            f"左右 (about {quantity.value}) read as >=; give a tolerance or confirm the floor"
        )
    elif text == "以外":
        found.doubts.append("以外 read as > (outside the number, art. 1259): check the direction")
    elif text == "突破":
        found.readings.append("突破 (break through) read as > (exceeds)")


def _target(
    clause: Span,
    quantity: Quantity,
    previous_end: int,
    sentence: Span,
    subject: tuple[int, str] | None,
) -> Found:
    local_start, words = _words_before(clause.text, quantity, previous_end)
    words = _FROM_BASE.sub("", words)  # 专利授权量由2020年的1.5万件提高到: the words end at 由
    start = clause.start + local_start
    before = _look_back(clause, clause.start + quantity.start)
    kind_reading = kind_of(before, quantity.unit)
    after = clause.text[quantity.end : quantity.end + 2]
    end = (
        clause.start + quantity.end + next((len(w) for w in _AFTER_WORDS if after.startswith(w)), 0)
    )
    raw_before = clause.text[max(previous_end, quantity.start - MAX_WORDS) : quantity.start]
    if _VERB_BEFORE.search(_BOUNDARY_END.sub("", raw_before)):
        words_end, after_words = _words_after(clause.text, quantity)
        if len(after_words) >= 2:  # 建成20家知识产权运营中心: the words follow the number
            words, end = after_words, clause.start + words_end
    near = subject is not None and subject[0] >= clause.start - LOOK_BACK
    if not words and subject is not None and near:  # 年均增长10%: the indicator named just before
        start, words = subject
    found = Found(
        start=start,
        end=end,
        quote="",
        words=words,
        kind=kind_reading.kind,
        threshold=quantity.value,
        unit=quantity.unit,
    )
    if kind_reading.doubt:
        found.doubts.append(kind_reading.doubt)
    _comparator(found, clause.text, quantity)
    if quantity.low is not None:
        found.threshold = quantity.low
        found.doubts.append(
            f"a range {quantity.low}–{quantity.value}: read as at least {quantity.low}"
        )
    found.baseline = baseline_of(_look_back(sentence, clause.start + quantity.start))
    return found


def _multiple(clause: Span, match: re.Match[str], sentence: Span) -> Found:
    start = clause.start + len(clause.text) - len(clause.text.lstrip())
    words = re.split(r"较|比|相比", clause.text[: match.start()])[0]
    words = _LEADING.sub("", words.strip())
    found = Found(
        start=start,
        end=clause.start + match.end(),
        quote="",
        words=words,
        kind=Kind.multiple,
        threshold=Decimal(MULTIPLE_WORDS[match[0]]),
        unit="倍",
        readings=[f"{match[0]} read as a multiple of the base value"],
    )
    found.baseline = baseline_of(_look_back(sentence, clause.start + match.start()))
    return found


_LIST_KINDS = (Kind.increment, Kind.cumulative)
_OWN_VERB = re.compile(
    r"培育|建成|建设|设立|创建|打造|形成|支持|引导|实现|达|超|突破|不少于|不低于|至少|年均|增长"
)


def _carry(found: Found, before: str, carried: Kind | None) -> Kind | None:
    """新增A超过130人，B50人: a 新增/累计 heading the sentence's first target covers the bare
    list items after it (clauses with no verb or kind word of their own). Returns the kind to
    carry on."""
    if found.kind in _LIST_KINDS:
        return found.kind
    if carried is not None and found.kind is Kind.level and not _OWN_VERB.search(before):
        found.kind = carried
        found.readings.append(f"{carried.value} carried from the start of the sentence")
        return carried
    return None


_JOINT = re.compile(r"[、和与及]")


def _each_of_joint_rate(found: Found, text: str) -> list[Found]:
    """转让、许可年均增幅20%: a growth rate stated for two or three things applies to each."""
    if found.kind not in (Kind.growth, Kind.growth_total):
        return [found]
    items = [item for item in _JOINT.split(found.words) if item]
    if not 2 <= len(items) <= 3:
        return [found]
    split = []
    for item in items:
        copy = replace(found, words=item, readings=list(found.readings), doubts=list(found.doubts))
        copy.doubts.append(f"the rate is read as applying to each of {'、'.join(items)}")
        split.append(copy)
    return split


def sentence_targets(text: str, period_start: int) -> list[Found]:
    """Every quantitative target in the running text, in text order."""
    targets: list[Found] = []
    for paragraph in paragraphs(text):
        paragraph_owners = owners(paragraph.text)
        for sentence in sentences(paragraph):
            subject: tuple[int, str] | None = None
            carried: Kind | None = None  # 新增/累计 heading a list of clauses
            forward = bool(_FORWARD.search(sentence.text))
            attribute = attribute_of(sentence.text)
            for clause in clauses(sentence):
                previous_end = 0
                bases = base_starts(clause.text)
                for quantity in quantities(clause.text):
                    if quantity.start in bases:
                        continue  # 由2020年的23.3件提高到50件: the base, not a target
                    before = _look_back(paragraph, clause.start + quantity.start)
                    sentence_before = _look_back(sentence, clause.start + quantity.start)
                    if not forward or _is_backward(sentence_before, period_start):
                        previous_end = quantity.end
                        continue
                    found = _target(clause, quantity, previous_end, sentence, subject)
                    found.attribute = attribute
                    carried = _carry(
                        found, _look_back(clause, clause.start + quantity.start), carried
                    )
                    found.deadline = deadline_year(before)
                    found.owners = paragraph_owners
                    found.context = paragraph.text
                    found.quote = text[found.start : found.end]
                    targets.extend(_each_of_joint_rate(found, text))
                    if found.words:
                        subject = (found.start, found.words)
                    previous_end = max(quantity.end, found.end - clause.start)
                for match in MULTIPLE.finditer(clause.text):
                    found = _multiple(clause, match, sentence)
                    found.attribute = attribute
                    found.deadline = deadline_year(_look_back(paragraph, found.end))
                    found.owners = paragraph_owners
                    found.context = paragraph.text
                    found.quote = text[found.start : found.end]
                    targets.append(found)
    return targets
