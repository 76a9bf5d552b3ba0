"""The public functions that do more than re-export: rendering a report and checking many files.

``ipscore.render`` and ``ipscore.evaluate_many`` (docs/api.md); the CLI has its own loop in
batch.py, which also writes files, ranks and compares; both choose files and plans the same way
(:mod:`ipscore.choosing`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ipscore.choices import Method, ScoreModel
from ipscore.choosing import choose_plans, expand_inputs
from ipscore.errors import InputError
from ipscore.evaluate import as_method, as_model, as_plan, as_submission, as_waivers, evaluate
from ipscore.lang import LANGS, Lang
from ipscore.plan import Plan
from ipscore.render import Format
from ipscore.render import render as render_reports
from ipscore.report import Report
from ipscore.submission import Submission
from ipscore.waivers import Waiver


def render(
    report: Report | Iterable[Report],
    format: str = "table",  # noqa: A002 - the name the CLI option and the docs use
    lang: str = "zh",
    *,
    by_owner: bool = False,
) -> str:
    """A report (or several, one after another) as ``table``, ``markdown``, ``html`` or ``json``.

    ``json`` is the stable contract of docs/api.md (several reports: a JSON array).
    """
    reports = [report] if isinstance(report, Report) else list(_reports(report))
    choices = [f.value for f in Format]
    if format not in choices:
        raise ValueError(f"format must be one of {', '.join(choices)}, not {format!r}")
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    language: Lang = "zh" if lang == "zh" else "en"
    return render_reports(reports, format, language, by_owner)


def _reports(value: Any) -> Iterator[Report]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise TypeError(f"report must be an ipscore.Report or a list of them, not {_name(value)}")
    for item in value:
        if not isinstance(item, Report):
            raise TypeError(f"report must be an ipscore.Report, not {_name(item)}")
        yield item


def _name(value: Any) -> str:
    return type(value).__name__


@dataclass(frozen=True)
class Checked:
    """What one submission of :func:`evaluate_many` gave: its reports, or the error that stopped it.

    ``file`` is the file it was read from (``None`` for data given in code); ``index`` its place in
    the input (after directories are expanded).
    """

    index: int
    file: str | None
    reports: tuple[Report, ...] = ()
    error: InputError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def evaluate_many(
    submissions: Iterable[Submission | dict[str, Any] | str | Path],
    plan: Plan | str | Path | None = None,
    *,
    model: ScoreModel | str = ScoreModel.weighted,
    projection: Method | None = None,
    waivers: list[Waiver] | str | Path | None = None,
) -> Iterator[Checked]:
    """Check many submissions, yielding a :class:`Checked` for each, in order, as it is done.

    ``submissions``: paths (a directory gives its .json, .xlsx and .csv files, expected outputs
    ``*.expected.json`` left out), :class:`Submission` objects or dicts. ``plan``: one plan for
    all; ``None`` picks each submission's own, as ``ipscore check`` does (its ``plans``, else every
    bundled plan of its region). A bad submission is yielded with its :class:`InputError` and the
    others still run; wrong argument types and option values raise at once, before any is read.
    """
    if isinstance(submissions, str | Path | dict | Submission) or not isinstance(
        submissions, Iterable
    ):
        raise TypeError(
            "submissions must be a list (or other iterable) of paths, Submissions or dicts, "
            f"not {_name(submissions)}"
        )
    chosen = None if plan is None else as_plan(plan)
    options: dict[str, Any] = {
        "model": as_model(model),
        "projection": as_method(projection),
        "waivers": as_waivers(waivers),
    }
    return _checked(_expanded(submissions), chosen, options)


def _expanded(
    submissions: Iterable[Submission | dict[str, Any] | str | Path],
) -> Iterator[Submission | dict[str, Any] | str | Path]:
    for item in submissions:
        if isinstance(item, str | Path) and Path(item).is_dir():
            yield from expand_inputs([str(item)])
        else:
            yield item


def _checked(
    items: Iterator[Submission | dict[str, Any] | str | Path],
    plan: Plan | None,
    options: dict[str, Any],
) -> Iterator[Checked]:
    for index, item in enumerate(items):
        file = str(item) if isinstance(item, str | Path) else None
        try:
            submission = as_submission(item)
            file = submission.source.file or file
            plans = [plan] if plan is not None else choose_plans(submission, None, {}, file or "")
            reports = tuple(evaluate(p, submission, **options) for p in plans)
        except InputError as exc:
            yield Checked(index, file, error=exc.located(file))
            continue
        yield Checked(index, file, reports)
