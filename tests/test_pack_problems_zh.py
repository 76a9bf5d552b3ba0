"""The problems of a rule pack, its catalogue and a plan text for ``ipscore draft``, in Chinese as
well as English: the loader's codes (E100, E117, E130-E133), the validation messages of the pack
models (ipscore.validation_text) and the draft's file problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from helpers import PATENT_GRANTS_TARGET, small_plan_data

import ipscore
from ipscore.draft import draft_pack
from ipscore.draft.source import read_plan_text
from ipscore.errors import InputError
from ipscore.lint import lint_paths
from ipscore.packs import load_plan
from ipscore.validation_text import error_texts

TARGET = PATENT_GRANTS_TARGET


def _pack(tmp_path, data) -> str:
    path = tmp_path / "pack.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return str(path)


def _raised(path: str) -> InputError:
    with pytest.raises(InputError) as raised:
        load_plan(path)
    return raised.value


@pytest.mark.parametrize(
    ("change", "place", "en", "zh"),
    [
        (
            {"plan": {"colour": "red"}},
            "plan.colour",
            "Extra inputs are not permitted",
            "没有这个字段（拼写是否有误？）",
        ),
        (
            {"plan": {"level": "town"}},
            "plan.level",
            "Input should be 'city' or 'county'",
            "取值应为 'city' 或 'county'",
        ),
        (
            {"target": {"threshold": "lots"}},
            "targets[0] (t-one).threshold",
            "Input should be a valid number, unable to parse string as a number",
            "应为数字",
        ),
        (
            {"target": {"kind": "growth", "unit": "%"}},
            "targets[0] (t-one)",
            "kind growth needs a baseline year",
            "growth 类目标需要基期年份（baseline）",
        ),
        (
            {"target": {"weight": -1}},
            "targets[0] (t-one).weight",
            "Input should be greater than 0",
            "应大于 0",
        ),
        (
            {"target": {"alternatives": [{"kind": "growth", "unit": "%", "note": "另一种理解"}]}},
            "targets[0] (t-one)",
            "alternative 1: kind growth needs a baseline year",
            "第 1 种理解（alternatives）：growth 类目标需要基期年份（baseline）",
        ),
        (
            {"target": {"alternatives": [{"note": "x"}]}},
            "targets[0] (t-one).alternatives[0].note",
            "String should have at least 2 characters",
            "太短：至少要有 2 个字",
        ),
    ],
)
def test_a_schema_problem_is_said_in_both_languages(tmp_path, change, place, en, zh):
    data = small_plan_data([{**TARGET, **change.get("target", {})}])
    data["plan"].update(change.get("plan", {}))
    error = _raised(_pack(tmp_path, data))
    assert (error.code, error.path) == ("E130", place)
    assert (error.message, error.message_zh) == (en, zh)


def test_a_pydantic_error_type_without_words_keeps_its_english_in_a_chinese_sentence():
    error = {"type": "no_such_type", "msg": "Something odd", "loc": ("x",)}
    assert error_texts(error) == ("Something odd", "不符合格式要求（Something odd）")


def test_every_schema_problem_lint_lists_has_chinese(tmp_path):
    bad = small_plan_data([{**TARGET, "threshold": "x", "colour": 1}, {**TARGET, "weight": 0}])
    bad["plan"]["level"] = "town"
    problems = lint_paths([Path(_pack(tmp_path, bad))])
    assert len(problems) == 4
    assert all(p.code == "E130" and p.message_zh and p.message_zh != p.message for p in problems)


def test_loader_errors_in_chinese(tmp_path):
    unknown = _raised(_pack(tmp_path, small_plan_data([{**TARGET, "indicator": "nope"}])))
    assert (unknown.code, unknown.message_zh) == ("E131", "未知指标“nope”（不在指标目录中）")

    redefined = small_plan_data([TARGET])
    entry = ipscore.load_catalogue()["patent_grants"].model_dump(mode="json")
    redefined["indicators"] = [{**entry, "unit": "万件"}]
    error = _raised(_pack(tmp_path, redefined))
    assert error.code == "E132"
    assert error.line("zh").endswith(
        "E132 指标“patent_grants”与 rules/indicators.yaml 中的定义不同："
        "已有的指标不能改变含义，请给自己的指标另起一个键"
    )

    tailoring = {"extends": "nanjing-2022-2025", "plan": {"id": "x-2022-2025"}}
    tailoring["changes"] = {"nj-nope": {"weight": 2}}
    error = _raised(_pack(tmp_path, tailoring))
    assert (error.code, error.path) == ("E133", "changes.nj-nope")
    assert error.message_zh == "方案 nanjing-2022-2025 中没有目标“nj-nope”，无法修改"

    missing = _raised(str(tmp_path / "absent.yaml"))
    assert (missing.code, missing.message_zh) == ("E100", "找不到这个规则包")
    with pytest.raises(InputError) as raised:
        load_plan("no-such-plan")
    assert raised.value.code == "E117"
    assert raised.value.line("zh").startswith("E117 未知的方案编号“no-such-plan”；现有方案：")


@pytest.mark.parametrize(
    ("name", "content", "code", "zh"),
    [
        ("plan.pdf", b"%PDF", "E119", "不支持的方案文件类型：请用 .txt 或 .docx"),
        ("plan.txt", b"  \n", "E101", "文件为空（没有文字）"),
        ("plan.txt", "南京".encode("gbk"), "E102", "不是 UTF-8 编码（第 0 字节处）"),
        ("plan.docx", b"not a zip", "E100", "不是 Word .docx 文档"),
    ],
)
def test_a_plan_text_that_cannot_be_read_says_why_in_chinese(tmp_path, name, content, code, zh):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as raised:
        read_plan_text(path)
    assert raised.value.code == code
    assert raised.value.message_zh is not None and raised.value.message_zh.startswith(zh)


def test_too_many_targets_for_one_plan_is_said_in_chinese(monkeypatch):
    monkeypatch.setattr("ipscore.draft.MAX_TARGETS", 1)
    with pytest.raises(InputError) as raised:
        draft_pack("到2025年，专利授权量达到300件，商标注册量达到500件。", "plan.txt", {})
    assert raised.value.code == "E106"
    assert json.dumps(raised.value.message_zh, ensure_ascii=False).count("超过 1 个") == 1
