"""One evaluation: submission + plan → :class:`Report`.

:func:`evaluate` is a short pipeline of named steps: check the submission against the catalogue
and derive what can be derived, then

1. :func:`_measure` each target (and its projection to the deadline while the deadline is ahead),
2. :func:`_judge` every measure with the durable-rules engine and give each target its status,
3. :func:`_outcomes` turn each judged target into its :class:`TargetOutcome`,
4. :func:`_report` scores them and gathers the report.

What depends on the plan alone is worked out once per plan (:func:`_plan_facts`).
"""

from __future__ import annotations

import datetime as dt
import math
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain
from pathlib import Path
from typing import Any, cast, get_args

from ipscore import engine
from ipscore.checks import CheckedData, PlanChecks, check_submission, plan_checks, threshold_spans
from ipscore.choices import Method, ScoreModel
from ipscore.completeness import (
    derived_parts,
    is_lower_bound,
    is_stale,
    lacking,
    partial_year,
    sums_flows,
)
from ipscore.derive import derivable, missing_parts, with_derived
from ipscore.errors import InputError, InputWarning, place_order
from ipscore.evidence import Parts
from ipscore.evidence import describe as describe_evidence
from ipscore.io import read_submission
from ipscore.kinds import Measured, MeasureFacts, Window, measure, measure_facts, milestone
from ipscore.missing import Missing, describe
from ipscore.packs import load_plan
from ipscore.plan import Dimension, Indicator, Kind, Plan, Target
from ipscore.projection import Projection, assess, progress_band
from ipscore.report import (
    UNJUDGED,
    AlternativeOutcome,
    DimensionScore,
    PlanSummary,
    ProjectionOutcome,
    Report,
    Status,
    TailoringChangeOutcome,
    TailoringOutcome,
    TargetOutcome,
    WaiverOutcome,
)
from ipscore.scoring import Counted, attainment, counted, gap, gap_list, grade, score, scored
from ipscore.submission import IndicatorData, Submission, submission_from_data
from ipscore.template_rows import running_totals
from ipscore.units import conversion_factor, exact, in_decimal_context
from ipscore.waivers import Waiver, active_waivers, read_waivers


def as_submission(submission: Submission | dict[str, Any] | str | Path) -> Submission:
    """Accept a model, a parsed dict, or the path of a JSON, xlsx or CSV file."""
    if isinstance(submission, Submission):
        return submission
    if isinstance(submission, dict):
        return submission_from_data(submission)
    return read_submission(submission)


def as_plan(plan: Plan | str | Path) -> Plan:
    """Accept a plan, a bundled plan id or the path of a rule pack."""
    if isinstance(plan, Plan):
        return plan
    if isinstance(plan, str | Path):
        return load_plan(plan)
    raise TypeError(
        f"plan must be an ipscore.Plan, a bundled plan id or a pack path, not {type(plan).__name__}"
    )


def as_waivers(waivers: list[Waiver] | str | Path | None) -> list[Waiver]:
    """Accept a list of waivers, the path of a waiver file, or None."""
    if waivers is None:
        return []
    if isinstance(waivers, str | Path):
        return read_waivers(waivers)
    if isinstance(waivers, list | tuple) and all(isinstance(w, Waiver) for w in waivers):
        return list(waivers)
    raise TypeError(
        f"waivers must be a list of ipscore.Waiver or a waiver file's path, "
        f"not {type(waivers).__name__}"
    )


def as_model(model: ScoreModel | str) -> ScoreModel:
    """A scoring model by value; a name that is none is a ValueError listing the choices."""
    if type(model) is ScoreModel:  # (the enum's call is ~0.3 µs even for a member)
        return model
    try:
        return ScoreModel(model)
    except ValueError:
        choices = ", ".join(m.value for m in ScoreModel)
        raise ValueError(f"model must be one of {choices}, not {model!r}") from None


_METHODS: tuple[str, ...] = get_args(Method)


def as_method(projection: str | None) -> Method | None:
    """A projection method by name, or None for each target's own choice."""
    if projection is None or projection in _METHODS:
        return cast("Method | None", projection)  # (a string: the union is not built per call)
    choices = ", ".join(_METHODS)
    raise ValueError(f"projection must be None or one of {choices}, not {projection!r}")


def rules_judged_each_time(plan: Plan) -> list[engine.Rule]:
    """The rules an evaluation hands the engine: those of the readings that read indicator data.
    A milestone's or scoped-out target's few possible values are judged once per plan
    (:func:`_settled_verdicts`)."""
    return [_rule(r) for t in plan.targets for r in t.readings() if not _settles(r)]


def _rule(target: Target) -> engine.Rule:
    return engine.Rule(target.id, target.comparator, target.effective_threshold)


def _settles(target: Target) -> bool:
    """The target reads no indicator data (a milestone, a scoped-out target): its measurement
    depends on the plan and a milestone's done / not / not given alone."""
    return bool(target.not_applicable) or target.kind is Kind.milestone


# --- what depends on the plan alone, worked out once per plan ------------------------------------


@dataclass(frozen=True, slots=True)
class _TargetFacts:
    """What evaluating one target needs from the plan alone (slotted: its fields are read for
    every target of every evaluation)."""

    target: Target
    indicator: Indicator
    deadline: dt.date
    threshold: float  # the effective threshold (moved by a tolerance)
    unit: str  # the unit the target is shown in (its own, or its kind's)
    series_unit: str  # the unit of the series shown with the outcome
    series_factor: Decimal | None  # catalogue unit → the series' unit, when that is not 1
    # A target that reads no indicator data (a milestone, a scoped-out target): its whole
    # measurement, made once per plan: ``settled[deadline passed][milestone done / not / not
    # given]``; () for a target that reads data.
    settled: tuple[dict[bool | None, _Measurement], ...]
    # The engine's verdict on each value those measurements have (a milestone done 1.0, not
    # done 0.0, neither None), judged once per plan (:func:`_settled_verdicts`); {} for a
    # target that reads data.
    settled_met: dict[float | None, bool | None]
    measuring: MeasureFacts  # what kinds.measure needs from the plan alone
    sums_flows: bool  # the measure adds up yearly flows (their latest year may be year-to-date)
    lower_bound: bool  # a sum with blanks may still be judged against a floor
    derives: bool  # the indicator has a formula: its value may come with the parts it used
    # The outcome's fields in the model's order: those that depend on the plan alone filled in,
    # the others None until an evaluation fills them; the same for each alternative reading's.
    outcome: dict[str, Any]
    alternatives: tuple[dict[str, Any], ...]
    # A milestone or a scoped-out target reads no indicator data: without alternative readings
    # its judged record and its outcome depend only on its measurement, one of the plan's
    # ``settled`` ones (its verdict is ``settled_met``'s). Its judged records are made with
    # the plan's facts (_PlanFacts.shared_judged); its outcome the first time it is needed,
    # kept on that record (_Judged.outcome) and shared by every later report.
    shared: bool


@dataclass(frozen=True)
class _PlanFacts:
    """The per-plan work of an evaluation, done once per plan (plans are frozen)."""

    period_start: int
    deadline_years: frozenset[int]  # the years of the deadlines of the readings that read data
    catalogue: dict[str, Indicator]
    checks: PlanChecks  # what checking a submission needs from the plan
    # The rules of the readings that read data, compiled: what each evaluation hands the engine
    # (an evicted compiled plan recompiles itself).
    compiled: engine.CompiledPlan
    wanted: tuple[str, ...]  # the derived indicators some reading reads (derive.derivable)
    targets: list[_TargetFacts]
    readings: dict[str, list[_TargetFacts]]  # target id → its alternative readings
    # Step 1's walk over ``targets`` and over each target's ``readings`` (:func:`_to_measure`).
    to_measure: tuple[_ToMeasure, ...]
    readings_to_measure: dict[str, tuple[_ToMeasure, ...]]
    shared_judged: dict[_Measurement, _Judged]  # made once per plan (_shared_judged)
    reading_data: tuple[int, ...]  # the positions of the targets that read data (not settled)
    weights: tuple[float, ...]  # each target's weight, in plan order (for the scores)
    dimensions: dict[Dimension, tuple[int, ...]]  # the positions of each dimension's targets
    # What a score counts when no waiver is active: every target but those scoped out (whose
    # status is not_applicable), in all and in each dimension.
    scored: Counted
    scored_dimensions: dict[Dimension, Counted]
    last_deadline: dt.date  # the latest target deadline: from then on a report is final
    summary: PlanSummary


# A target as step 1 walks it: its facts, its settled table (() when it reads data), its
# deadline and its indicator's key.
_ToMeasure = tuple[_TargetFacts, tuple[dict[bool | None, "_Measurement"], ...], dt.date, str]


def _to_measure(targets: list[_TargetFacts]) -> tuple[_ToMeasure, ...]:
    """The targets as step 1 walks them, in order: unpacking a tuple costs half what reading
    three slots and a model's field does, for each of a plan's targets on every evaluation
    (~4 µs of Nanjing's 72)."""
    return tuple((t, t.settled, t.deadline, t.target.indicator) for t in targets)


def _series_unit(target: Target, indicator: Indicator) -> str:
    """The unit a target's series is shown in: the target's own for an amount, else the
    catalogue's (a rate's series is the indicator's values, not rates)."""
    return target.unit if target.kind.in_indicator_unit and target.unit else indicator.unit


def _series_factor(target: Target, indicator: Indicator) -> Decimal | None:
    """The factor from the catalogue unit to the unit a target's series is shown in."""
    if not target.kind.in_indicator_unit or not target.unit:
        return None
    factor = conversion_factor(indicator.unit, target.unit)
    return None if factor is None or factor == 1.0 else exact(factor)


def _target_facts(
    plan: Plan, target: Target, settled_met: dict[str, dict[float | None, bool | None]]
) -> _TargetFacts:
    indicator = plan.indicator_of(target)
    deadline = plan.deadline_of(target)
    fixed = {
        "id": target.id,
        "indicator": target.indicator,
        "label": indicator.zh,
        "label_en": indicator.en,
        "dimension": target.dimension,
        "kind": target.kind,
        "comparator": target.comparator,
        "threshold": target.threshold,
        "unit": target.shown_unit,
        "weight": target.weight,
        "owners": target.owners,
        "quote": target.quote,
        "note": target.note,
        "tolerance": target.tolerance,
        "not_applicable": target.not_applicable,
        "measure": indicator.measure,
        "deadline": deadline,
    }
    return _TargetFacts(
        target=target,
        indicator=indicator,
        deadline=deadline,
        threshold=target.effective_threshold,
        unit=target.shown_unit,
        series_unit=_series_unit(target, indicator),
        series_factor=_series_factor(target, indicator),
        settled=_settled_measurements(target),
        settled_met=settled_met.get(target.id, {}),
        measuring=measure_facts(target, indicator),
        sums_flows=sums_flows(target, indicator),
        lower_bound=is_lower_bound(target, indicator),
        derives=indicator.derive is not None,
        outcome={name: fixed.get(name) for name in TargetOutcome.model_fields},
        alternatives=tuple(_alternative_template(r) for r in target.readings()[1:]),
        shared=_settles(target) and not target.alternatives,
    )


def _alternative_template(reading: Target) -> dict[str, Any]:
    """An alternative reading's outcome fields in the model's order, those that depend on the
    plan alone filled in."""
    fixed = {
        "id": reading.id,
        "note": reading.note or "",
        "indicator": reading.indicator,
        "kind": reading.kind,
        "comparator": reading.comparator,
        "threshold": reading.threshold,
        "unit": reading.shown_unit,
    }
    return {name: fixed.get(name) for name in AlternativeOutcome.model_fields}


def _settled_measurements(target: Target) -> tuple[dict[bool | None, _Measurement], ...]:
    """Every measurement a target that reads no indicator data can have: a table by milestone
    done / not / not given while the deadline is ahead, and one once it has passed (indexed by
    ``deadline passed``: a tuple lookup and a dict lookup cost half what one lookup by a
    (bool, bool) key does, as that key is built and hashed for every target of every
    evaluation); () for a target that reads data. A scoped-out target has nothing to measure
    and nothing to judge."""
    if not _settles(target):
        return ()
    return tuple(
        {
            done: _Measurement(
                target,
                final,
                Measured(None) if target.not_applicable else milestone(done, target.indicator),
                settled=True,
            )
            for done in (True, False, None)
        }
        for final in (False, True)
    )


_facts_by_plan: dict[int, _PlanFacts] = {}


def _plan_facts(plan: Plan) -> _PlanFacts:
    """The plan's facts, worked out on its first evaluation and dropped with the plan."""
    key = id(plan)
    facts = _facts_by_plan.get(key)
    if facts is None:
        meta = plan.plan
        catalogue = plan.full_catalogue
        settled_met = _settled_verdicts(plan)
        targets = [_target_facts(plan, target, settled_met) for target in plan.targets]
        readings = {
            t.id: [_target_facts(plan, r, settled_met) for r in t.readings()[1:]]
            for t in plan.targets
            if t.alternatives
        }
        dimensions = _dimension_positions(plan)
        scored_positions = tuple(i for i, t in enumerate(plan.targets) if not t.not_applicable)
        weights = tuple(t.weight for t in plan.targets)
        facts = _PlanFacts(
            period_start=meta.period.start,
            deadline_years=frozenset(
                t.deadline.year for t in chain(targets, *readings.values()) if not t.settled
            ),
            catalogue=catalogue,
            checks=plan_checks(catalogue, threshold_spans(plan), running_totals(plan)),
            compiled=engine.compile_rules(rules_judged_each_time(plan)),
            wanted=derivable(catalogue, (r.indicator for t in plan.targets for r in t.readings())),
            targets=targets,
            readings=readings,
            to_measure=_to_measure(targets),
            readings_to_measure={t_id: _to_measure(alts) for t_id, alts in readings.items()},
            shared_judged=_shared_judged(targets),
            reading_data=tuple(i for i, t in enumerate(targets) if not t.settled),
            weights=weights,
            dimensions=dimensions,
            scored=counted(scored_positions, weights),
            scored_dimensions=_by_dimension(dimensions, set(scored_positions), weights),
            last_deadline=max((plan.deadline_of(t) for t in plan.targets), default=dt.date.min),
            summary=PlanSummary(
                id=plan.id,
                title=meta.title,
                title_en=meta.title_en,
                region=meta.region,
                region_en=meta.region_en,
                deadline=meta.deadline,
                status=meta.status,
                indicators_not_bundled=dict(sorted(plan.origins.items())),
                tailoring=_tailoring(plan),
                level=meta.level,
                acceptance_start=meta.acceptance.start if meta.acceptance else None,
                acceptance_end=meta.acceptance.end if meta.acceptance else None,
            ),
        )
        _facts_by_plan[key] = facts
        weakref.finalize(plan, _facts_by_plan.pop, key, None)
    return facts


def _by_dimension(
    dimensions: Mapping[Dimension, tuple[int, ...]], kept: set[int], weights: Sequence[float]
) -> dict[Dimension, Counted]:
    """Each dimension's targets among ``kept`` (positions) with their summed weight: what its
    score counts (per plan without waivers, per report with them)."""
    return {
        dimension: counted((i for i in members if i in kept), weights)
        for dimension, members in dimensions.items()
    }


def _settled_verdicts(plan: Plan) -> dict[str, dict[float | None, bool | None]]:
    """The engine's verdict on every value a reading that reads no data can have, by reading id
    and value: judged once per plan, with its rules compiled for this alone.

    A milestone's measure is 1.0 (done) or 0.0 (not done), or it has none (not given, and a
    scoped-out target never has one), so its few verdicts are known before any submission is
    seen; each evaluation then hands the engine only the values read from data (17 of
    Nanjing's 75 readings), which is a quarter of the engine's work (docs/performance.md).
    """
    settled = [r for t in plan.targets for r in t.readings() if _settles(r)]
    values: dict[str, list[float]] = {}
    for reading in settled:
        measures = [m.current for table in _settled_measurements(reading) for m in table.values()]
        values[reading.id] = sorted({m.value for m in measures if m.value is not None})
    batch = [
        {target_id: found[n] for target_id, found in values.items() if n < len(found)}
        for n in range(max(map(len, values.values()), default=0))
    ]
    judged = engine.evaluate_once([_rule(r) for r in settled], batch) if batch else []
    verdicts: dict[str, dict[float | None, bool | None]] = {r.id: {None: None} for r in settled}
    for value_set, result in zip(batch, judged, strict=True):
        for target_id, value in value_set.items():
            verdicts[target_id][value] = result[target_id]
    return verdicts


def _dimension_positions(plan: Plan) -> dict[Dimension, tuple[int, ...]]:
    """The positions of each dimension's targets in plan order, for the dimensions that have
    targets, in the dimensions' order."""
    positions = {
        dimension: tuple(i for i, t in enumerate(plan.targets) if t.dimension is dimension)
        for dimension in Dimension
    }
    return {dimension: found for dimension, found in positions.items() if found}


def _tailoring(plan: Plan) -> TailoringOutcome | None:
    if plan.tailoring is None:
        return None
    return TailoringOutcome(
        base=plan.tailoring.base,
        file=plan.tailoring.file,
        changes=[
            TailoringChangeOutcome(
                target=change.target, field=change.field, before=change.before, after=change.after
            )
            for change in plan.tailoring.changes
        ],
        added=list(plan.tailoring.added),
    )


# --- step 1: measure ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Given:
    """What one evaluation measures against: the checked data as of a date (slotted, not
    frozen, like the other per-evaluation records; nothing changes it once made)."""

    checked: CheckedData
    data: dict[str, IndicatorData]  # the submitted series and those derived from them
    catalogue: dict[str, Indicator]
    as_of: dt.date
    partial_year: int | None  # the year of as_of when as_of falls inside it
    method: Method | None  # the projection method asked for, else each target's own


@dataclass(slots=True, eq=False)
class _Measurement:
    """One target's measure in one evaluation (compared and hashed by identity).

    This record and :class:`_Judged` are made for every target in every evaluation, so they are
    slotted and not frozen: a frozen dataclass's ``__init__`` costs about five times as much.
    Nothing changes them once made: a milestone's or scoped-out target's is made once per plan
    (:func:`_settled_measurements`) and shared by every evaluation.
    """

    target: Target
    final: bool
    current: Measured[float]
    projection: Projection | None = None
    error: str | None = None
    source: str | None = None
    data: IndicatorData | None = None
    lacks: Missing | None = None  # incomplete: the years (or part) the measure needs
    lower_bound: bool = False  # a sum with blanks that may still be judged against a floor
    stale: bool = False
    parts: Parts | None = None  # a derived value's parts in the year shown
    to_date: dt.date | None = None  # as_of, when this target's latest year is year-to-date
    reference_year: int | None = None  # the latest year the measure may use
    settled: bool = False  # made once per plan: the target reads no data (_settled_measurements)

    @property
    def judged(self) -> bool:
        """The measure goes to the engine: complete, or a lower bound of a sum."""
        return not self.error and (self.lacks is None or self.lower_bound)


@dataclass(frozen=True)
class _Measures:
    """Step 1's result: each target's measurement, and those of its alternative readings."""

    targets: list[_Measurement]  # in plan order
    readings: dict[str, list[_Measurement]]  # target id → its alternative readings'

    def read_from_data(self, positions: tuple[int, ...]) -> list[_Measurement]:
        """The measurements of the readings that read data: the targets at ``positions`` (the
        plan's, :attr:`_PlanFacts.reading_data`), then such alternative readings."""
        targets = self.targets
        found = [targets[i] for i in positions]
        found.extend(m for alts in self.readings.values() for m in alts if not m.settled)
        return found


def _measure(facts: _PlanFacts, given: _Given) -> _Measures:
    """Step 1: every target's measure, and its projection while the deadline is ahead."""
    as_of, done = given.as_of, given.checked.milestones
    # The years each reading's measure may use, one Window per deadline year (a named tuple
    # costs ~0.3 µs to make; Nanjing's 19 data readings share one deadline year).
    windows = {
        year: Window(facts.period_start, min(as_of.year, year)) for year in facts.deadline_years
    }

    def measure_all(targets: tuple[_ToMeasure, ...]) -> list[_Measurement]:
        # A milestone or a scoped-out target is looked up in the plan's table: nothing to
        # compute, and no call (56 of Nanjing's 72 targets).
        return [
            settled[as_of >= deadline][done.get(key)]
            if settled
            else _measure_target(t, windows[deadline.year], given)
            for t, settled, deadline, key in targets
        ]

    return _Measures(
        targets=measure_all(facts.to_measure),
        readings={
            target_id: measure_all(alts) for target_id, alts in facts.readings_to_measure.items()
        },
    )


def _measure_target(facts: _TargetFacts, window: Window, given: _Given) -> _Measurement:
    """A target that reads indicator data: its measure over ``window``, and its projection
    while the deadline is ahead."""
    final = given.as_of >= facts.deadline
    target, indicator, deadline = facts.target, facts.indicator, facts.deadline
    as_of, data = given.as_of, given.data
    series = data.get(target.indicator)
    year_to_date = given.partial_year == window.upto and facts.sums_flows
    try:
        current = measure(target, indicator, series, window, facts.measuring)
        if current.value is None and series is None:
            parts = missing_parts(indicator, data)
            if parts:
                current = Measured(
                    None, None, Missing("parts", target.indicator, parts=tuple(parts))
                )
        if current.value is not None and not math.isfinite(current.value):
            return _Measurement(target, final, Measured(None), error="the measure is not finite")
        lacks = lacking(target, indicator, data, current, window, final, facts.sums_flows)
        projection = None
        if not final and current.value is not None and lacks is None:
            chosen = given.method or target.projection or "cagr"
            # A year-to-date flow is no full year: the trend is drawn from the full years before.
            trend = Window(window.period_start, window.upto - 1) if year_to_date else window
            projection = assess(target, indicator, series, trend, deadline.year, chosen)
            if projection is not None and not _finite(projection.measured.value):
                projection = None  # a trend that overflows tells nothing
    except (ArithmeticError, ValueError) as exc:
        return _Measurement(target, final, Measured(None), error=f"{type(exc).__name__}: {exc}")
    source = None
    if series is not None:
        source = series.source + (f" ({series.note})" if series.note else "")
    # Positional: keywords cost 0.6 µs more for a record this size. In the fields' order:
    return _Measurement(
        target,
        final,
        current,
        projection,
        None,  # error
        source,
        series,  # data
        lacks,
        facts.lower_bound,
        lacks is None and is_stale(current, window),  # stale
        # parts (no call for an indicator without a formula: 13 of Nanjing's 16)
        derived_parts(indicator, data, given.catalogue, current.year) if facts.derives else None,
        as_of if year_to_date else None,  # to_date
        window.upto,  # reference_year
    )


def _finite(value: float | None) -> bool:
    return value is None or math.isfinite(value)


def _stale_warnings(
    measurements: list[_Measurement], catalogue: dict[str, Indicator], file: str | None
) -> list[InputWarning]:
    """W210 for each target judged on a value from before the reference year."""
    return [
        InputWarning(
            code="W210",
            message=f"{m.target.id}: the latest value of {m.target.indicator} is from "
            f"{m.current.year}, before the reference year {m.reference_year}; it is used and "
            "shown with its year",
            message_zh=f"{m.target.id}：{catalogue[m.target.indicator].zh}的最新数值为"
            f"{m.current.year}年数据，早于参考年份{m.reference_year}年；仍据此判断，并注明年份",
            file=file,
            path=f"$.indicators.{m.target.indicator}",
        )
        for m in measurements
        if m.stale
    ]


# --- step 2: judge ------------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class _Judged:
    """One target after the engine: what its outcome is built from (compared and hashed by
    identity)."""

    facts: _TargetFacts
    m: _Measurement
    status: Status
    projected_met: bool | None  # the engine's verdict on the projection (None: not projected)
    readings: Sequence[tuple[_Measurement, Status]]  # each alternative reading and its status
    # A shared record's outcome (one of _PlanFacts.shared_judged): set the first time it is
    # built and never changed after, so every later report of the plan finds it here.
    outcome: TargetOutcome | None = None

    @property
    def met(self) -> bool:
        return self.status is Status.met


_NO_READINGS: tuple[tuple[_Measurement, Status], ...] = ()  # shared: a _Judged changes nothing


def _judge(facts: _PlanFacts, measures: _Measures) -> list[_Judged]:
    """Step 2: the engine's verdicts on every measure and projection, and each target's status.

    The engine is handed the values read from data; a milestone's or scoped-out target's
    verdict is the one the engine gave its value once per plan (``settled_met``).
    """
    current_values: dict[str, float | None] = {}
    projected_values: dict[str, float | None] = {}
    for m in measures.read_from_data(facts.reading_data):
        if m.judged:
            current_values[m.target.id] = m.current.value
        if m.projection is not None:
            projected_values[m.target.id] = m.projection.measured.value
    if projected_values:
        verdicts, projected = facts.compiled.evaluate_many([current_values, projected_values])
    else:  # nothing projected (the deadline has come): one value set for the engine
        verdicts, projected = facts.compiled.evaluate(current_values), {}

    def verdict(t: _TargetFacts, m: _Measurement) -> bool | None:
        """The engine's verdict on a reading's measure: given once per plan for a settled one,
        on this evaluation's value sets for the others."""
        return t.settled_met[m.current.value] if t.settled else verdicts[m.target.id]

    def status(t: _TargetFacts, m: _Measurement) -> Status:
        return _status(m, verdict(t, m), projected.get(m.target.id))

    alternatives = measures.readings

    def judged(t: _TargetFacts, m: _Measurement) -> _Judged:
        target_id = m.target.id
        projected_met = projected.get(target_id)
        others = alternatives.get(target_id)
        return _Judged(
            t,
            m,
            _status(m, verdict(t, m), projected_met),  # status(t, m), projected_met looked up once
            projected_met,
            [
                (other, status(other_facts, other))
                for other_facts, other in zip(facts.readings[target_id], others, strict=True)
            ]
            if others
            else _NO_READINGS,
        )

    # A shared target's record is found (56 of Nanjing's 72): only the others are judged here.
    shared = facts.shared_judged
    return [
        shared.get(m) or judged(t, m) for t, m in zip(facts.targets, measures.targets, strict=True)
    ]


def _shared_judged(targets: list[_TargetFacts]) -> dict[_Measurement, _Judged]:
    """The judged record of each settled measurement of every target whose outcome is shared
    (a milestone's or scoped-out target's without alternative readings), by the measurement
    (compared by identity): made once per plan, as its verdict is the one the engine gave that
    measure once per plan, and it has no projection and no alternative reading."""
    return {
        m: _Judged(t, m, _status(m, t.settled_met[m.current.value], None), None, _NO_READINGS)
        for t in targets
        if t.shared
        for table in t.settled
        for m in table.values()
    }


def _status(m: _Measurement, met: bool | None, projected_met: bool | None) -> Status:
    if m.target.not_applicable:
        return Status.not_applicable
    if m.error:
        return Status.error
    if met is None:
        return Status.incomplete if m.lacks is not None else Status.no_data
    if met:
        return Status.met
    if m.lacks is not None:
        return Status.incomplete
    if m.final:
        return Status.missed
    return Status.on_track if projected_met else Status.at_risk


# --- step 3: outcomes ---------------------------------------------------------------------------


def _outcomes(
    judged: list[_Judged], active: dict[str, Waiver], catalogue: dict[str, Indicator]
) -> tuple[list[TargetOutcome], list[TargetOutcome]]:
    """Step 3: each target's outcome with its waiver, and (for the score without waivers) as it
    would be without one."""
    # 56 of Nanjing's 72 targets find a shared outcome: looked up here, inline.
    unwaived = [j.outcome or _new_outcome(j, catalogue) for j in judged]
    if not active:
        return unwaived, unwaived
    outcomes = []
    for j, plain in zip(judged, unwaived, strict=True):
        target = j.m.target
        waiver = None if target.not_applicable or j.met else active.get(target.id)
        outcomes.append(plain if waiver is None else _waived(plain, waiver))
    return outcomes, unwaived


def _waived(outcome: TargetOutcome, waiver: Waiver) -> TargetOutcome:
    """The outcome set aside by a waiver (a copy: the outcome itself may be shared)."""
    waived = WaiverOutcome(justification=waiver.justification, expires=waiver.expires)
    return outcome.model_copy(update={"status": Status.waived, "waiver": waived})


def _new_outcome(j: _Judged, catalogue: dict[str, Indicator]) -> TargetOutcome:
    """A target's outcome without a waiver. When it depends on the plan alone (a milestone's, a
    scoped-out target's), it is kept on its shared judged record and shared by every later
    report of the plan."""
    outcome = TargetOutcome.assemble(_outcome_fields(j, catalogue))
    if j.facts.shared:
        j.outcome = outcome
    return outcome


def _outcome_fields(j: _Judged, catalogue: dict[str, Indicator]) -> dict[str, Any]:
    """The fields of a target's outcome (without a waiver), in the model's order: a copy of the
    plan's template (``facts.outcome``) with this evaluation's values stored in (cheaper than
    merging a dict of them, which makes the copy grow its table)."""
    facts, m, status, met = j.facts, j.m, j.status, j.met
    comparator = facts.target.comparator
    actual = None if status is Status.incomplete else m.current.value
    missing, missing_zh = _missing(m, catalogue)
    alternatives = (
        tuple(
            _alternative(fixed, other, s, status, catalogue)
            for fixed, (other, s) in zip(facts.alternatives, j.readings, strict=True)
        )
        if j.readings
        else ()
    )
    fields = dict(facts.outcome)
    fields["status"] = status
    fields["actual"] = actual
    fields["attainment"] = attainment(comparator, facts.threshold, actual, met)
    shortfall = (None, None) if met else gap(comparator, facts.threshold, actual)
    fields["gap"], fields["relative_gap"] = shortfall
    fields["evidence"], fields["evidence_zh"] = _evidence(m, facts.unit)
    fields["source"] = m.source
    fields["missing"] = missing
    fields["missing_zh"] = missing_zh
    fields["missing_years"] = m.lacks.years if m.lacks is not None else ()
    fields["value_year"] = m.current.year
    fields["stale"] = m.stale
    if m.data is not None:
        fields["series"] = _in_series_unit(m.data, facts)
        fields["series_unit"] = facts.series_unit
    fields["projection"] = None if met else _projection(j)
    fields["alternatives"] = alternatives
    fields["differs_by_reading"] = bool(alternatives) and any(a.differs for a in alternatives)
    return fields


def _projection(j: _Judged) -> ProjectionOutcome | None:
    p = j.m.projection
    if p is None:
        return None
    return ProjectionOutcome.assemble(
        {
            "method": p.method,
            "year": j.facts.deadline.year,
            "value": p.measured.value,
            "meets": j.projected_met,
            "observed_growth": p.observed_growth,
            "required_growth": p.required_growth,
            "progress_ratio": p.progress_ratio,
            "progress_band": progress_band(
                p.observed_growth,
                p.required_growth,
                j.projected_met,
                j.facts.target.comparator.higher_is_better,
            ),
            "points": _in_series_unit(IndicatorData(j.m.target.indicator, p.points), j.facts),
            "left_out": j.m.to_date.year if j.m.to_date is not None else None,
        }
    )


def _alternative(
    fixed: dict[str, Any],
    m: _Measurement,
    status: Status,
    main: Status,
    catalogue: dict[str, Indicator],
) -> AlternativeOutcome:
    """Another reading's outcome: the plan's template of it (``fixed``: its fields that depend on
    the plan alone) with this evaluation's values put in."""
    fields = dict(fixed)
    fields["status"] = status
    fields["actual"] = None if status is Status.incomplete else m.current.value
    fields["evidence"] = _evidence(m, fixed["unit"])[0]
    fields["missing"], fields["missing_zh"] = _missing(m, catalogue)
    fields["differs"] = None if status in UNJUDGED or main in UNJUDGED else status != main
    return AlternativeOutcome.assemble(fields)


def _evidence(m: _Measurement, unit: str) -> tuple[str | None, str | None]:
    """How the measure was made, in English and in Chinese."""
    proof = m.current.proof
    if proof is None:
        return None, None
    return describe_evidence(proof, m.parts, m.to_date, unit)


def _missing(m: _Measurement, catalogue: dict[str, Indicator]) -> tuple[str | None, str | None]:
    """What the submission lacks (or the error), in English and in Chinese."""
    if m.error:
        return m.error, m.error
    missing = m.lacks or m.current.missing
    if missing is None:
        return None, None
    return describe(missing, catalogue)


def _in_series_unit(data: IndicatorData, facts: _TargetFacts) -> dict[int, float]:
    """Yearly values in the unit the target is written in (the catalogue unit for rates): the
    floats as they are, or each exact value converted and then rounded. In year order as the
    data holds them (:class:`IndicatorData` keeps its values so; sorting them again cost ~0.6 µs
    a target; test_laws' key-order law shuffles the submitted years)."""
    factor = facts.series_factor
    if factor is None:
        return data.values.copy()
    return {year: float(data.exact(year) * factor) for year in data.values}


# --- step 4: report -----------------------------------------------------------------------------


def _report(
    facts: _PlanFacts,
    submission: Submission,
    model: ScoreModel,
    judged: list[_Judged],
    outcomes: list[TargetOutcome],
    unwaived: list[TargetOutcome] | None,
    warnings: list[InputWarning],
) -> Report:
    """Step 4: scores, grade, dimensions and gap list around the outcomes. ``unwaived`` holds
    the outcomes as they would be without waivers, None when no waiver is active."""
    as_of = submission.as_of
    final = as_of >= facts.last_deadline  # every target's deadline has come: none is projected
    weights = facts.weights
    attainments = [o.attainment for o in outcomes]
    # The targets a score counts, in all and by dimension: without waivers the plan's (all but
    # those scoped out), else those neither scoped out nor waived.
    if unwaived is None:
        targets, groups = facts.scored, facts.scored_dimensions
    else:
        targets = counted(scored([o.status for o in outcomes]), weights)
        groups = _by_dimension(facts.dimensions, set(targets.positions), weights)
    readiness = round(score(targets, weights, attainments, model), 2)
    gaps = gap_list(outcomes, targets.positions)
    projected = None if final else _projected_attainments(judged, attainments)
    projected_score = None
    if projected is not None:
        projected_score = round(score(targets, weights, projected, model), 2)
    without_waivers = None
    if unwaived is not None:  # no outcome there is waived: the plan's targets count
        plain = [o.attainment for o in unwaived]
        without_waivers = round(score(facts.scored, weights, plain, model), 2)
    return Report.assemble(
        {
            "plan": facts.summary,
            "region": submission.region,
            "as_of": as_of,
            "days_left": max((facts.summary.deadline - as_of).days, 0),
            "final": final,
            "model": model,
            "score": readiness,
            "grade": grade(gaps, readiness),
            "projected_score": projected_score,
            "score_without_waivers": without_waivers,
            "dimensions": _dimensions(facts, groups, attainments, gaps, model),
            "targets": outcomes,
            "gaps": gaps,
            "warnings": _in_place_order(submission, warnings) if warnings else [],
            "partial_year": as_of.year if _year_to_date(as_of, judged) else None,
            "change": None,
            "trend": None,
            "filled_from_history": None,
        }
    )


def _year_to_date(as_of: dt.date, judged: list[_Judged]) -> bool:
    """Some target's latest year was measured year-to-date (only when as_of is inside a year)."""
    return partial_year(as_of) is not None and any(j.m.to_date for j in judged)


def _in_place_order(submission: Submission, warnings: list[InputWarning]) -> list[InputWarning]:
    """The report's warnings placed in the submission's file (a cell, a line and column) and
    sorted by place (cells by sheet, row, column), then code."""
    placed = [submission.source.locate_warning(w) for w in warnings]
    if len(placed) < 2:
        return placed
    return sorted(placed, key=lambda w: (place_order(w.file, w.path), w.code))


def _projected_attainments(judged: list[_Judged], attainments: list[float]) -> list[float] | None:
    """Each target's attainment as its projection would reach it (its own when it is met or not
    projected), in plan order; None when no target is projected."""
    projected = None
    for i, j in enumerate(judged):
        p = j.m.projection
        if p is None:
            continue
        if projected is None:
            projected = list(attainments)
        if not j.met:
            facts, value, meets = j.facts, p.measured.value, bool(j.projected_met)
            projected[i] = attainment(facts.target.comparator, facts.threshold, value, meets)
    return projected


def _dimensions(
    facts: _PlanFacts,
    groups: Mapping[Dimension, Counted],
    attainments: list[float],
    gaps: list[TargetOutcome],
    model: ScoreModel,
) -> list[DimensionScore]:
    """Each of the plan's dimensions: the score of its scored targets (``groups``) and how
    many of them are met (those not among the gaps)."""
    open_items = dict.fromkeys(groups, 0)
    for outcome in gaps:
        open_items[outcome.dimension] += 1
    weights = facts.weights
    return [
        DimensionScore.assemble(
            {
                "key": dimension,
                "label": dimension.zh,
                "score": round(score(group, weights, attainments, model), 2),
                "met": len(group.positions) - open_items[dimension],
                "total": len(group.positions),
            }
        )
        for dimension, group in groups.items()
    ]


# --- the pipeline -------------------------------------------------------------------------------


def evaluate(
    plan: Plan | str | Path,
    submission: Submission | dict[str, Any] | str | Path,
    *,
    model: ScoreModel | str = ScoreModel.weighted,
    projection: Method | None = None,
    waivers: list[Waiver] | str | Path | None = None,
) -> Report:
    """Evaluate a submission against a plan and return the report.

    ``submission`` is a :class:`Submission`, a dict shaped like the JSON, or the path of a JSON,
    xlsx or CSV file. A wrong argument type is a ``TypeError``, a bad value a ``ValueError``, bad
    input data an :class:`InputError` located in the file (and cell) it came from.
    """
    plan = as_plan(plan)
    submission = as_submission(submission)
    try:
        return _evaluate(
            plan, submission, as_model(model), as_method(projection), as_waivers(waivers)
        )
    except InputError as exc:
        raise submission.source.locate(exc) from None


@in_decimal_context
def _evaluate(
    plan: Plan,
    submission: Submission,
    model: ScoreModel,
    projection: Method | None,
    waivers: list[Waiver],
) -> Report:
    """Check and derive, then measure → judge → outcomes → report."""
    facts = _plan_facts(plan)
    file = submission.source.file
    _check_start(plan, submission)
    checked = check_submission(submission, facts.checks, file)
    warnings: list[InputWarning] = list(checked.warnings)
    warnings.extend(_region_warning(plan, submission))
    active, waiver_warnings = active_waivers(waivers, plan, submission.as_of)
    warnings.extend(waiver_warnings)
    data = with_derived(checked.indicators, facts.catalogue, facts.wanted)
    as_of = submission.as_of
    given = _Given(checked, data, facts.catalogue, as_of, partial_year(as_of), projection)

    measures = _measure(facts, given)
    warnings.extend(_stale_warnings(measures.targets, facts.catalogue, file))
    judged = _judge(facts, measures)
    outcomes, unwaived = _outcomes(judged, active, facts.catalogue)
    return _report(
        facts, submission, model, judged, outcomes, unwaived if active else None, warnings
    )


def _check_start(plan: Plan, submission: Submission) -> None:
    """E116 when the submission is dated before the plan starts."""
    as_of = submission.as_of
    if as_of < dt.date(plan.plan.period.start, 1, 1):
        raise InputError(
            "E116",
            f"as_of {as_of} is before plan {plan.id} starts ({plan.plan.period.start})",
            f"数据截止日期 as_of（{as_of}）早于方案 {plan.id} 的起始年份"
            f"（{plan.plan.period.start}年）",
            file=submission.source.file,
            path="$.as_of",
        )


def _region_warning(plan: Plan, submission: Submission) -> list[InputWarning]:
    """W205 when the submission's region is not the plan's."""
    if submission.region == plan.plan.region:
        return []
    return [
        InputWarning(
            code="W205",
            message=f"region {submission.region!r} is not the plan's region {plan.plan.region!r}",
            message_zh=f"地区“{submission.region}”与方案的地区“{plan.plan.region}”不一致",
            file=submission.source.file,
            path="$.region",
        )
    ]
