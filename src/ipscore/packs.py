"""Finding, reading and validating rule packs and the indicator catalogue.

YAML is read by :func:`ipscore.yaml_input.read_yaml`: safe, bounded, no aliases, unique keys;
nothing in a rule file is ever executed. Validation errors become one-line :class:`InputError` s
naming the file and the place (``targets[3] (nj-xyz).comparator``).
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ipscore.errors import InputError
from ipscore.plan import Catalogue, Indicator, Plan
from ipscore.yaml_input import MAX_BYTES as MAX_PACK_BYTES  # noqa: F401 - re-exported
from ipscore.yaml_input import read_yaml as read_yaml  # re-exported for the pack readers

CATALOGUE_FILE = "indicators.yaml"


@functools.cache
def rules_dir() -> Path:
    """The bundled rules: package data when installed, the repository's rules/ otherwise."""
    packaged = resources.files("ipscore") / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "rules"


def _loc_text(loc: tuple[int | str, ...], data: Any) -> str:
    """Render a pydantic error location, adding the target id where there is one."""
    text = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                text += f" ({node['id']})"
        else:
            text += f".{part}" if text else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return text


def validation_error(exc: ValidationError, data: Any, file: str, code: str) -> InputError:
    first = exc.errors()[0]
    message = first["msg"].removeprefix("Value error, ")
    return InputError(code, message, file=file, path=_loc_text(first["loc"], data) or None)


@functools.cache
def _catalogue_at(path: str) -> Catalogue:
    data = read_yaml(Path(path))
    try:
        catalogue = Catalogue.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, data, path, "E130") from None
    keys = [indicator.key for indicator in catalogue.indicators]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise InputError("E130", f"duplicate indicator key {duplicates[0]!r}", file=path)
    return catalogue


def load_catalogue(path: Path | None = None) -> dict[str, Indicator]:
    """The indicator catalogue by key (the bundled one unless a path is given)."""
    if not path:
        return dict(_bundled_catalogue())
    return _catalogue_at(str(path.resolve())).by_key()


@functools.cache
def _bundled_catalogue() -> dict[str, Indicator]:
    # Cached: evaluate() asks for it on every call; load_catalogue hands out copies.
    return _catalogue_at(str((rules_dir() / CATALOGUE_FILE).resolve())).by_key()


def plan_from_data(data: Any, file: str, catalogue: dict[str, Indicator]) -> Plan:
    """Validate parsed YAML as a plan and attach the catalogue entries it uses."""
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, data, file, "E130") from None
    for index, target in enumerate(plan.targets):
        if target.indicator not in catalogue:
            raise InputError(
                "E131",
                f"unknown indicator {target.indicator!r} (not in the catalogue)",
                file=file,
                path=f"targets[{index}] ({target.id}).indicator",
            )
    used = {target.indicator for target in plan.targets}
    return plan.model_copy(
        update={
            "catalogue": {key: catalogue[key] for key in sorted(used)},
            "known_indicators": {**_bundled_catalogue(), **catalogue},
        }
    )


def _pack_paths() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(rules_dir().glob("*.yaml")):
        if path.name == CATALOGUE_FILE:
            continue
        found[path.stem] = path
    return found


def list_plans() -> list[Plan]:
    """Every bundled plan, in id order."""
    return [load_plan(plan_id) for plan_id in sorted(_pack_paths())]


def bundled_plan_ids() -> list[str]:
    return sorted(_pack_paths())


@functools.cache
def _load_bundled(plan_id: str) -> Plan:
    path = _pack_paths()[plan_id]
    return plan_from_data(read_yaml(path), str(path), load_catalogue())


def load_plan(plan: str | Path, catalogue: Path | None = None) -> Plan:
    """A plan by bundled id (``nanjing-2022-2025``) or by the path of a YAML pack."""
    as_text = str(plan)
    if catalogue is None and as_text in _pack_paths():
        return _load_bundled(as_text)
    path = Path(plan)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise InputError("E100", "no such rule pack", file=as_text)
        return plan_from_data(read_yaml(path), as_text, load_catalogue(catalogue))
    known = ", ".join(bundled_plan_ids())
    raise InputError("E117", f"unknown plan id {as_text!r}; known plans: {known}")


def dump_plan(plan: Plan) -> str:
    """The plan as YAML text that :func:`load_plan` reads back to an equal plan."""
    data = plan.model_dump(mode="json", exclude_none=True)
    text: str = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return text
