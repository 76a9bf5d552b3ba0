"""A check against the history: series filled from earlier submissions (``--use-history``), the
change since the region's previous stored report, and its trend (``ipscore check --db``)."""

from __future__ import annotations

from ipscore.diff import diff_reports, trend, trend_point
from ipscore.history import History, content_hash
from ipscore.report import FilledSeries, Report
from ipscore.submission import Submission


def fill_missing(history: History, submission: Submission) -> tuple[Submission, list[FilledSeries]]:
    """The submission with each indicator it lacks taken from the latest earlier stored submission
    of its region that has it (data date up to its own), and where each one came from."""
    indicators = dict(submission.indicators)
    filled: list[FilledSeries] = []
    digest = content_hash(submission)
    earlier = [
        entry
        for entry in history.entries(submission.region)
        if entry.as_of <= submission.as_of and entry.hash != digest
    ]
    for entry in reversed(earlier):  # newest first
        stored = history.submission(entry.id)
        for key, data in stored.indicators.items():
            if key not in indicators:
                indicators[key] = data
                filled.append(FilledSeries(indicator=key, file=entry.file, as_of=entry.as_of))
    if not filled:
        return submission, []
    return submission.model_copy(update={"indicators": indicators}), filled


def with_history(
    report: Report, history: History, submission: Submission, filled: list[FilledSeries]
) -> Report:
    """The report with the change since the latest stored report of its region and plan with an
    earlier data date, and the trend over the stored reports up to its own date (this very
    submission, if stored, counted once)."""
    digest = content_hash(submission)
    stored = [
        (entry, old)
        for entry, old in history.reports(report.region, report.plan.id)
        if entry.hash != digest and entry.as_of <= report.as_of
    ]
    earlier = [(entry, old) for entry, old in stored if entry.as_of < report.as_of]
    change = None
    if earlier:
        entry, previous = earlier[-1]
        change = diff_reports(previous, report, old_file=entry.file)
    points = [trend_point(old, entry.file) for entry, old in stored]
    points.append(trend_point(report, None))
    return report.model_copy(
        update={
            "change": change,
            "trend": trend(points),
            "filled_from_history": filled or None,
        }
    )
