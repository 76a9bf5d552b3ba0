"""Where a submission (or a waiver list) came from, so every problem is located once.

A reader records the file and where each JSON path came from: for a sheet its cell, for a JSON
file the line and column its value starts at. Later stages (checking against the catalogue,
choosing plans, evaluating) raise errors with JSON paths, and :meth:`Source.locate` turns those
paths into the place the user can see (``Indicators!G7``, ``line 12, column 17
($.indicators.x.2025)``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pydantic import BaseModel, PrivateAttr

from ipscore.errors import InputError, InputWarning, place_order


def cell_for(path: str | None, cells: Mapping[str, str]) -> str | None:
    """The cell a JSON path (``$.indicators.x.2023``) came from; the path itself if unknown."""
    if path is None:
        return None
    candidates = [
        known for known in cells if path == known or path.startswith((known + ".", known + "["))
    ]
    return cells[max(candidates, key=len)] if candidates else path


def _parent(path: str) -> str:
    """``$.a.b[2]`` → ``$.a.b`` (a cut inside a quoted key is simply not a recorded path)."""
    return path[: max(path.rfind("."), path.rfind("["), 1)]


class Positions:
    """Where each value of a JSON text starts, as ``line L, column C`` (both 1-based, columns in
    characters). The reader's ``scan`` (text → JSON path → character offset) runs the first
    time a place is asked for, so a file without problems never pays for it."""

    def __init__(self, text: str, scan: Callable[[str], Mapping[str, int]]) -> None:
        self._text = text
        self._scan = scan

    @cached_property
    def offsets(self) -> Mapping[str, int]:
        """JSON path → the character offset its value starts at."""
        return self._scan(self._text)

    @cached_property
    def line_starts(self) -> list[int]:
        """The offset each line starts at."""
        return [0] + [newline.end() for newline in re.finditer("\n", self._text)]

    def where(self, path: str) -> tuple[int, int] | None:
        """(line, column) of the value at ``path``, or of its nearest recorded ancestor (a missing
        field is shown at its object); None when not even ``$`` was recorded."""
        while path not in self.offsets:
            if len(path) <= 1:
                return None
            path = _parent(path)
        offset = self.offsets[path]
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def place(self, path: str) -> str:
        """``line 12, column 17 ($.indicators.x.2025)``; the path alone when not found."""
        found = self.where(path)
        return f"line {found[0]}, column {found[1]} ({path})" if found else path


@dataclass(frozen=True)
class Source:
    """The file an input was read from and where its JSON paths are in it: for a sheet JSON
    path → cell, for a JSON file the position of each value."""

    file: str | None = None
    cells: Mapping[str, str] = field(default_factory=dict)
    positions: Positions | None = None

    def __repr__(self) -> str:  # the cell map of a big workbook would fill the screen
        if self.positions is not None:  # counting the values would scan the text
            return f"Source(file={self.file!r}, positions=True)"
        return f"Source(file={self.file!r}, cells={len(self.cells)})"

    def place(self, path: str | None) -> str | None:
        """The place to show for a JSON path: its cell in a sheet, its line and column (with the
        path) in a JSON file, else the path. ``$`` (the whole file) stays as it is."""
        if self.positions is not None and path is not None and path.startswith(("$.", "$[")):
            return self.positions.place(path)
        return cell_for(path, self.cells)

    def locate(self, error: InputError) -> InputError:
        """The error with this source's file (if it had none) and its path as a cell or a line
        and column, for each problem it carries (in a JSON file, then sorted by line)."""
        problems = [p.at(p.file or self.file, self.place(p.path)) for p in error.problems]
        if self.positions is not None:
            problems.sort(key=lambda p: place_order(p.file, p.path))
        if problems == error.problems:
            return error
        return InputError.of(problems)

    def locate_warning(self, warning: InputWarning) -> InputWarning:
        """A warning about this input with the file filled in and its path as a cell.

        A warning about another file (a waiver file) is left as it is.
        """
        if warning.file not in (None, self.file):
            return warning
        return warning.at(warning.file or self.file, self.place(warning.path))


class FromSource(BaseModel):
    """A model that remembers where it was read from; that is not part of its value."""

    _source: Source = PrivateAttr(default_factory=Source)

    @property
    def source(self) -> Source:
        """Where this was read from (an empty :class:`Source` when built in code).

        Read from the instance's private values directly: ``self._source`` goes through
        pydantic's ``__getattr__`` (~1.3 µs, and ``evaluate`` asks twice per evaluation)."""
        private = self.__pydantic_private__
        return private["_source"] if private is not None else self._source

    def __eq__(self, other: Any) -> bool:  # two equal contents are equal from any file
        if not isinstance(other, BaseModel):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__


def from_source(model: FromSource, source: Source) -> None:
    """Record where ``model`` was read from (readers call this once, right after validating)."""
    model._source = source
