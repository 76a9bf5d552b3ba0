"""Attainment, gaps, readiness scores and grade (docs/scoring.md has the formulas and examples)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

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


def scored(statuses: Iterable[Status]) -> list[int]:
    """The positions (plan order) of the targets a score counts: neither waived nor scoped out."""
    return [i for i, status in enumerate(statuses) if status not in UNSCORED]


class Counted(NamedTuple):
    """The targets a score counts (all the scored ones, or a dimension's): their positions in
    plan order and their summed weight. Without waivers they are the plan's, so evaluate works
    them out once per plan."""

    positions: tuple[int, ...]
    weight: float


def counted(positions: Iterable[int], weights: Sequence[float]) -> Counted:
    """The targets at ``positions`` with their summed weight (``weights``: every target's)."""
    kept = tuple(positions)
    return Counted(kept, sum([weights[i] for i in kept]))


def score(
    targets: Counted,
    weights: Sequence[float],
    attainments: Sequence[float],
    model: ScoreModel,
) -> float:
    """Readiness score 0–100 of the counted ``targets`` under the chosen model.

    ``weights`` and ``attainments`` hold every target's, in plan order: the plan's weights are
    read once per plan, and the projected score passes projected attainments. Each sum is
    ``sum()`` over the same values in plan order, whoever calls (on Python 3.12+ a float sum is
    compensated, so another order or a running total could differ in the last digit).
    """
    positions = targets.positions
    if not positions:
        return 100.0
    if model is ScoreModel.absolute:
        return 100.0 if all(attainments[i] >= 1.0 for i in positions) else 0.0
    if model is ScoreModel.flat:
        met = sum([weights[i] for i in positions if attainments[i] >= 1.0])
        return 100.0 * met / targets.weight
    return 100.0 * sum([weights[i] * attainments[i] for i in positions]) / targets.weight


def gap_list(outcomes: Sequence[TargetOutcome], positions: Sequence[int]) -> list[TargetOutcome]:
    """Every scored target (at ``positions``) not met, largest weighted shortfall first (plan
    order breaks ties: the sort is stable)."""
    met = Status.met  # looked up once: an enum member is a slow class attribute
    open_items = [o for o in map(outcomes.__getitem__, positions) if o.status is not met]
    return sorted(open_items, key=lambda o: -o.weight * (1 - o.attainment))


def grade(gaps: Sequence[TargetOutcome], readiness: float) -> Grade:
    """Ready when no scored target is left open (:func:`gap_list`), else by the score."""
    if not gaps:
        return Grade.ready
    return Grade.nearly_ready if readiness >= NEARLY_READY_FROM else Grade.not_ready
