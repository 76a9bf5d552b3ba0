"""The code's shape: public surfaces, one home per fact, tables that cover every status."""

from __future__ import annotations

import ast
import re
import types
from pathlib import Path

import pytest
from helpers import CASES

import ipscore
import ipscore.testing
from ipscore.lang import LANGS
from ipscore.plan import Dimension
from ipscore.render import Format, common, html, i18n, render
from ipscore.report import Grade, Report, Status

SRC = Path(ipscore.__file__).parent


def test_testing_exports_exactly_its_public_names():
    """As hypothesis.strategies: the package re-exports the public names of its private
    modules, and __all__ lists every one of them and nothing else."""
    public = {
        name
        for name, value in vars(ipscore.testing).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and name != "annotations"
    }
    assert sorted(ipscore.testing.__all__) == sorted(public)
    assert set(ipscore.testing.__all__) == {
        "Invalid",
        "evaluate_input",
        "invalid_submissions",
        "plans",
        "submissions",
    }


def test_no_module_imports_another_modules_private_name():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ipscore"):
                offenders += [
                    f"{path.relative_to(SRC)}: {node.module}.{alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_") and not alias.name.startswith("__")
                ]
    assert offenders == []


def test_every_status_has_a_symbol_a_label_a_place_and_a_colour():
    css = (SRC / "render" / "templates" / "style.css").read_text("utf-8")
    for status in Status:
        assert status.value in common.SYMBOL, status
        assert status.value in i18n.STATUS, status
        assert status.value in html.STATUS_ORDER, status
        assert re.search(rf"--{status.value}:", css), status
        assert f".pill.s-{status.value} " in css, status
    assert len(html.STATUS_ORDER) == len(set(html.STATUS_ORDER)) == len(Status)


def test_every_grade_and_dimension_has_its_words():
    assert set(i18n.GRADE) == {grade.value for grade in Grade}
    assert set(i18n.DIMENSION) == {dimension.value for dimension in Dimension}
    assert all(zh and en for zh, en in i18n.DIMENSION.values())


def test_tests_import_their_helpers_from_helpers_not_conftest():
    tests = Path(__file__).parent
    importing = [
        path.name
        for path in sorted(tests.glob("*.py"))
        if re.search(r"^\s*(from|import) conftest\b", path.read_text("utf-8"), re.M)
    ]
    assert importing == [], "import shared helpers from tests/helpers.py"


RENDER_MUST_NOT_IMPORT = {
    "ipscore.packs",
    "ipscore.evaluate",
    "ipscore.checks",
    "ipscore.submission",
}


def test_the_renderers_load_no_packs_and_no_catalogue():
    """A renderer needs only the Report: nothing under render/ reaches back up the flow."""
    found = []
    for path in sorted((SRC / "render").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            modules = []
            if isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            found += [f"{path.name}: {m}" for m in modules if m in RENDER_MUST_NOT_IMPORT]
        assert "load_catalogue" not in path.read_text("utf-8"), path.name
    assert found == []


@pytest.mark.parametrize("case", ["nanjing-2025-partial.json", "lianyungang-2016-partial.json"])
def test_every_format_renders_the_same_from_the_report_read_back_from_its_json(case):
    report = ipscore.evaluate(ipscore.read_submission(CASES / case).plans[0], CASES / case)
    again = Report.model_validate_json(report.model_dump_json())
    for fmt in Format:
        for lang in LANGS:
            assert render([again], fmt, lang) == render([report], fmt, lang), (fmt, lang)
