"""Finding, reading and validating rule packs and the indicator catalogue.

YAML is read with a safe loader that also rejects duplicate keys; nothing in a rule file is ever
executed. Validation errors become one-line :class:`InputError` s naming the file and the place
(``targets[3] (nj-xyz).comparator``).
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

CATALOGUE_FILE = "indicators.yaml"
MAX_PACK_BYTES = 2_000_000


class _UniqueKeys:
    """Mixin for a safe loader: refuse a mapping with the same key twice."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)  # type: ignore[attr-defined]
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)  # type: ignore[misc]
        return mapping


class _UniqueKeySafeLoader(_UniqueKeys, yaml.SafeLoader):
    """The pure-Python SafeLoader that refuses duplicate keys; its errors are the ones reported."""


if yaml.__with_libyaml__:

    class _FastLoader(_UniqueKeys, yaml.CSafeLoader):
        """The same safe loader over libyaml's C parser: several times faster on valid packs."""

else:  # pragma: no cover - PyYAML built without libyaml
    _FastLoader = _UniqueKeySafeLoader  # type: ignore[misc]


def _load_text(text: str) -> Any:
    """Parse with the fast loader; on any error, parse again in pure Python for its message.

    libyaml words some errors differently, so the pure-Python loader decides every failure
    (and whatever it accepts is accepted): reports and exit codes stay those of the safe loader.
    """
    try:
        return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - a safe loader subclass
    except yaml.YAMLError:
        return yaml.load(text, Loader=_UniqueKeySafeLoader)  # noqa: S506 - a SafeLoader subclass


@functools.cache
def rules_dir() -> Path:
    """The bundled rules: package data when installed, the repository's rules/ otherwise."""
    packaged = resources.files("ipscore") / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "rules"


def read_yaml(path: Path) -> Any:
    """Parse one YAML file safely; errors name the file and line."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError("E100", f"cannot read: {exc.strerror}", file=str(path)) from None
    if len(raw) > MAX_PACK_BYTES:
        raise InputError("E106", f"larger than {MAX_PACK_BYTES} bytes", file=str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("E102", f"not UTF-8 at byte {exc.start}", file=str(path)) from None
    try:
        return _load_text(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError("E130", f"invalid YAML: {problem}", file=str(path), path=where) from None


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
