"""Packs that bring their own indicators: one loader for check, lint, plans and load_plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from helpers import small_plan_data

import ipscore
from ipscore.errors import InputError

CERTIFICATES = {
    "key": "data_ip_certificates",
    "zh": "数据知识产权登记证书数",
    "en": "Data IP registration certificates",
    "unit": "件",
    "measure": "stock",
    "definition": "Data IP registration certificates held at year end.",
}
CERTIFICATES_PER_10K = {
    "key": "data_ip_certificates_per_10k",
    "zh": "每万人口数据知识产权登记证书数",
    "en": "Data IP registration certificates per 10,000 residents",
    "unit": "件/万人",
    "measure": "stock",
    "definition": "Data IP registration certificates per 10,000 resident population.",
    "derive": {
        "numerator": "data_ip_certificates",
        "denominator": "resident_population",
        "scale": 1,
    },
}
TARGETS = [
    {
        "id": "sy-data-ip",
        "indicator": "data_ip_certificates",
        "dimension": "creation",
        "kind": "level",
        "comparator": ">=",
        "threshold": 500,
        "unit": "件",
        "quote": "数据知识产权登记证书达到500件",
    },
    {
        "id": "sy-data-ip-per-10k",
        "indicator": "data_ip_certificates_per_10k",
        "dimension": "creation",
        "kind": "level",
        "comparator": ">=",
        "threshold": 1,
        "unit": "件/万人",
        "quote": "每万人口数据知识产权登记证书数达到1件",
    },
]
SUBMISSION = {
    "region": "测试市",
    "as_of": "2025-12-31",
    "indicators": {
        "data_ip_certificates": {"2025": 520},
        "resident_population": {"2025": 400},
    },
}


def _write_yaml(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


@pytest.fixture
def own_pack(tmp_path: Path) -> Path:
    """A rules directory with a pack defining two indicators, one derived per 10k residents."""
    directory = tmp_path / "rules"
    directory.mkdir()
    pack = small_plan_data(TARGETS)
    pack["indicators"] = [CERTIFICATES, CERTIFICATES_PER_10K]
    _write_yaml(directory / "shiyi.yaml", pack)
    (tmp_path / "data.json").write_text(json.dumps(SUBMISSION, ensure_ascii=False), "utf-8")
    return directory


def _derived_target(report: dict) -> dict:
    return next(t for t in report["targets"] if t["id"] == "sy-data-ip-per-10k")


def test_lint_accepts_the_pack_with_its_indicators(cli, own_pack):
    result = cli("lint", own_pack)
    assert result.code == 0, result.out + result.err
    assert result.out == ""


def test_check_evaluates_the_pack_and_derives_from_the_parts(cli, own_pack):
    data = own_pack.parent / "data.json"
    result = cli("check", data, "--rules", own_pack, "--format", "json")
    assert "E131" not in result.err
    assert result.code == 0, result.err
    report = json.loads(result.out)
    target = _derived_target(report)
    assert target["status"] == "met"
    assert target["actual"] == pytest.approx(1.3)  # 520 / 400 (万人)
    assert target["source"].startswith("derived")
    assert report["plan"]["indicators_not_bundled"] == {
        "data_ip_certificates": str(own_pack / "shiyi.yaml"),
        "data_ip_certificates_per_10k": str(own_pack / "shiyi.yaml"),
    }


def test_load_plan_takes_a_string_path(own_pack):
    plan = ipscore.load_plan(str(own_pack / "shiyi.yaml"))
    assert set(plan.origins) == {"data_ip_certificates", "data_ip_certificates_per_10k"}
    report = ipscore.evaluate(plan, SUBMISSION)
    by_id = {t.id: t for t in report.targets}
    assert by_id["sy-data-ip-per-10k"].actual == pytest.approx(1.3)
    assert by_id["sy-data-ip"].status.value == "met"


def test_plans_show_names_the_pack_indicators(cli, own_pack):
    result = cli("plans", "show", "test-plan", "--rules", own_pack)
    assert result.code == 0, result.err
    assert "data_ip_certificates_per_10k (每万人口数据知识产权登记证书数)" in result.out
    listing = cli("plans", "list", "--rules", own_pack)
    assert "test-plan" in listing.out and "nanjing-2022-2025" in listing.out


def test_an_extension_file_beside_packs_extends_the_catalogue(cli, own_pack):
    """indicators.yaml in the rules directory adds to the bundled catalogue for lint and check."""
    pack_path = own_pack / "shiyi.yaml"
    pack = yaml.safe_load(pack_path.read_text("utf-8"))
    _write_yaml(own_pack / "indicators.yaml", {"indicators": pack.pop("indicators")})
    _write_yaml(pack_path, pack)
    pack["targets"].append(
        {
            "id": "sy-patents",
            "indicator": "invention_patents",
            "dimension": "creation",
            "kind": "level",
            "threshold": 3000,
            "unit": "件",
            "quote": "有效发明专利达到3000件",
        }
    )
    _write_yaml(pack_path, pack)
    assert cli("lint", own_pack).code == 0  # bundled keys are still known beside the extension
    result = cli("check", own_pack.parent / "data.json", "--rules", own_pack, "--format", "json")
    assert result.code == 1, result.err  # the patent target has no data: a gap, not an error
    assert _derived_target(json.loads(result.out))["status"] == "met"
    plan = ipscore.load_plan(pack_path)
    assert plan.origins["data_ip_certificates"] == str(own_pack / "indicators.yaml")


def test_an_extension_may_repeat_a_bundled_entry_unchanged(own_pack):
    bundled = ipscore.load_catalogue()["invention_patents"].model_dump(mode="json")
    _write_yaml(own_pack / "indicators.yaml", {"indicators": [bundled]})
    plan = ipscore.load_plan(own_pack / "shiyi.yaml")
    assert "invention_patents" not in plan.origins


def test_an_extension_redefining_a_bundled_key_is_one_line_exit_2(cli, own_pack):
    changed = ipscore.load_catalogue()["invention_patents"].model_dump(mode="json")
    changed["unit"] = "万件"
    _write_yaml(own_pack / "indicators.yaml", {"indicators": [changed]})
    extension = str(own_pack / "indicators.yaml")
    result = cli("check", own_pack.parent / "data.json", "--rules", own_pack, "--lang", "en")
    assert result.code == 2
    assert result.err == (
        f"ipscore: {extension}: indicators (invention_patents): E132 indicator "
        "'invention_patents' differs from its definition in rules/indicators.yaml\n"
    )
    lint = cli("lint", own_pack)
    assert lint.code == 2 and "E132" in lint.out and extension in lint.out
    with pytest.raises(InputError, match="E132"):
        ipscore.load_plan(own_pack / "shiyi.yaml")


def test_a_pack_redefining_a_key_of_its_extension_names_both_files(own_pack):
    pack_path = own_pack / "shiyi.yaml"
    other = dict(CERTIFICATES, zh="数据知识产权登记数")
    _write_yaml(own_pack / "indicators.yaml", {"indicators": [other]})
    with pytest.raises(InputError) as caught:
        ipscore.load_plan(pack_path)
    assert caught.value.file == str(pack_path)
    assert caught.value.message.endswith(str(own_pack / "indicators.yaml"))


def test_a_catalogue_given_to_load_plan_extends_and_may_be_a_string(tmp_path):
    extension = _write_yaml(tmp_path / "extra.yaml", {"indicators": [CERTIFICATES]})
    pack = _write_yaml(tmp_path / "pack.yaml", small_plan_data(TARGETS[:1]))
    with pytest.raises(InputError, match="E131"):
        ipscore.load_plan(pack)
    plan = ipscore.load_plan(str(pack), catalogue=str(extension))
    assert plan.catalogue["data_ip_certificates"].zh == "数据知识产权登记证书数"
    assert "invention_patents" in plan.catalogue  # extended, not replaced


def test_lint_and_check_agree_on_an_unknown_indicator(cli, tmp_path):
    pack = small_plan_data(TARGETS[:1])
    _write_yaml(tmp_path / "pack.yaml", pack)
    (tmp_path / "data.json").write_text(json.dumps(SUBMISSION, ensure_ascii=False), "utf-8")
    lint = cli("lint", tmp_path, "--lang", "en")
    check = cli("check", tmp_path / "data.json", "--rules", tmp_path)
    assert lint.code == 2
    assert "E131 indicator 'data_ip_certificates' is not in the catalogue" in lint.out
    assert check.code == 2 and "E131" in check.err


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_every_report_format_names_the_pack_indicators(cli, own_pack, fmt):
    data = own_pack.parent / "data.json"
    result = cli("check", data, "--rules", own_pack, "--format", fmt, "--lang", "en")
    assert result.code == 0, result.err
    assert "Indicators defined outside the catalogue" in result.out
    assert f"data_ip_certificates, data_ip_certificates_per_10k ({own_pack / 'shiyi.yaml'})" in (
        result.out
    )


def test_the_html_target_line_knows_a_pack_indicator_is_a_stock(own_pack):
    """The renderer reads the indicator's measure from the report, not the bundled catalogue
    (which does not have the pack's indicators): a cumulative stock target gets its line."""
    from ipscore.render.html import target_level

    pack_path = own_pack / "shiyi.yaml"
    pack = yaml.safe_load(pack_path.read_text("utf-8"))
    pack["targets"][0] = dict(
        TARGETS[0], kind="cumulative", quote="数据知识产权登记证书累计达到500件"
    )
    _write_yaml(pack_path, pack)
    submission = dict(SUBMISSION, indicators={"data_ip_certificates": {"2024": 300, "2025": 520}})
    outcome = ipscore.evaluate(ipscore.load_plan(pack_path), submission).targets[0]
    assert outcome.measure == "stock"
    assert target_level(outcome) == 500
