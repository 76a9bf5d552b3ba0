"""Inputs the loader must reject, each with the code it must report (:func:`invalid_submissions`),
and :func:`evaluate_input`, which reads them the way ``ipscore check`` does."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any, NamedTuple

from hypothesis import strategies as st

from ipscore.evaluate import evaluate
from ipscore.io.json_reader import parse_json_bytes
from ipscore.plan import Indicator, Measure, Plan
from ipscore.report import Report
from ipscore.submission import submission_from_data
from ipscore.testing._numbers import (
    as_decimal,
    draw_magnitude,
    json_number,
    unit_factor,
)
from ipscore.testing._valid import as_of_dates, submissions
from ipscore.units import all_units, conversion_factor


class Invalid(NamedTuple):
    """An input the loader must reject, and the code it must report.

    ``data`` is a dict (what ``ipscore.evaluate`` takes) or ``bytes`` (a JSON file's content).
    A code starting with ``W`` is a warning: the evaluation succeeds and the report lists it.
    """

    data: dict[str, Any] | bytes
    code: str


def evaluate_input(plan: Plan, data: dict[str, Any] | bytes) -> Report:
    """Evaluate a dict, or raw JSON bytes read the way ``ipscore check`` reads a file.

    Raises :class:`ipscore.InputError` for input the loader rejects.
    """
    if isinstance(data, bytes):
        data = parse_json_bytes(data, "<input>")
        return evaluate(plan, submission_from_data(data, "<input>"))
    return evaluate(plan, data)


def _years_of(value: Any) -> dict[str, Any] | None:
    """The series dict inside an indicator value (None for a single number)."""
    if isinstance(value, dict):
        inner = value.get("series", None if "value" in value else value)
        return inner if isinstance(inner, dict) else None
    return None


def _set_number(value: Any, new: Any, year: str | None) -> Any:
    """The indicator value with one number replaced (a series point when ``year`` is given)."""
    if isinstance(value, dict) and "value" in value:
        return {**value, "value": new}
    if isinstance(value, dict):
        series = _years_of(value)
        assert series is not None and year is not None
        changed = {**series, year: new}
        return {**value, "series": changed} if "series" in value else changed
    return new


_JUNK = ["12", "fifty", None, True, [], [1, 2], "", "NaN", {"2024": "1"}]
_BAD_MILESTONES = [1, 0, "yes", None, {"done": "yes"}, {"date": "2020-01-01"}, [], {"done": 1}]
_BAD_UNIT_OBJECTS = [
    {"value": 1, "series": {"2020": 1}},
    {"value": 1, "unit": 3},
    {"value": 1, "note": "x"},
    {"series": [1, 2], "unit": "件"},
    {"unit": "件"},
]


def _fresh(values: list[Any]) -> st.SearchStrategy[Any]:
    """One of ``values``, a fresh copy each time: a list or dict drawn into a submission must
    not be one object shared by every example (a test that changes one example's data would
    change the next one's)."""
    return st.sampled_from(values).map(copy.deepcopy)


def _wrong_type(draw: st.DrawFn, data: dict[str, Any], catalogue: dict[str, Indicator]) -> str:
    """Corrupt ``data`` in place with a wrong type or shape somewhere; the code is E110."""
    keys = sorted(data["indicators"])
    choices = ["as_of", "region", "extra", "unit_object", "sections", "milestone_as_indicator"]
    if keys:
        choices += ["indicator", "series_value", "indicator_as_milestone"]
    if data["milestones"]:
        choices.append("milestone")
    choice = draw(st.sampled_from(choices))
    key = draw(st.sampled_from(keys)) if keys else "patent_grants"
    if choice == "as_of":
        data["as_of"] = draw(st.sampled_from([20251231, "2025-13-01", "31/12/2025", None, ""]))
    elif choice == "region":
        data["region"] = draw(_fresh(["", 42, None, ["南京市"]]))
        if draw(st.booleans()):
            del data["region"]
    elif choice == "extra":
        data[draw(st.sampled_from(["comment", "indicator", "asof", "data"]))] = "x"
    elif choice == "unit_object":
        data["indicators"][key] = draw(_fresh(_BAD_UNIT_OBJECTS))
    elif choice == "sections":
        section = draw(st.sampled_from(["indicators", "milestones"]))
        data[section] = draw(_fresh([[], "all", 1, None]))
    elif choice == "milestone_as_indicator":
        milestones = sorted(k for k, i in catalogue.items() if i.measure is Measure.milestone)
        data["indicators"][draw(st.sampled_from(milestones))] = 1
    elif choice == "indicator":
        data["indicators"][key] = draw(_fresh(_JUNK[:-1]))
    elif choice == "series_value":
        value = data["indicators"][key]
        series = _years_of(value)
        year = draw(st.sampled_from(sorted(series))) if series else None
        data["indicators"][key] = _set_number(value, draw(_fresh(_JUNK)), year)
    elif choice == "indicator_as_milestone":
        data["milestones"][key] = True
    else:
        milestone = draw(st.sampled_from(sorted(data["milestones"])))
        data["milestones"][milestone] = draw(_fresh(_BAD_MILESTONES))
    return "E110"


def _with_point(value: Any, year: str, number: Any) -> Any:
    """The indicator value as a series with one more point (keeping an explicit unit)."""
    if isinstance(value, dict) and "value" in value:
        return {"series": {year: number}, "unit": value["unit"]}
    series = dict(_years_of(value) or {})
    series[year] = number
    return {**value, "series": series} if isinstance(value, dict) and "series" in value else series


def _corrupt_number(
    draw: st.DrawFn, data: dict[str, Any], kind: str, catalogue: dict[str, Indicator]
) -> str:
    """Corrupt one indicator value in place; returns the code the loader must report."""
    as_of = dt.date.fromisoformat(data["as_of"])
    keys = sorted(data["indicators"])
    if kind == "above":
        keys = [k for k in keys if catalogue[k].maximum is not None]
    key = draw(st.sampled_from(keys))
    indicator, value = catalogue[key], data["indicators"][key]
    series = _years_of(value)
    year = draw(st.sampled_from(sorted(series))) if series else None
    unit = value["unit"] if isinstance(value, dict) and "unit" in value else indicator.unit
    if kind == "negative":
        low = as_decimal(indicator.minimum or 0) - draw_magnitude(draw, -2, 3)
        data["indicators"][key] = _set_number(value, json_number(low), year)
        return "E111"
    if kind == "above":
        assert indicator.maximum is not None
        factor = unit_factor(indicator.unit, unit)
        assert factor is not None  # the value's unit was accepted, so it converts
        high = (as_decimal(indicator.maximum) + draw_magnitude(draw, -2, 2)) * factor
        data["indicators"][key] = _set_number(value, json_number(high), year)
        return "E112"
    if kind == "unit":
        others = [u for u in all_units() if conversion_factor(u, indicator.unit) is None]
        wrong = draw(st.sampled_from([*others, "kg", "元/件", "percent"]))
        inner = value
        if isinstance(value, dict) and ("value" in value or "series" in value):
            inner = value.get("value", value.get("series"))
        field_name = "series" if isinstance(inner, dict) else "value"
        data["indicators"][key] = {field_name: inner, "unit": wrong}
        return "E113"
    if kind == "year_key":
        bad = draw(st.sampled_from(["20x4", "1989", "2101", "24", " 2024", "2024.0", "二〇二四"]))
        data["indicators"][key] = _with_point(value, bad, 1)
        return "E114"
    if kind == "empty":
        data["indicators"][key] = draw(_fresh([{}, {"series": {}, "unit": unit}]))
        return "E110"
    later = str(as_of.year + draw(st.integers(1, 5)))
    data["indicators"][key] = _with_point(value, later, 1)
    return "E115"


@st.composite
def _invalid(draw: st.DrawFn, plan: Plan) -> Invalid:
    catalogue = plan.full_catalogue
    data = draw(submissions(plan, complete=True, as_of=as_of_dates(plan).filter(_not_last_year)))
    numeric = sorted(data["indicators"])
    kinds = ["type", "nan_text", "nan_dict", "unknown", "json", "before_start"]
    if numeric:
        kinds += ["negative", "unit", "year_key", "empty", "future"]
    if any(catalogue[k].maximum is not None for k in numeric):
        kinds.append("above")
    if data["milestones"]:
        kinds.append("future_milestone")
    kind = draw(st.sampled_from(kinds))
    if kind == "type":
        return Invalid(data, _wrong_type(draw, data, catalogue))
    if kind in ("nan_text", "nan_dict"):
        bad = draw(st.sampled_from([float("nan"), float("inf"), float("-inf")]))
        key = draw(st.sampled_from([*numeric, "patent_grants"]))
        value = data["indicators"].get(key, 0)
        series = _years_of(value)
        year = draw(st.sampled_from(sorted(series))) if series else None
        data["indicators"][key] = _set_number(value, bad, year)
        if kind == "nan_dict":
            return Invalid(data, "E110")
        return Invalid(json.dumps(data, ensure_ascii=False).encode(), "E105")
    if kind == "unknown":
        near = draw(st.sampled_from([*numeric, "patent_grants"]))
        unknown = near + draw(st.sampled_from(["_total", "s", "_x", "_2"]))
        if unknown in catalogue:
            unknown += "_unknown"
        data["indicators"][unknown] = 1
        return Invalid(data, "W200")
    if kind == "before_start":
        earlier = dt.date(plan.plan.period.start, 1, 1) - dt.timedelta(draw(st.integers(1, 3000)))
        data["as_of"] = max(earlier, dt.date(1990, 1, 1)).isoformat()
        data["indicators"], data["milestones"] = {}, {}
        return Invalid(data, "E116")
    if kind == "json":
        return _broken_json(draw, data)
    if kind == "future_milestone":
        key = draw(st.sampled_from(sorted(data["milestones"])))
        later = dt.date.fromisoformat(data["as_of"]) + dt.timedelta(draw(st.integers(1, 1000)))
        data["milestones"][key] = {"done": draw(st.booleans()), "date": later.isoformat()}
        return Invalid(data, "E115")
    return Invalid(data, _corrupt_number(draw, data, kind, catalogue))


def _not_last_year(date: dt.date) -> bool:
    """Room for a year after as_of (series years stop at 2100)."""
    return date.year < 2100


def _broken_json(draw: st.DrawFn, data: dict[str, Any]) -> Invalid:
    """JSON text the parser refuses: empty, not UTF-8, malformed, duplicate keys, too deep."""
    text = json.dumps(data, ensure_ascii=False)
    kind = draw(st.sampled_from(["empty", "utf8", "malformed", "duplicate", "deep"]))
    if kind == "empty":
        return Invalid(draw(st.sampled_from([b"", b" ", b"\n\t "])), "E101")
    if kind == "utf8":
        cut = draw(st.integers(1, len(text) - 1))
        bad = draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\x80"]))
        raw = text[:cut].encode() + bad + text[cut:].encode()
        return Invalid(raw, "E102")
    if kind == "malformed":
        cut = draw(st.integers(1, len(text) - 1))
        return Invalid(text[:cut].encode(), "E103")
    if kind == "duplicate":
        region = json.dumps(data["region"], ensure_ascii=False)
        return Invalid(("{" + f'"region": {region}, ' + text[1:]).encode(), "E104")
    depth = draw(st.integers(13, 40))
    nested: Any = 1
    for _ in range(depth):
        nested = {"n": nested}
    return Invalid(json.dumps({**data, "deep": nested}, ensure_ascii=False).encode(), "E107")


def invalid_submissions(plan: Plan) -> st.SearchStrategy[Invalid]:
    """Inputs the loader rejects, as :class:`Invalid` ``(data, code)`` pairs.

    Kinds: wrong types and shapes (E110), NaN/Infinity in JSON text (E105) or in a dict (E110),
    negative values (E111), values above the catalogue maximum (E112), units that do not convert
    (E113), series keys that are not years (E114), empty series (E110), years or milestone
    dates after as_of (E115), as_of before the plan starts (E116), broken JSON text (E101–E104,
    E107), and unknown indicator keys, which are a warning (W200), not an error.
    """
    return _invalid(plan)
