"""The examples of docs/api.md run, in order, as one session, from a directory of bundled cases."""

from __future__ import annotations

import re
import shutil

import pytest

from tests.helpers import CASES, DOCS
from tests.test_sheets import filled_xlsx

API = DOCS / "api.md"
CASE = CASES / "nanjing-2025-partial.json"


def python_blocks(text: str) -> list[str]:
    """The ```python blocks of a Markdown text, in order."""
    return re.findall(r"^```python\n(.*?)^```$", text, flags=re.M | re.S)


def test_python_blocks_are_found():
    assert python_blocks("x\n```python\na = 1\n```\n```json\n{}\n```\n```python\nb\n```\n") == [
        "a = 1\n",
        "b\n",
    ]


@pytest.fixture
def workspace(tmp_path, cli, monkeypatch):
    shutil.copytree(CASES, tmp_path / "cases")
    workbook = filled_xlsx(tmp_path, cli, CASE, "nanjing-2022-2025")
    workbook.rename(tmp_path / "nanjing.xlsx")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_api_examples_run(workspace, capsys):
    blocks = python_blocks(API.read_text("utf-8"))
    assert len(blocks) >= 7  # reading, evaluating, errors, rendering, batches, history
    session: dict[str, object] = {"__name__": "api_docs"}
    for number, block in enumerate(blocks, start=1):
        try:
            exec(compile(block, f"docs/api.md block {number}", "exec"), session)
        except Exception as exc:  # pragma: no cover - shown when a doc example breaks
            pytest.fail(f"docs/api.md block {number} raised {exc!r}:\n{block}")
    printed = capsys.readouterr().out
    assert "bad.xlsx: Indicators!" in printed and "E111" in printed
    assert (workspace / "history.sqlite").exists()


def test_the_readme_example_runs(workspace, capsys):
    readme = (DOCS.parent / "README.md").read_text("utf-8")
    section = readme.split("## From Python", 1)[1].split("\n## ", 1)[0]
    (block,) = python_blocks(section)
    exec(compile(block, "README.md, From Python", "exec"), {"__name__": "readme"})
    assert "cases/nanjing-2025-partial.json [" in capsys.readouterr().out
