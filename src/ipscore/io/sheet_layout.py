"""The layout of the fill-in workbook and CSV that ``ipscore template`` writes and the sheet
reader reads: sheet names, the header block's fields, the two tables' columns and their English
and Chinese headers (docs/spreadsheets.md)."""

from __future__ import annotations

from typing import Any

INDICATORS, MILESTONES = "Indicators", "Milestones"
FIELDS = ("region", "as_of", "plans")
# The columns of the two tables. Only key, unit, value, the years, done and date are read; the
# others explain the row to the person filling it (the template writer, ipscore.sheets, fills
# them). Templates written before the 口径 columns existed (key zh en unit definition value;
# key zh en done date) use a subset of these names and read the same.
INDICATOR_COLUMNS = (
    "key", "zh", "en", "unit", "basis", "targets", "years", "base_year", "definition", "value",
)  # fmt: skip
MILESTONE_COLUMNS = ("key", "zh", "en", "done", "date", "targets", "definition")
# Each field's and column's header as the English and the Chinese template write it; the reader
# accepts either (without regard to case, a leading # ignored).
HEADERS: dict[str, tuple[str, str]] = {
    "region": ("region", "地区"),
    "as_of": ("as_of", "数据截止日期"),
    "plans": ("plans", "适用方案"),
    "key": ("key", "指标代码"),
    "zh": ("zh", "指标名称"),
    "en": ("en", "英文名称"),
    "unit": ("unit", "单位"),
    "basis": ("basis", "口径"),
    "targets": ("targets", "对应目标"),
    "years": ("years to fill", "需填年份"),
    "base_year": ("base year", "基期"),
    "definition": ("definition", "定义"),
    "value": ("value", "截至日数值"),
    "done": ("done", "是否完成"),
    "date": ("date", "完成日期"),
}
MILESTONES_MARKER = "#milestones"
BLANKS = " \t\r\n\u00a0\u3000"  # what a cell may hold around its text (and nothing else)


def header_text(value: Any) -> str:
    """A header or field cell as compared: trimmed, without a leading #, lower case."""
    return value.strip(BLANKS).lstrip("#").lower() if isinstance(value, str) else ""


def _names(names: tuple[str, ...]) -> dict[str, str]:
    """Header text (as :func:`header_text` gives it) → the name, for the names given: the name
    itself and its English and Chinese headers."""
    labels = {name: name for name in names}
    for name in names:
        labels.update((header.lower(), name) for header in HEADERS[name])
    return labels


def zh_name(name: str) -> str:
    """A field or column in a Chinese message: its Chinese header and its name (“单位”（unit）)."""
    return f"“{HEADERS[name][1]}”（{name}）"


def header_name(value: Any, names: tuple[str, ...]) -> str | None:
    """The field or column a header cell names, if it is one of ``names``."""
    return _names(names).get(header_text(value))
