"""What a target's words say besides its number: kind, deadline, baseline, attribute.

Kinds follow docs/rule-format.md: 年均增长 X% is ``growth``; 增长 X% over a base is
``growth_total``; 翻一番 is ``multiple``; 累计 is ``cumulative``; 每年 is ``every_year``; 新增 is
``increment``; anything else is ``level`` (总额 and 培训 counts are read as ``cumulative``, marked
as guesses).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from ipscore.boundary import ASPIRATION_WORDS, MULTIPLE_WORDS
from ipscore.draft.numbers import UNIT_PATTERN, quantities
from ipscore.numbers_zh import NUMBER, read_number
from ipscore.plan import Kind

_GROWTH = re.compile(r"年均(?:增长|增幅|增速|递增|提高)|年平均增长|每年(?:增长|递增)")
_GROWTH_TOTAL = re.compile(r"(?:增长|增幅|提高|提升|增加)(?:了|达到?|约)?$")
_CUMULATIVE = re.compile(r"累计")
_INCREMENT = re.compile(
    r"新增|新培育|新建|新认定|新引进|新创建|(?:\d+|[两三四五六七八九十])年内.{0,8}(?:建成|培育|创建)"
)
_TRAINING = re.compile(r"培训")
_EVERY_YEAR = re.compile(r"每年|年年")
_TOTAL_AMOUNT = re.compile(r"总额")
MULTIPLE = re.compile("|".join(MULTIPLE_WORDS))


@dataclass(frozen=True)
class KindReading:
    kind: Kind
    doubt: str | None = None  # why the reading is a guess (becomes a TODO in the note)


def kind_of(before: str, unit: str) -> KindReading:
    """The kind of a quantity from the clause words before it (``before``)."""
    if unit == "%" and _GROWTH.search(before):
        return KindReading(Kind.growth)
    if unit == "%" and _GROWTH_TOTAL.search(before.rstrip("约")):
        return KindReading(Kind.growth_total)
    if _CUMULATIVE.search(before):
        return KindReading(Kind.cumulative)
    if _EVERY_YEAR.search(before):
        return KindReading(Kind.every_year)
    if _INCREMENT.search(before):
        return KindReading(Kind.increment)
    if _TRAINING.search(before) and unit in ("人", "人次", "万人次", "家"):
        return KindReading(
            Kind.cumulative, "training counted over the plan period (累计 is not written)"
        )
    if _TOTAL_AMOUNT.search(before):
        return KindReading(
            Kind.cumulative,
            "总额 (total amount) read as the sum over the plan period, not one year",
        )
    return KindReading(Kind.level)


_DEADLINE = re.compile(
    r"(?:(?:到|至|截至|截止到?|在)\s*(?P<a>20\d\d)\s*年(?:年?底|年?末)?)"
    r"|(?:(?P<b>20\d\d)\s*年(?:年?底|年?末)?前)"
    r"|(?:^(?P<c>20\d\d)\s*年\s*[,，])"
    r"|(?P<fourteen>“?十四五”?(?:期间|末|时期))"
)


def deadline_year(text: str) -> int | None:
    """The last deadline year the text names before its end ("到2025年", "至2026年年末")."""
    year = None
    for match in _DEADLINE.finditer(text):
        found = match["a"] or match["b"] or match["c"]
        year = int(found) if found else 2025
    return year


_FROM_TO = re.compile(
    rf"由\s*(?P<year>(?:19|20)\d\d)\s*年(?:底|末)?的\s*(?P<value>(?:{NUMBER})\s*[万亿]?)"
    rf"\s*(?P<unit>{UNIT_PATTERN})?\S{{0,4}}?"
    r"(?:提高|增加|增长|提升|上升|下降|降低|减少)(?:到|至)"
)
_COMPARED_TO = re.compile(r"(?:较|比|相比|对比)\s*(?P<year>(?:19|20)\d\d)\s*年")
_FIVE_YEAR_END = re.compile(r"(?:较|比)?\s*“?(?P<plan>十[一二三四五]五)”?末")
_FIVE_YEAR_PLAN_END = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025}


@dataclass(frozen=True)
class BaselineReading:
    """A base year, and the base value where the words give one, read as a threshold is read:
    1.5万件 is 1.5 万件, 1.2万家 is 12000 家; ``unit`` is None when the words give none."""

    year: int
    value: Decimal | None = None
    unit: str | None = None


def _written_base(match: re.Match[str]) -> BaselineReading:
    year = int(match["year"])
    read = quantities(match["value"] + (match["unit"] or ""))
    if len(read) == 1:  # a number with its unit: read exactly as a threshold is
        return BaselineReading(year, read[0].value, read[0].unit)
    value = read_number(match["value"])  # no unit written (or numerals a count would not take)
    return BaselineReading(year, value) if value is not None else BaselineReading(year)


FROM_TO_REACH = 4  # characters allowed between 提高到 and the target's number (约, 不少于)


def base_starts(clause: str) -> set[int]:
    """Where the base numbers of 由2020年的23.3件提高到50件 start: a base is no target."""
    return {match.start("value") for match in _FROM_TO.finditer(clause)}


def baseline_of(before: str) -> BaselineReading | None:
    """A base the words name: 由2020年的23.3件提高到, 较2020年, 较“十三五”末. A 由…提高到 counts
    only right before the number (not one of an earlier clause)."""
    found = list(_FROM_TO.finditer(before))
    if found and len(before) - found[-1].end() <= FROM_TO_REACH:
        return _written_base(found[-1])
    compared = list(_COMPARED_TO.finditer(before))
    if compared:
        return BaselineReading(int(compared[-1]["year"]))
    plan_end = list(_FIVE_YEAR_END.finditer(before))
    if plan_end:
        return BaselineReading(_FIVE_YEAR_PLAN_END[plan_end[-1]["plan"]])
    return None


_EXPECTED = re.compile("|".join([*ASPIRATION_WORDS, "预期性"]))
_BINDING = re.compile(r"约束性")


def attribute_of(text: str) -> str | None:
    """expected (力争, 争取, 预期性) or binding (约束性), where the words say so."""
    if _BINDING.search(text):
        return "binding"
    if _EXPECTED.search(text):
        return "expected"
    return None


# -- the plan's own facts ------------------------------------------------------------------

_PERIOD = re.compile(
    r"[（(]\s*(?P<start>(?:19|20)\d\d)\s*[—–\-－~至]+\s*(?P<end>(?:19|20)\d\d)\s*年?\s*[)）]"
)
_TITLE = re.compile(
    r"《(?P<title>[^《》\n]{4,80}?(?:方案|计划)(?:[（(][^《》()（）]{4,20}[)）])?)》"
)
_TITLE_LINE = re.compile(r"^[^\s。,，]{4,80}?(?:方案|规划|计划)(?:[（(][^)）]*[)）])?$")
_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号")
_REGION = re.compile(r"^((?:[\u4e00-\u9fff]{1,7}?(?:省|市|区|县|旗))+?)(?=国家|知识产权|关于|创建)")
_ANY_REGION = re.compile(r"[\u4e00-\u9fff]{2,3}市")


@dataclass(frozen=True)
class PlanFacts:
    """The plan's metadata as far as the text shows it; ``doubts`` names every guess."""

    title: str
    region: str
    level: str
    programme: str
    period: tuple[int, int]
    issued: dt.date
    document_number: str | None
    doubts: tuple[str, ...]


def plan_facts(text: str, deadlines: list[int]) -> PlanFacts:
    """Title, region, period … read from the text; guesses are listed in ``doubts``."""
    doubts = []
    head = text[:4000]
    titled = _TITLE.search(text)
    if titled:
        title = titled["title"]
    else:
        lines = [line.strip() for line in head.splitlines()]
        title = next((line for line in lines if _TITLE_LINE.match(line)), lines[0][:80])
        doubts.append("title")
    period_match = _PERIOD.search(title) or _PERIOD.search(head)
    if period_match:
        period = (int(period_match["start"]), int(period_match["end"]))
    else:
        end = max(set(deadlines), key=deadlines.count) if deadlines else dt.date.today().year
        period = (end - 3, end)
        doubts.append("period")
    region_match = _REGION.match(title)
    if region_match:
        region = region_match[1]
    else:
        names = _ANY_REGION.findall(text)
        region = max(set(names), key=names.count) if names else "TODO"
        doubts.append("region")
    level = "county" if region.endswith(("区", "县", "旗")) or "强县" in title else "city"
    if "示范" in title:
        programme = "demonstration"
    elif "试点" in title:
        programme = "pilot"
    elif "行动" in title:
        programme = "action"
    else:
        programme = "pilot"
        doubts.append("programme")
    dates = [m for m in _DATE.finditer(head) if period[0] - 2 <= int(m["y"]) <= period[1]]
    try:
        issued = dt.date(int(dates[0]["y"]), int(dates[0]["m"]), int(dates[0]["d"]))
    except (IndexError, ValueError):
        issued = dt.date(period[0], 1, 1)
        doubts.append("issued")
    number = _DOCUMENT_NUMBER.search(head)
    return PlanFacts(
        title=title,
        region=region,
        level=level,
        programme=programme,
        period=period,
        issued=issued,
        document_number=number[0] if number else None,
        doubts=tuple(doubts),
    )
