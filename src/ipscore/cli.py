"""The ``ipscore`` command line.

Exit codes: 0 no gaps (or the score reaches ``--fail-under``), 1 gaps, 2 bad input or usage.
Errors are one line on stderr, naming the file and the place; ``--debug`` adds the traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from ipscore.errors import ExitCode, InputError

RULES_HELP = "extra rule pack file or directory (its indicators.yaml extends the catalogue)"


class _Parser(argparse.ArgumentParser):
    """argparse that keeps usage errors to one line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"ipscore: usage: {message} (see ipscore {self.prog.split()[-1]} -h)\n")
        raise SystemExit(ExitCode.INPUT)


def _score(text: str) -> float:
    """A score bound for --fail-under: a number from 0 to 100 (not nan, not -inf)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 100:  # also false for nan
        raise argparse.ArgumentTypeError(f"{text} is not a score from 0 to 100")
    return value


def _add_check(commands: argparse._SubParsersAction[_Parser]) -> None:
    check = commands.add_parser("check", help="evaluate submissions against their plans")
    check.add_argument("data", nargs="+", help="JSON, xlsx or CSV submissions, or directories")
    check.add_argument("--plan", help="plan id or path of a rule pack (default: by the submission)")
    check.add_argument("--rules", action="append", default=[], help=RULES_HELP)
    check.add_argument("--format", choices=["table", "json", "markdown", "html"], default="table")
    check.add_argument("--lang", choices=["zh", "en"], default="zh")
    check.add_argument("--model", choices=["weighted", "flat", "absolute"], default="weighted")
    check.add_argument("--projection", choices=["cagr", "linear"], help="projection method")
    check.add_argument(
        "--fail-under", type=_score, metavar="SCORE", help="exit 0 from this score (0–100)"
    )
    check.add_argument("--waivers", help="YAML or JSON waiver file")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--by", choices=["target", "owner"], default="target", help="group gaps")
    check.add_argument("-o", "--output", help="report file (one input) or directory (several)")
    check.add_argument(
        "--db", help="a history file: add the change since the last stored report and the trend"
    )
    check.add_argument(
        "--use-history", action="store_true", help="fill indicators missing from --db's history"
    )


def _add_provincial(commands: argparse._SubParsersAction[_Parser]) -> None:
    """``history`` and ``diff`` (ipscore.history_cli), and check's history options."""
    from ipscore.history_cli import add_parsers

    add_parsers(commands)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ipscore", description=__doc__.splitlines()[0])
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.add_argument("--version", action="store_true", help="print the version")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    _add_check(commands)
    _add_provincial(commands)

    plans = commands.add_parser("plans", help="list or show the bundled plans")
    plan_commands = plans.add_subparsers(dest="plans_command", parser_class=_Parser)
    listing = plan_commands.add_parser("list", help="list the bundled plans")
    listing.add_argument("--format", choices=["table", "json"], default="table")
    listing.add_argument("--rules", action="append", default=[], help=RULES_HELP)
    show = plan_commands.add_parser("show", help="show one plan's targets")
    show.add_argument("plan", help="plan id or path of a rule pack")
    show.add_argument("--rules", action="append", default=[], help=RULES_HELP)
    show.add_argument("--format", choices=["table", "json", "markdown"], default="table")

    commands.add_parser("schema", help="print the JSON Schema of a submission")

    lint = commands.add_parser("lint", help="check rule packs")
    lint.add_argument("paths", nargs="+", help="rule pack files or directories")

    draft = commands.add_parser("draft", help="draft a rule pack from a plan's text")
    draft.add_argument("plan_text", metavar="PLAN", help="the plan as .txt (UTF-8) or .docx")
    draft.add_argument("-o", "--output", help="the pack to write (default: standard output)")

    template = commands.add_parser("template", help="write a fill-in workbook for a plan")
    template.add_argument("plan", help="plan id or path of a rule pack")
    template.add_argument("-o", "--output", required=True, help="the .xlsx (or .csv) to write")
    return parser


def _cmd_plans(args: argparse.Namespace) -> int:
    from ipscore.packs import list_plans, load_plan, load_rules
    from ipscore.render.plans import plan_json, plan_markdown, plan_table, plans_table

    if args.plans_command == "list":
        plans = list_plans(args.rules)
        if args.format == "json":
            data = [plan_json(plan, targets=False) for plan in plans]
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        else:
            sys.stdout.write(plans_table(plans))
        return ExitCode.OK
    if args.plans_command == "show":
        extra = load_rules(args.rules)
        plan = extra[args.plan] if args.plan in extra else load_plan(args.plan)
        if args.format == "json":
            sys.stdout.write(json.dumps(plan_json(plan), ensure_ascii=False, indent=2) + "\n")
        elif args.format == "markdown":
            sys.stdout.write(plan_markdown(plan))
        else:
            sys.stdout.write(plan_table(plan))
        return ExitCode.OK
    sys.stderr.write("ipscore: usage: plans list | plans show ID\n")
    return ExitCode.INPUT


def _cmd_schema(args: argparse.Namespace) -> int:
    from ipscore.submission import submission_schema

    sys.stdout.write(json.dumps(submission_schema(), ensure_ascii=False, indent=2) + "\n")
    return ExitCode.OK


def _cmd_lint(args: argparse.Namespace) -> int:
    from ipscore.lint import lint_paths

    problems = lint_paths([Path(p) for p in args.paths])
    for problem in problems:
        sys.stdout.write(problem.line() + "\n")
    if problems:
        sys.stderr.write(f"ipscore lint: {len(problems)} problem(s)\n")
        return ExitCode.INPUT
    sys.stderr.write("ipscore lint: no problems\n")
    return ExitCode.OK


def _cmd_template(args: argparse.Namespace) -> int:
    from ipscore.packs import load_plan
    from ipscore.sheets import write_template

    write_template(load_plan(args.plan), Path(args.output))
    sys.stderr.write(f"ipscore: wrote {args.output}\n")
    return ExitCode.OK


def _cmd_draft(args: argparse.Namespace) -> int:
    from ipscore.draft import draft_file
    from ipscore.output import write_text_whole
    from ipscore.packs import load_catalogue

    pack = draft_file(Path(args.plan_text), load_catalogue())
    todos = pack.count("TODO:")
    if args.output:
        write_text_whole(Path(args.output), pack)
        sys.stderr.write(f"ipscore: wrote {args.output} ({todos} TODO notes to resolve)\n")
    else:
        sys.stdout.write(pack)
        sys.stderr.write(f"ipscore draft: {todos} TODO notes to resolve\n")
    return ExitCode.OK


def _cmd_check(args: argparse.Namespace) -> int:
    from ipscore.batch import run_check

    return run_check(args)


def _cmd_history(args: argparse.Namespace) -> int:
    from ipscore.history_cli import run_history

    return run_history(args)


def _cmd_diff(args: argparse.Namespace) -> int:
    from ipscore.history_cli import run_diff

    return run_diff(args)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": _cmd_check,
    "history": _cmd_history,
    "diff": _cmd_diff,
    "plans": _cmd_plans,
    "schema": _cmd_schema,
    "lint": _cmd_lint,
    "template": _cmd_template,
    "draft": _cmd_draft,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        from ipscore import __version__

        sys.stdout.write(f"ipscore {__version__}\n")
        return ExitCode.OK
    if args.command is None:
        parser.print_help(sys.stderr)
        return ExitCode.INPUT
    try:
        return COMMANDS[args.command](args)
    except InputError as exc:
        sys.stderr.write(f"ipscore: {exc.line()}\n")
        return ExitCode.INPUT
    except KeyboardInterrupt:
        sys.stderr.write("ipscore: interrupted\n")
        return ExitCode.INPUT
    except Exception as exc:  # a bug: one line unless --debug
        if args.debug:
            traceback.print_exc()
        else:
            first = (str(exc).splitlines() or [""])[0]  # one line, even for a long message
            sys.stderr.write(
                f"ipscore: internal error: {type(exc).__name__}: {first} (run with --debug)\n"
            )
        return ExitCode.INPUT


def entry() -> None:
    raise SystemExit(main())


if __name__ == "__main__":  # pragma: no cover
    entry()
