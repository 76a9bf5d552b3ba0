"""The command line: output formats, the JSON contract, exit codes and one-line errors."""

from __future__ import annotations

import json

import pytest
from helpers import CASES

import ipscore

PARTIAL = CASES / "nanjing-2025-partial.json"
ALL_MET = CASES / "nanjing-2025-all-met.json"

REPORT_FIELDS = {"plan", "as_of", "model", "score", "grade", "dimensions", "targets", "gaps"}
TARGET_FIELDS = {
    "id",
    "indicator",
    "label",
    "dimension",
    "kind",
    "comparator",
    "threshold",
    "unit",
    "status",
    "actual",
    "attainment",
    "gap",
    "owners",
    "quote",
}


def test_table_shows_every_target_score_and_gaps(cli):
    result = cli("check", PARTIAL)
    assert result.code == 1
    plan = ipscore.load_plan("nanjing-2022-2025")
    for target in plan.targets:
        assert target.id in result.out
    assert "就绪度得分" in result.out and "差距清单" in result.out
    report = ipscore.evaluate(plan, PARTIAL)
    assert f"{report.score:.2f}".rstrip("0").rstrip(".") in result.out


def test_all_met_exits_zero(cli):
    assert cli("check", ALL_MET).code == 0


def test_fail_under(cli):
    score = ipscore.evaluate("nanjing-2022-2025", PARTIAL).score
    assert cli("check", PARTIAL, "--fail-under", str(score - 1)).code == 0
    assert cli("check", PARTIAL, "--fail-under", str(score + 1)).code == 1


def test_json_contract(cli):
    result = cli("check", PARTIAL, "--format", "json")
    data = json.loads(result.out)
    assert set(data) >= REPORT_FIELDS
    assert set(data["plan"]) >= {"id", "title", "region", "deadline"}
    for target in data["targets"] + data["gaps"]:
        assert set(target) >= TARGET_FIELDS
    for dimension in data["dimensions"]:
        assert set(dimension) >= {"key", "score", "met", "total"}
    assert [gap["status"] for gap in data["gaps"]] and all(
        gap["status"] != "met" for gap in data["gaps"]
    )


@pytest.mark.parametrize("model", ["weighted", "flat", "absolute"])
def test_models(cli, model):
    data = json.loads(cli("check", PARTIAL, "--format", "json", "--model", model).out)
    assert data["model"] == model
    assert 0 <= data["score"] <= 100
    if model == "absolute":
        assert data["score"] == 0


def _markdown_table(text: str, heading: str) -> list[list[str]]:
    """The cells of the first table after a ``## heading`` line (header row first)."""
    lines = text.splitlines()
    start = lines.index(f"## {heading}")
    rows = []
    for line in lines[start + 1 :]:
        if rows and not line.startswith("|"):
            break
        if line.startswith("|") and not line.startswith("|-"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_markdown_and_english(cli):
    result = cli("check", PARTIAL, "--format", "markdown", "--lang", "en")
    assert result.out.startswith("# Nanjing")
    header, *rows = _markdown_table(result.out, "Targets")
    assert header[:4] == ["Status", "ID", "Dimension", "Indicator"]
    plan = ipscore.load_plan("nanjing-2022-2025")
    assert [row[1] for row in rows] == [target.id for target in plan.targets]
    chinese = cli("check", PARTIAL, "--format", "markdown").out
    assert _markdown_table(chinese, "目标")[0][:4] == ["状态", "编号", "维度", "指标"]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_a_chinese_report_says_in_chinese_what_is_missing(cli, fmt):
    zh = [
        line
        for line in cli("check", PARTIAL, "--format", fmt).out.splitlines()
        if "缺少数据" in line
    ]
    en = cli("check", PARTIAL, "--format", fmt, "--lang", "en").out
    layout = [line for line in zh if "nj-ic-layout-designs" in line]
    # the running total (issue 17: 累计 with no start date is the all-time total)
    assert layout and "2025年及以前的集成电路布图设计登记量(累计)（" in layout[0]
    assert not any("yearly values of" in line or "a value of" in line for line in zh)
    assert "Missing: a value of ic_layout_design_registrations_total up to 2025" in en


def test_by_owner_groups_gaps(cli):
    result = cli("check", PARTIAL, "--by", "owner")
    assert "差距清单 — 市市场监管局" in result.out


def test_plans_list_and_show(cli):
    listing = json.loads(cli("plans", "list", "--format", "json").out)
    assert len(listing) == 5
    shown = json.loads(cli("plans", "show", "nanjing-2022-2025", "--format", "json").out)
    plan = ipscore.load_plan("nanjing-2022-2025")
    assert [t["id"] for t in shown["targets"]] == [t.id for t in plan.targets]
    for target in shown["targets"]:
        assert target["quote"] and target["comparator"] and target["kind"]
        assert {"baseline", "weight", "owners", "note", "threshold", "unit"} <= set(target)


def test_schema_is_the_submission_schema(cli):
    schema = json.loads(cli("schema").out)
    assert schema["title"] == "ipscore submission"
    assert {"region", "as_of", "indicators", "milestones"} <= set(schema["properties"])


def _one_line_error(result, code: str) -> None:
    assert result.code == 2
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert code in lines[0]
    assert "Traceback" not in result.err


def test_malformed_json(cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"region": "南京市", "as_of": "2025-12-31",\n "indicators": {,}}', "utf-8")
    result = cli("check", bad)
    _one_line_error(result, "E103")
    assert "bad.json" in result.err and "line 2" in result.err


def test_wrong_type(cli, tmp_path):
    bad = tmp_path / "wrong.json"
    bad.write_text(
        json.dumps(
            {
                "region": "南京市",
                "as_of": "2025-12-31",
                "indicators": {"high_value_invention_patents_per_10k": "fifty"},
            }
        ),
        "utf-8",
    )
    result = cli("check", bad)
    _one_line_error(result, "E110")
    assert "$.indicators.high_value_invention_patents_per_10k" in result.err


def test_unknown_plan(cli):
    result = cli("check", PARTIAL, "--plan", "atlantis-2030")
    _one_line_error(result, "E117")
    assert "nanjing-2022-2025" in result.err


def test_output_file_written_whole(cli, tmp_path):
    target = tmp_path / "report.md"
    result = cli("check", PARTIAL, "--format", "markdown", "-o", target)
    assert result.code == 1 and result.out == ""
    assert target.read_text("utf-8").startswith("# ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_a_failed_write_leaves_nothing_behind(cli, tmp_path, monkeypatch):
    from pathlib import Path

    def failed_move(self, target):
        raise OSError(18, "Invalid cross-device link")  # the .part is written, the move fails

    monkeypatch.setattr(Path, "replace", failed_move)
    result = cli("check", PARTIAL, "--format", "markdown", "-o", tmp_path / "report.md")
    _one_line_error(result, "E108")
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_write_leaves_nothing_behind(cli, tmp_path, monkeypatch):
    from pathlib import Path

    write_text = Path.write_text

    def interrupted(self, text, *args, **kwargs):
        write_text(self, text[: len(text) // 2], *args, **kwargs)  # half of it reached the disk
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_text", interrupted)
    out = tmp_path / "report.md"
    result = cli("check", PARTIAL, "--format", "markdown", "-o", out, "--lang", "en")
    assert (result.code, result.err) == (130, "ipscore: interrupted\n")
    assert list(tmp_path.iterdir()) == []


def test_an_expired_plan_says_so(cli):
    result = cli("check", CASES / "lianyungang-2016-partial.json", "--lang", "en")
    assert "Plan status" in result.out and "expired" in result.out
    assert "repealed" not in result.out  # declared 失效, not 废止 (issue 17, finding 7)
    assert "方案状态" in (zh := cli("check", CASES / "lianyungang-2016-partial.json").out)
    assert "已失效" in zh and "已废止" not in zh
    assert "Plan status" not in cli("check", PARTIAL, "--lang", "en").out
