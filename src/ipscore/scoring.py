"""Attainment, gaps, readiness scores and grade (docs/scoring.md has the formulas and examples)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ipscore.choices import ScoreModel
from ipscore.plan import Comparator
from ipscore.report import Grade, Status, TargetOutcome

# An unmet target never reaches full attainment, even at the boundary of a strict comparator
# (85 against "超过85%"): only met targets count 1.
UNMET_CAP = 0.999
# Grade: every scored target met → ready; otherwise nearly_ready from this score up.
NEARLY_READY_FROM = 80.0

# Statuses left out of the score altogether.
UNSCORED = {Status.waived, Status.not_applicable}


def attainment(comparator: Comparator, threshold: float, actual: float | None, met: bool) -> float:
    """How far a target is attained, in [0, 1]: 1 when met, a capped ratio otherwise."""
    if met:
        return 1.0
    if actual is None:
        return 0.0
    if comparator.higher_is_better:
        ratio = actual / threshold if threshold > 0 else 0.0
    else:
        ratio = threshold / actual if actual > 0 else 0.0
    return min(max(ratio, 0.0), UNMET_CAP)


def gap(
    comparator: Comparator, threshold: float, actual: float | None
) -> tuple[float | None, float | None]:
    """Absolute shortfall (in the target's unit, ≥ 0) and shortfall relative to the threshold."""
    if actual is None:
        return None, None
    shortfall = threshold - actual if comparator.higher_is_better else actual - threshold
    shortfall = max(shortfall, 0.0)
    relative = shortfall / abs(threshold) if threshold else None
    return shortfall, relative


def scored(outcomes: Iterable[TargetOutcome]) -> list[TargetOutcome]:
    """The outcomes a score counts, in their order: neither waived nor scoped out."""
    return [outcome for outcome in outcomes if outcome.status not in UNSCORED]


def score(
    scored_outcomes: Sequence[TargetOutcome],
    model: ScoreModel,
    attainments: Sequence[float] | None = None,
) -> float:
    """Readiness score 0–100 of the scored outcomes (:func:`scored`) under the chosen model.

    ``attainments``, one per scored outcome, may replace their own (for the projected score).
    Each sum is ``sum()`` over the same values in plan order, whoever calls (on Python 3.12+ a
    float sum is compensated, so another order or a running total could differ in the last digit).
    """
    if not scored_outcomes:
        return 100.0
    if attainments is None:
        attainments = [o.attainment for o in scored_outcomes]
    elif len(attainments) != len(scored_outcomes):
        raise ValueError("one attainment per scored outcome")
    if model is ScoreModel.absolute:
        return 100.0 if all(a >= 1.0 for a in attainments) else 0.0
    weights = [o.weight for o in scored_outcomes]
    total_weight = sum(weights)
    if model is ScoreModel.flat:
        met_weights = [w for w, a in zip(weights, attainments, strict=True) if a >= 1.0]
        return 100.0 * sum(met_weights) / total_weight
    return 100.0 * sum([w * a for w, a in zip(weights, attainments, strict=True)]) / total_weight


def gap_list(scored: Sequence[TargetOutcome]) -> list[TargetOutcome]:
    """Every scored target not met, largest weighted shortfall first (plan order breaks ties:
    the sort is stable)."""
    met = Status.met  # looked up once: an enum member is a slow class attribute
    open_items = [o for o in scored if o.status is not met]
    return sorted(open_items, key=lambda o: -o.weight * (1 - o.attainment))


def grade(gaps: Sequence[TargetOutcome], readiness: float) -> Grade:
    """Ready when no scored target is left open (:func:`gap_list`), else by the score."""
    if not gaps:
        return Grade.ready
    return Grade.nearly_ready if readiness >= NEARLY_READY_FROM else Grade.not_ready
