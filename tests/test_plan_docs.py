"""docs/plans/<id>.md is generated from the rule pack and must not drift from it."""

from __future__ import annotations

import json

import pytest
from helpers import DOCS

import ipscore
from ipscore.render.plans import plan_markdown

PLANS = [plan.id for plan in ipscore.list_plans()]


def test_five_plans_are_bundled():
    assert PLANS == [
        "hefei-2022-2025",
        "lianyungang-2014-2016",
        "nanjing-2022-2025",
        "nanping-2024-2026",
        "yuhuatai-2023-2025",
    ]


@pytest.mark.parametrize("plan_id", PLANS)
def test_plan_doc_in_sync(plan_id):
    path = DOCS / "plans" / f"{plan_id}.md"
    expected = plan_markdown(ipscore.load_plan(plan_id))
    assert path.read_text("utf-8") == expected, (
        f"{path} is stale: run `ipscore plans show {plan_id} --format markdown > {path}`"
    )


@pytest.mark.parametrize("plan_id", PLANS)
def test_plans_show_lists_every_target_with_its_reading(cli, plan_id):
    shown = json.loads(cli("plans", "show", plan_id, "--format", "json").out)
    plan = ipscore.load_plan(plan_id)
    assert len(shown["targets"]) == len(plan.targets)
    for target in shown["targets"]:
        assert target["quote"]
        assert target["kind"] in {k.value for k in ipscore.plan.Kind}
        assert target["comparator"] in {">=", ">", "<=", "<"}
        assert isinstance(target["threshold"], float)


@pytest.mark.parametrize("plan_id", PLANS)
def test_pack_round_trips(plan_id, tmp_path):
    plan = ipscore.load_plan(plan_id)
    dumped = tmp_path / f"{plan_id}.yaml"
    dumped.write_text(ipscore.dump_plan(plan), "utf-8")
    again = ipscore.load_plan(dumped)
    assert again == plan
    assert again.catalogue == plan.catalogue


def test_plan_markdown_escapes_pipes():
    plan = ipscore.load_plan(PLANS[0])
    text = plan_markdown(plan)
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("| id"):
            assert line.count(" | ") == 7, line
