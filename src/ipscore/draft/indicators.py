"""Which indicator a target's words name: a catalogue entry by its Chinese label, or a new one.

Labels and the words of a plan are compared after the same normalisation (known synonyms:
每万人口 = 每万人 = 万人, 数量/总数/数 dropped, brackets dropped). A label wins when it is
close enough (difflib's ratio, or one contains the other) and its unit fits the words' unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from ipscore.plan import Dimension, Indicator, Kind, Measure
from ipscore.units import conversion_factor

SYNONYMS: list[tuple[str, str]] = [
    ("每万人口", "万人"),
    ("每万人", "万人"),
    ("万人口", "万人"),
    ("每万户", "万户"),
    ("每亿元", "亿元"),
    ("每百万元", "百万元"),
    ("专利合作条约(PCT)", "PCT"),
    ("《专利合作条约》(PCT)", "PCT"),
    ("国际专利申请", "专利申请"),
    ("知识产权局", ""),
]
_DROP = re.compile(
    r"[(（][^)）]*[)）]|[“”\"'《》\s]|数量|总数|总量|总额|数|各类|全市|市区|全区|本市"
)
CLOSE_ENOUGH = 0.72
SURE = 0.9

# Per-something units the words imply: 万人高价值发明专利拥有量达50件 is 50 件/万人,
# 万企注册商标企业数达180家 is 180 家/万户.
_PER_UNIT = [
    ("万人", "件", "件/万人"),
    ("万户", "件", "件/万户"),
    ("亿元", "件", "件/亿元"),
    ("百万元", "件", "件/百万元"),
    ("万企", "家", "家/万户"),
    ("万户", "家", "家/万户"),
]


def normalise(words: str) -> str:
    for long, short in SYNONYMS:
        words = words.replace(long, short)
    return _DROP.sub("", words)


@dataclass(frozen=True)
class Match:
    indicator: Indicator
    score: float


def closeness(words: str, label: str) -> float:
    a, b = normalise(words), normalise(label)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
    if len(a) >= 4 and len(b) >= 4 and (a in b or b in a):
        ratio = max(ratio, 0.8 + 0.2 * min(len(a), len(b)) / max(len(a), len(b)))
    return ratio


def unit_fits(unit: str, indicator: Indicator, kind: Kind) -> bool:
    if kind is Kind.milestone:
        return indicator.measure is Measure.milestone
    if indicator.measure is Measure.milestone:
        return False
    if kind.needs_baseline:
        return True
    return (
        conversion_factor(unit, indicator.unit) is not None
        or per_unit(indicator.zh, unit) == indicator.unit
    )


def best_match(words: str, unit: str, kind: Kind, catalogue: dict[str, Indicator]) -> Match | None:
    """The closest catalogue indicator whose unit fits, if close enough; failing that, a label
    that is a sure match whatever the unit (满意度超过85% for a score in 分)."""
    best: Match | None = None
    sure: Match | None = None
    for indicator in catalogue.values():
        if (kind is Kind.milestone) != (indicator.measure is Measure.milestone):
            continue
        score = closeness(words, indicator.zh)
        if score < CLOSE_ENOUGH:
            continue
        if unit_fits(unit, indicator, kind):
            if best is None or score > best.score:
                best = Match(indicator, score)
        elif score >= SURE and (sure is None or score > sure.score):
            sure = Match(indicator, score)
    return best or sure


def per_unit(words: str, unit: str) -> str:
    """件 under 万人高价值发明专利拥有量 is 件/万人; other units stay as they are."""
    normal = normalise(words)
    for marker, plain, per in _PER_UNIT:
        if unit == plain and normal.startswith(marker):
            return per
    return unit


_DIMENSION_WORDS: list[tuple[Dimension, re.Pattern[str]]] = [
    (Dimension.talent, re.compile(r"人才|培训|专员|代理师|代理人|工程师|学科|学院|总监")),
    (Dimension.protection, re.compile(r"保护|维权|执法|纠纷|侵权|满意度|司法|仲裁|调解|海关|审判")),
    (
        Dimension.utilization,
        re.compile(r"转化|运营|质押|融资|交易|许可|转让|证券化|保险|密集型|产业|运用"),
    ),
    (Dimension.services, re.compile(r"服务|平台|数据库|信息|代理机构|中介|工作站")),
    (Dimension.management, re.compile(r"贯标|管理|优势|示范企业|考核|政策|办法|制度|机制|规划")),
    (Dimension.creation, re.compile(r"专利|商标|版权|地理标志|著作权|布图|品种")),
]


def dimension_of(words: str, context: str = "") -> Dimension | None:
    """The dimension the words point to (the target's own words first, then its section's)."""
    for text in (words, context):
        for dimension, pattern in _DIMENSION_WORDS:
            if pattern.search(text):
                return dimension
    return None
