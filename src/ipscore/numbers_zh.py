"""Numbers as Chinese plans write them: one reader for ``ipscore lint`` and ``ipscore draft``.

A plan writes a number in digits (``880000``, ``8,500``, full-width ``８５``, ``1.5``), in
Chinese numerals (``七``, ``十二``, ``一百零五``, ``两``, ``三万五千``, ``一点五``, ``二〇二五``),
scaled by 万 (10^4) or 亿 (10^8) (``88万``, ``1.5亿``, ``三亿五千万``) or as a percentage
(``百分之十五``). :func:`read_number` gives the value of one written number and
:func:`numbers_in` finds every number in a text with its place. Values are exact
:class:`~decimal.Decimal` s built from their digits, never rounded, whatever the decimal context.

A run of numerals that is not one number is not read: ``十四五`` (the 14th five-year plan),
``三五`` or ``两三`` (a rough "three or five"). Digits side by side are read by place only with
〇 among them (``二〇二五``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "CHINESE_NUMERALS",
    "NUMBER",
    "SCALES",
    "WrittenNumber",
    "numbers_in",
    "read_number",
    "scaled",
    "split_scale",
]

SCALES: dict[str, int] = {"万": 4, "亿": 8}  # scale word → power of ten
MAX_NUMERALS = 40  # a longer run of numerals is not one number (and is not read: bounded time)
PERCENT = "百分之"

_DIGIT_VALUES = dict(zip("零一二三四五六七八九", range(10), strict=True)) | {"〇": 0, "两": 2}
_UNIT_VALUES = {"十": 10, "百": 100, "千": 1000}
# Every character a Chinese numeral is written with (点 only between numerals: 一点五).
CHINESE_NUMERALS = "〇零一二两三四五六七八九十百千万亿"
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")

_DIGITS = r"[0-9０-９]"
_DECIMAL = rf"(?:[.．]{_DIGITS}+)?"
_CHINESE = (
    r"[〇零一二两三四五六七八九十][〇零一二两三四五六七八九十百千万亿]*"
    r"(?:点[〇零一二三四五六七八九]+)?"
)
# One written number (no groups, to be embedded in other patterns): digits in groups of three
# (8,500), plain digits, or Chinese numerals.
NUMBER = (
    rf"{_DIGITS}{{1,3}}(?:,{_DIGITS}{{3}})+{_DECIMAL}(?!{_DIGITS})"
    rf"|{_DIGITS}+{_DECIMAL}"
    rf"|{_CHINESE}"
)
# One number as written: 百分之 (a percentage), the number, a scale word after digits or a
# decimal (88万, 1.5亿, 一点五万; in 三万五千 the scale words are part of the numerals).
_ONE_NUMBER = (
    rf"(?P<percent>{PERCENT})?(?P<number>{NUMBER})"
    r"(?:(?<=[0-9０-９〇零一二三四五六七八九])\s*(?P<scale>亿|万))?"
)
_ONE = re.compile(_ONE_NUMBER)
_WRITTEN = re.compile(
    rf"(?<![0-9０-９.．,{CHINESE_NUMERALS}]){_ONE_NUMBER}(?![0-9０-９]|[.．][0-9０-９])"
)


def scaled(value: Decimal, power: int) -> Decimal:
    """``value × 10^power``, exactly: the digits stay, the exponent moves (no decimal context
    rounds it), written without trailing zeros or an exponent (1.5 × 10^4 is 15000)."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite: every number read here is
    exponent += power
    while exponent < 0 and len(digits) > 1 and digits[-1] == 0:
        digits, exponent = digits[:-1], exponent + 1
    if exponent > 0:
        digits, exponent = digits + (0,) * exponent, 0
    return Decimal((sign, digits, exponent))


def _section(text: str) -> int | None:
    """A number below 10,000 in numerals: 七, 十二, 二十, 一百零五, 三千二, 两千."""
    total, digit, last_unit, after_zero = 0, None, 10_000, False
    for char in text:
        if char in _DIGIT_VALUES:
            if digit is not None:
                return None  # two digits side by side: 十四五, 三五, 一零
            if _DIGIT_VALUES[char]:
                digit = _DIGIT_VALUES[char]
            else:
                after_zero = True  # 零 marks an empty place: 一百零五
            continue
        unit = _UNIT_VALUES[char]
        if unit >= last_unit or (digit is None and (total or after_zero)):
            return None  # units fall (not 百 after 十); 十 stands alone only at the start
        total += (1 if digit is None else digit) * unit
        digit, last_unit, after_zero = None, unit, False
    if digit is not None:
        # a last digit right after a unit is one place lower: 三千二 = 3200, 二十五 = 25
        lower = last_unit < 10_000 and not after_zero
        total += digit * (last_unit // 10 if lower else 1)
    return total


def _below(text: str, size: int) -> int | None:
    """The part after 万 (size 10^4) or 亿 (10^8), below ``size``: a lone digit is one place
    lower (三万五 = 35000); after 零 places are empty (一万零五百 = 10500)."""
    if not text:
        return 0
    if text[0] in "零〇":
        rest = _integer(text.lstrip("零〇"))
        return rest if rest is not None and 0 < rest < size // 10 else None
    if len(text) == 1 and text in _DIGIT_VALUES:
        return _DIGIT_VALUES[text] * (size // 10)
    rest = _integer(text)
    return rest if rest is not None and rest < size else None


def _integer(text: str) -> int | None:
    """An integer in numerals, with 万 and 亿 sections: 三万五千, 一亿二千万, 二〇二五."""
    if not text:
        return None
    if len(text) > 1 and "〇" in text and all(c in "〇零一二三四五六七八九" for c in text):
        return int("".join(str(_DIGIT_VALUES[c]) for c in text))  # 二〇二五, read by place
    for word, size in (("亿", 100_000_000), ("万", 10_000)):
        if word in text:
            high, _, low = text.rpartition(word)
            upper, lower = _integer(high), _below(low, size)
            if upper is None or lower is None or (word == "万" and upper >= size):
                return None
            return upper * size + lower
    return _section(text)


def _chinese(text: str) -> Decimal | None:
    """Numerals with an optional decimal part: 一点五 = 1.5, 三点零五 = 3.05."""
    if len(text) > MAX_NUMERALS:
        return None
    whole, _, fraction = text.partition("点")
    number = _integer(whole)
    if number is None:
        return None
    if not fraction:
        return Decimal(number)
    return Decimal(f"{number}.{''.join(str(_DIGIT_VALUES[c]) for c in fraction)}")


def _value(match: re.Match[str]) -> Decimal | None:
    number = match["number"]
    if number[0] in CHINESE_NUMERALS:
        value = _chinese(number)
    else:
        value = Decimal(number.translate(_FULL_WIDTH).replace(",", ""))
    if value is None or not match["scale"]:
        return value
    return scaled(value, SCALES[match["scale"]])


def read_number(text: str) -> Decimal | None:
    """The value of one written number, scale words read: ``88万`` → 880000, ``一点五`` → 1.5,
    ``百分之十五`` → 15, ``８,５００`` → 8500; None when the text is not one number."""
    match = _ONE.fullmatch(text.strip())
    return None if match is None else _value(match)


def split_scale(text: str) -> tuple[Decimal, str] | None:
    """A written number as (value before its last scale word, that word): ``88万`` → (88, 万),
    ``三亿五千万`` → (35000, 万), ``12`` → (12, ""); None when the text is not one number."""
    value = read_number(text)
    if value is None:
        return None
    word = text.strip()[-1:]
    if word in SCALES:
        return scaled(value, -SCALES[word]), word
    return value, ""


@dataclass(frozen=True)
class WrittenNumber:
    """A number at ``start:end`` of a text: its value (scale read), the scale word that ends
    it (万, 亿 or ""), and whether 百分之 made it a percentage."""

    start: int
    end: int
    value: Decimal
    scale: str = ""
    percent: bool = False


def numbers_in(text: str) -> list[WrittenNumber]:
    """Every number written in ``text``, in order (runs of numerals that are not one number,
    such as 十四五, are left out)."""
    found = []
    for match in _WRITTEN.finditer(text):
        value = _value(match)
        if value is not None:
            scale = match["scale"] or (match["number"][-1] if match["number"][-1] in SCALES else "")
            percent = bool(match["percent"])
            found.append(WrittenNumber(match.start(), match.end(), value, scale, percent))
    return found
