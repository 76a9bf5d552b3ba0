"""Cell values: a cell as a number, text, a date or yes/no, or a :class:`BadCell` saying what
was found and what to type (E110), in English and Chinese."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Any

from ipscore.io.sheet_grids import Formula, Percent, is_empty
from ipscore.io.sheet_layout import BLANKS, zh_name
from ipscore.lang import Lang
from ipscore.units import convert, underflowed, units_starting

_YES = {"yes", "y", "true", "1", "是", "已完成", "完成"}
_NO = {"no", "n", "false", "0", "否", "未完成"}
_PLAIN_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_GROUPED_NUMBER = re.compile(r"[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
# 4万, 1.5亿: the multiple belongs in the unit column
_SCALED_NUMBER = re.compile(r"([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万|亿)")
_DATE_TEXT = re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})")
_DATE_TEXT_ZH = re.compile(r"([0-9]{4}) *年 *([0-9]{1,2}) *月 *([0-9]{1,2}) *日")  # 2025年12月31日


class BadCell(Exception):
    """A cell that cannot be read (E110): the message says what was found and what to type."""

    def __init__(self, message: str, zh: str) -> None:
        super().__init__(message)
        self.message, self.zh = message, zh


def plain(value: Any) -> Any:
    """The cell's value; a formula without a saved result cannot be read."""
    if isinstance(value, Formula):
        raise BadCell(
            f"the formula {value.text} has no saved result: open and save the workbook in "
            "a spreadsheet program, or type the value",
            f"公式 {value.text} 没有保存的计算结果："
            "请用电子表格程序打开并保存工作簿，或直接填写数值",
        )
    return value


def text(value: Any, what: str) -> str | None:
    value = plain(value)
    if is_empty(value):
        return None
    if not isinstance(value, str):
        raise BadCell(
            f"{what} must be text, not {describe(value)}",
            f"{zh_name(what)}必须是文字，而不是{describe(value, 'zh')}",
        )
    return value.strip(BLANKS)


def number(value: Any, unit: str | None = None) -> float | None:
    """A number cell: numbers, and numeric text such as 1234.5 or 1,234.5 (``unit``: the row's
    catalogue unit, which the hint on 4万 names the 万 unit of; None when not known)."""
    value = plain(value)
    if is_empty(value):
        return None
    if isinstance(value, Percent):
        shown, stored = f"{value.value * 100:g}", f"{value.value:g}"
        raise BadCell(
            f"the cell is formatted as a percentage (shows {shown}%, stored as {stored}): "
            f"format it as a number and type {shown}",
            f"单元格设置成了百分比格式（显示 {shown}%，实际存的是 {stored}）："
            f"请改为数字格式并填写 {shown}",
        )
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise BadCell(
            f"a number is needed here, not {describe(value)}",
            f"此处需要数字，而不是{describe(value, 'zh')}",
        )
    if isinstance(value, str):
        value = _numeric_text(value.strip(BLANKS), unit)
    if not math.isfinite(value):
        raise BadCell(f"{value} is not a finite number", f"{value} 不是有限的数字")
    return float(value)


def date(value: Any, what: str) -> str | None:
    """A date cell or date text (2025-12-31, 2025/12/31, 2025年12月31日) as ISO text."""
    value = plain(value)
    if is_empty(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip(BLANKS)
        match = _DATE_TEXT.fullmatch(text) or _DATE_TEXT_ZH.fullmatch(text)
        if match:
            try:
                return dt.date(*map(int, match.groups())).isoformat()
            except ValueError as exc:
                raise BadCell(
                    f"{what} {text!r}: {exc}", f"{zh_name(what)}“{text}”不是有效的日期"
                ) from None
    raise BadCell(
        f"{what} must be a date (YYYY-MM-DD), not {describe(value)}",
        f"{zh_name(what)}必须是日期（YYYY-MM-DD），而不是{describe(value, 'zh')}",
    )


def done(value: Any) -> bool | None:
    value = plain(value)
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    word = str(value).strip(BLANKS).lower() if isinstance(value, str | int) else None
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise BadCell(
        f"done must be yes or no, not {describe(value)}",
        f"{zh_name('done')}必须是“是”或“否”（yes/no），而不是{describe(value, 'zh')}",
    )


def describe(value: Any, lang: Lang = "en") -> str:
    """What a cell holds, for a message in ``lang``: ``'abc'``, ``the number 5``, ``a date (…)``."""
    zh = lang == "zh"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Percent):
        shown = f"{value.value * 100:g}%"
        return f"百分比（{shown}）" if zh else f"a percentage ({shown})"
    if isinstance(value, dt.datetime | dt.date):
        return f"日期（{_day(value)}）" if zh else f"a date ({_day(value)})"
    if isinstance(value, str):
        text = value.strip(BLANKS)
        return f"“{text}”" if zh else repr(text)
    if isinstance(value, int | float):
        return f"数字 {value}" if zh else f"the number {value}"
    return type(value).__name__


def _day(value: dt.date) -> str:
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


def _numeric_text(text: str, unit: str | None = None) -> float:
    """Plain numeric text, thousands separators allowed; anything else explains itself
    (``unit``: the row's unit, for the hint on 4万)."""
    if _PLAIN_NUMBER.fullmatch(text) or _GROUPED_NUMBER.fullmatch(text):
        number = float(text.replace(",", ""))
        if underflowed(text, number):
            raise BadCell(
                f"{text!r} is too small for a number (it would become 0)",
                f"“{text}”太小，读作数字会变成 0",
            )
        return number
    if text.endswith(("%", "％")):
        raise BadCell(
            f"{text!r} is text with a percent sign: type the number alone ({text[:-1]})",
            f"“{text}”是带百分号的文字：只填数字（{text[:-1]}）",
        )
    scaled = _SCALED_NUMBER.fullmatch(text)
    if scaled:
        raise _scaled(text, scaled[1], scaled[2], unit)
    if "," in text:
        raise BadCell(
            f"{text!r} is not a number: commas may only separate thousands (1,234.5); "
            "use a point for decimals",
            f"“{text}”不是数字：逗号只能用作千位分隔（1,234.5），小数请用小数点",
        )
    raise BadCell(
        f"{text!r} is not a number: type digits only (e.g. 1234.5 or 1,234.5)",
        f"“{text}”不是数字：只填数字（如 1234.5 或 1,234.5）",
    )


_MULTIPLES = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}


def _written(number: Decimal) -> str:
    """A number as typed in a cell: thousands separated, no exponent, no trailing zeros."""
    return f"{number.normalize():,f}"


def _scaled(text: str, digits: str, multiple: str, unit: str | None) -> BadCell:
    """4万 in a number cell: the digits with the unit of the row's family that starts with the
    multiple (万人 in a 人 row, 万元 in an 亿元 row), or the number written in the row's unit."""
    number = Decimal(digits.replace(",", ""))
    if unit is None:
        whole = _written(number * _MULTIPLES[multiple])
        return BadCell(
            f"{text!r} is not a number: type it in full ({whole})",
            f"“{text}”不是数字：请写全数字（{whole}）",
        )
    if unit.startswith(multiple):
        return BadCell(
            f"{text!r} is not a number: type digits only ({digits}); the unit is {unit} already",
            f"“{text}”不是数字：只填数字（{digits}），单位已是{unit}",
        )
    scaled = units_starting(multiple, unit)
    if not scaled:  # 4万 in a 家 row: 40,000 家
        whole = _written(number * _MULTIPLES[multiple])
        return BadCell(
            f"{text!r} is not a number: type it in {unit}, as {whole}",
            f"“{text}”不是数字：请以{unit}填写，写成 {whole}",
        )
    whole = _written(convert(number, scaled[0], unit) or number)
    return BadCell(
        f"{text!r} is not a number: type {whole} (in {unit}), or type {digits} and change the "
        f"unit to {scaled[0]}",
        f"“{text}”不是数字：请填 {whole}（以{unit}计），或只填 {digits} 并把单位改为{scaled[0]}",
    )


def year(value: Any) -> int | None:
    """A column header as a year, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip(BLANKS).removesuffix("年") if isinstance(value, int | str) else ""
    if text.isascii() and text.isdigit() and len(text) == 4 and 1990 <= int(text) <= 2100:
        return int(text)
    return None
