"""`ipscore draft`: every extraction rule on a short sentence of its own, then whole drafts.

The sentences are written for these tests (no plan text from outside the repository is read).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from ipscore.draft import draft_pack, draft_text
from ipscore.draft.indicators import best_match, dimension_of, per_unit
from ipscore.draft.milestones import milestone_targets
from ipscore.draft.numbers import boundary_word, quantities
from ipscore.draft.reading import attribute_of, baseline_of, deadline_year, kind_of, plan_facts
from ipscore.draft.sentences import clauses, owners, paragraphs, sentences
from ipscore.draft.source import read_plan_text
from ipscore.draft.tables import split_damaged, table_targets
from ipscore.draft.targets import sentence_targets
from ipscore.errors import InputError
from ipscore.packs import load_catalogue
from ipscore.plan import Comparator, Kind

CATALOGUE = load_catalogue()


def _one(text: str, period_start: int = 2022):
    found = sentence_targets(text, period_start)
    assert len(found) == 1, [(t.quote, t.threshold) for t in found]
    return found[0]


# -- numbers and units ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "value", "unit"),
    [
        ("万人高价值发明专利拥有量达50件", "50", "件"),
        ("版权产业增加值占GDP比重达8.6%", "8.6", "%"),
        ("商标有效注册量达14万件", "14", "万件"),  # 万件 is a unit: kept as written
        ("知识产权质押融资总额达到150亿元", "150", "亿元"),
        ("市场主体总数突破88万家", "880000", "家"),  # 万家 is not: scaled into the number
        ("培训知识产权工程师700名", "700", "人"),  # 名 counts people
        ("培育300户企业", "300", "家"),  # 户 counts organisations
        ("专利授权量累计达8,500件", "8500", "件"),  # a digit group stays one number
        ("审查周期压缩到七个工作日内", "7", "工作日"),
        ("用十二个月完成", "12", "个月"),
        ("培育企业三万五千家", "35000", "家"),  # 万 inside numerals (was read as 5000)
        ("专利授权量达到一点五万件", "1.5", "万件"),  # a decimal in words
        ("服务机构达到３００家", "300", "家"),  # full-width digits
        ("新增贯标企业一万家", "10000", "家"),  # 一 scaled by 万 is a count
        ("发明专利占比达到百分之十五", "15", "%"),  # a percentage in words
    ],
)
def test_a_number_with_its_unit(clause, value, unit):
    (found,) = quantities(clause)
    assert (found.value, found.unit) == (Decimal(value), unit)


@pytest.mark.parametrize(
    "clause",
    [
        "建设一批高价值专利培育中心",  # 一批 is no count
        "提供一站式服务",
        "聚焦两个产业",  # a Chinese numeral before 个 is an idiom more often than a count
        "第3批试点",  # an ordinal
        "南京大学、金陵科技学院等6家基地",  # the count of the examples named
        "到2025年",  # a year
        "比重提高5个百分点",
        "培育三五家龙头企业",  # "three or five": not one number
    ],
)
def test_no_quantity(clause):
    assert quantities(clause) == []


def test_a_range_keeps_its_lower_end():
    (found,) = quantities("形成3-5个产业集群")
    assert (found.low, found.value, found.unit) == (Decimal(3), Decimal(5), "个")


@pytest.mark.parametrize(
    ("clause", "word", "comparator"),
    [
        ("满意度85分以上", "以上", Comparator.ge),
        ("负债率60%以下", "以下", Comparator.le),
        ("周期7个工作日以内", "以内", Comparator.le),
        ("任期届满3个月", "届满", Comparator.ge),
        ("不满18人", "不满", Comparator.lt),
        ("满意度超过85%", "超过", Comparator.gt),
        ("占比低于0.5%", "低于", Comparator.lt),
        ("拥有量达到20件", "达到", Comparator.ge),
        ("拥有量达50件", "达", Comparator.ge),
        ("总数突破360家", "突破", Comparator.gt),
        ("培育300户左右", "左右", Comparator.ge),
        ("交易额累计达600亿元以上", "以上", Comparator.ge),  # the after-word wins over 达
    ],
)
def test_boundary_words_follow_article_1259(clause, word, comparator):
    (quantity,) = quantities(clause)
    assert boundary_word(clause, quantity) == (word, comparator)


def test_no_boundary_word():
    (quantity,) = quantities("新增贯标企业1000家")
    assert boundary_word("新增贯标企业1000家", quantity) is None


# -- kinds, deadlines, baselines, attributes ---------------------------------------------------


@pytest.mark.parametrize(
    ("before", "unit", "kind"),
    [
        ("发明专利授权量年均增长", "%", Kind.growth),
        ("转让、许可年均增幅", "%", Kind.growth),
        ("每万户市场主体商标拥有量增长", "%", Kind.growth_total),
        ("集成电路布图设计登记量累计达", "件", Kind.cumulative),
        ("新增贯标企业", "家", Kind.increment),
        ("四年内在全市建成", "家", Kind.increment),
        ("万人高价值发明专利拥有量达", "件", Kind.level),
        ("比重提高到", "%", Kind.level),  # 提高到 names the level reached, not a growth
        ("市政府每年召开", "个", Kind.every_year),
    ],
)
def test_kind_words(before, unit, kind):
    assert kind_of(before, unit).kind is kind


def test_training_is_counted_over_the_period_and_says_so():
    reading = kind_of("全市培训知识产权人才", "人次")
    assert reading.kind is Kind.cumulative and reading.doubt


def test_a_total_amount_is_summed_over_the_period_and_says_so():
    reading = kind_of("知识产权融资总额超", "亿元")
    assert reading.kind is Kind.cumulative and "总额" in reading.doubt


def test_doubling_is_a_multiple_of_the_base():
    found = _one("到2025年,各类人才数量较“十三五”末翻一番。")
    assert (found.kind, found.threshold, found.unit) == (Kind.multiple, 2, "倍")
    assert found.baseline.year == 2020
    assert found.quote == "各类人才数量较“十三五”末翻一番"


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("到2025年,拥有量达50件", 2025),
        ("至2026年年末,总数达到30家", 2026),
        ("2025年底前建成", 2025),
        ("2026年,实现拥有量达2.1件", 2026),
        ("“十四五”末,拥有量增长30%", 2025),
        ("拥有量达50件", None),
    ],
)
def test_deadline_words(text, year):
    assert deadline_year(text) == year


def test_baseline_from_to():
    baseline = baseline_of("万人发明专利拥有量由2020年的23.3件提高到")
    assert (baseline.year, baseline.value, baseline.unit) == (2020, Decimal("23.3"), "件")


@pytest.mark.parametrize(
    ("before", "value", "unit"),
    [
        ("专利授权量由2020年的1.5万件提高到", "1.5", "万件"),  # 万件 is a unit, as in a threshold
        ("企业由2020年的1.2万家增加到", "12000", "家"),  # 万家 is not: scaled into the number
        ("质押融资额由2020年底的150亿元增长到", "150", "亿元"),
        ("企业由2021年的三万五千家增加到", "35000", "家"),
        ("授权量由2020年的8,500件提高至", "8500", "件"),
        ("占比由2020年的８５%提高到", "85", "%"),
        ("授权量由2020年的1.5万提高到", "15000", None),  # no unit written: the number only
    ],
)
def test_a_base_value_keeps_its_scale_and_unit(before, value, unit):
    baseline = baseline_of(before)
    assert (baseline.year >= 2020, baseline.value, baseline.unit) == (True, Decimal(value), unit)


FROM_TO_PLAN = """\
某某市知识产权强市建设试点工作方案(2024—2026年)
一、主要目标
到2026年,年专利授权量由2023年的1.5万件提高到30000件。
到2026年,商标有效注册量由2023年的8000件提高到1.5万件。
到2026年,专利密集型产业企业由2023年的1.2万家提高到2万家。
到2026年,知识产权质押融资登记金额由2023年的1.5万提高到3万件。
"""


def _drafted_bases() -> dict[str, tuple[object, str, object, str]]:
    pack = draft_pack(FROM_TO_PLAN, "plan.txt", CATALOGUE)
    return {
        t["quote"]: (t["threshold"], t["unit"], t.get("baseline", {}).get("value"), t["note"])
        for t in pack["targets"]
        if "提高到" in t["quote"] or "增加到" in t["quote"]
    }


@pytest.mark.parametrize(
    ("quote", "threshold", "unit", "base"),
    [
        ("年专利授权量由2023年的1.5万件提高到30000件", 30000, "件", 15000),
        ("商标有效注册量由2023年的8000件提高到1.5万件", 1.5, "万件", 0.8),
        ("专利密集型产业企业由2023年的1.2万家提高到2万家", 20000, "家", 12000),
    ],
)
def test_a_drafted_base_is_in_the_targets_unit(quote, threshold, unit, base):
    drafted = _drafted_bases()[quote]
    assert drafted[:3] == (threshold, unit, base)
    assert "TODO: the base" not in drafted[3]


def test_the_base_number_is_no_target_and_no_later_clause_inherits_it():
    found = sentence_targets(
        "到2026年,万人发明专利拥有量由2023年的23.3件提高到50件,年专利授权量达到3万件。", 2024
    )
    assert [(t.words, t.threshold) for t in found] == [
        ("万人发明专利拥有量", 50),
        ("年专利授权量", 3),
    ]
    assert (found[0].baseline.year, found[0].baseline.value) == (2023, Decimal("23.3"))
    assert found[1].baseline is None  # the first clause's 由…提高到 is not its base


def test_a_base_without_a_unit_is_kept_and_marked():
    drafted = _drafted_bases()["知识产权质押融资登记金额由2023年的1.5万提高到3万件"]
    assert drafted[2] == 15000 and "TODO: the base 15000 has no unit in the text" in drafted[3]


@pytest.mark.parametrize(("before", "year"), [("较2020年", 2020), ("较“十三五”末", 2020)])
def test_baseline_year_only(before, year):
    baseline = baseline_of(f"商标拥有量{before}增长")
    assert (baseline.year, baseline.value) == (year, None)


def test_attribute_words():
    assert attribute_of("力争到2025年达到50件") == "expected"
    assert attribute_of("约束性") == "binding"
    assert attribute_of("到2025年达到50件") is None


# -- sentences and owners ----------------------------------------------------------------------


def test_clauses_keep_their_place_and_digit_groups():
    text = "前言\n到2025年,专利授权量达8,500件;商标注册量达3000件。"
    (_, paragraph) = paragraphs(text)
    pieces = [c for s in sentences(paragraph) for c in clauses(s)]
    assert [c.text for c in pieces] == ["到2025年", "专利授权量达8,500件", "商标注册量达3000件"]
    assert all(text[c.start : c.end] == c.text for c in pieces)


@pytest.mark.parametrize(
    ("paragraph", "names"),
    [
        ("建立专利池。(责任单位:市市场监管局、市科技局)", ["市市场监管局", "市科技局"]),
        ("建立专利池。(市发改委、市科技局按职责分工负责)", ["市发改委", "市科技局"]),
        (
            "建立专利池。(市市场监管局(知识产权局)牵头,市发改委等按职责分工负责)",
            ["市市场监管局(知识产权局)", "市发改委"],
        ),
        ("鼓励申请专利合作条约(PCT)", []),
        ("建立专利池。", []),
    ],
)
def test_owners_from_the_bracket_closing_a_task(paragraph, names):
    assert owners(paragraph) == names


# -- targets in sentences ----------------------------------------------------------------------


def test_a_goal_sentence():
    text = "到2025年,万人高价值发明专利拥有量达50件,版权产业增加值占GDP比重达8.6%。"
    first, second = sentence_targets(text, 2022)
    assert (first.quote, first.threshold, first.unit) == (
        "万人高价值发明专利拥有量达50件",
        50,
        "件",
    )
    assert (second.words, second.threshold, second.unit) == (
        "版权产业增加值占GDP比重",
        Decimal("8.6"),
        "%",
    )
    assert first.deadline == 2025 and first.comparator is Comparator.ge


def test_the_quote_is_exact_text():
    text = "一、目标\n力争到2026年,知识产权质押贷款金额7亿元以上、专利密集型产品备案500件以上。"
    for found in sentence_targets(text, 2024):
        assert text[found.start : found.end] == found.quote
        assert found.attribute == "expected"
    assert [t.quote for t in sentence_targets(text, 2024)] == [
        "知识产权质押贷款金额7亿元以上",
        "专利密集型产品备案500件以上",
    ]


def test_growth_names_the_indicator_of_the_clause_before():
    found = sentence_targets("2026年,实现每万人高价值发明专利拥有量达2.1件,年均增长10%。", 2024)
    growth = found[1]
    assert (growth.kind, growth.threshold, growth.unit) == (Kind.growth, 10, "%")
    assert growth.quote == "每万人高价值发明专利拥有量达2.1件,年均增长10%"


def test_the_words_after_a_verb_name_the_indicator():
    found = _one("四年内在全市建成20家知识产权运营中心。")
    assert found.words == "知识产权运营中心"
    assert found.quote == "四年内在全市建成20家知识产权运营中心"
    assert found.kind is Kind.increment


def test_a_sentence_about_the_past_is_no_target():
    assert sentence_targets("2020年,全市专利授权量达到5000件。", 2022) == []


def test_a_number_without_a_target_word_is_no_target():
    assert sentence_targets("全市共有高校12所。", 2022) == []


def test_about_is_marked_for_a_person():
    found = _one("支持培育300户左右专精特新企业。")
    assert found.comparator is Comparator.ge
    assert any("左右" in doubt for doubt in found.doubts)


def test_a_range_is_marked_for_a_person():
    found = _one("形成3-5个知识产权密集型产业集群。")
    assert found.threshold == 3 and any("range" in doubt for doubt in found.doubts)


def test_a_list_after_xinzeng_is_new_too():
    found = sentence_targets("新增专业人才超过130人，企业知识产权总监50人。", 2023)
    assert [(t.kind, t.threshold) for t in found] == [
        (Kind.increment, 130),
        (Kind.increment, 50),
    ]
    assert any("carried" in reading for reading in found[1].readings)


def test_a_clause_with_its_own_boundary_word_keeps_its_kind():
    found = sentence_targets("交易额累计达600亿元以上,服务机构总收入超40亿元。", 2022)
    assert [t.kind for t in found] == [Kind.cumulative, Kind.level]


def test_a_rate_for_two_things_is_a_target_for_each():
    found = sentence_targets("知识产权转让、许可年均增幅20%以上。", 2022)
    assert [(t.words, t.kind, t.threshold) for t in found] == [
        ("知识产权转让", Kind.growth, 20),
        ("许可", Kind.growth, 20),
    ]
    assert all(t.quote == "知识产权转让、许可年均增幅20%以上" and t.doubts for t in found)


def test_a_count_stated_for_two_things_stays_one_target():
    found = sentence_targets("集体商标、证明商标数量达2件。", 2022)
    assert len(found) == 1


# -- indicator tables --------------------------------------------------------------------------

TABLE = (
    "主要指标\n分类 指标 2020年实现值 2025年目标值 属性\n"
    "创造 每万人口高价值发明专利拥有量(件)10.66 20 预期性"
    "专利合作条约(PCT)专利申请量(件) 365 880 预期性 "
    "保护 知识产权保护社会满意度(分) / 85以上 预期性 "
    "管理 国家知识产权优势示范企业数量(家) 75150 预期性"
)


def test_table_rows_give_base_and_target():
    rows = table_targets(TABLE)
    assert [(r.words, r.threshold, r.unit) for r in rows] == [
        ("每万人口高价值发明专利拥有量", 20, "件"),
        ("专利合作条约(PCT)专利申请量", 880, "件"),
        ("知识产权保护社会满意度", 85, "分"),
        ("国家知识产权优势示范企业数量", 150, "家"),
    ]
    assert (rows[0].baseline.year, rows[0].baseline.value) == (2020, Decimal("10.66"))
    assert rows[0].baseline.unit == "件"
    assert rows[0].deadline == 2025 and rows[0].attribute == "expected"
    assert rows[2].baseline is None  # "/": the plan gives no base
    assert all(TABLE[r.start : r.end] == r.quote for r in rows)


def test_a_cell_that_lost_its_separator_is_split_and_marked():
    assert split_damaged("75150") == (75, 150)
    assert split_damaged("620") == (6, 20)
    assert split_damaged("350700") == (350, 700)
    assert split_damaged("10") is None
    damaged = table_targets(TABLE)[3]
    assert damaged.baseline.value == 75 and damaged.doubts


def test_rows_without_a_base_and_target_header_are_not_a_table():
    assert table_targets("说明 每万人口高价值发明专利拥有量(件)10.66 20") == []


# -- milestones --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        ("建立专利池。", ["建立专利池"]),
        ("推动建设知识产权快速维权中心。", ["推动建设知识产权快速维权中心"]),
        ("实现维权援助网络全覆盖。", ["实现维权援助网络全覆盖"]),
        ("将知识产权指标纳入目标考核体系。", ["将知识产权指标纳入目标考核体系"]),
        (
            "推动制定《专利导航细则》《调查官管理办法》。",
            ["推动制定《专利导航细则》", "《调查官管理办法》"],
        ),
        ("支持公安部门在执法机构设立警务联络室。", ["支持公安部门在执法机构设立警务联络室"]),
        ("并将相关指标纳入目标考核体系。", ["并将相关指标纳入目标考核体系"]),
        ("推进知识产权快维中心建设。", ["推进知识产权快维中心建设"]),  # named as a noun
        ("在2016年顺利通过验收。", ["在2016年顺利通过验收"]),
        ("举办美食节活动、开通网络平台。", ["举办美食节活动", "开通网络平台"]),
        ("建立严保护、大保护的格局。", ["建立严保护、大保护的格局"]),
        ("力争成为国家级金融创新示范区。", ["力争成为国家级金融创新示范区"]),
        ("开展知识产权密集型产业统计。", ["开展知识产权密集型产业统计"]),
        ("实施版权创新发展工程。", ["实施版权创新发展工程"]),
        ("组织开展知识产权执法专项行动。", ["组织开展知识产权执法专项行动"]),
        ("形成可复制、可推广的证券化模板。", ["形成可复制、可推广的证券化模板"]),
        ("深入实施,推动产业高质量发展。", []),  # 实施 and 推动 alone deliver nothing
        ("实现知识产权保险的全产业覆盖。", ["实现知识产权保险的全产业覆盖"]),
        ("知识产权强市建设取得明显成效。", []),  # 建设 as a noun
        ("建成20家运营中心。", []),  # a quantity: a quantitative target instead
        ("加强宣传。", []),
    ],
)
def test_deliverables(text, quotes):
    found = [m for m in milestone_targets(text) if not m.exploratory]
    assert [m.quote for m in found] == quotes
    assert all(m.kind is Kind.milestone and m.doubts for m in found)


# -- indicators --------------------------------------------------------------------------------


def test_catalogue_label_with_synonyms():
    match = best_match("每万人口高价值发明专利拥有量", "件/万人", Kind.level, CATALOGUE)
    assert match.indicator.key == "high_value_invention_patents_per_10k"


def test_no_match_for_words_the_catalogue_lacks():
    assert best_match("数据知识产权登记证书数量", "件", Kind.level, CATALOGUE) is None


def test_a_unit_per_10000_residents_from_the_words():
    assert per_unit("每万人口高价值发明专利拥有量", "件") == "件/万人"
    assert per_unit("万企注册商标企业数", "家") == "家/万户"
    assert per_unit("专利授权量", "件") == "件"


def test_dimension_from_the_words():
    assert dimension_of("知识产权质押融资金额").value == "utilization"
    assert dimension_of("知识产权保护社会满意度").value == "protection"
    assert dimension_of("某某") is None


# -- the plan and whole drafts -----------------------------------------------------------------

PLAN = """\
某某市知识产权强市建设试点工作方案(2024—2026年)
某政发〔2024〕7号
2024年3月1日
《某某市知识产权强市建设试点工作方案(2024—2026年)》现予印发。
一、主要目标
到2026年,每万人口高价值发明专利拥有量达到12件,数据知识产权登记证书突破300件,\
知识产权保护社会满意度达85分以上。
二、重点任务
建设知识产权快速维权中心,设立知识产权质押融资风险补偿资金。(责任单位:市市场监管局、市财政局)
"""


def test_plan_facts():
    facts = plan_facts(PLAN, [2026])
    assert facts.title == "某某市知识产权强市建设试点工作方案(2024—2026年)"
    assert (facts.region, facts.level, facts.programme) == ("某某市", "city", "pilot")
    assert facts.period == (2024, 2026) and facts.issued == dt.date(2024, 3, 1)
    assert facts.document_number == "某政发〔2024〕7号"


def test_a_draft_quotes_the_plan_and_marks_its_guesses():
    pack = draft_pack(PLAN, "plan.txt", CATALOGUE)
    targets = {t["quote"]: t for t in pack["targets"]}
    known = targets["每万人口高价值发明专利拥有量达到12件"]
    assert known["indicator"] == "high_value_invention_patents_per_10k"
    assert (known["threshold"], known["unit"], known["comparator"]) == (12, "件/万人", ">=")
    new = targets["数据知识产权登记证书突破300件"]
    assert new["comparator"] == ">" and "TODO:" in new["note"]
    stub = next(i for i in pack["indicators"] if i["key"] == new["indicator"])
    assert stub["unit"] == "件" and "TODO:" in stub["definition"]
    milestone = targets["建设知识产权快速维权中心"]
    assert milestone["kind"] == "milestone"
    assert milestone["owners"] == ["市市场监管局", "市财政局"]
    assert all(quote in PLAN for quote in targets)


def test_a_draft_never_invents_a_value():
    pack = draft_pack(PLAN, "plan.txt", CATALOGUE)
    numbers = {str(t.get("threshold")) for t in pack["targets"] if t["kind"] != "milestone"}
    assert numbers == {"12", "300", "85"}
    assert all("baseline" not in t for t in pack["targets"])


def test_draft_txt_and_docx_alike(tmp_path, cli):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    lines = PLAN.splitlines()
    for line in lines[:-1]:
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=4)
    header = ["指标", "2023年实现值", "2026年目标值", "属性"]
    row = ["专利代理师数量(人)", "40", "60", "预期性"]
    for cells, texts in ((table.rows[0].cells, header), (table.rows[1].cells, row)):
        for cell, text in zip(cells, texts, strict=True):
            cell.text = text
    document.add_paragraph(lines[-1])
    path = tmp_path / "plan.docx"
    document.save(str(path))
    text = read_plan_text(path)
    assert text.index("专利代理师数量(人)\t40\t60") < text.index("建设知识产权快速维权中心")
    result = cli("draft", path, "-o", tmp_path / "pack.yaml")
    assert result.code == 0, result.err
    pack = yaml.safe_load((tmp_path / "pack.yaml").read_text("utf-8"))
    row = next(t for t in pack["targets"] if t["quote"].startswith("专利代理师数量"))
    assert (row["indicator"], row["threshold"], row["baseline"]) == (
        "patent_attorneys",
        60,
        {"year": 2023, "value": 40},
    )


def test_draft_to_stdout(tmp_path, cli):
    (tmp_path / "plan.txt").write_text(PLAN, "utf-8")
    result = cli("draft", tmp_path / "plan.txt")
    assert result.code == 0 and "TODO notes" in result.err
    assert yaml.safe_load(result.out)["targets"]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("plan.pdf", b"%PDF", "E119"),
        ("plan.txt", "方案".encode("gbk"), "E102"),
        ("plan.docx", b"not a zip", "E100"),
        ("plan.txt", b"  \n", "E101"),
    ],
)
def test_unreadable_plans_are_one_line_errors(tmp_path, cli, name, content, code):
    (tmp_path / name).write_bytes(content)
    result = cli("draft", tmp_path / name, "-o", tmp_path / "pack.yaml")
    assert result.code == 2 and f" {code} " in result.err and len(result.err.splitlines()) == 1
    assert not (tmp_path / "pack.yaml").exists()
    with pytest.raises(InputError):
        read_plan_text(tmp_path / name)


def test_draft_text_is_yaml_with_a_header():
    text = draft_text(PLAN, "plan.txt", CATALOGUE)
    assert text.startswith("# Draft rule pack written by `ipscore draft` from plan.txt.")
    assert yaml.safe_load(text)["plan"]["id"] == "draft-2024-2026"


def test_source_is_a_path(tmp_path):
    path = Path(tmp_path / "p.txt")
    path.write_text("\ufeff" + PLAN.replace("\n", "\r\n"), "utf-8")
    assert read_plan_text(path) == PLAN


# -- lint reports every TODO -------------------------------------------------------------------


def test_lint_reports_each_todo_until_it_is_resolved(tmp_path, cli):
    from helpers import small_plan_data

    target = {
        "id": "t-one",
        "indicator": "patent_grants",
        "dimension": "creation",
        "kind": "level",
        "threshold": 300,
        "unit": "件",
        "quote": "专利授权量突破300件",
        "comparator": ">",
        "note": "突破 read as >. TODO: check the unit. TODO: dimension is a guess.",
    }
    pack = small_plan_data([target])
    pack["plan"]["title_en"] = "TODO: English title"
    path = tmp_path / "pack.yaml"
    path.write_text(yaml.safe_dump(pack, allow_unicode=True), "utf-8")
    result = cli("lint", path, "--lang", "en")
    assert result.code == 2
    assert result.out.splitlines() == [
        f"{path}: plan.title_en: E135 unresolved TODO: English title",
        f"{path}: t-one: E135 unresolved TODO: check the unit",
        f"{path}: t-one: E135 unresolved TODO: dimension is a guess",
    ]
    assert cli("lint", path).out.splitlines() == [  # Chinese by default, codes and places kept
        f"{path}: plan.title_en: E135 尚未处理的 TODO：English title",
        f"{path}: t-one: E135 尚未处理的 TODO：check the unit",
        f"{path}: t-one: E135 尚未处理的 TODO：dimension is a guess",
    ]
    target["note"] = "突破 read as >."
    pack["plan"]["title_en"] = "Test plan"
    path.write_text(yaml.safe_dump(pack, allow_unicode=True), "utf-8")
    assert cli("lint", path).code == 0


def test_a_draft_loads_and_lints_with_only_todo_problems(tmp_path, cli):
    import ipscore

    (tmp_path / "plan.txt").write_text(PLAN, "utf-8")
    assert cli("draft", tmp_path / "plan.txt", "-o", tmp_path / "pack.yaml").code == 0
    plan = ipscore.load_plan(str(tmp_path / "pack.yaml"))  # the project's one loader
    assert {t.quote for t in plan.targets} >= {"每万人口高价值发明专利拥有量达到12件"}
    assert any(i.key.startswith("new_indicator") for i in plan.indicators)
    result = cli("lint", tmp_path / "pack.yaml", "--lang", "en")
    assert result.code == 2
    problems = result.out.splitlines()
    assert problems and all(": E135 unresolved TODO: " in line for line in problems), problems


# -- untrusted text: bounded work, one-line errors ---------------------------------------------


def test_long_runs_without_punctuation_stay_linear():
    """Look-back windows bound the work per number (a quadratic reading takes minutes here)."""
    long_label = "2020年实现值 2025年目标值\n" + "专" * 30_000 + "(件) 1 2"
    long_clause = "到2025年," + "专利" * 15_000 + "达到50件。"
    many_numbers = "到2025年," + "专利达到50件," * 2_000 + "。"
    for text in (long_label, long_clause, many_numbers):
        pack = draft_pack(text, "plan.txt", CATALOGUE)
        assert all(len(t["quote"]) < 200 for t in pack["targets"])


def test_a_text_with_too_many_targets_is_refused(monkeypatch):
    import ipscore.draft

    monkeypatch.setattr(ipscore.draft, "MAX_TARGETS", 2)
    with pytest.raises(InputError, match="E106|more than 2") as error:
        draft_pack(PLAN, "plan.txt", CATALOGUE)
    assert error.value.code == "E106" and error.value.file == "plan.txt"


def test_an_exploratory_clause_is_excluded_not_a_target():
    (found,) = milestone_targets("探索建立知识产权侵权损害评估制度。")
    assert found.exploratory and found.quote == "探索建立知识产权侵权损害评估制度"
    pack = draft_pack(PLAN + "积极探索建立数据知识产权登记制度。\n", "plan.txt", CATALOGUE)
    assert pack["excluded"] == [
        {
            "quote": "积极探索建立数据知识产权登记制度",
            "reason": "exploratory clause (探索): nothing to verify",
        }
    ]
    assert all("探索" not in t["quote"] for t in pack["targets"])


def test_principles_sections_give_no_milestones():
    text = "二、基本原则\n构建严保护、大保护的格局。\n三、重点任务\n建立专利池。"
    assert [m.quote for m in milestone_targets(text)] == ["建立专利池"]
