"""The public API: one reader for every submission format, typed arguments, no CLI leftovers."""

from __future__ import annotations

import inspect
import json
import shutil

import pytest

import ipscore
from ipscore.errors import InputError
from tests.helpers import CASES

CASE = CASES / "nanjing-2025-partial.json"
PLAN = "nanjing-2022-2025"


def test_read_submission_dispatches_by_suffix_in_any_case(tmp_path):
    upper = tmp_path / "NJ.JSON"
    shutil.copy(CASE, upper)
    submission = ipscore.read_submission(upper)
    assert submission == ipscore.read_submission(CASE)
    assert submission.source.file == str(upper)


@pytest.mark.parametrize("name", ["data.txt", "data.yaml", "data"])
def test_read_submission_refuses_an_unknown_suffix(tmp_path, name):
    path = tmp_path / name
    path.write_text(CASE.read_text("utf-8"), "utf-8")
    with pytest.raises(InputError) as raised:
        ipscore.read_submission(path)
    assert (raised.value.code, raised.value.file) == ("E119", str(path))


def test_a_submission_equals_the_same_data_from_another_file(tmp_path):
    copy = tmp_path / "copy.json"
    shutil.copy(CASE, copy)
    data = json.loads(CASE.read_text("utf-8"))
    from_file = ipscore.read_submission(copy)
    assert from_file == ipscore.Submission.model_validate(data)
    assert from_file.source.file == str(copy)
    assert ipscore.Submission.model_validate(data).source.file is None


def test_evaluate_has_no_cli_only_parameters():
    parameters = inspect.signature(ipscore.evaluate).parameters
    assert list(parameters) == ["plan", "submission", "model", "projection", "waivers"]


def test_warnings_name_the_file_the_submission_came_from(tmp_path):
    copy = tmp_path / "renamed.json"
    data = json.loads(CASE.read_text("utf-8"))
    data["region"] = "别处"  # W205: not the plan's region
    copy.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    for given in (copy, ipscore.read_submission(copy)):
        warning = next(w for w in ipscore.evaluate(PLAN, given).warnings if w.code == "W205")
        assert warning.file == str(copy)
    from_dict = ipscore.evaluate(PLAN, data).warnings
    assert next(w for w in from_dict if w.code == "W205").file is None


def test_waiver_warnings_name_the_waiver_file(tmp_path):
    plan = ipscore.load_plan(PLAN)
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        f"waivers:\n  - target: {plan.targets[0].id}\n    justification: 口径调整\n"
        "    expires: 2020-01-01\n",
        "utf-8",
    )
    read = ipscore.read_waivers(waivers)
    assert read[0].source.file == str(waivers)
    for given in (waivers, read):
        warnings = ipscore.evaluate(plan, CASE, waivers=given).warnings
        assert [w.file for w in warnings if w.code == "W203"] == [str(waivers)]


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: ipscore.evaluate(None, CASE), "plan must be an ipscore.Plan"),
        (lambda: ipscore.evaluate(42, CASE), "not int"),
        (lambda: ipscore.evaluate(PLAN, CASE, waivers=5), "waivers must be a list"),
        (lambda: ipscore.evaluate(PLAN, CASE, waivers=["x"]), "waivers must be a list"),
    ],
)
def test_a_wrong_argument_type_is_a_clear_type_error(call, words):
    with pytest.raises(TypeError, match=words):
        call()


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"model": "best"}, "model must be one of weighted, flat, absolute, not 'best'"),
        ({"projection": "magic"}, "projection must be None or one of cagr, linear"),
    ],
)
def test_a_wrong_option_value_lists_the_choices(options, words):
    with pytest.raises(ValueError, match=words):
        ipscore.evaluate(PLAN, CASE, **options)


@pytest.mark.parametrize("submission", [None, [1, 2], 3.5])
def test_a_submission_that_is_no_object_is_an_input_error(submission):
    with pytest.raises(InputError) as raised:
        ipscore.evaluate(PLAN, submission)
    assert raised.value.code == "E110"
