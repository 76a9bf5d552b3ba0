"""The fill-in template explains each row: targets, 口径, years to fill, base years (issue 14.5).

Each bundled plan's template is written and read back with openpyxl; exact cells are checked for
a row of a 累计 target, a row of a 新增 target and a row of a growth (or base-year) target. Also:
the English workbook, data validation, old-layout workbooks still read, round trips through
``ipscore check``, and text that stays text.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from decimal import Decimal

import openpyxl
import pytest
from helpers import CASES

import ipscore
from ipscore.io.sheet_layout import HEADERS, INDICATOR_COLUMNS, MILESTONE_COLUMNS, header_name
from ipscore.plan import Indicator, Kind, Measure
from ipscore.sheets import template_years, write_template
from ipscore.template_rows import (
    Basis,
    Row,
    basis,
    basis_text,
    plain_number,
    target_text,
    template_rows,
    years_text,
)
from ipscore.units import convert
from tests.test_sheets import filled_csv, filled_xlsx

HEADERS_ZH = [
    "指标代码",
    "指标名称",
    "单位",
    "口径",
    "对应目标",
    "需填年份",
    "基期",
    "定义",
    "截至日数值",
]
HEADERS_EN = [
    "key", "zh", "en", "unit", "basis", "targets", "years to fill", "base year", "definition",
    "value",
]  # fmt: skip
YEAR_END = "年末存量：每年填该年年末的数值（存量），不是当年新增的数量"
YEARLY = "当年新增：每年只填该年内发生的数量，不要与往年相加（累计由程序计算）"
RUNNING = "期内累计：每年填自方案期开始至该年年末的累计数，不是当年新增"
ALL_TIME = (
    "历年累计（截至年末）：每年填截至该年年末的历年累计数，不是当年新增，也不是从方案期开始才计数"
)
IN_YEAR = "当年数值（当年新增）：每年只填该年内发生的数量，不要与往年相加"  # nothing summed
FIGURE = "当年数值（比值、占比、指数或得分）：每年填该年的数值，按“定义”列计算，不要与往年相加"


def _table(path, lang="zh"):
    """The Indicators sheet as {key: {header: cell}} (header text as written), and the sheet."""
    sheet = openpyxl.load_workbook(path)["Indicators"]
    rows = list(sheet.iter_rows())
    head = next(i for i, row in enumerate(rows) if header_name(row[0].value, ("key",)))
    header = [cell.value for cell in rows[head]]
    table = {
        row[0].value: {name: cell for name, cell in zip(header, row, strict=False)}
        for row in rows[head + 1 :]
    }
    return header, table, sheet


def _quote(plan, target_id: str) -> str:
    return plan.target(target_id.split("--alt-")[0]).quote


# (plan, key, 口径, targets cell (quotes filled in), years to fill, base year)
ROWS = {
    "nanjing-2022-2025": [
        (  # 累计 of a stock: the row is a running total
            "ic_layout_design_registrations_total",
            ALL_TIME + "（自2001年起计）",
            "nj-ic-layout-designs：截至2025年累计不低于2792件（原文：{nj-ic-layout-designs}）",
            "2022—2025年",
            None,
        ),
        (  # 累计 of a flow: yearly amounts, added up by ipscore
            "ip_transaction_amount",
            YEARLY,
            "nj-ip-transaction-amount：2022—2025年累计不低于600亿元（原文：{nj-ip-transaction-amount}）",
            "2022—2025年",
            None,
        ),
        (  # 新增 of a stock: year-end levels from the base year
            "ip_standard_certified_enterprises",
            YEAR_END,
            "nj-standard-certified-enterprises：2025年较2021年新增不低于1000家"
            "（原文：{nj-standard-certified-enterprises}）",
            "2021—2025年",
            "2021年",
        ),
    ],
    "hefei-2022-2025": [
        (
            "smes_under_ip_custody_services",
            ALL_TIME + "（累计起点见定义）",
            "hf-smes-under-ip-custody：截至2025年累计不低于1200家（原文：{hf-smes-under-ip-custody}）",
            "2021—2025年",
            None,
        ),
        (  # three targets; the growth one's base is stated by the plan, so no base year to fill
            "ip_pledge_financing_amount",
            YEARLY,
            "hf-ip-pledge-financing-total：2021—2025年累计不低于150亿元"
            "（原文：{hf-ip-pledge-financing-total}）\n"
            "hf-ip-pledge-registered-amount：2025年不低于30亿元"
            "（原文：{hf-ip-pledge-registered-amount}）\n"
            "hf-ip-pledge-amount-growth：2020—2025年年均增长不低于30%"
            "（2020年基数22.08亿元（方案给定）；原文：{hf-ip-pledge-amount-growth}）",
            "2021—2025年",
            None,
        ),
        (
            "ip_assignments",
            IN_YEAR,
            "hf-ip-assignments-growth：2020—2025年年均增长不低于20%（原文：{hf-ip-assignments-growth}）",
            "2020—2025年",
            "2020年",
        ),
        (
            "ip_management_system_certified_entities",
            YEAR_END,
            "hf-ip-management-certified-entities：2025年较2020年新增不低于500家"
            "（原文：{hf-ip-management-certified-entities}）\n"
            "hf-ip-management-certified-entities--alt-1：2025年不低于500家"
            "（另一种读法；原文：{hf-ip-management-certified-entities}）",
            "2020—2025年",
            "2020年",
        ),
    ],
    "lianyungang-2014-2016": [
        (
            "ip_engineers_trained",
            YEARLY,
            "lyg-ip-engineers-trained：2014—2016年累计不低于700人（原文：{lyg-ip-engineers-trained}）",
            "2014—2016年",
            None,
        ),
        (
            "invention_patent_grants",
            IN_YEAR,
            "lyg-invention-grants-growth：2013—2016年年均增长不低于25%"
            "（原文：{lyg-invention-grants-growth}）\n"
            "用于计算 每亿元研发经费发明专利授权量（分子）",
            "2013—2016年",
            "2013年",
        ),
        (  # the comparator 低于 is strictly below
            "abnormal_patent_application_share",
            FIGURE,
            "lyg-abnormal-patent-application-share：2016年低于0.5%"
            "（原文：{lyg-abnormal-patent-application-share}）",
            "可不填：由非正常专利申请量和专利申请量自动计算（2014—2016年）",
            None,
        ),
    ],
    "nanping-2024-2026": [
        (
            "patent_open_licence_registrations",
            YEARLY,
            "np-patent-open-licences：2024—2026年新增不低于10件（原文：{np-patent-open-licences}）\n"
            "np-patent-open-licences--alt-1：2026年不低于10件（另一种读法；原文：{np-patent-open-licences}）",
            "2024—2026年",
            None,
        ),
        (
            "high_value_invention_patents_per_10k",
            FIGURE,
            "np-high-value-patents-per-10k：2026年不低于2.1件/万人（原文：{np-high-value-patents-per-10k}）\n"
            "np-high-value-patents-per-10k-growth：2023—2026年年均增长不低于10%"
            "（原文：{np-high-value-patents-per-10k-growth}）",
            "可不填：由高价值发明专利拥有量和常住人口自动计算（2023—2026年）",
            "2023年",
        ),
        (  # a part says what it feeds, and needs the base year too
            "high_value_invention_patents",
            YEAR_END,
            "用于计算 万人高价值发明专利拥有量（分子）",
            "2023—2026年",
            "2023年",
        ),
    ],
    "yuhuatai-2023-2025": [
        (
            "ip_trainees_since_plan_start",
            RUNNING,
            "yht-training-trainees：截至2025年累计不低于3000人（原文：{yht-training-trainees}）",
            "2023—2025年",
            None,
        ),
        (
            "ip_pledge_and_transfer_amount",
            YEARLY,
            "yht-pledge-transfer-amount：2023—2025年新增不低于20亿元（原文：{yht-pledge-transfer-amount}）",
            "2023—2025年",
            None,
        ),
        (  # 超过 excludes the number
            "ip_professionals",
            YEAR_END,
            "yht-ip-professionals：2025年较2022年新增超过130人（原文：{yht-ip-professionals}）",
            "2022—2025年",
            "2022年",
        ),
    ],
}


def _filled(text: str, plan) -> str:
    """The expected text with each ``{target-id}`` replaced by that target's sentence."""
    for target in plan.targets:
        text = text.replace("{" + target.id + "}", target.quote)
    assert "{" not in text, text
    return text


def test_every_bundled_plan_is_covered():
    assert set(ROWS) == {plan.id for plan in ipscore.list_plans()}


@pytest.mark.parametrize("plan_id", sorted(ROWS))
def test_template_rows_say_targets_basis_and_base_years(tmp_path, cli, plan_id):
    plan = ipscore.load_plan(plan_id)
    path = tmp_path / "t.xlsx"
    assert cli("template", plan_id, "-o", path).code == 0
    header, table, _ = _table(path)
    years = template_years(plan)
    assert header == [*HEADERS_ZH, *years]
    for key, words, targets, to_fill, base in ROWS[plan_id]:
        row = table[key]
        item = plan.catalogue[key]
        assert row["指标名称"].value == item.zh and row["单位"].value == item.unit
        assert row["口径"].value == words
        assert row["对应目标"].value == _filled(targets, plan)
        assert row["需填年份"].value == to_fill
        assert row["基期"].value == base
        assert row["定义"].value == item.definition_zh
        assert row["截至日数值"].value is None
        fills = {year: row[year].fill.fgColor.rgb[-6:] for year in years}
        start, end = (int(part) for part in re.findall(r"(\d{4})—(\d{4})年", to_fill)[0])
        derived = to_fill.startswith("可不填")
        for year in years:  # base years orange, years to fill yellow, the others grey
            base_year = base is not None and year == int(base.removesuffix("年"))
            expected = "FCE4D6" if base_year else "FFF2CC" if start <= year <= end else "E7E6E6"
            if derived and expected != "E7E6E6":
                expected = GREEN  # computed from its parts: may be left empty
            assert fills[year] == expected, (key, year)
    milestones = openpyxl.load_workbook(path)["Milestones"]
    header = [cell.value for cell in milestones[1]]
    first = dict(zip(header, (cell.value for cell in milestones[2]), strict=True))
    item = plan.catalogue[first["指标代码"]]
    target = next(t for t in plan.targets if t.indicator == item.key)
    year = plan.deadline_of(target).year
    assert first["定义"] == item.definition_zh
    assert first["对应目标"].startswith(f"{target.id}：{year}年前完成（")
    assert first["对应目标"].endswith(f"原文：{target.quote}）")


@pytest.mark.parametrize("plan_id", sorted(ROWS))
def test_the_checked_rows_cover_each_kind_the_plan_has(plan_id):
    """A plan without a 累计, 新增 or growth target has no such row to check; one with it has."""
    plan = ipscore.load_plan(plan_id)
    checked = {key for key, *_ in ROWS[plan_id]}
    readings = [r for t in plan.targets for r in t.readings() if r.not_applicable is None]
    for kinds in ({Kind.cumulative}, {Kind.increment}, {Kind.growth, Kind.multiple}):
        used = {r.indicator for r in readings if r.kind in kinds}
        assert bool(used & checked) == bool(used), (plan_id, kinds)


@pytest.mark.parametrize("plan", ipscore.list_plans(), ids=lambda p: p.id)
def test_every_row_has_a_chinese_definition(plan):
    """The Chinese template's 定义 column is Chinese for every row a bundled plan has,
    milestones included."""
    rows, milestones, _ = template_rows(plan)
    items = [row.indicator for row in rows] + milestones
    assert not [item.key for item in items if not item.definition_zh]
    for item in items:
        assert re.search("[\u4e00-\u9fff]", item.definition_zh or "")


def test_basis_follows_measure_unit_kind_and_definition():
    stock = Indicator(key="a", zh="甲", en="a", unit="家", definition="d")
    flow = stock.model_copy(update={"measure": Measure.flow})
    since_start = stock.model_copy(update={"definition_zh": "方案期开始以来…截至年末的累计数"})
    since_2001 = stock.model_copy(update={"definition_zh": "自2001年…以来…截至年末的累计数"})
    assert basis(stock, [Kind.level, Kind.increment]) is Basis.year_end
    assert basis(since_start, [Kind.level, Kind.cumulative]) is Basis.running_total
    assert basis(stock, [Kind.cumulative]) is Basis.all_time  # not said to start with the plan
    assert basis(since_2001, [Kind.cumulative]) is Basis.all_time
    assert basis_text(since_2001, Basis.all_time, "zh").endswith("（自2001年起计）")
    assert basis(flow, [Kind.cumulative]) is Basis.yearly_summed  # ipscore adds the years up
    assert basis(flow, [Kind.increment, Kind.level]) is Basis.yearly_summed
    assert basis(flow, [Kind.growth, Kind.level]) is Basis.yearly  # nothing summed
    for unit in ("%", "分", "件/万人", "工作日"):  # ratios, shares, scores, averages
        figure = stock.model_copy(update={"unit": unit})
        assert basis(figure, [Kind.level]) is Basis.value
        assert "存量" not in Basis.value.text("zh") and "累计" not in Basis.value.text("zh")
    assert "累计" not in Basis.yearly.text("zh")
    assert [b.value for b in Basis] == [
        "年末存量", "当年数值", "当年新增", "当年新增（程序累计）", "期内累计", "历年累计",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("plan_id", "key", "words"),
    [
        (  # the definition says 为当年比值: not a stock
            "lianyungang-2014-2016", "invention_patent_grants_per_rd_expenditure", FIGURE,
        ),
        ("nanjing-2022-2025", "copyright_registrations_per_10k", FIGURE),
        ("nanjing-2022-2025", "ip_protection_satisfaction", FIGURE),
        ("nanjing-2022-2025", "ip_service_revenue", IN_YEAR),  # a level target: nothing summed
        ("lianyungang-2014-2016", "rd_expenditure", IN_YEAR),  # a part of a yearly ratio
        ("yuhuatai-2023-2025", "ip_trained_enterprises_since_plan_start", RUNNING),
    ],
)  # fmt: skip
def test_basis_words_fit_the_row(plan_id, key, words):
    plan = ipscore.load_plan(plan_id)
    row = next(row for row in template_rows(plan)[0] if row.indicator.key == key)
    assert basis_text(row.indicator, row.basis, "zh") == words


@pytest.mark.parametrize(
    ("plan_id", "target_id", "expected"),
    [
        (  # the threshold in the row's unit too
            "lianyungang-2014-2016",
            "lyg-invention-grants-per-rd",
            "lyg-invention-grants-per-rd：2016年不低于0.39件/百万元（即39件/亿元）（原文：",
        ),
        (  # 以上 includes the number (Civil Code art. 1259)
            "hefei-2022-2025",
            "hf-ip-talent-doubling",
            "hf-ip-talent-doubling：2025年达到2020年的2倍以上（原文：",
        ),
    ],
)
def test_target_words(plan_id, target_id, expected):
    plan = ipscore.load_plan(plan_id)
    assert target_text(plan, plan.target(target_id), "zh").startswith(expected)
    english = target_text(plan, plan.target(target_id), "en")
    assert ("(= 39 件/亿元)" in english) == ("per-rd" in target_id)


def test_two_base_years_are_two_years_not_a_range():
    stock = Indicator(key="a", zh="甲", en="a", unit="家", definition="d")
    row = Row(stock, Basis.year_end, (), frozenset({2020, 2021, 2022}), frozenset({2020, 2021}))
    assert (row.base_text("zh"), row.base_text("en")) == ("2020年、2021年", "2020, 2021")
    assert years_text(row.years, "zh") == "2020—2022年"


def test_plain_number_keeps_the_threshold_as_written():
    assert [plain_number(v) for v in (2792.0, 0.39, 18900.0, 1e6, 8.6)] == [
        "2792", "0.39", "18900", "1000000", "8.6",
    ]  # fmt: skip


def test_english_workbook(tmp_path, cli):
    path = tmp_path / "en.xlsx"
    assert cli("template", "nanjing-2022-2025", "-o", path, "--lang", "en").code == 0
    plan = ipscore.load_plan("nanjing-2022-2025")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Indicators", "Milestones", "Instructions"]
    sheet = workbook["Indicators"]
    assert [sheet.cell(row, 1).value for row in (1, 2, 3)] == ["region", "as_of", "plans"]
    assert sheet["C3"].value == plan.plan.title_en
    header, table, _ = _table(path, "en")
    assert header == [*HEADERS_EN, *template_years(plan)]
    row = table["ic_layout_design_registrations_total"]
    assert row["basis"].value.startswith("历年累计 (all-time running total): each year, the all-")
    assert row["basis"].value.endswith(" (counted since 2001)")
    quote = plan.target("nj-ic-layout-designs").quote
    assert row["targets"].value == (
        f"nj-ic-layout-designs: running total in 2025 at least 2792 件 (the plan: {quote})"
    )
    row = table["ip_high_level_talent"]
    assert row["targets"].value.startswith(
        "nj-high-level-talent: added in 2025 over 2021 more than 100 人"
    )
    assert (row["years to fill"].value, row["base year"].value) == ("2021–2025", "2021")
    assert table["resident_population"]["targets"].value == (
        "used to compute 万人高价值发明专利拥有量 (high_value_invention_patents_per_10k, "
        "denominator)\nused to compute 万人版权登记量 (copyright_registrations_per_10k, "
        "denominator)"
    )
    milestones = workbook["Milestones"]
    assert [c.value for c in milestones[1]] == [
        "key", "zh", "en", "done", "date", "targets", "definition",
    ]  # fmt: skip
    done = [v for v in milestones.data_validations.dataValidation if v.type == "list"]
    assert [v.formula1 for v in done] == ['"yes,no"']


def test_rows_are_as_high_as_their_wrapped_text(tmp_path, cli):
    path = tmp_path / "t.xlsx"
    cli("template", "hefei-2022-2025", "-o", path)
    _, table, sheet = _table(path)
    three = table["ip_pledge_financing_amount"]["对应目标"]  # three targets, one line each
    one = table["ip_assignments"]["对应目标"]
    assert three.value.count("\n") == 2 and "\n" not in one.value
    high = sheet.row_dimensions[three.row].height
    assert high >= 3 * 15 and high > sheet.row_dimensions[one.row].height
    assert three.alignment.wrap_text


def test_instructions_explain_the_basis_words(tmp_path, cli):
    path = tmp_path / "t.xlsx"
    cli("template", "nanjing-2022-2025", "-o", path)
    workbook = openpyxl.load_workbook(path)
    text = "\n".join(str(c.value) for c in workbook["填写说明"]["A"] if c.value)
    for words in (YEAR_END, YEARLY, RUNNING, ALL_TIME, IN_YEAR, FIGURE):
        assert words in text
    assert workbook["Indicators"]["C4"].value == "填写前请先阅读“填写说明”工作表"


def _rules_for(sheet, coordinate: str):
    return [
        rule
        for rule in sheet.data_validations.dataValidation
        if any(coordinate in cells for cells in rule.sqref)
    ]


def test_number_cells_accept_numbers_only(tmp_path, cli):
    path = tmp_path / "t.xlsx"
    cli("template", "nanjing-2022-2025", "-o", path)
    header, table, sheet = _table(path)
    plan_years = template_years(ipscore.load_plan("nanjing-2022-2025"))
    cells = table["ip_transaction_amount"]
    for name in ("截至日数值", *plan_years):
        (rule,) = _rules_for(sheet, cells[name].coordinate)
        assert (rule.type, rule.operator, rule.formula1) == ("decimal", "greaterThanOrEqual", "0")
        assert rule.showErrorMessage and rule.allow_blank and "数字" in rule.error
    # a share has its catalogue range
    (rule,) = _rules_for(sheet, table["patent_intensive_industry_gdp_share"][2024].coordinate)
    assert (rule.type, rule.operator, rule.formula1, rule.formula2) == (
        "decimal", "between", "0", "100",
    )  # fmt: skip
    # the unit: the units it converts from, as a list
    (rule,) = _rules_for(sheet, table["ip_transaction_amount"]["单位"].coordinate)
    assert rule.type == "list" and "万元" in rule.formula1 and "亿元" in rule.formula1
    # informational cells are not validated; as_of is a date
    assert not _rules_for(sheet, table["ip_transaction_amount"]["口径"].coordinate)
    (rule,) = _rules_for(sheet, "B2")
    assert rule.type == "date"


def _old_layout(path, case: dict, plan_id: str) -> None:
    """A workbook as the template wrote it before the 口径 columns (English headers only)."""
    catalogue = ipscore.load_catalogue()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Indicators"
    for row, (label, value) in enumerate(
        [("region", case["region"]), ("as_of", case["as_of"]), ("plans", plan_id)], start=1
    ):
        sheet.cell(row, 1, label)
        sheet.cell(row, 2, value)
    years = sorted({int(y) for v in case["indicators"].values() if isinstance(v, dict) for y in v})
    sheet.append([])
    sheet.append(["key", "zh", "en", "unit", "definition", "value", *years])
    for key, given in case["indicators"].items():
        item = catalogue[key]
        cells = [key, item.zh, item.en, item.unit, item.definition]
        if isinstance(given, dict):
            sheet.append([*cells, None, *(given.get(str(y)) for y in years)])
        else:
            sheet.append([*cells, given])
    milestones = workbook.create_sheet("Milestones")
    milestones.append(["key", "zh", "en", "done", "date"])
    for key, done in case.get("milestones", {}).items():
        milestones.append([key, catalogue[key].zh, catalogue[key].en, "yes" if done else "no"])
    workbook.save(path)


def test_a_workbook_of_the_old_template_still_reads(tmp_path):
    case_path = CASES / "nanjing-2024-midterm.json"
    case = json.loads(case_path.read_text("utf-8"))
    assert all(not isinstance(v, dict) or "series" not in v for v in case["indicators"].values())
    assert all(isinstance(done, bool) for done in case.get("milestones", {}).values())
    path = tmp_path / "old.xlsx"
    _old_layout(path, case, "nanjing-2022-2025")
    assert ipscore.read_submission(path) == ipscore.read_submission(case_path)


def test_the_old_csv_layout_still_reads(tmp_path):
    text = (
        "#region,南京市\n#as_of,2024-12-31\n#plans,nanjing-2022-2025\n"
        "key,zh,en,unit,definition,value,2023,2024\n"
        "ip_operation_centres,知识产权运营中心数量,x,家,d,,12,15\n"
        "#milestones\nkey,zh,en,done,date\n"
    )
    path = tmp_path / "old.csv"
    path.write_text(text, encoding="utf-8")
    submission = ipscore.read_submission(path)
    assert submission.indicators["ip_operation_centres"].series == {2023: 12.0, 2024: 15.0}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fill", [filled_xlsx, filled_csv], ids=["xlsx", "csv"])
def test_a_filled_template_checks_to_the_json_report(tmp_path, cli, fill, lang):
    case = CASES / "nanjing-2024-midterm.json"
    sheet = fill(tmp_path, cli, case, "nanjing-2022-2025", lang)
    from_json = cli("check", case, "--format", "json")
    from_sheet = cli("check", sheet, "--format", "json")
    assert from_sheet.code == from_json.code and from_sheet.err == ""
    strip = ("file", "path")
    mine, theirs = json.loads(from_sheet.out), json.loads(from_json.out)
    for report in (mine, theirs):
        for warning in report["warnings"]:
            for name in strip:
                warning.pop(name)
    assert mine == theirs


def test_chinese_headers_are_read_in_a_csv(tmp_path, cli):
    path = tmp_path / "t.csv"
    cli("template", "nanjing-2022-2025", "-o", path)
    rows = list(csv.reader(path.read_text("utf-8-sig").splitlines()))
    assert rows[0][0] == "#地区" and rows[3][0] == "指标代码"
    text = path.read_text("utf-8-sig").replace("#数据截止日期,", "#数据截止日期,2024-12-31", 1)
    path.write_text(text, encoding="utf-8")
    submission = ipscore.read_submission(path)
    assert submission.as_of == dt.date(2024, 12, 31) and submission.region == "南京市"


INJECTED = '=HYPERLINK("http://example.com","x")'


def test_text_in_the_chinese_template_stays_text(tmp_path):
    plan = ipscore.load_plan("nanjing-2022-2025")
    key = "high_value_invention_patents_per_10k"
    catalogue = dict(plan.catalogue)
    catalogue[key] = catalogue[key].model_copy(update={"definition_zh": INJECTED})
    meta = plan.plan.model_copy(update={"region": INJECTED, "title": "=1+2"})
    changed = plan.model_copy(update={"catalogue": catalogue, "plan": meta})
    path = tmp_path / "t.xlsx"
    write_template(changed, path)
    workbook = openpyxl.load_workbook(path)
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells}
    assert {INJECTED, "=1+2"} <= texts
    write_template(changed, tmp_path / "t.csv")
    text = (tmp_path / "t.csv").read_text("utf-8-sig")
    assert f"#地区,'{INJECTED}" in text.replace('""', '"').replace("\"'", "'")


def test_columns_are_named_once():
    """Every column the template writes has an English and a Chinese header the reader knows."""
    for name in (*INDICATOR_COLUMNS, *MILESTONE_COLUMNS):
        for text in (name, *HEADERS[name]):
            assert header_name(text, (*INDICATOR_COLUMNS, *MILESTONE_COLUMNS)) == name


# --- filling exactly the cells the colours ask for ------------------------------------------------

YELLOW, ORANGE, GREEN = "FFF2CC", "FCE4D6", "E2EFDA"


def _sizes(plan) -> dict[str, Decimal]:
    """A plausible size per row: its largest amount target in the row's unit (else 100); a
    derived indicator's parts sized so that they give its size."""
    rows, _, _ = template_rows(plan)
    sizes: dict[str, Decimal] = {}
    for row in rows:
        amounts = [
            convert(t.threshold, t.unit, row.indicator.unit) if t.unit else Decimal(t.threshold)
            for t in row.targets
            if t.kind.in_indicator_unit and t.threshold > 0
        ]
        sizes[row.indicator.key] = max(amounts, default=Decimal(100))
    for row in rows:
        if row.parts:
            numerator, denominator = row.parts
            scale = Decimal(repr(row.indicator.derive.scale))
            size = sizes[row.indicator.key]
            if rows[[r.indicator for r in rows].index(numerator)].targets:
                sizes[denominator.key] = sizes[numerator.key] * scale / size
            else:
                sizes[numerator.key] = size * sizes[denominator.key] / scale
    return sizes


@pytest.mark.parametrize("plan", ipscore.list_plans(), ids=lambda p: p.id)
def test_filling_the_yellow_and_orange_cells_passes_strict(tmp_path, cli, plan):
    """A clerk who fills every yellow and orange cell (and nothing green) gets no warning: no
    W204 for a derived row whose parts are filled, no value-and-years clash (issue 14.5)."""
    path = tmp_path / "t.xlsx"
    assert cli("template", plan.id, "-o", path).code == 0
    header, table, sheet = _table(path)
    sheet["B2"] = dt.datetime(plan.plan.period.end, 12, 31)
    sizes = _sizes(plan)
    filled = set()
    for key, row in table.items():
        assert row["截至日数值"].fill.fgColor.rgb[-6:] == GREEN
        for year in template_years(plan):
            if row[year].fill.fgColor.rgb[-6:] in (YELLOW, ORANGE):
                row[year].value = float(sizes[key])
                filled.add(key)
    sheet.parent.save(path)
    result = cli("check", path, "--strict")
    assert result.code in (0, 1), result.err
    assert "W2" not in result.err + result.out
    derived = {row.indicator.key for row in template_rows(plan)[0] if row.parts}
    assert derived and not derived & filled  # a derived row is green: computed from its parts


@pytest.mark.parametrize(
    ("plan_id", "key", "feeds"),
    [
        (  # a part with a target of its own says what it feeds too
            "lianyungang-2014-2016",
            "invention_patent_grants",
            ["用于计算 每亿元研发经费发明专利授权量（分子）"],
        ),
        (  # a part of two derived indicators names both
            "lianyungang-2014-2016",
            "patent_applications",
            ["用于计算 非正常专利申请占比（分母）", "用于计算 企业专利申请量占比（分母）"],
        ),
        (
            "yuhuatai-2023-2025",
            "trademark_holding_enterprises",
            ["用于计算 每万户企业中注册商标企业数（分子）"],
        ),
    ],
)
def test_every_part_says_every_indicator_it_feeds(tmp_path, cli, plan_id, key, feeds):
    path = tmp_path / "t.xlsx"
    assert cli("template", plan_id, "-o", path).code == 0
    _, table, _ = _table(path)
    lines = table[key]["对应目标"].value.split("\n")
    assert [line for line in lines if line.startswith("用于计算")] == feeds
    plan = ipscore.load_plan(plan_id)
    own = [t.id for t in plan.targets for t in t.readings() if t.indicator == key]
    assert len(lines) == len(own) + len(feeds)
