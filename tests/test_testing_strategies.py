"""ipscore.testing's strategies give each example data of its own."""

from __future__ import annotations

from typing import Any

from helpers import make_plan
from hypothesis import given, settings
from hypothesis import strategies as st

import ipscore
from ipscore.testing import invalid_submissions, submissions

PLAN = ipscore.load_plan("nanjing-2022-2025")
_seen: dict[int, Any] = {}  # id → container of an earlier example, kept alive so ids stay unique


def _containers(value: Any) -> list[Any]:
    """Every dict and list inside ``value`` (itself included)."""
    if isinstance(value, dict):
        return [value, *(c for item in value.values() for c in _containers(item))]
    if isinstance(value, list):
        return [value, *(c for item in value for c in _containers(item))]
    return []


@settings(max_examples=max(settings().max_examples, 200))
@given(st.one_of(invalid_submissions(PLAN).map(lambda invalid: invalid.data), submissions(PLAN)))
def test_no_container_is_shared_between_examples(data):
    """A test may change the data it is given: no list or dict of one example may turn up in
    another (a value sampled from a list of containers once was one object for every example)."""
    mine = _containers(data)  # none in bytes (a JSON file's content)
    for container in {id(c): c for c in mine}.values():
        assert id(container) not in _seen, container
    _seen.update((id(c), c) for c in mine)


# A stock read as a running total (a cumulative target on it) under two ceilings, one of them a
# growth from a base year before the plan: the thorough profile found all_met submissions whose
# falling trend, never allowed to fall, was pulled down to 0 in every year, leaving the growth
# target without a positive base (no_data, not met). About one example in eleven did so.
_CEILINGS = make_plan(
    [
        {
            "id": "t-cum",
            "indicator": "key_industrial_chains_with_ip_workstations",
            "dimension": "creation",
            "kind": "cumulative",
            "comparator": "<=",
            "threshold": 1,
            "unit": "个",
            "quote": "重点产业链数量不超过1个",
        },
        {
            "id": "t-growth",
            "indicator": "key_industrial_chains_with_ip_workstations",
            "dimension": "creation",
            "kind": "growth",
            "comparator": "<=",
            "threshold": 0.1,
            "unit": "%",
            "baseline": {"year": 1992},
            "quote": "年均增长不超过0.1%",
        },
    ],
    issued="1994-12-01",
    period={"start": 1995, "end": 2000},
    deadline="2000-12-31",
)


@settings(max_examples=max(settings().max_examples, 300))
@given(submissions(_CEILINGS, all_met=True))
def test_all_met_holds_a_running_total_under_ceilings_level(data):
    report = ipscore.evaluate(_CEILINGS, data)
    assert [(t.id, t.status.value, t.missing) for t in report.targets if t.status != "met"] == []
