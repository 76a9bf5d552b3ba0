"""The YAML reader parses a file once, and a broken file's problem is located exactly.

A broken 2 MB pack used to be parsed twice (libyaml, then PyYAML's pure-Python loader for the
message): about 6 s of CPU. Now the one parse's own problem is reported, at its line and column.
"""

from __future__ import annotations

import pytest
import yaml
from helpers import small_plan_data

from ipscore import load_plan
from ipscore.errors import InputError
from ipscore.io import yaml_reader
from ipscore.io.yaml_reader import read_yaml
from ipscore.lint import lint_paths

BAD_ITEM = "  {id: bad, quote: 达到: 5件},\n"


def _broken_pack(items: int) -> str:
    """A pack of ``items`` flow targets whose last item has a second ':' (a syntax error)."""
    meta = small_plan_data([])["plan"]
    head = "plan: " + yaml.safe_dump(meta, default_flow_style=True, allow_unicode=True)
    item = "  {id: t-%d, indicator: patent_grants, kind: level, threshold: %d, quote: 达到%d件},\n"
    return (
        head + "targets: [\n" + "".join(item % (i, i, i) for i in range(items)) + BAD_ITEM + "]\n"
    )


@pytest.fixture
def yaml_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every call of ``yaml.load`` (each one a parse of the whole text)."""
    calls: list[str] = []
    real = yaml.load

    def counted(stream: str, Loader: type) -> object:  # noqa: N803 - PyYAML's name
        calls.append(stream)
        return real(stream, Loader=Loader)

    monkeypatch.setattr(yaml, "load", counted)
    return calls


def _expected_place(text: str) -> str:
    lines = text.splitlines()
    line = next(number for number, line in enumerate(lines, 1) if line == BAD_ITEM.rstrip("\n"))
    column = BAD_ITEM.index("达到:") + len("达到") + 1  # the second ':' of the item, counted from 1
    return f"line {line}, column {column}"


@pytest.mark.parametrize(
    "read",
    [
        lambda path: read_yaml(path),
        lambda path: load_plan(path),
        lambda path: lint_paths([path]),
    ],
    ids=["read_yaml", "load_plan", "lint"],
)
def test_a_broken_pack_is_parsed_once_and_its_error_located(tmp_path, yaml_loads, read):
    text = _broken_pack(300)
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        problems = read(path)
    except InputError as exc:
        problems = exc.problems
    assert len(problems) == 1
    assert problems[0].code == "E130"
    assert problems[0].path == _expected_place(text)
    assert problems[0].message.startswith("invalid YAML: ")
    assert yaml_loads.count(text) == 1  # (the bundled catalogue may be read too, once)


def test_a_valid_pack_is_parsed_once_too(tmp_path, yaml_loads):
    path = tmp_path / "pack.yaml"
    text = _broken_pack(3).replace(BAD_ITEM, "")
    path.write_text(text, encoding="utf-8")
    assert len(read_yaml(path)["targets"]) == 3
    assert yaml_loads == [text]


# Each common mistake: its place agrees with what PyYAML's pure-Python parser says (the old
# reader reported that one), and the Chinese text is Chinese.
MISTAKES = {
    "unclosed-list": ("plan:\n  id: [unclosed\n", "列表缺少逗号或结尾的 ]"),
    "missing-colon": ("plan:\n  id: x\n  title\n", "缺少冒号"),
    "unclosed-quote": ('plan:\n  title: "示例\n  id: x\n', "引号或括号没有闭合"),
    "over-indented-key": ("plan:\n  id: x\n   title: y\n", "请检查缩进和冒号"),
    "list-item-in-mapping": ("plan:\n  id: x\n- y\n", "缩进不一致"),
    "colon-in-flow-mapping": ("targets: [{id: a, quote: 达到: 5件}]\n", "映射缺少逗号或结尾的 }"),
    "tab-indent": ("plan:\n\tid: x\n", "不能作为值的开头"),
}


@pytest.mark.parametrize(("text", "zh"), MISTAKES.values(), ids=MISTAKES.keys())
def test_a_common_mistake_is_located_as_before_and_said_in_chinese(tmp_path, text, zh):
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_yaml(path)
    with pytest.raises(yaml.MarkedYAMLError) as pure:
        yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506 - the pure-Python safe loader
    mark = pure.value.problem_mark
    assert caught.value.path == f"line {mark.line + 1}, column {mark.column + 1}"
    assert caught.value.problems[0].message_zh.startswith("YAML 格式错误：")
    assert zh in caught.value.problems[0].message_zh


def test_a_control_character_is_located_after_chinese_text(tmp_path):
    path = tmp_path / "pack.yaml"
    path.write_text("plan:\n  title: 示例示例\x07\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_yaml(path)
    assert caught.value.path == "line 2, column 14"  # after "  title: 示例示例" (13 characters)
    assert "#x0007" in caught.value.message
    assert "#x0007" in caught.value.problems[0].message_zh


def test_libyaml_nesting_limit_reads_as_ours(tmp_path):
    path = tmp_path / "pack.yaml"
    path.write_text("a: " + "[" * 1200 + "]" * 1200 + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_yaml(path)
    assert (
        caught.value.message == f"invalid YAML: nested deeper than {yaml_reader.MAX_DEPTH} levels"
    )
