"""Which plans a submission is checked against, and which files a list of paths names.

Shared by ``ipscore check`` (batch.py) and the library's ``ipscore.evaluate_many``.
"""

from __future__ import annotations

from pathlib import Path

from ipscore.errors import InputError
from ipscore.io import SUBMISSION_SUFFIXES
from ipscore.packs import bundled_plan_ids, list_plans, load_plan
from ipscore.plan import Plan
from ipscore.submission import Submission


def is_expected_output(path: Path) -> bool:
    """A test case's expected report (``*.expected.json``), never a submission."""
    return path.name.endswith(".expected.json")


def expand_inputs(paths: list[str], skipped: list[Path] | None = None) -> list[Path]:
    """Files as given; directories expand to their submissions.

    Expected outputs (``*.expected.json``) are left out the same way whether they come from a
    directory or are named one by one (a shell glob); they are added to ``skipped`` if given.
    """
    files: list[Path] = []
    for text in paths:
        path = Path(text)
        if path.is_dir():
            children = sorted(path.iterdir())
            found = [child for child in children if child.suffix in SUBMISSION_SUFFIXES]
        else:
            found = [path]
        for file in found:
            if is_expected_output(file):
                if skipped is not None:
                    skipped.append(file)
            else:
                files.append(file)
    return files


def choose_plans(
    submission: Submission, plan_arg: str | None, extra: dict[str, Plan], file: str
) -> list[Plan]:
    """--plan wins; then the submission's own plan ids; then every plan of its region."""
    if plan_arg:
        return [extra[plan_arg] if plan_arg in extra else load_plan(plan_arg)]
    if submission.plans:
        chosen = []
        known = bundled_plan_ids()
        for index, plan_id in enumerate(submission.plans):
            if plan_id in extra:
                chosen.append(extra[plan_id])
            elif plan_id in known:
                chosen.append(load_plan(plan_id))
            else:  # an id only: a submission never names a file to load as a rule pack
                raise submission.source.locate(
                    InputError(
                        "E117",
                        f"unknown plan id {plan_id!r}; known plans: "
                        f"{', '.join(known + list(extra))}",
                        f"未知的方案编号“{plan_id}”；已有的方案：{'、'.join(known + list(extra))}",
                        file=file,
                        path=f"$.plans[{index}]",
                    )
                )
        return chosen
    candidates = list(extra.values()) + [p for p in list_plans() if p.id not in extra]
    chosen = [plan for plan in candidates if plan.plan.region == submission.region]
    if not chosen:
        names = sorted({p.plan.region for p in candidates})
        regions, regions_zh = ", ".join(names), "、".join(names)
        raise submission.source.locate(
            InputError(
                "E118",
                f"no plan for region {submission.region!r}; give --plan or plans "
                f"(regions: {regions})",
                f"没有“{submission.region}”的方案；请用 --plan 或在 plans 中指定方案"
                f"（已有方案的地区：{regions_zh}）",
                file=file,
                path="$.region",
            )
        )
    return chosen
