"""What a measure lacks, said in English or Chinese.

A kind function that cannot measure a target returns a :class:`Missing`: which data it needs
(``need``), for which indicator and years. :func:`describe` turns it into the sentence a report
shows, naming indicators by their catalogue label in Chinese and by their key in English (the key
is what a submission is written with).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ipscore.lang import Lang
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
    return {
        "value": f"a value of {key} up to {m.until}",
        "yearly": f"yearly values of {key} for {m.year}–{m.until}",
        "base": f"the base value of {key} for {m.year}",
        "positive_base": f"a positive base value of {key} for {m.year}",
        "later_value": f"a value of {key} after {m.year}",
        "milestone": f"milestone {key}",
        "parts": f"{key} (or its parts: {', '.join(m.parts)})",
        "years": f"the {_years(m.years, ', ')} value of {key}",
        "part_years": f"the {_years(m.years, ', ')} value of {', '.join(m.parts)} "
        f"(a part of {key})",
    }[m.need]


def _chinese(m: Missing, catalogue: Mapping[str, Indicator]) -> str:
    def name(key: str) -> str:
        indicator = catalogue.get(key)
        return f"{indicator.zh}（{key}）" if indicator is not None else key

    subject = name(m.indicator)
    return {
        "value": f"{m.until}年及以前的{subject}数值",
        "yearly": f"{m.year}—{m.until}年逐年的{subject}数值",
        "base": f"{m.year}年{subject}的基期值",
        "positive_base": f"{m.year}年{subject}的基期值（须大于0）",
        "later_value": f"{m.year}年以后的{subject}数值",
        "milestone": f"{subject}是否完成",
        "parts": f"{subject}，或其组成项{'、'.join(name(part) for part in m.parts)}",
        "years": f"{_years(m.years, '、')}年的{subject}数值",
        "part_years": f"{_years(m.years, '、')}年的{'、'.join(name(p) for p in m.parts)}数值"
        f"（计算{subject}所需）",
    }[m.need]


def describe(missing: Missing, catalogue: Mapping[str, Indicator], lang: Lang) -> str:
    """The sentence for a report in ``lang``: what to add to the submission."""
    return _chinese(missing, catalogue) if lang == "zh" else _english(missing)
