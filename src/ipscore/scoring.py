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


def _scored(outcomes: Iterable[TargetOutcome]) -> list[TargetOutcome]:
    return [outcome for outcome in outcomes if outcome.status not in UNSCORED]


def score(
    outcomes: Iterable[TargetOutcome], model: ScoreModel, attainments: Sequence[float] | None = None
) -> float:
    """Readiness score 0–100 over the scored targets under the chosen model.

    ``attainments`` may replace the outcomes' own attainment (for the projected score).
    """
    items = list(outcomes)
    values = list(attainments) if attainments is not None else [o.attainment for o in items]
    pairs = [(o, a) for o, a in zip(items, values, strict=True) if o.status not in UNSCORED]
    if not pairs:
        return 100.0
    total_weight = sum(o.weight for o, _ in pairs)
    if model is ScoreModel.absolute:
        return 100.0 if all(a >= 1.0 for _, a in pairs) else 0.0
    if model is ScoreModel.flat:
        return 100.0 * sum(o.weight for o, a in pairs if a >= 1.0) / total_weight
    return 100.0 * sum(o.weight * a for o, a in pairs) / total_weight


def grade(outcomes: Iterable[TargetOutcome], readiness: float) -> Grade:
    scored = _scored(outcomes)
    if all(outcome.status is Status.met for outcome in scored):
        return Grade.ready
    return Grade.nearly_ready if readiness >= NEARLY_READY_FROM else Grade.not_ready


def gap_list(outcomes: Sequence[TargetOutcome]) -> list[TargetOutcome]:
    """Every scored target not met, largest weighted shortfall first (plan order breaks ties)."""
    order = {outcome.id: index for index, outcome in enumerate(outcomes)}
    open_items = [o for o in _scored(outcomes) if o.status is not Status.met]
    return sorted(open_items, key=lambda o: (-o.weight * (1 - o.attainment), order[o.id]))
