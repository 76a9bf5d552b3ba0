"""Comparison across regions: a batch over cases/ with ``-o out/`` writes the dashboard and the
same tables as xlsx, CSV and JSON; the dashboard draws in headless Chromium."""

from __future__ import annotations

import csv
import html
import json
import re
import shutil

import pytest
from helpers import CASES
from test_html import colours, console_errors, run_chromium

import ipscore
from ipscore.compare import Source, compare
from ipscore.errors import InputError
from ipscore.render.compare import STATUS_FILL, league_rows
from ipscore.render.dashboard import render_dashboard
from ipscore.report import Status

SUBMISSIONS = sorted(p for p in CASES.glob("*.json") if not p.name.endswith(".expected.json"))


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory):
    """cases/ plus one corrupt file, checked as a batch with ``-o out/`` (HTML reports)."""
    from ipscore.cli import main

    root = tmp_path_factory.mktemp("batch")
    subs = root / "subs"
    shutil.copytree(CASES, subs)
    (subs / "zz-broken.json").write_text('{"region": ', "utf-8")
    out = root / "out"
    code = main(["check", str(subs), "-o", f"{out}/", "--format", "html"])
    return subs, out, code


def test_out_directory_holds_dashboard_tables_and_reports(batch_out):
    subs, out, code = batch_out
    assert code == 2  # the corrupt file
    names = {p.name for p in out.iterdir()}
    assert {"index.html", "summary.xlsx", "summary.json", "summary.csv", "matrix.csv"} <= names
    assert "dimensions.csv" in names
    assert len([n for n in names if n.startswith(tuple(p.stem for p in SUBMISSIONS))]) == 15


def test_dashboard_has_league_matrix_and_links(batch_out):
    subs, out, _ = batch_out
    page = (out / "index.html").read_text("utf-8")
    links = re.findall(r'<a href="([^"]+)"', page)
    assert len(links) == len(SUBMISSIONS)
    assert all((out / html.unescape(link)).is_file() for link in links)
    for path in SUBMISSIONS:
        report = ipscore.evaluate(json.loads(path.read_text("utf-8"))["plans"][0], path)
        assert f'data-file="{subs / path.name}" data-plan="{report.plan.id}"' in page
        assert f'data-score="{report.score}"' in page
        for target in report.targets:
            assert f'data-target="{target.id}" data-status="{target.status.value}"' in page
    assert 'class="failed" data-file="' in page and "E103" in page
    lowered = page.lower()
    for forbidden in ("<script", "<link", "<img", "http://", "https://", "url("):
        assert forbidden not in lowered


def test_json_csv_and_xlsx_hold_the_same_league(batch_out):
    subs, out, _ = batch_out
    data = json.loads((out / "summary.json").read_text("utf-8"))
    assert {row["file"] for row in data["league"]} == {str(subs / p.name) for p in SUBMISSIONS} | {
        str(subs / "zz-broken.json")
    }
    failed = [row for row in data["league"] if row["error"]]
    assert len(failed) == 1 and "E103" in failed[0]["error"] and failed[0]["rank"] is None
    assert data["league"][-1] == failed[0]
    scores = [row["score"] for row in data["league"] if row["score"] is not None]
    assert scores == sorted(scores, reverse=True)

    with (out / "summary.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["file"] for row in rows] == [row["file"] for row in data["league"]]
    assert [row["as_of"] for row in rows] == [row["as_of"] or "" for row in data["league"]]

    from openpyxl import load_workbook

    workbook = load_workbook(out / "summary.xlsx")
    sheet = workbook["League"]
    header = [cell.value for cell in sheet[1]]
    files_in_sheet = [row[header.index("file")] for row in sheet.iter_rows(2, values_only=True)]
    assert files_in_sheet == [row["file"] for row in data["league"]]

    with (out / "matrix.csv").open(encoding="utf-8-sig") as handle:
        matrix = list(csv.DictReader(handle))
    assert (
        len(matrix)
        == len(data["matrix"])
        == sum(len(ipscore.load_plan(row["plan"]).targets) for row in data["league"] if row["plan"])
    )


def test_every_status_has_a_fill_and_a_matrix_colour():
    assert set(STATUS_FILL) == {status.value for status in Status}
    from importlib.resources import files

    css = (files("ipscore.render") / "templates" / "dashboard.css").read_text("utf-8")
    for status in Status:
        assert f"td.cell.s-{status.value} " in css


def test_league_rows_rank_and_keep_failed_sources():
    good = ipscore.evaluate("nanjing-2022-2025", CASES / "nanjing-2025-partial.json")
    best = ipscore.evaluate("nanjing-2022-2025", CASES / "nanjing-2025-all-met.json")
    comparison = compare(
        [
            Source("bad.json", [], InputError("E101", "empty file", "文件为空", file="bad.json")),
            Source("partial.json", [(good, None)]),
            Source("all-met.json", [(best, None)]),
        ]
    )
    rows = league_rows(comparison)
    assert [row["file"] for row in rows] == ["all-met.json", "partial.json", "bad.json"]
    assert [row["rank"] for row in rows] == [1, 2, None]
    assert rows[2]["error"] == "bad.json: E101 empty file"


def test_dashboard_escapes_region_and_file_names():
    report = ipscore.evaluate("nanjing-2022-2025", CASES / "nanjing-2025-partial.json")
    nasty = report.model_copy(update={"region": "<b>x</b>"})
    page = render_dashboard(compare([Source("<i>f</i>.json", [(nasty, "<r>.html")])]))
    assert "<b>x</b>" not in page and "<i>f</i>" not in page and 'href="<r>' not in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page


def test_dashboard_renders_in_headless_chromium(batch_out, tmp_path):
    _, out, _ = batch_out
    page = out / "index.html"
    shot = tmp_path / "dashboard.png"
    result = run_chromium(page, tmp_path, "--window-size=1300,2400", f"--screenshot={shot}")
    assert shot.is_file(), result.stderr[-2000:]
    assert console_errors(result.stderr) == []
    seen = colours(shot)
    assert len(seen) > 50
    assert (0x2B, 0x6C, 0xB0) in seen  # an on_track cell: only the matrix uses that colour
    assert (0xC5, 0x30, 0x30) in seen  # a missed cell (or a not-ready grade)

    dom = run_chromium(page, tmp_path, "--dump-dom")
    assert dom.returncode == 0 and console_errors(dom.stderr) == []
    assert dom.stdout.count('<table class="matrix"') == 5
    assert dom.stdout.count('class="cell s-') > 800


def test_dashboard_draws_a_score_trend_per_region_with_several_dates(batch_out):
    _, out, _ = batch_out
    data = json.loads((out / "summary.json").read_text("utf-8"))
    dates: dict[tuple[str, str], set[str]] = {}
    for row in data["league"]:
        if row["plan"]:
            dates.setdefault((row["region"], row["plan"]), set()).add(row["as_of"])
    several = {key for key, days in dates.items() if len(days) >= 2}
    assert several and {(t["region"], t["plan"]) for t in data["trends"]} == several
    for item in data["trends"]:
        days = [point["as_of"] for point in item["points"]]
        assert days == sorted(dates[(item["region"], item["plan"])])
    with (out / "trends.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == sum(len(item["points"]) for item in data["trends"])
    from openpyxl import load_workbook

    assert load_workbook(out / "summary.xlsx")["Trends"].max_row == 1 + len(rows)
    page = (out / "index.html").read_text("utf-8")
    assert page.count('data-trend="score"') == len(several)
    kinds = {(p["id"], t["id"]): t["kind"] for p in data["plans"] for t in p["targets"]}
    drawn = 0
    for item in data["trends"]:
        for (plan, target), kind in kinds.items():
            known = [p for p in item["points"] if p["actuals"].get(target) is not None]
            if plan == item["plan"] and kind != "milestone" and len(known) >= 2:
                assert f'data-trend="{target}"' in page
                drawn += 1
    assert drawn > 20 and page.count('data-trend="') == len(several) + drawn


def test_history_compare_writes_the_same_outputs(cli, tmp_path):
    db = tmp_path / "h.sqlite"
    assert cli("history", "add", CASES, "--db", db).code == 0
    board = tmp_path / "board"
    assert cli("history", "compare", "--db", db, "-o", f"{board}/").code == 0
    assert {"index.html", "summary.xlsx", "summary.json", "summary.csv"} <= {
        p.name for p in board.iterdir()
    }
    data = json.loads((board / "summary.json").read_text("utf-8"))
    latest = {(row["region"], row["plan"]): row["as_of"] for row in data["league"]}
    assert len(latest) == len(data["league"]) == 5  # one row per region and plan: its latest
    assert all(as_of.endswith("-12-31") for as_of in latest.values())
    assert latest[("南京市", "nanjing-2022-2025")] == "2025-12-31"
    assert len(data["trends"]) == 5
    single = tmp_path / "board.csv"
    assert cli("history", "compare", "--db", db, "-o", single).code == 0
    assert single.read_text("utf-8-sig").startswith("rank,region,plan,score")
