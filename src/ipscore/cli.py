"""The ipscore command line: one small function adds each subcommand, one runs it.

Each problem is one line on stderr, naming the file and the place, in the command's ``--lang``;
``--debug`` adds the traceback of an internal error.
The exit codes are :class:`ipscore.choices.ExitCode`; ``ipscore -h`` lists them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeAlias, get_args

from ipscore.choices import ExitCode, Method, ScoreModel
from ipscore.lang import LANGS, Lang, say
from ipscore.render import Format
from ipscore.userdirs import DB_ENVIRONMENT

GAP_GROUPS = ("target", "owner")
DONE = "done"  # what exit code 0 means for a command that judges no plan
RULES_HELP = "extra rule pack file or directory (its indicators.yaml extends the catalogue)"


class _Parser(argparse.ArgumentParser):
    """argparse that keeps usage errors to one line and exit code 2; every parser made with it
    (subcommands too) shows option defaults and the exit codes in its help."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Help)
        kwargs.setdefault("epilog", _epilog())
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        """argparse's own message stays English; ipscore's words around it follow --lang."""
        see = say(_USAGE_LANG.get(), f" (see {self.prog} -h)", f"（见 {self.prog} -h）")
        sys.stderr.write(f"ipscore: usage: {message}{see}\n")
        raise SystemExit(ExitCode.INPUT)


# The --lang of the command line being parsed: argparse reports usage errors before it has
# parsed --lang, so main() finds it in argv first (argv_lang).
_USAGE_LANG: ContextVar[Lang] = ContextVar("usage_lang", default=LANGS[0])


def argv_lang(argv: Sequence[str]) -> Lang:
    """The language a command line asks for with ``--lang X`` or ``--lang=X`` (the last one,
    as argparse takes it); the default language when it names none or an unknown one."""
    lang: Lang = LANGS[0]
    for index, token in enumerate(argv):
        if token == "--":
            break
        name, equals, value = token.partition("=")
        if name != "--lang":
            continue
        if not equals:
            value = argv[index + 1] if index + 1 < len(argv) else ""
        for known in LANGS:
            if value == known:
                lang = known
    return lang


class _Help(argparse.RawDescriptionHelpFormatter):
    """Help that shows each option's default (when it has one) and keeps the epilog's lines."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        if action.option_strings and default not in (None, False, [], argparse.SUPPRESS):
            text += " (default: %(default)s)"
        return text


def _score(text: str) -> float:
    """A score bound for --fail-under: a number from 0 to 100 (not nan, not -inf)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 100:  # also false for nan
        raise argparse.ArgumentTypeError(f"{text} is not a score from 0 to 100")
    return value


def _epilog(judges: bool = False) -> str:
    """The exit codes a parser's help lists: every one for the commands that judge plans (the
    top-level parser and check); the others find no gaps, so no 1, and 0 means done."""
    codes = {code: code.meaning for code in ExitCode}
    if not judges:
        del codes[ExitCode.GAPS]
        codes[ExitCode.OK] = DONE
    lines = [f"  {code.value:<4} {meaning}" for code, meaning in codes.items()]
    return "exit codes:\n" + "\n".join(lines)


def _values(choices: Any) -> list[str]:
    return [str(choice) for choice in choices]


Commands: TypeAlias = "argparse._SubParsersAction[_Parser]"  # what add_subparsers() returns
Run = Callable[[argparse.Namespace], int]


def _subcommand(commands: Commands, name: str, help: str, run: Run) -> argparse.ArgumentParser:
    """Add one subcommand, run by ``run``; its help shows defaults and the exit codes."""
    parser: argparse.ArgumentParser = commands.add_parser(name, help=help, description=help)
    parser.set_defaults(run=run)
    return parser


# --- check --------------------------------------------------------------------------------------


def _add_check(commands: Commands) -> None:
    check = _subcommand(commands, "check", "evaluate submissions against their plans", _run_check)
    check.epilog = _epilog(judges=True)
    check.add_argument("data", nargs="+", help="JSON, xlsx or CSV submissions, or directories")
    check.add_argument("--plan", help="plan id or path of a rule pack (default: by the submission)")
    check.add_argument("--rules", action="append", default=[], help=RULES_HELP)
    check.add_argument(
        "--format", choices=_values(Format), default=Format.table.value, help="report format"
    )
    check.add_argument(
        "--lang", choices=LANGS, default=LANGS[0], help="language of the report and the messages"
    )
    check.add_argument(
        "--model",
        choices=_values(ScoreModel),
        default=ScoreModel.weighted.value,
        help="scoring model (docs/scoring.md)",
    )
    check.add_argument(
        "--projection",
        choices=get_args(Method),
        help="project every target with this method (default: each target's own, else none)",
    )
    check.add_argument(
        "--fail-under", type=_score, metavar="SCORE", help="exit 0 from this score (0–100)"
    )
    check.add_argument("--waivers", help="YAML or JSON waiver file")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument(
        "--by", choices=GAP_GROUPS, default=GAP_GROUPS[0], help="group the gap list by"
    )
    check.add_argument("-o", "--output", help="report file (one input) or directory (several)")
    check.add_argument(
        "--db", help="a history file: add the change since the last stored report and the trend"
    )
    check.add_argument(
        "--use-history", action="store_true", help="fill indicators missing from --db's history"
    )


def _run_check(args: argparse.Namespace) -> int:
    from ipscore.batch import run_check

    return run_check(args)


# --- history add|list|show|compare, diff (run by ipscore.history_cli) ---------------------------

HISTORY_FORMATS = ("table", "json")
DB_HELP = f"the history file (default: ${DB_ENVIRONMENT}, else the user's data directory)"


def _add_history(commands: Commands) -> None:
    history = commands.add_parser("history", help="store submissions and look back at them")
    history.set_defaults(run=_run_history)
    actions = history.add_subparsers(
        dest="history_command", metavar="COMMAND", required=True, parser_class=_Parser
    )
    add = actions.add_parser("add", help="check submissions and store them with their reports")
    add.add_argument("data", nargs="+", help="JSON, xlsx or CSV submissions, or directories")
    add.add_argument("--plan", help="plan id (default: by the submission)")
    add.add_argument("--rules", action="append", default=[], help="extra rule pack file or dir")
    add.add_argument("--db", help=DB_HELP)
    add.add_argument("--lang", choices=LANGS, default=LANGS[0], help="language of the messages")
    listing = actions.add_parser("list", help="list the stored submissions")
    listing.add_argument("--region", help="only this region")
    listing.add_argument("--db", help=DB_HELP)
    listing.add_argument(
        "--format", choices=HISTORY_FORMATS, default=HISTORY_FORMATS[0], help="output format"
    )
    show = actions.add_parser("show", help="one region's submissions in date order, with scores")
    show.add_argument("region", help="the region as stored, e.g. 南京市")
    show.add_argument("--db", help=DB_HELP)
    show.add_argument(
        "--format", choices=HISTORY_FORMATS, default=HISTORY_FORMATS[0], help="output format"
    )
    show.add_argument("--lang", choices=LANGS, default=LANGS[0], help="language")
    board = actions.add_parser("compare", help="compare regions: each one's latest submission")
    board.add_argument("--db", help=DB_HELP)
    board.add_argument("--lang", choices=LANGS, default=LANGS[0], help="language")
    board.add_argument("-o", "--output", help="FILE.csv|.xlsx|.html|.json, or a directory")


def _add_diff(commands: Commands) -> None:
    diff = commands.add_parser("diff", help="what changed between two submissions")
    diff.set_defaults(run=_run_diff, rules=[])
    diff.add_argument("files", nargs="*", metavar="OLD NEW", help="two submissions")
    diff.add_argument("--region", help="instead of files: the region's last two stored entries")
    diff.add_argument("--plan", help="plan id (default: by the submission)")
    diff.add_argument("--db", help=DB_HELP)
    diff.add_argument("--lang", choices=LANGS, default=LANGS[0], help="language")
    diff.add_argument(
        "--format", choices=HISTORY_FORMATS, default=HISTORY_FORMATS[0], help="output format"
    )


def _run_history(args: argparse.Namespace) -> int:
    from ipscore.history_cli import run_history

    return run_history(args)


def _run_diff(args: argparse.Namespace) -> int:
    from ipscore.history_cli import run_diff

    return run_diff(args)


# --- plans list | plans show --------------------------------------------------------------------


def _add_plans(commands: Commands) -> None:
    plans = commands.add_parser(
        "plans", help="list or show the bundled plans", description="list or show the bundled plans"
    )
    plan_commands = plans.add_subparsers(
        dest="plans_command", metavar="COMMAND", required=True, parser_class=_Parser
    )
    listing = _subcommand(plan_commands, "list", "list the bundled plans", _run_plans_list)
    listing.add_argument(
        "--format",
        choices=_values([Format.table, Format.json]),
        default=Format.table.value,
        help="output format",
    )
    listing.add_argument("--rules", action="append", default=[], help=RULES_HELP)
    show = _subcommand(plan_commands, "show", "show one plan's targets", _run_plans_show)
    show.add_argument("plan", help="plan id or path of a rule pack")
    show.add_argument("--rules", action="append", default=[], help=RULES_HELP)
    show.add_argument(
        "--format",
        choices=_values([Format.table, Format.json, Format.markdown]),
        default=Format.table.value,
        help="output format",
    )


def _run_plans_list(args: argparse.Namespace) -> int:
    from ipscore.packs import list_plans
    from ipscore.render.plans import plan_json, plans_table

    plans = list_plans(args.rules)
    if args.format == "json":
        data = [plan_json(plan, targets=False) for plan in plans]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(plans_table(plans))
    return ExitCode.OK


def _run_plans_show(args: argparse.Namespace) -> int:
    from ipscore.packs import load_plan, load_rules
    from ipscore.render.plans import plan_json, plan_markdown, plan_table

    extra = load_rules(args.rules)
    plan = extra[args.plan] if args.plan in extra else load_plan(args.plan)
    if args.format == "json":
        sys.stdout.write(json.dumps(plan_json(plan), ensure_ascii=False, indent=2) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(plan_markdown(plan))
    else:
        sys.stdout.write(plan_table(plan))
    return ExitCode.OK


# --- schema -------------------------------------------------------------------------------------


def _add_schema(commands: Commands) -> None:
    _subcommand(commands, "schema", "print the JSON Schema of a submission", _run_schema)


def _run_schema(args: argparse.Namespace) -> int:
    from ipscore.submission import submission_schema

    sys.stdout.write(json.dumps(submission_schema(), ensure_ascii=False, indent=2) + "\n")
    return ExitCode.OK


# --- lint ---------------------------------------------------------------------------------------


def _add_lint(commands: Commands) -> None:
    lint = _subcommand(commands, "lint", "check rule packs", _run_lint)
    lint.add_argument("paths", nargs="+", help="rule pack files or directories")
    lint.add_argument(
        "--lang", choices=LANGS, default=LANGS[0], help="language of the problem lines"
    )


def _run_lint(args: argparse.Namespace) -> int:
    from ipscore.lint import lint_paths

    problems = lint_paths([Path(p) for p in args.paths])
    for problem in problems:
        sys.stdout.write(problem.line(args.lang) + "\n")
    if problems:
        count = len(problems)
        summary = f"共 {count} 个问题" if args.lang == "zh" else f"{count} problem(s)"
        sys.stderr.write(f"ipscore lint: {summary}\n")
        return ExitCode.INPUT
    sys.stderr.write("ipscore lint: " + ("没有问题" if args.lang == "zh" else "no problems") + "\n")
    return ExitCode.OK


# --- draft --------------------------------------------------------------------------------------


def _add_draft(commands: Commands) -> None:
    draft = _subcommand(commands, "draft", "draft a rule pack from a plan's text", _run_draft)
    draft.add_argument("plan_text", metavar="PLAN", help="the plan as .txt (UTF-8) or .docx")
    draft.add_argument("-o", "--output", help="the pack to write (default: standard output)")


def _run_draft(args: argparse.Namespace) -> int:
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


# --- template -----------------------------------------------------------------------------------


def _add_template(commands: Commands) -> None:
    template = _subcommand(
        commands, "template", "write a fill-in workbook for a plan", _run_template
    )
    template.add_argument("plan", help="plan id or path of a rule pack")
    template.add_argument("-o", "--output", required=True, help="the .xlsx (or .csv) to write")
    template.add_argument(
        "--lang", choices=LANGS, default=LANGS[0], help="language of the headers and notes"
    )


def _run_template(args: argparse.Namespace) -> int:
    from ipscore.packs import load_plan
    from ipscore.sheets import write_template

    write_template(load_plan(args.plan), Path(args.output), args.lang)
    sys.stderr.write(f"ipscore: wrote {args.output}\n")
    return ExitCode.OK


# --- the program --------------------------------------------------------------------------------

SUBCOMMANDS = (
    _add_check,
    _add_history,
    _add_diff,
    _add_plans,
    _add_schema,
    _add_lint,
    _add_draft,
    _add_template,
)


def _version() -> str:
    from ipscore import __version__

    return f"ipscore {__version__}"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ipscore",
        description="Acceptance-readiness scores and gap lists for IP strong city/county plans.",
        epilog=_epilog(judges=True),
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    parser.add_argument("--version", action="version", version=_version())
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, parser_class=_Parser
    )
    for add in SUBCOMMANDS:
        add(commands)
    return parser


def _lang(args: argparse.Namespace) -> Lang:
    """The command's --lang; the default language for a command without one."""
    lang: Lang = getattr(args, "lang", LANGS[0])
    return lang


def main(argv: Sequence[str] | None = None) -> int:
    token = _USAGE_LANG.set(argv_lang(sys.argv[1:] if argv is None else argv))
    try:
        args = build_parser().parse_args(argv)  # -h and --version end here, before any model
    finally:
        _USAGE_LANG.reset(token)
    from ipscore.errors import InputError

    run: Run = args.run
    try:
        return run(args)
    except InputError as exc:  # in the command's --lang; Chinese where it has none
        sys.stderr.writelines(f"ipscore: {line}\n" for line in exc.lines(_lang(args)))
        return ExitCode.INPUT
    except KeyboardInterrupt:
        sys.stderr.write(f"ipscore: {say(_lang(args), 'interrupted', '已中断')}\n")
        return ExitCode.INTERRUPTED
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
    """The ``ipscore`` command. It loads no pydantic plugins unless the user's environment
    sets ``PYDANTIC_DISABLE_PLUGINS`` (even to nothing): looking for them scans every installed
    distribution's metadata (docs/performance.md, "Cold start"). A program that imports ipscore
    keeps its environment: only the command sets it."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    raise SystemExit(main())


if __name__ == "__main__":  # pragma: no cover
    entry()
