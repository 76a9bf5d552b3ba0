"""The cache of parsed rule files (ipscore.rules_cache): the same documents as parsing, a changed
file read again, a bad cache file ignored and rewritten, the same check output with and without
it, also with several processes filling it at once."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CASES, ROOT, RULES

from ipscore.errors import InputError
from ipscore.io import yaml_reader
from ipscore.io.yaml_reader import read_yaml
from ipscore.rules_cache import MAX_CACHE_BYTES, parsed_yaml


def typed(value):
    """The document with every value's type beside it, so that 1, 1.0 and True differ."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    if isinstance(value, dt.datetime):
        return ("datetime", value.isoformat())
    return (type(value).__name__, value)


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("IPSCORE_CACHE_DIR", str(folder))
    return folder / "rules"


@pytest.fixture
def no_parsing(monkeypatch):
    """After this, a document can only come from the cache: parsing fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("parsed although the cache holds the file")

    return lambda: monkeypatch.setattr(yaml_reader, "parse_yaml", refuse)


@pytest.mark.parametrize("name", sorted(path.name for path in RULES.glob("*.yaml")))
def test_every_bundled_file_comes_back_from_the_cache_exactly_as_parsed(name, cache, no_parsing):
    path = RULES / name
    fresh = typed(read_yaml(path))
    assert typed(parsed_yaml(path)) == fresh  # a miss: parsed and written
    assert len(list(cache.glob(f"{path.stem}-*.json"))) == 1
    no_parsing()
    assert typed(parsed_yaml(path)) == fresh  # a hit


def test_dates_timestamps_and_keys_that_are_not_text_keep_their_types(tmp_path, cache, no_parsing):
    path = tmp_path / "odd.yaml"
    path.write_text(
        "issued: 2022-01-01\n"
        "at: 2022-01-01T08:30:00+08:00\n"
        "2024: {1: 1.0, false: no, null: ~, 2.5: [1, 1.0, '1', true]}\n"
        "'\\0tag': {'\\0': date, v: 2022-01-01}\n"  # looks like the cache's own tag: still data
        "nan: .nan\n",
        encoding="utf-8",
    )
    fresh = parsed_yaml(path)
    assert isinstance(fresh["issued"], dt.date) and fresh["at"].utcoffset() == dt.timedelta(hours=8)
    no_parsing()
    cached = parsed_yaml(path)
    assert str(typed(cached)) == str(typed(fresh))  # str(): nan is not equal to itself


def test_a_document_the_cache_cannot_carry_is_parsed_every_time(tmp_path, cache):
    path = tmp_path / "set.yaml"
    path.write_text("members: !!set {a, b}\n", encoding="utf-8")
    assert parsed_yaml(path) == {"members": {"a", "b"}}
    assert not cache.exists() or list(cache.iterdir()) == []


def test_a_changed_file_is_read_again_and_its_old_entry_removed(tmp_path, cache, monkeypatch):
    path = tmp_path / "pack.yaml"
    path.write_text("threshold: 10\n", encoding="utf-8")
    assert parsed_yaml(path) == {"threshold": 10}
    stat = path.stat()
    path.write_text("threshold: 20\n", encoding="utf-8")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same time
    assert parsed_yaml(path) == {"threshold": 20}
    assert len(list(cache.glob("pack-*.json"))) == 1


def _entry(cache: Path, stem: str) -> Path:
    (entry,) = cache.glob(f"{stem}-*.json")
    return entry


def _change_a_number(content: bytes) -> bytes:
    """The cache file with its payload's first number changed: still JSON, other data."""
    head, _, payload = content.partition(b"\n")
    at = next(i + 1 for i in range(len(payload)) if payload[i : i + 2] in _NUMBER_STARTS)
    changed = payload[:at] + (b"9" if payload[at : at + 1] != b"9" else b"8") + payload[at + 1 :]
    return head + b"\n" + changed


_NUMBER_STARTS = {b":" + bytes([digit]) for digit in b"0123456789"}


def _other_key(content: bytes) -> bytes:
    head, _, payload = content.partition(b"\n")
    return head.replace(b'"key": "', b'"key": "0') + b"\n" + payload


BREAKAGES = {
    "empty": lambda content: b"",
    "truncated": lambda content: content[: len(content) // 2],
    "a changed number": _change_a_number,
    "another key": _other_key,
    "no header": lambda content: content.partition(b"\n")[2],
    "not JSON": lambda content: b"\xff\xfe garbage\n" + content,
    "too long": lambda content: content + b" " * MAX_CACHE_BYTES,
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_a_bad_cache_file_is_ignored_and_rewritten(breakage, tmp_path, cache, no_parsing):
    path = tmp_path / "pack.yaml"
    path.write_text("targets: [{id: a, threshold: 2.5, issued: 2022-01-01}]\n", encoding="utf-8")
    fresh = typed(parsed_yaml(path))
    entry = _entry(cache, "pack")
    good = entry.read_bytes()
    entry.write_bytes(BREAKAGES[breakage](good))
    assert typed(parsed_yaml(path)) == fresh
    assert _entry(cache, "pack").read_bytes() == good
    no_parsing()
    assert typed(parsed_yaml(path)) == fresh


def test_a_cache_directory_that_cannot_be_written_means_no_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("IPSCORE_CACHE_DIR", str(blocker))  # a file: no directory can be made
    path = RULES / "nanjing-2022-2025.yaml"
    assert typed(parsed_yaml(path)) == typed(read_yaml(path))
    monkeypatch.setenv("IPSCORE_CACHE_DIR", "")  # set and empty: off
    assert typed(parsed_yaml(path)) == typed(read_yaml(path))


def test_errors_are_those_of_the_reader_and_are_not_cached(tmp_path, cache):
    path = tmp_path / "bad.yaml"
    path.write_text("a: [1\n", encoding="utf-8")
    with pytest.raises(InputError) as cached:
        parsed_yaml(path)
    with pytest.raises(InputError) as direct:
        read_yaml(path)
    assert cached.value.line() == direct.value.line()
    assert not cache.exists() or list(cache.iterdir()) == []


def _check(case: Path, cache_dir: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "IPSCORE_CACHE_DIR": cache_dir}
    args = [sys.executable, "-m", "ipscore.cli", "check", str(case), "--format", "json"]
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE)


def _output(process: subprocess.Popen[bytes]) -> bytes:
    out, _ = process.communicate()
    assert process.returncode == 1  # gaps: the check ran
    return out


def test_check_gives_the_same_report_without_a_cache_cold_warm_and_broken(tmp_path):
    case = CASES / "hefei-2025-partial.json"
    folder = tmp_path / "cache"
    without = _output(_check(case, ""))
    cold = [_check(case, str(folder)) for _ in range(3)]  # filling the cache at the same time
    assert [_output(process) for process in cold] == [without] * 3
    entries = sorted((folder / "rules").glob("*.json"))
    assert [entry.name.split("-")[0] for entry in entries] == ["hefei", "indicators"]
    assert _output(_check(case, str(folder))) == without
    for entry in entries:
        entry.write_bytes(_change_a_number(entry.read_bytes()))
    assert _output(_check(case, str(folder))) == without
