"""The plain reading of a submission (submission._plain_submission) is the models' reading.

Reading a dict takes a shortcut when every part of it is in the plain shape: it must give what
validating with the models gives (the same values of the same types, the same fields set), and
leave everything else to the models, so every message stays theirs.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from helpers import CASES
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from ipscore.errors import InputError
from ipscore.submission import Submission, _plain_submission, submission_from_data


def _state(value: Any) -> Any:
    """Everything a model holds, type for type (1 and 1.0 differ), with the fields set."""
    if isinstance(value, BaseModel):
        return (
            type(value),
            [(name, _state(field)) for name, field in value.__dict__.items()],
            sorted(value.__pydantic_fields_set__),
            value.__pydantic_extra__,
            repr(value.__pydantic_private__),
        )
    if isinstance(value, dict):
        return (dict, [(_state(key), _state(item)) for key, item in value.items()])
    if isinstance(value, list):
        return (list, [_state(item) for item in value])
    return (type(value), repr(value))


def _assert_read_as_the_models_read(data: dict[str, Any]) -> Submission | None:
    plain = _plain_submission(data)
    if plain is not None:
        validated = Submission.model_validate(data)  # never raises for what the shortcut takes
        assert _state(plain) == _state(validated)
        assert plain == validated and repr(plain) == repr(validated)
        assert plain.plans is None or plain.plans is not data["plans"]  # a copy, as validated
    return plain


_FINITE = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(2**1023) + 1, 2**1023 - 1),
    st.sampled_from([2**1023 - 1, -0.0, 0]),
)
_DATE = st.dates().map(dt.date.isoformat)
_SERIES = st.dictionaries(st.integers(1990, 2100).map(str), _FINITE, min_size=1, max_size=4)
_UNIT = {"unit": st.sampled_from(["万件", "", None])}
_PLAIN = st.fixed_dictionaries(
    {
        "region": st.sampled_from(["南京市", "a"]),
        "as_of": _DATE,
        "indicators": st.dictionaries(
            st.text(max_size=4),
            st.one_of(
                _FINITE,
                _SERIES,
                st.fixed_dictionaries({"value": _FINITE}, optional=_UNIT),
                st.fixed_dictionaries({"series": _SERIES}, optional=_UNIT),
            ),
            max_size=4,
        ),
        "milestones": st.dictionaries(
            st.text(max_size=4),
            st.one_of(
                st.booleans(),
                st.fixed_dictionaries(
                    {"done": st.booleans()}, optional={"date": st.one_of(st.none(), _DATE)}
                ),
            ),
            max_size=4,
        ),
    },
    optional={"plans": st.one_of(st.none(), st.lists(st.sampled_from(["p-1", "南京"])))},
)

# What a part of a plain submission is replaced by: odd values and keys, and plain ones of
# another part (a date where a number belongs). Each drawn value is a fresh copy: a container
# sampled from a list is one object, and put into a submission and changed there it would grow
# from example to example (and could come to hold itself).
_ODD_VALUES = st.one_of(
    st.sampled_from([2**1023, -(2**1023), 2**1024, 1e308, float("nan"), float("inf"), True]),
    st.sampled_from([None, "", "a\nb", "a\u202eb", "a\ud800", "2025", "1,000", [], {}, [1]]),
    st.just({"x": 1}),
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),
    st.sampled_from(["2025-1-01", "2025-02-30", "0000-01-01", "2025-12-31T00:00", "20251231"]),
    st.dates(),
    _FINITE,
    _SERIES,
    st.booleans(),
).map(copy.deepcopy)
_ODD_KEYS = st.one_of(
    st.sampled_from(["1989", "2101", "2025 ", "２０２５", "+202", "0202", "value", "series"]),
    st.sampled_from(["unit", "done", "date", "plans", "region", "extra", ""]),
    st.integers(2020, 2026),
    st.booleans(),
    st.text(max_size=3),
)


def _places(value: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) of a parsed JSON value, outermost first."""
    children = enumerate(value) if isinstance(value, list) else value.items()
    found = []
    for key, child in list(children):
        found.append((value, key))
        if isinstance(child, dict | list):
            found.extend(_places(child))
    return found


@st.composite
def _near_plain(draw: st.DrawFn) -> dict[str, Any]:
    """A plain submission with none, one or two of its parts replaced, renamed or added to."""
    data = json.loads(json.dumps(draw(_PLAIN)))  # as JSON gives it (ints stay ints)
    for _ in range(draw(st.integers(0, 2))):
        places = _places(data)
        container, key = draw(st.sampled_from([*places, (data, None)]))
        change = draw(st.sampled_from(["value", "key", "add"]))
        if key is None or change == "add":
            target = container if isinstance(container, dict) else data
            target[draw(_ODD_KEYS)] = draw(_ODD_VALUES)
        elif change == "key" and isinstance(container, dict):
            container[draw(_ODD_KEYS)] = container.pop(key)
        else:
            container[key] = draw(_ODD_VALUES)
    return data


@settings(max_examples=max(settings().max_examples, 300))
@given(_near_plain())
def test_the_plain_reading_takes_only_what_the_models_read_the_same(data):
    _assert_read_as_the_models_read(data)


@given(_PLAIN)
def test_plain_data_is_read_without_the_models(data):
    """Not a shortcut that never runs: the plain shapes (numbers as JSON gives them, a unit
    around a value, a milestone with or without a date) are all read by it."""
    data = json.loads(json.dumps(data))
    assert _assert_read_as_the_models_read(data) is not None


@pytest.mark.parametrize("case", sorted(CASES.glob("*[!d].json")), ids=lambda path: path.stem)
def test_every_case_is_read_without_the_models(case):
    data = json.loads(case.read_text(encoding="utf-8"))
    assert _assert_read_as_the_models_read(data) is not None


_NEAR_MISSES = [
    ({"indicators": {"x": {"2025 ": 1}}}, "series key '2025 ' is not a year (1990–2100)"),
    ({"indicators": {"x": {"1989": 1}}}, "series key '1989' is not a year (1990–2100)"),
    ({"indicators": {"x": {"2101": 1}}}, "series key '2101' is not a year (1990–2100)"),
    ({"indicators": {"x": {"2025": True}}}, "value for 2025 must be a number, not a boolean"),
    ({"indicators": {"x": {"2025": 2**1024}}}, "value for 2025 is too large for a number"),
    ({"indicators": {"x": {"2025": float("nan")}}}, "must be a finite number, not nan"),
    ({"indicators": {"x": {"value": 1, "series": {"2025": 1}}}}, "give exactly one of value"),
    ({"indicators": {"x": {"value": 1, "unit": 5}}}, "unit must be a string, not a number"),
    ({"indicators": {"x": {"unit": "件"}}}, "give exactly one of value and series"),
    ({"indicators": {"x": {}}}, "value is an empty series"),
    ({"indicators": {1: 5}}, '$.indicators[1]["[key]"]: E110 Input should be a valid string'),
    ({"milestones": {"m": {"done": True, "note": 1}}}, "unexpected field 'note'"),
    ({"milestones": {"m": {"done": True, "date": "20251231"}}}, "not '20251231'"),
    ({"milestones": {"m": {"done": 1}}}, "done must be true or false"),
    ({"milestones": {"m": 1}}, "a milestone is true/false or {'done': …}, not a number"),
    ({"as_of": "2025-02-30"}, "$.as_of: E110 Input should be a valid date"),
    ({"as_of": "20251231"}, "as_of must be a date written YYYY-MM-DD, not '20251231'"),
    ({"region": "南京\n"}, "region holds the control character U+000A"),
    ({"region": ""}, "$.region: E110 String should have at least 1 character"),
    ({"region": "南京\ud800"}, "$.region: E110 Input should be a valid string, unable to parse"),
    ({"plans": ["a\u202e"]}, "a plan id holds the control character U+202E"),
    ({"plans": "p"}, "$.plans: E110 Input should be a valid list"),
    ({"unit": "件"}, "$.unit: E110 unexpected field"),
]


@pytest.mark.parametrize(("change", "problem"), _NEAR_MISSES)
def test_what_the_plain_reading_leaves_keeps_the_models_messages(change, problem):
    data = {"region": "南京市", "as_of": "2025-12-31", **change}
    assert _plain_submission(data) is None
    with pytest.raises(ValidationError):
        Submission.model_validate(data)
    with pytest.raises(InputError) as raised:
        submission_from_data(data)
    assert problem in str(raised.value)
