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
    for code in ExitCode:
        assert f"{code.value:<4} {code.meaning}" in text


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


def test_ctrl_c_exits_130(monkeypatch, capsys):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr("ipscore.batch.run_check", interrupted)
    assert cli.main(["check", "any.json"]) == 130
    assert capsys.readouterr().err == "ipscore: interrupted\n"
