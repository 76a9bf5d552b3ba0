"""The HTML report of every bundled case prints on A4: readable columns, the quotes in the PDF's
text, and no more pages than its content needs.

The page bound was measured with Chromium's print-to-PDF (A4, margins 14 × 12 mm) on the cases
bundled at the time: a page for the header and score, a page per 15 targets, per 8 gaps (their
quotes wrap in their own column) and per 6 trend charts, rounded up, and one page of headroom for
the smaller sections (warnings, readings, history) a report may carry:

    pages ≤ 2 + ⌈targets / 15 + gaps / 8 + charts / 6⌉

Measured (pages / bound): hefei-2023-midterm 13 / 16, hefei-2025-all-met 6 / 7, yuhuatai
2025-partial 6 / 10, nanping-2026-all-met 3 / 4. The layout before issue 13 printed the Yuhuatai
partial case on 15 pages with a quote column four characters wide.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess

import pytest
from helpers import CASES
from test_html import run_chromium

import ipscore
from ipscore.render import render

CASE_FILES = sorted(p for p in CASES.glob("*.json") if not p.name.endswith(".expected.json"))
QUOTE_MARKS = re.compile(r"[\s“”‘’\"']+")


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{tool} is not installed on CI (.ci/run installs poppler-utils)")
    pytest.skip(f"{tool} is not installed (apt-get install poppler-utils)")


def page_bound(report: ipscore.Report) -> int:
    charts = sum(1 for t in report.targets if t.projection is not None and t.series)
    load = len(report.targets) / 15 + len(report.gaps) / 8 + charts / 6
    return 2 + math.ceil(load)


def printed(quote: str, text: str) -> bool:
    """The quote's characters in order within a short span of the PDF's text: a wrapped quote
    may have the neighbouring columns' words between its lines."""
    wanted = QUOTE_MARKS.sub("", quote)
    start = 0
    while (first := text.find(wanted[:2], start)) >= 0:
        position, found = first, 0
        limit = first + 3 * len(wanted) + 40
        while found < len(wanted) and position < min(len(text), limit):
            found += text[position] == wanted[found]
            position += 1
        if found == len(wanted):
            return True
        start = first + 1
    return False


def test_printed_finds_a_wrapped_quote_and_nothing_else():
    assert printed("累计达到600家", "市级以上累计达到\n局、市地方金融\n600家")
    assert not printed("累计达到600家", "累计达到500家")


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: p.stem)
def test_every_case_prints_on_a4_with_its_quotes(case, tmp_path):
    pdfinfo, pdftotext = _poppler("pdfinfo"), _poppler("pdftotext")
    report = ipscore.evaluate(json.loads(case.read_text("utf-8"))["plans"][0], case)
    page = tmp_path / "report.html"
    page.write_text(render([report], "html", "zh"), "utf-8")
    pdf = tmp_path / "report.pdf"
    result = run_chromium(page, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert pdf.exists(), result.stderr[-2000:]
    info = subprocess.run([pdfinfo, pdf], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE)
    assert (round(float(size[1])), round(float(size[2]))) == (595, 842)  # A4 portrait
    assert pages <= page_bound(report), (case.name, pages, page_bound(report))
    text = subprocess.run([pdftotext, pdf, "-"], capture_output=True, text=True, check=True)
    flat = QUOTE_MARKS.sub("", text.stdout)
    unprinted = [gap.id for gap in report.gaps if not printed(gap.quote, flat)]
    assert not unprinted, unprinted
    assert "不代表验收结论" in flat
