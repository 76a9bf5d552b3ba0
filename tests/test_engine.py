"""The durable-rules engine module: complete, deterministic and isolated evaluations."""

from __future__ import annotations

import importlib
import json
import random
import threading

import pytest
from helpers import CASES

import ipscore
from ipscore import engine
from ipscore.evaluate import _settled_verdicts, rules_judged_each_time
from ipscore.plan import Comparator
from ipscore.report import Status

NJ = "nanjing-2022-2025"
PLAN_IDS = [plan.id for plan in ipscore.list_plans()]


def _json(plan_id: str, case: str) -> str:
    report = ipscore.evaluate(plan_id, CASES / case)
    return report.model_dump_json()


def test_a_then_b_then_a_gives_the_same_a():
    first = _json(NJ, "nanjing-2025-partial.json")
    _json("yuhuatai-2023-2025", "yuhuatai-2025-partial.json")
    _json(NJ, "nanjing-2025-all-met.json")
    assert _json(NJ, "nanjing-2025-partial.json") == first


def test_no_session_state_survives_and_nothing_grows():
    plan = ipscore.load_plan(NJ)
    ipscore.evaluate(plan, CASES / "nanjing-2025-partial.json")
    compiled_before = engine.compiled_count()
    compiled = engine.compile_rules(rules_judged_each_time(plan))  # what evaluate compiles
    for _ in range(1000):
        ipscore.evaluate(plan, CASES / "nanjing-2025-partial.json")
        assert compiled.leftover_facts() == 0
    assert engine.compiled_count() == compiled_before


def test_eight_threads_agree_with_one():
    cases = ["nanjing-2025-partial.json", "nanjing-2024-midterm.json", "nanjing-2025-all-met.json"]
    sequential = {case: _json(NJ, case) for case in cases}
    results: list[tuple[str, str]] = []
    errors: list[BaseException] = []

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        try:
            for _ in range(25):
                case = rng.choice(cases)
                results.append((case, _json(NJ, case)))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == 200
    assert all(text == sequential[case] for case, text in results)


def test_a_reused_plan_reports_what_a_fresh_plan_reports():
    """What is kept per plan (shared measurements, judged records and outcomes of milestones)
    never carries over from one submission to the next: before and after the deadline, each
    milestone delivered, not delivered or not given in turn."""
    import json

    reused = ipscore.load_plan(NJ)
    rng = random.Random(16)
    for case in ("nanjing-2024-midterm.json", "nanjing-2025-partial.json"):
        data = json.loads((CASES / case).read_text(encoding="utf-8"))
        keys = sorted({t.indicator for t in reused.targets if t.kind == "milestone"})
        for _ in range(4):
            data["milestones"] = {
                key: done for key in keys if (done := rng.choice([True, False, None])) is not None
            }
            fresh = ipscore.evaluate(ipscore.load_plan(NJ), data).model_dump_json()
            assert ipscore.evaluate(reused, data).model_dump_json() == fresh


@pytest.mark.parametrize("plan_id", PLAN_IDS)
def test_a_settled_reading_carries_the_engines_verdict_on_each_value_it_can_have(plan_id):
    """Milestones and scoped-out targets are judged once per plan: each value their measure can
    have (a milestone done 1.0, not done 0.0, or none) has the comparator's verdict, and the
    rules used for it are deleted again."""
    compiled_before = engine.compiled_count()
    plan = ipscore.load_plan(plan_id)
    verdicts = _settled_verdicts(plan)
    assert engine.compiled_count() == compiled_before
    readings = {r.id: r for t in plan.targets for r in t.readings()}
    milestones = [r for r in readings.values() if r.kind == "milestone" and not r.not_applicable]
    assert milestones and {r.id for r in milestones} <= verdicts.keys()
    for target_id, by_value in verdicts.items():
        reading = readings[target_id]
        assert by_value[None] is None
        expected_values = {None} if reading.not_applicable else {None, 0.0, 1.0}
        assert by_value.keys() == expected_values
        for value in expected_values - {None}:
            met = reading.comparator.holds(value, reading.effective_threshold)
            assert by_value[value] is met, (target_id, value)
    judged_each_time = {rule.target_id for rule in rules_judged_each_time(plan)}
    assert judged_each_time.isdisjoint(verdicts) and judged_each_time | verdicts.keys() == set(
        readings
    )


def test_an_evaluation_hands_the_engine_only_values_read_from_data(monkeypatch):
    plan = ipscore.load_plan(NJ)
    settled = _settled_verdicts(plan).keys()
    ipscore.evaluate(plan, CASES / "nanjing-2025-partial.json")  # the plan's milestones judged
    seen: list[dict[str, float | None]] = []
    original = engine.CompiledPlan.evaluate_many

    def record(self, batch):
        seen.extend(batch)
        return original(self, batch)

    monkeypatch.setattr(engine.CompiledPlan, "evaluate_many", record)
    report = ipscore.evaluate(plan, CASES / "nanjing-2024-midterm.json")
    assert seen and all(values.keys().isdisjoint(settled) for values in seen)
    by_id = {o.id: o for o in report.targets}
    assert {by_id[i].status for i in settled if i in by_id} >= {Status.met, Status.at_risk}


def test_an_engine_that_fails_on_the_settled_rules_fails_the_evaluation(monkeypatch):
    """An error while the plan's milestones are judged is raised, never a verdict, and nothing
    of the failed attempt is kept: the next evaluation judges them again."""

    def refuse(rules, batch):
        raise engine.EngineError("refused")

    plan = ipscore.load_plan(NJ)
    monkeypatch.setattr(engine, "evaluate_once", refuse)
    with pytest.raises(engine.EngineError, match="refused"):
        ipscore.evaluate(plan, CASES / "nanjing-2025-partial.json")
    monkeypatch.undo()
    fresh = ipscore.evaluate(ipscore.load_plan(NJ), CASES / "nanjing-2025-partial.json")
    report = ipscore.evaluate(plan, CASES / "nanjing-2025-partial.json")
    assert report.model_dump_json() == fresh.model_dump_json()


def test_no_rules_compile_to_no_rulesets_and_judge_nothing():
    """A plan of milestones alone hands the engine no rules on each evaluation."""
    compiled = engine.compile_rules([])
    assert compiled.chunks == [] and compiled.evaluate_many([{}, {}]) == [{}, {}]


def test_every_value_gets_exactly_one_verdict_across_chunks():
    rng = random.Random(7)
    rules = [
        engine.Rule(f"t{i}", rng.choice(list(Comparator)), rng.uniform(0, 100)) for i in range(90)
    ]
    compiled = engine.compile_rules(rules)
    assert len(compiled.chunks) > 1
    for _ in range(200):
        values = {r.target_id: rng.choice([None, r.threshold, rng.uniform(0, 100)]) for r in rules}
        verdicts = compiled.evaluate(values)
        for rule in rules:
            value = values[rule.target_id]
            expected = None if value is None else rule.comparator.holds(value, rule.threshold)
            assert verdicts[rule.target_id] == expected


def test_a_batch_shares_sessions_and_each_value_set_keeps_its_own_verdicts():
    """Value sets of one batch are facts of one session (up to FACTS_PER_SESSION): each gets the
    verdicts it would get alone, whatever the others hold, and no session is left behind."""
    rng = random.Random(11)
    rules = [
        engine.Rule(f"t{i}", rng.choice(list(Comparator)), rng.uniform(0, 100)) for i in range(90)
    ]
    compiled = engine.compile_rules(rules)
    size = 2 * engine.FACTS_PER_SESSION + 3
    for _ in range(20):
        batch = [
            {r.target_id: rng.choice([None, r.threshold, rng.uniform(0, 100)]) for r in rules}
            for _ in range(rng.randint(1, size))
        ]
        results = compiled.evaluate_many(batch)
        assert compiled.leftover_facts() == 0
        assert len(results) == len(batch)
        for values, verdicts in zip(batch, results, strict=True):
            for rule in rules:
                value = values[rule.target_id]
                expected = None if value is None else rule.comparator.holds(value, rule.threshold)
                assert verdicts[rule.target_id] == expected
        assert results == [compiled.evaluate(values) for values in batch]


@pytest.mark.parametrize("value", [1e-05, 2.5e-07, 1e16, 123456.789, 0.1])
def test_numbers_the_c_parser_would_misread_are_formatted_exactly(value):
    text = engine.number_text(value)
    assert float(text) == value
    compiled = engine.compile_rules([engine.Rule("t", Comparator.ge, value)])
    assert compiled.evaluate({"t": value}) == {"t": True}


def test_non_finite_numbers_never_enter_the_engine():
    with pytest.raises(engine.EngineError):
        engine.number_text(float("nan"))


def test_a_non_finite_measure_is_an_error_never_met(monkeypatch):
    from ipscore import kinds
    from ipscore.plan import Kind

    flow = importlib.import_module("ipscore.evaluate")  # (ipscore.evaluate is the function)
    measure = flow.measure

    def infinite(target, indicator, data, window, facts=None):
        if target.kind is Kind.level:
            return kinds.Measured(float("inf"))
        return measure(target, indicator, data, window, facts)

    monkeypatch.setattr(flow, "measure", infinite)
    report = ipscore.evaluate(NJ, CASES / "nanjing-2025-all-met.json")
    levels = [t for t in report.targets if t.kind == "level"]
    assert levels and all(t.status.value == "error" for t in levels)
    assert all(t.attainment == 0 for t in levels)
    assert report.grade.value != "ready"


class _ForgingCore:
    """The C module, except that each session's actions end with forged messages, or lose those
    of one rule: how a misbehaving engine would look to engine.py."""

    def __init__(self, real, forged=(), drop=None):
        self._real, self._forged, self._drop = real, list(forged), drop

    def __getattr__(self, name):
        return getattr(self._real, name)

    def _dropped(self, message):
        return message and self._drop and message.startswith(self._drop)

    def start_action_for_state(self, handle, state):
        self._pending, self._drained = list(self._forged), False
        started = self._real.start_action_for_state(handle, state)
        if not started:  # nothing fired (an open session, no value): only the forged messages
            self._drained = True
            return (state, self._pending.pop(0)) if self._pending else started
        if self._dropped(started[1]):
            return started[0], self.complete_and_start_action(handle, state)
        return started

    def complete_and_start_action(self, handle, state):
        message = None
        if not self._drained:
            message = self._real.complete_and_start_action(handle, state)
            while self._dropped(message):
                message = self._real.complete_and_start_action(handle, state)
            self._drained = message is None
        if message is None and self._pending:
            return self._pending.pop(0)
        return message


@pytest.mark.parametrize(
    ("value", "forged", "drop", "new_session", "problem"),
    [
        (
            2.0,
            ['{"q0":{"m":{"id":"0","sid":"0"}}}'],
            None,
            False,
            'no known rule: \'{"q0":{"m":{"id":"0"\'',
        ),
        (
            2.0,
            ['{"m0":{"m":{"id":"1","sid":"0"}}}'],
            None,
            False,
            'no known rule: \'{"m0":{"m":{"id":"1"\'',
        ),
        (2.0, ['{"x0":{"m":{"id":"0","sid":"0"}}}'], None, False, "t: a second verdict"),
        (
            None,
            ['{"m0":{"m":{"id":"0","sid":"0"}}}'],
            None,
            False,
            "t: the engine judged an absent value",
        ),
        (2.0, [], '{"m0"', False, "t: the engine gave no verdict"),
        (
            2.0,
            ['{"s0":{"m":{ "sid":"0", "id":"sid-0", "$s":1}}}'],
            None,
            False,
            "the sentinel rule fired 1 times in an open session, not 0",
        ),
        (
            2.0,
            ['{"s0":{"m":{ "sid":"0", "id":"sid-0", "$s":1}}}'],
            None,
            True,
            "the sentinel rule fired 2 times in a new session, not 1",
        ),
        (2.0, [], '{"s0"', True, "the sentinel rule fired 0 times in a new session, not 1"),
    ],
)
def test_a_misbehaving_engine_is_an_error_and_leaves_no_state(
    monkeypatch, value, forged, drop, new_session, problem
):
    compiled = engine.compile_rules([engine.Rule("t", Comparator.ge, 1.0)])
    assert compiled.evaluate({"t": 2.0}) == {"t": True}
    (chunk,) = compiled.chunks
    assert chunk.session_open
    if new_session:
        chunk.close_session()
    monkeypatch.setattr(engine, "_core", _ForgingCore(engine._core, forged, drop))
    with pytest.raises(engine.EngineError, match=problem.replace("(", r"\(")) as caught:
        compiled.evaluate({"t": value})
    assert str(caught.value).endswith(problem)
    assert not chunk.session_open  # the session it may have spoilt is deleted
    assert compiled.leftover_facts() == 0
    monkeypatch.undo()
    assert compiled.evaluate({"t": 0.5}) == {"t": False}
    assert chunk.session_open and compiled.leftover_facts() == 0


def test_one_working_session_per_ruleset_holds_nothing_between_evaluations():
    """Evaluations reuse each ruleset's session and retract their facts: between two, the C
    core holds only its own state fact there, and no other session exists."""
    rules = [engine.Rule(f"w{i}", Comparator.gt, float(i)) for i in range(70)]
    compiled = engine.compile_rules(rules)
    assert len(compiled.chunks) == 2
    rng = random.Random(5)
    for _ in range(200):
        batch = [
            {r.target_id: rng.choice([None, r.threshold, rng.uniform(0, 100)]) for r in rules}
            for _ in range(rng.randint(1, 2 * engine.FACTS_PER_SESSION + 1))
        ]
        for values, verdicts in zip(batch, compiled.evaluate_many(batch), strict=True):
            for r in rules:
                value = values[r.target_id]
                assert verdicts[r.target_id] == (None if value is None else value > r.threshold)
        for chunk in compiled.chunks:
            facts = json.loads(engine._core.get_facts(chunk.handle, engine.WORKING_SID))
            assert [set(fact) for fact in facts] == [{"sid", "id", "$s"}]
            with pytest.raises(engine._core.error):
                engine._core.get_state(chunk.handle, "1")  # the old per-evaluation session ids


def test_rule_names_of_one_length_tell_apart_every_target_of_a_chunk():
    rules = [
        engine.Rule(f"t{i}", Comparator.gt, float(i)) for i in range(engine.TARGETS_PER_RULESET)
    ]
    compiled = engine.compile_rules(rules)
    assert len(compiled.chunks) == 1
    values = {rule.target_id: float(i % 3 + i - 1) for i, rule in enumerate(rules)}
    assert compiled.evaluate(values) == {t: v > int(t[1:]) for t, v in values.items()}


class _SpyingCore:
    """The C module, recording the calls that delete sessions and rulesets."""

    def __init__(self, real):
        self._real, self.calls = real, []

    def __getattr__(self, name):
        return getattr(self._real, name)

    def delete_state(self, handle, sid):
        self.calls.append(("delete_state", handle, sid))
        return self._real.delete_state(handle, sid)

    def delete_ruleset(self, handle):
        self.calls.append(("delete_ruleset", handle))
        return self._real.delete_ruleset(handle)


def test_an_evicted_plan_deletes_its_working_sessions_before_its_rulesets(monkeypatch):
    """durable-rules' delete_ruleset leaves the ruleset's session states allocated (~1.6 MB for
    60 targets): each chunk's working session is deleted first, or every evicted plan leaks."""
    rules = [engine.Rule(f"ev{i}", Comparator.ge, float(i)) for i in range(70)]
    compiled = engine.compile_rules(rules)
    compiled.evaluate({r.target_id: 1.0 for r in rules})
    handles = [chunk.handle for chunk in compiled.chunks]
    assert len(handles) == 2 and all(chunk.session_open for chunk in compiled.chunks)
    spy = _SpyingCore(engine._core)
    monkeypatch.setattr(engine, "_core", spy)
    compiled.delete()
    assert engine._compiled.pop(tuple(rules)) is compiled  # as an eviction takes it out
    assert spy.calls == [
        call
        for handle in handles
        for call in (("delete_state", handle, engine.WORKING_SID), ("delete_ruleset", handle))
    ]
