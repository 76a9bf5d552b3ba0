"""The only module that talks to durable-rules.

Each plan compiles once into one or more durable-rules rulesets (its targets split into balanced
chunks that stay inside the C core's fixed limits). For every target there are two complementary
rules, *met* and *missed*, over one numeric field; neither fires when the value is absent. One
evaluation asserts one fact per value set (up to eight value sets of one batch at once) into each
ruleset's working session, drains the actions synchronously on the calling thread, and retracts
its facts, so nothing of it survives: between evaluations the session holds only
the C core's own state fact. Any error deletes the sessions, and the next evaluation starts a new
one. (A new session per evaluation was the first design; creating one costs the C core far more
than the evaluation itself, see ``FACTS_PER_SESSION``.)

We use the C module ``durable_rules_engine`` directly, not ``durable.lang``: the latter keeps a
process-wide host with a timer thread, cannot delete rulesets and is not thread-safe. The C core
never releases the GIL and shares unsynchronised global memory, so all calls go through one lock.
Its number parser follows the C library's LC_NUMERIC, so every call that parses numbers (compiling
thresholds, asserting facts) runs with LC_NUMERIC set to "C" under that lock and the host's
setting is restored afterwards. A compiled plan is used only under the lock that may evict it, and
a forked child gets a fresh lock (the parent holds it across the fork, so the core is quiescent).

Speed (docs/performance.md): everything that depends only on the rules (ruleset text, field names,
the rule-name → verdict table, the fact's fixed prefix) is built once per compiled plan. Per
evaluation we only format the numbers, and we read each action's rule name and fact id from the
head of its message (``{"m03":{"m":{"id":"0",…}}}``) instead of decoding the whole JSON fact it
carries, as durable-rules' own Python host does (it too reads only the first key).
"""

from __future__ import annotations

import itertools
import json
import locale
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass

import durable_rules_engine as _core

from ipscore.plan import Comparator

# Chunk size: the C core refuses a fact that matches more than 64 alpha nodes (one per present
# target here: its met or its missed rule; 64 pass, 68 fail with error 303) and facts of more
# than 255 fields. 48 keeps a quarter of that limit in reserve; larger plans are split into
# chunks of equal size. Past about 32 targets per ruleset the chunk size hardly changes speed.
TARGETS_PER_RULESET = 48
# Compiled plans kept alive, by count and by their total targets (each costs the C core about
# 14 KB); the least recently used are deleted from the C core first. The newest plan always stays.
MAX_COMPILED = 64
MAX_COMPILED_TARGETS = 5_000
# The value sets of a batch are asserted up to this many at a time (fact ids "0" … "7"); the
# facts of one assertion never meet, as each rule tests one field of one fact. Each ruleset keeps
# one working session for them: creating a session costs the C core about 0.3 µs per rule (it
# clears an 8 KB frame index for each, 1.2 MB for Nanjing, which also evicts the caller's data
# from the CPU caches), far more than asserting and retracting the facts of an evaluation.
FACTS_PER_SESSION = 8
# The working session's id in every ruleset (states are per ruleset).
WORKING_SID = "0"
_FACT_IDS = "".join(str(n) for n in range(FACTS_PER_SESSION))  # one character each
# How the C core begins a session's state fact, which the sentinel's action carries
# (durable-rules 2.0.28, events.c: "{ \"sid\":\"%s\", \"id\":\"sid-%s\", \"$s\":1}").
_STATE_FACT_START = '{ "sid":"'

_MET = {
    Comparator.ge: "$gte",
    Comparator.gt: "$gt",
    Comparator.le: "$lte",
    Comparator.lt: "$lt",
}
_MISSED = {
    Comparator.ge: "$lt",
    Comparator.gt: "$lte",
    Comparator.le: "$gt",
    Comparator.lt: "$gte",
}

_lock = threading.RLock()
_names = itertools.count(1)
_isfinite = math.isfinite


class EngineError(RuntimeError):
    """durable-rules refused a ruleset or a fact, or left a value without a verdict."""


@dataclass(frozen=True)
class Rule:
    """What the engine needs of one target: a comparator and a threshold."""

    target_id: str
    comparator: Comparator
    threshold: float


def number_text(value: float) -> str:
    """Format a finite float so durable-rules' own JSON number parser reads it exactly."""
    if not _isfinite(value):
        raise EngineError(f"non-finite number {value!r} cannot enter the engine")
    text = repr(float(value))
    if "e" in text:
        mantissa, _, exponent = text.partition("e")
        if "." not in mantissa:
            text = f"{mantissa}.0e{exponent}"
    return text


@contextmanager
def _c_numeric() -> Iterator[None]:
    """LC_NUMERIC "C" while the C core parses numbers; the host's setting restored afterwards.

    With a comma locale (de_DE, fr_FR) the core's parser would read the threshold 0.5 as 0.
    Callers hold ``_lock``; setlocale is process-wide, so another thread that formats numbers
    through the C library's locale at this very moment sees "C" (Python's own float formatting
    never depends on it).
    """
    previous = locale.setlocale(locale.LC_NUMERIC)
    if previous in ("C", "POSIX"):
        yield
        return
    locale.setlocale(locale.LC_NUMERIC, "C")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_NUMERIC, previous)


def _fact_start(fact: str) -> str:
    """How the fact with this id begins: its id is its first field."""
    return '{"id":"' + fact + '"'


def chunked(rules: Sequence[Rule], size: int | None = None) -> list[Sequence[Rule]]:
    """Split rules into the fewest chunks of at most size, as equal in length as possible (none
    for no rules: a plan of milestones alone hands the engine nothing on each evaluation)."""
    if not rules:
        return []
    size = size or TARGETS_PER_RULESET
    count = max(1, -(-len(rules) // size))
    step = -(-len(rules) // count)
    return [rules[start : start + step] for start in range(0, len(rules), step)]


def _head(rule_name: str, fact_start: str) -> str:
    """How an action message for this rule on this fact begins: {"m3":{"m":{"id":"0",…}}}."""
    return '{"' + rule_name + '":{"m":' + fact_start


class _Chunk:
    """One durable-rules ruleset covering a slice of a plan's rules."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)
        # (target id, ',"v3":') per rule: the fact's fields, in order.
        self.slots = [(rule.target_id, f',"v{index}":') for index, rule in enumerate(self.rules)]
        # Rule names are all as long ("m07", "x07", "s00") and a fact's id is its first field, so
        # an action message's head ('{"m07":{"m":{"id":"1"') is a slice of fixed length naming
        # the rule and the fact. The sentinel's action carries the C core's state fact instead,
        # whose head is as long; were it not, its action would be refused as unknown.
        width = len(str(max(len(self.rules) - 1, 0)))
        sentinel = "s" + "0" * width
        self.head = len(_head(sentinel, _fact_start("0")))
        self.sentinel = _head(sentinel, _STATE_FACT_START)[: self.head]
        # Per fact of a session: message head → (target id, met).
        self.verdicts: list[dict[str, tuple[str, bool]]] = [{} for _ in _FACT_IDS]
        rules_json = []
        for index, rule in enumerate(self.rules):
            threshold = number_text(rule.threshold)
            for prefix, operator, met in (
                ("m", _MET[rule.comparator], True),
                ("x", _MISSED[rule.comparator], False),
            ):
                name = f"{prefix}{index:0{width}}"
                rules_json.append(
                    f'"{name}":{{"all":[{{"m":{{"{operator}":{{"v{index}":{threshold}}}}}}}],"pri":1}}'
                )
                for fact, table in zip(_FACT_IDS, self.verdicts, strict=True):
                    table[_head(name, _fact_start(fact))] = (rule.target_id, met)
        # Sentinel: always fires on the session state, which keeps delete_state safe.
        rules_json.append(f'"{sentinel}":{{"all":[{{"m":{{"$s":1}}}}],"pri":1000}}')
        text = "{" + ",".join(rules_json) + "}"
        self.name = f"ipscore_{next(_names)}"
        self.handle = _core.create_ruleset(self.name, text)
        self.session_open = False  # the working session exists (its sentinel has fired)
        # What retracts the facts of n value sets, by n (a fact is known by its id and sid).
        self.retractions = [
            "["
            + ",".join(
                '{"id":"' + fact + '","sid":"' + WORKING_SID + '"}' for fact in _FACT_IDS[:n]
            )
            + "]"
            for n in range(FACTS_PER_SESSION + 1)
        ]

    def facts_text(
        self,
        batch: Sequence[Mapping[str, float | None]],
        present: list[set[str]],
    ) -> str:
        """A fact per value set (absent values left out), as one JSON object or an array of
        them; the target ids each value set holds go to its set in present."""
        texts = []
        # batch holds at most FACTS_PER_SESSION value sets (evaluate_many sees to it)
        for fact, values, seen in zip(_FACT_IDS, batch, present, strict=False):
            parts = [f'{_fact_start(fact)},"sid":"{WORKING_SID}"']
            get = values.get
            for target_id, key in self.slots:
                value = get(target_id)
                if value is not None:
                    text = repr(float(value))
                    if "e" in text or "n" in text:  # an exponent, inf or nan: the careful path
                        text = number_text(value)
                    parts.append(key + text)
                    seen.add(target_id)
            parts.append("}")
            texts.append("".join(parts))
        return texts[0] if len(texts) == 1 else "[" + ",".join(texts) + "]"

    def run(
        self,
        batch: Sequence[Mapping[str, float | None]],
        verdicts: list[dict[str, bool]],
        present: list[set[str]],
    ) -> None:
        """Assert a fact per value set into the working session, drain every action into that
        value set's verdicts, and retract the facts. On any error evaluate_many deletes the
        working sessions (close_session), so nothing here needs a ``finally``.

        The loop only collects each action message's head; they are looked up afterwards. The
        sentinel fires once, when the assertion creates the session.
        """
        handle = self.handle
        head = self.head
        next_action = _core.complete_and_start_action
        text = self.facts_text(batch, present)
        heads: list[str] = []
        sentinels = 0 if self.session_open else 1
        if len(batch) == 1:
            _, state = _core.assert_fact(handle, text)
        else:
            _, state = _core.assert_facts(handle, text)
        self.session_open = True  # the assertion made the session, if it was not open
        started = _core.start_action_for_state(handle, state)
        message = started[1] if started else None
        while message:
            heads.append(message[:head])
            message = next_action(handle, state)
        _core.retract_facts(handle, self.retractions[len(batch)])
        before = sum(map(len, verdicts))
        for judged, table in zip(verdicts, self.verdicts, strict=False):  # one table per fact
            judged.update(filter(None, map(table.get, heads)))
        if (
            heads.count(self.sentinel) != sentinels
            or sum(map(len, verdicts)) - before != len(heads) - sentinels
        ):
            raise EngineError(f"{self.name}: {self._problem(heads, len(batch), sentinels)}")

    def close_session(self) -> None:
        """Delete the working session, if there is one (the next assertion creates a new one).
        A session no assertion returned is never deleted: durable-rules' notes record a
        segfault when a state is deleted after a refused fact (error 303)."""
        if not self.session_open:
            return
        self.session_open = False
        with suppress(_core.error):  # deleted already
            _core.delete_state(self.handle, WORKING_SID)

    def _problem(self, heads: list[str], facts: int, sentinels: int) -> str:
        """What is wrong with one assertion's actions (their message heads), for the error."""
        if heads.count(self.sentinel) != sentinels:
            session = "a new" if sentinels else "an open"
            return (
                f"the sentinel rule fired {heads.count(self.sentinel)} times in {session} "
                f"session, not {sentinels}"
            )
        judged: set[tuple[int, str]] = set()
        for key in heads:
            if key == self.sentinel:
                continue
            owners = [
                (n, table[key]) for n, table in enumerate(self.verdicts[:facts]) if key in table
            ]
            if not owners:
                return f"an action for no known rule: {key!r}"
            fact, (target_id, _) = owners[0]
            if (fact, target_id) in judged:
                return f"{target_id}: a second verdict"
            judged.add((fact, target_id))
        return "the verdicts do not add up"  # pragma: no cover

    def leftover_facts(self) -> int:
        """Facts left in the working session besides the C core's state fact (0 when isolation
        holds)."""
        if not self.session_open:
            return 0
        facts = json.loads(_core.get_facts(self.handle, WORKING_SID))
        return sum("$s" not in fact for fact in facts)

    def delete(self) -> None:
        """Delete the working session, then the ruleset: the C core's delete_ruleset leaves a
        ruleset's session states allocated (about 1.6 MB for 60 targets), so without the first
        every evicted plan leaked its session."""
        self.close_session()
        _core.delete_ruleset(self.handle)


class CompiledPlan:
    """A plan's rules as durable-rules rulesets, created once and reused for every evaluation."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)
        self.target_ids = [rule.target_id for rule in self.rules]
        if len(set(self.target_ids)) != len(self.target_ids):
            raise EngineError("two rules for one target id")
        self._no_verdicts: dict[str, bool | None] = dict.fromkeys(self.target_ids)
        self.chunks: list[_Chunk] = []
        self.deleted = False
        with _lock, _c_numeric():
            try:
                for part in chunked(self.rules):
                    self.chunks.append(_Chunk(part))
            except BaseException:
                self.delete()  # no half-built plan left in the C core
                raise

    def evaluate_many(
        self, batch: Sequence[Mapping[str, float | None]]
    ) -> list[dict[str, bool | None]]:
        """Evaluate many value sets; for each, target id → met (True), missed (False) or None.

        They are asserted into each chunk's working session up to FACTS_PER_SESSION at a time.
        """
        results: list[dict[str, bool | None]] = []
        with _lock, _c_numeric():
            if self.deleted:  # evicted by another thread since compile_rules returned it
                return compile_rules(self.rules).evaluate_many(batch)
            try:
                for start in range(0, len(batch), FACTS_PER_SESSION):
                    value_sets = batch[start : start + FACTS_PER_SESSION]
                    verdicts: list[dict[str, bool]] = [{} for _ in value_sets]
                    present: list[set[str]] = [set() for _ in value_sets]
                    for chunk in self.chunks:
                        chunk.run(value_sets, verdicts, present)
                    results.extend(map(self._complete, verdicts, present))
            except BaseException:
                for chunk in self.chunks:  # an engine that misbehaved starts afresh
                    chunk.close_session()
                raise
        return results

    def evaluate(self, values: Mapping[str, float | None]) -> dict[str, bool | None]:
        return self.evaluate_many([values])[0]

    def _complete(self, verdicts: dict[str, bool], present: set[str]) -> dict[str, bool | None]:
        """Every target's verdict, None for an absent value; refuse any gap or surplus."""
        if verdicts.keys() != present:
            for target_id in self.target_ids:
                if target_id in present and target_id not in verdicts:
                    raise EngineError(f"{target_id}: the engine gave no verdict")
                if target_id in verdicts and target_id not in present:
                    raise EngineError(f"{target_id}: the engine judged an absent value")
            raise EngineError("the verdicts do not match the values")  # pragma: no cover
        complete = self._no_verdicts.copy()
        complete.update(verdicts)
        return complete

    def leftover_facts(self) -> int:
        """Facts left in the chunks' working sessions besides the C core's state facts (0 when
        isolation holds: every evaluation retracts what it asserted)."""
        with _lock:
            return sum(chunk.leftover_facts() for chunk in self.chunks)

    def delete(self) -> None:
        with _lock:
            self.deleted = True
            for chunk in self.chunks:
                chunk.delete()
            self.chunks = []


_compiled: OrderedDict[tuple[Rule, ...], CompiledPlan] = OrderedDict()


def compile_rules(rules: Sequence[Rule]) -> CompiledPlan:
    """The compiled form of these rules, created on first use and cached."""
    key = tuple(rules)
    with _lock:
        compiled = _compiled.get(key)
        if compiled is None:
            compiled = CompiledPlan(key)
            _compiled[key] = compiled
            while len(_compiled) > 1 and (
                len(_compiled) > MAX_COMPILED
                or sum(len(plan.rules) for plan in _compiled.values()) > MAX_COMPILED_TARGETS
            ):
                _, evicted = _compiled.popitem(last=False)
                evicted.delete()
        else:
            _compiled.move_to_end(key)
        return compiled


def evaluate_once(
    rules: Sequence[Rule], batch: Sequence[Mapping[str, float | None]]
) -> list[dict[str, bool | None]]:
    """Evaluate a batch with rules compiled for it alone and deleted afterwards (not cached):
    for rules judged once, such as those of a plan's milestones on every value they can have."""
    compiled = CompiledPlan(rules)
    try:
        return compiled.evaluate_many(batch)
    finally:
        compiled.delete()


def compiled_count() -> int:
    """How many compiled plans (rulesets groups) the process holds."""
    with _lock:
        return len(_compiled)


def _fresh_lock_in_child() -> None:
    global _lock
    _lock = threading.RLock()


# The parent holds the lock across fork(), so no thread is inside the C core at that moment;
# the child, where that holder thread does not exist, starts with a lock of its own.
os.register_at_fork(
    before=lambda: _lock.acquire(),
    after_in_parent=lambda: _lock.release(),
    after_in_child=_fresh_lock_in_child,
)
