"""PEP 517 backend: durable-rules 2.0.28 from its PyPI sdist, for Python 3.13 and later.

durable-rules 2.0.28 (the last release) calls ``PyEval_CallObject``, a C-API name that Python
3.13 removed: its extension module compiles, then fails to import (``undefined symbol``). The
calls (five, in the storage callbacks of src/rulespy/rules.c) are fixed upstream but unreleased.
This backend builds the released sdist, checked against its SHA-256, with one preprocessor define
that maps the removed name to its replacement, ``PyObject_CallObject`` (the same call without
keyword arguments). The source is not changed and nothing of it is kept in ipscore's repository.

The wheel is an ordinary ``durable_rules`` 2.0.28 wheel for the running Python.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

VERSION = "2.0.28"
SDIST = f"durable_rules-{VERSION}.tar.gz"
SHA256 = "053b26f5e48d312d4fa27995243f954671be6eece477f150c059c364eb4d7d61"
DEFINE = "-DPyEval_CallObject=PyObject_CallObject"


def _download(into: Path) -> Path:
    """The pinned sdist, fetched by pip (so the user's index, proxy and certificates apply)."""
    pinned = into / "requirements.txt"
    pinned.write_text(f"durable-rules=={VERSION} --hash=sha256:{SHA256}\n", encoding="utf-8")
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
    command += ["--require-hashes", "-r", str(pinned), "-d", str(into)]
    # pip reads the sdist's metadata with a build backend of its own; the variables naming *this*
    # backend (pyproject-hooks passes them to us) must not reach that nested build.
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("_PYPROJECT_HOOKS_", "PEP517_"))
    }
    subprocess.run(command, check=True, stdout=sys.stderr, env=environment)
    sdist = into / SDIST
    digest = hashlib.sha256(sdist.read_bytes()).hexdigest()
    if digest != SHA256:  # pip checked it already; a second look costs nothing
        raise RuntimeError(f"{SDIST}: SHA-256 {digest}, expected {SHA256}")
    return sdist


def _unpacked(sdist: Path, into: Path) -> Path:
    with tarfile.open(sdist) as archive:
        archive.extractall(into, filter="data")
    return into / SDIST.removesuffix(".tar.gz")


@contextmanager
def _source() -> Iterator[Path]:
    """The unpacked sdist as the working directory, with the define in CPPFLAGS.

    setup.py overwrites CFLAGS; the compiler still reads CPPFLAGS."""
    with tempfile.TemporaryDirectory(prefix="durable-rules-") as temp:
        source = _unpacked(_download(Path(temp)), Path(temp))
        previous_dir, previous_flags = os.getcwd(), os.environ.get("CPPFLAGS")
        os.environ["CPPFLAGS"] = f"{previous_flags or ''} {DEFINE}".strip()
        os.chdir(source)
        try:
            yield source
        finally:
            os.chdir(previous_dir)
            if previous_flags is None:
                del os.environ["CPPFLAGS"]
            else:
                os.environ["CPPFLAGS"] = previous_flags


def get_requires_for_build_wheel(config_settings: dict[str, Any] | None = None) -> list[str]:
    return []


def build_wheel(
    wheel_directory: str,
    config_settings: dict[str, Any] | None = None,
    metadata_directory: str | None = None,
) -> str:
    target = str(Path(wheel_directory).resolve())
    with _source():
        from setuptools import build_meta

        return build_meta.build_wheel(target, config_settings)
