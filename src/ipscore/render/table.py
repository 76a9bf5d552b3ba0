"""Plain-text report for the terminal, laid out by tabulate."""

from __future__ import annotations

import textwrap

from tabulate import tabulate

from ipscore.render.change import history_sections
from ipscore.render.common import sections, summary_rows
from ipscore.render.i18n import Lang, report_title, word
from ipscore.report import Report

QUOTE_WIDTH = 36  # the last column (the quote, or the evidence) wraps at this width


def _wrap_last(rows: list[list[str]]) -> list[list[str]]:
    return [row[:-1] + [textwrap.fill(row[-1], QUOTE_WIDTH)] for row in rows]


def render_table(report: Report, lang: Lang = "zh", by_owner: bool = False) -> str:
    lines = [
        f"== {report_title(report.plan.level, lang)} ==",
        tabulate(summary_rows(report, lang), tablefmt="plain"),
        "",
    ]
    for section in sections(report, lang, by_owner):
        lines.append(f"== {section.title} ==")
        if not section.rows:
            lines.append(word("no_gaps", lang))
        else:
            wraps = (word("quote", lang), word("note", lang), word("evidence", lang))
            rows = _wrap_last(section.rows) if section.headers[-1] in wraps else section.rows
            lines.append(tabulate(rows, headers=section.headers, tablefmt="simple"))
        lines.append("")
    if not report.gaps and by_owner:
        lines.append(word("no_gaps", lang))
    for title, text in history_sections(report, lang):
        lines.extend([f"== {title} ==", text, ""])
    if report.warnings:
        lines.append(f"== {word('warnings', lang)} ==")
        lines.extend(f"- {warning.line(lang)}" for warning in report.warnings)
    return "\n".join(lines).rstrip() + "\n"
