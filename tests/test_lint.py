"""`ipscore lint` on the bundled packs (clean) and on deliberately broken ones (precise lines)."""

from __future__ import annotations

import pytest
from helpers import ROOT, RULES

import ipscore
from ipscore.lint import lint_paths

BROKEN = ROOT / "tests" / "data" / "broken-pack.yaml"
INVALID = ROOT / "tests" / "data" / "invalid-pack.yaml"


def test_bundled_packs_pass(cli):
    result = cli("lint", RULES)
    assert result.code == 0, result.out
    assert result.out == ""


@pytest.mark.parametrize("plan", [p.id for p in ipscore.list_plans()])
def test_each_pack_passes_on_its_own(plan):
    assert lint_paths([RULES / f"{plan}.yaml"]) == []


EXPECTED_BROKEN = {
    "bad-exceeds-as-ge": "disagrees with '超过'",
    "bad-above-as-gt": "disagrees with",
    "bad-below-as-le": "disagrees with '低于'",
    "bad-number-missing": "threshold 880 does not appear in the quote",
    "bad-unknown-indicator": "'unicorn_count' is not in the catalogue",
    "bad-unit": "does not match the catalogue unit '件'",
    "bad-growth-unit": "a growth target is in %",
    "bad-number-inside-another": "threshold 39 does not appear in the quote",
}


def test_broken_pack_fails_with_one_precise_line_per_problem(cli):
    result = cli("lint", BROKEN)
    assert result.code == 2
    lines = result.out.strip().splitlines()
    assert len(lines) == len(EXPECTED_BROKEN)
    for line in lines:
        file, target_id, message = line.split(": ", 2)
        assert file == str(BROKEN)
        assert EXPECTED_BROKEN[target_id] in message, line


def test_schema_problems_are_all_listed(cli):
    result = cli("lint", INVALID)
    assert result.code == 2
    lines = result.out.strip().splitlines()
    assert any("plan.level" in line for line in lines)
    assert any("targets[0] (dup).comparator" in line for line in lines)


def test_broken_pack_given_with_rules_is_rejected_before_evaluation(cli):
    result = cli("check", ROOT / "cases" / "nanjing-2025-partial.json", "--rules", INVALID)
    assert result.code == 2
    assert result.out == ""
    assert "invalid-pack.yaml" in result.err and "E130" in result.err


def test_yaml_tags_are_never_executed(tmp_path, cli):
    evil = tmp_path / "evil.yaml"
    marker = tmp_path / "pwned"
    evil.write_text(
        f"plan: !!python/object/apply:os.system ['touch {marker}']\ntargets: []\n", "utf-8"
    )
    result = cli("lint", evil)
    assert result.code == 2
    assert not marker.exists()
    assert "E130" in result.out


def test_duplicate_yaml_keys_are_rejected(tmp_path, cli):
    pack = tmp_path / "dup.yaml"
    pack.write_text(
        INVALID.read_text("utf-8").replace(
            "  level: province\n", "  level: city\n  level: county\n"
        ),
        "utf-8",
    )
    result = cli("lint", pack)
    assert result.code == 2
    assert "duplicate key 'level'" in result.out
