"""Rule-pack models: the indicator catalogue, plans and their targets.

These pydantic models are the contract for the YAML files in ``rules/``. They validate a pack
and nothing more: loading files lives in :mod:`ipscore.packs`, evaluation further down the flow.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from ipscore.choices import Method
from ipscore.errors import control_character
from ipscore.units import known_unit, underflowed
from ipscore.validation_text import Invalid, error_texts

Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]
TargetId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=80)]


def _no_underflow(value: Any) -> Any:
    """Text such as "1e-400" (YAML reads it as text) would silently become 0."""
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value  # pydantic says what is wrong
        if underflowed(value, number):
            raise Invalid(
                f"{value!r} is too small for a number (it would be 0)",
                f"{value} 数值过小（会变成 0）",
            )
    return value


# A number in a pack is finite: .nan, .inf or 1e400 would pass here and fail in the engine.
Finite = Annotated[float, Field(allow_inf_nan=False), BeforeValidator(_no_underflow)]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _written_date(value: Any) -> Any:
    """A date is written YYYY-MM-DD; pydantic alone would read 1700000000 as a Unix timestamp."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value
    shown = repr(value) if isinstance(value, str) else type(value).__name__
    raise Invalid(
        f"a date is written YYYY-MM-DD, not {shown}", f"日期应写作 YYYY-MM-DD，而不是 {shown}"
    )


def _one_line_name(text: str) -> str:
    found = control_character(text)
    if found:
        raise Invalid(
            f"holds the control character {found} (a line break, ESC or the like)",
            f"含有控制字符 {found}（换行、ESC 之类）",
        )
    return text


# A name shown in headings, tables and terminals: no line breaks, ESC or bidi controls.
Name = Annotated[str, AfterValidator(_one_line_name)]

# Dates in packs and waiver files (YAML reads 2025-12-31 as a date; JSON gives the text).
Date = Annotated[dt.date, BeforeValidator(_written_date)]


class ProgressBand(StrEnum):
    """The Open SDG band of a projection's pace (docs/scoring.md, projection.progress_band)."""

    on_track = "on_track"
    needs_acceleration = "needs_acceleration"
    limited_progress = "limited_progress"
    moving_away = "moving_away"


class Strict(BaseModel):
    """Base for rule-pack models: unknown fields are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Dimension(StrEnum):
    creation = "creation"
    utilization = "utilization"
    protection = "protection"
    management = "management"
    services = "services"
    talent = "talent"

    @property
    def zh(self) -> str:
        """The dimension's Chinese name, as the plans write it (创造, 运用, …)."""
        return DIMENSION_ZH[self]


# The one table of the dimensions' Chinese names; the English name is the member's value.
DIMENSION_ZH = {
    Dimension.creation: "创造",
    Dimension.utilization: "运用",
    Dimension.protection: "保护",
    Dimension.management: "管理",
    Dimension.services: "服务",
    Dimension.talent: "人才",
}


class Kind(StrEnum):
    level = "level"
    cumulative = "cumulative"
    increment = "increment"
    growth = "growth"
    growth_total = "growth_total"
    multiple = "multiple"
    every_year = "every_year"
    milestone = "milestone"

    @property
    def in_indicator_unit(self) -> bool:
        """The measure is an amount of the indicator (converted to the target's unit)."""
        return self in _IN_INDICATOR_UNIT

    @property
    def needs_baseline(self) -> bool:
        """The measure compares with a base year: a rate or a multiple."""
        return self in _NEEDS_BASELINE

    @property
    def default_unit(self) -> str:
        """The unit every target of this kind is in ('' when the target states its own)."""
        return _KIND_UNIT.get(self, "")


_KIND_UNIT = {Kind.growth: "%", Kind.growth_total: "%", Kind.multiple: "倍"}
# Sets, not tuples written in the properties: a member looked up on the class costs ~0.1 µs and
# measures ask these for every target of every evaluation.
_IN_INDICATOR_UNIT = frozenset({Kind.level, Kind.cumulative, Kind.increment, Kind.every_year})
_NEEDS_BASELINE = frozenset({Kind.growth, Kind.growth_total, Kind.multiple})


class Comparator(StrEnum):
    ge = ">="
    gt = ">"
    le = "<="
    lt = "<"

    @property
    def higher_is_better(self) -> bool:
        return self in _HIGHER_IS_BETTER

    def holds(self, value: float, threshold: float) -> bool:
        """The comparison itself, for oracles and projections outside the engine."""
        return _OPERATORS[self](value, threshold)


# Looked up on every outcome: a set of members, not a tuple of class attributes (slow on enums).
_HIGHER_IS_BETTER = frozenset({Comparator.ge, Comparator.gt})
# Each comparator's operator, made once (holds is called in the bisection of required growth:
# building a dict of the four comparisons per call cost ~1 µs).
_OPERATORS: dict[Comparator, Callable[[float, float], bool]] = {
    Comparator.ge: operator.ge,
    Comparator.gt: operator.gt,
    Comparator.le: operator.le,
    Comparator.lt: operator.lt,
}


class Measure(StrEnum):
    """How an indicator accumulates over time."""

    stock = "stock"  # a level at a point in time (拥有量, 占比, 满意度, running totals)
    flow = "flow"  # an amount per year (授权量, 登记量, 融资额 in a year)
    milestone = "milestone"  # a deliverable that exists or not


class Derivation(Strict):
    """value = numerator / denominator × scale, computed when the value itself is not given."""

    numerator: Key
    denominator: Key
    scale: Finite = 1.0


class Indicator(Strict):
    """One entry of the shared indicator catalogue (``rules/indicators.yaml``)."""

    key: Key
    zh: str
    en: str
    unit: str = ""
    measure: Measure = Measure.stock
    definition: str
    definition_zh: str | None = None  # the definition in Chinese, for the Chinese template
    derive: Derivation | None = None
    minimum: Finite | None = 0.0
    maximum: Finite | None = None

    @model_validator(mode="after")
    def _unit_known(self) -> Indicator:
        if self.measure is not Measure.milestone and not known_unit(self.unit):
            raise Invalid(f"unknown unit {self.unit!r}", f"未知的单位“{self.unit}”")
        return self


def _duplicate_key(indicators: list[Indicator]) -> str | None:
    seen: set[str] = set()
    for indicator in indicators:
        if indicator.key in seen:
            return indicator.key
        seen.add(indicator.key)
    return None


class Catalogue(Strict):
    """An indicator catalogue file: the bundled one, or an extension of it beside packs."""

    version: int = 1
    indicators: list[Indicator]

    @model_validator(mode="after")
    def _unique_keys(self) -> Catalogue:
        duplicate = _duplicate_key(self.indicators)
        if duplicate is not None:
            raise Invalid(f"duplicate indicator key {duplicate!r}", f"指标键“{duplicate}”重复")
        return self

    def by_key(self) -> dict[str, Indicator]:
        return {indicator.key: indicator for indicator in self.indicators}


class Baseline(Strict):
    year: int = Field(ge=1990, le=2100)
    value: Finite | None = None


class Window(Strict):
    start: Date
    end: Date


class Period(Strict):
    start: int = Field(ge=1990, le=2100)
    end: int = Field(ge=1990, le=2100)


class Alternative(Strict):
    """Another reading of a target's sentence: the fields it changes, and why it is plausible.

    Unset fields keep the main reading's value. The main reading decides the score; each
    alternative is evaluated too, and the report says when its verdict would differ.
    """

    note: str = Field(min_length=2)
    indicator: Key | None = None
    kind: Kind | None = None
    comparator: Comparator | None = None
    threshold: float | None = None
    unit: str | None = None
    baseline: Baseline | None = None
    deadline: dt.date | None = None


ALTERNATIVE_MARK = "--alt-"  # alternative reading n of target t has the id f"{t}--alt-{n}"


class Target(Strict):
    """One quantitative target or deliverable, traced to the sentence it comes from."""

    id: TargetId
    indicator: Key
    dimension: Dimension
    kind: Kind
    comparator: Comparator = Comparator.ge
    threshold: Finite = 1.0
    unit: str = ""
    baseline: Baseline | None = None
    deadline: Date | None = None
    weight: float = Field(default=1.0, gt=0, le=100)
    attribute: Literal["binding", "expected"] | None = None
    owners: tuple[str, ...] = ()
    quote: str = Field(min_length=2)
    note: str | None = None
    projection: Method | None = None
    # per cent of the threshold the measure may fall short by (左右); see effective_threshold
    tolerance: float | None = Field(default=None, gt=0, le=50)
    # the reason the target is out of scope (a tailoring's scope-out): not scored, not judged
    not_applicable: str | None = Field(default=None, min_length=2, max_length=500)

    @property
    def effective_threshold(self) -> float:
        """The threshold the engine compares with: the written one, moved by ``tolerance`` per
        cent towards the side that can fail (300 with tolerance 5: ``>= 285``; ``<= 10``: 10.5)."""
        if self.tolerance is None:
            return self.threshold
        share = Decimal(repr(self.tolerance)) / 100
        factor = 1 - share if self.comparator.higher_is_better else 1 + share
        return float(Decimal(repr(self.threshold)) * factor)

    alternatives: list[Alternative] = Field(default_factory=list)

    @property
    def shown_unit(self) -> str:
        """The unit the target is written in, or its kind's (% for a rate, 倍 for a multiple)."""
        return self.unit or self.kind.default_unit

    def base_year(self, period_start: int) -> int:
        """The year the target counts from: its baseline's, else the year before the plan."""
        return self.baseline.year if self.baseline else period_start - 1

    @model_validator(mode="after")
    def _kind_needs(self) -> Target:
        if self.kind.needs_baseline and self.baseline is None:
            raise Invalid(
                f"kind {self.kind.value} needs a baseline year",
                f"{self.kind.value} 类目标需要基期年份（baseline）",
            )
        if self.kind is Kind.milestone and (
            self.comparator is not Comparator.ge or self.threshold != 1.0
        ):
            raise Invalid(
                "a milestone has no comparator or threshold of its own",
                "任务类目标（milestone）没有自己的比较符和目标值：请删去 comparator 和 threshold",
            )
        if self.kind is Kind.milestone and self.tolerance is not None:
            raise Invalid(
                "a milestone has no tolerance", "任务类目标（milestone）不设容差：请删去 tolerance"
            )
        for number in range(1, len(self.alternatives) + 1):
            self.reading(number)  # each alternative must be a valid target itself
        return self

    def reading(self, number: int) -> Target:
        """Alternative reading ``number`` (from 1) as a target of its own: same sentence, owners
        and weight, the alternative's fields and note, an id ending in ``--alt-<number>``."""
        alternative = self.alternatives[number - 1]
        changes = alternative.model_dump(exclude_unset=True)
        if "kind" in changes and changes["kind"] is Kind.milestone:
            changes.setdefault("comparator", Comparator.ge)
            changes.setdefault("threshold", 1.0)
        fields = self.model_dump(exclude={"alternatives"})
        fields.update(id=f"{self.id}{ALTERNATIVE_MARK}{number}", **changes)
        try:
            return Target.model_validate(fields)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            message, zh = error_texts(first)
            raise Invalid(
                f"alternative {number}: {where + ': ' if where else ''}{message}",
                f"第 {number} 种理解（alternatives）：{where + '：' if where else ''}{zh}",
            ) from None

    def readings(self) -> list[Target]:
        """The main reading, then each alternative reading."""
        return [self, *(self.reading(n) for n in range(1, len(self.alternatives) + 1))]


class PlanLevel(StrEnum):
    """The region a plan is for: a city (强市) or a county or district (强县)."""

    city = "city"
    county = "county"


class PlanStatus(StrEnum):
    """Whether the plan is still the one in force."""

    in_force = "in_force"
    expired = "expired"
    repealed = "repealed"


class PlanMeta(Strict):
    id: TargetId
    title: Name
    title_en: Name
    region: Name
    region_en: Name
    level: PlanLevel
    programme: Literal["pilot", "demonstration", "action"]
    document_number: str | None = None
    issued: Date
    period: Period
    deadline: Date
    acceptance: Window | None = None
    status: PlanStatus = PlanStatus.in_force
    status_note: str | None = None
    source: str | None = None


class Excluded(Strict):
    """A sentence of the plan that no target encodes, and why (the pack's coverage record)."""

    quote: str = Field(min_length=2)
    reason: str = Field(min_length=2)


class TargetChange(Strict):
    """What a tailoring may change in an inherited target: its weight, its attribute, and
    whether it applies. Threshold, comparator, quote and the rest are the plan's words."""

    model_config = ConfigDict(defer_build=True)  # built when a tailoring is first read

    weight: float | None = Field(default=None, gt=0, le=100)
    attribute: Literal["binding", "expected"] | None = None
    not_applicable: str | None = Field(default=None, min_length=2, max_length=500)

    @model_validator(mode="before")
    @classmethod
    def _plan_words_stay(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for field in data:
                if field in Target.model_fields and field not in cls.model_fields:
                    raise Invalid(
                        f"{field} of an inherited target is the plan's words and cannot change "
                        "(scope the target out and add a target of your own instead)",
                        f"继承来的目标的 {field} 出自方案原文，不能修改"
                        "（可把该目标设为不适用，再加一个自己的目标）",
                    )
        return data

    @model_validator(mode="after")
    def _changes_something(self) -> TargetChange:
        if self.weight is None and self.attribute is None and self.not_applicable is None:
            raise Invalid(
                "a change needs weight, attribute or not_applicable",
                "修改（changes）至少要给出 weight、attribute 或 not_applicable 之一",
            )
        return self


class TailoredMeta(Strict):
    """A tailored plan's own id, and the names it may give itself; the rest is inherited."""

    model_config = ConfigDict(defer_build=True)  # built when a tailoring is first read

    id: TargetId
    title: Name | None = None
    title_en: Name | None = None
    region: Name | None = None
    region_en: Name | None = None


class TailoringPack(Strict):
    """A pack that tailors another plan (``extends:``): XCCDF tailoring, InSpec inheritance."""

    model_config = ConfigDict(defer_build=True)  # built when a tailoring is first read

    extends: str = Field(min_length=1, max_length=500)
    plan: TailoredMeta
    changes: dict[TargetId, TargetChange] = Field(default_factory=dict)
    targets: list[Target] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)


class TailoringChangeRecord(Strict):
    """One change a tailoring made to an inherited target, for the report."""

    target: str
    field: str
    before: str | float | None
    after: str | float | None


class Tailoring(Strict):
    """What a tailored plan changed in the plan it extends."""

    base: str  # the id of the plan extended
    file: str  # the tailoring pack
    changes: list[TailoringChangeRecord] = Field(default_factory=list)
    added: list[str] = Field(default_factory=list)  # ids of the targets the tailoring adds


class Plan(Strict):
    """A whole rule pack: metadata, targets and the indicators the pack defines itself.

    ``catalogue`` is filled by the loader (:mod:`ipscore.packs`): every indicator the plan may
    use, the bundled ones and those of catalogue extensions and of the pack. ``origins`` says,
    for each indicator that is not in the bundled catalogue, which file defines it.
    """

    plan: PlanMeta
    targets: list[Target] = Field(min_length=1)
    indicators: list[Indicator] = Field(default_factory=list)
    excluded: list[Excluded] = Field(default_factory=list)
    catalogue: dict[str, Indicator] = Field(default_factory=dict, exclude=True, repr=False)
    origins: dict[str, str] = Field(default_factory=dict, exclude=True, repr=False)
    # set by the loader when the pack tailors another plan (``extends:``)
    tailoring: Tailoring | None = Field(default=None, exclude=True, repr=False)

    @model_validator(mode="after")
    def _unique_ids(self) -> Plan:
        seen: set[str] = set()
        for target in self.targets:
            for reading in target.readings():
                if reading.id in seen:
                    raise Invalid(
                        f"duplicate target id {reading.id!r}", f"目标编号“{reading.id}”重复"
                    )
                seen.add(reading.id)
        duplicate = _duplicate_key(self.indicators)
        if duplicate is not None:
            raise Invalid(f"duplicate indicator key {duplicate!r}", f"指标键“{duplicate}”重复")
        return self

    @property
    def id(self) -> str:
        return self.plan.id

    def own_copy(self) -> Plan:
        """A copy whose lists and dicts are its own (the models in them are frozen): a caller
        changing ``targets`` of the plan it was given changes no other caller's plan."""
        return self.model_copy(
            update={
                "targets": list(self.targets),
                "indicators": list(self.indicators),
                "catalogue": dict(self.catalogue),
                "origins": dict(self.origins),
            }
        )

    @property
    def full_catalogue(self) -> dict[str, Indicator]:
        """Every indicator a submission for this plan may carry (a copy of ``catalogue``, which
        the loader fills with the bundled catalogue, its extensions and the pack's own)."""
        return dict(self.catalogue)

    def deadline_of(self, target: Target) -> dt.date:
        return target.deadline or self.plan.deadline

    def indicator_of(self, target: Target) -> Indicator:
        return self.catalogue[target.indicator]

    def target(self, target_id: str) -> Target:
        for target in self.targets:
            if target.id == target_id:
                return target
        raise KeyError(target_id)
