"""`ipscore lint` on the bundled packs (clean) and on deliberately broken ones (precise lines)."""

from __future__ import annotations

import pytest
from helpers import ROOT, RULES

import ipscore
from ipscore.errors import Problem
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


EXPECTED_BROKEN = {  # target id → (code, part of the English message, part of the Chinese one)
    "bad-exceeds-as-ge": ("E151", "disagrees with '超过'", "与原文的“超过”不符，应为“>”"),
    "bad-above-as-gt": ("E151", "disagrees with", "不符，应为“>=”"),
    "bad-below-as-le": ("E151", "disagrees with '低于'", "与原文的“低于”不符，应为“<”"),
    "bad-number-missing": (
        "E150",
        "threshold 880 does not appear in the quote",
        "原文（quote）中找不到目标值 880",
    ),
    "bad-unknown-indicator": (
        "E131",
        "'unicorn_count' is not in the catalogue",
        "指标“unicorn_count”不在指标目录中",
    ),
    "bad-unit": ("E156", "does not match the catalogue unit '件'", "的单位“件”不符，也无法换算"),
    "bad-growth-unit": ("E156", "a growth target is in %", "growth 类目标的单位应为“%”"),
    "bad-number-inside-another": (
        "E150",
        "threshold 39 does not appear in the quote",
        "原文（quote）中找不到目标值 39",
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_broken_pack_fails_with_one_precise_line_per_problem(cli, lang):
    result = cli("lint", BROKEN, "--lang", lang)
    assert result.code == 2
    lines = result.out.strip().splitlines()
    assert len(lines) == len(EXPECTED_BROKEN)
    for line in lines:
        file, target_id, message = line.split(": ", 2)
        code, en, zh = EXPECTED_BROKEN[target_id]
        assert file == str(BROKEN)
        assert message.startswith(f"{code} ") and (en if lang == "en" else zh) in message, line
    count = len(EXPECTED_BROKEN)
    summary = f"共 {count} 个问题" if lang == "zh" else f"{count} problem(s)"
    assert result.err == f"ipscore lint: {summary}\n"


def test_lint_speaks_chinese_by_default(cli):
    assert cli("lint", BROKEN).out == cli("lint", BROKEN, "--lang", "zh").out


def test_lint_findings_are_the_one_problem_type():
    problems = lint_paths([BROKEN])
    assert problems and all(isinstance(problem, Problem) for problem in problems)
    assert all(problem.level == "error" and problem.message_zh for problem in problems)


def test_schema_problems_are_all_listed(cli):
    result = cli("lint", INVALID)
    assert result.code == 2
    lines = result.out.strip().splitlines()
    assert all(": E130 " in line for line in lines), lines
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
    result = cli("lint", pack, "--lang", "en")
    assert result.code == 2
    assert "duplicate key 'level'" in result.out
