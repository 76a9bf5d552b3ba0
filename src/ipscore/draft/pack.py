"""Turning what was found into a pack: indicators matched or stubbed, units, ids and notes.

Nothing is invented: a value the text does not give is left out, and every guess is written into
the target's note as ``TODO: …`` for a person to confirm (``ipscore lint`` lists them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ipscore.draft.found import Found
from ipscore.draft.indicators import (
    SURE,
    Match,
    best_match,
    dimension_of,
    normalise,
    per_unit,
)
from ipscore.draft.reading import PlanFacts
from ipscore.plan import Dimension, Indicator, Kind, Measure
from ipscore.units import conversion_factor, convert

TODO = "TODO:"


def _number(value: Decimal | float) -> int | float:
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else as_float


def merge_repeats(found: list[Found]) -> list[Found]:
    """A target stated twice (goal text and indicator table) is kept once, where it comes first;
    the later statement fills a baseline the first lacks."""
    kept: dict[tuple[str, Decimal, str, Kind], Found] = {}
    result = []
    for target in sorted(found, key=lambda t: t.start):
        if target.kind is Kind.milestone:
            result.append(target)
            continue
        key = (normalise(target.words), target.threshold, target.unit, target.kind)
        first = kept.get(key)
        if first is None:
            kept[key] = target
            result.append(target)
            continue
        if first.baseline is None and target.baseline is not None:
            first.baseline = target.baseline
            first.readings.append(f"baseline from «{target.quote}»")
        if first.attribute is None:
            first.attribute = target.attribute
    return result


@dataclass
class PackBuilder:
    """Builds the pack's data from found targets; new indicators are collected as stubs."""

    catalogue: dict[str, Indicator]
    facts: PlanFacts
    stubs: dict[str, dict[str, Any]] = field(default_factory=dict)
    _stub_keys: dict[tuple[str, str], str] = field(default_factory=dict)
    _matches: dict[tuple[str, str, Kind], Match | None] = field(default_factory=dict)

    def _stub(self, target: Found, unit: str) -> str:
        measure = Measure.milestone if target.kind is Kind.milestone else Measure.stock
        if target.kind in (Kind.cumulative, Kind.increment):
            measure = Measure.flow
        name = (normalise(target.words) or target.quote)[:60]
        identity = (name, measure.value)
        if identity in self._stub_keys:
            return self._stub_keys[identity]
        prefix = "new_milestone" if measure is Measure.milestone else "new_indicator"
        key = f"{prefix}_{len(self._stub_keys) + 1}"
        self._stub_keys[identity] = key
        stub: dict[str, Any] = {
            "key": key,
            "zh": target.words or target.quote,
            "en": f"{TODO} English name",
            "unit": unit,
            "measure": measure.value,
            "definition": f"{TODO} define it and name the key (from the plan: {target.quote})",
        }
        if measure is Measure.milestone:
            del stub["unit"]
        self.stubs[key] = stub
        return key

    def _unit(self, target: Found, indicator: Indicator | None) -> str:
        if target.kind is Kind.milestone:
            return ""
        if target.kind.needs_baseline:
            return target.kind.default_unit
        unit = per_unit(target.words, target.unit)
        if indicator is not None and conversion_factor(unit, indicator.unit) is None:
            target.doubts.append(
                f"the plan writes {target.unit}; {indicator.key} is in {indicator.unit}: "
                "check the number is in that unit"
            )
            return indicator.unit
        return unit

    def indicator_of(self, target: Found) -> tuple[str, str]:
        """The indicator key and the target's unit."""
        unit = per_unit(target.words, target.unit)
        asked = (normalise(target.words), unit, target.kind)
        if asked not in self._matches:  # a plan repeats its indicators' names
            self._matches[asked] = best_match(target.words, unit, target.kind, self.catalogue)
        match = self._matches[asked]
        if match is not None:
            if match.score < SURE:
                target.doubts.append(
                    f"indicator {match.indicator.key} ({match.indicator.zh}) is a close guess "
                    f"for «{target.words}»"
                )
            return match.indicator.key, self._unit(target, match.indicator)
        unit = self._unit(target, None)
        stub_unit = target.unit if target.kind.needs_baseline else unit
        if target.kind.needs_baseline:
            target.doubts.append("the new indicator's own unit is a guess")
            stub_unit = stub_unit if stub_unit not in ("%", "倍") else "件"
        if target.kind is not Kind.milestone:
            target.doubts.append(f"«{target.words}» is not in the catalogue: a new indicator")
        return self._stub(target, stub_unit), unit

    def _base_value(self, target: Found, key: str, unit: str) -> Decimal:
        """The base value in the unit the pack reads it in: the target's unit, or for a growth
        or multiple (% or 倍) the catalogue indicator's. 1.5 万件 is 15000 in a target in 件."""
        base = target.baseline
        assert base is not None and base.value is not None
        if base.unit is None:
            target.doubts.append(f"the base {base.value} has no unit in the text: read in {unit}")
            return base.value
        written = per_unit(target.words, base.unit)
        if target.kind.needs_baseline:
            indicator = self.catalogue.get(key)
            unit = indicator.unit if indicator is not None else written
        converted = convert(base.value, written, unit)
        if converted is None:
            target.doubts.append(
                f"the base is written in {base.unit}, the target is in {unit}: "
                "check the base value's unit"
            )
            return base.value
        if written != unit:
            target.readings.append(f"base {base.value} {written} is {_number(converted)} {unit}")
        return converted

    def target(self, target: Found, number: int) -> dict[str, Any]:
        key, unit = self.indicator_of(target)
        dimension = dimension_of(target.words, target.context)
        if dimension is None:
            dimension = Dimension.management
            target.doubts.append("dimension is a guess")
        data: dict[str, Any] = {
            "id": f"{'m' if target.kind is Kind.milestone else 't'}-{number:03d}",
            "indicator": key,
            "dimension": dimension.value,
            "kind": target.kind.value,
        }
        if target.kind is not Kind.milestone:
            data["comparator"] = target.comparator.value
            data["threshold"] = _number(target.threshold)
            data["unit"] = unit
        baseline = target.baseline
        if baseline is None and target.kind.needs_baseline:
            year = self.facts.period[0] - 1
            target.doubts.append(f"base year {year} (the year before the plan period) is a guess")
            data["baseline"] = {"year": year}
        elif baseline is not None:
            data["baseline"] = {"year": baseline.year}
            if baseline.value is not None:
                data["baseline"]["value"] = _number(self._base_value(target, key, unit))
        if target.deadline and target.deadline != self.facts.period[1]:
            data["deadline"] = dt.date(target.deadline, 12, 31)
        if target.attribute:
            data["attribute"] = target.attribute
        data["owners"] = list(target.owners)
        data["quote"] = target.quote
        if not target.owners:
            target.readings.append("no 责任单位 bracket in its paragraph")
        note = " ".join(
            [f"{reading[0].upper()}{reading[1:]}." for reading in target.readings]
            + [f"{TODO} {doubt}." for doubt in target.doubts]
        )
        if note:
            data["note"] = note
        return data


def plan_meta(facts: PlanFacts, source: str) -> dict[str, Any]:
    start, end = facts.period
    meta: dict[str, Any] = {
        "id": f"draft-{start}-{end}",
        "title": facts.title,
        "title_en": f"{TODO} English title",
        "region": facts.region,
        "region_en": f"{TODO} region in English",
        "level": facts.level,
        "programme": facts.programme,
    }
    if facts.document_number:
        meta["document_number"] = facts.document_number
    meta |= {
        "issued": facts.issued,
        "period": {"start": start, "end": end},
        "deadline": dt.date(end, 12, 31),
        "status": "in_force",
    }
    guessed = ", ".join(facts.doubts) or "none"
    meta["status_note"] = (
        f"{TODO} drafted by ipscore draft; check the id, status and acceptance window "
        f"(guessed from the text: {guessed})."
    )
    meta["source"] = source
    return meta
