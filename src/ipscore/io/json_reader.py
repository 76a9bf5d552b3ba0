"""The JSON reader of the input boundary: strict parsing, every error naming the file and place.

A BOM is accepted; empty files, non-UTF-8 bytes, malformed JSON (``line 3, column 7``), duplicate
keys, NaN/Infinity, over-large and over-deep input are rejected, each with a JSON path where there
is one. The parsed object is then validated by the submission models.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ipscore.errors import InputError
from ipscore.io.source import Positions, Source, from_source
from ipscore.reading import MAX_INPUT_BYTES, read_limited, utf8_text
from ipscore.submission import (
    Submission,
    child_path,
    submission_from_data,
    unpaired_surrogate,
)
from ipscore.units import underflowed

MAX_DEPTH = 12
MAX_INT_DIGITS = 300  # beyond this an integer does not fit a float


class _Rejected:
    """Put in place of a value the parser refuses; found afterwards to name its JSON path."""

    def __init__(self, code: str, message: str, zh: str, key: str | None = None) -> None:
        self.code = code
        self.message = message
        self.zh = zh
        self.key = key  # for a duplicate key: the key, so the path can name it


def _reject_constant(name: str) -> _Rejected:
    return _Rejected(
        "E105",
        f"{name} is not a number: give a number or leave the value out",
        f"{name} 不是数字：请填写数字，或不填此项",
    )


def _parse_float(text: str) -> float | _Rejected:
    number = float(text)
    if not math.isfinite(number):
        return _Rejected("E105", f"{text[:20]} is too large for a number", f"{text[:20]} 数值过大")
    if underflowed(text, number):
        return _Rejected(
            "E105",
            f"{text[:20]} is too small for a number (it would become 0)",
            f"{text[:20]} 数值过小（会变成 0）",
        )
    return number


def _parse_int(text: str) -> int | _Rejected:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        return _Rejected(
            "E105",
            f"{text[:20]}… ({len(text)} digits) is too large for a number",
            f"{text[:20]}…（{len(text)} 位）数值过大",
        )
    return int(text)


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any] | _Rejected:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            return _Rejected(
                "E104", f"duplicate key {key!r} in an object", f"同一对象中键“{key}”重复出现", key
            )
        result[key] = value
    return result


def _first_rejected(value: Any, path: str) -> InputError | None:
    """The first refused value in document order, as an error at its JSON path."""
    if isinstance(value, _Rejected):
        place = path if value.key is None else child_path(path, value.key)
        return InputError(value.code, value.message, value.zh, path=place)
    if isinstance(value, str) and unpaired_surrogate(value):
        return InputError(
            "E103",
            "malformed JSON: a string holds an unpaired surrogate escape",
            "JSON 格式错误：字符串中有无效的 \\ud800 类转义（不成对的代理字符）",
            path=path,
        )
    children: Iterable[tuple[Any, Any]]
    if isinstance(value, list):
        children = enumerate(value)
    elif isinstance(value, dict):
        children = value.items()
    else:
        return None
    for key, child in children:
        if isinstance(key, str) and unpaired_surrogate(key):
            return InputError(
                "E103",
                "malformed JSON: a key holds an unpaired surrogate escape",
                "JSON 格式错误：键中有无效的 \\ud800 类转义（不成对的代理字符）",
                path=path,
            )
        found = _first_rejected(child, child_path(path, key))
        if found:
            return found
    return None


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of parsed JSON, stopping early once past the limit."""
    if limit < 0:
        return 1
    if isinstance(value, dict):
        return 1 + max((_depth(v, limit - 1) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v, limit - 1) for v in value), default=0)
    return 0


def parse_json_bytes(raw: bytes, file: str) -> Any:
    """Strict JSON parsing with one-line errors that name the file and the place."""
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(
            "E106",
            f"larger than {MAX_INPUT_BYTES} bytes",
            f"文件超过 {MAX_INPUT_BYTES} 字节的上限",
            file=file,
        )
    text = utf8_text(raw, file)
    if not text.strip():
        raise InputError("E101", "empty file", "文件为空", file=file)
    try:
        data = json.loads(
            text,
            object_pairs_hook=_unique_object,
            parse_constant=_reject_constant,
            parse_float=_parse_float,
            parse_int=_parse_int,
        )
    except json.JSONDecodeError as exc:
        raise InputError(
            "E103",
            f"malformed JSON: {exc.msg}",
            f"JSON 格式错误：{_JSON_MISTAKES_ZH.get(exc.msg, exc.msg)}",
            file=file,
            path=f"line {exc.lineno}, column {exc.colno}",
        ) from None
    except RecursionError:
        raise _too_deep(file) from None
    if _depth(data, MAX_DEPTH) > MAX_DEPTH:
        raise _too_deep(file)
    rejected = _first_rejected(data, "$")
    if rejected:
        raise Source(file, positions=value_positions(text)).locate(rejected.located(file))
    return data


def _too_deep(file: str) -> InputError:
    return InputError(
        "E107",
        f"nested deeper than {MAX_DEPTH} levels",
        f"嵌套超过 {MAX_DEPTH} 层",
        file=file,
    )


# The json module's messages (exc.msg), in Chinese; any other stays as it is.
_JSON_MISTAKES_ZH = {
    "Expecting value": "此处应有一个值（多了逗号，或缺少数值）",
    "Expecting ',' delimiter": "缺少逗号（,）",
    "Expecting ':' delimiter": "缺少冒号（:）",
    "Expecting property name enclosed in double quotes": "键名须用英文双引号括起（或末尾多了逗号）",
    "Unterminated string starting at": "字符串缺少结束的引号",
    "Invalid control character at": "字符串中有控制字符（如未转义的换行）",
    "Invalid \\escape": "无效的转义符（\\）",
    "Invalid \\uXXXX escape": "无效的 \\uXXXX 转义",
    "Extra data": "JSON 结束后还有多余内容",
}


# One token of valid JSON after optional whitespace: a string, a punctuation mark, or a number or
# literal (true, false, null).
_TOKEN = re.compile(r'[ \t\r\n]*(?:("(?:[^"\\]|\\.)*")|([{}\[\]:,])|([^ \t\r\n{}\[\]:,"]+))')


def value_positions(text: str) -> Positions:
    """Where each value of ``text`` (JSON that has already parsed) starts, found when first
    asked for."""
    return Positions(text, value_offsets)


def value_offsets(text: str) -> dict[str, int]:
    """The character offset each value of ``text`` (JSON that has already parsed) starts at,
    keyed by JSON path: one entry per value, so bounded by the input size limit like the parsed
    data."""
    offsets: dict[str, int] = {}
    # one frame per open container: its path, whether it is a list, the next index or the key
    stack: list[tuple[str, bool, list[Any]]] = []
    expect_key = False
    for token in _TOKEN.finditer(text):
        string, mark, literal = token.groups()
        if expect_key and string is not None:
            stack[-1][2][0] = string[1:-1] if "\\" not in string else json.loads(string)
            expect_key = False
            continue
        if mark in ("}", "]"):
            stack.pop()
            continue
        if mark == ":":
            continue
        if mark == ",":
            expect_key = not stack[-1][1]
            continue
        if not stack:
            path = "$"
        else:
            parent, is_list, slot = stack[-1]
            path = child_path(parent, slot[0])
            if is_list:
                slot[0] += 1
        offsets[path] = token.start(1 if string is not None else 2 if mark else 3)
        if mark in ("{", "["):
            stack.append((path, mark == "[", [0 if mark == "[" else ""]))
            expect_key = mark == "{"
    return offsets


def read_json_submission(path: str | Path) -> Submission:
    """Read and validate a JSON submission file (``ipscore.read_submission`` picks the reader);
    every problem is placed at the line and column of its value in the file."""
    file = str(path)
    raw = read_limited(path, MAX_INPUT_BYTES, file)
    data = parse_json_bytes(raw, file)
    source = Source(file, positions=value_positions(raw.decode("utf-8-sig")))
    try:
        submission = submission_from_data(data, file)
    except InputError as exc:
        raise source.locate(exc) from None
    from_source(submission, source)
    return submission
