"""What a pydantic validation error says, in English and in Chinese, for people who write packs.

English is pydantic's own message (or the validator's). Chinese is said in the words of a
person editing a rule pack or catalogue: pydantic's common error types by a table, with the
values from the error's context (``取值应为 'city' 或 'province'``); a validator of ipscore
raises :class:`Invalid`, which carries its Chinese text. Any other type keeps pydantic's English
inside a Chinese sentence, so nothing is lost.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Invalid", "error_texts"]


class Invalid(ValueError):
    """A validator's refusal in both languages (pydantic keeps it in the error's ``ctx``)."""

    def __init__(self, message: str, zh: str) -> None:
        super().__init__(message)
        self.zh = zh


# pydantic error type → the Chinese text; {name} is filled from the error's ctx.
_ZH: dict[str, str] = {
    "missing": "缺少必填字段",
    "extra_forbidden": "没有这个字段（拼写是否有误？）",
    "literal_error": "取值应为 {expected}",
    "enum": "取值应为 {expected}",
    "string_type": "应为文字",
    "string_too_short": "太短：至少要有 {min_length} 个字",
    "too_short": "至少要有 {min_length} 项",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数，不能有小数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "finite_number": "应为有限的数字（不能是 .nan、.inf 或超出范围的数）",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "list_type": "应为列表（每项以 - 开头）",
    "dict_type": "应为映射（键: 值）",
    "model_type": "应为映射（键: 值）",
    "model_attributes_type": "应为映射（键: 值）",
    "date_type": "应为日期，写作 YYYY-MM-DD",
    "date_parsing": "应为日期，写作 YYYY-MM-DD",
    "date_from_datetime_parsing": "应为日期，写作 YYYY-MM-DD",
    "string_pattern_mismatch": "格式不对（应符合 {pattern}）",
}


def _shown(value: object) -> str:
    """A context value as the Chinese text shows it: 0.0 as 0, "'a' or 'b'" with 或 for or."""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).replace("' or '", "' 或 '").replace("', '", "'、'")


def error_texts(error: Any) -> tuple[str, str]:
    """One pydantic error (an item of ``ValidationError.errors()``) as (English, Chinese)."""
    english: str = error["msg"].removeprefix("Value error, ")
    context = error.get("ctx") or {}
    cause = context.get("error")
    if isinstance(cause, Invalid):
        return english, cause.zh
    template = _ZH.get(error["type"])
    if template is None:
        return english, f"不符合格式要求（{english}）"
    values = {key: _shown(value) for key, value in context.items()}
    try:
        return english, template.format(**values)
    except (KeyError, IndexError):
        return english, f"不符合格式要求（{english}）"
