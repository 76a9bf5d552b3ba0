"""The submission: a region's indicator data, as JSON or as a Python dict.

Parsing is strict and every error names the file and the JSON path: a BOM is accepted; empty
files, non-UTF-8 bytes, malformed JSON, duplicate keys, NaN/Infinity, over-large and over-deep
input are rejected. The pydantic models then check the shape; checks against the indicator
catalogue (units, ranges, unknown keys) come later, in :mod:`ipscore.checks`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    model_validator,
)

from ipscore.errors import InputError

MAX_INPUT_BYTES = 5_000_000
MAX_DEPTH = 12

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


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return {str: "a string", list: "a list", dict: "an object"}.get(type(value), "a number")


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{what} must be a number, not {_type_name(value)}")
    if not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, not {value}")
    return float(value)


def _year(key: Any) -> int:
    text = str(key)
    if not (text.isascii() and text.isdigit() and len(text) == 4 and 1990 <= int(text) <= 2100):
        raise ValueError(f"series key {text!r} is not a year (1990–2100)")
    return int(text)


def _series(raw: dict, what: str) -> dict[int, float]:
    if not raw:
        raise ValueError(f"{what} is an empty series")
    return {_year(key): _number(value, f"{what} for {key}") for key, value in raw.items()}


class IndicatorInput(BaseModel):
    """One indicator's data, normalised: a yearly series and/or a value as of ``as_of``."""

    model_config = ConfigDict(frozen=True)

    value: float | None = None
    series: dict[int, float] | None = None
    unit: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, raw: Any) -> dict[str, Any]:
        if isinstance(raw, IndicatorInput):
            return raw.model_dump()
        if isinstance(raw, dict) and ("value" in raw or "series" in raw or "unit" in raw):
            extra = set(raw) - {"value", "series", "unit"}
            if extra:
                raise ValueError(f"unexpected field {sorted(map(str, extra))[0]!r}")
            if ("value" in raw) == ("series" in raw):
                raise ValueError("give exactly one of value and series")
            unit = raw.get("unit")
            if unit is not None and not isinstance(unit, str):
                raise ValueError(f"unit must be a string, not {_type_name(unit)}")
            if "value" in raw:
                return {"value": _number(raw["value"], "value"), "unit": unit}
            if not isinstance(raw["series"], dict):
                raise ValueError(f"series must be an object, not {_type_name(raw['series'])}")
            return {"series": _series(raw["series"], "series"), "unit": unit}
        if isinstance(raw, dict):
            return {"series": _series(raw, "value")}
        return {"value": _number(raw, "value")}


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
                raise ValueError(f"unexpected field {sorted(map(str, extra))[0]!r}")
            if not isinstance(raw.get("done"), bool):
                raise ValueError("done must be true or false")
            return raw
        if isinstance(raw, MilestoneInput):
            return raw.model_dump()
        raise ValueError(f"a milestone is true/false or {{'done': …}}, not {_type_name(raw)}")


IndicatorField = Annotated[IndicatorInput, WithJsonSchema(_INDICATOR_SCHEMA)]
MilestoneField = Annotated[MilestoneInput, WithJsonSchema(_MILESTONE_SCHEMA)]


class Submission(BaseModel):
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
        if isinstance(raw, dict) and isinstance(raw.get("as_of"), int | float):
            raise ValueError("as_of must be a date string YYYY-MM-DD")
        return raw


def json_path(loc: tuple) -> str:
    """A pydantic location as a JSON path: ``$.indicators.patent_grants``."""
    path = "$"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed")


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of parsed JSON, stopping early once past the limit."""
    if limit < 0:
        return 1
    if isinstance(value, dict):
        return 1 + max((_depth(v, limit - 1) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v, limit - 1) for v in value), default=0)
    return 0


def parse_json_bytes(raw: bytes, file: str) -> Any:
    """Strict JSON parsing with one-line errors that name the file and the place."""
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError("E106", f"larger than {MAX_INPUT_BYTES} bytes", file=file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("E102", f"not UTF-8 (bad byte at offset {exc.start})", file=file) from None
    if not text.strip():
        raise InputError("E101", "empty file", file=file)
    try:
        data = json.loads(text, object_pairs_hook=_unique_object, parse_constant=_reject_constant)
    except _DuplicateKey as exc:
        raise InputError("E104", f"duplicate key {exc.key!r} in an object", file=file) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            "E103",
            f"malformed JSON: {exc.msg}",
            file=file,
            path=f"line {exc.lineno}, column {exc.colno}",
        ) from None
    except ValueError as exc:
        raise InputError("E105", f"{exc}: use a number or leave the value out", file=file) from None
    except RecursionError:
        raise InputError("E107", f"nested deeper than {MAX_DEPTH} levels", file=file) from None
    if _depth(data, MAX_DEPTH) > MAX_DEPTH:
        raise InputError("E107", f"nested deeper than {MAX_DEPTH} levels", file=file)
    return data


def submission_from_data(data: Any, file: str | None = None) -> Submission:
    """Validate parsed data as a submission; the first problem becomes an InputError."""
    if not isinstance(data, dict):
        raise InputError(
            "E110", f"a submission is a JSON object, not {_type_name(data)}", file=file, path="$"
        )
    try:
        return Submission.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "missing":
            message = "required field is missing"
        elif first["type"] == "extra_forbidden":
            message = "unexpected field"
        return_path = json_path(first["loc"])
        raise InputError("E110", message, file=file, path=return_path) from None


def read_submission(path: str | Path) -> Submission:
    """Read and validate a JSON submission file."""
    file = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError("E100", f"cannot read: {exc.strerror}", file=file) from None
    return submission_from_data(parse_json_bytes(raw, file), file)


def submission_schema() -> dict[str, Any]:
    """The JSON Schema of a submission, straight from the model."""
    return Submission.model_json_schema()
