"""Numbers with units in a clause, and the boundary word attached to each.

``达50件`` is 50 件 with 达 (>=). 万 and 亿 are read into the unit where the catalogue knows
the scaled unit (14万件 is 14 万件, 150亿元 is 150 亿元) and into the number otherwise
(88万家 is 880000 家). The numbers themselves (8,500, ３００, 三万五千, 一点五万, 百分之十五) are
read by :mod:`ipscore.numbers_zh`, as lint reads them. Boundary words follow Civil Code
art. 1259 (see :mod:`ipscore.boundary`); 突破 reads as exceeding (``>``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ipscore import boundary
from ipscore.boundary import BEFORE_WORDS
from ipscore.numbers_zh import CHINESE_NUMERALS, NUMBER, SCALES, read_number, scaled, split_scale
from ipscore.plan import Comparator
from ipscore.units import known_unit

# Units as plans write them → the unit a pack uses (名 counts people, 户 organisations …).
UNIT_WORDS: dict[str, str] = {
    "亿元": "亿元",
    "万元": "万元",
    "百万元": "百万元",
    "元": "元",
    "件": "件",
    "人次": "人次",
    "人": "人",
    "名": "人",
    "位": "人",
    "家": "家",
    "户": "家",
    "所": "家",
    "个工作日": "工作日",
    "工作日": "工作日",
    "个月": "个月",
    "个": "个",
    "项": "个",
    "条": "个",
    "次": "个",
    "座": "个",
    "处": "个",
    "笔": "笔",
    "批": "批",
    "%": "%",
    "％": "%",
    "天": "天",
    "分": "分",
    "倍": "倍",
}
UNIT_PATTERN = "|".join(sorted(map(re.escape, UNIT_WORDS), key=len, reverse=True))
QUANTITY = re.compile(
    rf"(?<![\d.,{CHINESE_NUMERALS}])(?:(?P<low>\d+(?:\.\d+)?)\s*[-—~～至到]\s*)?"
    rf"(?P<number>{NUMBER})\s*(?P<scale>万|亿)?(?P<unit>{UNIT_PATTERN})(?!百分点)"
)
# 百分之十五: a percentage written in words (any number; no unit follows)
PERCENT_WORDS = re.compile(rf"(?<![{CHINESE_NUMERALS}])百分之(?P<number>{NUMBER})")
# Idioms that look like a count but are not one (一批, 一站式, 三级网络, 两个产业, 二次开发) are
# excluded by accepting Chinese numerals only before these units.
_CHINESE_UNITS = {"个工作日", "工作日", "个月", "家", "项", "人", "名", "件", "条"}

# Boundary words are ipscore.boundary's, shared with lint; a draft also reads 左右 as a floor
# (marked TODO: a person gives a tolerance or confirms it).
AFTER_WORDS: list[tuple[str, Comparator]] = [*boundary.AFTER_WORDS, (boundary.ABOUT, Comparator.ge)]
BEFORE_REACH = 2  # characters allowed between a before-word and the number (达到约50件)


@dataclass(frozen=True)
class Quantity:
    """A number with its unit at ``start:end`` of a clause."""

    start: int
    end: int
    value: Decimal
    unit: str  # a pack unit (名 → 人), scaled (万件) where the unit exists
    low: Decimal | None = None  # the lower end of a range (3-5个)
    written_unit: str = ""  # the unit word as written


def _scaled(value: Decimal, scale: str, unit: str) -> tuple[Decimal, str]:
    """14万件 stays 14 万件 (a unit); 88万家 is 880000 家."""
    if not scale or known_unit(scale + unit):
        return value, scale + unit
    return scaled(value, SCALES[scale]), unit


def quantities(clause: str) -> list[Quantity]:
    """Every number-with-unit in the clause (years, 第N, ordinals and idioms left out)."""
    found = []
    for match in QUANTITY.finditer(clause):
        number, written = match["number"], match["unit"]
        read = split_scale(number + (match["scale"] or ""))
        if read is None:
            continue  # numerals that are not one number: 十四五, 三五
        value, scale = read
        in_words = number[0] in CHINESE_NUMERALS
        if in_words and (written not in _CHINESE_UNITS or scaled(value, SCALES.get(scale, 0)) < 2):
            continue  # 一个, 一项: a deliverable, not a count
        if match.start() > 0 and clause[match.start() - 1] in "第等":
            continue  # 第3批 is an ordinal; A、B等6家 counts the examples named
        unit = UNIT_WORDS[written]
        value, unit = _scaled(value, scale, unit)
        low = Decimal(match["low"]) if match["low"] else None
        if low is not None:
            low, _ = _scaled(low, scale, UNIT_WORDS[written])
        found.append(
            Quantity(match.start(), match.end(), value, unit, low=low, written_unit=written)
        )
    for match in PERCENT_WORDS.finditer(clause):
        percentage = read_number(match["number"])
        if percentage is not None:
            found.append(Quantity(match.start(), match.end(), percentage, "%", written_unit="%"))
    return sorted(found, key=lambda quantity: quantity.start)


def boundary_word(clause: str, quantity: Quantity) -> tuple[str, Comparator] | None:
    """The boundary word of a quantity: an after-word (以上) wins over 达/达到 before it."""
    before = clause[max(0, quantity.start - 3 - BEFORE_REACH) : quantity.start]
    before_word = None
    for word, comparator in BEFORE_WORDS:
        position = before.rfind(word)
        if position >= 0 and len(before) - (position + len(word)) <= BEFORE_REACH:
            before_word = (word, comparator)
            break
    after = clause[quantity.end : quantity.end + 3]
    for word, comparator in AFTER_WORDS:
        if after.startswith(word):
            if before_word and before_word[0] not in ("达", "达到"):
                return before_word
            return word, comparator
    return before_word
