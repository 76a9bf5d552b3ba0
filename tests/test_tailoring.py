"""Tailoring (``extends:``): a pack that adopts a plan, changes weights or attributes, scopes
targets out with a reason and adds its own; the plan's words stay as they are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from helpers import CASES

import ipscore
from ipscore.errors import InputError
from ipscore.lint import lint_paths
from ipscore.packs import rules_dir

BASE = "nanjing-2022-2025"
SCOPED = "nj-ic-layout-designs"
REWEIGHTED = "nj-ip-transaction-amount"
REASON = "本区无集成电路布图设计登记业务, 由市级统计"
SUBMISSION = CASES / "nanjing-2025-partial.json"


def _tailoring(**extra) -> dict:
    pack = {
        "extends": BASE,
        "plan": {"id": "nanjing-tailored-2022-2025", "title": "南京市方案(裁剪)"},
        "changes": {SCOPED: {"not_applicable": REASON}, REWEIGHTED: {"weight": 2}},
    }
    pack.update(extra)
    return pack


def _write(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


@pytest.fixture
def tailored(tmp_path: Path) -> Path:
    return _write(tmp_path / "tailored.yaml", _tailoring())


def _json_report(cli, pack: Path) -> dict:
    result = cli("check", SUBMISSION, "--plan", pack, "--format", "json")
    assert result.code in (0, 1), result.err
    return json.loads(result.out)


def test_a_scoped_out_target_is_not_applicable_and_left_out_of_the_score(cli, tailored):
    report = _json_report(cli, tailored)
    by_id = {target["id"]: target for target in report["targets"]}
    assert by_id[SCOPED]["status"] == "not_applicable"
    assert by_id[SCOPED]["not_applicable"] == REASON
    assert SCOPED not in {gap["id"] for gap in report["gaps"]}
    assert by_id[REWEIGHTED]["weight"] == 2

    # The score, recomputed from the untailored report: the scoped target gone, the weight 2.
    plain = _json_report(cli, rules_dir() / f"{BASE}.yaml")
    weights = {t["id"]: (2.0 if t["id"] == REWEIGHTED else t["weight"]) for t in plain["targets"]}
    kept = [t for t in plain["targets"] if t["id"] != SCOPED and t["status"] != "waived"]
    expected = 100 * sum(weights[t["id"]] * t["attainment"] for t in kept)
    expected /= sum(weights[t["id"]] for t in kept)
    assert report["score"] == pytest.approx(round(expected, 2))
    assert report["score"] != plain["score"]
    dimension = next(d for d in report["dimensions"] if d["key"] == by_id[SCOPED]["dimension"])
    plain_dimension = next(d for d in plain["dimensions"] if d["key"] == dimension["key"])
    assert dimension["total"] == plain_dimension["total"] - 1


def test_the_report_names_the_tailoring_and_what_it_changed(cli, tailored):
    tailoring = _json_report(cli, tailored)["plan"]["tailoring"]
    assert tailoring["base"] == BASE
    assert tailoring["file"] == str(tailored)
    assert {(c["target"], c["field"], c["before"], c["after"]) for c in tailoring["changes"]} == {
        (SCOPED, "not_applicable", None, REASON),
        (REWEIGHTED, "weight", 1.0, 2.0),
    }
    assert tailoring["added"] == []


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_every_format_names_the_tailoring(cli, tailored, fmt):
    result = cli("check", SUBMISSION, "--plan", tailored, "--format", fmt, "--lang", "en")
    assert result.code in (0, 1), result.err
    assert "Tailored from" in result.out and f"{BASE} ({tailored})" in result.out
    assert f"{REWEIGHTED}: weight 1 → 2" in result.out
    assert f"{SCOPED}: not applicable — {REASON}" in result.out


def test_inherited_words_cannot_change(cli, tmp_path):
    pack = _tailoring(changes={REWEIGHTED: {"threshold": 100}})
    path = _write(tmp_path / "tailored.yaml", pack)
    result = cli("check", SUBMISSION, "--plan", path, "--lang", "en")
    assert result.code == 2
    assert result.err == (
        f"ipscore: {path}: changes.{REWEIGHTED}: E130 threshold of an inherited target is the "
        "plan's words and cannot change (scope the target out and add a target of your own "
        "instead)\n"
    )
    lint = cli("lint", path, "--lang", "en")
    assert lint.code == 2 and "E130 threshold of an inherited target" in lint.out
    assert f"changes.{REWEIGHTED}: E130 继承来的目标的 threshold 出自方案原文，不能修改" in (
        cli("lint", path, "--lang", "zh").out
    )
    for field in ("quote", "comparator", "unit"):
        _write(path, _tailoring(changes={REWEIGHTED: {field: "x"}}))
        with pytest.raises(InputError, match=f"{field} of an inherited target"):
            ipscore.load_plan(path)


def test_a_tailoring_adds_targets_with_its_own_indicators(tmp_path):
    indicator = {
        "key": "district_ip_workstations",
        "zh": "区级知识产权工作站数",
        "en": "District IP workstations",
        "unit": "个",
        "definition": "District IP workstations in operation at year end.",
    }
    target = {
        "id": "jb-workstations",
        "indicator": "district_ip_workstations",
        "dimension": "services",
        "kind": "level",
        "threshold": 12,
        "unit": "个",
        "quote": "建成区级知识产权工作站12个以上",
    }
    path = _write(tmp_path / "tailored.yaml", _tailoring(targets=[target], indicators=[indicator]))
    plan = ipscore.load_plan(str(path))
    assert plan.tailoring is not None and plan.tailoring.added == ["jb-workstations"]
    assert plan.origins == {"district_ip_workstations": str(path)}
    assert plan.target("jb-workstations").threshold == 12
    base = ipscore.load_plan(BASE)
    assert len(plan.targets) == len(base.targets) + 1
    assert plan.plan.deadline == base.plan.deadline and plan.plan.region == base.plan.region
    assert plan.id == "nanjing-tailored-2022-2025"
    assert lint_paths([path]) == []


def test_a_tailoring_may_extend_a_pack_by_path_and_attributes_change(tmp_path):
    first = _write(tmp_path / "first.yaml", _tailoring())
    second = _write(
        tmp_path / "second.yaml",
        {
            "extends": "first.yaml",
            "plan": {"id": "second"},
            "changes": {REWEIGHTED: {"attribute": "expected"}},
        },
    )
    plan = ipscore.load_plan(second)
    assert plan.target(SCOPED).not_applicable == REASON  # inherited from the first tailoring
    assert plan.target(REWEIGHTED).attribute == "expected"
    assert plan.tailoring is not None and plan.tailoring.base == "nanjing-tailored-2022-2025"
    assert first.exists()


@pytest.mark.parametrize(
    ("pack", "place", "says"),
    [
        (_tailoring(changes={"nj-nope": {"weight": 2}}), "changes.nj-nope", "no target 'nj-nope'"),
        (_tailoring(extends="nanjing-2021-2025"), "extends", "not a bundled plan id"),
        (_tailoring(extends="loop.yaml"), "extends", "a loop"),
        (_tailoring(extends="missing.yaml"), "extends", "'missing.yaml': no such pack"),
    ],
)
def test_a_tailoring_that_cannot_apply_is_e133(tmp_path, pack, place, says):
    path = _write(tmp_path / "loop.yaml", pack)
    with pytest.raises(InputError) as caught:
        ipscore.load_plan(path)
    assert caught.value.code == "E133"
    assert caught.value.path == place and says in caught.value.message


def test_a_change_must_change_something(tmp_path):
    path = _write(tmp_path / "t.yaml", _tailoring(changes={REWEIGHTED: {}}))
    with pytest.raises(InputError, match="a change needs weight, attribute or not_applicable"):
        ipscore.load_plan(path)


def test_plans_show_and_rules_list_the_tailored_plan(cli, tailored):
    listing = cli("plans", "list", "--rules", tailored.parent)
    assert listing.code == 0 and "nanjing-tailored-2022-2025" in listing.out
    shown = cli("plans", "show", "nanjing-tailored-2022-2025", "--rules", tailored.parent)
    assert shown.code == 0, shown.err
    assert f"Tailored from {BASE} ({tailored})" in shown.out
    assert f"{SCOPED}: not_applicable None → {REASON}" in shown.out
    as_json = json.loads(cli("plans", "show", str(tailored), "--format", "json").out)
    assert as_json["tailoring"]["base"] == BASE


# -- a base plan of the city's own, beside the tailoring ------------------------------------------

CITY = "city-2022-2025"


def _city_plan(directory: Path, name: str = "my-plan.yaml", plan_id: str = CITY) -> Path:
    """The Nanjing pack copied as a city's own plan (a pack of its own, not a bundled one)."""
    data = yaml.safe_load((rules_dir() / f"{BASE}.yaml").read_text("utf-8"))
    data["plan"]["id"] = plan_id
    return _write(directory / name, data)


@pytest.mark.parametrize("extends", ["./my-plan.yaml", "my-plan.yaml", CITY])
def test_a_tailoring_extends_a_plan_beside_it_by_path_or_id(tmp_path, extends):
    _city_plan(tmp_path)
    path = _write(tmp_path / "district.yaml", _tailoring(extends=extends))
    plan = ipscore.load_plan(path)
    assert plan.tailoring is not None and plan.tailoring.base == CITY
    assert plan.target(SCOPED).not_applicable == REASON
    assert plan.target(REWEIGHTED).weight == 2


def test_a_pack_beside_the_tailoring_wins_over_a_bundled_plan_of_the_same_id(tmp_path):
    own = yaml.safe_load((rules_dir() / f"{BASE}.yaml").read_text("utf-8"))
    own["plan"]["status_note"] = "the city's own copy"
    _write(tmp_path / "own-copy.yaml", own)
    plan = ipscore.load_plan(_write(tmp_path / "district.yaml", _tailoring()))
    assert plan.plan.status_note == "the city's own copy" and plan.tailoring.base == BASE


def _check_line(cli, directory: Path) -> str:
    result = cli("check", SUBMISSION, "--rules", directory, "--lang", "en")
    assert result.code == 2 and len(result.err.splitlines()) == 1, result.err
    assert "Traceback" not in result.err
    return result.err.strip()


def test_a_loop_of_tailorings_is_one_e133_line_naming_the_file(cli, tmp_path):
    _write(tmp_path / "a.yaml", _tailoring(extends="b-2022-2025", plan={"id": "a-2022-2025"}))
    _write(tmp_path / "b.yaml", _tailoring(extends="a.yaml", plan={"id": "b-2022-2025"}))
    line = _check_line(cli, tmp_path)
    assert line.startswith(f"ipscore: {tmp_path / 'a.yaml'}: extends: E133 ") or line.startswith(
        f"ipscore: {tmp_path / 'b.yaml'}: extends: E133 "
    ), line
    assert (
        "a loop (a.yaml → b.yaml → a.yaml)" in line or "a loop (b.yaml → a.yaml → b.yaml)" in line
    )


def test_a_tailoring_extending_its_own_id_is_a_loop(tmp_path):
    path = _write(
        tmp_path / "self.yaml", _tailoring(extends="self-2022-2025", plan={"id": "self-2022-2025"})
    )
    with pytest.raises(InputError) as caught:
        ipscore.load_plan(path)
    assert (caught.value.code, caught.value.file, caught.value.path) == (
        "E133",
        str(path),
        "extends",
    )
    assert "a loop (self.yaml → self.yaml)" in caught.value.message


def test_a_chain_of_tailorings_is_bounded(tmp_path):
    _write(tmp_path / "t0.yaml", _tailoring(plan={"id": "t0"}))  # extends the bundled plan
    for depth in range(1, 6):
        tailoring = {"extends": f"t{depth - 1}", "plan": {"id": f"t{depth}"}}
        _write(tmp_path / f"t{depth}.yaml", tailoring)
    assert ipscore.load_plan(tmp_path / "t4.yaml").tailoring.base == "t3"  # five tailorings
    with pytest.raises(InputError) as caught:
        ipscore.load_plan(tmp_path / "t5.yaml")  # six
    assert caught.value.code == "E133" and "deeper than 5" in caught.value.message
    assert caught.value.file == str(tmp_path / "t1.yaml")  # the link that goes too deep


def test_two_packs_with_the_id_extended_is_e133(tmp_path):
    _city_plan(tmp_path, "one.yaml")
    _city_plan(tmp_path, "two.yaml")
    path = _write(tmp_path / "district.yaml", _tailoring(extends=CITY))
    with pytest.raises(InputError) as caught:
        ipscore.load_plan(path)
    assert caught.value.code == "E133" and "(one.yaml, two.yaml)" in caught.value.message
