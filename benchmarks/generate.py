"""Generated inputs for the benchmark: submissions, a synthetic plan and engine measure maps.

Submissions for a bundled plan are the example cases in ``cases/`` with every number scaled by a
random factor near 1 (so magnitudes stay those of a real city) and some milestones flipped. The
synthetic plan has ``n`` ``level`` targets over distinct catalogue indicators, with thresholds in
the range usual for each unit, and submissions whose latest values land near those thresholds.
"""

from __future__ import annotations

import copy
import json
import math
import random
from pathlib import Path
from typing import Any

import ipscore
from ipscore.packs import load_catalogue, plan_from_data
from ipscore.plan import Plan

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "cases"
SYNTHETIC_REGION = "基准市"
SYNTHETIC_YEARS = range(2021, 2026)

# Plausible threshold ranges (low, high) per catalogue unit, drawn log-uniformly.
_MAGNITUDES: dict[str, tuple[float, float]] = {
    "%": (5, 95),
    "分": (80, 98),
    "件/万人": (5, 120),
    "件/万户": (5, 120),
    "件/亿元": (1, 50),
    "亿元": (10, 2000),
    "万元": (1000, 500_000),
    "件": (100, 80_000),
    "家": (10, 1500),
    "人": (100, 20_000),
    "人次": (1000, 200_000),
    "个": (2, 60),
    "工作日": (5, 30),
}
# Units that count whole things: thresholds and values are integers.
_COUNTS = {"家", "个", "件", "人", "人次"}


def _significant(value: float, digits: int = 4) -> float:
    """Round to a few significant digits, as statistics are published."""
    return float(f"{value:.{digits}g}")


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def case_templates(plan: Plan) -> list[dict[str, Any]]:
    """The example submissions in cases/ that are meant for this plan."""
    templates = []
    for path in sorted(CASES.glob("*.json")):
        if path.name.endswith(".expected.json"):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        if plan.id in data.get("plans", []) or data.get("region") == plan.plan.region:
            data["plans"] = [plan.id]
            templates.append(data)
    return templates


def _scaled(node: Any, factor: float, rng: random.Random, maximum: float | None) -> Any:
    """Every number under node times factor (with a little per-year noise), capped at maximum."""
    if isinstance(node, bool | str):
        return node
    if isinstance(node, int | float):
        value = _significant(node * factor * rng.uniform(0.98, 1.02))
        return min(value, maximum) if maximum is not None else value
    if isinstance(node, dict):
        return {key: _scaled(value, factor, rng, maximum) for key, value in node.items()}
    return node


def perturb(
    template: dict[str, Any], rng: random.Random, catalogue: dict[str, Any]
) -> dict[str, Any]:
    """A submission like template: each indicator scaled, about one milestone in seven flipped."""
    data = copy.deepcopy(template)
    indicators = data.get("indicators", {})
    for key, node in indicators.items():
        indicator = catalogue.get(key)
        maximum = indicator.maximum if indicator is not None else None
        indicators[key] = _scaled(node, rng.uniform(0.85, 1.15), rng, maximum)
    milestones = data.get("milestones", {})
    for key, node in milestones.items():
        done = node["done"] if isinstance(node, dict) else bool(node)
        milestones[key] = (not done) if rng.random() < 0.15 else node
    return data


def bundled_submissions(plan: Plan, count: int, rng: random.Random) -> list[dict[str, Any]]:
    """count valid submissions for a bundled plan (checked once through ipscore.evaluate)."""
    templates = case_templates(plan)
    if not templates:
        raise SystemExit(f"no example case in {CASES} for plan {plan.id}")
    catalogue = load_catalogue()
    result: list[dict[str, Any]] = []
    attempts = 0
    while len(result) < count:
        attempts += 1
        if attempts > 20 * count:
            raise SystemExit(f"{plan.id}: generated submissions keep failing validation")
        candidate = perturb(rng.choice(templates), rng, catalogue)
        try:
            ipscore.evaluate(plan, candidate)
        except ipscore.InputError:
            continue
        result.append(candidate)
    return result


def synthetic_plan(targets: int = 20, seed: int = 20) -> Plan:
    """A plan of ``targets`` level targets over distinct stock indicators of the catalogue."""
    rng = random.Random(seed)
    catalogue = load_catalogue()
    usable = [
        indicator
        for indicator in catalogue.values()
        if indicator.measure.value == "stock" and indicator.unit in _MAGNITUDES
    ]
    if len(usable) < targets:
        raise SystemExit(f"the catalogue has only {len(usable)} usable indicators")
    chosen = rng.sample(usable, targets)
    rows = []
    for index, indicator in enumerate(chosen):
        low, high = _MAGNITUDES[indicator.unit]
        threshold = _significant(_log_uniform(rng, low, high), 3)
        if indicator.unit in _COUNTS:
            threshold = float(max(2, round(threshold)))
        if indicator.maximum is not None:
            threshold = min(threshold, indicator.maximum * 0.95)
        lower_better = indicator.unit == "工作日"
        comparator = rng.choice(["<=", "<"] if lower_better else [">=", ">=", ">=", ">"])
        rows.append(
            {
                "id": f"syn-{index:02d}",
                "indicator": indicator.key,
                "dimension": rng.choice(["creation", "utilization", "protection", "services"]),
                "kind": "level",
                "comparator": comparator,
                "threshold": threshold,
                "unit": indicator.unit,
                "quote": f"{indicator.zh}达到{threshold:g}{indicator.unit}",
            }
        )
    data = {
        "plan": {
            "id": f"synthetic-{targets}",
            "title": f"基准测试方案({targets}项指标)",
            "title_en": f"Benchmark plan ({targets} targets)",
            "region": SYNTHETIC_REGION,
            "region_en": "Bench City",
            "level": "city",
            "programme": "demonstration",
            "issued": "2021-06-01",
            "period": {"start": SYNTHETIC_YEARS[0], "end": SYNTHETIC_YEARS[-1]},
            "deadline": f"{SYNTHETIC_YEARS[-1]}-12-31",
        },
        "targets": rows,
    }
    return plan_from_data(data, "<synthetic>", catalogue)


def synthetic_submissions(plan: Plan, count: int, rng: random.Random) -> list[dict[str, Any]]:
    """Submissions for the synthetic plan: yearly series ending near each threshold."""
    result = []
    for _ in range(count):
        indicators: dict[str, Any] = {}
        for target in plan.targets:
            if rng.random() < 0.05:
                continue  # a missing indicator: no_data
            indicator = plan.indicator_of(target)
            maximum = indicator.maximum
            value = target.threshold * rng.uniform(0.8, 1.25)
            growth = rng.uniform(1.03, 1.12)
            series = {}
            for offset, year in enumerate(reversed(SYNTHETIC_YEARS)):
                point = _significant(value / growth**offset)
                if indicator.unit in _COUNTS:
                    point = float(round(point))
                series[str(year)] = min(point, maximum) if maximum is not None else point
            indicators[target.indicator] = dict(sorted(series.items()))
        result.append(
            {
                "region": SYNTHETIC_REGION,
                "plans": [plan.id],
                "as_of": f"{SYNTHETIC_YEARS[-1]}-12-31",
                "indicators": indicators,
            }
        )
    return result


def measure_maps(plan: Plan, submissions: list[dict[str, Any]]) -> list[dict[str, float | None]]:
    """What the engine is given for each submission: target id → current measure (or None)."""
    maps = []
    for submission in submissions:
        report = ipscore.evaluate(plan, submission)
        maps.append({t.id: None if t.status == "error" else t.actual for t in report.targets})
    return maps


def random_maps(plan: Plan, count: int, rng: random.Random) -> list[dict[str, float | None]]:
    """Measure maps drawn directly around each threshold (a tenth of the values absent)."""
    maps = []
    for _ in range(count):
        values: dict[str, float | None] = {}
        for target in plan.targets:
            if rng.random() < 0.1:
                values[target.id] = None
            elif rng.random() < 0.05:
                values[target.id] = target.threshold  # exactly on the boundary
            else:
                values[target.id] = target.threshold * rng.uniform(0.7, 1.3)
        maps.append(values)
    return maps
