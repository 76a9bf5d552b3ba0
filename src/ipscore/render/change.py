"""Text of a ReportChange (``ipscore diff`` and the change section of the table report)."""

from __future__ import annotations

from tabulate import tabulate

from ipscore.render.common import SYMBOL, number
from ipscore.render.i18n import Lang, status, word
from ipscore.report import Report, ReportChange, Status, TargetChange


def status_word(value: Status | None, lang: Lang) -> str:
    return "—" if value is None else f"{SYMBOL[value]} {status(value, lang)}"


def signed(value: float | None) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + number(value)


def change_rows(change: ReportChange, lang: Lang) -> list[list[str]]:
    return [_row(target, lang) for target in change.targets]


def _row(target: TargetChange, lang: Lang) -> list[str]:
    return [
        target.id,
        target.label if lang == "zh" else target.label_en,
        f"{status_word(target.old_status, lang)} → {status_word(target.new_status, lang)}",
        f"{number(target.old_actual)} → {number(target.new_actual)} {target.unit}".rstrip(),
        signed(target.change),
    ]


def render_change(change: ReportChange, lang: Lang) -> str:
    """The change as plain text: a headline, newly met / missed, then every moved target."""
    lines = [
        f"{word('change_since', lang)} {change.old_as_of}"
        + (f" ({change.old_file})" if change.old_file else ""),
        f"{word('score', lang)}: {number(change.old_score)} → {number(change.new_score)} "
        f"({signed(change.score_change)})",
        f"{word('newly_met', lang)}: {', '.join(change.newly_met) or '—'}",
        f"{word('newly_missed', lang)}: {', '.join(change.newly_missed) or '—'}",
    ]
    if change.targets:
        headers = [word(key, lang) for key in ("id", "indicator", "status", "actual", "change")]
        lines += ["", tabulate(change_rows(change, lang), headers=headers, disable_numparse=True)]
    else:
        lines.append(word("no_change", lang))
    return "\n".join(lines) + "\n"


def history_sections(report: Report, lang: Lang) -> list[tuple[str, str]]:
    """(title, plain text) of the history parts of a report: values taken from earlier
    submissions, the change since the previous stored report, the trend of the score."""
    result = []
    if report.filled_from_history:
        lines = [word("history_note", lang) + ":"]
        lines += [f"- {f.indicator}: {f.file} ({f.as_of})" for f in report.filled_from_history]
        result.append((word("filled_from_history", lang), "\n".join(lines)))
    if report.change is not None:
        result.append((word("change", lang), render_change(report.change, lang).rstrip()))
    if report.trend:
        rows = [[str(p.as_of), number(p.score), p.file or "—"] for p in report.trend]
        headers = [word("as_of", lang), word("score", lang), word("col_file", lang)]
        result.append((word("trend", lang), tabulate(rows, headers=headers, disable_numparse=True)))
    return result
