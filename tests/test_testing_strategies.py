"""ipscore.testing's strategies give each example data of its own."""

from __future__ import annotations

from typing import Any

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
