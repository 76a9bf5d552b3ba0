"""The input boundary: one reader per format behind :func:`read_submission`.

JSON (``ipscore.submission``) and sheets — xlsx and CSV (``ipscore.sheets``) — give the same
validated :class:`~ipscore.submission.Submission`, which remembers its :class:`Source` (the file,
and for a sheet the cell of each value) so that later problems are shown where the user typed them.
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
        from ipscore.submission import read_json_submission

        return read_json_submission
    if suffix in (".xlsx", ".csv"):
        from ipscore.sheets import read_sheet

        return read_sheet
    return None


def read_submission(path: str | Path) -> Submission:
    """A validated submission from a JSON, xlsx or CSV file, chosen by the file's suffix."""
    if not isinstance(path, str | Path):  # e.g. evaluate(plan, [...]): data that is no object
        from ipscore.submission import json_type_name

        message = f"a submission is a JSON object or a file name, not {json_type_name(path)}"
        raise InputError("E110", message, path="$")
    path = Path(path)
    reader = _reader(path.suffix.lower())
    if reader is None:
        raise InputError("E119", "unsupported file type: use .json, .xlsx or .csv", file=str(path))
    return reader(path)
