"""The command line's own surface: help, choices, defaults, version, usage errors, Ctrl-C."""

from __future__ import annotations

import argparse

import pytest

import ipscore
from ipscore import cli
from ipscore.choices import ExitCode


def _parsers(parser: argparse.ArgumentParser, name: str = "ipscore"):
    """The parser and every subcommand's parser, each with its command line name."""
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub, subparser in action.choices.items():
                yield from _parsers(subparser, f"{name} {sub}")


PARSERS = dict(_parsers(cli.build_parser()))


def test_every_subcommand_is_reached():
    assert {"ipscore check", "ipscore plans list", "ipscore plans show", "ipscore lint"} <= set(
        PARSERS
    )


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_help_lists_every_option_with_its_choices_and_default(name):
    parser = PARSERS[name]
    text = parser.format_help()
    for action in parser._actions:
        if not action.option_strings:
            continue
        assert action.help, f"{name} {action.option_strings[0]} has no help"
        assert action.option_strings[-1] in text
        if action.choices:
            assert "{" + ",".join(map(str, action.choices)) + "}" in text
        if action.default not in (None, False, [], argparse.SUPPRESS):
            assert f"(default: {action.default})" in " ".join(text.split())
    assert "``" not in text  # no reStructuredText markup in what a user reads
    _assert_exit_codes(name, text)


def _assert_exit_codes(name: str, text: str) -> None:
    """Only check (and the top-level help, which lists check) can exit 1 with gaps; the other
    commands list 0 as done, 2 and 130."""
    judges = name in ("ipscore", "ipscore check")
    for code in ExitCode:
        meaning = cli.DONE if code is ExitCode.OK and not judges else code.meaning
        listed = f"{code.value:<4} {meaning}" in text
        assert listed == (judges or code is not ExitCode.GAPS), (name, code)
    assert (ExitCode.GAPS.meaning in text) == judges


def test_choices_come_from_the_enums():
    check = PARSERS["ipscore check"]
    choices = {a.dest: a.choices for a in check._actions if a.choices}
    assert list(choices["model"]) == [m.value for m in ipscore.ScoreModel]
    assert list(choices["format"]) == ["table", "json", "markdown", "html"]
    assert list(choices["lang"]) == ["zh", "en"]


def test_version_prints_and_exits(capsys):
    with pytest.raises(SystemExit) as exit:
        cli.main(["--version"])
    assert exit.value.code == 0
    assert capsys.readouterr().out == f"ipscore {ipscore.__version__}\n"


@pytest.mark.parametrize("argv", [[], ["plans"], ["--debug"]])
def test_a_missing_subcommand_is_a_one_line_usage_error(capsys, argv):
    with pytest.raises(SystemExit) as exit:
        cli.main(argv)
    assert exit.value.code == ExitCode.INPUT
    err = capsys.readouterr().err
    assert err.startswith("ipscore: usage: the following arguments are required: COMMAND")
    assert len(err.splitlines()) == 1


def test_ctrl_c_exits_130_with_a_line_in_the_commands_language(monkeypatch, capsys):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr("ipscore.batch.run_check", interrupted)
    for lang, said in (("en", "interrupted"), ("zh", "已中断"), (None, "已中断")):
        assert cli.main(["check", "any.json", *(["--lang", lang] if lang else [])]) == 130
        assert capsys.readouterr().err == f"ipscore: {said}\n"


@pytest.mark.parametrize(
    ("argv", "see"),
    [
        (["check", "--lang", "en", "--fail-under"], " (see ipscore check -h)"),
        (["check", "--lang=en", "--no-such-option", "a.json"], " (see ipscore -h)"),
        (["check", "--lang", "zh", "--fail-under"], "（见 ipscore check -h）"),
        (["check", "--fail-under"], "（见 ipscore check -h）"),  # check's default is Chinese
        (["diff", "--lang", "en", "--format", "bogus", "a", "b"], " (see ipscore diff -h)"),
        (["history", "show", "--lang", "en"], " (see ipscore history show -h)"),
        (["history", "show", "--lang", "zh"], "（见 ipscore history show -h）"),
        (["lint", "--lang", "xx"], "（见 ipscore lint -h）"),  # no such language: the default
    ],
)
def test_usage_errors_follow_the_lang_on_the_command_line(capsys, argv, see):
    """argparse's own words stay English (docs/errors.md); ipscore's pointer to the help is in
    the --lang the command line gives, found before argparse has parsed it."""
    with pytest.raises(SystemExit) as exit:
        cli.main(argv)
    assert exit.value.code == ExitCode.INPUT
    err = capsys.readouterr().err
    assert err.startswith("ipscore: usage: ") and err.endswith(f"{see}\n"), err
    assert len(err.splitlines()) == 1
