"""The report: outcome per target, scores, grade and gap list, as pydantic models.

This is the stable contract every renderer and the JSON output read (docs/api.md). Field order
here is the order of the JSON report.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Self

from pydantic import BaseModel, ConfigDict

from ipscore.choices import ExitCode, Method, ScoreModel
from ipscore.errors import InputWarning
from ipscore.plan import (
    Comparator,
    Dimension,
    Kind,
    Measure,
    PlanLevel,
    PlanStatus,
    ProgressBand,
)


class Status(StrEnum):
    met = "met"
    missed = "missed"
    on_track = "on_track"
    at_risk = "at_risk"
    no_data = "no_data"
    incomplete = "incomplete"
    not_applicable = "not_applicable"
    error = "error"
    waived = "waived"


# The statuses of a target whose measure was never compared with it: no verdict either way.
UNJUDGED = frozenset({Status.no_data, Status.incomplete, Status.error})


class Grade(StrEnum):
    ready = "ready"
    nearly_ready = "nearly_ready"
    not_ready = "not_ready"


# Each assembled model class's field names, copied as the fields set of every instance assembled.
_FIELD_NAMES: dict[type[BaseModel], set[str]] = {}
# What ``cls.__new__(cls)`` calls for every model here (none defines ``__new__``; a test checks),
# without looking ``__new__`` up through pydantic's metaclass; and the setter pydantic uses itself.
_new_instance = object.__new__
_set = object.__setattr__


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)

    @classmethod
    def assemble(cls, fields: dict[str, Any]) -> Self:
        """An instance from a value for every field, in the fields' order, each value already of
        its field's type: the values are not validated again.

        For evaluate's hot path, where every value comes from typed code: validating the 36
        fields of a TargetOutcome costs about 12 µs, this about 1 µs. It sets what pydantic's
        ``model_construct`` sets when every field is given, without that method's per-field
        alias and default handling (which made it slower than validating). tests/test_assemble.py
        checks that everything evaluate assembles equals the same values validated, type for type.
        Every field is given, so the fields set is a copy of the class's field names.
        """
        names = _FIELD_NAMES.get(cls)
        if names is None:
            names = _FIELD_NAMES[cls] = set(cls.model_fields)
        instance = _new_instance(cls)
        _set(instance, "__dict__", fields)
        _set(instance, "__pydantic_fields_set__", names.copy())
        _set(instance, "__pydantic_extra__", None)
        _set(instance, "__pydantic_private__", None)
        return instance


class ProjectionOutcome(Frozen):
    method: Method
    year: int
    value: float | None
    meets: bool | None
    observed_growth: float | None
    required_growth: float | None
    progress_ratio: float | None
    progress_band: ProgressBand | None
    points: dict[int, float]  # the indicator's series continued to the deadline (series unit)
    left_out: int | None = None  # a year-to-date year the trend leaves out (docs/scoring.md)


class WaiverOutcome(Frozen):
    justification: str
    expires: dt.date | None = None


class AlternativeOutcome(Frozen):
    """Another reading of the target's sentence, evaluated like the main one but never scored."""

    id: str
    note: str
    indicator: str
    kind: Kind
    comparator: Comparator
    threshold: float
    unit: str
    status: Status
    actual: float | None
    evidence: str | None = None
    missing: str | None = None
    missing_zh: str | None = None
    differs: bool | None  # verdict differs from the main reading's; None: one of them is unjudged


class TargetOutcome(Frozen):
    """One target's result. Frozen, and its containers are tuples: evaluate gives every report
    of a plan the same instance for a target whose result depends on the plan alone (a
    milestone's or a scoped-out target's, by deadline passed, measure and status)."""

    id: str
    indicator: str
    label: str
    label_en: str
    dimension: Dimension
    kind: Kind
    comparator: Comparator
    threshold: float
    unit: str
    status: Status
    actual: float | None
    attainment: float
    gap: float | None
    relative_gap: float | None
    weight: float
    owners: tuple[str, ...]
    quote: str
    note: str | None = None
    deadline: dt.date
    evidence: str | None = None  # how the measure was made (English)
    evidence_zh: str | None = None  # the same in Chinese
    source: str | None = None
    missing: str | None = None  # what the submission lacks, or the error (English)
    missing_zh: str | None = None  # the same in Chinese (errors stay as raised)
    missing_years: tuple[int, ...] = ()  # for incomplete: the years the measure needs and lacks
    value_year: int | None = None  # the year of the latest value the measure used
    stale: bool = False  # value_year is before the reference year (docs/scoring.md)
    series: dict[int, float] | None = None  # the indicator's yearly values (series_unit)
    series_unit: str | None = None
    projection: ProjectionOutcome | None = None
    waiver: WaiverOutcome | None = None
    tolerance: float | None = None  # per cent the measure may fall short of threshold (左右)
    not_applicable: str | None = None  # why a tailoring scoped the target out
    measure: Measure | None = None  # the indicator's measure: stock, flow or milestone
    alternatives: tuple[AlternativeOutcome, ...] = ()
    differs_by_reading: bool = False  # some alternative reading's verdict differs from this one

    @property
    def differing_reading(self) -> AlternativeOutcome | None:
        """The first alternative reading whose verdict differs (what the report marks)."""
        return next((a for a in self.alternatives if a.differs), None)


class DimensionScore(Frozen):
    key: Dimension
    label: str
    score: float
    met: int
    total: int


class TailoringChangeOutcome(Frozen):
    target: str
    field: str  # weight, attribute or not_applicable (whose value is the reason)
    before: str | float | None
    after: str | float | None


class TailoringOutcome(Frozen):
    """The plan is a tailoring of ``base``: what it changed and which targets it added."""

    base: str
    file: str
    changes: list[TailoringChangeOutcome]
    added: list[str]


class PlanSummary(Frozen):
    id: str
    title: str
    title_en: str
    region: str
    region_en: str
    deadline: dt.date
    status: PlanStatus
    indicators_not_bundled: dict[str, str] = {}  # indicator key → the file that defines it
    tailoring: TailoringOutcome | None = None
    level: PlanLevel = PlanLevel.city  # 强市 or 强县 in titles
    acceptance_start: dt.date | None = None  # the acceptance review's window, when the plan has one
    acceptance_end: dt.date | None = None


class TargetChange(Frozen):
    """One target between an earlier report and this one (None: not in that report)."""

    id: str
    label: str
    label_en: str
    unit: str
    old_status: Status | None
    new_status: Status | None
    old_actual: float | None
    new_actual: float | None
    change: float | None  # new_actual − old_actual, when both are known


class ReportChange(Frozen):
    """What changed since an earlier report of the same region and plan."""

    old_as_of: dt.date
    old_file: str | None
    old_score: float
    new_score: float
    score_change: float
    newly_met: list[str]  # target ids: not met before, met now
    newly_missed: list[str]  # target ids: met before, not met now
    targets: list[TargetChange]  # every target whose status or measure moved


class TrendPoint(Frozen):
    """One stored submission of the region on the plan: its score and each target's measure."""

    as_of: dt.date
    file: str | None
    score: float
    actuals: dict[str, float | None]  # target id → measure (in the target's unit)


class FilledSeries(Frozen):
    """An indicator the submission lacked, taken from an earlier stored submission."""

    indicator: str
    file: str
    as_of: dt.date


class Report(Frozen):
    plan: PlanSummary
    region: str
    as_of: dt.date
    days_left: int
    final: bool
    model: ScoreModel
    score: float
    grade: Grade
    projected_score: float | None
    score_without_waivers: float | None
    dimensions: list[DimensionScore]
    targets: list[TargetOutcome]
    gaps: list[TargetOutcome]
    warnings: list[InputWarning]
    partial_year: int | None = None  # the year of as_of when as_of is inside it: flows year-to-date
    # Only when the user points the check at a history (``--db``); docs/history.md.
    change: ReportChange | None = None
    trend: list[TrendPoint] | None = None
    filled_from_history: list[FilledSeries] | None = None

    @property
    def counts(self) -> dict[Status, int]:
        """How many targets have each status."""
        result = dict.fromkeys(Status, 0)
        for target in self.targets:
            result[target.status] += 1
        return result

    def exit_code(self, fail_under: float | None = None) -> ExitCode:
        """OK when nothing is left to do (or the score reaches ``fail_under``), else GAPS."""
        done = self.score >= fail_under if fail_under is not None else not self.gaps
        return ExitCode.OK if done else ExitCode.GAPS
