"""Markdown report, for wikis, issues and documents."""

from __future__ import annotations

from tabulate import tabulate

from ipscore.render.change import history_sections
from ipscore.render.common import sections, summary_rows
from ipscore.render.i18n import Lang, report_title, word
from ipscore.report import Report


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report, lang: Lang = "zh", by_owner: bool = False) -> str:
    title = report.plan.title if lang == "zh" else report.plan.title_en
    lines = [f"# {title}", "", f"*{report_title(report.plan.level, lang)}*", ""]
    lines.extend(
        f"- **{key}**: {value}" if key else f"- {value}"
        for key, value in summary_rows(report, lang)[1:]
    )
    lines.append("")
    for section in sections(report, lang, by_owner):
        lines.extend([f"## {section.title}", ""])
        if section.rows:
            rows = [[_cell(cell) for cell in row] for row in section.rows]
            lines.append(tabulate(rows, headers=section.headers, tablefmt="github"))
        else:
            lines.append(word("no_gaps", lang))
        lines.append("")
    for title, text in history_sections(report, lang):
        lines.extend([f"## {title}", "", "```", text, "```", ""])
    if report.warnings:
        lines.extend([f"## {word('warnings', lang)}", ""])
        lines.extend(f"- `{warning.line(lang)}`" for warning in report.warnings)
        lines.append("")
    return "\n".join(lines)
