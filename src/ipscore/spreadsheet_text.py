"""Text in the CSV and xlsx files ipscore writes never becomes a live formula.

A region, a plan title or a file name comes from someone else's file. Text that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to a spreadsheet program
(OWASP "CSV injection"): ``=HYPERLINK(…)`` or ``=cmd|' /C calc'!A0``. Every CSV field goes through
:func:`csv_safe` and every workbook through :func:`text_stays_text` before it is saved.
"""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """A CSV field no spreadsheet runs as a formula: formula-like text gets a ' in front (OWASP).

    The template reader (ipscore.sheets) drops that ' again when it reads a CSV back.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def text_stays_text(workbook: Any) -> None:
    """Make every cell openpyxl took for a formula (text starting with =) a text cell again.

    For workbooks ipscore writes, which hold no formulas of their own. Only the cells written are
    visited (openpyxl keeps them in ``_cells``), never the empty ones of the bounding box.
    """
    for sheet in workbook.worksheets:
        for cell in list(sheet._cells.values()):
            if cell.data_type == "f":
                cell.data_type = "s"
