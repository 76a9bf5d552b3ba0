"""The bundled rule files, parsed once: their YAML documents kept as checked JSON in a cache.

Parsing YAML is most of what loading a bundled plan and the catalogue costs at start (about ten
times their validation, docs/performance.md). So the cache keeps the *parsed document* of each
bundled file, and everything after parsing — the pydantic validation, the catalogue merge —
runs on it exactly as on a freshly parsed file: results cannot differ, and a cache file can
never introduce a plan that fails validation.

A cache file is untrusted input like any other. It is used only when all of these hold, and is
otherwise ignored (and rewritten), so the worst a bad one costs is a parse:

- it is at most :data:`MAX_CACHE_BYTES` long and starts with a one-line JSON header;
- the header's ``key`` is the SHA-256 of what the parse depends on: the YAML file's bytes,
  ipscore's version, this cache's format, and the source of the YAML reader and of PyYAML;
- the header's ``payload`` is the SHA-256 of the rest of the file, which is JSON (decoded by
  :mod:`json`, which runs no code), with dates and non-string keys in tagged objects.

A document is cached only if it decodes back to exactly itself (same types, same keys in the
same order). Files are written whole, to a temporary file renamed into place, so concurrent
processes see a whole old file, a whole new one, or none. A cache directory that cannot be made
or written (a read-only home) means no cache, nothing else. ``IPSCORE_CACHE_DIR`` chooses the
directory; set and empty, it turns the cache off (:mod:`ipscore.userdirs`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.util
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

from ipscore.reading import MAX_YAML_BYTES, read_limited
from ipscore.userdirs import cache_dir

FORMAT = 1  # of the cache files: raise it when the layout or the encoding changes
MAX_CACHE_BYTES = 4 * MAX_YAML_BYTES  # a parsed document as JSON is about the size of its YAML
KEY_IN_NAME = 24  # hex digits of the key in a cache file's name (the header holds all 64)
TAG = "\x00"  # the key that marks a tagged object; no plain object in the cache has it
_MISS = object()


class _Unsupported(Exception):
    """A value the cache's JSON cannot carry exactly: the document is not cached."""


def parsed_yaml(path: Path, code: str = "E130") -> Any:
    """The document of the YAML file at ``path``, as :func:`ipscore.io.yaml_reader.read_yaml`
    gives it (the same errors too), from the cache when the cache holds it."""
    file = str(path)
    raw = read_limited(path, MAX_YAML_BYTES, file)
    folder = cache_dir()
    reader = _reader_digest()
    if folder is None or reader is None:
        return _parse(raw, file, code)
    key = hashlib.sha256(reader + hashlib.sha256(raw).digest()).hexdigest()
    entry = folder / "rules" / f"{path.stem}-{key[:KEY_IN_NAME]}.json"
    cached = _load(entry, key)
    if cached is not _MISS:
        return cached
    document = _parse(raw, file, code)
    _store(entry, key, document)
    return document


def _parse(raw: bytes, file: str, code: str) -> Any:
    from ipscore.io.yaml_reader import parse_yaml  # PyYAML is imported only on a miss

    return parse_yaml(raw, file, code)


@functools.cache
def _reader_digest() -> bytes | None:
    """What a parse depends on besides the file: this cache's format, ipscore's version and the
    sources of the YAML reader and of PyYAML (hashed); None when a source cannot be read."""
    from ipscore import __version__

    digest = hashlib.sha256(f"ipscore-rules-cache {FORMAT} {__version__}\n".encode())
    for module in ("ipscore.io.yaml_reader", "yaml"):
        try:
            spec = importlib.util.find_spec(module)
            if spec is None or spec.origin is None:
                return None
            digest.update(hashlib.sha256(Path(spec.origin).read_bytes()).digest())
        except (OSError, ImportError, ValueError):
            return None
    return digest.digest()


def _load(entry: Path, key: str) -> Any:
    """The cached document, or _MISS when the file is absent, too long, or fails a check."""
    try:
        with entry.open("rb") as handle:
            content = handle.read(MAX_CACHE_BYTES + 1)
    except OSError:
        return _MISS
    if len(content) > MAX_CACHE_BYTES:
        return _MISS
    head, _, payload = content.partition(b"\n")
    try:
        header = json.loads(head)
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            return _MISS
        if header.get("key") != key:
            return _MISS
        if header.get("payload") != hashlib.sha256(payload).hexdigest():
            return _MISS
        return json.loads(payload, object_hook=_decode_object)
    except (ValueError, TypeError, LookupError, RecursionError):  # bad JSON, tag, date or key
        return _MISS


def _store(entry: Path, key: str, document: Any) -> None:
    """Write the document's cache file whole, if it can be carried exactly; else nothing."""
    try:
        payload = json.dumps(_encode(document), ensure_ascii=False, separators=(",", ":"))
        if not _same(json.loads(payload, object_hook=_decode_object), document):
            return
        body = payload.encode("utf-8")  # a lone surrogate cannot be: ValueError
    except (_Unsupported, ValueError, TypeError, RecursionError):
        return
    header = {"format": FORMAT, "key": key, "payload": hashlib.sha256(body).hexdigest()}
    content = json.dumps(header).encode("ascii") + b"\n" + body
    if len(content) > MAX_CACHE_BYTES:
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            os.replace(temporary, entry)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _remove_others(entry)
    except OSError:
        return


def _remove_others(entry: Path) -> None:
    """Remove the same rule file's entries for other contents or versions."""
    stem = entry.name[: -len(".json") - KEY_IN_NAME - 1]
    for other in entry.parent.iterdir():
        name = other.name
        if other != entry and name.startswith(stem + "-") and name.endswith(".json"):
            key = name[len(stem) + 1 : -len(".json")]
            if len(key) == KEY_IN_NAME and all(c in "0123456789abcdef" for c in key):
                other.unlink(missing_ok=True)


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dt.datetime):
        return {TAG: "datetime", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {TAG: "date", "v": value.isoformat()}
    if isinstance(value, dict):
        if all(isinstance(key, str) and not key.startswith(TAG) for key in value):
            return {key: _encode(item) for key, item in value.items()}
        return {TAG: "map", "v": [[_encode(key), _encode(item)] for key, item in value.items()]}
    raise _Unsupported(type(value).__name__)


def _decode_object(data: dict[str, Any]) -> Any:
    tag = data.get(TAG)
    if tag is None:
        return data
    if tag == "date":
        return dt.date.fromisoformat(data["v"])
    if tag == "datetime":
        return dt.datetime.fromisoformat(data["v"])
    if tag == "map":
        return {key: item for key, item in data["v"]}
    raise ValueError(f"unknown tag {tag!r}")


def _same(left: Any, right: Any) -> bool:
    """Equal with the same types throughout (1 is not 1.0 nor True; dates keep their offset)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return list(left) == list(right) and all(
            _same(a, b) and _same(left[a], right[b]) for a, b in zip(left, right, strict=True)
        )
    if isinstance(left, list):
        return len(left) == len(right) and all(map(_same, left, right))
    if isinstance(left, float) and math.isnan(left):
        return math.isnan(right)
    if isinstance(left, dt.datetime):
        return bool(left.isoformat() == right.isoformat())
    return bool(left == right)
