"""JSON report: the stable contract (docs/api.md), straight from the pydantic models."""

from __future__ import annotations

import json

from ipscore.report import Report


def render_json(reports: list[Report]) -> str:
    """One report as an object; several as an array, in the order given."""
    if len(reports) == 1:
        return reports[0].model_dump_json(indent=2) + "\n"
    items = [json.loads(report.model_dump_json()) for report in reports]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
