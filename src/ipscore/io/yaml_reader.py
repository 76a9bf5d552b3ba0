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
from ipscore.reading import MAX_YAML_BYTES, read_limited
from ipscore.units import underflowed

MAX_DEPTH = 50
ComposerError = yaml.composer.ComposerError
ConstructorError = yaml.constructor.ConstructorError
_ALIAS = "aliases (*name) are not allowed in ipscore files: write the value out"
_DEEP = f"nested deeper than {MAX_DEPTH} levels"

# PyYAML's problems and ours, in Chinese (any other PyYAML problem stays as it is).
_PROBLEMS_ZH = {
    _ALIAS: "ipscore 的文件中不能使用别名（*name）：请把值直接写出",
    _DEEP: f"嵌套超过 {MAX_DEPTH} 层",
    "a key must be a plain value, not a list or mapping": "键必须是普通值，不能是列表或映射",
    "mapping values are not allowed here": "此处不能有“键: 值”（请检查缩进和冒号）",
    "could not find expected ':'": "缺少冒号（:）",
    "found character '\\t' that cannot start any token": "含有制表符（Tab）：请用空格缩进",
    "found unexpected end of stream": "文件意外结束（引号或括号没有闭合）",
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


def _refuse_aliases_and_depth(root: yaml.Node | None) -> None:
    """Walk the composed nodes (no recursion): a node met twice came from an alias."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)] if root is not None else []
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise ComposerError(None, None, _ALIAS, node.start_mark)
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise ComposerError(None, None, _DEEP, node.start_mark)
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend(((key, depth + 1), (value, depth + 1)))


class _SafeLoader(_Checks, yaml.SafeLoader):  # type: ignore[misc]
    """The pure-Python safe loader; it refuses an alias or deep nesting where it meets it."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise ComposerError(None, None, _ALIAS, self.peek_event().start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise ComposerError(None, None, _DEEP, self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _Checks.construct_yaml_timestamp)
_SafeLoader.add_constructor("tag:yaml.org,2002:float", _Checks.construct_yaml_float)


if yaml.__with_libyaml__:

    class _FastLoader(_Checks, yaml.CSafeLoader):  # type: ignore[misc]
        """The same checks over libyaml's C parser: several times faster on valid files."""

        def construct_document(self, node: yaml.Node) -> Any:
            _refuse_aliases_and_depth(node)
            return super().construct_document(node)

    _FastLoader.add_constructor("tag:yaml.org,2002:timestamp", _Checks.construct_yaml_timestamp)
    _FastLoader.add_constructor("tag:yaml.org,2002:float", _Checks.construct_yaml_float)

else:  # pragma: no cover - PyYAML built without libyaml
    _FastLoader = _SafeLoader  # type: ignore[misc]


def load_text(text: str) -> Any:
    """Parse with the fast loader; on any error, parse again in pure Python for its message.

    libyaml words some errors differently, so the pure-Python loader decides every failure
    (and whatever it accepts is accepted): reports and exit codes stay those of the safe loader.
    """
    try:
        return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - a safe loader subclass
    except yaml.YAMLError:
        return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a SafeLoader subclass


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


def read_yaml(path: Path, code: str = "E130") -> Any:
    """Parse one YAML file safely; errors carry ``code`` and name the file and the line."""
    file = str(path)
    return parse_yaml(read_limited(path, MAX_YAML_BYTES, file), file, code)


def parse_yaml(raw: bytes, file: str, code: str = "E130") -> Any:
    """Parse the bytes of the YAML file ``file`` (read within ``MAX_YAML_BYTES``) safely."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            "E102",
            f"not UTF-8 at byte {exc.start}",
            f"不是 UTF-8 编码（第 {exc.start} 字节处），请另存为 UTF-8",
            file=file,
        ) from None
    try:
        return load_text(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        zh = getattr(exc, "problem_zh", None) or _problem_zh(problem)
        raise InputError(
            code, f"invalid YAML: {problem}", f"YAML 格式错误：{zh}", file=file, path=where
        ) from None
    except RecursionError:  # pragma: no cover - the depth limit comes first
        raise InputError(
            code, f"invalid YAML: {_DEEP}", f"YAML 格式错误：{_PROBLEMS_ZH[_DEEP]}", file=file
        ) from None
