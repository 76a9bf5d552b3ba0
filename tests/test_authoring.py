"""docs/authoring.md's worked example runs: the 示例市 pack (fictional) with an indicator of its
own lints clean, checks as the page says, and its district tailoring does what the page says."""

from __future__ import annotations

import json
import re

import pytest
from helpers import DOCS, ROOT

EXAMPLE = DOCS / "examples" / "shiyi"
PAGE = (DOCS / "authoring.md").read_text("utf-8")


@pytest.fixture
def at_root(monkeypatch):
    """Run from the repository root, as the page's commands are written."""
    monkeypatch.chdir(ROOT)


def _documented_results() -> dict[str, str]:
    """The worked example's results table on the page: target id → status."""
    rows = re.findall(r"^\| (sy-[a-z0-9-]+) \| [^|]+ \| (\w+) \|", PAGE, re.MULTILINE)
    return dict(rows)


def _yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", PAGE, re.DOTALL)


def test_the_page_shows_the_example_files_as_they_are():
    blocks = _yaml_blocks()
    for name in ("indicators.yaml", "shiyi-2025-2027.yaml", "district.yaml"):
        assert (EXAMPLE / name).read_text("utf-8") in blocks, name


def test_every_quote_is_in_the_plan_text():
    import yaml

    text = (EXAMPLE / "plan.txt").read_text("utf-8")
    pack = yaml.safe_load((EXAMPLE / "shiyi-2025-2027.yaml").read_text("utf-8"))
    for target in pack["targets"]:
        assert target["quote"] in text, target["id"]


def test_the_example_lints_clean(cli, at_root):
    result = cli("lint", "docs/examples/shiyi")
    assert result.code == 0, result.out
    assert result.err == "ipscore lint: 没有问题\n"
    assert cli("lint", "docs/examples/shiyi", "--lang", "en").err == "ipscore lint: no problems\n"


def test_the_example_checks_as_the_page_says(cli, at_root):
    result = cli(
        "check",
        "docs/examples/shiyi/data.json",
        "--rules",
        "docs/examples/shiyi",
        "--format",
        "json",
    )
    assert result.code == 1, result.err
    report = json.loads(result.out)
    statuses = {target["id"]: target["status"] for target in report["targets"]}
    documented = _documented_results()
    assert len(documented) == 6
    assert statuses == documented
    by_id = {target["id"]: target for target in report["targets"]}
    assert by_id["sy-high-value-patents-per-10k"]["actual"] == pytest.approx(19)
    assert by_id["sy-high-value-patents-per-10k"]["source"].startswith("derived")
    assert by_id["sy-data-ip-certificates"]["attainment"] == pytest.approx(0.84)
    assert report["plan"]["indicators_not_bundled"] == {
        "data_ip_certificates": "docs/examples/shiyi/indicators.yaml"
    }
    table = cli(
        "check", "docs/examples/shiyi/data.json", "--rules", "docs/examples/shiyi", "--lang", "en"
    )
    assert "data_ip_certificates (docs/examples/shiyi/indicators.yaml)" in table.out
    assert "Indicators defined outside the catalogue: data_ip_certificates" in PAGE


def test_the_district_tailoring_does_what_the_page_says(cli, at_root):
    args = ["docs/examples/shiyi/district-data.json", "--rules", "docs/examples/shiyi"]
    report = json.loads(cli("check", *args, "--format", "json").out)
    by_id = {target["id"]: target for target in report["targets"]}
    zone = by_id["sy-protection-demonstration-zone"]
    assert zone["status"] == "not_applicable" and "市级申报" in zone["not_applicable"]
    assert by_id["sy-data-ip-certificates"]["weight"] == 2
    assert report["plan"]["tailoring"]["base"] == "shiyi-2025-2027"
    scored = [t for t in report["targets"] if t["status"] != "not_applicable"]
    expected = 100 * sum(t["weight"] * t["attainment"] for t in scored)
    assert report["score"] == pytest.approx(round(expected / sum(t["weight"] for t in scored), 2))
    text = cli("check", *args, "--lang", "en").out
    assert "Tailored from" in text and "shiyi-2025-2027 (docs/examples/shiyi/district.yaml)" in text


def test_the_page_leaves_a_place_for_the_draft_section():
    assert "## Drafting a pack from the plan's text" in PAGE
