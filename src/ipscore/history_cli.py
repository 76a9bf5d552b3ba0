"""``ipscore history add|list|show|compare`` and ``ipscore diff``: the provincial view.

Kept apart from cli.py, which only defines these subcommands' options (docs/history.md): a
``check`` never imports this module, nor the history, comparison and dashboard modules it needs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ipscore.batch import (
    CheckOptions,
    check_file,
    make_directory,
    no_submissions,
    output_is_directory,
    write_comparison,
    write_comparison_directory,
)
from ipscore.choices import ExitCode
from ipscore.choosing import expand_inputs
from ipscore.compare import Comparison, Source, compare
from ipscore.diff import diff_reports, trend_point
from ipscore.history import History
from ipscore.lang import Lang, say
from ipscore.packs import load_rules
from ipscore.render.change import render_change
from ipscore.render.common import number
from ipscore.render.compare import LEAGUE_COLUMNS, render_summary_table
from ipscore.report import Report, TrendPoint


def run_history(args: argparse.Namespace) -> int:
    command = args.history_command
    with History(args.db) as history:
        if command == "add":
            return _add(history, args)
        if command == "list":
            return _list(history, args.region, args.format)
        if command == "show":
            return _show(history, args.region, args.format, args.lang)
        return _compare(history, args)


def _add(history: History, args: argparse.Namespace) -> int:
    """Each file checked and stored in its own transaction; a bad file is reported and skipped."""
    extra = load_rules(args.rules)
    files = expand_inputs(args.data)
    if not files:
        raise no_submissions(args.data)
    worst = ExitCode.OK
    for path in files:
        result = check_file(path, CheckOptions(plan=args.plan), extra, None)
        if result.error is not None or result.submission is None:
            lines = result.error.lines(args.lang) if result.error else [str(path)]
            sys.stderr.writelines(f"ipscore: {line}\n" for line in lines)
            worst = ExitCode.INPUT
            continue
        added = history.add(result.submission, result.reports, str(path))
        what = "added" if added else "already stored"
        submission = result.submission
        sys.stdout.write(f"{what}: {path} ({submission.region}, {submission.as_of})\n")
    sys.stderr.write(f"ipscore: {say(args.lang, 'history in', '历史记录库：')} {history.path}\n")
    return worst


def _list(history: History, region: str | None, fmt: str) -> int:
    entries = history.entries(region)
    if fmt == "json":
        data = [entry.model_dump(mode="json") for entry in entries]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return ExitCode.OK
    from tabulate import tabulate

    rows = [
        [
            e.id,
            e.region,
            e.as_of,
            ", ".join(f"{p} {number(s)}" for p, s in e.scores.items()),
            e.file,
            e.added,
        ]
        for e in entries
    ]
    headers = ["id", "region", "as_of", "scores", "file", "added"]
    sys.stdout.write(tabulate(rows, headers=headers, disable_numparse=True) + "\n")
    return ExitCode.OK


def _show(history: History, region: str, fmt: str, lang: Lang) -> int:
    stored = history.reports(region)
    if not stored:
        regions = sorted(history.regions())
        known, known_zh = ", ".join(regions) or "none", "、".join(regions) or "无"
        sys.stderr.write(
            "ipscore: "
            + say(
                lang,
                f"no stored submissions for {region!r} (regions: {known})",
                f"没有“{region}”的已存提交（已有地区：{known_zh}）",
            )
            + "\n"
        )
        return ExitCode.INPUT
    if fmt == "json":
        data = [
            {
                "id": entry.id,
                "as_of": entry.as_of.isoformat(),
                "file": entry.file,
                "plan": report.plan.id,
                "score": report.score,
                "projected_score": report.projected_score,
                "grade": report.grade.value,
                "met": sum(d.met for d in report.dimensions),
                "total": sum(d.total for d in report.dimensions),
            }
            for entry, report in stored
        ]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return ExitCode.OK
    comparison = compare(Source(entry.file, [(report, None)]) for entry, report in stored)
    ordered = comparison.model_copy(
        update={"entries": sorted(comparison.entries, key=lambda e: (e.as_of, e.plan or ""))}
    )
    in_date_order = ("as_of", *(c for c in LEAGUE_COLUMNS if c not in ("rank", "as_of", "error")))
    sys.stdout.write(render_summary_table(ordered, lang, in_date_order))
    return ExitCode.OK


def latest_comparison(history: History) -> Comparison:
    """Each region's latest stored report per plan, as a comparison."""
    sources = []
    points: dict[tuple[str, str], list[TrendPoint]] = {}
    for region in sorted(history.regions()):
        latest: dict[str, tuple[str, Report]] = {}
        for entry, report in history.reports(region):
            latest[report.plan.id] = (entry.file, report)  # oldest first: the last one wins
            points.setdefault((region, report.plan.id), []).append(trend_point(report, entry.file))
        sources += [Source(file, [(report, None)]) for file, report in latest.values()]
    return compare(sources, history=points)


def _compare(history: History, args: argparse.Namespace) -> int:
    comparison = latest_comparison(history)
    if args.output is None:
        sys.stdout.write(render_summary_table(comparison, args.lang))
    elif output_is_directory(args.output):
        directory = Path(args.output)
        make_directory(directory)
        write_comparison_directory(comparison, directory, args.lang)
    else:
        write_comparison(comparison, Path(args.output), args.lang)
    return ExitCode.OK


def run_diff(args: argparse.Namespace) -> int:
    """Two files, or the region's last two stored entries, on each plan they share."""
    if args.region and not args.files:
        with History(args.db) as history:
            stored = history.reports(args.region, args.plan)
            pairs = _last_two(stored)
        if not pairs:
            on, on_zh = (f" on {args.plan}", f"在方案 {args.plan} 上") if args.plan else ("", "")
            sys.stderr.write(
                "ipscore: diff: "
                + say(
                    args.lang,
                    f"fewer than two stored submissions for {args.region!r}{on}",
                    f"“{args.region}”{on_zh}的已存提交不足两份",
                )
                + "\n"
            )
            return ExitCode.INPUT
    elif len(args.files) == 2 and not args.region:
        old, new = (_reports(Path(file), args) for file in args.files)
        pairs = [
            (args.files[0], before, after)
            for before in old
            for after in new
            if before.plan.id == after.plan.id
        ]
        if not pairs:
            shared = say(args.lang, "the two submissions share no plan", "两份提交没有共同的方案")
            sys.stderr.write(f"ipscore: diff: {shared}\n")
            return ExitCode.INPUT
    else:
        sys.stderr.write(
            "ipscore: usage: "
            + say(
                args.lang,
                "diff OLD NEW, or diff --region R (see ipscore diff -h)",
                "diff OLD NEW，或 diff --region R（见 ipscore diff -h）",
            )
            + "\n"
        )
        return ExitCode.INPUT
    changes = [diff_reports(before, after, old_file=file) for file, before, after in pairs]
    if args.format == "json":
        data = [
            {"plan": after.plan.id, "region": after.region, "new_as_of": after.as_of.isoformat()}
            | change.model_dump(mode="json")
            for (_, _, after), change in zip(pairs, changes, strict=True)
        ]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        for (_, _, after), change in zip(pairs, changes, strict=True):
            sys.stdout.write(f"{after.region} · {after.plan.id} · {after.as_of}\n")
            sys.stdout.write(render_change(change, args.lang) + "\n")
    return ExitCode.OK


def _reports(path: Path, args: argparse.Namespace) -> list[Report]:
    result = check_file(path, CheckOptions(plan=args.plan), load_rules(args.rules), None)
    if result.error is not None:
        raise result.error
    return result.reports


def _last_two(stored: list[tuple[Any, Report]]) -> list[tuple[str, Report, Report]]:
    by_plan: dict[str, list[tuple[Any, Report]]] = {}
    for entry, report in stored:
        by_plan.setdefault(report.plan.id, []).append((entry, report))
    return [
        (items[-2][0].file, items[-2][1], items[-1][1])
        for items in by_plan.values()
        if len(items) >= 2
    ]
