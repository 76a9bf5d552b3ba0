"""The history store and the diff: acceptance over cases/ plus three snapshots of one region, a
process killed mid-``history add``, migrations, and the report's change and trend sections."""

from __future__ import annotations

import copy
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CASES

import ipscore
from ipscore.history import (
    PAUSE_ENVIRONMENT,
    SCHEMA_VERSION,
    History,
    canonical_json,
    content_hash,
)
from ipscore.io import read_submission

PLAN = "nanjing-2022-2025"
ALL_MET = CASES / "nanjing-2025-all-met.json"


def snapshot(year: int, milestones_done: int) -> dict:
    """The all-met Nanjing submission as it stood at the end of ``year``: series cut there, only
    the first ``milestones_done`` milestones done."""
    data = copy.deepcopy(json.loads(ALL_MET.read_text("utf-8")))
    data["as_of"] = f"{year}-12-31"
    for key, value in data["indicators"].items():
        if isinstance(value, dict) and all(str(y).isdigit() for y in value):
            data["indicators"][key] = {y: v for y, v in value.items() if int(y) <= year}
    keys = list(data["milestones"])
    data["milestones"] = {key: index < milestones_done for index, key in enumerate(keys)}
    return data


@pytest.fixture
def snapshots(tmp_path) -> list[Path]:
    """Three snapshots of Nanjing, written out of date order (the store must sort them)."""
    folder = tmp_path / "nanjing"
    folder.mkdir()
    paths = []
    milestones = len(json.loads(ALL_MET.read_text("utf-8"))["milestones"])
    # 2025: all but one milestone, so that it is not the same submission as the all-met case
    plan = (("c-2025", 2025, milestones - 1), ("a-2023", 2023, 0), ("b-2024", 2024, 3))
    for name, year, done in plan:
        path = folder / f"{name}.json"
        path.write_text(json.dumps(snapshot(year, done), ensure_ascii=False), "utf-8")
        paths.append(path)
    return paths


def test_acceptance_history_show_diff_and_no_duplicates(cli, tmp_path, snapshots):
    db = tmp_path / "h.sqlite"
    assert cli("history", "add", CASES, "--db", db).code == 0
    for path in snapshots:
        result = cli("history", "add", path, "--db", db)
        assert result.code == 0 and result.out.startswith("added: ")
    with History(db) as history:
        before = history.entries()
    assert len(before) == 15 + 3

    shown = cli("history", "show", "南京市", "--db", db, "--format", "json")
    dates = [row["as_of"] for row in json.loads(shown.out)]
    assert dates == sorted(dates) and len(dates) == 3 + 3  # three cases and three snapshots
    table = cli("history", "show", "南京市", "--db", db).out
    order = [table.index(name) for name in ("a-2023", "b-2024", "c-2025")]
    assert order == sorted(order)

    first, last = snapshots[1], snapshots[0]
    old = ipscore.evaluate(PLAN, first)
    new = ipscore.evaluate(PLAN, last)
    met_before = {t.id for t in old.targets if t.status is ipscore.Status.met}
    became_met = [t.id for t in new.targets if t.status is ipscore.Status.met]
    became_met = [target for target in became_met if target not in met_before]
    assert became_met  # the snapshots are built so that targets become met
    diff = json.loads(cli("diff", first, last, "--format", "json").out)
    assert len(diff) == 1 and diff[0]["newly_met"] == became_met
    assert diff[0]["score_change"] == pytest.approx(new.score - old.score, abs=0.01)
    text = cli("diff", first, last).out
    assert all(target in text for target in became_met)

    again = cli("history", "add", CASES, *snapshots, "--db", db)
    assert again.code == 0 and "added:" not in again.out
    assert again.out.count("already stored:") == 18
    with History(db) as history:
        assert history.entries() == before


def test_diff_of_a_region_takes_its_last_two_stored_entries(cli, tmp_path, snapshots):
    db = tmp_path / "h.sqlite"
    cli("history", "add", *snapshots, "--db", db)
    data = json.loads(cli("diff", "--region", "南京市", "--db", db, "--format", "json").out)
    expected = json.loads(cli("diff", snapshots[2], snapshots[0], "--format", "json").out)
    assert data[0]["old_as_of"] == "2024-12-31" and data[0]["new_as_of"] == "2025-12-31"
    assert data[0]["newly_met"] == expected[0]["newly_met"]
    assert data[0]["targets"] == expected[0]["targets"]
    lonely = cli("diff", "--region", "合肥市", "--db", db)
    assert lonely.code == 2 and "的已存提交不足两份" in lonely.err


def test_a_bad_file_is_skipped_and_the_others_are_stored(cli, tmp_path, snapshots):
    (snapshots[0].parent / "broken.json").write_text("{", "utf-8")
    db = tmp_path / "h.sqlite"
    result = cli("history", "add", snapshots[0].parent, "--db", db)
    assert result.code == 2 and "broken.json" in result.err and "E103" in result.err
    with History(db) as history:
        assert len(history.entries()) == 3


def test_the_same_content_from_another_file_is_the_same_submission(tmp_path):
    copy_path = tmp_path / "copy.json"
    data = json.loads(ALL_MET.read_text("utf-8"))
    copy_path.write_text(json.dumps(data, indent=4, ensure_ascii=True), "utf-8")
    assert content_hash(read_submission(copy_path)) == content_hash(read_submission(ALL_MET))
    data["indicators"]["ip_advantage_demonstration_enterprises"]["2025"] += 1
    copy_path.write_text(json.dumps(data), "utf-8")
    assert content_hash(read_submission(copy_path)) != content_hash(read_submission(ALL_MET))


def test_killed_mid_add_keeps_exactly_the_committed_submissions(tmp_path):
    """SIGKILL inside the third transaction: the file is valid and holds the first two."""
    folder = tmp_path / "subs"
    folder.mkdir()
    names = sorted(p.name for p in CASES.glob("*.json") if ".expected." not in p.name)[:5]
    for name in names:
        (folder / name).write_bytes((CASES / name).read_bytes())
    db = tmp_path / "h.sqlite"
    env = {**os.environ, PAUSE_ENVIRONMENT: "2"}
    command = [sys.executable, "-m", "ipscore.cli", "history", "add", str(folder), "--db", str(db)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert process.stderr is not None
        line = process.stderr.readline().decode()  # blocks until the hook speaks (or exit)
        assert "paused after 2 commits" in line, line
        assert (tmp_path / "h.sqlite-journal").exists()  # the third write is under way
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()
    with History(db) as history:
        kept = sorted(entry.file for entry in history.entries())
        assert kept == sorted(str(folder / name) for name in names[:2])
        assert all(entry.scores for entry in history.entries())  # reports came with them
        for entry in history.entries():
            stored = canonical_json(history.submission(entry.id))
            assert stored == canonical_json(read_submission(Path(entry.file)))
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.count("already stored:") == 2 and rerun.stdout.count("added:") == 3


def test_schema_version_and_migrations(tmp_path):
    db = tmp_path / "h.sqlite"
    with History(db) as history:
        assert history.schema_version == SCHEMA_VERSION
    connection = sqlite3.connect(db)
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert {"schema_version", "submissions", "reports"} <= tables
    connection.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    connection.commit()
    connection.close()
    with pytest.raises(ipscore.InputError, match="newer than this ipscore"):
        History(db)


def test_not_a_history_file_is_refused_with_one_line(cli, tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all, just text " * 100)
    result = cli("history", "list", "--db", junk)
    assert result.code == 2 and result.err.count("\n") == 1
    assert "E100 不是 ipscore 的历史记录库（文件不是数据库）" in result.err  # no --lang: Chinese
    other = tmp_path / "other.sqlite"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    assert "其中已有别的数据表" in cli("history", "list", "--db", other).err


def test_ipscore_db_environment_and_the_default(monkeypatch, tmp_path):
    from ipscore.userdirs import history_file

    monkeypatch.setenv("IPSCORE_DB", str(tmp_path / "env.sqlite"))
    assert history_file() == tmp_path / "env.sqlite"
    monkeypatch.delenv("IPSCORE_DB")
    assert history_file().name == "history.sqlite" and "ipscore" in history_file().parts


def test_library_use(tmp_path):
    submission = read_submission(CASES / "nanjing-2024-midterm.json")
    report = ipscore.evaluate(PLAN, submission)
    with ipscore.History(tmp_path / "h.sqlite") as history:
        assert history.add(submission, [report], "nj.json") is True
        assert history.add(submission, [report], "again.json") is False
        [(entry, stored)] = history.reports("南京市", PLAN)
        assert entry.file == "nj.json" and stored == report


def test_check_with_a_history_shows_the_change_and_the_trend(cli, tmp_path, snapshots):
    db = tmp_path / "h.sqlite"
    cli("history", "add", snapshots[1], snapshots[2], "--db", db)
    plain = json.loads(cli("check", snapshots[0], "--format", "json").out)
    assert plain["change"] is None and plain["trend"] is None  # never without --db
    data = json.loads(cli("check", snapshots[0], "--db", db, "--format", "json").out)
    expected = json.loads(cli("diff", snapshots[2], snapshots[0], "--format", "json").out)[0]
    assert data["change"]["old_as_of"] == "2024-12-31"
    assert data["change"]["newly_met"] == expected["newly_met"]
    assert [p["as_of"] for p in data["trend"]] == ["2023-12-31", "2024-12-31", "2025-12-31"]
    assert data["trend"][-1]["score"] == data["score"]
    table = cli("check", snapshots[0], "--db", db).out
    assert "2024-12-31" in table and expected["newly_met"][0] in table


def test_use_history_fills_missing_series_and_says_from_where(cli, tmp_path, snapshots):
    db = tmp_path / "h.sqlite"
    cli("history", "add", snapshots[2], "--db", db)  # 2024
    data = json.loads(snapshots[0].read_text("utf-8"))
    dropped = data["indicators"].pop("ip_advantage_demonstration_enterprises")
    assert dropped
    gap = tmp_path / "gap.json"
    gap.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    without = json.loads(cli("check", gap, "--db", db, "--format", "json").out)
    assert without["filled_from_history"] is None
    filled = json.loads(cli("check", gap, "--db", db, "--use-history", "--format", "json").out)
    assert filled["filled_from_history"] == [
        {
            "indicator": "ip_advantage_demonstration_enterprises",
            "file": str(snapshots[2]),
            "as_of": "2024-12-31",
        }
    ]
    target = next(
        t for t in filled["targets"] if t["indicator"] == "ip_advantage_demonstration_enterprises"
    )
    assert set(target["series"]) == {
        str(y) for y in snapshot(2024, 0)["indicators"]["ip_advantage_demonstration_enterprises"]
    }
    text = cli("check", gap, "--db", db, "--use-history").out
    assert "ip_advantage_demonstration_enterprises" in text and str(snapshots[2]) in text
    refused = cli("check", gap, "--use-history")
    assert refused.code == 2 and "--use-history 需要同时给出 --db" in refused.err


def test_html_report_with_history_renders_in_headless_chromium(cli, tmp_path, snapshots):
    from test_html import console_errors, run_chromium

    db = tmp_path / "h.sqlite"
    cli("history", "add", snapshots[1], snapshots[2], "--db", db)
    page = tmp_path / "r.html"
    cli("check", snapshots[0], "--db", db, "--format", "html", "-o", page)
    dom = run_chromium(page, tmp_path, "--dump-dom")
    assert dom.returncode == 0 and console_errors(dom.stderr) == []
    assert 'data-trend="score"' in dom.stdout and 'data-old-as-of="2024-12-31"' in dom.stdout


def test_html_report_draws_the_change_and_the_trend(cli, tmp_path, snapshots):
    db = tmp_path / "h.sqlite"
    cli("history", "add", snapshots[1], snapshots[2], "--db", db)
    page = tmp_path / "r.html"
    assert cli("check", snapshots[0], "--db", db, "--format", "html", "-o", page).code in (0, 1)
    html = page.read_text("utf-8")
    report = json.loads(cli("check", snapshots[0], "--db", db, "--format", "json").out)
    assert 'data-old-as-of="2024-12-31"' in html
    for target in report["change"]["newly_met"]:
        assert f'data-newly-met="{target}"' in html
    assert 'data-trend="score"' in html
    moving = [
        t["id"]
        for t in report["targets"]
        if t["kind"] != "milestone"
        and sum(p["actuals"].get(t["id"]) is not None for p in report["trend"]) >= 2
    ]
    assert moving
    for target in moving:
        assert f'data-trend="{target}"' in html
    assert html.count('class="goal-line"') >= len(moving) + 2  # a line per target, two grades
    plain = tmp_path / "plain.html"
    cli("check", snapshots[0], "--format", "html", "-o", plain)
    assert "data-trend=" not in plain.read_text("utf-8")


def test_a_locked_history_is_one_line_and_nothing_written(tmp_path):
    db = tmp_path / "h.sqlite"
    History(db).close()
    submission = read_submission(CASES / "nanjing-2024-midterm.json")
    report = ipscore.evaluate(PLAN, submission)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        with History(db, busy_seconds=0.05) as history:
            assert history.entries() == []  # readers are not blocked
            with pytest.raises(ipscore.InputError) as caught:
                history.add(submission, [report], "nj.json")
        assert caught.value.code == "E108" and "database is locked" in caught.value.message
    finally:
        other.execute("ROLLBACK")
        other.close()
    with History(db) as history:
        assert history.entries() == []
        assert history.add(submission, [report], "nj.json") is True
