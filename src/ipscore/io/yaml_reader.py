"""Reading one YAML file (a rule pack, a catalogue, a waiver file) safely and within bounds.

Nothing in a YAML file is ever executed (a safe loader), and nothing in it can make reading it
expensive: the file is read up to a size limit only; aliases (``*name``), which let a small file
expand into a huge document, are refused (ipscore's files have no use for them); nesting deeper
than :data:`MAX_DEPTH` is refused; keys must be unique scalars; a date must be a real date; a
number may not underflow to 0. Every refusal is one :class:`InputError` naming the file and line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from ipscore.errors import InputError
from ipscore.reading import MAX_YAML_BYTES, read_limited, utf8_text
from ipscore.units import underflowed

MAX_DEPTH = 50
ComposerError = yaml.composer.ComposerError
ConstructorError = yaml.constructor.ConstructorError
_ALIAS = "aliases (*name) are not allowed in ipscore files: write the value out"
_DEEP = f"nested deeper than {MAX_DEPTH} levels"

# libyaml's own nesting limit (1000 levels) can come first, while it scans ahead in a flow.
_LIBYAML_DEEP = {"exceeded maximum nesting depth": _DEEP}

# The parsers' common problems and ours, in Chinese: libyaml's words, then those of PyYAML's
# pure-Python parser (used when PyYAML has no libyaml). Any other problem stays as it is.
_INDENT = "缩进不一致"
_TAB = "含有制表符（Tab）：请用空格缩进"
_MAPPING_VALUE = "此处不能有“键: 值”（请检查缩进和冒号）"
_PROBLEMS_ZH = {
    _ALIAS: "ipscore 的文件中不能使用别名（*name）：请把值直接写出",
    _DEEP: f"嵌套超过 {MAX_DEPTH} 层",
    "a key must be a plain value, not a list or mapping": "键必须是普通值，不能是列表或映射",
    "could not find expected ':'": "缺少冒号（:）",
    "found unexpected end of stream": "文件意外结束（引号或括号没有闭合）",
    "mapping values are not allowed in this context": _MAPPING_VALUE,
    "did not find expected key": f"{_INDENT}（此处应为“键: 值”）",
    "did not find expected '-' indicator": f"{_INDENT}（此处应为列表项“- ”）",
    "did not find expected ',' or ']'": "列表缺少逗号或结尾的 ]",
    "did not find expected ',' or '}'": "映射缺少逗号或结尾的 }",
    "did not find expected node content": "此处缺少值",
    "did not find expected comment or line break": "此处应为注释或换行",
    "block sequence entries are not allowed in this context": "此处不能有列表项“- ”（请检查缩进）",
    "found character that cannot start any token": "此处的字符不能作为值的开头（请给文字加引号）",
    "found a tab character that violates indentation": _TAB,
    "found a tab character where an indentation space is expected": _TAB,
    "control characters are not allowed": "含有控制字符",
    "mapping values are not allowed here": _MAPPING_VALUE,
    "found character '\\t' that cannot start any token": _TAB,
}


class _Checks:
    """Mixin for a safe loader: unique scalar keys and valid dates, refused with a line."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)  # type: ignore[attr-defined]
            try:
                duplicate = key in seen
            except TypeError:
                raise ConstructorError(
                    None,
                    None,
                    "a key must be a plain value, not a list or mapping",
                    key_node.start_mark,
                ) from None
            if duplicate:
                raise _refused(f"duplicate key {key!r}", f"键“{key}”重复出现", key_node.start_mark)
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)  # type: ignore[misc]
        return mapping

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        number: float = super().construct_yaml_float(node)  # type: ignore[misc]
        if underflowed(str(node.value), number):
            raise _refused(
                f"{node.value!r} is too small for a number (it would be 0)",
                f"{node.value} 数值过小（会变成 0）",
                node.start_mark,
            )
        return number

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> dt.date | dt.datetime:
        try:
            when: dt.date | dt.datetime = super().construct_yaml_timestamp(node)  # type: ignore[misc]
            return when
        except ValueError as exc:
            raise _refused(
                f"{node.value!r} is not a date ({exc})",
                f"{node.value} 不是有效日期（{exc}）",
                node.start_mark,
            ) from None


def _refused(problem: str, zh: str, mark: yaml.Mark) -> yaml.YAMLError:
    """A refusal with its Chinese text (read back by :func:`read_yaml`)."""
    error: yaml.YAMLError = ConstructorError(None, None, problem, mark)
    error.problem_zh = zh
    return error


class _AliasMet(Exception):
    """A node met twice in the composed document: it came from an alias."""


def _refuse_aliases_and_depth(root: yaml.Node | None) -> None:
    """Walk the composed nodes (no recursion): an alias, or nesting deeper than MAX_DEPTH."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)] if root is not None else []
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise _AliasMet
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise ComposerError(None, None, _DEEP, node.start_mark)
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend(((key, depth + 1), (value, depth + 1)))


class _Refusals:
    """Mixin for a safe loader: aliases and deep nesting are refused before anything is built."""

    def construct_document(self, node: yaml.Node) -> Any:
        _refuse_aliases_and_depth(node)
        return super().construct_document(node)  # type: ignore[misc]


if yaml.__with_libyaml__:

    class _Loader(_Checks, _Refusals, yaml.CSafeLoader):
        """ipscore's checks over libyaml's C parser and composer: several times faster than
        PyYAML's pure-Python ones."""

else:  # pragma: no cover - PyYAML built without libyaml

    class _Loader(_Checks, _Refusals, yaml.SafeLoader):  # type: ignore[no-redef]
        """ipscore's checks over PyYAML's pure-Python parser."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Checks.construct_yaml_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:float", _Checks.construct_yaml_float)


def load_text(text: str) -> Any:
    """Parse ``text`` once, with ipscore's checks; a problem is the parser's own, at its place.

    The parser is libyaml when PyYAML has it (its words, e.g. "did not find expected key"),
    else PyYAML's pure-Python one. A broken file is not parsed a second time for its message.
    """
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeConstructor-based loader
    except _AliasMet:
        raise ComposerError(None, None, _ALIAS, _first_alias(text)) from None


def _first_alias(text: str) -> yaml.Mark | None:
    """Where the first alias is. A composed alias *is* its anchor's node and does not say where
    it was written, so a file being refused for one is read again up to it, as events only."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark
    return None  # pragma: no cover - an alias was met


def _problem_zh(problem: str) -> str:
    """PyYAML's problem in Chinese where it is a common one; else as PyYAML words it."""
    if problem in _PROBLEMS_ZH:
        return _PROBLEMS_ZH[problem]
    for start, zh in _PROBLEM_STARTS_ZH:
        if problem.startswith(start):
            return f"{zh}（{problem}）"
    return problem


_PROBLEM_STARTS_ZH = (
    ("expected ',' or ']'", "列表缺少逗号或结尾的 ]"),
    ("expected ',' or '}'", "映射缺少逗号或结尾的 }"),
    ("expected <block end>", "缩进不一致"),
    ("found unknown escape character", "双引号字符串中有无效的转义符（\\）"),
)


def _place(text: str, offset: int) -> str:
    """``line L, column C`` of a reader error's offset (libyaml counts UTF-8 bytes)."""
    if yaml.__with_libyaml__:
        offset = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
    before = text[:offset]
    line = before.count("\n") + 1
    column = offset - before.rfind("\n")  # rfind is -1 on the first line: columns count from 1
    return f"line {line}, column {column}"


def read_yaml(path: Path, code: str = "E130") -> Any:
    """Parse one YAML file safely; errors carry ``code`` and name the file and the line."""
    file = str(path)
    return parse_yaml(read_limited(path, MAX_YAML_BYTES, file), file, code)


def parse_yaml(raw: bytes, file: str, code: str = "E130") -> Any:
    """Parse the bytes of the YAML file ``file`` (read within ``MAX_YAML_BYTES``) safely."""
    text = utf8_text(raw, file)
    try:
        return load_text(text)
    except yaml.reader.ReaderError as exc:  # a character YAML never allows: an offset, no mark
        raise InputError(
            code,
            f"invalid YAML: {str(exc).splitlines()[0]}",
            f"YAML 格式错误：含有不允许的字符 #x{exc.character:04x}（控制字符等）",
            file=file,
            path=_place(text, exc.position),
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problem = _LIBYAML_DEEP.get(problem, problem)
        zh = getattr(exc, "problem_zh", None) or _problem_zh(problem)
        raise InputError(
            code, f"invalid YAML: {problem}", f"YAML 格式错误：{zh}", file=file, path=where
        ) from None
    except RecursionError:  # pragma: no cover - the depth limit comes first
        raise InputError(
            code, f"invalid YAML: {_DEEP}", f"YAML 格式错误：{_PROBLEMS_ZH[_DEEP]}", file=file
        ) from None
