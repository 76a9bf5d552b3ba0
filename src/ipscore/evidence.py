"""How a measure was made, said in English and in Chinese.

A kind function returns a :class:`Proof` with the values it used (a blank year as ``None``), the
base and the result; :func:`describe` turns it into the line a report shows beside the target, in
English and in Chinese:
``2023: 62 + 2024: 60 + 2025: — (missing)``, ``52.98 件/万人 (2024, from … / …)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

How = Literal[
    "latest",
    "sum",
    "every_year",
    "reported_total",
    "difference",
    "cagr",
    "growth_total",
    "multiple",
    "milestone",
]
Value = Decimal | float


def number(value: Value | None) -> str:
    """A readable number: thousands separated, at most two decimals (four below 1), no trailing
    zeros. The digits are those of ``float(value)`` rounded: the exact decimal is not rounded
    itself, as half-even rounding of 1.015 would give 1.02 where the float 1.01499… gives 1.01."""
    if value is None:
        return "—"
    if value.__class__ is Decimal:
        short = _short(str(value))
        if short is not None:
            return short
    value = float(value)
    magnitude = abs(value)
    if magnitude >= 1000:
        text = f"{value:,.2f}"
    elif magnitude >= 1 or value == 0:
        text = f"{value:.2f}"
    else:
        text = f"{value:.4f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _short(text: str) -> str | None:
    """:func:`number` of a short decimal straight from its digits, None for any other.

    Most numbers an evidence line shows are submitted values, exact decimals such as 168.4:
    formatting one through a float costs about three times as much as reading its digits.
    ``text`` (``str`` of a Decimal) is short when it is 0 ≤ value < 1000 in plain notation with
    at most the decimals :func:`number` keeps (two, four below 1) before its trailing zeros.
    Then the float nearest the value is within 10⁻¹³ of it, so rounding that float to those
    decimals gives the same digits, and the thousands separator is never needed.
    tests/test_evidence.py checks that both ways agree on any Decimal.
    """
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    if whole.isdigit() and len(whole) <= 3 and len(fraction) <= (4 if whole == "0" else 2):
        return f"{whole}.{fraction}" if fraction else whole
    return None


def in_full(value: Value) -> str:
    """Every digit of a value, thousands separated, never in e-notation: for messages that must
    not round what the user typed (100.004 stays 100.004; 1.2e13 is 12,000,000,000,000)."""
    text = format(Decimal(repr(float(value))), ",f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(slots=True)
class Proof:
    """The values a measure used: yearly terms (``None`` = blank), base and result.

    Slotted and not frozen: one is made for every measured target of every evaluation, and a
    frozen one costs about three times as much. Nothing changes one once made.
    """

    how: How
    result: Value | None = None
    terms: tuple[tuple[int, Value | None], ...] = ()
    base: tuple[int, Value] | None = None
    base_from_plan: bool = False
    term_unit: str = ""  # the unit of terms and base
    unit: str = ""  # the unit of the result


@dataclass(frozen=True)
class Parts:
    """A derived value's numerator and denominator in the year shown."""

    numerator: str
    numerator_zh: str
    numerator_value: Value
    numerator_unit: str
    denominator: str
    denominator_zh: str
    denominator_value: Value
    denominator_unit: str
    scale: float = 1.0


# A text in English and in Chinese: each measure's evidence is written in both, and every number
# in it is formatted once for the two.
EnZh = tuple[str, str]

_DELIVERED: EnZh = ("delivered", "已完成")
_NOT_DELIVERED: EnZh = ("not delivered", "未完成")


def _with_unit(value: Value | None, unit: str) -> str:
    return f"{number(value)} {unit}".rstrip()


def _year(year: int, to_date: dt.date | None) -> EnZh:
    if to_date is not None and year == to_date.year:
        return f"{year} (to {to_date:%d %b})", f"{year}年（截至{to_date.month}月{to_date.day}日）"
    return str(year), f"{year}年"


def _parts(parts: Parts) -> EnZh:
    scale = f" × {parts.scale:g}" if parts.scale != 1 else ""
    numerator = _with_unit(parts.numerator_value, parts.numerator_unit)
    denominator = _with_unit(parts.denominator_value, parts.denominator_unit)
    return (
        f"from {parts.numerator} {numerator} / {parts.denominator} {denominator}{scale}",
        f"由 {parts.numerator_zh} {numerator} / {parts.denominator_zh} {denominator}{scale} 计算",
    )


def _terms(proof: Proof, to_date: dt.date | None) -> tuple[list[str], list[str]]:
    """Each yearly term as ``year: value`` in English and in Chinese (a blank marked missing).
    Only a year-to-date year needs :func:`_year`; any other is written as it is."""
    english, chinese = [], []
    partial = to_date.year if to_date is not None else None
    for year, value in proof.terms:
        if value is None:
            shown_en, shown_zh = "— (missing)", "—（缺）"
        else:
            shown_en = shown_zh = number(value)
        if year == partial:
            year_en, year_zh = _year(year, to_date)
            english.append(f"{year_en}: {shown_en}")
            chinese.append(f"{year_zh}: {shown_zh}")
        else:
            english.append(f"{year}: {shown_en}")
            chinese.append(f"{year}年: {shown_zh}")
    return english, chinese


def _sum(proof: Proof, to_date: dt.date | None, unit: str) -> EnZh:
    english, chinese = _terms(proof, to_date)
    terms_en, terms_zh = " + ".join(english), " + ".join(chinese)
    total = _with_unit(proof.result, unit)
    if any(value is None for _, value in proof.terms):
        return f"{terms_en}; reported so far {total}", f"{terms_zh}；已报合计 {total}"
    return f"{terms_en} = {total}", f"{terms_zh} = {total}"


def _every_year(proof: Proof, to_date: dt.date | None, unit: str) -> EnZh:
    english, chinese = _terms(proof, to_date)
    worst = next(year for year, value in proof.terms if value == proof.result)
    shown = _with_unit(proof.result, unit)
    return (
        f"each year {', '.join(english)}; worst {shown} ({worst})",
        f"逐年 {', '.join(chinese)}；最不利 {shown}（{worst}年）",
    )


def _base(proof: Proof) -> EnZh:
    assert proof.base is not None
    year, value = proof.base
    shown = _with_unit(value, proof.term_unit)
    if proof.base_from_plan:
        return f"{shown} ({year} base, stated by the plan)", f"{shown}（{year}年基期，方案给定）"
    return f"{shown} ({year} base)", f"{shown}（{year}年基期）"


def _latest(proof: Proof, parts: Parts | None, to_date: dt.date | None) -> EnZh:
    year, value = proof.terms[-1]
    shown = _with_unit(value, proof.term_unit)
    if parts is None and (to_date is None or year != to_date.year):  # most: a year's value
        return f"{shown} ({year})", f"{shown}（{year}年）"
    when_en, when_zh = _year(year, to_date)
    if parts is not None:
        parts_en, parts_zh = _parts(parts)
        when_en += ", " + parts_en
        when_zh += "，" + parts_zh
    return f"{shown} ({when_en})", f"{shown}（{when_zh}）"


def describe(
    proof: Proof,
    parts: Parts | None = None,
    to_date: dt.date | None = None,
    unit: str = "",
) -> EnZh:
    """The evidence line in English and in Chinese; ``to_date`` marks its year's values as
    year-to-date; ``unit`` is the result's unit when the proof has none (a rate's %, a
    multiple's 倍)."""
    how = proof.how
    if how == "latest":  # the most common line: asked first
        return _latest(proof, parts, to_date)
    unit = proof.unit or unit
    if how == "milestone":
        done = proof.result is not None and float(proof.result) >= 1
        return _DELIVERED if done else _NOT_DELIVERED
    if how == "sum":
        return _sum(proof, to_date, unit)
    if how == "every_year":
        return _every_year(proof, to_date, unit)
    latest_en, latest_zh = _latest(proof, parts, to_date)
    if how == "reported_total":
        return f"reported running total {latest_en}", f"报送累计值 {latest_zh}"
    base_en, base_zh = _base(proof)
    result = _with_unit(proof.result, unit)
    if how == "difference":
        return f"{latest_en} − {base_en} = {result}", f"{latest_zh} − {base_zh} = {result}"
    if how == "cagr":
        assert proof.base is not None
        first, last = proof.base[0], proof.terms[-1][0]
        power = f"^(1/{last - first}) − 1 = {result}"
        return (
            f"CAGR {first}–{last}: ({latest_en} / {base_en}){power}",
            f"{first}—{last}年年均增长: ({latest_zh} / {base_zh}){power}",
        )
    if how == "growth_total":
        return f"{latest_en} / {base_en} − 1 = {result}", f"{latest_zh} / {base_zh} − 1 = {result}"
    return f"{latest_en} / {base_en} = {result}", f"{latest_zh} / {base_zh} = {result}"  # multiple
