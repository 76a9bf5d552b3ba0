"""The HTML report: self-contained, escaped, complete, in both languages, and drawn by a browser."""

from __future__ import annotations

import math
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from helpers import CASES
from markupsafe import escape

import ipscore
from ipscore.errors import InputWarning
from ipscore.render import render
from ipscore.render.common import gaps_by_owner, number
from ipscore.render.html import line_chart, nice_ticks, render_html, shorten, target_level
from ipscore.render.i18n import word

MIDTERM = CASES / "nanjing-2024-midterm.json"
ALL_MET = CASES / "nanjing-2025-all-met.json"
HEFEI = CASES / "hefei-2023-midterm.json"


@pytest.fixture(scope="module")
def midterm() -> ipscore.Report:
    return ipscore.evaluate("nanjing-2022-2025", MIDTERM)


@pytest.fixture(scope="module")
def html_zh(midterm) -> str:
    return render_html([midterm], "zh")


def test_self_contained_no_network_no_script(html_zh):
    lowered = html_zh.lower()
    assert "http://" not in lowered and "https://" not in lowered
    for forbidden in ("<script", "<link", "<img", "<iframe", "@import", "url(", "src="):
        assert forbidden not in lowered, forbidden
    assert lowered.startswith("<!doctype html>")
    assert lowered.count("<html") == 1 and "<style>" in lowered and "<svg" in lowered
    assert "@media print" in html_zh


def test_plan_and_submission_text_is_escaped(midterm):
    nasty = "<script>alert(\"x\")</script> & 'q'"
    gap = midterm.gaps[0].model_copy(update={"quote": nasty, "owners": ("<b>局</b>",)})
    target = midterm.targets[0].model_copy(update={"label": "<i>指标</i> & 1"})
    report = midterm.model_copy(
        update={"gaps": [gap], "targets": [target, *midterm.targets[1:]], "region": "A<B>&C"}
    )
    html = render_html([report], "zh")
    assert "<script>" not in html and "<b>局</b>" not in html and "<i>指标</i>" not in html
    assert str(escape(nasty)) in html
    assert "&lt;b&gt;局&lt;/b&gt;" in html
    assert "&lt;i&gt;指标&lt;/i&gt; &amp; 1" in html
    assert "A&lt;B&gt;&amp;C" in html


def test_every_gap_id_and_quote_is_shown(midterm, html_zh):
    assert midterm.gaps
    for gap in midterm.gaps:
        assert f'data-target="{gap.id}"' in html_zh
        assert str(escape(gap.quote)) in html_zh


def test_summary_shows_scores_deadline_and_state(midterm, html_zh):
    assert f'data-score="{midterm.score}"' in html_zh
    assert word("projected_score", "zh") in html_zh
    assert str(midterm.plan.deadline) in html_zh and str(midterm.as_of) in html_zh
    assert f"{word('days_left', 'zh')}: {midterm.days_left}" in html_zh
    assert "方案期限 2025-12-31，尚余 365 天" in html_zh and "不代表验收结论" in html_zh
    assert word("score_without_waivers", "zh") not in html_zh
    waived = midterm.model_copy(update={"score_without_waivers": 71.25})
    html = render_html([waived], "zh")
    assert word("score_without_waivers", "zh") in html and "71.25" in html


def test_english_uses_english_labels(midterm):
    html = render_html([midterm], "en")
    assert '<html lang="en">' in html
    for key in ("summary", "gaps", "dimensions", "chart_attainment", "chart_series", "score"):
        assert word(key, "en") in html
        assert word(key, "zh") not in html
    assert str(escape(midterm.plan.title_en)) in html and midterm.plan.title not in html
    for target in midterm.targets:
        assert str(escape(target.label_en)) in html


def test_attainment_chart_has_a_bar_per_target_with_tooltips(midterm, html_zh):
    rows = re.findall(r'<g role="listitem" class="bar-row">\s*<title>(.*?)</title>', html_zh, re.S)
    assert len(rows) == len(midterm.targets)
    assert [row.split(" · ")[0] for row in rows] == [
        t.id for d in midterm.dimensions for t in midterm.targets if t.dimension == d.key
    ]
    assert 'class="threshold"' in html_zh
    for status in {t.status.value for t in midterm.targets if t.attainment > 0}:
        assert f'class="bar s-{status}"' in html_zh


def test_series_charts_for_each_projected_target(midterm, html_zh):
    projected = [t for t in midterm.targets if t.projection is not None and t.series]
    assert projected
    for target in projected:
        assert f'<code class="tid">{target.id}</code>' in html_zh
        chart = line_chart(target, "zh")
        assert chart is not None
        future = [y for y in target.projection.points if y > max(target.series)]
        assert len(chart.projected) == len(future) and len(chart.observed) == len(target.series)
        ys = [p.y for p in chart.observed + chart.projected]
        top, bottom = chart.y_ticks[-1][0], chart.y_ticks[0][0]
        assert all(top - 0.01 <= y <= bottom + 0.01 for y in ys)
        if chart.target_y is not None:
            assert top - 0.01 <= chart.target_y <= bottom + 0.01
    assert html_zh.count('class="proj-line" points=') == sum(
        1 for t in projected if max(t.projection.points) > max(t.series)
    )


def test_target_line_only_where_the_threshold_is_on_the_series_scale(midterm):
    plan = ipscore.load_plan("nanjing-2022-2025")
    catalogue = ipscore.load_catalogue()
    seen = set()
    for outcome in midterm.targets:
        if outcome.projection is None:
            continue
        level = target_level(outcome)
        measure = catalogue[outcome.indicator].measure.value
        seen.add((outcome.kind, measure))
        if outcome.kind == "level" or (outcome.kind == "cumulative" and measure == "stock"):
            assert level == pytest.approx(outcome.threshold)
        elif outcome.kind == "increment" and measure == "stock":
            baseline = plan.target(outcome.id).baseline
            base_year = baseline.year if baseline else plan.plan.period.start - 1
            base = baseline.value if baseline and baseline.value is not None else None
            base = outcome.series[base_year] if base is None else base
            assert level == pytest.approx(base + outcome.threshold)
        else:
            assert level is None
    assert {("level", "stock"), ("cumulative", "flow"), ("increment", "stock")} <= seen


def test_gaps_grouped_by_owner(midterm):
    html = render_html([midterm], "zh", by_owner=True)
    groups = gaps_by_owner(midterm, "zh")
    headings = re.findall(r'<h3 class="owner">(.*?) <span', html)
    assert headings == [str(escape(owner)) for owner, _ in groups]
    assert html.count("<tr data-target=") == sum(len(gaps) for _, gaps in groups)
    assert word("by_owner", "zh") in html
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_no_gaps_and_warnings(midterm):
    done = ipscore.evaluate("nanjing-2022-2025", ALL_MET)
    html = render_html([done], "zh")
    assert word("no_gaps", "zh") in html and "<tr data-target=" not in html
    assert word("warnings", "zh") not in html
    warning = InputWarning(
        code="W200",
        message="unknown key <x> & y",
        message_zh="未知的键 <x> & y",
        file="a.json",
        path="$.k",
    )
    html = render_html([midterm.model_copy(update={"warnings": [warning]})], "en")
    assert word("warnings", "en") in html and "W200" in html
    assert "unknown key &lt;x&gt; &amp; y" in html and "a.json: $.k" in html
    html = render_html([midterm.model_copy(update={"warnings": [warning]})], "zh")
    assert "未知的键 &lt;x&gt; &amp; y" in html and "unknown key" not in html


def test_several_reports_make_one_document(midterm):
    other = ipscore.evaluate("hefei-2022-2025", HEFEI)
    html = render([midterm, other], "html", "en")
    assert html.count("<html") == 1 and html.count('<section class="report"') == 2
    assert 'href="#report-1"' in html and 'href="#report-2"' in html
    assert str(escape(other.plan.title_en)) in html and str(escape(midterm.plan.title_en)) in html
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_cli_writes_html_file(cli, tmp_path):
    out = tmp_path / "report.html"
    result = cli("check", MIDTERM, "--format", "html", "-o", out)
    assert result.code == 1 and result.out == ""
    text = out.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in text and word("gaps", "zh") in text


def test_templates_are_package_data():
    from importlib import resources

    folder = resources.files("ipscore.render") / "templates"
    for name in ("report.html.j2", "_charts.html.j2", "_tables.html.j2", "style.css"):
        assert (folder / name).is_file(), name


def test_nice_ticks_cover_the_range_with_round_steps():
    for low, high in [(0.9, 1.3), (128.6, 150), (3200, 4200), (5, 5), (-3, 7), (0, 0)]:
        ticks = nice_ticks(low, high)
        assert ticks[0] <= low and ticks[-1] >= high and len(ticks) >= 2
        steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
        assert len(steps) == 1
        step = steps.pop()
        mantissa = step / 10 ** math.floor(math.log10(step))
        assert round(mantissa, 6) in (1, 2, 2.5, 5, 10)


def test_shorten_counts_wide_characters():
    assert shorten("abc", 10) == "abc"
    assert shorten("知识产权强市建设示范城市", 5) == "知识产权强…"
    assert len(shorten("x" * 100, 11)) < 30 and shorten("x" * 100, 11).endswith("…")


# --- the browser check -------------------------------------------------------------------------

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]


def chromium() -> str:
    """The Chromium binary; skip without it, but fail on CI, where it must be installed."""
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed on CI (.ci/run installs it)")
    pytest.skip("chromium is not installed (apt-get install chromium chromium-driver)")


def run_chromium(page: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    command = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def console_errors(stderr: str) -> list[str]:
    """Console messages and uncaught errors in Chromium's log (the report has no script at all)."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


def png_pixels(path: Path) -> tuple[int, int, list[bytes], int]:
    """Decode an 8-bit RGB/RGBA PNG: width, height, unfiltered rows, bytes per pixel."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (size,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + size]
        header = body if kind == b"IHDR" else header
        idat += body if kind == b"IDAT" else b""
        pos += 12 + size
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = previous[x]
            c = previous[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, rows, bpp


def colours(path: Path) -> set[tuple[int, int, int]]:
    width, _, rows, bpp = png_pixels(path)
    return {tuple(row[x : x + 3]) for row in rows for x in range(0, width * bpp, bpp)}


def test_console_check_catches_a_broken_page(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text("<p>x</p><script>missingFunction()</script>", encoding="utf-8")
    result = run_chromium(page, tmp_path, "--dump-dom")
    assert any("Uncaught" in line for line in console_errors(result.stderr))


def test_report_renders_in_headless_chromium(midterm, html_zh, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(html_zh, encoding="utf-8")
    shot = tmp_path / "report.png"
    result = run_chromium(page, tmp_path, "--window-size=1000,900", f"--screenshot={shot}")
    assert shot.is_file(), result.stderr[-2000:]
    assert console_errors(result.stderr) == []
    seen = colours(shot)
    assert len(seen) > 50  # text, cards and bars, not a blank page
    assert (0x1D, 0x4E, 0x89) in seen  # the score and headings in the accent colour
    assert (0x2F, 0x85, 0x5A) in seen  # a 'met' bar of the attainment chart

    dom = run_chromium(page, tmp_path, "--dump-dom")
    assert dom.returncode == 0 and console_errors(dom.stderr) == []
    assert f'data-score="{midterm.score}">{number(midterm.score)}<' in dom.stdout
    assert dom.stdout.count("<svg") >= 2
