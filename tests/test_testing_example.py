"""Property tests on your own data with ipscore.testing (the example in docs/testing.md)."""

import datetime as dt
import json
from pathlib import Path

from hypothesis import given

import ipscore
from ipscore.testing import evaluate_input, invalid_submissions, submissions

# Our plan and our latest submission (replace with your own file).
PLAN = ipscore.load_plan("nanjing-2022-2025")
OURS = json.loads(
    (Path(__file__).resolve().parents[1] / "cases" / "nanjing-2024-midterm.json").read_text("utf-8")
)
REPORT = ipscore.evaluate(PLAN, OURS)
MET_NOW = {target.id for target in REPORT.targets if target.status == "met"}


@given(
    submissions(
        PLAN,
        pinned={**OURS["indicators"], **OURS["milestones"]},  # our figures, used as they are
        as_of=dt.date.fromisoformat(OURS["as_of"]),
    )
)
def test_figures_we_have_not_reported_cannot_undo_what_we_have_met(data):
    # Whatever the figures we have not collected yet turn out to be, every target our own data
    # meets stays met, and our score can only go up.
    report = ipscore.evaluate(PLAN, data)
    met = {target.id for target in report.targets if target.status == "met"}
    assert met >= MET_NOW
    assert report.score >= REPORT.score


@given(invalid_submissions(PLAN))
def test_every_broken_upload_is_refused_with_its_documented_code(case):
    # Our upload service passes files to ipscore: each kind of broken input must be refused
    # with the code docs/errors.md gives (W… codes are warnings: the file is still scored).
    try:
        report = evaluate_input(PLAN, case.data)
    except ipscore.InputError as error:
        assert error.code == case.code
    else:
        assert case.code in {warning.code for warning in report.warnings}
