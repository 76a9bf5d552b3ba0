"""Input errors and warnings: objects with a stable code, the file and the place in it.

Every problem the user can cause is an :class:`InputError` (stops the check, exit code 2) or an
:class:`InputWarning` (listed in the report; ``--strict`` turns a warning into an error). A
warning whose code is in :data:`NOTICES` only informs (a unit converted as the docs say to):
``--strict`` leaves it alone. Each problem renders as one line: ``FILE: PLACE: CODE message``.
docs/errors.md lists the codes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from enum import IntEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, computed_field


class ExitCode(IntEnum):
    """What the ``ipscore`` command's exit status means (docs/errors.md)."""

    OK = 0  # no gaps, or the score reaches --fail-under
    GAPS = 1  # the report lists gaps
    INPUT = 2  # bad input or usage: nothing was evaluated
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it)

    @property
    def meaning(self) -> str:
        return _EXIT_MEANING[self]


_EXIT_MEANING = {
    ExitCode.OK: "no gaps (or the score reaches --fail-under)",
    ExitCode.GAPS: "the check ran and there are gaps",
    ExitCode.INPUT: "bad input, a usage error or an internal error: see the one-line message",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
}


# code → short description; docs/errors.md explains each with an example.
CODES: dict[str, str] = {
    "E100": "file cannot be read",
    "E101": "empty file",
    "E102": "file is not UTF-8",
    "E103": "malformed JSON",
    "E104": "duplicate key in an object",
    "E105": "NaN or Infinity is not a number here",
    "E106": "file too large",
    "E107": "input nested too deeply",
    "E108": "output file cannot be written",
    "E110": "wrong type or missing field",
    "E111": "negative value for a quantity that cannot be negative",
    "E112": "value outside the indicator's plausible range",
    "E113": "unit does not match the catalogue and does not convert",
    "E114": "series key is not a year",
    "E115": "year after as_of",
    "E116": "as_of before the plan starts",
    "E117": "unknown plan id",
    "E118": "no plan for this region",
    "E119": "unsupported input file type",
    "E120": "malformed spreadsheet",
    "E130": "malformed rule pack",
    "E131": "rule pack refers to an unknown indicator",
    "E132": "indicator redefined differently from the catalogue",
    "E133": "tailoring cannot be applied to the plan it extends",
    "E135": "unresolved TODO in a rule pack (lint)",
    "E140": "malformed waiver file",
    "E141": "waiver for an unknown target id",
    "W200": "unknown indicator key",
    "W201": "percentage given as a fraction",
    "W202": "unit converted",
    "W203": "waiver expired",
    "W204": "value given directly and derivable: the given value is used",
    "W205": "region does not match the plan's region",
    "W210": "a target is judged on a value from before the reference year (stale)",
    "W211": "value far out of line with the indicator's other years or the plan's targets",
}

# Codes that inform rather than warn: the input was read as the user meant it. They are listed
# with the warnings (level "notice"), and ``--strict`` does not fail on them.
NOTICES = frozenset({"W202"})

Level = Literal["warning", "notice"]


def place_order(file: str | None, path: str | None) -> tuple[str, list[tuple[str, int]]]:
    """A sort key for problems by place, numbers compared as numbers (G7 before G10)."""
    parts = re.split(r"([0-9]+)", path or "")
    return file or "", [
        (text, int(number or 0))
        for text, number in zip(parts[::2], parts[1::2] + [""], strict=True)
    ]


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


class InputError(Exception):
    """A problem with the user's input that stops the check (exit code 2)."""

    def __init__(
        self, code: str, message: str, *, file: str | None = None, path: str | None = None
    ):
        super().__init__(message)
        self.code = code
        self.message = message
        self.file = file
        self.path = path
        self.problems: list[InputError] = [self]  # every problem found, this one first

    @classmethod
    def of(cls, problems: Sequence[InputError]) -> InputError:
        """One error carrying every problem found; the first gives its code, message and place."""
        first = problems[0]
        error = cls(first.code, first.message, file=first.file, path=first.path)
        error.problems = [error, *problems[1:]]
        return error

    def located(self, file: str | None = None) -> InputError:
        """The same error, with the file filled in when it was not known where it was raised."""
        if not file or all(p.file for p in self.problems):
            return self
        return InputError.of(
            [InputError(p.code, p.message, file=p.file or file, path=p.path) for p in self.problems]
        )

    def line(self) -> str:
        """The first problem, as one line."""
        place = _place(self.file, self.path)
        line = f"{place}: {self.code} {self.message}" if place else f"{self.code} {self.message}"
        return _one_line(line)

    def lines(self) -> list[str]:
        """Every problem, one line each."""
        return [problem.line() for problem in self.problems]

    def __str__(self) -> str:
        return self.line()


class InputWarning(BaseModel):
    """A problem that does not stop the check; it is listed in the report."""

    model_config = ConfigDict(frozen=True)

    code: str
    message: str
    file: str | None = None
    path: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def level(self) -> Level:
        """``notice`` for codes in :data:`NOTICES` (``--strict`` ignores them), else ``warning``."""
        return "notice" if self.code in NOTICES else "warning"

    def line(self) -> str:
        place = _place(self.file, self.path)
        line = f"{place}: {self.code} {self.message}" if place else f"{self.code} {self.message}"
        return _one_line(line)

    def as_error(self) -> InputError:
        return InputError(self.code, self.message, file=self.file, path=self.path)
