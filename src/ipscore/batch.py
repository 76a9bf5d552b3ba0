"""``ipscore check``: read submissions, choose plans, evaluate, render, write; many at once.

One bad file is reported and skipped; the others still run; the exit code is the worst.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipscore.choices import ExitCode, Method, ScoreModel
from ipscore.choosing import choose_plans, expand_inputs
from ipscore.errors import InputError, os_reason, place_order
from ipscore.evaluate import evaluate
from ipscore.io import Source as InputSource
from ipscore.io import read_submission
from ipscore.lang import Lang, say
from ipscore.output import write_text_whole, write_whole
from ipscore.packs import load_rules
from ipscore.plan import Plan
from ipscore.render import Format, render
from ipscore.report import FilledSeries, Report
from ipscore.submission import Submission
from ipscore.waivers import Waiver, read_waivers

# The comparison, its renderers (the dashboard needs Jinja2, the workbook openpyxl) and the
# history (SQLite) are imported where they are used: checking one file never needs them.
if TYPE_CHECKING:
    from ipscore.compare import Comparison
    from ipscore.history import History

MAX_STEM_BYTES = 120  # of an input's name in a report's name (a file name holds 255 bytes)
SUMMARY_SUFFIXES = (".csv", ".xlsx", ".html", ".json")
# What a batch writes beside the reports in -o DIR: three whole files, then one CSV per table.
COMPARISON_FILES = (
    "index.html",
    "summary.xlsx",
    "summary.json",
    "summary.csv",
    "matrix.csv",
    "dimensions.csv",
    "trends.csv",
)


@dataclass
class Result:
    """What one input file produced: reports, or the error that stopped it."""

    file: str
    reports: list[Report] = field(default_factory=list)
    error: InputError | None = None
    submission: Submission | None = None


@dataclass(frozen=True)
class CheckOptions:
    """How ``ipscore check`` (and ``history add``, ``diff``) evaluates each file: typed, built
    once from the command line, so nothing below the CLI reads an argparse namespace."""

    plan: str | None = None  # --plan: an id or a pack path; None: the submission's own plans
    model: ScoreModel | str = ScoreModel.weighted
    projection: Method | None = None
    strict: bool = False  # --strict: a warning stops the file
    use_history: bool = False  # --use-history: series the file lacks come from the history

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> CheckOptions:
        return cls(
            plan=args.plan,
            model=args.model,
            projection=args.projection,
            strict=args.strict,
            use_history=getattr(args, "use_history", False),
        )


def check_file(
    path: Path,
    options: CheckOptions,
    extra: dict[str, Plan],
    waivers: list[Waiver] | None,
    history: History | None = None,
) -> Result:
    """Read one file and evaluate it against its plans; with a history, each report gets the
    change since the region's previous stored report and its trend (and, with
    ``options.use_history``, series the file lacks are taken from earlier submissions)."""
    file = str(path)
    result = Result(file)
    try:
        submission = read_submission(path)
        result.submission = submission
        filled: list[FilledSeries] = []
        if history is not None and options.use_history:
            from ipscore.tracking import fill_missing

            submission, filled = fill_missing(history, submission)
        for plan in choose_plans(submission, options.plan, extra, file):
            report = evaluate(
                plan,
                submission,
                model=options.model,
                projection=options.projection,
                waivers=waivers,
            )
            if options.strict:
                fail_on_warnings(report, submission.source)
            if history is not None:
                from ipscore.tracking import with_history

                report = with_history(report, history, result.submission, filled)
            result.reports.append(report)
    except InputError as exc:
        result.reports = []
        result.error = exc.located(file)
    return result


def fail_on_warnings(report: Report, source: InputSource) -> None:
    """``--strict``: every warning of the report (notices aside) as one error, in place order,
    each located in ``source`` (a cell for a workbook)."""
    warnings = [w for w in report.warnings if w.level == "warning"]
    if warnings:
        ordered = sorted(warnings, key=lambda w: (place_order(w.file, w.path), w.code))
        raise InputError.of([source.locate(w.as_error()) for w in ordered])


class Progress:
    """A one-line progress bar on a terminal's stderr; silent when stderr is not a terminal."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.enabled = total > 1 and sys.stderr.isatty()

    def step(self, done: int, label: str) -> None:
        if not self.enabled:
            return
        width = 30
        filled = width * done // self.total
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r[{bar}] {done}/{self.total} {label[:40]:<40}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * 80 + "\r")


def _exit_code(result: Result, fail_under: float | None) -> int:
    if result.error is not None:
        return ExitCode.INPUT
    return max((report.exit_code(fail_under) for report in result.reports), default=ExitCode.OK)


def comparison_of(results: list[Result], names: dict[int, str] | None = None) -> Comparison:
    """The league table, matrix and dimensions of a batch (failed files included); ``names``
    maps id(report) to the file its report was written to."""
    from ipscore.compare import Source, compare

    names = names or {}
    sources = [
        Source(result.file, [(r, names.get(id(r))) for r in result.reports], result.error)
        for result in results
    ]
    return compare(sources)


def summary_table(results: list[Result], lang: Lang) -> str:
    """The batch summary for the terminal: the league table, sorted, failed files last."""
    from ipscore.render.compare import render_summary_table

    return render_summary_table(comparison_of(results), lang)


def _short(stem: str) -> str:
    """A file stem cut to MAX_STEM_BYTES of UTF-8, so that a report's name stays a valid name."""
    return stem.encode("utf-8")[:MAX_STEM_BYTES].decode("utf-8", "ignore") or "report"


def report_names(results: list[Result], suffix: str) -> list[tuple[Result, Report, str]]:
    """Each report's file name, ``STEM.PLAN.ext``; two inputs with one stem never share one.

    The second ``x`` (``a/x.json`` and ``b/x.json``, or ``x.json`` and ``x.xlsx``) becomes
    ``x-2.PLAN.ext``, and so on, in input order.
    """
    taken: set[str] = set()
    named = []
    for result in results:
        stem = _short(Path(result.file).stem)
        for report in result.reports:
            name, number = f"{stem}.{report.plan.id}{suffix}", 1
            while name.casefold() in taken:
                number += 1
                name = f"{stem}-{number}.{report.plan.id}{suffix}"
            taken.add(name.casefold())
            named.append((result, report, name))
    return named


def _write_reports(
    results: list[Result], args: argparse.Namespace, directory: Path
) -> dict[int, str]:
    """One report file per submission and plan; returns id(report) → its file name."""
    make_directory(directory)
    names: dict[int, str] = {}
    inputs = {Path(result.file).resolve() for result in results}
    for result, report, name in report_names(results, Format(args.format).suffix):
        target = directory / name
        if target.resolve() in inputs:
            raise InputError(
                "E108", "would overwrite an input file", "会覆盖输入文件，未写入", file=str(target)
            )
        plain = f"{Path(result.file).stem}.{report.plan.id}{Format(args.format).suffix}"
        if name != plain:  # never a silent rename
            renamed = say(args.lang, f"report written as {target}", f"报告改名写为 {target}")
            sys.stderr.write(f"ipscore: {result.file}: {renamed}\n")
        text = render([report], args.format, args.lang, args.by == "owner")
        write_text_whole(target, text)
        names[id(report)] = name
    return names


def make_directory(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason, reason_zh = os_reason(exc)
        raise InputError(
            "E108", f"cannot create: {reason}", f"无法创建：{reason_zh}", file=str(directory)
        ) from None


def write_comparison(comparison: Comparison, target: Path, lang: Lang) -> None:
    """The comparison in the format its suffix names (.csv: the league table)."""
    from ipscore.render.compare import comparison_workbook, render_comparison_json, render_csv
    from ipscore.render.dashboard import render_dashboard

    suffix = target.suffix.lower()
    if suffix == ".xlsx":
        write_whole(target, comparison_workbook(comparison).save)
    elif suffix == ".csv":  # the BOM lets Excel read the Chinese
        write_text_whole(target, render_csv(comparison, "league"), encoding="utf-8-sig")
    elif suffix == ".json":
        write_text_whole(target, render_comparison_json(comparison))
    else:
        write_text_whole(target, render_dashboard(comparison, lang))


def write_comparison_directory(comparison: Comparison, directory: Path, lang: Lang) -> None:
    """index.html, summary.xlsx, summary.json and one CSV per table, in ``directory``."""
    from ipscore.render.compare import TABLES, render_csv

    for name in COMPARISON_FILES[:3]:
        write_comparison(comparison, directory / name, lang)
    for table, name in zip(TABLES, COMPARISON_FILES[3:], strict=True):
        text = render_csv(comparison, table)
        write_text_whole(directory / name, text, encoding="utf-8-sig")


def output_is_directory(output: str) -> bool:
    """-o names a directory when it is one, ends with a slash, or has no suffix."""
    return Path(output).is_dir() or output.endswith(("/", os.sep)) or not Path(output).suffix


def batch_json(results: list[Result]) -> str:
    """Every input as an entry with its ``file``: the full report, or the error that stopped it."""
    items: list[dict[str, Any]] = []
    for result in results:
        if result.error is not None:
            error = result.error
            items.append(
                {
                    "file": result.file,
                    "error": {
                        "code": error.code,
                        "message": error.message,
                        "message_zh": error.message_zh,
                        "file": error.file,
                        "path": error.path,
                        "line": error.line(),
                        "line_zh": error.line("zh"),
                    },
                }
            )
        for report in result.reports:
            items.append({"file": result.file, **json.loads(report.model_dump_json())})
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _write_text(text: str, output: str | None, inputs: list[Path]) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    target = Path(output)
    refuse_input(target, inputs)
    write_text_whole(target, text)


def refuse_input(target: Path, inputs: list[Path]) -> None:
    """E108 before anything is written when an output would replace an input file."""
    if target.resolve() in {path.resolve() for path in inputs}:
        raise InputError(
            "E108", "would overwrite the input file", "会覆盖输入文件，未写入", file=str(target)
        )


def no_submissions(inputs: list[str]) -> InputError:
    """E100 when the paths given hold no submission file."""
    return InputError(
        "E100",
        "no submissions found in " + ", ".join(inputs),
        "在 " + "、".join(inputs) + " 中没有找到提交的数据文件",
    )


def run_check(args: argparse.Namespace) -> int:
    extra = load_rules(args.rules)
    waivers = read_waivers(args.waivers) if args.waivers else None
    skipped: list[Path] = []
    files = expand_inputs(args.data, skipped)
    if skipped:
        count = len(skipped)
        sys.stderr.write(
            "ipscore: "
            + say(
                args.lang,
                f"skipped {count} expected-output file(s) (*.expected.json)",
                f"已跳过 {count} 个预期输出文件（*.expected.json）",
            )
            + "\n"
        )
    if not files:
        raise no_submissions(args.data)
    output = args.output
    batch = len(files) > 1 or (output is not None and output_is_directory(output))
    wrong_suffix = output and Path(output).suffix.lower() not in SUMMARY_SUFFIXES
    if batch and wrong_suffix and not output_is_directory(output):
        kinds = ", ".join(SUMMARY_SUFFIXES)
        sys.stderr.write(
            f"ipscore: usage: -o {output}: "
            + say(
                args.lang,
                f"several submissions write a summary ({kinds}) or a directory",
                f"多个提交文件只能写入汇总表（{kinds}）或文件夹",
            )
            + say(args.lang, " (see ipscore check -h)\n", "（见 ipscore check -h）\n")
        )
        return ExitCode.INPUT
    if getattr(args, "use_history", False) and not getattr(args, "db", None):
        sys.stderr.write(
            "ipscore: usage: "
            + say(
                args.lang,
                "--use-history needs --db PATH (see ipscore check -h)",
                "--use-history 需要同时给出 --db PATH（见 ipscore check -h）",
            )
            + "\n"
        )
        return ExitCode.INPUT
    history = None
    if getattr(args, "db", None):
        from ipscore.history import History

        history = History(args.db)
    progress = Progress(len(files))
    options = CheckOptions.from_args(args)
    results = []
    try:
        for done, path in enumerate(files, start=1):
            progress.step(done - 1, path.name)
            results.append(check_file(path, options, extra, waivers, history))
            progress.step(done, path.name)
    finally:
        progress.close()
        if history is not None:
            history.close()

    worst = max(_exit_code(result, args.fail_under) for result in results)
    for result in results:
        if result.error is not None:
            sys.stderr.writelines(f"ipscore: {line}\n" for line in result.error.lines(args.lang))
    if not batch:
        if results[0].error is not None:
            return ExitCode.INPUT
        reports = results[0].reports
        _write_text(render(reports, args.format, args.lang, args.by == "owner"), output, files)
        return worst
    for result in results:
        for report in result.reports:
            for warning in report.warnings:
                sys.stderr.write(f"ipscore: {warning.line(args.lang)}\n")
    if output is None:
        if args.format == "json":
            _write_text(batch_json(results), None, files)
        else:
            sys.stdout.write(summary_table(results, args.lang))
        return worst
    if output_is_directory(output):
        directory = Path(output)
        for name in COMPARISON_FILES:
            refuse_input(directory / name, files)
        names = _write_reports(results, args, directory)
        write_comparison_directory(comparison_of(results, names), directory, args.lang)
    else:
        refuse_input(Path(output), files)
        write_comparison(comparison_of(results), Path(output), args.lang)
    sys.stdout.write(summary_table(results, args.lang))
    return worst
