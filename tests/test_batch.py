"""Batch checks: one summary row per submission, the worst exit code, bad files skipped."""

from __future__ import annotations

import json
import shutil

from conftest import CASES

import ipscore

SUBMISSIONS = sorted(p for p in CASES.glob("*.json") if not p.name.endswith(".expected.json"))


def _expected(path):
    return json.loads(path.with_name(path.stem + ".expected.json").read_text("utf-8"))


def test_batch_over_cases_prints_one_row_per_case(cli):
    result = cli("check", CASES)
    rows = [
        line for line in result.out.splitlines() if line.startswith("cases/") or "/cases/" in line
    ]
    assert len(rows) == len(SUBMISSIONS)
    for path in SUBMISSIONS:
        expected = _expected(path)
        report = ipscore.evaluate(expected["plan"], path)
        row = next(r for r in rows if path.name in r)
        assert expected["plan"] in row
        assert f"{report.score:.2f}".rstrip("0").rstrip(".") in row
        assert row.split()[-1] == str(len(report.gaps))
    assert result.code == max(_expected(p)["exit_code"] for p in SUBMISSIONS) == 1
    assert result.err == ""  # no progress bar when output is not a terminal


def test_all_met_batch_exits_zero(cli):
    met = [p for p in SUBMISSIONS if p.name.endswith("all-met.json")]
    assert cli("check", *met).code == 0


def test_corrupt_file_is_reported_and_the_others_still_run(cli, tmp_path):
    for path in SUBMISSIONS[:3]:
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "broken.json").write_text('{"region": "南京市", ', "utf-8")
    out_dir = tmp_path / "reports"
    result = cli("check", tmp_path, "-o", out_dir, "--format", "markdown")
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and "broken.json" in result.err
    assert "E103" in result.err
    written = sorted(p.name for p in out_dir.iterdir())
    assert len(written) == 3 and all(name.endswith(".md") for name in written)
    for path in SUBMISSIONS[:3]:
        assert path.name in result.out


def test_batch_json_is_an_array_of_full_reports(cli):
    pair = SUBMISSIONS[:2]
    data = json.loads(cli("check", *pair, "--format", "json").out)
    assert isinstance(data, list) and len(data) == 2
    assert all({"score", "targets", "gaps"} <= set(report) for report in data)
