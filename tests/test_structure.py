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
from ipscore.choices import ScoreModel
from ipscore.lang import LANGS
from ipscore.plan import Comparator, Dimension, Kind, Measure, PlanLevel, PlanStatus, ProgressBand
from ipscore.render import Format, common, compare, html, i18n, render
from ipscore.report import UNJUDGED, Grade, Report, Status
from ipscore.scoring import UNSCORED

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


def _keyed_by(table: object, enum: type) -> list[object]:
    """The table's keys, each one a member of ``enum`` (a StrEnum member equals its value, so a
    table keyed by plain strings would pass a set comparison: check the type too)."""
    keys = list(table)  # type: ignore[call-overload]
    assert all(type(key) is enum for key in keys), (enum, keys)
    return keys


def _has_words(table: dict, enum: type, members: object = None) -> None:
    """Every member of ``enum`` (or of ``members``, a subset of it) has a (Chinese, English) pair
    in ``table``, both non-empty."""
    assert sorted(_keyed_by(table, enum)) == sorted(enum if members is None else members), enum
    for member, (zh, en) in table.items():
        assert zh.strip() and en.strip(), member
        assert zh != en, member  # a Chinese word, not the English one copied


def test_every_status_has_a_symbol_a_label_a_place_and_a_colour():
    css = (SRC / "render" / "templates" / "style.css").read_text("utf-8")
    _has_words(i18n.STATUS, Status)
    assert sorted(_keyed_by(common.SYMBOL, Status)) == sorted(Status)
    assert sorted(_keyed_by(compare.STATUS_FILL, Status)) == sorted(Status)
    assert sorted(_keyed_by(html.STATUS_ORDER, Status)) == sorted(Status)
    assert len(set(common.SYMBOL.values())) == len(Status), "two statuses share a symbol"
    for status in Status:
        assert re.search(rf"--{status.value}:", css), status
        assert f".pill.s-{status.value} " in css, status
    assert len(html.STATUS_ORDER) == len(set(html.STATUS_ORDER)) == len(Status)


def test_every_grade_dimension_band_plan_status_and_level_has_its_words():
    _has_words(i18n.GRADE, Grade)
    _has_words(i18n.DIMENSION, Dimension)
    _has_words(i18n.BAND, ProgressBand)
    _has_words(i18n.KIND, Kind)
    _has_words(i18n.PLAN_STATUS, PlanStatus)
    _has_words(i18n.REPORT_TITLE, PlanLevel)


def test_every_model_comparator_and_unscored_or_unjudged_status_has_its_words():
    _has_words(i18n.MODEL, ScoreModel)
    _has_words(i18n.LEFT_OUT, Status, UNSCORED)
    _has_words(i18n.MISSING, Status, UNJUDGED)
    assert sorted(_keyed_by(common.NEED, Comparator)) == sorted(Comparator)
    for key in common.NEED.values():
        assert all(i18n.word(key, lang) for lang in LANGS), key


# word("…") in the renderers' code and templates: a literal key, then "," or ")".
WORD_CALL = re.compile(r"""\bword\(\s*["']([a-z_]+)["']\s*[,)]""")


def test_every_word_a_renderer_asks_for_by_name_exists():
    """``word`` raises KeyError for an unknown key (it never prints the key): every key a
    renderer writes out is in the table, whether or not a test happens to render that line."""
    render_dir = SRC / "render"
    files = [*render_dir.glob("*.py"), *(render_dir / "templates").glob("*.j2")]
    keys = {key for path in files for key in WORD_CALL.findall(path.read_text("utf-8"))}
    assert len(keys) > 50  # the pattern finds the calls
    missing = [key for key in sorted(keys) if not _known_word(key)]
    assert missing == []
    with pytest.raises(KeyError):
        i18n.word("no_such_word", "en")


def _known_word(key: str) -> bool:
    try:
        return all(i18n.word(key, lang) for lang in LANGS)
    except KeyError:
        return False


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


@pytest.mark.parametrize(
    "case",
    ["nanjing-2025-partial.json", "lianyungang-2016-partial.json", "hefei-2023-midterm.json"],
)
def test_every_format_renders_the_same_from_the_report_read_back_from_its_json(case):
    report = ipscore.evaluate(ipscore.read_submission(CASES / case).plans[0], CASES / case)
    again = Report.model_validate_json(report.model_dump_json())
    bands = []
    for outcome in again.targets:  # the closed sets come back as the enums' members
        assert type(outcome.kind) is Kind and type(outcome.comparator) is Comparator
        assert type(outcome.dimension) is Dimension and type(outcome.measure) is Measure
        for other in outcome.alternatives:
            assert type(other.kind) is Kind and type(other.comparator) is Comparator
        if outcome.projection is not None and outcome.projection.progress_band is not None:
            bands.append(outcome.projection.progress_band)
    assert all(type(band) is ProgressBand for band in bands)
    assert bands or not case.endswith("midterm.json")  # a mid-term case has projections
    assert all(type(d.key) is Dimension for d in again.dimensions)
    assert type(again.plan.level) is PlanLevel and type(again.plan.status) is PlanStatus
    assert again.model_dump_json() == report.model_dump_json()
    for fmt in Format:
        for lang in LANGS:
            assert render([again], fmt, lang) == render([report], fmt, lang), (fmt, lang)
