"""Cold start (issue 16): a command imports only what it uses; the lazy public names still work.

Timings are benchmarks/bench.py's job (``--only cold``); these tests check what is imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import CASES, ROOT

# Modules a single ``ipscore check`` of a JSON file must not import (nor build their models).
NOT_FOR_ONE_CHECK = (
    "jinja2",
    "openpyxl",
    "yaml",  # the bundled plan and catalogue come from the cache of parsed rule files
    "sqlite3",
    "ipscore.api",
    "ipscore.compare",
    "ipscore.diff",
    "ipscore.draft",
    "ipscore.history",
    "ipscore.history_cli",
    "ipscore.lint",
    "ipscore.render.compare",
    "ipscore.render.dashboard",
    "ipscore.render.html",
    "ipscore.sheets",
    "ipscore.tracking",
)

_PROBE = """
import contextlib, io, json, sys
import ipscore
after_import = sorted(sys.modules)
from ipscore.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["check", sys.argv[1]])
print(json.dumps({"import": after_import, "check": sorted(sys.modules), "code": code}))
"""


def _modules(tmp_path) -> dict:
    """The modules a new process has loaded after ``import ipscore`` and after a check."""
    env = {**os.environ, "IPSCORE_CACHE_DIR": str(tmp_path / "cache")}
    case = str(CASES / "nanjing-2025-partial.json")
    warm_up = [sys.executable, "-m", "ipscore.cli", "check", case]  # fills the cache
    subprocess.run(warm_up, capture_output=True, check=False, cwd=ROOT, env=env)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, case],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    result: dict = json.loads(done.stdout)
    return result


def _loaded(modules: list[str], name: str) -> bool:
    return any(module == name or module.startswith(name + ".") for module in modules)


def test_import_ipscore_loads_no_model_and_check_loads_only_what_it_uses(tmp_path):
    modules = _modules(tmp_path)
    assert not _loaded(modules["import"], "pydantic")
    assert modules["code"] == 1  # the case has gaps: the check really ran
    assert [name for name in NOT_FOR_ONE_CHECK if _loaded(modules["check"], name)] == []


def test_public_functions_stay_functions_when_their_namesake_modules_are_imported():
    import ipscore.evaluate
    import ipscore.render.table  # noqa: F401 - imported for its side effect on ``ipscore``

    assert callable(ipscore.evaluate) and ipscore.evaluate.__module__ == "ipscore.evaluate"
    assert callable(ipscore.render) and ipscore.render.__module__ == "ipscore.api"
    assert sys.modules["ipscore.evaluate"] is not ipscore.evaluate


_PARSER_PROBE = """
import contextlib, io, json, sys
from ipscore.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        main(sys.argv[1:])
    except SystemExit as stop:
        code = stop.code
print(json.dumps({"out": out.getvalue(), "code": code, "modules": sorted(sys.modules)}))
"""


def test_version_and_help_build_no_models():
    for argv, expected in ((["--version"], "ipscore "), (["-h"], "exit codes:")):
        done = subprocess.run(
            [sys.executable, "-c", _PARSER_PROBE, *argv],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        result = json.loads(done.stdout)
        assert result["code"] == 0 and expected in result["out"]
        assert not _loaded(result["modules"], "pydantic"), argv


def _run_entry(monkeypatch, argv: list[str]) -> object:
    from ipscore.cli import entry

    monkeypatch.setattr(sys, "argv", ["ipscore", *argv])
    try:
        entry()
    except SystemExit as stop:
        return stop.code
    raise AssertionError("entry() returns only by SystemExit")


def test_the_command_turns_pydantic_plugins_off_unless_the_user_chose(monkeypatch, capsys):
    from ipscore.cli import main

    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    assert main(["plans", "list", "--format", "json"]) == 0
    assert "PYDANTIC_DISABLE_PLUGINS" not in os.environ  # main() is what programs call
    assert _run_entry(monkeypatch, ["--version"]) == 0
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__"
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "")  # the user's choice: plugins on
    assert _run_entry(monkeypatch, ["--version"]) == 0
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == ""
    capsys.readouterr()
