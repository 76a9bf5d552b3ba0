"""The report's final flag, score, grade, dimensions and gap list are worked out in few passes
over the outcomes (evaluate._report, scoring.py); they must equal the definitions of
docs/scoring.md written out plainly here, for any submission, waivers and score model, to the
last digit."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import ipscore
from ipscore.plan import Dimension
from ipscore.report import Grade, Report, Status, TargetOutcome
from ipscore.scoring import NEARLY_READY_FROM
from ipscore.testing import submissions
from ipscore.waivers import Waiver

PLANS = {plan.id: ipscore.load_plan(plan.id) for plan in ipscore.list_plans()}
UNSCORED = (Status.waived, Status.not_applicable)


def _score(outcomes: list[TargetOutcome], model: str, attainments: list[float]) -> float:
    pairs = [(o, a) for o, a in zip(outcomes, attainments, strict=True) if o.status not in UNSCORED]
    if not pairs:
        return 100.0
    total = sum(o.weight for o, _ in pairs)
    if model == "absolute":
        return 100.0 if all(a >= 1.0 for _, a in pairs) else 0.0
    if model == "flat":
        return 100.0 * sum(o.weight for o, a in pairs if a >= 1.0) / total
    return 100.0 * sum(o.weight * a for o, a in pairs) / total


def _plainly(report: Report) -> dict:
    """Score, grade, dimensions and gaps by their definitions, from the outcomes alone."""
    targets = list(report.targets)
    own = [o.attainment for o in targets]
    scored = [o for o in targets if o.status not in UNSCORED]
    readiness = round(_score(targets, report.model, own), 2)
    if all(o.status == Status.met for o in scored):
        grade = Grade.ready
    else:
        grade = Grade.nearly_ready if readiness >= NEARLY_READY_FROM else Grade.not_ready
    order = {o.id: i for i, o in enumerate(targets)}
    gaps = sorted(
        (o for o in scored if o.status != Status.met),
        key=lambda o: (-o.weight * (1 - o.attainment), order[o.id]),
    )
    dimensions = []
    for dimension in Dimension:
        members = [o for o in targets if o.dimension == dimension]
        if members:
            counted = [o for o in members if o.status not in UNSCORED]
            attainments = [o.attainment for o in members]
            dimensions.append(
                (
                    dimension,
                    round(_score(members, report.model, attainments), 2),
                    sum(o.status == Status.met for o in counted),
                    len(counted),
                )
            )
    return {
        "final": all(report.as_of >= o.deadline for o in targets),
        "score": readiness,
        "grade": grade,
        "gaps": [o.id for o in gaps],
        "dimensions": dimensions,
    }


def _as_reported(report: Report) -> dict:
    return {
        "final": report.final,
        "score": report.score,
        "grade": report.grade,
        "gaps": [o.id for o in report.gaps],
        "dimensions": [(d.key, d.score, d.met, d.total) for d in report.dimensions],
    }


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_scores_equal_their_plain_definitions(data):
    plan = PLANS[data.draw(st.sampled_from(sorted(PLANS)))]
    submission = data.draw(submissions(plan))
    model = data.draw(st.sampled_from(["weighted", "flat", "absolute"]))
    waived = data.draw(st.lists(st.sampled_from([t.id for t in plan.targets]), max_size=4))
    waivers = [Waiver(target=t, justification="set aside") for t in sorted(set(waived))]
    report = ipscore.evaluate(plan, submission, model=model, waivers=waivers)
    assert _as_reported(report) == _plainly(report)
    if report.score_without_waivers is not None:  # some waiver applied
        without = ipscore.evaluate(plan, submission, model=model)
        assert report.score_without_waivers == without.score == _plainly(without)["score"]


def test_the_comparison_fails_on_ties_out_of_plan_order():
    """Equal shortfalls (no data: attainment 0, equal weights) keep plan order; the plain
    definition tells them reversed apart."""
    plan = PLANS["nanjing-2022-2025"]
    report = ipscore.evaluate(plan, {"region": "南京市", "as_of": "2025-12-31", "indicators": {}})
    assert len(report.gaps) > 2
    reversed_ties = report.model_copy(update={"gaps": list(reversed(report.gaps))})
    assert _as_reported(reversed_ties) != _plainly(report)
