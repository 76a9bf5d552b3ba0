"""ipscore: acceptance-readiness scores and gap lists for China's IP strong city / county plans.

The public API::

    import ipscore
    plan = ipscore.load_plan("nanjing-2022-2025")
    report = ipscore.evaluate(plan, "cases/nj-partial.json")
    print(report.score, report.grade, [gap.id for gap in report.gaps])

Everything not exported here is private by convention.
"""

from ipscore.api import Checked, evaluate_many, render
from ipscore.errors import InputError, InputWarning, Problem
from ipscore.evaluate import evaluate
from ipscore.history import History
from ipscore.io import read_submission
from ipscore.packs import dump_plan, list_plans, load_catalogue, load_plan
from ipscore.plan import Indicator, Plan, Target
from ipscore.report import Grade, Report, ScoreModel, Status, TargetOutcome
from ipscore.submission import Submission
from ipscore.waivers import Waiver, read_waivers

__version__ = "0.1.0"

__all__ = [
    "Checked",
    "Grade",
    "History",
    "Indicator",
    "InputError",
    "InputWarning",
    "Plan",
    "Problem",
    "Report",
    "ScoreModel",
    "Status",
    "Submission",
    "Target",
    "TargetOutcome",
    "Waiver",
    "__version__",
    "dump_plan",
    "evaluate",
    "evaluate_many",
    "list_plans",
    "load_catalogue",
    "load_plan",
    "read_submission",
    "read_waivers",
    "render",
]
