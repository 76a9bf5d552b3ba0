"""Input errors and warnings: one :class:`Problem` type with a stable code, the message in
English and Chinese, the file and the place in it.

Every problem the user can cause is a :class:`Problem`. Errors stop the check: an
:class:`InputError` carries one or more of them (exit code 2). Warnings (:data:`InputWarning`,
the same type) are listed in the report; ``--strict`` turns a warning into an error. A warning
whose code is in :data:`NOTICES` only informs (a unit converted as the docs say to): ``--strict``
leaves it alone. Each problem renders as one line in either language:
``FILE: PLACE: CODE message``. docs/errors.md lists the codes.
"""

from __future__ import annotations

import errno
import re
import unicodedata
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, computed_field, field_validator

from ipscore.lang import Lang

# The one message table: code → its short description in each language (docs/errors.md gives
# both and explains each with an example).
MESSAGES: dict[str, dict[Lang, str]] = {
    "E100": {"en": "file cannot be read", "zh": "文件无法读取"},
    "E101": {"en": "empty file", "zh": "文件为空"},
    "E102": {"en": "file is not UTF-8", "zh": "文件不是 UTF-8 编码"},
    "E103": {"en": "malformed JSON", "zh": "JSON 格式错误"},
    "E104": {"en": "duplicate key in an object", "zh": "对象中有重复的键"},
    "E105": {"en": "NaN or Infinity is not a number here", "zh": "NaN 或 Infinity 在此处不是数字"},
    "E106": {"en": "file too large", "zh": "文件过大"},
    "E107": {"en": "input nested too deeply", "zh": "输入嵌套层数过深"},
    "E108": {"en": "output file cannot be written", "zh": "输出文件无法写入"},
    "E110": {"en": "wrong type or missing field", "zh": "类型错误或缺少字段"},
    "E111": {
        "en": "negative value for a quantity that cannot be negative",
        "zh": "不能为负的数量出现负值",
    },
    "E112": {
        "en": "value outside the indicator's plausible range",
        "zh": "数值超出该指标的合理范围",
    },
    "E113": {
        "en": "unit does not match the catalogue and does not convert",
        "zh": "单位与指标目录不符，且无法换算",
    },
    "E114": {"en": "series key is not a year", "zh": "序列的键不是年份"},
    "E115": {"en": "year after as_of", "zh": "年份晚于 as_of"},
    "E116": {"en": "as_of before the plan starts", "zh": "as_of 早于方案起始年份"},
    "E117": {"en": "unknown plan id", "zh": "未知的方案编号"},
    "E118": {"en": "no plan for this region", "zh": "该地区没有方案"},
    "E119": {"en": "unsupported input file type", "zh": "不支持的输入文件类型"},
    "E120": {"en": "malformed spreadsheet", "zh": "电子表格格式错误"},
    "E130": {"en": "malformed rule pack", "zh": "规则包格式错误"},
    "E131": {"en": "rule pack refers to an unknown indicator", "zh": "规则包引用了未知指标"},
    "E132": {
        "en": "indicator redefined differently from the catalogue",
        "zh": "指标的定义与指标目录不一致",
    },
    "E133": {
        "en": "tailoring cannot be applied to the plan it extends",
        "zh": "定制规则包无法应用于其所扩展的方案",
    },
    "E135": {
        "en": "unresolved TODO in a rule pack (lint)",
        "zh": "规则包中有未解决的 TODO（lint）",
    },
    "E140": {"en": "malformed waiver file", "zh": "豁免文件格式错误"},
    "E141": {"en": "waiver for an unknown target id", "zh": "豁免了未知的目标编号"},
    # E150-E158: a rule pack's words and numbers disagree (``ipscore lint``; E135 too)
    "E150": {
        "en": "threshold does not appear in the quote (lint)",
        "zh": "方案原文中找不到目标值（lint）",
    },
    "E151": {
        "en": "comparator disagrees with the boundary word in the quote (lint)",
        "zh": "比较符与原文的界限用语不符（lint）",
    },
    "E152": {
        "en": "no boundary word next to the threshold, and no note (lint)",
        "zh": "目标值旁没有界限用语，也没有说明（lint）",
    },
    "E153": {
        "en": "左右 (about) in the quote without a tolerance or a note (lint)",
        "zh": "原文有“左右”，但没有容差或说明（lint）",
    },
    "E154": {
        "en": "tolerance without 左右 (about) in the quote or a note (lint)",
        "zh": "设了容差，但原文没有“左右”，也没有说明（lint）",
    },
    "E155": {
        "en": "力争/争取 (strive for) without attribute expected or a note (lint)",
        "zh": "原文有“力争”“争取”，但未标为预期性，也没有说明（lint）",
    },
    "E156": {
        "en": "unit does not fit the indicator or the target's kind (lint)",
        "zh": "单位与指标或目标类型不符（lint）",
    },
    "E157": {
        "en": "milestone target and milestone indicator do not go together (lint)",
        "zh": "任务类目标与指标类型不匹配（lint）",
    },
    "E158": {
        "en": "text starts like a spreadsheet formula (lint)",
        "zh": "文字以公式符号开头，电子表格会当作公式（lint）",
    },
    "W200": {"en": "unknown indicator key", "zh": "未知的指标键"},
    "W201": {"en": "percentage given as a fraction", "zh": "百分比以小数形式给出"},
    "W202": {"en": "unit converted", "zh": "单位已换算"},
    "W203": {"en": "waiver expired", "zh": "豁免已过期"},
    "W204": {
        "en": "value given directly and derivable: the given value is used",
        "zh": "数值直接给出且可推导：采用所给数值",
    },
    "W205": {"en": "region does not match the plan's region", "zh": "地区与方案的地区不一致"},
    "W210": {
        "en": "a target is judged on a value from before the reference year (stale)",
        "zh": "目标依据参考年份之前的数值判断（数据陈旧）",
    },
    "W211": {
        "en": "value far out of line with the indicator's other years or the plan's targets",
        "zh": "数值与该指标其他年份或方案目标相差悬殊",
    },
    "W212": {
        "en": "a running total falls from one year to the next: yearly additions typed into it?",
        "zh": "累计数比上一年少：是否填入了当年新增数？",
    },
}
CODES: dict[str, str] = {code: texts["en"] for code, texts in MESSAGES.items()}


def describe_code(code: str, lang: Lang) -> str:
    """What a code means, in ``lang``."""
    return MESSAGES[code][lang]


# Codes that inform rather than warn: the input was read as the user meant it. They are listed
# with the warnings (level "notice"), and ``--strict`` does not fail on them.
NOTICES = frozenset({"W202"})

Level = Literal["error", "warning", "notice"]


# The operating system's reasons, as an office clerk would say them (others stay in English).
_OS_REASONS_ZH = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "操作不被允许",
    errno.EISDIR: "这是文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘只读",
    errno.ENAMETOOLONG: "文件名过长",
}


def os_reason(exc: OSError) -> tuple[str, str]:
    """Why a file could not be read or written, in English and in Chinese."""
    english = exc.strerror or type(exc).__name__
    return english, _OS_REASONS_ZH.get(exc.errno or 0, english)


# A spreadsheet cell as problems name it: ``Indicators!G7``, or a bare ``G7`` in a CSV.
_CELL = re.compile(r"(?:(?P<sheet>.+)!)?(?P<column>[A-Z]{1,3})(?P<row>[0-9]+)")
_SEGMENTS = re.compile(r"[.\[\]]+")
# A place in a JSON or YAML text: ``line 12, column 17`` (then the JSON path, for a value).
_LINE_COLUMN = re.compile(r"line (?P<line>[0-9]+), column (?P<column>[0-9]+)\b")

PlaceKey = tuple[str, int, str, int, int, list[list[tuple[str, int]]]]


def _natural(text: str) -> list[tuple[str, int]]:
    """``text`` as (text, number) pairs, so numbers compare as numbers (G7 before G10)."""
    parts = re.split(r"([0-9]+)", text)
    return [
        (words, int(number or 0))
        for words, number in zip(parts[::2], parts[1::2] + [""], strict=True)
    ]


def _column_number(letters: str) -> int:
    """A column's letters as its number: A is 1, Z is 26, AA is 27."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def place_order(file: str | None, path: str | None) -> PlaceKey:
    """A sort key for problems by place: by file, then JSON paths segment by segment, then cells
    by sheet, row and column (B7 before AA7 before A25) and places in a text by line and column,
    then any other place (a rule id), and
    last a problem of the whole file (no place, or ``$``: such as "N more … not listed");
    numbers compare as numbers throughout."""
    place = path or ""
    cell = _CELL.fullmatch(place)
    if place in ("", "$"):
        return file or "", 4, "", 0, 0, []
    if place.startswith("$"):
        return file or "", 1, "", 0, 0, [_natural(s) for s in _SEGMENTS.split(place)]
    if cell:
        sheet, row = cell["sheet"] or "", int(cell["row"])
        return file or "", 2, sheet, row, _column_number(cell["column"]), []
    text_place = _LINE_COLUMN.match(place)
    if text_place:
        line, column = int(text_place["line"]), int(text_place["column"])
        return file or "", 2, "", line, column, [_natural(place)]
    return file or "", 3, "", 0, 0, [_natural(place)]


def _place(file: str | None, path: str | None) -> str:
    return ": ".join(part for part in (file, path) if part)


# every character str.splitlines() breaks on, shown escaped instead
_LINE_BREAKS = {ord(c): f"\\x{ord(c):02x}" for c in "\n\r\v\f\x1c\x1d\x1e\x85"} | {
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


# Bidirectional overrides and isolates: they reorder how the text around them is shown.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def control_character(text: str) -> str | None:
    """The first character of ``text`` that would break a heading, a table row or a terminal line
    (line breaks, ESC and other C0/C1 controls, bidi overrides), as ``U+001B``; else None.

    Names (a region, a plan title) go into Markdown headings, HTML and terminal tables, so they
    are refused at input rather than escaped in every renderer.
    """
    for char in text:
        if unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in _BIDI_CONTROLS:
            return f"U+{ord(char):04X}"
    return None


def _one_line(text: str) -> str:
    """Line breaks from user input (keys, file names) escaped, so a problem is always one line."""
    return text.translate(_LINE_BREAKS)


class Problem(BaseModel):
    """One problem with the user's input, in both languages: a stable code, the file and the
    place in it (JSON path, cell, rule id).

    Build it with both texts, ``Problem(code="W200", message="unknown indicator key 'x'",
    message_zh="未知的指标键“x”", path="$.indicators.x")``; :meth:`line` prints it in a language.
    """

    model_config = ConfigDict(frozen=True)

    code: str
    message: str
    message_zh: str
    file: str | None = None
    path: str | None = None

    @field_validator("code")
    @classmethod
    def _known_code(cls, code: str) -> str:
        if code not in MESSAGES:
            raise ValueError(f"{code!r} is not a code in errors.MESSAGES")
        return code

    @computed_field  # type: ignore[prop-decorator]
    @property
    def level(self) -> Level:
        """``error`` for E-codes (the check stops), ``notice`` for codes in :data:`NOTICES`
        (``--strict`` ignores them), else ``warning``."""
        if self.code.startswith("E"):
            return "error"
        return "notice" if self.code in NOTICES else "warning"

    def text(self, lang: Lang = "en") -> str:
        """The message in ``lang``."""
        return self.message_zh if lang == "zh" else self.message

    def line(self, lang: Lang = "en") -> str:
        """``FILE: PLACE: CODE message`` in ``lang``, always one line."""
        place = _place(self.file, self.path)
        text = f"{self.code} {self.text(lang)}"
        return _one_line(f"{place}: {text}" if place else text)

    def at(self, file: str | None, path: str | None) -> Problem:
        """The same problem at another place."""
        if file == self.file and path == self.path:
            return self
        return self.model_copy(update={"file": file, "path": path})

    def as_error(self) -> InputError:
        """This problem as an error that stops the check (``--strict`` on a warning)."""
        return InputError.of([self])


InputWarning = Problem  # a problem that does not stop the check; it is listed in the report


class InputError(Exception):
    """The problems with the user's input that stop the check (exit code 2): one or more
    :class:`Problem` in place order, the first error among them (:attr:`head`) giving ``code``,
    ``message``, ``file`` and ``path``; the others may be warnings found in the same run."""

    def __init__(
        self,
        code: str,
        message: str,
        zh: str,
        *,
        file: str | None = None,
        path: str | None = None,
    ):
        self.problems: list[Problem] = [
            Problem(code=code, message=message, message_zh=zh, file=file, path=path)
        ]
        super().__init__(message)

    @classmethod
    def of(cls, problems: Sequence[Problem | InputError]) -> InputError:
        """One error carrying every problem found (an error's own problems in place of it)."""
        flat = [
            one
            for problem in problems
            for one in (problem.problems if isinstance(problem, InputError) else [problem])
        ]
        first = flat[0]
        error = cls(first.code, first.message, first.message_zh, file=first.file, path=first.path)
        error.problems = flat
        return error

    @property
    def head(self) -> Problem:
        """The first error-level problem (the first problem when all are warnings, as
        ``--strict`` raises them)."""
        return next((p for p in self.problems if p.level == "error"), self.problems[0])

    @property
    def code(self) -> str:
        return self.head.code

    @property
    def message(self) -> str:
        return self.head.message

    @property
    def message_zh(self) -> str:
        return self.head.message_zh

    @property
    def file(self) -> str | None:
        return self.head.file

    @property
    def path(self) -> str | None:
        return self.head.path

    def located(self, file: str | None = None) -> InputError:
        """The same error, with the file filled in when it was not known where it was raised."""
        if not file or all(p.file for p in self.problems):
            return self
        return InputError.of([p.at(p.file or file, p.path) for p in self.problems])

    def line(self, lang: Lang = "en") -> str:
        """The first error (:attr:`head`), as one line in ``lang``."""
        return self.head.line(lang)

    def lines(self, lang: Lang = "en") -> list[str]:
        """Every problem, one line each, in ``lang``."""
        return [problem.line(lang) for problem in self.problems]

    def __str__(self) -> str:
        return self.line()
