"""The submission: a region's indicator data, as the models that check its shape.

The files are read at the input boundary (:mod:`ipscore.io`: strict JSON, xlsx, CSV). The pydantic
models check the shape; checks against the indicator
catalogue (units, ranges, unknown keys) come later, in :mod:`ipscore.checks`, and give one
:class:`IndicatorData` per indicator: its yearly values in the catalogue unit.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, NoReturn, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ipscore.errors import InputError, Problem, control_character, place_order
from ipscore.io.source import FromSource, Source
from ipscore.lang import Lang
from ipscore.units import exact
from ipscore.validation_text import error_texts

# Validation problems listed one by one (a file of thousands of bad values gives the first ones).
MAX_LISTED = 50

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_]+")
_YEAR_IN_TEXT = re.compile(r"(?<![0-9])(199[0-9]|20[0-9][0-9]|2100)(?![0-9])")

_NUMBER_SCHEMA = {"type": "number"}
_SERIES_SCHEMA = {
    "type": "object",
    "description": "yearly series: year → value",
    "patternProperties": {"^[12][0-9]{3}$": _NUMBER_SCHEMA},
    "additionalProperties": False,
}
_INDICATOR_SCHEMA = {
    "description": "a number (the value as of as_of), a yearly series, or an object with a "
    "value or series and its unit",
    "anyOf": [
        _NUMBER_SCHEMA,
        _SERIES_SCHEMA,
        {
            "type": "object",
            "properties": {
                "value": _NUMBER_SCHEMA,
                "series": _SERIES_SCHEMA,
                "unit": {"type": "string"},
            },
            "additionalProperties": False,
        },
    ],
}
_MILESTONE_SCHEMA = {
    "description": "true/false, or an object with done and an optional date",
    "anyOf": [
        {"type": "boolean"},
        {
            "type": "object",
            "properties": {
                "done": {"type": "boolean"},
                "date": {"type": "string", "format": "date"},
            },
            "required": ["done"],
            "additionalProperties": False,
        },
    ],
}


def json_type_name(value: Any, lang: Lang = "en") -> str:
    """What kind of JSON value this is, as a phrase: ``a string`` / ``字符串``."""
    if isinstance(value, bool):
        kind = "boolean"
    elif value is None:
        kind = "null"
    else:
        kinds: dict[type, str] = {str: "string", list: "list", dict: "object"}
        kind = kinds.get(type(value), "number")
    return _JSON_TYPE_NAMES[kind][lang == "zh"]


_JSON_TYPE_NAMES = {
    "boolean": ("a boolean", "布尔值"),
    "null": ("null", "空值（null）"),
    "string": ("a string", "字符串"),
    "list": ("a list", "列表"),
    "object": ("an object", "对象"),
    "number": ("a number", "数字"),
}


def _fail(message: str, zh: str, *at: str | int, code: str = "E110") -> NoReturn:
    """A validation error with its own code and place below the field (submission_from_data)."""
    raise PydanticCustomError(
        "ipscore", "{message}", {"message": message, "zh": zh, "code": code, "at": at}
    )


def _number_hint(text: str) -> tuple[str, str]:
    """For a number typed as text ("4,000", "85%"): how to write it, in English and Chinese."""
    cleaned = text.strip().replace(",", "").replace("，", "").removesuffix("%").strip()
    try:
        number = float(cleaned)
    except ValueError:
        return "", ""
    if not math.isfinite(number):
        return "", ""
    return f": write {number:g} without quotes", f"：请写成 {number:g}，不加引号"


def _number(value: Any, what: str, what_zh: str, *at: str | int) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        hint, hint_zh = _number_hint(value) if isinstance(value, str) else ("", "")
        _fail(
            f"{what} must be a number, not {json_type_name(value)}{hint}",
            f"{what_zh}应为数字，而不是{json_type_name(value, 'zh')}{hint_zh}",
            *at,
        )
    try:
        number = float(value)
    except OverflowError:
        _fail(f"{what} is too large for a number", f"{what_zh}数值过大", *at)
    if not math.isfinite(number):
        _fail(
            f"{what} must be a finite number, not {number}",
            f"{what_zh}应为有限的数字，而不是 {number}",
            *at,
        )
    return number


# An int below this in magnitude is a finite float (float() of a larger one may overflow).
_SAFE_INT = 2**1023


def _plain_number(value: Any) -> float | None:
    """A finite float or a moderate int as the float :func:`_number` gives; None for anything
    that needs its checks (and their messages)."""
    kind = type(value)
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is int and -_SAFE_INT < value < _SAFE_INT:
        return float(value)
    return None


# Every year a series may hold, by its key as JSON writes it ("2025").
_YEAR_KEYS = {str(year): year for year in range(1990, 2101)}


def _year(key: Any, *at: str | int) -> int:
    text = str(key)
    year = _YEAR_KEYS.get(text)
    if year is not None:
        return year
    found = _YEAR_IN_TEXT.search(text)
    fix = found.group() if found and found.group() != text else None
    _fail(
        f"series key {text!r} is not a year (1990–2100)" + (f': write "{fix}"' if fix else ""),
        f"序列的键“{text}”不是年份（1990–2100）" + (f"：请写成“{fix}”" if fix else ""),
        *at,
        key,
        code="E114",
    )


def _series(raw: dict[Any, Any], what: str, what_zh: str, *at: str | int) -> dict[int, float]:
    if not raw:
        _fail(f"{what} is an empty series", f"{what_zh}是空序列，没有任何年份", *at)
    series = {}
    for key, value in raw.items():
        year = _year(key, *at)
        number = _plain_number(value)
        if number is None:
            number = _number(value, f"{what} for {key}", f"{key}年的{what_zh}", *at, key)
        series[year] = number
    return series


def _date_text(value: Any, what: str, what_zh: str, *at: str | int) -> Any:
    """A date must be written YYYY-MM-DD (pydantic alone would take 86400 as a timestamp)."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        shown = repr(value) if isinstance(value, str) else json_type_name(value)
        shown_zh = f"“{value}”" if isinstance(value, str) else json_type_name(value, "zh")
        _fail(
            f"{what} must be a date written YYYY-MM-DD, not {shown}",
            f"{what_zh}应为 YYYY-MM-DD 格式的日期，而不是{shown_zh}",
            *at,
        )
    return value


def unpaired_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (a \\ud800 escape): it cannot be printed or
    written as UTF-8 (pydantic refuses it in a field it must measure, such as the region)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _one_line_text(value: Any, what: str, what_zh: str, *at: str | int) -> None:
    """Names go into headings, tables and terminals: no line break, ESC or bidi control."""
    found = control_character(value) if isinstance(value, str) else None
    if found:
        _fail(
            f"{what} holds the control character {found} (a line break, ESC or the like)",
            f"{what_zh}含有控制字符 {found}（换行、ESC 之类）",
            *at,
        )


class IndicatorInput(BaseModel):
    """One indicator's data, normalised: a yearly series and/or a value as of ``as_of``."""

    model_config = ConfigDict(frozen=True)

    value: float | None = None
    series: dict[int, float] | None = None
    unit: str | None = None
    # given as {"value": …} / {"series": …}: error paths then name the inner field
    wrapped: bool = Field(default=False, exclude=True, repr=False)

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, raw: Any) -> dict[str, Any]:
        if isinstance(raw, IndicatorInput):
            return {**raw.model_dump(), "wrapped": raw.wrapped}
        if isinstance(raw, dict) and ("value" in raw or "series" in raw or "unit" in raw):
            extra = set(raw) - {"value", "series", "unit"}
            if extra:
                field = sorted(map(str, extra))[0]
                _fail(
                    f"unexpected field {field!r} (use value or series, and unit)",
                    f"不认识的字段“{field}”（请用 value 或 series，以及 unit）",
                    field,
                )
            if ("value" in raw) == ("series" in raw):
                _fail("give exactly one of value and series", "value 和 series 须填且只填一个")
            unit = raw.get("unit")
            if unit is not None and not isinstance(unit, str):
                _fail(
                    f"unit must be a string, not {json_type_name(unit)}",
                    f"unit 应为字符串，而不是{json_type_name(unit, 'zh')}",
                    "unit",
                )
            if "value" in raw:
                value = _number(raw["value"], "value", "数值", "value")
                return {"value": value, "unit": unit, "wrapped": True}
            series = raw["series"]
            if not isinstance(series, dict):
                _fail(
                    f"series must be an object, not {json_type_name(series)}",
                    f"series 应为对象（年份 → 数值），而不是{json_type_name(series, 'zh')}",
                    "series",
                )
            return {
                "series": _series(series, "series", "数值", "series"),
                "unit": unit,
                "wrapped": True,
            }
        if isinstance(raw, dict):
            return {"series": _series(raw, "value", "数值")}
        return {"value": _number(raw, "value", "数值")}


class MilestoneInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    done: bool
    date: dt.date | None = None

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, raw: Any) -> Any:
        if isinstance(raw, bool):
            return {"done": raw}
        if isinstance(raw, dict):
            extra = set(raw) - {"done", "date"}
            if extra:
                field = sorted(map(str, extra))[0]
                _fail(
                    f"unexpected field {field!r} (use done and date)",
                    f"不认识的字段“{field}”（请用 done 和 date）",
                    field,
                )
            if not isinstance(raw.get("done"), bool):
                _fail("done must be true or false", "done 应为 true 或 false", "done")
            if raw.get("date") is not None:
                _date_text(raw["date"], "date", "完成日期 date", "date")
            return raw
        if isinstance(raw, MilestoneInput):
            return raw.model_dump()
        _fail(
            f"a milestone is true/false or {{'done': …}}, not {json_type_name(raw)}",
            f"里程碑应为 true/false 或 {{'done': …}}，而不是{json_type_name(raw, 'zh')}",
        )


IndicatorField = Annotated[IndicatorInput, WithJsonSchema(_INDICATOR_SCHEMA)]
MilestoneField = Annotated[MilestoneInput, WithJsonSchema(_MILESTONE_SCHEMA)]


class Submission(FromSource):
    """A region's indicator data as of a date."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="ipscore submission")

    region: str = Field(min_length=1, description="the region as the plans name it, e.g. 南京市")
    plans: list[str] | None = Field(
        default=None, description="plan ids; default: every bundled plan of the region"
    )
    as_of: dt.date = Field(description="the date the data describe (YYYY-MM-DD)")
    indicators: dict[str, IndicatorField] = Field(default_factory=dict)
    milestones: dict[str, MilestoneField] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _strict_date(cls, raw: Any) -> Any:
        if isinstance(raw, dict) and raw.get("as_of") is not None:
            _date_text(raw["as_of"], "as_of", "数据截止日期 as_of", "as_of")
        if isinstance(raw, dict):
            _one_line_text(raw.get("region"), "region", "地区名称 region", "region")
            plans = raw.get("plans")
            for index, plan_id in enumerate(plans if isinstance(plans, list) else []):
                _one_line_text(plan_id, "a plan id", "方案编号", "plans", index)
        return raw


@dataclass(slots=True)
class IndicatorData:
    """One indicator's yearly values in the catalogue unit, and where they came from.

    Each value is one exact decimal number: the plans are written in decimal, and a city exactly
    at a target must not miss it by a binary rounding. Most values are given as they are: a
    float, whose decimal is the one its shortest repr writes (:func:`ipscore.units.exact`).
    That decimal rounds back to the float and the two sort alike, so showing the values, putting
    them in order or taking the smallest needs no decimal; only arithmetic does, and it asks
    :meth:`exact` for the years it uses (turning a float into its decimal goes through its repr:
    doing it for every value of every evaluation cost a third of checking a submission); each
    is made once, when first asked for (a projection asks for a year's value up to three
    times). Values that arithmetic made (converted from another unit, derived from parts) are
    exact decimals that a float cannot hold: ``made`` keeps them, and ``values`` holds their
    floats (:meth:`of_exact` is the one place that rounds them).

    Slotted, not frozen: one is made for every indicator of every evaluation, and a frozen
    dataclass sets each field through ``object.__setattr__`` (~0.7 µs against ~0.15 µs).
    Nothing changes one once made but the given values' decimals, each made once."""

    key: str
    values: dict[int, float]  # in year order: each value, or the float nearest the made one
    reported_total: bool = False  # a single number: the running total / value as of as_of
    source: str = "given"  # given | derived
    note: str | None = None  # e.g. "converted from 万元", "derived from a / b"
    made: dict[int, Decimal] | None = None  # the exact values, when arithmetic made them
    # the given values' decimals asked for so far (made on the first)
    asked: dict[int, Decimal] | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def of_exact(
        cls,
        key: str,
        points: dict[int, Decimal],
        reported_total: bool = False,
        source: str = "given",
        note: str | None = None,
    ) -> IndicatorData:
        """Values made by arithmetic (``points`` in year order), each kept exactly."""
        values = {year: float(value) for year, value in points.items()}
        return cls(key, values, reported_total, source, note, points)

    def exact(self, year: int) -> Decimal:
        """The value for ``year`` as the exact decimal it is."""
        made = self.made
        if made is not None:
            return made[year]
        asked = self.asked
        if asked is None:
            asked = self.asked = {}
        value = asked.get(year)
        if value is None:
            value = asked[year] = exact(self.values[year])
        return value

    def exact_points(self) -> dict[int, Decimal]:
        """Every value as the exact decimal it is, in year order."""
        made = self.made
        if made is not None:
            return dict(made)
        return {year: self.exact(year) for year in self.values}

    def exact_between(self, first: int, last: int) -> dict[int, Decimal]:
        """The exact values of the years from ``first`` to ``last`` (both included), in year
        order: what a sum over a window adds up, in one call rather than one :meth:`exact` per
        year (each given value's decimal made once, as :meth:`exact` makes it)."""
        made = self.made
        if made is not None:
            return {year: made[year] for year in sorted(made) if first <= year <= last}
        asked = self.asked
        if asked is None:
            asked = self.asked = {}
        values = self.values
        found = {}
        for year in sorted(values):
            if first <= year <= last:
                value = asked.get(year)
                if value is None:
                    value = asked[year] = exact(values[year])
                found[year] = value
        return found

    def comparable(self) -> dict[int, float] | dict[int, Decimal]:
        """The values in a form that compares and sorts as the exact values do: the made
        decimals, or the given floats (never a mix of the two)."""
        return self.values if self.made is None else self.made

    def latest_year(self, up_to: int) -> int | None:
        """The latest year with a value up to ``up_to``."""
        values = self.values
        if values and (last := max(values)) <= up_to:
            return last  # (the usual case, no value after up_to: one pass, no list)
        years = [year for year in values if year <= up_to]
        return max(years) if years else None

    def latest(self, up_to: int) -> tuple[int, Decimal] | None:
        """The latest year up to ``up_to`` and its exact value."""
        year = self.latest_year(up_to)
        return None if year is None else (year, self.exact(year))


def child_path(path: str, key: str | int) -> str:
    """``$.indicators`` + ``patent_grants`` → ``$.indicators.patent_grants``; odd keys quoted."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if _PLAIN_KEY.fullmatch(key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def json_path(loc: tuple[int | str, ...]) -> str:
    """A pydantic location as a JSON path: ``$.indicators.patent_grants``."""
    path = "$"
    for part in loc:
        path = child_path(path, part)
    return path


# pydantic's own error types on a submission's fields where a JSON file's words differ from a
# rule pack's (validation_text says the rest)
_PYDANTIC_EN = {"missing": "required field is missing", "extra_forbidden": "unexpected field"}
_JSON_ZH = {"list_type": "应为列表", "dict_type": "应为对象", "model_type": "应为对象"}


def _problem(error: Any, file: str | None) -> Problem:
    """One pydantic validation error as a Problem with its code and JSON path."""
    if error["type"] == "ipscore":  # raised by _fail: its own code, texts and a deeper place
        context = error["ctx"]
        return Problem(
            code=context["code"],
            message=context["message"],
            message_zh=context["zh"],
            file=file,
            path=json_path(error["loc"] + tuple(context["at"])),
        )
    english, zh = error_texts(error)
    message = _PYDANTIC_EN.get(error["type"], english)
    zh = _JSON_ZH.get(error["type"], zh)
    return Problem(
        code="E110", message=message, message_zh=zh, file=file, path=json_path(error["loc"])
    )


_M = TypeVar("_M", bound=BaseModel)


def _built(model: type[_M], values: dict[str, Any], given: set[str]) -> _M:
    """An instance of ``model`` as validation makes it, from ``values`` for every field (in the
    fields' order, each already of its field's type); ``given`` names the fields the input set.
    What pydantic's ``model_construct`` sets, without its per-field Python loop."""
    instance = object.__new__(model)  # what model.__new__ is, without looking it up
    _set_dict(instance, "__dict__", values)
    _set_fields_set(instance, given)
    _set_extra(instance, None)
    _set_private(instance, None)
    return instance


# The slots every pydantic model has (a frozen model refuses setattr).
_set_dict = object.__setattr__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


# A milestone given as true or false, as validation reads it: frozen, so shared by every reading.
_DONE = {
    done: _built(MilestoneInput, {"done": done, "date": None}, {"done"}) for done in (True, False)
}


def _plain_series(raw: Any) -> dict[int, float] | None:
    """``raw`` as :func:`_series` reads it, when it is a series whose keys are all years written
    as JSON writes them and whose values are all plain numbers; None otherwise."""
    if type(raw) is not dict or not raw:
        return None
    series = {}
    for key, value in raw.items():
        year = _YEAR_KEYS.get(key)
        number = _plain_number(value)
        if year is None or number is None:
            return None
        series[year] = number
    return series


def _plain_indicator(raw: Any) -> IndicatorInput | None:
    """``raw`` as :class:`IndicatorInput` validates it, when it is a plain number, a plain
    series (:func:`_plain_series`) or either of them wrapped with a unit; None otherwise."""
    if type(raw) is not dict:
        value = _plain_number(raw)
        if value is None:
            return None
        values: dict[str, Any] = {"value": value, "series": None, "unit": None, "wrapped": False}
        return _built(IndicatorInput, values, {"value"})
    if not ("value" in raw or "series" in raw or "unit" in raw):
        series = _plain_series(raw)
        if series is None:
            return None
        values = {"value": None, "series": series, "unit": None, "wrapped": False}
        return _built(IndicatorInput, values, {"series"})
    unit = raw.get("unit")
    if not raw.keys() <= _WRAPPED_FIELDS or (unit is not None and type(unit) is not str):
        return None
    if "value" in raw:
        value = None if "series" in raw else _plain_number(raw["value"])
        found: dict[str, Any] = {"value": value}
    else:
        found = {"series": _plain_series(raw.get("series"))}
    if None in found.values():
        return None
    values = {"value": None, "series": None, **found, "unit": unit, "wrapped": True}
    return _built(IndicatorInput, values, {*found, "unit", "wrapped"})


_WRAPPED_FIELDS = {"value", "series", "unit"}


def _plain_milestone(raw: Any) -> MilestoneInput | None:
    """``raw`` as :class:`MilestoneInput` validates it, when it is true/false or ``{"done": …}``
    with a date written YYYY-MM-DD or null; None otherwise."""
    if type(raw) is bool:
        return _DONE[raw]
    if (
        type(raw) is not dict
        or not raw.keys() <= _MILESTONE_FIELDS
        or type(raw.get("done")) is not bool
    ):
        return None
    date = raw.get("date")
    if date is not None:
        date = _plain_date(date)
        if date is None:
            return None
    return _built(MilestoneInput, {"done": raw["done"], "date": date}, set(raw))


_MILESTONE_FIELDS = {"done", "date"}


def _plain_date(raw: Any) -> dt.date | None:
    """A date written YYYY-MM-DD, as validation reads it; None for anything else."""
    if type(raw) is not str or not _DATE.fullmatch(raw):
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


def _plain_entries(raw: dict[Any, Any], read: Callable[[Any], _M | None]) -> dict[str, _M] | None:
    """Each entry of ``raw`` as ``read`` reads it, when every key is a string and ``read``
    takes every entry; None otherwise."""
    entries = {}
    for key, value in raw.items():
        entry = read(value)
        if entry is None or type(key) is not str:
            return None
        entries[key] = entry
    return entries


def _plain_submission(data: dict[Any, Any]) -> Submission | None:
    """``data`` as :class:`Submission` validates it, when every part of it is in the plain
    shape nearly every submission has (the ``_plain_*`` readers above); None for anything else,
    which the models validate with their messages. Validating calls a Python validator for
    every indicator, milestone and year (about 90 µs for a city's data); this reads them in one
    pass. tests/test_submission_fast.py holds it to the models."""
    if not data.keys() <= _SUBMISSION_FIELDS:
        return None
    region, plans = data.get("region"), data.get("plans")
    if (
        type(region) is not str
        or not region
        or control_character(region)
        or unpaired_surrogate(region)
    ):
        return None
    if plans is not None:
        if type(plans) is not list or any(
            type(plan) is not str or control_character(plan) for plan in plans
        ):
            return None
        plans = list(plans)
    as_of = _plain_date(data.get("as_of"))
    raw_indicators, raw_milestones = data.get("indicators", {}), data.get("milestones", {})
    if as_of is None or type(raw_indicators) is not dict or type(raw_milestones) is not dict:
        return None
    indicators = _plain_entries(raw_indicators, _plain_indicator)
    milestones = _plain_entries(raw_milestones, _plain_milestone)
    if indicators is None or milestones is None:
        return None
    values = {
        "region": region,
        "plans": plans,
        "as_of": as_of,
        "indicators": indicators,
        "milestones": milestones,
    }
    submission = _built(Submission, values, set(data))
    _set_private(submission, {"_source": Source()})
    return submission


_SUBMISSION_FIELDS = set(Submission.model_fields)


def submission_from_data(data: Any, file: str | None = None) -> Submission:
    """Validate parsed data as a submission; every problem (the first MAX_LISTED of them, sorted
    by place) goes into one InputError."""
    if not isinstance(data, dict):
        raise InputError(
            "E110",
            f"a submission is a JSON object, not {json_type_name(data)}",
            f"提交的数据应为 JSON 对象，而不是{json_type_name(data, 'zh')}",
            file=file,
            path="$",
        )
    try:
        return _plain_submission(data) or Submission.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(error, file) for error in exc.errors()[:MAX_LISTED]]
        ordered = sorted(problems, key=lambda e: place_order(e.file, e.path))
        raise InputError.of(ordered) from None


def submission_schema() -> dict[str, Any]:
    """The JSON Schema of a submission, straight from the model."""
    return Submission.model_json_schema()
