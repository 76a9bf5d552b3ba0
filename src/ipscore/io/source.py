"""Where a submission (or a waiver list) came from, so every problem is located once.

A reader records the file and, for a sheet, the cell each JSON path came from; later stages
(checking against the catalogue, choosing plans, evaluating) raise errors with JSON paths, and
:meth:`Source.locate` turns those paths into the place the user can see (``Indicators!G7``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, PrivateAttr

from ipscore.errors import InputError, InputWarning


def cell_for(path: str | None, cells: Mapping[str, str]) -> str | None:
    """The cell a JSON path (``$.indicators.x.2023``) came from; the path itself if unknown."""
    if path is None:
        return None
    candidates = [
        known for known in cells if path == known or path.startswith((known + ".", known + "["))
    ]
    return cells[max(candidates, key=len)] if candidates else path


@dataclass(frozen=True)
class Source:
    """The file an input was read from and, for a sheet, JSON path → cell."""

    file: str | None = None
    cells: Mapping[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:  # the cell map of a big workbook would fill the screen
        return f"Source(file={self.file!r}, cells={len(self.cells)})"

    def place(self, path: str | None) -> str | None:
        """The place to show for a JSON path: its cell in a sheet, else the path."""
        return cell_for(path, self.cells)

    def locate(self, error: InputError) -> InputError:
        """The error with this source's file (if it had none) and its path as a cell, for each
        problem it carries."""
        problems = [p.at(p.file or self.file, self.place(p.path)) for p in error.problems]
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
        """Where this was read from (an empty :class:`Source` when built in code)."""
        return self._source

    def __eq__(self, other: Any) -> bool:  # two equal contents are equal from any file
        if not isinstance(other, BaseModel):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__


def from_source(model: FromSource, source: Source) -> None:
    """Record where ``model`` was read from (readers call this once, right after validating)."""
    model._source = source
