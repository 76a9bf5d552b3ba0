"""How a measure was made, said in English or Chinese.

A kind function returns a :class:`Proof` with the values it used (a blank year as ``None``), the
base and the result; :func:`describe` turns it into the line a report shows beside the target:
``2023: 62 + 2024: 60 + 2025: — (missing)``, ``52.98 件/万人 (2024, from … / …)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ipscore.lang import Lang

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
    """A readable number: thousands separated, at most two decimals, no trailing zeros."""
    if value is None:
        return "—"
    value = float(value)
    if abs(value) >= 1000:
        text = f"{value:,.2f}"
    elif abs(value) >= 1 or value == 0:
        text = f"{value:.2f}"
    else:
        text = f"{value:.4f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def in_full(value: Value) -> str:
    """Every digit of a value, thousands separated, never in e-notation: for messages that must
    not round what the user typed (100.004 stays 100.004; 1.2e13 is 12,000,000,000,000)."""
    text = format(Decimal(repr(float(value))), ",f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class Proof:
    """The values a measure used: yearly terms (``None`` = blank), base and result."""

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


def _with_unit(value: Value | None, unit: str) -> str:
    return f"{number(value)} {unit}".rstrip()


def _year(year: int, lang: Lang, to_date: dt.date | None) -> str:
    if to_date is not None and year == to_date.year:
        if lang == "zh":
            return f"{year}年（截至{to_date.month}月{to_date.day}日）"
        return f"{year} (to {to_date:%d %b})"
    return f"{year}年" if lang == "zh" else str(year)


def _parts(parts: Parts, lang: Lang) -> str:
    scale = f" × {parts.scale:g}" if parts.scale != 1 else ""
    if lang == "zh":
        return (
            f"由 {parts.numerator_zh} {_with_unit(parts.numerator_value, parts.numerator_unit)} / "
            f"{parts.denominator_zh} {_with_unit(parts.denominator_value, parts.denominator_unit)}"
            f"{scale} 计算"
        )
    return (
        f"from {parts.numerator} {_with_unit(parts.numerator_value, parts.numerator_unit)} / "
        f"{parts.denominator} {_with_unit(parts.denominator_value, parts.denominator_unit)}"
        f"{scale}"
    )


def _sum(proof: Proof, lang: Lang, to_date: dt.date | None, unit: str) -> str:
    blank = "—（缺）" if lang == "zh" else "— (missing)"
    terms = " + ".join(
        f"{_year(year, lang, to_date)}: {blank if value is None else number(value)}"
        for year, value in proof.terms
    )
    total = _with_unit(proof.result, unit)
    if any(value is None for _, value in proof.terms):
        return f"{terms}；已报合计 {total}" if lang == "zh" else f"{terms}; reported so far {total}"
    return f"{terms} = {total}"


def _every_year(proof: Proof, lang: Lang, to_date: dt.date | None, unit: str) -> str:
    listed = ", ".join(f"{_year(year, lang, to_date)}: {number(v)}" for year, v in proof.terms)
    worst = next(year for year, value in proof.terms if value == proof.result)
    shown = _with_unit(proof.result, unit)
    if lang == "zh":
        return f"逐年 {listed}；最不利 {shown}（{worst}年）"
    return f"each year {listed}; worst {shown} ({worst})"


def _base(proof: Proof, lang: Lang) -> str:
    assert proof.base is not None
    year, value = proof.base
    given = ""
    if proof.base_from_plan:
        given = "，方案给定" if lang == "zh" else ", stated by the plan"
    if lang == "zh":
        return f"{_with_unit(value, proof.term_unit)}（{year}年基期{given}）"
    return f"{_with_unit(value, proof.term_unit)} ({year} base{given})"


def _latest(proof: Proof, lang: Lang, parts: Parts | None, to_date: dt.date | None) -> str:
    year, value = proof.terms[-1]
    shown = _with_unit(value, proof.term_unit)
    when = _year(year, lang, to_date)
    if parts is not None:
        when += ("，" if lang == "zh" else ", ") + _parts(parts, lang)
    return f"{shown}（{when}）" if lang == "zh" else f"{shown} ({when})"


def describe(
    proof: Proof,
    lang: Lang,
    parts: Parts | None = None,
    to_date: dt.date | None = None,
    unit: str = "",
) -> str:
    """The evidence line in ``lang``; ``to_date`` marks its year's values as year-to-date;
    ``unit`` is the result's unit when the proof has none (a rate's %, a multiple's 倍)."""
    zh = lang == "zh"
    unit = proof.unit or unit
    if proof.how == "milestone":
        done = proof.result is not None and float(proof.result) >= 1
        if zh:
            return "已完成" if done else "未完成"
        return "delivered" if done else "not delivered"
    if proof.how == "sum":
        return _sum(proof, lang, to_date, unit)
    if proof.how == "every_year":
        return _every_year(proof, lang, to_date, unit)
    latest = _latest(proof, lang, parts, to_date)
    result = _with_unit(proof.result, unit)
    if proof.how == "latest":
        return latest
    if proof.how == "reported_total":
        return f"报送累计值 {latest}" if zh else f"reported running total {latest}"
    base = _base(proof, lang)
    if proof.how == "difference":
        return f"{latest} − {base} = {result}"
    if proof.how == "cagr":
        assert proof.base is not None
        first, last = proof.base[0], proof.terms[-1][0]
        span = last - first
        head = f"{first}—{last}年年均增长" if zh else f"CAGR {first}–{last}"
        return f"{head}: ({latest} / {base})^(1/{span}) − 1 = {result}"
    if proof.how == "growth_total":
        return f"{latest} / {base} − 1 = {result}"
    return f"{latest} / {base} = {result}"  # multiple
