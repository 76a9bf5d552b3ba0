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


# --- render ---------------------------------------------------------------------------------------


def test_render_is_public_and_matches_the_cli(cli):
    report = ipscore.evaluate(PLAN, CASE)
    for fmt in ("table", "markdown", "html", "json"):
        for lang in ("zh", "en"):
            shown = cli("check", CASE, "--format", fmt, "--lang", lang)
            assert ipscore.render(report, fmt, lang) == shown.out
    assert json.loads(ipscore.render(report, "json")) == json.loads(report.model_dump_json())


def test_render_takes_several_reports():
    reports = [
        ipscore.evaluate(PLAN, CASE),
        ipscore.evaluate(PLAN, CASES / "nanjing-2024-midterm.json"),
    ]
    assert [r["as_of"] for r in json.loads(ipscore.render(reports, "json"))] == [
        "2025-12-31",
        "2024-12-31",
    ]


@pytest.mark.parametrize(
    ("args", "error", "words"),
    [
        ((None,), TypeError, "report must be an ipscore.Report or a list of them, not NoneType"),
        (("report text",), TypeError, "not str"),
        (([{"score": 1}],), TypeError, "report must be an ipscore.Report, not dict"),
        (("REPORT", "pdf"), ValueError, "format must be one of table, json, markdown, html"),
        (("REPORT", "table", "fr"), ValueError, "lang must be one of zh, en, not 'fr'"),
    ],
)
def test_render_refuses_wrong_arguments_clearly(args, error, words):
    report = ipscore.evaluate(PLAN, CASE)
    args = tuple(report if a == "REPORT" else a for a in args)
    with pytest.raises(error, match=words):
        ipscore.render(*args)


# --- evaluate_many --------------------------------------------------------------------------------


def test_evaluate_many_yields_a_result_or_an_error_per_file(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    for name in ("nanjing-2025-partial", "hefei-2025-partial"):
        shutil.copy(CASES / f"{name}.json", folder / f"{name}.json")
        shutil.copy(CASES / f"{name}.expected.json", folder / f"{name}.expected.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{", "utf-8")
    data = json.loads(CASE.read_text("utf-8"))
    results = list(ipscore.evaluate_many([folder, broken, data]))
    assert [r.index for r in results] == [0, 1, 2, 3]
    assert [r.file for r in results] == [
        str(folder / "hefei-2025-partial.json"),
        str(folder / "nanjing-2025-partial.json"),
        str(broken),
        None,
    ]
    assert [r.ok for r in results] == [True, True, False, True]
    assert results[2].error.code == "E103" and results[2].error.file == str(broken)
    assert [r.plan.id for r in results[0].reports] == ["hefei-2022-2025"]
    expected = ipscore.evaluate(PLAN, CASE)
    assert results[1].reports[0].targets == expected.targets  # the same file, copied
    assert results[3].reports[0].score == expected.score


def test_evaluate_many_with_one_plan_for_all():
    results = list(ipscore.evaluate_many([CASE, CASES / "hefei-2025-partial.json"], PLAN))
    assert [r.reports[0].plan.id for r in results] == [PLAN, PLAN]
    assert any(w.code == "W205" for w in results[1].reports[0].warnings)  # not Nanjing's data


def test_evaluate_many_is_lazy_but_checks_its_arguments_at_once(tmp_path):
    with pytest.raises(TypeError, match="submissions must be a list"):
        ipscore.evaluate_many(CASE)
    with pytest.raises(TypeError, match="plan must be"):
        ipscore.evaluate_many([CASE], plan=3)
    with pytest.raises(ValueError, match="model must be one of"):
        ipscore.evaluate_many([CASE], model="best")
    missing = tmp_path / "later.json"
    results = ipscore.evaluate_many([missing])  # nothing is read before the first next()
    shutil.copy(CASE, missing)
    assert next(results).ok


def test_every_public_name_is_in_all():
    """The names are imported on first use: dir() lists them before they are."""
    public = {name for name in dir(ipscore) if not name.startswith("_")}
    modules = {name for name in public if inspect.ismodule(getattr(ipscore, name))}
    assert sorted(ipscore.__all__) == sorted((public - modules) | {"__version__"})
    assert callable(ipscore.render)  # the function, not the private renderer package
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = ipscore.nothing
