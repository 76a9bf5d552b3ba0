"""The only module that talks to durable-rules.

Each plan compiles once into one or more durable-rules rulesets (its targets split into chunks that
stay inside the C core's fixed limits). For every target there are two complementary rules, *met*
and *missed*, over one numeric field; neither fires when the value is absent. One evaluation asserts
one fact per ruleset under a fresh session id, drains the actions synchronously on the calling
thread, and deletes the session state in a ``finally``, so nothing survives between evaluations.

We use the C module ``durable_rules_engine`` directly, not ``durable.lang``: the latter keeps a
process-wide host with a timer thread, cannot delete rulesets and is not thread-safe. The C core
never releases the GIL and shares unsynchronised global memory, so all calls go through one lock.
"""

from __future__ import annotations

import itertools
import json
import locale
import math
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import durable_rules_engine as _core

from ipscore.plan import Comparator

# Chunk size: two rules per target plus a sentinel must stay well inside the C core's limit of 64
# alpha nodes matching one fact, and fields per fact (255).
TARGETS_PER_RULESET = 24
# Compiled plans kept alive; older ones are deleted from the C core.
MAX_COMPILED = 64

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
_sids = itertools.count(1)


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
    if not math.isfinite(value):
        raise EngineError(f"non-finite number {value!r} cannot enter the engine")
    text = repr(float(value))
    mantissa, sep, exponent = text.partition("e")
    if sep and "." not in mantissa:
        text = f"{mantissa}.0e{exponent}"
    return text


def _check_locale() -> None:
    # The C parser follows LC_NUMERIC's decimal point; with a comma locale it misreads numbers.
    if locale.localeconv()["decimal_point"] != ".":
        locale.setlocale(locale.LC_NUMERIC, "C")


class _Chunk:
    """One durable-rules ruleset covering a slice of a plan's rules."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)
        self.fields = [f"v{index}" for index in range(len(self.rules))]
        rules_json = []
        for index, (rule, field) in enumerate(zip(self.rules, self.fields, strict=True)):
            threshold = number_text(rule.threshold)
            for prefix, operator in (("m", _MET[rule.comparator]), ("x", _MISSED[rule.comparator])):
                rules_json.append(
                    f'"{prefix}{index}":{{"all":[{{"m":{{"{operator}":{{"{field}":{threshold}}}}}}}],'
                    f'"pri":1}}'
                )
        # Sentinel: always fires on the session state, which keeps delete_state safe.
        rules_json.append('"sentinel":{"all":[{"m":{"$s":1}}],"pri":1000}')
        text = "{" + ",".join(rules_json) + "}"
        self.name = f"ipscore_{next(_names)}"
        self.handle = _core.create_ruleset(self.name, text)

    def fact_text(self, sid: str, values: Mapping[str, float | None]) -> str:
        parts = [f'"sid":"{sid}"', '"id":"f"']
        for rule, field in zip(self.rules, self.fields, strict=True):
            value = values.get(rule.target_id)
            if value is not None:
                parts.append(f'"{field}":{number_text(value)}')
        return "{" + ",".join(parts) + "}"

    def run(self, sid: str, values: Mapping[str, float | None]) -> dict[str, bool]:
        """Assert one fact, drain every action, delete the session; return met per target."""
        verdicts: dict[str, bool] = {}
        state = None
        try:
            _, state = _core.assert_fact(self.handle, self.fact_text(sid, values))
            started = _core.start_action_for_state(self.handle, state)
            message = started[1] if started else None
            while message:
                for action in json.loads(message):
                    if action != "sentinel":
                        index = int(action[1:])
                        verdicts[self.rules[index].target_id] = action[0] == "m"
                message = _core.complete_and_start_action(self.handle, state)
        finally:
            if state is not None:
                _core.delete_state(self.handle, sid)
        return verdicts

    def state_exists(self, sid: str) -> bool:
        try:
            _core.get_state(self.handle, sid)
        except _core.error:
            return False
        return True

    def delete(self) -> None:
        _core.delete_ruleset(self.handle)


class CompiledPlan:
    """A plan's rules as durable-rules rulesets, created once and reused for every evaluation."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)
        self.chunks = [
            _Chunk(self.rules[start : start + TARGETS_PER_RULESET])
            for start in range(0, len(self.rules), TARGETS_PER_RULESET)
        ]
        self._last_sessions: list[tuple[_Chunk, str]] = []

    def evaluate_many(
        self, batch: Sequence[Mapping[str, float | None]]
    ) -> list[dict[str, bool | None]]:
        """Evaluate many value sets; for each, target id → met (True), missed (False) or None."""
        results: list[dict[str, bool | None]] = []
        with _lock:
            _check_locale()
            sessions: list[tuple[_Chunk, str]] = []
            for values in batch:
                verdicts: dict[str, bool] = {}
                for chunk in self.chunks:
                    sid = str(next(_sids))
                    sessions.append((chunk, sid))
                    verdicts.update(chunk.run(sid, values))
                results.append(self._complete(values, verdicts))
            self._last_sessions = sessions
        return results

    def evaluate(self, values: Mapping[str, float | None]) -> dict[str, bool | None]:
        return self.evaluate_many([values])[0]

    def _complete(
        self, values: Mapping[str, float | None], verdicts: dict[str, bool]
    ) -> dict[str, bool | None]:
        complete: dict[str, bool | None] = {}
        for rule in self.rules:
            present = values.get(rule.target_id) is not None
            if present and rule.target_id not in verdicts:
                raise EngineError(f"{rule.target_id}: the engine gave no verdict")
            if not present and rule.target_id in verdicts:
                raise EngineError(f"{rule.target_id}: the engine judged an absent value")
            complete[rule.target_id] = verdicts.get(rule.target_id)
        return complete

    def leftover_states(self) -> int:
        """Session states still alive from the last evaluation (0 when isolation holds)."""
        with _lock:
            return sum(chunk.state_exists(sid) for chunk, sid in self._last_sessions)

    def delete(self) -> None:
        with _lock:
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
            while len(_compiled) > MAX_COMPILED:
                _, evicted = _compiled.popitem(last=False)
                evicted.delete()
        else:
            _compiled.move_to_end(key)
        return compiled


def compiled_count() -> int:
    """How many compiled plans (rulesets groups) the process holds."""
    with _lock:
        return len(_compiled)
