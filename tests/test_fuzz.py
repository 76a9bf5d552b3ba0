"""Fuzzing the loader, the evaluation and the CLI with arbitrary and almost-valid input.

Whatever the input: only :class:`InputError` escapes the loader and ``evaluate``; the CLI exits
with 0, 1 or 2 and never prints a traceback or an internal error; an error is one line with a
catalogue code and leaves no output file; a rejected input produces no report; and no target whose
data are malformed is ever ``met``.

Profiles (tests/conftest.py): "ci" by default; IPSCORE_HYPOTHESIS_PROFILE=thorough for 10,000
examples per test.
"""

from __future__ import annotations

import copy
import io
import json
import math
import re
from contextlib import redirect_stderr, redirect_stdout
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from helpers import CASES
from hypothesis import event, given
from hypothesis import strategies as st

import ipscore
from ipscore.cli import main
from ipscore.errors import CODES, InputError
from ipscore.io import read_submission
from ipscore.io.json_reader import parse_json_bytes
from ipscore.plan import Comparator
from ipscore.report import Report, Status
from ipscore.submission import submission_from_data

ERROR_LINE = re.compile(r"^ipscore: .*\b(?P<code>[EW]\d{3}) \S")
VALID = [path for path in sorted(CASES.glob("*.json")) if not path.name.endswith(".expected.json")]


@cache
def _case(name: str) -> dict:
    return json.loads((CASES / name).read_text("utf-8"))


@cache
def _plan(plan_id: str) -> ipscore.Plan:
    return ipscore.load_plan(plan_id)


# ---------------------------------------------------------------------------------------------
# Strategies

_odd_text = st.text(
    st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
    | st.sampled_from(["\ud800", "\n", "\u2028", "\ufeff", "\x00"]),
    max_size=12,
)
_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats()
    | st.text(max_size=12)
    | _odd_text
)
json_values = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8) | _odd_text, children, max_size=4)
    ),
    max_leaves=25,
)
_numbers = (
    st.floats(allow_nan=False, allow_infinity=False)
    | st.integers(min_value=-(10**16), max_value=10**16)
    | st.sampled_from([0, -1, 0.5, 0.999, 1, 100, 100.0001, 1e12, 1e12 + 1, 1e308, 5e-324])
)
_keys = st.sampled_from(
    ["2024年", "FY2025", "1989", "2101", "2026", "24", "", "value", "series", "unit", "done"]
    + ["patent_grant", "patent_grants", "region", "as_of", "plans", "indicators", "milestones"]
) | st.text(max_size=6)
_dates = st.dates().map(lambda day: day.isoformat()) | st.sampled_from(
    ["2021-12-31", "2022-01-01", "2025-12-31", "2026-06-30", "2025-02-30", "86400", "2025"]
)
_units = st.sampled_from(["元", "万元", "亿元", "件", "万件", "人", "万人", "%", "倍", "km", ""])


def _encode(value: Any, ascii_only: bool) -> bytes:
    text = json.dumps(value, ensure_ascii=ascii_only, allow_nan=True)
    return text.encode("utf-8", "surrogatepass")


def _paths(node: Any, path: tuple = ()) -> list[tuple]:
    """Every place in a parsed JSON document, the root first."""
    found = [path]
    if isinstance(node, dict):
        for key, child in node.items():
            found.extend(_paths(child, (*path, key)))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found.extend(_paths(child, (*path, index)))
    return found


def _get(node: Any, path: tuple) -> Any:
    for part in path:
        node = node[part]
    return node


def _mutate(doc: Any, draw) -> Any:
    """One random change at a random place: a new value, a scaled number, a deleted or renamed
    key, a date, a unit, an added unknown key."""
    path = draw(st.sampled_from(_paths(doc)))
    node = _get(doc, path)
    operations = ["value", "number", "number", "date", "add"]  # numbers reach the scoring more
    if isinstance(node, int | float) and not isinstance(node, bool):
        operations += ["scale", "scale", "scale"]
    if path and isinstance(_get(doc, path[:-1]), dict):
        operations += ["delete", "rename", "unit"]
    operation = draw(st.sampled_from(operations))
    if operation == "value":
        new: Any = draw(json_values)
    elif operation == "number":
        new = draw(_numbers)
    elif operation == "date":
        new = draw(_dates)
    elif operation == "scale":
        factor = draw(st.sampled_from([-1, 0, 0.01, 1.0000001, 100, 1e6, 1e300]))
        try:
            new = node * factor
        except OverflowError:  # a huge integer times a float
            new = -node
    elif operation == "unit":
        new = {"value": node, "unit": draw(_units)}
    elif operation == "add":
        new = node
        if isinstance(node, dict):
            new = {**node, draw(_keys): draw(_numbers | json_values)}
    else:
        new = None
    if not path:
        return new if operation != "delete" else {}
    parent = _get(doc, path[:-1])
    key = path[-1]
    if operation == "delete":
        del parent[key]
    elif operation == "rename":
        value = parent.pop(key)
        parent[draw(_keys)] = value
    else:
        parent[key] = new
    return doc


@st.composite
def mutated_cases(draw) -> tuple[str, Any]:
    """A valid case with one to three random changes: (its name, the changed document)."""
    name = draw(st.sampled_from([path.name for path in VALID]))
    doc = copy.deepcopy(_case(name))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        doc = _mutate(doc, draw)
    return name, doc


@st.composite
def renumbered_cases(draw) -> tuple[str, Any]:
    """A valid case with some of its numbers replaced by other numbers (0, tiny, huge, negative):
    the shape stays valid, so most of these reach the scoring."""
    name = draw(st.sampled_from([path.name for path in VALID]))
    doc = copy.deepcopy(_case(name))
    numbers = [
        path
        for path in _paths(doc)
        if isinstance(_get(doc, path), int | float) and not isinstance(_get(doc, path), bool)
    ]
    for path in draw(st.lists(st.sampled_from(numbers), min_size=1, max_size=6, unique=True)):
        old = _get(doc, path)
        near = st.floats(0, 3).map(lambda factor, old=old: old * factor)  # a plausible change
        _get(doc, path[:-1])[path[-1]] = draw(st.one_of(near, near, _numbers))
    return name, doc


@st.composite
def edited_bytes(draw) -> bytes:
    """A valid case's bytes with a few bytes inserted, deleted or replaced."""
    raw = bytearray(draw(st.sampled_from(VALID)).read_bytes())
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(raw) - 1))
        change = draw(st.sampled_from(["insert", "delete", "replace"]))
        if change == "delete":
            del raw[at : at + draw(st.integers(min_value=1, max_value=8))]
        else:
            piece = draw(
                st.binary(min_size=1, max_size=4)
                | st.sampled_from([b",", b"}", b"]", b'"', b"NaN", b"-", b"1e999", b"\xef\xbb\xbf"])
            )
            raw[at : at + (change == "replace")] = piece
        if not raw:
            break
    return bytes(raw)


# ---------------------------------------------------------------------------------------------
# What must hold


def _check_error(error: InputError) -> None:
    event(f"rejected: {error.code}")  # the statistics show which codes the fuzzing reaches
    assert error.code in CODES
    assert len(error.line().splitlines()) == 1


def _check_report(report: Report) -> None:
    """Nothing malformed is met: a met target has a finite measure that meets its threshold,
    and every value it was measured from is finite."""
    assert all(warning.code in CODES for warning in report.warnings)
    event("report" + "".join(sorted({f" {w.code}" for w in report.warnings})))
    assert math.isfinite(report.score) and 0 <= report.score <= 100
    for target in report.targets:
        assert target.actual is None or math.isfinite(target.actual), target
        if target.status is not Status.met:
            continue
        assert target.actual is not None and math.isfinite(target.actual), target
        assert Comparator(target.comparator).holds(target.actual, target.threshold), target
        assert all(math.isfinite(value) for value in (target.series or {}).values()), target


def _load(raw: bytes) -> ipscore.Submission | None:
    """The loader on raw bytes: a submission, or None after an InputError (nothing else)."""
    try:
        return submission_from_data(parse_json_bytes(raw, "fuzz.json"), "fuzz.json")
    except InputError as error:
        _check_error(error)
        return None


def _evaluate(plan_id: str, submission: Any) -> Report | None:
    try:
        report = ipscore.evaluate(_plan(plan_id), submission)
    except InputError as error:
        _check_error(error)
        return None
    _check_report(report)
    return report


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def _check_cli(code: int, out: str, err: str) -> None:
    assert code in (0, 1, 2)
    assert "Traceback" not in err and "internal error" not in err, err
    if code == 2:
        assert out == ""
        lines = err.splitlines()
        assert lines and all(ERROR_LINE.match(line) for line in lines), err
        assert all(ERROR_LINE.match(line)["code"] in CODES for line in lines)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


# ---------------------------------------------------------------------------------------------
# The loader


@given(st.one_of(st.binary(max_size=400), st.sampled_from(VALID).map(Path.read_bytes)))
def test_loader_arbitrary_bytes(raw):
    """Bytes are rejected with a catalogue code, or read as the JSON object they are: the
    region, the date and every indicator and milestone key, nothing dropped or added."""
    submission = _load(raw)
    event("accepted" if submission is not None else "rejected")
    if submission is not None:
        data = json.loads(raw.decode("utf-8-sig"))
        assert submission.region == data["region"]
        assert submission.as_of.isoformat() == data["as_of"]
        assert set(submission.indicators) == set(data.get("indicators", {}))
        assert set(submission.milestones) == set(data.get("milestones", {}))


@given(json_values, st.booleans())
def test_loader_arbitrary_json(value, ascii_only):
    assert _load(_encode(value, ascii_only)) is None or isinstance(value, dict)


@given(edited_bytes())
def test_loader_edited_case_bytes(raw):
    _load(raw)


@given(st.binary(max_size=300))
def test_read_submission_file(workspace, raw):
    path = workspace / "read.json"
    path.write_bytes(raw)
    try:
        read_submission(path)
    except InputError as error:
        _check_error(error)
        assert error.file == str(path)


# ---------------------------------------------------------------------------------------------
# Evaluation


@given(mutated_cases() | renumbered_cases(), st.booleans())
def test_evaluate_mutated_case(case, through_json):
    name, doc = case
    plan_id = _case(name)["plans"][0]
    if through_json:
        submission = _load(_encode(doc, ascii_only=False))
        if submission is not None:
            _evaluate(plan_id, submission)
    else:
        _evaluate(plan_id, doc)  # a parsed dict, as the Python API takes it


@given(json_values)
def test_evaluate_arbitrary_value(value):
    if isinstance(value, dict):
        _evaluate("nanjing-2022-2025", value)
    elif not isinstance(value, str):  # a string is a file name for evaluate
        with pytest.raises(InputError) as caught:
            ipscore.evaluate(_plan("nanjing-2022-2025"), value)
        assert caught.value.code == "E110" and caught.value.path == "$"


# ---------------------------------------------------------------------------------------------
# The CLI


@given(mutated_cases() | renumbered_cases())
def test_cli_mutated_case(workspace, case):
    _, doc = case
    data = workspace / "data.json"
    report = workspace / "report.json"
    data.write_bytes(_encode(doc, ascii_only=False))
    report.unlink(missing_ok=True)
    code, out, err = _run("check", str(data), "--format", "json", "-o", str(report))
    _check_cli(code, out, err)
    assert not list(workspace.glob("*.part"))
    if code == 2:
        assert not report.exists()  # a rejected input: no report at all
    else:
        reports = json.loads(report.read_text("utf-8"))
        for item in reports if isinstance(reports, list) else [reports]:
            _check_report(Report.model_validate(item))


@given(st.binary(max_size=300) | edited_bytes(), st.booleans())
def test_cli_arbitrary_bytes(workspace, raw, strict):
    data = workspace / "bytes.json"
    data.write_bytes(raw)
    code, out, err = _run("check", str(data), "--format", "json", *(["--strict"] * strict))
    _check_cli(code, out, err)
    if code in (0, 1):
        assert json.loads(out)


# ---------------------------------------------------------------------------------------------
# A bad value for a target's own data is never scored


def _targeted() -> list[tuple[str, str]]:
    """(case, indicator key) for every catalogue indicator a case gives as a yearly series."""
    pairs = []
    for path in VALID:
        case = _case(path.name)
        catalogue = {**ipscore.load_catalogue(), **_plan(case["plans"][0]).catalogue}
        for key, value in case.get("indicators", {}).items():
            if key in catalogue and isinstance(value, dict) and all(k.isdigit() for k in value):
                pairs.append((path.name, key))
    return pairs


_BAD_VALUES = st.sampled_from(
    [-1, -0.001, "12", "", True, None, [], {}, {"value": 1}, 1e13, "NaN"]
) | st.text(max_size=5)


@given(st.sampled_from(_targeted()), st.data())
def test_bad_value_in_a_series_is_rejected_with_its_path(workspace, pair, data):
    name, key = pair
    doc = copy.deepcopy(_case(name))
    series = doc["indicators"][key]
    year = data.draw(st.sampled_from(sorted(series)))
    series[year] = data.draw(_BAD_VALUES)
    raw = _encode(doc, ascii_only=False)
    if series[year] == "NaN":
        raw = raw.replace(b'"NaN"', b"NaN")

    with pytest.raises(InputError) as caught:
        ipscore.evaluate(_plan(doc["plans"][0]), submission_from_data(parse_json_bytes(raw, "x")))
    expected = re.escape(f"$.indicators.{key}.{year}")
    # a value the parser refuses (NaN) is placed in the text; the others are found after parsing
    assert re.fullmatch(rf"{expected}|line \d+, column \d+ \({expected}\)", caught.value.path)

    path = workspace / "bad.json"
    path.write_bytes(raw)
    code, out, err = _run("check", str(path), "--format", "json")
    assert code == 2 and out == ""
    assert re.search(
        rf": line \d+, column \d+ \({re.escape(f'$.indicators.{key}.{year}')}\): ", err
    )
