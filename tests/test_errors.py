"""The error catalogue (docs/errors.md): every code, fed through the CLI, says what and where.

Each case writes its bad input into a fresh working directory and runs ``ipscore check`` there, so
the line printed is exactly the line docs/errors.md shows (the tests check that it is there).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers import CASES, DOCS, PATENT_GRANTS_TARGET, small_plan_data

import ipscore
from ipscore.errors import CODES, describe_code
from ipscore.io.json_reader import MAX_DEPTH, MAX_INPUT_BYTES
from ipscore.packs import bundled_plan_ids, rules_dir

ERRORS_DOC = DOCS / "errors.md"
PLAN = "nanjing-2022-2025"
BASE = {"region": "南京市", "plans": [PLAN], "as_of": "2025-12-31"}
LINE = re.compile(r"^ipscore: (?:(?P<file>[^:]+): )?(?:(?P<place>.+?): )?(?P<code>[EW]\d{3}) \S")


def data(indicators: dict | None = None, **fields) -> bytes:
    """A submission for the Nanjing plan, as the UTF-8 bytes of a JSON file."""
    body = {**BASE, **fields}
    if indicators is not None:
        body["indicators"] = indicators
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def _pack(indicator: str) -> bytes:
    target = {
        "id": "t-one",
        "indicator": indicator,
        "dimension": "creation",
        "kind": "level",
        "comparator": ">=",
        "threshold": 50,
        "unit": "件",
        "quote": "达到50件",
    }
    return json.dumps(small_plan_data([target]), ensure_ascii=False).encode("utf-8")


def _pack_redefining(key: str) -> bytes:
    """A pack whose own ``indicators:`` give a bundled key another unit."""
    pack = json.loads(_pack(key))
    entry = ipscore.load_catalogue()[key].model_dump(mode="json")
    pack["indicators"] = [{**entry, "unit": "万件"}]
    return json.dumps(pack, ensure_ascii=False).encode("utf-8")


def _too_large() -> bytes:
    padding = b" " * (MAX_INPUT_BYTES + 1 - len(data()))
    return data()[:-1] + padding + b"}"


@dataclass
class Case:
    """A bad input: files to write, the arguments after ``check``, and what the line must say."""

    code: str
    files: Callable[[], dict[str, bytes]]
    place: str | None  # the JSON path (or line/column) the line must name
    says: str  # a part of the message
    says_zh: str | None = None  # a part of the Chinese message
    args: tuple[str, ...] = ("data.json",)
    file: str | None = "data.json"  # the file the line names
    absent: list[str] = field(default_factory=list)  # files the check must never create


ERROR_CASES = [
    Case(
        "E100",
        lambda: {},
        None,
        "cannot read: No such file or directory",
        says_zh="无法读取：文件或文件夹不存在",
    ),
    Case("E101", lambda: {"data.json": b" \n"}, None, "empty file", says_zh="文件为空"),
    Case(
        "E102",
        lambda: {"data.json": data().replace("南京市".encode(), "南京市".encode("gbk"))},
        None,
        "not UTF-8 (bad byte at offset",
        says_zh="不是 UTF-8 编码",
    ),
    Case(
        "E103",
        lambda: {"data.json": b'{"region": "\xe5\x8d\x97\xe4\xba\xac\xe5\xb8\x82",\n "as_of": }'},
        "line 2, column 11",
        "malformed JSON: Expecting value",
        says_zh="JSON 格式错误：此处应有一个值",
    ),
    Case(
        "E104",
        lambda: {"data.json": data().replace(b'"as_of"', b'"region": "x", "as_of"')},
        "$.region",
        "duplicate key 'region'",
        says_zh="键“region”重复出现",
    ),
    Case(
        "E105",
        lambda: {"data.json": data({"patent_grants": {"2024": 0}}).replace(b" 0", b" NaN")},
        "$.indicators.patent_grants.2024",
        "NaN is not a number",
        says_zh="NaN 不是数字",
    ),
    Case(
        "E106",
        lambda: {"data.json": _too_large()},
        None,
        f"larger than {MAX_INPUT_BYTES}",
        says_zh="文件超过",
    ),
    Case(
        "E107",
        lambda: {
            "data.json": data({"patent_grants": json.loads("[" * MAX_DEPTH + "]" * MAX_DEPTH)})
        },
        None,
        f"nested deeper than {MAX_DEPTH} levels",
        says_zh="嵌套超过 12 层",
    ),
    Case(
        "E108",
        lambda: {"data.json": data()},
        None,
        "cannot write: No such file or directory",
        args=("data.json", "-o", "reports/report.txt"),
        file="reports/report.txt",
        absent=["reports"],
        says_zh="无法写入：文件或文件夹不存在",
    ),
    Case(
        "E110",
        lambda: {"data.json": data({"patent_grants": {"2024": "41,000"}})},
        "$.indicators.patent_grants.2024",
        "must be a number, not a string: write 41000 without quotes",
        says_zh="应为数字，而不是字符串：请写成 41000，不加引号",
    ),
    Case(
        "E111",
        lambda: {"data.json": data({"patent_grants": {"2024": 41000, "2025": -5}})},
        "$.indicators.patent_grants.2025",
        "-5 件 is negative",
        says_zh="-5 件 为负数",
    ),
    Case(
        "E112",
        lambda: {"data.json": data({"patent_intensive_industry_gdp_share": 185})},
        "$.indicators.patent_intensive_industry_gdp_share",
        "185 % is above the plausible maximum 100",
        says_zh="185 % 超过专利密集型产业增加值占GDP比重的合理上限 100 %",
    ),
    Case(
        "E113",
        lambda: {"data.json": data({"ip_financing_amount": {"value": 165, "unit": "件"}})},
        "$.indicators.ip_financing_amount.unit",
        "unit '件' does not match the catalogue unit '亿元'",
        says_zh="单位“件”与指标目录中知识产权融资总额的单位“亿元”不符",
    ),
    Case(
        "E113",
        lambda: {
            "data.json": data(
                {"ic_layout_design_registrations_total": {"value": 0.29, "unit": "万"}}
            )
        },
        "$.indicators.ic_layout_design_registrations_total.unit",
        "did you mean '万件'?",
        says_zh="是否应为“万件”？",
    ),
    Case(
        "E114",
        lambda: {"data.json": data({"patent_grants": {"2024年": 41000}})},
        '$.indicators.patent_grants["2024年"]',
        "series key '2024年' is not a year",
        says_zh="序列的键“2024年”不是年份",
    ),
    Case(
        "E115",
        lambda: {"data.json": data({"patent_grants": {"2026": 41000}})},
        "$.indicators.patent_grants.2026",
        "year 2026 is after as_of (2025)",
        says_zh="2026年晚于数据截止日期 as_of（2025年）",
    ),
    Case(
        "E116",
        lambda: {"data.json": data(as_of="2021-06-30")},
        "$.as_of",
        f"as_of 2021-06-30 is before plan {PLAN} starts (2022)",
        says_zh="早于方案 nanjing-2022-2025 的起始年份（2022年）",
    ),
    Case(
        "E117",
        lambda: {"data.json": data(plans=["nanjing-2021-2025"])},
        "$.plans[0]",
        f"unknown plan id 'nanjing-2021-2025'; known plans: {', '.join(bundled_plan_ids())}",
        says_zh="未知的方案编号“nanjing-2021-2025”",
    ),
    Case(
        "E118",
        lambda: {"data.json": data(region="北京市", plans=[])},
        "$.region",
        "no plan for region '北京市'",
        says_zh="没有“北京市”的方案",
    ),
    Case(
        "E119",
        lambda: {"data.txt": data()},
        None,
        "unsupported file type",
        args=("data.txt",),
        file="data.txt",
        says_zh="不支持的文件类型",
    ),
    Case(
        "E120",
        lambda: {"data.xlsx": b"region,as_of\n"},
        None,
        "not an .xlsx workbook",
        args=("data.xlsx",),
        file="data.xlsx",
        says_zh="不是 .xlsx 工作簿",
    ),
    Case(
        "E130",
        lambda: {"data.json": data(), "pack.yaml": b"plan:\n  id: [unclosed\n"},
        "line 3, column 1",
        "invalid YAML",
        args=("data.json", "--rules", "pack.yaml"),
        file="pack.yaml",
        says_zh="YAML 格式错误",
    ),
    Case(
        "E131",
        lambda: {"data.json": data(), "pack.yaml": _pack("patent_grant")},
        "targets[0] (t-one).indicator",
        "unknown indicator 'patent_grant'",
        says_zh="未知指标“patent_grant”",
        args=("data.json", "--rules", "pack.yaml"),
        file="pack.yaml",
    ),
    Case(
        "E132",
        lambda: {"data.json": data(), "pack.yaml": _pack_redefining("patent_grants")},
        "indicators (patent_grants)",
        "indicator 'patent_grants' differs from its definition in rules/indicators.yaml",
        says_zh="指标“patent_grants”与 rules/indicators.yaml 中的定义不同",
        args=("data.json", "--rules", "pack.yaml"),
        file="pack.yaml",
    ),
    Case(
        "E133",
        lambda: {
            "data.json": data(),
            "pack.yaml": b"extends: nanjing-2022-2025\nplan: {id: nj-tailored}\n"
            b"changes:\n  nj-nope: {weight: 2}\n",
        },
        "changes.nj-nope",
        "no target 'nj-nope' in plan nanjing-2022-2025 to change",
        says_zh="方案 nanjing-2022-2025 中没有目标“nj-nope”",
        args=("data.json", "--rules", "pack.yaml"),
        file="pack.yaml",
    ),
    Case(
        "E140",
        lambda: {"data.json": data(), "waivers.yaml": b"waivers:\n  - target: nj-patent-pool\n"},
        "waivers[0].justification",
        "Field required",
        says_zh="缺少必填字段",
        args=("data.json", "--waivers", "waivers.yaml"),
        file="waivers.yaml",
    ),
    Case(
        "E141",
        lambda: {
            "data.json": data(),
            "waivers.yaml": "waivers:\n  - target: nj-patent-pools\n"
            "    justification: 暂缓考核\n".encode(),
        },
        "waivers[0] (nj-patent-pools)",
        f"no target 'nj-patent-pools' in plan {PLAN}",
        args=("data.json", "--waivers", "waivers.yaml"),
        file="waivers.yaml",
        says_zh="方案 nanjing-2022-2025 中没有编号为“nj-patent-pools”的目标",
    ),
]

WARNING_CASES = [
    Case(
        "W200",
        lambda: {"data.json": data({"patent_grant": {"2024": 41000}})},
        "$.indicators.patent_grant",
        "unknown indicator 'patent_grant' is ignored; did you mean 'patent_grants'?",
        says_zh="未知的指标“patent_grant”，已忽略；是否应为“patent_grants”",
    ),
    Case(
        "W201",
        lambda: {"data.json": data({"patent_intensive_industry_gdp_share": 0.196})},
        "$.indicators.patent_intensive_industry_gdp_share",
        "0.196 looks like a fraction",
        says_zh="0.196 像是小数形式",
    ),
    Case(
        "W203",
        lambda: {
            "data.json": data(),
            "waivers.yaml": "waivers:\n  - target: nj-patent-pool\n    justification: 暂缓考核\n"
            "    expires: 2025-06-30\n".encode(),
        },
        "waivers[0] (nj-patent-pool)",
        "waiver expired on 2025-06-30; nj-patent-pool is scored",
        args=("data.json", "--waivers", "waivers.yaml"),
        file="waivers.yaml",
        says_zh="豁免已于 2025-06-30 到期；目标 nj-patent-pool 照常计分",
    ),
    Case(
        "W204",
        lambda: {
            "data.json": data(
                {
                    "high_value_invention_patents_per_10k": {"2025": 72.1},
                    "high_value_invention_patents": {"2025": 69000},
                    "resident_population": {"2025": 960.2},
                }
            )
        },
        "$.indicators.high_value_invention_patents_per_10k",
        "could be derived from high_value_invention_patents / resident_population",
        says_zh="也可由",
    ),
    Case(
        "W205",
        lambda: {"data.json": data(region="合肥市")},
        "$.region",
        "region '合肥市' is not the plan's region '南京市'",
        says_zh="地区“合肥市”与方案的地区“南京市”不一致",
    ),
    Case(
        "W210",
        lambda: {"data.json": data({"ip_protection_satisfaction": {"2024": 86.2}})},
        "$.indicators.ip_protection_satisfaction",
        "the latest value of ip_protection_satisfaction is from 2024, before the reference year",
        says_zh="为2024年数据，早于参考年份2025年",
    ),
    Case(
        "W211",
        lambda: {
            "data.json": data(
                {
                    "ic_layout_design_registrations_total": {
                        "2022": 2650,
                        "2023": 2720,
                        "2024": 2810,
                        "2025": 0.29,
                    }
                }
            )
        },
        "$.indicators.ic_layout_design_registrations_total.2025",
        "is it in 万件? Then write it in 件, as 2,900 件",
        says_zh="是否以万件为单位？如是，请按件写成 2,900 件",
    ),
    Case(  # the whole row in 万件: its years agree, the plan's target (2792 件) does not
        "W211",
        lambda: {
            "data.json": data(
                {
                    "ic_layout_design_registrations_total": {
                        "2022": 0.265,
                        "2023": 0.272,
                        "2024": 0.281,
                        "2025": 0.29,
                    }
                }
            )
        },
        "$.indicators.ic_layout_design_registrations_total",
        "are they in 万件? Then give the row the unit 万件 (or write each value in 件: "
        "2025's as 2,900 件)",
        says_zh="请把这一行的单位填为万件（或按件填写各年数值，如2025年写成 2,900 件）",
    ),
    Case(  # a part in 万件: the per-10k rate derived from it is far below the plan's 50 件/万人
        "W211",
        lambda: {
            "data.json": data(
                {
                    "high_value_invention_patents": {"2024": 4.4, "2025": 4.85},
                    "resident_population": {"2024": 955, "2025": 958},
                }
            )
        },
        "$.indicators.high_value_invention_patents",
        "is 0.0051 件/万人 for 2025, 9,876 times smaller than the plan's targets (about 50 件/万人)"
        ": check both values and their units (高价值发明专利拥有量 in 件, 常住人口 in 万人)",
        says_zh="请核对这两项数值及其单位（高价值发明专利拥有量以件计，常住人口以万人计）",
    ),
    Case(
        "W212",
        lambda: {
            "data.json": data(
                {
                    "ic_layout_design_registrations_total": {
                        "2022": 2650,
                        "2023": 70,
                        "2024": 90,
                        "2025": 85,
                    }
                }
            )
        },
        "$.indicators.ic_layout_design_registrations_total.2023",
        "70 件 for 2023 is less than 2,650 件 for 2022",
        says_zh="但2023年的 70 件 少于2022年的 2,650 件：是否把当年新增数填进了累计行？",
    ),
]

# Notices: listed with the warnings (level "notice"); --strict does not fail on them.
NOTICE_CASES = [
    Case(
        "W202",
        lambda: {"data.json": data({"ip_financing_amount": {"value": 1684000, "unit": "万元"}})},
        "$.indicators.ip_financing_amount.unit",
        "万元 converted to the catalogue unit 亿元 (×0.0001)",
        says_zh="万元已换算为指标目录的单位 亿元（×0.0001）",
    ),
]


def _ids(cases: list[Case]) -> list[str]:
    return [case.code for case in cases]


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """An empty working directory, so printed file names are the short ones the docs show."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _write(case: Case, where: Path) -> None:
    for name, content in case.files().items():
        (where / name).write_bytes(content)


def _at(place: str | None, path: str | None) -> bool:
    """Whether a printed place is ``path``: a value's JSON path in a JSON file is shown after the
    line and column it starts at (tests below check the numbers), anything else as it is."""
    if place == path or path is None or not path.startswith("$."):
        return place == path
    return re.fullmatch(rf"line [1-9][0-9]*, column [1-9][0-9]* \({re.escape(path)}\)", place or "")


def _the_line(result, case: Case, lang: str = "en") -> str:
    """The one stderr line of a failed check, checked against the case (in ``lang``)."""
    assert result.code == 2, result.err
    assert result.out == ""
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    line = lines[0]
    match = LINE.match(line)
    assert match, line
    assert match["code"] == case.code
    assert match["file"] == case.file
    assert _at(match["place"], case.place), line
    if lang == "en":
        assert case.says in line
    elif case.says_zh is not None:
        assert case.says_zh in line
    return line


def _documented_lines() -> set[str]:
    """The example lines of docs/errors.md (those in the form the CLI prints)."""
    lines = (line.strip() for line in ERRORS_DOC.read_text("utf-8").splitlines())
    return {line for line in lines if LINE.match(line)}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("case", ERROR_CASES, ids=_ids(ERROR_CASES))
def test_error(cli, workdir, case, lang):
    """The line in each language names the same code, file and place; docs/errors.md shows
    both. Chinese is the default of ``check``."""
    _write(case, workdir)
    line = _the_line(cli("check", *case.args, "--lang", lang), case, lang)
    assert line in _documented_lines(), f"docs/errors.md does not show: {line}"
    if lang == "zh":
        assert cli("check", *case.args).err.strip() == line
    for name in case.absent:
        assert not (workdir / name).exists()


@pytest.mark.parametrize("case", ERROR_CASES, ids=_ids(ERROR_CASES))
def test_error_writes_no_output(cli, workdir, case):
    _write(case, workdir)
    before = set(workdir.iterdir())
    output = "report.json" if "-o" not in case.args else None
    args = [*case.args, "--format", "json"] + (["-o", output] if output else [])
    result = cli("check", *args)
    assert result.code == 2 and result.out == ""
    assert set(workdir.iterdir()) == before  # no report, no .part file, no directory


@pytest.mark.parametrize("case", WARNING_CASES, ids=_ids(WARNING_CASES))
def test_warning_is_listed_and_strict_makes_it_an_error(cli, workdir, case):
    _write(case, workdir)
    result = cli("check", *case.args, "--format", "json")
    assert result.code in (0, 1), result.err
    warnings = [w for w in json.loads(result.out)["warnings"] if w["code"] == case.code]
    assert warnings, result.out
    assert _at(warnings[0]["path"], case.place) and warnings[0]["file"] == case.file
    assert case.says in warnings[0]["message"]
    assert case.says_zh in warnings[0]["message_zh"]

    for lang in ("zh", "en"):
        strict = cli("check", *case.args, "--strict", "--lang", lang, "-o", "report.json")
        line = _the_line(strict, case, lang)
        assert line in _documented_lines(), f"docs/errors.md does not show: {line}"
        assert not (workdir / "report.json").exists()


@pytest.mark.parametrize("case", NOTICE_CASES, ids=_ids(NOTICE_CASES))
def test_notice_is_listed_and_strict_passes(cli, workdir, case):
    _write(case, workdir)
    result = cli("check", *case.args, "--format", "json")
    notices = [w for w in json.loads(result.out)["warnings"] if w["code"] == case.code]
    assert [(n["level"], n["file"]) for n in notices] == [("notice", case.file)]
    assert _at(notices[0]["path"], case.place)
    assert case.says in notices[0]["message"]
    assert case.says_zh in notices[0]["message_zh"]

    documented = {line.strip() for line in ERRORS_DOC.read_text("utf-8").splitlines()}
    for lang, says in (("zh", case.says_zh), ("en", case.says)):
        strict = cli("check", *case.args, "--strict", "--lang", lang)
        assert strict.code in (0, 1) and strict.err == "", strict.err
        listed = [line.removeprefix("- ") for line in strict.out.splitlines() if case.code in line]
        assert len(listed) == 1 and says in listed[0]
        assert listed[0] in documented, f"docs/errors.md does not show: {listed[0]}"


def test_strict_lists_every_warning_in_place_order(cli, workdir):
    (workdir / "data.json").write_bytes(
        data(
            {
                "patent_grant": {"2025": 1},
                "ip_financing_amount": {"value": 1684000, "unit": "万元"},  # a notice: not listed
                "patent_intensive_industry_gdp_share": 0.196,
            },
            region="合肥市",
        )
    )
    result = cli("check", "data.json", "--strict")
    assert result.code == 2 and result.out == ""
    places = [LINE.match(line)["place"] for line in result.err.splitlines()]
    assert places == [  # by line in the file (region is line 2, the indicators from line 8)
        "line 2, column 12 ($.region)",
        "line 8, column 19 ($.indicators.patent_grant)",
        "line 15, column 42 ($.indicators.patent_intensive_industry_gdp_share)",
    ]


def test_report_lists_its_warnings_in_place_order(cli, workdir):
    """W205 ($.region) is found after W210 ($.indicators.…); the report lists them by place
    (by line: the region comes first in the file)."""
    (workdir / "data.json").write_bytes(
        data({"ip_protection_satisfaction": {"2024": 86.2}}, region="合肥市")
    )
    result = cli("check", "data.json", "--format", "json")
    assert result.code in (0, 1), result.err
    warnings = json.loads(result.out)["warnings"]
    assert [(w["path"], w["code"]) for w in warnings] == [
        ("line 2, column 12 ($.region)", "W205"),
        ("line 8, column 33 ($.indicators.ip_protection_satisfaction)", "W210"),
    ]


def test_strict_passes_on_every_bundled_case(cli):
    cases = sorted(path for path in CASES.glob("*.json") if ".expected." not in path.name)
    assert len(cases) >= 15
    for path in cases:
        result = cli("check", str(path), "--strict")
        assert result.code in (0, 1) and result.err == "", (path.name, result.err)


# Codes only `ipscore lint` reports: one pack target each, run by test_lint_code_is_documented.
def _lint_target(**fields) -> dict:
    return {**PATENT_GRANTS_TARGET, **fields}


LINT_CASES = {
    "E135": _lint_target(
        id="t-002",
        comparator=">",
        quote="专利授权量突破300件",
        note="TODO: «数据知识产权登记证书» is not in the catalogue: a new indicator.",
    ),
    "E150": _lint_target(threshold=880, quote="专利授权量达到800件"),
    "E151": _lint_target(comparator=">=", quote="专利授权量超过300件"),
    "E152": _lint_target(quote="专利授权量300件"),
    "E153": _lint_target(quote="专利授权量300件左右"),
    "E154": _lint_target(tolerance=5),
    "E155": _lint_target(quote="专利授权量力争达到300件"),
    "E156": _lint_target(unit="人"),
    "E157": _lint_target(indicator="ip_big_data_platform_built"),
    "E158": _lint_target(quote="=HYPERLINK(1) 专利授权量达到300件"),
}
LINT_CODES = set(LINT_CASES)


@pytest.mark.parametrize("code", sorted(LINT_CASES))
def test_lint_code_is_documented(cli, workdir, code):
    """Each lint code: the pack's one problem, as lint prints it in English and in Chinese, is a
    line docs/errors.md shows."""
    (workdir / "pack.yaml").write_text(
        json.dumps(small_plan_data([LINT_CASES[code]]), ensure_ascii=False), "utf-8"
    )
    documented = {line.strip() for line in ERRORS_DOC.read_text("utf-8").splitlines()}
    printed = {}
    for lang in ("en", "zh"):
        result = cli("lint", "pack.yaml", "--lang", lang)
        assert result.code == 2
        lines = result.out.splitlines()
        assert len(lines) == 1 and lines[0].startswith("pack.yaml: "), lines
        assert lines[0] in documented, f"docs/errors.md does not show: {lines[0]}"
        printed[lang] = lines[0].split(f" {code} ", 1)
    assert printed["en"][0] == printed["zh"][0]  # the same file and place
    assert printed["en"][1] != printed["zh"][1]
    assert re.match("[\u4e00-\u9fff]", printed["zh"][1]), printed["zh"]  # starts in Chinese


def test_every_code_has_a_test_and_a_doc_section():
    cases = ERROR_CASES + WARNING_CASES + NOTICE_CASES
    tested = {case.code for case in cases} | LINT_CODES
    assert tested == set(CODES)
    assert [case.code for case in cases if not case.says_zh] == []  # each checked in Chinese
    headings = re.findall(r"^### ([EW]\d{3}) ", ERRORS_DOC.read_text("utf-8"), re.MULTILINE)
    assert sorted(headings) == sorted(CODES)


def test_docs_show_no_line_the_cli_does_not_print(cli, tmp_path, monkeypatch):
    """Every example line in docs/errors.md is produced by one of the cases, in Chinese or in
    English (no stale lines)."""
    produced = set()
    for index, case in enumerate(ERROR_CASES + WARNING_CASES):
        where = tmp_path / str(index)
        where.mkdir()
        monkeypatch.chdir(where)
        _write(case, where)
        strict = ("--strict",) if case.code.startswith("W") else ()
        for lang in ("zh", "en"):
            produced.add(cli("check", *case.args, *strict, "--lang", lang).err.strip())
    assert _documented_lines() - produced == set()


def test_bom_is_accepted(cli, workdir):
    plain = CASES / "nanjing-2025-partial.json"
    (workdir / "bom.json").write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
    with_bom = json.loads(cli("check", "bom.json", "--format", "json").out)
    without = json.loads(cli("check", plain, "--format", "json").out)
    assert with_bom["score"] == without["score"]
    assert with_bom["targets"] == without["targets"]


def test_converted_unit_gives_the_same_measure(cli, workdir):
    (workdir / "yi.json").write_bytes(data({"ip_financing_amount": {"2025": 168.4}}))
    (workdir / "wan.json").write_bytes(
        data({"ip_financing_amount": {"series": {"2025": 1684000}, "unit": "万元"}})
    )
    actual = {}
    for name in ("yi.json", "wan.json"):
        report = json.loads(cli("check", name, "--format", "json").out)
        target = next(t for t in report["targets"] if t["indicator"] == "ip_financing_amount")
        actual[name] = target["actual"]
    assert actual["yi.json"] == pytest.approx(actual["wan.json"])
    assert actual["yi.json"] is not None


def test_fraction_warning_leaves_the_value_alone(workdir):
    (workdir / "data.json").write_bytes(data({"patent_intensive_industry_gdp_share": 0.196}))
    report = ipscore.evaluate(PLAN, "data.json")
    target = next(t for t in report.targets if t.indicator == "patent_intensive_industry_gdp_share")
    assert target.actual == pytest.approx(0.196)
    assert target.status.value != "met"
    assert "did you mean 19.6?" in next(w.message for w in report.warnings if w.code == "W201")


def test_rule_file_code_is_never_executed(cli, workdir):
    (workdir / "data.json").write_bytes(data())
    (workdir / "pack.yaml").write_text(
        "plan: !!python/object/apply:os.system ['touch pwned']\n", "utf-8"
    )
    result = cli("check", "data.json", "--rules", "pack.yaml")
    assert result.code == 2 and "E130" in result.err
    assert "python/object/apply" in result.err
    assert not (workdir / "pwned").exists()


def test_submission_cannot_name_a_file_as_its_plan(cli, workdir):
    shutil.copy(rules_dir() / f"{PLAN}.yaml", workdir / "mine.yaml")
    (workdir / "data.json").write_bytes(data(plans=["mine.yaml"]))
    result = cli("check", "data.json", "--lang", "en")
    assert result.code == 2
    assert (
        "data.json: line 4, column 3 ($.plans[0]): E117 unknown plan id 'mine.yaml'" in result.err
    )


def test_line_breaks_in_keys_stay_on_one_line(cli, workdir):
    (workdir / "data.json").write_bytes(data({"patent\ngrants": {"20\u202824": 1}}))
    result = cli("check", "data.json")
    assert result.code == 2
    assert len(result.err.splitlines()) == 1
    assert "E114" in result.err and '["patent\\ngrants"]' in result.err


def test_debug_shows_a_traceback_only_for_internal_errors(cli, workdir, monkeypatch):
    (workdir / "data.json").write_bytes(data())
    (workdir / "bad.json").write_bytes(b"{")
    plain = cli("--debug", "check", "bad.json")
    assert plain.code == 2 and "Traceback" not in plain.err and "E103" in plain.err

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug\nwith a second line")

    monkeypatch.setattr("ipscore.batch.evaluate", broken)
    quiet = cli("check", "data.json")
    assert quiet.code == 2
    assert quiet.err.splitlines() == [
        "ipscore: internal error: RuntimeError: simulated bug (run with --debug)"
    ]
    loud = cli("--debug", "check", "data.json")
    assert loud.code == 2 and "Traceback" in loud.err and "simulated bug" in loud.err


def _ipscore_command() -> list[str]:
    script = Path(sys.executable).with_name("ipscore")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ipscore.cli"]


def test_real_process(cli, workdir):
    """A real ``ipscore`` process: same line and exit status as in-process, never a traceback."""
    cases = {case.code: case for case in ERROR_CASES + WARNING_CASES}
    for code in ("E103", "E111", "E114", "W201"):
        case = cases[code]
        where = workdir / code
        where.mkdir()
        _write(case, where)
        strict = ("--strict",) if code.startswith("W") else ()
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        process = subprocess.run(
            [*_ipscore_command(), "check", *case.args, *strict],
            cwd=where,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=60,
        )
        assert process.returncode == 2
        assert "Traceback" not in process.stderr and process.stdout == ""
        os.chdir(where)
        assert process.stderr == cli("check", *case.args, *strict).err


PG = "$.indicators.patent_grants"
SHARE = "$.indicators.patent_intensive_industry_gdp_share"
MORE = [  # (code, the indicators object as JSON text, place, part of the message)
    ("E105", '{"patent_grants": {"2024": 1e400}}', f"{PG}.2024", "1e400 is too large"),
    ("E105", '{"patent_grants": -' + "9" * 400 + "}", PG, "(401 digits) is too large"),
    ("E104", '{"patent_grants": {"2024": 1, "2024": 2}}', f"{PG}.2024", "duplicate key '2024'"),
    ("E110", '{"patent_grants": {"2024": true}}', f"{PG}.2024", "not a boolean"),
    ("E110", '{"patent_grants": {"2024": null}}', f"{PG}.2024", "not null"),
    ("E110", '{"patent_intensive_industry_gdp_share": "19.6%"}', SHARE, "write 19.6 without"),
    ("E110", '{"patent_grants": {}}', PG, "empty series"),
    ("E110", '{"patent_grants": {"value": 1, "series": {"2024": 1}}}', PG, "exactly one"),
    ("E110", '{"patent_grants": {"series": {"2024": "x"}}}', f"{PG}.series.2024", "a string"),
    ("E110", '{"patent_grants": {"value": 1, "units": "件"}}', f"{PG}.units", "unexpected"),
    ("E110", '{"patent_pool_established": 1}', "$.indicators.patent_pool_established", "milestone"),
    ("E112", '{"patent_grants": {"2024": 1e13}}', f"{PG}.2024", "implausibly large"),
    ("E112", '{"patent_grants": {"value": 1e300, "unit": "万件"}}', f"{PG}.value", "implausibly"),
    ("E112", '{"patent_grants": {"2024": 5e-187}}', f"{PG}.2024", "implausibly small"),
    (
        "E112",
        '{"abnormal_patent_applications": {"2025": 60}, "patent_applications": {"2025": 50}}',
        "$.indicators.abnormal_patent_applications",
        "derived from abnormal_patent_applications / patent_applications for 2025: 120 %",
    ),
    ("E111", '{"patent_grants": {"series": {"2024": -1}}}', f"{PG}.series.2024", "is negative"),
    ("E114", '{"patent_grants": {"series": {"24": 1}}}', f"{PG}.series.24", "'24' is not a year"),
    ("E114", '{"patent_grants": {"1989": 1}}', f"{PG}.1989", "not a year (1990–2100)"),
    ("E115", '{"patent_grants": {"series": {"2026": 1}}}', f"{PG}.series.2026", "after as_of"),
]


@pytest.mark.parametrize(("code", "indicators", "place", "says"), MORE, ids=[m[0] for m in MORE])
def test_more_bad_values(cli, workdir, code, indicators, place, says):
    raw = data({}).replace(b'"indicators": {}', b'"indicators": ' + indicators.encode())
    (workdir / "data.json").write_bytes(raw)
    _the_line(cli("check", "data.json", "--lang", "en"), Case(code, dict, place, says))


def test_very_deep_nesting(cli, workdir):
    (workdir / "data.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    _the_line(cli("check", "data.json", "--lang", "en"), Case("E107", dict, None, "nested deeper"))


@pytest.mark.parametrize(
    ("fields", "place", "says"),
    [
        ({"as_of": "86400"}, "$.as_of", "as_of must be a date written YYYY-MM-DD, not '86400'"),
        ({"as_of": "2025/12/31"}, "$.as_of", "YYYY-MM-DD"),
        ({"as_of": 20251231}, "$.as_of", "not a number"),
        ({"as_of": "2025-02-30"}, "$.as_of", "date"),
        ({"region": ""}, "$.region", "at least 1 character"),
        ({"plans": "nanjing-2022-2025"}, "$.plans", "list"),
        ({"milestones": {"patent_pool_established": {"done": "yes"}}}, None, "true or false"),
        ({"milestones": {"patent_pool_established": {"done": True, "date": "2025-1-1"}}}, None, ""),
        ({"milestones": {"patent_pool_established": 1}}, None, "true/false"),
        ({"extra": 1}, "$.extra", "unexpected field"),
    ],
)
def test_wrong_fields(cli, workdir, fields, place, says):
    (workdir / "data.json").write_bytes(data(**fields))
    if place is None:
        place = "$.milestones.patent_pool_established"
        if "date" in json.dumps(fields):
            place += ".date"
        elif "done" in json.dumps(fields):
            place += ".done"
    _the_line(cli("check", "data.json", "--lang", "en"), Case("E110", dict, place, says))


def test_missing_field(cli, workdir):
    (workdir / "data.json").write_text('{"region": "南京市"}', "utf-8")
    result = cli("check", "data.json", "--lang", "en")
    _the_line(result, Case("E110", dict, "$.as_of", "required field"))
    _the_line(cli("check", "data.json"), Case("E110", dict, "$.as_of", "", "缺少必填字段"), "zh")


def test_one_bad_file_among_several(cli, workdir):
    (workdir / "bad.json").write_bytes(data({"patent_grants": {"2024": -1}}))
    shutil.copy(CASES / "nanjing-2025-partial.json", workdir / "good.json")
    result = cli("check", "bad.json", "good.json", "-o", "out")
    assert result.code == 2
    errors = [line for line in result.err.splitlines() if LINE.match(line)["code"][0] != "W"]
    assert len(errors) == 1 and errors[0].startswith("ipscore: bad.json: ") and "E111" in errors[0]
    reports = [p.name for p in (workdir / "out").iterdir() if p.suffix == ".txt"]
    assert reports == [f"good.{PLAN}.txt"]


def test_every_code_has_both_languages_in_the_table_and_the_docs():
    """One message table keyed by code (errors.MESSAGES): English and Chinese for every code,
    and docs/errors.md's catalogue shows both."""
    rows = set(
        re.findall(r"^\| ([EW]\d{3}) \| (.+) \| (.+) \|$", ERRORS_DOC.read_text("utf-8"), re.M)
    )
    for code in CODES:
        en, zh = describe_code(code, "en"), describe_code(code, "zh")
        assert en == CODES[code] and re.search("[\u4e00-\u9fff]", zh), code
        assert (code, en, zh) in rows, code
