"""evaluate assembles its outcome models without validating them again (``Frozen.assemble``, for
speed): every model it assembles must equal the same values validated, type for type and in the
fields' order, or the report's JSON and the renderers would drift from the contract."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from helpers import CASES
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import ipscore
from ipscore.plan import Dimension
from ipscore.report import DimensionScore, Frozen, Report, Status
from ipscore.testing import submissions
from ipscore.waivers import Waiver

PLANS = {plan.id: ipscore.load_plan(plan.id) for plan in ipscore.list_plans()}


def _shape(value: Any) -> Any:
    """The value with the type of every part of it, models field by field in their order."""
    if isinstance(value, BaseModel):
        fields = [(name, _shape(part)) for name, part in value.__dict__.items()]
        return type(value), sorted(value.model_fields_set), fields
    if isinstance(value, list | tuple):
        return type(value), [_shape(item) for item in value]
    if isinstance(value, dict):
        return dict, [(_shape(key), _shape(item)) for key, item in value.items()]
    return type(value), value


def _assert_as_validated(model: BaseModel) -> None:
    validated = type(model).model_validate(model.model_dump())
    assert list(model.__dict__) == list(type(model).model_fields)
    assert _shape(model) == _shape(validated)
    assert model.model_dump_json() == validated.model_dump_json()


def _assert_report_as_validated(report: Report) -> None:
    """The report, its dimensions, outcomes, projections and alternative readings; and every
    series shown in year order (evaluate copies the data's, which it keeps in year order,
    without sorting them again)."""
    _assert_as_validated(report)
    for outcome in report.targets:
        projection = outcome.projection
        for series in (outcome.series, projection.points if projection is not None else None):
            assert series is None or list(series) == sorted(series), outcome.id


def _case(name: str) -> tuple[ipscore.Plan, dict[str, Any]]:
    data = json.loads((CASES / name).read_text("utf-8"))
    return PLANS[data["plans"][0]], data


CASE_NAMES = sorted(p.name for p in CASES.glob("*.json") if not p.name.endswith(".expected.json"))


@pytest.mark.parametrize("name", CASE_NAMES)
def test_every_case_assembles_what_validation_gives(name):
    plan, data = _case(name)
    for projection in (None, "linear"):
        _assert_report_as_validated(ipscore.evaluate(plan, data, projection=projection))


def test_a_waived_outcome_assembles_what_validation_gives():
    plan, data = _case("nanjing-2024-midterm.json")
    waivers = [
        Waiver(target=t.id, justification="set aside here", expires=dt.date(2030, 1, 1))
        for t in plan.targets[:10]
    ]
    report = ipscore.evaluate(plan, data, waivers=waivers)
    assert any(o.waiver is not None for o in report.targets)
    assert any(o.projection is not None for o in report.targets)
    _assert_report_as_validated(report)


@given(st.data())
def test_generated_submissions_assemble_what_validation_gives(data):
    plan = PLANS[data.draw(st.sampled_from(sorted(PLANS)))]
    submission = data.draw(submissions(plan))
    _assert_report_as_validated(ipscore.evaluate(plan, submission))


def test_the_check_sees_a_value_of_the_wrong_type():
    """A float field given an int dumps as ``1``, not ``1.0``: the check must fail on it."""
    right = DimensionScore.assemble(
        {"key": Dimension.creation, "label": "创造", "score": 1.0, "met": 1, "total": 2}
    )
    _assert_as_validated(right)
    wrong = DimensionScore.assemble(
        {"key": Dimension.creation, "label": "创造", "score": 1, "met": 1, "total": 2}
    )
    with pytest.raises(AssertionError):
        _assert_as_validated(wrong)
    out_of_order = DimensionScore.assemble(
        {"label": "创造", "key": Dimension.creation, "score": 1.0, "met": 1, "total": 2}
    )
    with pytest.raises(AssertionError):
        _assert_as_validated(out_of_order)


def _models(base: type[Frozen]) -> list[type[Frozen]]:
    return [base] + [model for sub in base.__subclasses__() for model in _models(sub)]


def test_no_assembled_model_makes_its_own_instances():
    """``Frozen.assemble`` makes an instance with ``object.__new__``: a model defining
    ``__new__`` would be skipped."""
    models = _models(Frozen)
    assert DimensionScore in models and Report in models
    assert all(model.__new__ is object.__new__ for model in models)


def _milestone(plan: ipscore.Plan) -> str:
    return next(t.indicator for t in plan.targets if t.kind == "milestone" and not t.alternatives)


def test_a_milestones_outcome_follows_its_own_submission_on_a_reused_plan():
    """A milestone's outcome fields are kept per plan by (deadline passed, measure, status):
    the same Plan evaluated with the milestone delivered, not delivered and not given."""
    plan, data = _case("nanjing-2025-partial.json")
    key = _milestone(plan)
    target = next(t.id for t in plan.targets if t.indicator == key)
    seen = {}
    for done in (True, False, None, True):
        submission = json.loads(json.dumps(data))
        submission.setdefault("milestones", {}).pop(key, None)
        if done is not None:
            submission["milestones"][key] = done
        outcome = next(o for o in ipscore.evaluate(plan, submission).targets if o.id == target)
        _assert_as_validated(outcome)
        seen.setdefault(done, outcome.model_dump_json())
        assert seen[done] == outcome.model_dump_json()
        assert outcome.status == {True: "met", False: "missed", None: "no_data"}[done]
        assert outcome.evidence == {True: "delivered", False: "not delivered", None: None}[done]


def test_an_outcomes_containers_cannot_be_changed():
    """Outcomes may be shared between reports, so nothing in one can be changed in place."""
    plan, data = _case("nanjing-2024-midterm.json")
    report = ipscore.evaluate(plan, data)
    with_readings = next(o for o in report.targets if o.alternatives)
    for outcome in (report.targets[0], with_readings):
        assert isinstance(outcome.owners, tuple) and isinstance(outcome.missing_years, tuple)
        assert isinstance(outcome.alternatives, tuple)
        with pytest.raises(ValidationError):
            outcome.status = Status.met  # type: ignore[misc]
    read_back = Report.model_validate_json(report.model_dump_json())
    assert all(isinstance(o.owners, tuple) for o in read_back.targets)
    assert read_back.model_dump_json() == report.model_dump_json()


def test_a_shared_outcome_takes_no_waiver_or_status_from_another_report():
    """A milestone's outcome is one instance across reports of a plan: a waiver in one report,
    or another status in another, must not show in the next."""
    plan, data = _case("nanjing-2025-partial.json")
    key = _milestone(plan)
    target = next(t.id for t in plan.targets if t.indicator == key)

    def milestone_outcome(done: bool, waivers: list[Waiver] | None = None) -> Any:
        submission = json.loads(json.dumps(data))
        submission.setdefault("milestones", {})[key] = done
        report = ipscore.evaluate(plan, submission, waivers=waivers)
        return next(o for o in report.targets if o.id == target)

    before = milestone_outcome(False)
    waived = milestone_outcome(False, [Waiver(target=target, justification="set aside")])
    after = milestone_outcome(False)
    met = milestone_outcome(True)
    again = milestone_outcome(False)
    assert before is after is again  # shared: the same instance
    assert waived.status == "waived" and waived.waiver is not None
    assert after.status == "missed" and after.waiver is None
    assert met.status == "met" and met is not before
    assert before.model_dump_json() == again.model_dump_json()
    _assert_as_validated(waived)
