"""The one loader of rule packs and indicator catalogues: what a plan and its catalogue are.

``ipscore check``, ``lint``, ``plans`` and :func:`load_plan` all come here, so they cannot
disagree. A pack sees the bundled catalogue (rules/indicators.yaml), extended — never replaced —
by an ``indicators.yaml`` beside the pack and by the pack's own ``indicators:``.

YAML is read by :func:`ipscore.io.yaml_reader.read_yaml`: safe, bounded, no aliases, unique keys;
nothing in a rule file is ever executed. The bundled files' parsed documents are kept by
:mod:`ipscore.rules_cache`, so a start parses no YAML (and imports no PyYAML) once it is warm.
Validation errors become one-line :class:`InputError` s naming the file and the place
(``targets[3] (nj-xyz).comparator``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ipscore.errors import InputError, Problem
from ipscore.plan import (
    Catalogue,
    Indicator,
    Plan,
    Tailoring,
    TailoringChangeRecord,
    TailoringPack,
    Target,
)
from ipscore.validation_text import error_texts

CATALOGUE_FILE = "indicators.yaml"
BUNDLED_CATALOGUE = "rules/indicators.yaml"  # how errors name the bundled catalogue
MAX_EXTENDS = 5  # tailorings of tailorings: deeper than this is refused (and so is a loop)


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


MAX_LISTED_PROBLEMS = 50  # validation problems kept per file; the rest are only counted


class PackInvalid(InputError):
    """A pack or catalogue that does not fit its model: the first problem is the error;
    ``problems`` keeps the first MAX_LISTED_PROBLEMS for ``ipscore lint`` and ``total`` counts
    them all."""

    def __init__(self, problems: list[Problem], total: int) -> None:
        first = problems[0]
        super().__init__(
            first.code, first.message, first.message_zh, file=first.file, path=first.path
        )
        self.problems = list(problems)
        self.total = total


def validation_error(exc: ValidationError, data: Any, file: str, code: str) -> PackInvalid:
    """A pack's or catalogue's validation problems (the first MAX_LISTED_PROBLEMS), each at its
    place and in both languages."""
    problems = []
    for error in exc.errors(include_url=False)[:MAX_LISTED_PROBLEMS]:
        message, zh = error_texts(error)
        path = _loc_text(error["loc"], data) or None
        problems.append(Problem(code=code, message=message, message_zh=zh, file=file, path=path))
    return PackInvalid(problems, exc.error_count())


@dataclass(frozen=True)
class Indicators:
    """A catalogue as the loader builds it: entries by key, and the file each key comes from."""

    entries: Mapping[str, Indicator]
    origin: Mapping[str, str]

    def extended(self, indicators: Iterable[Indicator], file: str, place: str) -> Indicators:
        """These entries plus ``indicators`` from ``file``; a key may not change its meaning.

        An entry equal to the one already known is accepted (a full copy of the bundled catalogue
        still works); a different one is a one-line error naming both files.
        """
        entries = dict(self.entries)
        origin = dict(self.origin)
        for indicator in indicators:
            known = entries.get(indicator.key)
            if known is not None and known != indicator:
                raise InputError(
                    "E132",
                    f"indicator {indicator.key!r} differs from its definition in "
                    f"{origin[indicator.key]}",
                    f"指标“{indicator.key}”与 {origin[indicator.key]} 中的定义不同："
                    "已有的指标不能改变含义，请给自己的指标另起一个键",
                    file=file,
                    path=f"{place} ({indicator.key})",
                )
            if known is None:
                entries[indicator.key] = indicator
                origin[indicator.key] = file
        return Indicators(entries, origin)


def _file_key(path: Path) -> tuple[str, int, int]:
    """A cache key that changes when the file does."""
    resolved = path.resolve()
    try:
        stat = resolved.stat()
    except OSError:
        return (str(resolved), -1, -1)
    return (str(resolved), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _catalogue_file(key: tuple[str, int, int]) -> Catalogue:
    path = key[0]
    data = _read_rule_file(Path(path))
    try:
        return Catalogue.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, data, path, "E130") from None


def read_catalogue(path: Path) -> Catalogue:
    """One catalogue file, validated (keys unique, units known)."""
    return _catalogue_file(_file_key(path))


def bundled_catalogue_file() -> Path:
    return rules_dir() / CATALOGUE_FILE


@functools.cache
def bundled_indicators() -> Indicators:
    """The bundled catalogue, every key's origin being rules/indicators.yaml."""
    entries = read_catalogue(bundled_catalogue_file()).by_key()
    return Indicators(entries, dict.fromkeys(entries, BUNDLED_CATALOGUE))


def _is_bundled_dir(directory: Path) -> bool:
    return directory.resolve() == rules_dir().resolve()


def _read_rule_file(path: Path) -> Any:
    """A pack's or catalogue's parsed YAML; a bundled file's through the cache of parsed files."""
    if _is_bundled_dir(path.parent):
        from ipscore.rules_cache import parsed_yaml

        return parsed_yaml(path)
    from ipscore.io.yaml_reader import read_yaml

    return read_yaml(path)


def extension_of(directory: Path) -> Path | None:
    """The catalogue extension of a rules directory: its indicators.yaml, if it has one.

    The bundled rules directory has none: its indicators.yaml is the bundled catalogue itself.
    """
    path = directory / CATALOGUE_FILE
    if _is_bundled_dir(directory) or not path.is_file():
        return None
    return path


def indicators_for(directory: Path | None = None, extension: Path | None = None) -> Indicators:
    """The catalogue packs in ``directory`` see: bundled, then the directory's extension file,
    then ``extension`` (a catalogue file given explicitly). Extensions add; they never replace."""
    result = bundled_indicators()
    for path in (extension_of(directory) if directory else None, extension):
        if path is not None:
            result = result.extended(read_catalogue(path).indicators, str(path), "indicators")
    return result


def load_catalogue(path: str | Path | None = None) -> dict[str, Indicator]:
    """The indicator catalogue by key: the bundled one, extended by the file at ``path``."""
    extension = Path(path) if path else None
    return dict(indicators_for(extension=extension).entries)


def _as_indicators(catalogue: Indicators | Mapping[str, Indicator] | None, file: str) -> Indicators:
    if catalogue is None:
        return bundled_indicators()
    if isinstance(catalogue, Indicators):
        return catalogue
    bundled = bundled_indicators()  # a plain mapping: what it gives wins over the bundled entry
    origin = {**bundled.origin, **{key: bundled.origin.get(key, file) for key in catalogue}}
    return Indicators({**bundled.entries, **catalogue}, origin)


def unknown_indicators(plan: Plan) -> list[tuple[str, Target]]:
    """Readings (main and alternative) whose indicator is in no catalogue the plan sees, with
    the place of their ``indicator`` field."""
    return [
        (f"targets[{i}] ({t.id}){f'.alternatives[{n - 1}]' if n else ''}.indicator", reading)
        for i, t in enumerate(plan.targets)
        for n, reading in enumerate(t.readings())
        if reading.indicator not in plan.catalogue
    ]


def parse_pack(
    data: Any,
    file: str,
    catalogue: Indicators | Mapping[str, Indicator] | None = None,
    _chain: tuple[str, ...] = (),
) -> Plan:
    """Validate parsed YAML as a plan and attach the catalogue it sees, without requiring every
    target's indicator to be in it (``ipscore lint`` lists those; :func:`plan_from_data` stops).

    ``catalogue`` is what the pack's directory provides (the bundled catalogue by default); the
    pack's own ``indicators:`` extend it. A pack with ``extends:`` tailors another plan.
    """
    indicators = _as_indicators(catalogue, file)
    if isinstance(data, dict) and "extends" in data:
        return _tailored(data, file, indicators, _chain)
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, data, file, "E130") from None
    return _with_catalogue(plan, indicators.extended(plan.indicators, file, "indicators"))


def _with_catalogue(plan: Plan, indicators: Indicators) -> Plan:
    bundled = bundled_indicators().entries
    origins = {
        key: source
        for key, source in indicators.origin.items()
        if bundled.get(key) != indicators.entries[key]
    }
    return plan.model_copy(update={"catalogue": dict(indicators.entries), "origins": origins})


@functools.lru_cache(maxsize=256)
def _declared_id(key: tuple[str, int, int]) -> str | None:
    """The plan id a pack file declares (``plan: {id: …}``); None when it declares none or does
    not parse (its own problem is reported where that pack is loaded)."""
    try:
        data = _read_rule_file(Path(key[0]))
    except InputError:
        return None
    plan = data.get("plan") if isinstance(data, dict) else None
    plan_id = plan.get("id") if isinstance(plan, dict) else None
    return plan_id if isinstance(plan_id, str) else None


def _pack_with_id(directory: Path, plan_id: str, file: str) -> Path | None:
    """The pack of ``directory`` whose plan id is ``plan_id``, if there is one."""
    found = [path for path in pack_files(directory) if _declared_id(_file_key(path)) == plan_id]
    if len(found) > 1:
        names = ", ".join(path.name for path in found)
        raise InputError(
            "E133",
            f"extends {plan_id!r}: more than one pack in its directory has that id ({names})",
            f"extends“{plan_id}”：所在目录中有多个规则包使用这个编号（{names}）",
            file=file,
            path="extends",
        )
    return found[0] if found else None


def _base_plan(extends: str, file: str, chain: tuple[str, ...]) -> Plan:
    """The plan a tailoring extends: the id of a pack in the tailoring's directory, a bundled
    id, or a pack path relative to the tailoring (in that order)."""
    directory = Path(file).parent
    path = _pack_with_id(directory, extends, file)
    if path is None and extends in _pack_paths():
        return _load_bundled(extends)
    if path is None:
        path = directory / extends
    if path.suffix not in (".yaml", ".yml"):
        known = ", ".join(bundled_plan_ids())
        raise InputError(
            "E133",
            f"extends {extends!r}: not the id of a pack in its directory, not a bundled plan id "
            f"({known}) and not a .yaml path",
            f"extends“{extends}”既不是所在目录中规则包的编号，也不是内置方案编号（{known}），"
            "也不是 .yaml 文件路径",
            file=file,
            path="extends",
        )
    if not path.exists() or path.is_dir():
        raise InputError(
            "E133",
            f"extends {extends!r}: no such pack",
            f"extends“{extends}”：找不到这个规则包",
            file=file,
            path="extends",
        )
    resolved = str(path.resolve())
    if resolved in chain:
        loop = " → ".join(Path(link).name for link in (*chain[chain.index(resolved) :], resolved))
        raise InputError(
            "E133",
            f"extends {extends!r}: a loop ({loop})",
            f"extends“{extends}”：形成了循环（{loop}）",
            file=file,
            path="extends",
        )
    if len(chain) >= MAX_EXTENDS:
        raise InputError(
            "E133",
            f"extends {extends!r}: tailorings of tailorings deeper than {MAX_EXTENDS}",
            f"extends“{extends}”：层层扩展超过 {MAX_EXTENDS} 层",
            file=file,
            path="extends",
        )
    return load_pack_file(path, _chain=chain)


def _tailored(
    data: dict[str, Any], file: str, indicators: Indicators, chain: tuple[str, ...]
) -> Plan:
    """Apply a tailoring pack to the plan it extends (docs/rule-format.md, "Tailoring")."""
    try:
        pack = TailoringPack.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, data, file, "E130") from None
    chain = (*chain, str(Path(file).resolve()))
    base = _base_plan(pack.extends, file, chain)
    for key in sorted(base.origins):  # indicators the base defines itself come along
        indicators = indicators.extended([base.catalogue[key]], base.origins[key], "indicators")
    indicators = indicators.extended(pack.indicators, file, "indicators")
    targets = list(base.targets)
    position = {target.id: index for index, target in enumerate(targets)}
    records: list[TailoringChangeRecord] = []
    for target_id, change in pack.changes.items():
        if target_id not in position:
            raise InputError(
                "E133",
                f"no target {target_id!r} in plan {base.id} to change",
                f"方案 {base.id} 中没有目标“{target_id}”，无法修改",
                file=file,
                path=f"changes.{target_id}",
            )
        old = targets[position[target_id]]
        update = change.model_dump(exclude_none=True)
        records.extend(
            TailoringChangeRecord(
                target=target_id, field=field, before=getattr(old, field), after=value
            )
            for field, value in update.items()
            if getattr(old, field) != value
        )
        targets[position[target_id]] = old.model_copy(update=update)
    meta = base.plan.model_copy(update=pack.plan.model_dump(exclude_none=True))
    try:
        plan = Plan(
            plan=meta,
            targets=targets + pack.targets,
            indicators=[*base.indicators, *pack.indicators],
            excluded=list(base.excluded),
        )
    except ValidationError as exc:
        raise validation_error(exc, data, file, "E130") from None
    tailoring = Tailoring(
        base=base.id, file=file, changes=records, added=[target.id for target in pack.targets]
    )
    return _with_catalogue(plan, indicators).model_copy(update={"tailoring": tailoring})


def plan_from_data(
    data: Any,
    file: str,
    catalogue: Indicators | Mapping[str, Indicator] | None = None,
    _chain: tuple[str, ...] = (),
) -> Plan:
    """:func:`parse_pack`, and an indicator no catalogue defines is an error (E131)."""
    plan = parse_pack(data, file, catalogue, _chain)
    for place, reading in unknown_indicators(plan):
        raise InputError(
            "E131",
            f"unknown indicator {reading.indicator!r} (not in the catalogue)",
            f"未知指标“{reading.indicator}”（不在指标目录中）",
            file=file,
            path=place,
        )
    return plan


def pack_files(directory: Path) -> list[Path]:
    """The rule packs in a directory: its .yaml files but the catalogue (extension) file."""
    return [path for path in sorted(directory.glob("*.yaml")) if path.name != CATALOGUE_FILE]


def load_pack_file(
    path: Path, extension: Path | None = None, *, _chain: tuple[str, ...] = ()
) -> Plan:
    """The rule pack at ``path``, seeing the bundled catalogue, the catalogue extension beside it
    and ``extension`` if given."""
    if not path.exists() or path.is_dir():
        raise InputError("E100", "no such rule pack", "找不到这个规则包", file=str(path))
    indicators = indicators_for(path.parent, extension)
    return plan_from_data(_read_rule_file(path), str(path), indicators, _chain)


def _pack_paths() -> dict[str, Path]:
    return {path.stem: path for path in pack_files(rules_dir())}


def load_rules(paths: Iterable[str | Path]) -> dict[str, Plan]:
    """Rule packs given with ``--rules`` (files or directories), by plan id, all validated."""
    packs: dict[str, Plan] = {}
    for text in paths:
        path = Path(text)
        files = [path]
        if path.is_dir():
            indicators_for(path)  # a broken extension is an error even beside no pack
            files = pack_files(path)
        for file in files:
            plan = load_pack_file(file)
            packs[plan.id] = plan
    return packs


def list_plans(rules: Iterable[str | Path] = ()) -> list[Plan]:
    """Every bundled plan, and the packs of ``rules`` (which win on the same id), in id order."""
    extra = load_rules(rules)
    everything = {plan_id: load_plan(plan_id) for plan_id in bundled_plan_ids()}
    everything.update(extra)
    return [everything[plan_id] for plan_id in sorted(everything)]


def bundled_plan_ids() -> list[str]:
    return sorted(_pack_paths())


@functools.cache
def _load_bundled(plan_id: str) -> Plan:
    return load_pack_file(_pack_paths()[plan_id])


def load_plan(plan: str | Path, catalogue: str | Path | None = None) -> Plan:
    """A plan by bundled id (``nanjing-2022-2025``) or by the path of a YAML pack.

    A pack sees the bundled catalogue, the catalogue extension (indicators.yaml) in its own
    directory, its own ``indicators:`` and, if given, the extension file ``catalogue``.
    """
    as_text = str(plan)
    extension = Path(catalogue) if catalogue is not None else None
    if extension is None and as_text in _pack_paths():
        return _load_bundled(as_text).own_copy()  # the cached plan itself is never handed out
    path = Path(plan)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return load_pack_file(path, extension)
    if as_text in _pack_paths():
        return load_pack_file(_pack_paths()[as_text], extension)
    known = ", ".join(bundled_plan_ids())
    raise InputError(
        "E117",
        f"unknown plan id {as_text!r}; known plans: {known}",
        f"未知的方案编号“{as_text}”；现有方案：{known}",
    )


def dump_plan(plan: Plan) -> str:
    """The plan as YAML text that :func:`load_plan` reads back to an equal plan."""
    import yaml

    data = plan.model_dump(mode="json", exclude_none=True)
    text: str = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return text
