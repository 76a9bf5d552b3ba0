"""The Pythons ipscore claims to run on, and the engine build for Python 3.13 and later."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path

import durable_rules_engine
from helpers import ROOT
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
RUNNING = ".".join(map(str, sys.version_info[:3]))


def test_requires_python_admits_the_python_running_the_tests():
    assert RUNNING in SpecifierSet(PYPROJECT["project"]["requires-python"])


def test_every_admitted_minor_version_is_a_classifier():
    claimed = SpecifierSet(PYPROJECT["project"]["requires-python"])
    classifiers = set(PYPROJECT["project"]["classifiers"])
    for minor in range(11, 20):
        admitted = f"3.{minor}.0" in claimed
        assert admitted == (f"Programming Language :: Python :: 3.{minor}" in classifiers), minor


def test_durable_rules_comes_from_the_index_before_3_13_and_from_the_support_build_after():
    requirements = [Requirement(text) for text in PYPROJECT["project"]["dependencies"]]
    engines = [r for r in requirements if r.name == "durable-rules"]
    for python, expected in (("3.11", "==2.0.28"), ("3.12", "==2.0.28"), ("3.13", None)):
        chosen = [
            r for r in engines if r.marker is None or r.marker.evaluate({"python_version": python})
        ]
        assert len(chosen) == 1, python
        if expected:
            assert str(chosen[0].specifier) == expected and chosen[0].url is None
        else:
            assert chosen[0].url is not None and chosen[0].url.endswith("/support/durable-rules")


def test_the_support_build_pins_the_same_version_with_its_hash():
    spec = importlib.util.spec_from_file_location(
        "durable_rules_build", ROOT / "support" / "durable-rules" / "durable_rules_build.py"
    )
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert build.VERSION == "2.0.28" and len(build.SHA256) == 64
    assert build.DEFINE == "-DPyEval_CallObject=PyObject_CallObject"


def test_the_installed_engine_does_not_need_the_name_python_3_13_removed():
    """Importing it succeeded (this module did), and its binary does not ask for the name: on
    3.13 an extension that did would fail to import; before 3.13 it may still use it."""
    binary = Path(durable_rules_engine.__file__).read_bytes()
    if sys.version_info >= (3, 13):
        assert b"PyEval_CallObject\x00" not in binary
        assert b"PyObject_CallObject\x00" in binary
