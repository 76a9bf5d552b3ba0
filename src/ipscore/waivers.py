"""Waivers: targets an office has agreed to set aside, with a justification and an optional expiry.

A waiver file is YAML or JSON::

    waivers:
      - target: nj-copyright-registrations-per-10k
        justification: 国家版权局统计口径调整, 经市政府同意暂缓考核
        expires: 2026-06-30

A waived target is left out of the score; an expired waiver (expiry before the report's ``as_of``)
does nothing and produces a warning; a waiver for a target the plan does not have is an error.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ipscore.errors import InputError, InputWarning
from ipscore.io.source import FromSource, Source, from_source
from ipscore.packs import validation_error
from ipscore.plan import Date, Plan


class Waiver(FromSource):
    """One target set aside; ``source`` is the waiver file it was read from."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)  # built when used

    target: str = Field(min_length=1)
    justification: str = Field(min_length=3)
    expires: Date | None = None


class WaiverFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    waivers: list[Waiver]


def read_waivers(path: str | Path) -> list[Waiver]:
    """Read a YAML or JSON waiver file (JSON is valid YAML for the safe loader)."""
    file = str(path)
    from ipscore.io.yaml_reader import read_yaml  # PyYAML only when there is a waiver file

    data = read_yaml(Path(path), code="E140")
    if not isinstance(data, dict):
        raise InputError(
            "E140",
            "a waiver file is a mapping with a waivers: list",
            "豁免文件应以 waivers: 开头，其下逐项列出豁免",
            file=file,
        )
    try:
        waivers = list(WaiverFile.model_validate(data).waivers)
    except ValidationError as exc:
        raise validation_error(exc, data, file, "E140") from None
    for waiver in waivers:
        from_source(waiver, Source(file))
    return waivers


def active_waivers(
    waivers: list[Waiver], plan: Plan, as_of: dt.date
) -> tuple[dict[str, Waiver], list[InputWarning]]:
    """Waivers in force on ``as_of``, by target id, and warnings for the expired ones."""
    if not waivers:
        return {}, []
    known = {target.id for target in plan.targets}
    active: dict[str, Waiver] = {}
    warnings: list[InputWarning] = []
    for index, waiver in enumerate(waivers):
        place, file = f"waivers[{index}] ({waiver.target})", waiver.source.file
        if waiver.target not in known:
            raise InputError(
                "E141",
                f"no target {waiver.target!r} in plan {plan.id}",
                f"方案 {plan.id} 中没有编号为“{waiver.target}”的目标",
                file=file,
                path=place,
            )
        if waiver.expires is not None and waiver.expires < as_of:
            warnings.append(
                InputWarning(
                    code="W203",
                    message=f"waiver expired on {waiver.expires}; {waiver.target} is scored",
                    message_zh=f"豁免已于 {waiver.expires} 到期；目标 {waiver.target} 照常计分",
                    file=file,
                    path=place,
                )
            )
            continue
        active[waiver.target] = waiver
    return active, warnings
