"""Reading an input file with a size bound: never more than the limit is read into memory."""

from __future__ import annotations

from pathlib import Path

from ipscore.errors import InputError, os_reason

MAX_INPUT_BYTES = 5_000_000  # a submission file: JSON, xlsx or CSV
MAX_YAML_BYTES = 2_000_000  # a rule pack, catalogue or waiver file


def read_limited(path: str | Path, limit: int, file: str | None = None) -> bytes:
    """The file's bytes; E106 when it holds more than ``limit`` bytes (``/dev/zero`` included).

    At most ``limit + 1`` bytes are read, so an endless or huge file costs no more than that.
    """
    file = str(path) if file is None else file
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        reason, reason_zh = os_reason(exc)
        raise InputError(
            "E100", f"cannot read: {reason}", f"无法读取：{reason_zh}", file=file
        ) from None
    except ValueError:  # a NUL byte in the name
        raise InputError(
            "E100", "cannot read: not a valid file name", "无法读取：文件名无效", file=file
        ) from None
    if len(raw) > limit:
        raise InputError(
            "E106", f"larger than {limit} bytes", f"文件超过 {limit} 字节的上限", file=file
        )
    return raw


def utf8_text(raw: bytes, file: str | None = None) -> str:
    """The bytes as UTF-8 text (a byte-order mark is accepted); E102 at the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            "E102",
            f"not UTF-8 (bad byte at offset {exc.start})",
            f"不是 UTF-8 编码（第 {exc.start} 字节处）：该字节无法识别，请另存为 UTF-8",
            file=file,
        ) from None
