"""ipscore: acceptance-readiness scores and gap lists for China's IP strong city / county plans.

The public API::

    import ipscore
    plan = ipscore.load_plan("nanjing-2022-2025")
    report = ipscore.evaluate(plan, "cases/nj-partial.json")
    print(report.score, report.grade, [gap.id for gap in report.gaps])

Everything not exported here is private by convention.

The names are imported when first used (module ``__getattr__``), so that ``import ipscore`` and
the command line load only what they need (docs/performance.md, "Cold start").
"""

# Private aliases: every public name of this module is an API name (tests/test_api.py).
import importlib as _importlib
import sys as _sys
import types as _types
import typing as _typing

if _typing.TYPE_CHECKING:
    from ipscore.api import Checked, evaluate_many, render
    from ipscore.choices import ScoreModel
    from ipscore.errors import InputError, InputWarning, Problem
    from ipscore.evaluate import evaluate
    from ipscore.history import History
    from ipscore.io import read_submission
    from ipscore.packs import dump_plan, list_plans, load_catalogue, load_plan
    from ipscore.plan import (
        Comparator,
        Dimension,
        Indicator,
        Kind,
        Measure,
        Plan,
        PlanLevel,
        PlanStatus,
        ProgressBand,
        Target,
    )
    from ipscore.report import Grade, Report, Status, TargetOutcome
    from ipscore.submission import Submission
    from ipscore.waivers import Waiver, read_waivers

__version__ = "0.1.0"

# Each public name → the module that defines it.
_HOMES = {
    "Checked": "ipscore.api",
    "evaluate_many": "ipscore.api",
    "render": "ipscore.api",
    "ScoreModel": "ipscore.choices",
    "InputError": "ipscore.errors",
    "InputWarning": "ipscore.errors",
    "Problem": "ipscore.errors",
    "evaluate": "ipscore.evaluate",
    "History": "ipscore.history",
    "read_submission": "ipscore.io",
    "dump_plan": "ipscore.packs",
    "list_plans": "ipscore.packs",
    "load_catalogue": "ipscore.packs",
    "load_plan": "ipscore.packs",
    "Indicator": "ipscore.plan",
    "Plan": "ipscore.plan",
    "Target": "ipscore.plan",
    "Comparator": "ipscore.plan",
    "Dimension": "ipscore.plan",
    "Kind": "ipscore.plan",
    "PlanLevel": "ipscore.plan",
    "Measure": "ipscore.plan",
    "PlanStatus": "ipscore.plan",
    "ProgressBand": "ipscore.plan",
    "Grade": "ipscore.report",
    "Report": "ipscore.report",
    "Status": "ipscore.report",
    "TargetOutcome": "ipscore.report",
    "Submission": "ipscore.submission",
    "Waiver": "ipscore.waivers",
    "read_waivers": "ipscore.waivers",
}

__all__ = [
    "Checked",
    "Comparator",
    "Dimension",
    "Grade",
    "History",
    "Indicator",
    "InputError",
    "InputWarning",
    "Kind",
    "Measure",
    "Plan",
    "PlanLevel",
    "PlanStatus",
    "ProgressBand",
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


def __getattr__(name: str) -> _typing.Any:
    """A public name, imported from its module on first use and kept here afterwards."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'ipscore' has no attribute {name!r}")
    value = getattr(_importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


class _Package(_types.ModuleType):
    """This package as a module object whose public functions ``evaluate`` and ``render`` stay
    functions when their namesakes, the submodules ``ipscore.evaluate`` and ``ipscore.render``,
    are imported (the import system would bind the submodule here)."""

    def __setattr__(self, name: str, value: _typing.Any) -> None:
        if name in _HOMES and isinstance(value, _types.ModuleType):
            return
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package
