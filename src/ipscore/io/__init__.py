"""The input boundary: one reader per format behind :func:`read_submission`.

- :mod:`ipscore.io.json_reader`: strict JSON (places as ``line 3, column 7`` or a JSON path);
- :mod:`ipscore.io.sheet_reader`: filled xlsx and CSV templates (places as cells:
  ``Indicators!G7``), with :mod:`~ipscore.io.sheet_grids` (file → rows),
  :mod:`~ipscore.io.sheet_cells` (cell → value) and :mod:`~ipscore.io.sheet_layout` (the layout
  the template writer shares);
- :mod:`ipscore.io.yaml_reader`: safe, bounded YAML for rule packs, catalogues and waiver files.

Each gives a validated model that remembers its :class:`Source` (the file, and for a sheet the cell
of each value), so that later problems are shown where the user typed them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ipscore.errors import InputError
from ipscore.io.source import Source, cell_for

if TYPE_CHECKING:
    from ipscore.submission import Submission

SUBMISSION_SUFFIXES = (".json", ".xlsx", ".csv")

__all__ = ["SUBMISSION_SUFFIXES", "Source", "cell_for", "read_submission"]


def _reader(suffix: str) -> Callable[[Path], Submission] | None:
    # Imported here: the readers import the models, which import this package's Source.
    if suffix == ".json":
        from ipscore.io.json_reader import read_json_submission

        return read_json_submission
    if suffix in (".xlsx", ".csv"):
        from ipscore.io.sheet_reader import read_sheet

        return read_sheet
    return None


def read_submission(path: str | Path) -> Submission:
    """A validated submission from a JSON, xlsx or CSV file, chosen by the file's suffix."""
    if not isinstance(path, str | Path):  # e.g. evaluate(plan, [...]): data that is no object
        from ipscore.submission import json_type_name

        message = f"a submission is a JSON object or a file name, not {json_type_name(path)}"
        zh = f"提交的数据应为 JSON 对象或文件名，而不是{json_type_name(path, 'zh')}"
        raise InputError("E110", message, zh, path="$")
    path = Path(path)
    reader = _reader(path.suffix.lower())
    if reader is None:
        raise InputError(
            "E119",
            "unsupported file type: use .json, .xlsx or .csv",
            "不支持的文件类型：请使用 .json、.xlsx 或 .csv 文件",
            file=str(path),
        )
    return reader(path)
