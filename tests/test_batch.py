"""Batch checks: a sorted, complete summary row per submission and plan, the worst exit code, bad
files kept (with their error in its own column), summaries saved by suffix, warnings shown."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from helpers import CASES

import ipscore

SUBMISSIONS = sorted(p for p in CASES.glob("*.json") if not p.name.endswith(".expected.json"))


def _expected(path):
    return json.loads(path.with_name(path.stem + ".expected.json").read_text("utf-8"))


def _rows(out: str) -> list[str]:
    return [line for line in out.splitlines() if "cases/" in line or "broken" in line]


def test_batch_over_cases_prints_one_sorted_complete_row_per_case(cli):
    result = cli("check", CASES, "--lang", "en")
    rows = _rows(result.out)
    assert len(rows) == len(SUBMISSIONS)
    scores = []
    for path in SUBMISSIONS:
        expected = _expected(path)
        report = ipscore.evaluate(expected["plan"], path)
        row = next(r for r in rows if path.name in r)
        cells = row.split()
        assert expected["plan"] in cells
        assert f"{report.score:.2f}".rstrip("0").rstrip(".") in cells
        if report.projected_score is not None:
            assert f"{report.projected_score:.2f}".rstrip("0").rstrip(".") in cells
        assert str(report.as_of) in cells
        met = sum(d.met for d in report.dimensions)
        assert cells[-7:-2] == [
            str(met),
            str(len(report.targets)),
            str(report.counts["no_data"] + report.counts["incomplete"]),
            str(len(report.warnings)),
            str(len(report.gaps)),
        ]
        scores.append((rows.index(row), report.score))
    in_row_order = [score for _, score in sorted(scores)]
    assert in_row_order == sorted(in_row_order, reverse=True)
    assert result.code == max(_expected(p)["exit_code"] for p in SUBMISSIONS) == 1
    assert "\r" not in result.err  # no progress bar when output is not a terminal


def test_all_met_batch_exits_zero(cli):
    met = [p for p in SUBMISSIONS if p.name.endswith("all-met.json")]
    assert cli("check", *met).code == 0


@pytest.fixture
def mixed(tmp_path):
    """Three good cases and a corrupt file in one directory."""
    folder = tmp_path / "subs"
    folder.mkdir()
    for path in SUBMISSIONS[:3]:
        shutil.copy(path, folder / path.name)
    (folder / "broken.json").write_text('{"region": "南京市", ', "utf-8")
    return folder


def test_corrupt_file_is_reported_in_its_own_column_and_the_others_still_run(cli, mixed, tmp_path):
    out_dir = tmp_path / "reports"
    result = cli("check", mixed, "-o", out_dir, "--format", "markdown", "--lang", "en")
    assert result.code == 2
    errors = [line for line in result.err.splitlines() if " E1" in line]
    assert len(errors) == 1 and "broken.json" in errors[0] and "E103" in errors[0]
    reports = sorted(p.name for p in out_dir.glob("*.md"))
    assert len(reports) == 3
    for path in SUBMISSIONS[:3]:
        assert path.name in result.out
    broken = next(r for r in result.out.splitlines() if "broken.json" in r)
    assert result.out.splitlines()[-1] == broken  # failed files come last
    assert broken.rstrip().endswith(
        "E103 malformed JSON: Expecting property name enclosed in double quotes"
    )
    with (out_dir / "summary.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    failed = next(row for row in rows if row["file"].endswith("broken.json"))
    assert failed["error"].startswith(str(mixed / "broken.json")) and "E103" in failed["error"]
    assert failed["gaps"] == "" and failed["score"] == ""
    assert all(row["error"] == "" for row in rows if row is not failed)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".html", ".json"])
def test_summary_file_is_written_by_suffix_not_a_directory(cli, mixed, tmp_path, suffix):
    target = tmp_path / f"summary{suffix}"
    result = cli("check", mixed, "-o", target)
    assert result.code == 2  # the corrupt file
    assert target.is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["subs", target.name])
    if suffix == ".csv":
        text = target.read_text("utf-8-sig")
        assert text.splitlines()[0].startswith("rank,region,plan,score,projected_score,grade")
        assert len(text.splitlines()) == 1 + 4
    elif suffix == ".xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(target)
        assert workbook.sheetnames == ["League", "Matrix", "Dimensions", "Trends"]
        assert workbook["League"].max_row == 1 + 4
    elif suffix == ".json":
        data = json.loads(target.read_text("utf-8"))
        assert {row["file"] for row in data["league"]} == {str(p) for p in mixed.iterdir()}
    else:
        assert target.read_text("utf-8").lower().startswith("<!doctype html>")


def test_summary_to_an_unknown_suffix_is_a_usage_error(cli, mixed, tmp_path):
    result = cli("check", mixed, "-o", tmp_path / "summary.txt")
    assert result.code == 2
    assert "usage" in result.err and ".csv" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["subs"]


def test_batch_json_has_a_file_per_entry_and_the_failed_ones(cli, mixed):
    data = json.loads(cli("check", mixed, "--format", "json").out)
    assert len(data) == 4
    assert all("file" in entry for entry in data)
    assert {entry["file"] for entry in data} == {str(p) for p in mixed.iterdir()}
    good = [entry for entry in data if "error" not in entry]
    assert len(good) == 3 and all({"score", "targets", "gaps"} <= set(e) for e in good)
    failed = next(entry for entry in data if "error" in entry)
    assert failed["file"].endswith("broken.json") and failed["error"]["code"] == "E103"


def test_batch_counts_and_prints_warnings(cli, tmp_path):
    data = json.loads((CASES / "nanjing-2024-midterm.json").read_text("utf-8"))
    data["region"] = "南京"  # a typo: W205
    typo = tmp_path / "typo.json"
    typo.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    result = cli("check", typo, CASES / "hefei-2023-midterm.json")
    assert "W205" in result.err and "typo.json" in result.err
    row = next(r for r in result.out.splitlines() if "typo.json" in r)
    report = ipscore.evaluate("nanjing-2022-2025", typo)
    assert len(report.warnings) >= 1
    assert row.split()[-4:-2] == [str(len(report.warnings)), str(len(report.gaps))]


def test_expected_outputs_are_skipped_alike_from_a_glob_and_a_directory(cli):
    by_directory = cli("check", CASES)
    by_glob = cli("check", *sorted(CASES.glob("*.json")))  # what the shell makes of cases/*.json
    assert by_glob.out == by_directory.out
    assert "已跳过 15 个预期输出文件" in by_glob.err
    assert "已跳过 15 个预期输出文件" in by_directory.err
    assert "E1" not in by_glob.err
    english = cli("check", CASES, "--lang", "en")
    assert "ipscore: skipped 15 expected-output file(s) (*.expected.json)" in english.err


def test_check_file_takes_typed_options_not_a_namespace(tmp_path):
    from ipscore.batch import CheckOptions, check_file

    data = json.loads((CASES / "nanjing-2025-partial.json").read_text("utf-8"))
    data["region"] = "别处"  # W205, which --strict turns into an error
    path = tmp_path / "elsewhere.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    lenient = check_file(path, CheckOptions(plan="nanjing-2022-2025"), {}, None)
    assert lenient.error is None and [r.plan.id for r in lenient.reports] == ["nanjing-2022-2025"]
    strict = check_file(path, CheckOptions(plan="nanjing-2022-2025", strict=True), {}, None)
    assert strict.reports == [] and strict.error is not None
    assert strict.error.code in {w.code for w in lenient.reports[0].warnings}
    assert strict.error.file == str(path)
