"""W212: a running total (期内累计) that falls — yearly additions typed into a running-total row,
issue 14's original mistake — is warned about at the later year, in JSON and in a workbook;
stocks that may fall (年末存量) and yearly amounts (当年新增) are never (docs/errors.md)."""

from __future__ import annotations

import importlib
import json
import re

import openpyxl
import pytest
from helpers import DOCS, HIGH_VALUE_PATENTS_TARGET, make_plan
from hypothesis import given
from hypothesis import strategies as st

import ipscore
from ipscore.errors import InputError
from ipscore.io.sheet_layout import header_name
from ipscore.packs import bundled_plan_ids
from ipscore.plausibility import falls
from ipscore.template_rows import RUNNING_TOTALS, running_totals, template_rows
from tests.test_sheets import filled_xlsx

PLAN = "nanjing-2022-2025"
KEY = "ic_layout_design_registrations_total"  # 件; 期内累计: the plan's 累计达2792件
# The running total of 2022, then yearly additions typed into the row: falls at 2023.
TYPED = {"2022": 2650, "2023": 70, "2024": 90, "2025": 85}
JSON_PLACE = f"$.indicators.{KEY}.2023"


def _submission(indicators: dict, plan: str = PLAN, as_of: str = "2025-12-31") -> dict:
    region = ipscore.load_plan(plan).plan.region if plan in bundled_plan_ids() else "测试市"
    return {"region": region, "plans": [plan], "as_of": as_of, "indicators": indicators}


def _codes(report) -> list[tuple[str, str | None]]:
    return [(w.code, w.path) for w in report.warnings if w.code in ("W211", "W212")]


def _documented(lang: str) -> str:
    """docs/errors.md's W212 example line in ``lang`` (the Chinese line comes first)."""
    lines = [
        line
        for line in (DOCS / "errors.md").read_text("utf-8").splitlines()
        if line.startswith("ipscore: data.json: ") and ": W212 " in line
    ]
    assert len(lines) == 2
    return lines[0 if lang == "zh" else 1]


def _unplaced(line: str) -> str:
    """The line with its JSON path alone, as for a submission given as a dict (no file)."""
    return re.sub(rf"line \d+, column \d+ \(({re.escape(JSON_PLACE)})\)", r"\1", line)


def test_a_falling_running_total_warns_at_the_later_year():
    report = ipscore.evaluate(PLAN, _submission({KEY: TYPED}))
    [warning] = [w for w in report.warnings if w.code == "W212"]
    assert warning.path == JSON_PLACE and warning.level == "warning"
    for lang in ("en", "zh"):
        documented = _unplaced(_documented(lang)).removeprefix("ipscore: data.json: ")
        assert warning.line(lang) == documented


@pytest.mark.parametrize(
    "series",
    [
        {"2022": 2650, "2023": 2720, "2024": 2810, "2025": 2900},  # grows
        {"2022": 2800, "2023": 2800, "2024": 2800, "2025": 2800},  # nothing added: may stay
        {"2022": 0, "2023": 2800, "2024": 2800, "2025": 2800},  # 0 then: cannot be told (docs)
        {"2025": 85},  # one year: nothing to compare
    ],
)
def test_a_running_total_that_never_falls_does_not_warn(series):
    assert _codes(ipscore.evaluate(PLAN, _submission({KEY: series}))) == []


def test_a_value_in_the_wrong_unit_is_w211_alone():
    """2810 then 0.29 (万件 typed without the unit) falls too: W211 says why, W212 stays quiet."""
    series = {"2022": 2650, "2023": 2720, "2024": 2810, "2025": 0.29}
    report = ipscore.evaluate(PLAN, _submission({KEY: series}))
    assert _codes(report) == [("W211", f"$.indicators.{KEY}.2025")]


def test_the_first_fall_is_warned_and_the_values_are_used_as_given():
    series = {"2021": 9, "2022": 5, "2023": 7, "2024": 3}  # falls in 2022 and again in 2024
    report = ipscore.evaluate(PLAN, _submission({KEY: series}, as_of="2024-12-31"))
    assert _codes(report) == [("W212", f"$.indicators.{KEY}.2022")]
    [warning] = [w for w in report.warnings if w.code == "W212"]
    assert "5 件 for 2022 is less than 9 件 for 2021" in warning.message
    [outcome] = [o for o in report.targets if o.indicator == KEY]
    assert outcome.actual == 3  # used as given: the warning says the result is wrong


@pytest.mark.parametrize("plan_id", bundled_plan_ids())
def test_only_rows_the_template_calls_running_totals_are_guarded(plan_id):
    """Every numeric indicator a bundled plan's targets use, falling from 3 to 2: W212 exactly on
    the rows whose template 口径 is 期内累计 or 历年累计, never on 年末存量 or 当年新增 rows."""
    plan = ipscore.load_plan(plan_id)
    rows, _, _ = template_rows(plan)
    own = [row for row in rows if row.part_of is None]
    year = plan.plan.deadline.year
    series = {str(year - 1): 3, str(year): 2}
    submission = _submission({row.indicator.key: series for row in own}, plan_id)
    submission["as_of"] = plan.plan.deadline.isoformat()
    warned = {w.path for w in ipscore.evaluate(plan, submission).warnings if w.code == "W212"}
    labelled = {row.indicator.key for row in own if row.basis in RUNNING_TOTALS}
    assert warned == {f"$.indicators.{key}.{year}" for key in labelled}
    assert labelled == running_totals(plan)


def test_a_whole_row_in_the_wrong_unit_that_falls_gets_both_warnings():
    """0.281 then 0.27 (the row in 万件, and falling): W211 at the row says the unit, W212 says
    the fall, which the unit does not explain."""
    series = {"2022": 0.265, "2023": 0.272, "2024": 0.281, "2025": 0.27}
    report = ipscore.evaluate(PLAN, _submission({KEY: series}))
    row = f"$.indicators.{KEY}"
    assert _codes(report) == [("W211", row), ("W212", f"{row}.2025")]


def test_some_bundled_plans_have_running_totals():
    """So that the test above checks W212 on rows that have it, not only its absence."""
    having = {
        plan_id for plan_id in bundled_plan_ids() if running_totals(ipscore.load_plan(plan_id))
    }
    assert {"nanjing-2022-2025", "yuhuatai-2023-2025"} <= having


def test_a_ratio_under_a_cumulative_target_and_its_parts_may_fall():
    """A per-10k value is a yearly figure (当年数值), not a running total, even under a 累计
    target: it falls when the population grows faster; nor may its parts be guarded (a
    population that falls is no mistake)."""
    target = {**HIGH_VALUE_PATENTS_TARGET, "kind": "cumulative"}
    plan = make_plan([target])
    derived = HIGH_VALUE_PATENTS_TARGET["indicator"]
    assert running_totals(plan) == frozenset()
    falling = {"2024": 950, "2025": 940}
    parts = {"high_value_invention_patents": {"2024": 40000, "2025": 41000}}
    report = ipscore.evaluate(
        plan, _submission({**parts, "resident_population": falling}, "test-plan")
    )
    assert _codes(report) == []
    report = ipscore.evaluate(plan, _submission({derived: {"2024": 45, "2025": 44}}, "test-plan"))
    assert _codes(report) == []


_VALUES = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)


@given(st.dictionaries(st.integers(1990, 2100), _VALUES, min_size=1, max_size=8))
def test_falls_warns_at_the_first_year_below_the_year_before(points):
    indicator = ipscore.load_catalogue()[KEY]
    found = falls(points, indicator, "$.x", "f.json")
    years = sorted(points)
    first = next((b for a, b in zip(years, years[1:], strict=False) if points[b] < points[a]), None)
    assert [w.path for w in found] == ([] if first is None else [f"$.x.{first}"])
    assert all(w.code == "W212" and w.file == "f.json" for w in found)
    if first is not None:
        assert f"{first}年" in found[0].message_zh and str(first) in found[0].message


def _cell(path, key: str, year: int) -> str:
    """The coordinate of ``key``'s value for ``year`` in a filled template."""
    sheet = openpyxl.load_workbook(path)["Indicators"]
    rows = list(sheet.iter_rows())
    head = next(i for i, row in enumerate(rows) if header_name(row[0].value, ("key",)))
    column = next(cell.column_letter for cell in rows[head] if cell.value == year)
    row = next(row for row in rows[head + 1 :] if row[0].value == key)
    return f"{column}{row[0].row}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_falling_running_total_in_a_filled_template(tmp_path, cli, monkeypatch, lang):
    """The workbook of `ipscore template` with additions typed into its 期内累计 row: the line
    names the cell, says it in --lang, and --strict fails (exit 2) writing no report."""
    monkeypatch.chdir(tmp_path)
    case = tmp_path / "typed.json"
    case.write_text(json.dumps(_submission({KEY: TYPED}), ensure_ascii=False), "utf-8")
    workbook = filled_xlsx(tmp_path, cli, case, PLAN, lang).name
    place = f"Indicators!{_cell(workbook, KEY, 2023)}"
    documented = _documented(lang).replace("data.json", workbook)
    line = re.sub(rf"line \d+, column \d+ \({re.escape(JSON_PLACE)}\)", place, documented)

    result = cli("check", workbook, "--lang", lang)
    assert result.code == 1 and result.err == ""  # a report: the target is missed
    assert f"- {line.removeprefix('ipscore: ')}" in result.out.splitlines()
    report = json.loads(cli("check", workbook, "--format", "json").out)
    assert [(w["code"], w["path"]) for w in report["warnings"]] == [("W212", place)]

    strict = cli("check", workbook, "--strict", "--lang", lang, "-o", "report.json")
    assert strict.code == 2 and strict.err.strip() == line
    assert not (tmp_path / "report.json").exists()


def test_json_exit_codes_with_and_without_strict(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data.json").write_text(json.dumps(_submission({KEY: TYPED})), "utf-8")
    assert cli("check", "data.json").code == 1
    for lang in ("zh", "en"):
        strict = cli("check", "data.json", "--strict", "--lang", lang)
        assert strict.code == 2
        # one line of JSON: the value is on line 1
        placed = rf"line 1, column \d+ \({re.escape(JSON_PLACE)}\)"
        assert re.search(placed, strict.err)
        assert re.sub(placed, JSON_PLACE, strict.err.strip()) == _unplaced(_documented(lang))


def test_the_running_totals_are_worked_out_once_per_plan(monkeypatch):
    evaluating = importlib.import_module("ipscore.evaluate")  # the module, not the function
    calls = []

    def counted(plan):
        calls.append(plan.id)
        return running_totals(plan)

    monkeypatch.setattr(evaluating, "running_totals", counted)
    plan = ipscore.load_plan(PLAN).model_copy()  # a plan object not evaluated before
    for _ in range(3):
        report = ipscore.evaluate(plan, _submission({KEY: TYPED}))
        assert _codes(report) == [("W212", JSON_PLACE)]
    assert calls == [PLAN]
    assert running_totals(plan) == {KEY, "ip_advantage_demonstration_enterprises"}


def test_the_values_named_are_never_in_e_notation():
    """Tiny totals (a row typed in the wrong unit) are named in digits, not as 3e-05."""
    series = {"2024": 0.00003, "2025": 0.00001}
    report = ipscore.evaluate(PLAN, _submission({KEY: series}))
    [warning] = [w for w in report.warnings if w.code == "W212"]
    for lang in ("en", "zh"):
        assert "e-" not in warning.text(lang)
        assert "0.00001 件" in warning.text(lang) and "0.00003 件" in warning.text(lang)


def test_a_value_out_of_range_is_named_in_digits(tmp_path):
    """E112's value and bound are written out (12,000,000,000,000 above 1,000,000,000,000)."""
    with pytest.raises(InputError) as raised:
        ipscore.evaluate(PLAN, _submission({KEY: {"2025": 12_000_000_000_000}}))
    for lang in ("en", "zh"):
        assert "e+" not in raised.value.line(lang)
        assert "12,000,000,000,000" in raised.value.line(lang)
        assert "1,000,000,000,000" in raised.value.line(lang)
