"""Change between two reports of one region and plan, and a region's trend over its history.

Pure functions from reports to the ``ReportChange`` and ``TrendPoint`` models (report.py);
renderers draw them, the history supplies the earlier reports.
"""

from __future__ import annotations

import math

from ipscore.report import Report, ReportChange, Status, TargetChange, TrendPoint


def diff_reports(old: Report, new: Report, old_file: str | None = None) -> ReportChange:
    """Newly met, newly missed, the score change and every target whose status or measure moved."""
    before = {target.id: target for target in old.targets}
    after = {target.id: target for target in new.targets}
    order = [t.id for t in new.targets] + [i for i in before if i not in after]
    moved: list[TargetChange] = []
    newly_met: list[str] = []
    newly_missed: list[str] = []
    for target_id in order:
        was, now = before.get(target_id), after.get(target_id)
        shown = now or was
        assert shown is not None
        old_status = was.status if was else None
        new_status = now.status if now else None
        old_actual = was.actual if was else None
        new_actual = now.actual if now else None
        change = (
            new_actual - old_actual if new_actual is not None and old_actual is not None else None
        )
        if new_status is Status.met and old_status is not Status.met:
            newly_met.append(target_id)
        if old_status is Status.met and new_status is not Status.met:
            newly_missed.append(target_id)
        same_measure = (old_actual is None and new_actual is None) or (
            old_actual is not None
            and new_actual is not None
            and math.isclose(old_actual, new_actual, rel_tol=1e-12, abs_tol=0.0)
        )
        if old_status is new_status and same_measure:
            continue
        moved.append(
            TargetChange(
                id=target_id,
                label=shown.label,
                label_en=shown.label_en,
                unit=shown.unit,
                old_status=old_status,
                new_status=new_status,
                old_actual=old_actual,
                new_actual=new_actual,
                change=change,
            )
        )
    return ReportChange(
        old_as_of=old.as_of,
        old_file=old_file,
        old_score=old.score,
        new_score=new.score,
        score_change=round(new.score - old.score, 2),
        newly_met=newly_met,
        newly_missed=newly_missed,
        targets=moved,
    )


def trend_point(report: Report, file: str | None) -> TrendPoint:
    return TrendPoint(
        as_of=report.as_of,
        file=file,
        score=report.score,
        actuals={target.id: target.actual for target in report.targets},
    )


def trend(points: list[TrendPoint]) -> list[TrendPoint]:
    """Points in data-date order; of two with one date, the later stored one wins."""
    by_date = {point.as_of: point for point in points}
    return [by_date[day] for day in sorted(by_date)]
