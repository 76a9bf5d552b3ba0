"""Small random rule packs built from the bundled indicator catalogue (:func:`plans`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from ipscore.packs import load_catalogue, plan_from_data
from ipscore.plan import Dimension, Indicator, Kind, Measure, Plan
from ipscore.testing._numbers import (
    as_decimal,
    draw_magnitude,
    json_number,
    trimmed,
    unit_factor,
    unit_family,
)

_NUMERIC_KINDS = [kind for kind in Kind if kind is not Kind.milestone]


def _threshold_data(draw: st.DrawFn, kind: Kind, indicator: Indicator, unit: str) -> Decimal:
    """A realistic threshold for the kind, in ``unit``."""
    if kind is Kind.growth:
        return Decimal(draw(st.integers(1, 600))) / 10
    if kind is Kind.growth_total:
        return Decimal(draw(st.integers(5, 300)))
    if kind is Kind.multiple:
        return Decimal(draw(st.integers(11, 40))) / 10
    if indicator.maximum is not None:  # strictly inside the range: any comparator can be met
        top = int(as_decimal(indicator.maximum) * 100)
        return Decimal(draw(st.integers(1, top - 1))) / 100
    factor = unit_factor(indicator.unit, unit)
    assert factor is not None
    return trimmed(draw_magnitude(draw, -1, 4) * factor)


_FLIP = {">=": "<=", ">": "<", "<=": ">=", "<": ">"}


@st.composite
def _target(draw: st.DrawFn, start: int, end: int) -> dict[str, Any]:
    """One target (as parsed YAML, without id) on a random catalogue indicator."""
    catalogue = load_catalogue()
    milestone = draw(st.integers(0, 3)) == 3
    key = draw(
        st.sampled_from(
            sorted(k for k, i in catalogue.items() if (i.measure is Measure.milestone) == milestone)
        )
    )
    indicator = catalogue[key]
    target: dict[str, Any] = {
        "indicator": key,
        "dimension": draw(st.sampled_from(list(Dimension))).value,
    }
    if milestone:
        return {**target, "kind": Kind.milestone.value}
    # a bounded share or score (maximum 100) cannot double: real plans give it a level
    kinds = _NUMERIC_KINDS if indicator.maximum is None else [Kind.level, Kind.cumulative]
    kind = draw(st.sampled_from(kinds))
    comparator = draw(st.sampled_from([">=", ">", "<=", "<"]))
    if kind.in_indicator_unit:
        unit = draw(st.sampled_from(unit_family(indicator.unit)))
    else:
        unit = kind.default_unit
    target.update(
        kind=kind.value,
        comparator=comparator,
        threshold=json_number(_threshold_data(draw, kind, indicator, unit)),
        unit=unit,
    )
    if kind.needs_baseline or (kind is Kind.increment and draw(st.booleans())):
        baseline: dict[str, Any] = {"year": start - draw(st.integers(1, 3))}
        if draw(st.booleans()):
            baseline["value"] = json_number(draw_magnitude(draw, -1, 4))
        target["baseline"] = baseline
    if draw(st.integers(0, 4)) == 4:
        target["deadline"] = dt.date(draw(st.integers(start, end)), 12, 31)
    if draw(st.integers(0, 3)) == 3:
        target["weight"] = draw(st.integers(1, 1000)) / 10
    if draw(st.integers(0, 3)) == 3:
        target["projection"] = draw(st.sampled_from(["cagr", "linear"]))
    if draw(st.integers(0, 3)) == 3:
        target["alternatives"] = [_alternative(draw, target)]
    return target


def _alternative(draw: st.DrawFn, target: dict[str, Any]) -> dict[str, Any]:
    """Another reading of a generated target: the same (a note only), another threshold, or
    another unit-kind (the comparator's direction stays: one direction per indicator)."""
    alternative: dict[str, Any] = {"note": "另一种理解(生成)"}
    change = draw(st.sampled_from(["none", "threshold", "kind"]))
    if change == "threshold":
        factor = Decimal(draw(st.integers(50, 200))) / 100
        threshold = trimmed(as_decimal(target["threshold"]) * factor)
        maximum = load_catalogue()[target["indicator"]].maximum
        if Kind(target["kind"]).in_indicator_unit and maximum is not None:
            threshold = min(
                threshold, as_decimal(target["threshold"])
            )  # a bounded share stays inside
        alternative["threshold"] = json_number(threshold)
    elif change == "kind" and Kind(target["kind"]).in_indicator_unit:
        kinds = [Kind.level, Kind.cumulative, Kind.every_year]
        alternative["kind"] = draw(st.sampled_from(kinds)).value
    return alternative


@st.composite
def _plans(draw: st.DrawFn, min_targets: int, max_targets: int) -> Plan:
    start = draw(st.integers(1995, 2090))
    end = start + draw(st.integers(0, 5))
    targets = draw(st.lists(_target(start, end), min_size=min_targets, max_size=max_targets))
    higher: dict[str, bool] = {}  # one direction per indicator, as real plans have
    for index, target in enumerate(targets):
        key = target["indicator"]
        target["id"] = f"t{index}-{key.replace('_', '-')}"[:80]
        target["quote"] = f"生成的目标{index}"
        if "comparator" in target:
            up = higher.setdefault(key, target["comparator"].startswith(">"))
            if target["comparator"].startswith(">") != up:
                target["comparator"] = _FLIP[target["comparator"]]
    meta = {
        "id": "generated-plan",
        "title": "生成的测试方案",
        "title_en": "Generated test plan",
        "region": "测试市",
        "region_en": "Test City",
        "level": draw(st.sampled_from(["city", "county"])),
        "programme": draw(st.sampled_from(["pilot", "demonstration", "action"])),
        "issued": dt.date(start - 1, 12, 1),
        "period": {"start": start, "end": end},
        "deadline": draw(st.sampled_from([dt.date(end, 12, 31), dt.date(end, 6, 30)])),
    }
    return plan_from_data({"plan": meta, "targets": targets}, "<plans()>", load_catalogue())


def plans(*, min_targets: int = 1, max_targets: int = 8) -> st.SearchStrategy[Plan]:
    """Small random plans (:class:`ipscore.Plan`) built from the bundled indicator catalogue.

    Every kind, comparator and convertible unit occurs; each indicator keeps one direction
    (all its targets "higher is better" or all ceilings), as in the bundled plans. Growth kinds
    get a baseline (with or without a stated value); some targets have their own deadline,
    weight, projection method or an alternative reading (unchanged, another threshold or
    another unit kind). Feed a plan to :func:`submissions` with ``flatmap``.
    """
    return _plans(min_targets, max_targets)
