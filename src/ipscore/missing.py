"""What a measure lacks, said in English and Chinese.

A kind function that cannot measure a target returns a :class:`Missing`: which data it needs
(``need``), for which indicator and years. :func:`describe` turns it into the sentences a report
shows, in English and in Chinese, naming indicators by their key in English (the key is what a
submission is written with) and by their catalogue label and key in Chinese.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ipscore.plan import Indicator

Need = Literal[
    "value",
    "yearly",
    "base",
    "positive_base",
    "later_value",
    "milestone",
    "parts",
    "years",  # incomplete: the values of ``years`` (a gap in a sum, the deadline year, too old)
    "part_years",  # incomplete: the value of part ``parts[0]`` for ``years`` of a derived value
]


@dataclass(frozen=True)
class Missing:
    """The data a target needs and the submission lacks."""

    need: Need
    indicator: str
    year: int | None = None  # the base year, or the first year of a span
    until: int | None = None  # the last year that may be used
    parts: tuple[str, ...] = ()  # for ``parts``: the parts of a derivable indicator not given
    years: tuple[int, ...] = ()  # for ``years`` and ``part_years``: the years lacking


def _years(years: tuple[int, ...], sep: str) -> str:
    return sep.join(map(str, years))


def _english(m: Missing) -> str:
    key = m.indicator
    match m.need:
        case "value":
            return f"a value of {key} up to {m.until}"
        case "yearly":
            return f"yearly values of {key} for {m.year}–{m.until}"
        case "base":
            return f"the base value of {key} for {m.year}"
        case "positive_base":
            return f"a positive base value of {key} for {m.year}"
        case "later_value":
            return f"a value of {key} after {m.year}"
        case "milestone":
            return f"milestone {key}"
        case "parts":
            return f"{key} (or its parts: {', '.join(m.parts)})"
        case "years":
            return f"the {_years(m.years, ', ')} value of {key}"
        case "part_years":
            return f"the {_years(m.years, ', ')} value of {', '.join(m.parts)} (a part of {key})"


def _name(key: str, catalogue: Mapping[str, Indicator]) -> str:
    """An indicator as the Chinese text names it: its catalogue label and its key."""
    indicator = catalogue.get(key)
    return f"{indicator.zh}（{key}）" if indicator is not None else key


def _chinese(m: Missing, catalogue: Mapping[str, Indicator]) -> str:
    subject = _name(m.indicator, catalogue)
    match m.need:
        case "value":
            return f"{m.until}年及以前的{subject}数值"
        case "yearly":
            return f"{m.year}—{m.until}年逐年的{subject}数值"
        case "base":
            return f"{m.year}年{subject}的基期值"
        case "positive_base":
            return f"{m.year}年{subject}的基期值（须大于0）"
        case "later_value":
            return f"{m.year}年以后的{subject}数值"
        case "milestone":
            return f"{subject}是否完成"
        case "parts":
            return f"{subject}，或其组成项{'、'.join(_name(part, catalogue) for part in m.parts)}"
        case "years":
            return f"{_years(m.years, '、')}年的{subject}数值"
        case "part_years":
            parts = "、".join(_name(p, catalogue) for p in m.parts)
            return f"{_years(m.years, '、')}年的{parts}数值（计算{subject}所需）"


def describe(missing: Missing, catalogue: Mapping[str, Indicator]) -> tuple[str, str]:
    """The sentence for a report in English and in Chinese: what to add to the submission."""
    return _english(missing), _chinese(missing, catalogue)
