"""Writing output files whole, through a ``.part`` file: a failure or Ctrl-C leaves nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ipscore.errors import InputError, os_reason


def write_whole(target: Path, write: Callable[[Path], object]) -> None:
    """Call ``write`` on a temporary sibling, then move it into place; E108 when that fails."""
    partial = target.with_name(target.name + ".part")
    try:
        write(partial)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        reason, reason_zh = os_reason(exc)
        raise InputError(
            "E108", f"cannot write: {reason}", f"无法写入：{reason_zh}", file=str(target)
        ) from None
    except BaseException:  # Ctrl-C, or a bug in ``write``: no half-written .part either
        partial.unlink(missing_ok=True)
        raise


def write_text_whole(target: Path, text: str, encoding: str = "utf-8") -> None:
    write_whole(target, lambda path: path.write_text(text, encoding=encoding))
