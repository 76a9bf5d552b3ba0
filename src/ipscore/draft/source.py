"""Reading a plan's text: a UTF-8 ``.txt`` file, or a Word ``.docx`` (paragraphs and tables in
document order, one table row a line with its cells separated by tabs).

Quotes in a draft are exact substrings of the text this module returns.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ipscore.errors import InputError, os_reason
from ipscore.reading import utf8_text

MAX_PLAN_BYTES = 20_000_000  # a long plan is ~100 kB of text; a Word file with pictures more
MAX_TEXT_CHARS = 2_000_000
MAX_UNPACKED_BYTES = 200_000_000  # a .docx is a zip: bounded before its XML is parsed


def read_plan_text(path: Path) -> str:
    """The plan's text; a one-line :class:`InputError` naming the file when it cannot be read."""
    file = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        reason, reason_zh = os_reason(exc)
        raise InputError(
            "E100", f"cannot read: {reason}", f"无法读取：{reason_zh}", file=file
        ) from None
    if size > MAX_PLAN_BYTES:
        raise InputError(
            "E106",
            f"larger than {MAX_PLAN_BYTES} bytes",
            f"文件超过 {MAX_PLAN_BYTES} 字节的上限",
            file=file,
        )
    suffix = path.suffix.lower()
    if suffix == ".txt":
        text = _txt_text(path)
    elif suffix == ".docx":
        text = _docx_text(path)
    else:
        raise InputError(
            "E119",
            "unsupported plan file type: use .txt or .docx",
            "不支持的方案文件类型：请用 .txt 或 .docx",
            file=file,
        )
    if not text.strip():
        raise InputError("E101", "empty file", "文件为空（没有文字）", file=file)
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            "E106",
            f"more than {MAX_TEXT_CHARS} characters of text",
            f"文字超过 {MAX_TEXT_CHARS} 字的上限",
            file=file,
        )
    return text


def _txt_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason, reason_zh = os_reason(exc)
        raise InputError(
            "E100", f"cannot read: {reason}", f"无法读取：{reason_zh}", file=str(path)
        ) from None
    return utf8_text(raw, str(path)).replace("\r\n", "\n").replace("\r", "\n")


def _not_docx(path: Path, exc: Exception) -> InputError:
    return InputError(
        "E100",
        f"not a Word .docx document ({exc})",
        f"不是 Word .docx 文档（{exc}）：旧版 .doc 请在 Word 中另存为 .docx",
        file=str(path),
    )


def _docx_text(path: Path) -> str:
    try:
        import docx  # python-docx: the optional extra ipscore[docx]
        from docx.opc.exceptions import PackageNotFoundError
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - the test extra installs it
        raise InputError(
            "E119",
            "reading .docx needs python-docx: pip install 'ipscore[docx]'",
            "读取 .docx 需要 python-docx：pip install 'ipscore[docx]'",
            file=str(path),
        ) from None
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (OSError, zipfile.BadZipFile) as exc:
        raise _not_docx(path, exc) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(
            "E106",
            f"unpacks to more than {MAX_UNPACKED_BYTES} bytes",
            f"解压后超过 {MAX_UNPACKED_BYTES} 字节的上限",
            file=str(path),
        )
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _not_docx(path, exc) from None
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(element, document).text)
        elif tag == "tbl":
            for row in Table(element, document).rows:
                cells: list[str] = []
                for cell in row.cells:  # a merged cell repeats: keep it once
                    text = " ".join(cell.text.split())
                    if not cells or cells[-1] != text:
                        cells.append(text)
                lines.append("\t".join(cells))
    return "\n".join(lines)
