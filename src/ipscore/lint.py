"""``ipscore lint``: rule-pack checks for people writing or reviewing packs.

Beyond schema validation (fields, types, unique ids) every target is checked against the words it
quotes: the threshold's number must appear in the quote (read by :mod:`ipscore.numbers_zh`:
digits, 万/亿, Chinese numerals), and the comparator must agree with the
boundary word next to it (Civil Code art. 1259). Units must match the catalogue. Every finding
is an :class:`ipscore.errors.Problem` with a code of the catalogue (E131, E135, E150-E158, and
the loader's own codes), one line ``FILE: TARGET-ID: CODE message`` in English or Chinese.
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal
from pathlib import Path

from ipscore.boundary import (
    ABOUT,
    AFTER_WORDS,
    ASPIRATION_WORDS,
    BEFORE_WORDS,
    MULTIPLE_WORDS,
    NOTED_READINGS,
)
from ipscore.errors import InputError, Problem
from ipscore.io.yaml_reader import read_yaml
from ipscore.numbers_zh import SCALES, numbers_in, scaled
from ipscore.packs import (
    CATALOGUE_FILE,
    Indicators,
    PackInvalid,
    indicators_for,
    pack_files,
    parse_pack,
)
from ipscore.plan import Comparator, Indicator, Kind, Measure, Target
from ipscore.spreadsheet_text import FORMULA_START
from ipscore.units import conversion_factor

# Boundary words (ipscore.boundary) count only when attached to the number: words before it must
# stand right before it ("超过85%"); words after it must follow within a few characters of unit
# ("85分以上", "七个工作日内"), so "四年内建成20家" is not read as a ceiling.
BEFORE_REACH = 1  # characters allowed between a before-word and the number
AFTER_REACH = 6  # characters of unit allowed between the number and an after-word

_CLAUSE_BREAK = re.compile(r"[,，;；。、]")
_DIGIT_GROUP = re.compile(r"(?<=\d),(?=\d{3})")


def _number_spans(quote: str, value: float, unit: str = "") -> list[tuple[int, int]]:
    """Where the threshold is written in the quote, in digits or Chinese numerals: 880000 件 as
    880000 or 88万, 88 万件 as 88万 or 880000, 1.5e10 元 as 150亿; a multiple as 翻一番.

    Compared in the unit's base (件 for 万件), exactly: 88万件 is not a threshold of 88 件.
    """
    threshold = Decimal(repr(value))
    in_base = scaled(threshold, SCALES.get(unit[:1], 0))
    spans = [
        (number.start, number.end)
        for number in numbers_in(quote)
        if number.value in (threshold, in_base)
    ]
    for word in (word for word, multiple in MULTIPLE_WORDS.items() if multiple == value):
        spans.extend(m.span() for m in re.finditer(word, quote))
    return sorted(spans)


def _about(quote: str, span: tuple[int, int]) -> bool:
    """左右 ("about") follows the number, after at most a unit."""
    position = quote.find(ABOUT, span[1], span[1] + AFTER_REACH + len(ABOUT))
    return position >= 0 and not _CLAUSE_BREAK.search(quote, span[1], position)


def _boundary_words(
    quote: str, span: tuple[int, int], breaks: list[int]
) -> list[tuple[str, Comparator]]:
    """The boundary words attached to the number at ``span`` (within its clause).

    ``breaks`` are the positions of the quote's clause breaks, found once per quote: a number
    written many times in a long quote costs a lookup each, not a scan of the quote each.
    """
    before_count = bisect.bisect_left(breaks, span[0])
    clause_start = breaks[before_count - 1] + 1 if before_count else 0
    after_index = bisect.bisect_left(breaks, span[1])
    clause_end = breaks[after_index] if after_index < len(breaks) else len(quote)
    before = quote[max(clause_start, span[0] - 3 - BEFORE_REACH) : span[0]]
    after = quote[span[1] : min(clause_end, span[1] + AFTER_REACH + 2)]
    found = []
    for word, comparator in BEFORE_WORDS:
        position = before.rfind(word)
        if position >= 0 and len(before) - (position + len(word)) <= BEFORE_REACH:
            found.append((word, comparator))
            break
    for word, comparator in AFTER_WORDS:
        position = after.find(word)
        if 0 <= position <= AFTER_REACH:
            found.append((word, comparator))
            break
    return found


def _damaged_pair(quote: str, target: Target) -> bool:
    """A published table that lost the separator between base and target ("75150" = 75 → 150)."""
    if target.baseline is None or target.baseline.value is None:
        return False
    base = f"{target.baseline.value:.6f}".rstrip("0").rstrip(".")
    threshold = f"{target.threshold:.6f}".rstrip("0").rstrip(".")
    return base + threshold in _DIGIT_GROUP.sub("", quote)  # 8,500 → 8500


def _problem(code: str, message: str, zh: str, target: Target) -> Problem:
    return Problem(code=code, message=message, message_zh=zh, path=target.id)


def check_target(target: Target, indicator: Indicator | None) -> list[Problem]:
    """Problems with one target (placed at its id; the file is the caller's)."""
    if indicator is None:
        key = target.indicator
        return [
            _problem(
                "E131",
                f"indicator {key!r} is not in the catalogue",
                f"指标“{key}”不在指标目录中：请改用目录中的指标键，或在 indicators: 中定义它",
                target,
            )
        ]
    problems = _aspiration_problems(target)
    if target.kind is Kind.milestone or indicator.measure is Measure.milestone:
        return problems + _milestone_problems(target, indicator)
    problems += _unit_problems(target, indicator)
    quote = target.quote
    spans = _number_spans(quote, target.threshold, target.unit)
    if not spans:
        if not _damaged_pair(quote, target):
            problems.append(
                _problem(
                    "E150",
                    f"threshold {target.threshold:g} does not appear in the quote",
                    f"原文（quote）中找不到目标值 {target.threshold:g}："
                    "请核对 threshold 与原文的数字",
                    target,
                )
            )
        return problems
    about = any(_about(quote, span) for span in spans)
    problems += _about_problems(target, about)
    breaks = [match.start() for match in _CLAUSE_BREAK.finditer(quote)]
    found = [word for span in spans for word in _boundary_words(quote, span, breaks)]
    if not found:
        if not target.note and not about:
            problems.append(
                _problem(
                    "E152",
                    "no boundary word next to the threshold; explain the reading in note",
                    "目标值旁没有“以上”“达到”“超过”等界限用语：请在 note 中说明如何理解",
                    target,
                )
            )
        return problems
    return problems + _comparator_problems(target, found)


def _milestone_problems(target: Target, indicator: Indicator) -> list[Problem]:
    """A milestone target needs a milestone indicator, and the other way round."""
    key = indicator.key
    if target.kind is Kind.milestone and indicator.measure is not Measure.milestone:
        return [
            _problem(
                "E157",
                f"milestone target on {key!r}, which is not a milestone",
                f"指标 {key}（{indicator.zh}）不是任务类指标，不能用于 kind: milestone 的目标",
                target,
            )
        ]
    if target.kind is not Kind.milestone and indicator.measure is Measure.milestone:
        return [
            _problem(
                "E157",
                f"{key!r} is a milestone; the target's kind must be milestone",
                f"指标 {key}（{indicator.zh}）是任务类指标（建成与否）：目标的 kind 应为 milestone",
                target,
            )
        ]
    return []


def _unit_problems(target: Target, indicator: Indicator) -> list[Problem]:
    """A growth or multiple target is in its kind's unit; others convert to the indicator's."""
    unit, expected = target.unit, target.kind.default_unit
    if expected and unit != expected:
        return [
            _problem(
                "E156",
                f"unit {unit!r}: a {target.kind.value} target is in {expected}",
                f"单位“{unit}”不对：{target.kind.value} 类目标的单位应为“{expected}”",
                target,
            )
        ]
    if not expected and conversion_factor(unit, indicator.unit) is None:
        return [
            _problem(
                "E156",
                f"unit {unit!r} does not match the catalogue unit {indicator.unit!r} "
                f"of {indicator.key}",
                f"单位“{unit}”与指标目录中 {indicator.key}（{indicator.zh}）的单位"
                f"“{indicator.unit}”不符，也无法换算",
                target,
            )
        ]
    return []


def _about_problems(target: Target, about: bool) -> list[Problem]:
    """左右 wants a tolerance or a note; a tolerance wants 左右 or a note."""
    if target.note:
        return []
    if about and target.tolerance is None:
        return [
            _problem(
                "E153",
                f"{ABOUT} (about): give a tolerance (per cent) or explain the reading in note",
                f"原文有“{ABOUT}”：请设 tolerance（容差，百分比），或在 note 中说明如何理解",
                target,
            )
        ]
    if target.tolerance is not None and not about:
        return [
            _problem(
                "E154",
                f"tolerance without {ABOUT} in the quote; explain it in note",
                f"设了 tolerance，但原文中没有“{ABOUT}”：请在 note 中说明",
                target,
            )
        ]
    return []


def _comparator_problems(target: Target, found: list[tuple[str, Comparator]]) -> list[Problem]:
    """The first boundary word the comparator disagrees with (a note may explain 突破 as >=)."""
    comparator = target.comparator
    for word, expected in found:
        if expected is comparator:
            continue
        noted = (word, comparator) in NOTED_READINGS
        if noted and target.note:
            continue
        return [
            _problem(
                "E151",
                f"comparator {comparator.value!r} disagrees with {word!r} in the quote "
                f"(expected {expected.value!r})"
                + ("; a note may explain the other reading" if noted else ""),
                f"比较符（comparator）“{comparator.value}”与原文的“{word}”不符，"
                f"应为“{expected.value}”"
                + ("；如确是另一种理解，请在 note 中说明" if noted else ""),
                target,
            )
        ]
    return []


TODO_MARK = "TODO:"
_TODO = re.compile(r"TODO:\s*(?P<what>.*?)(?=\s*(?:\.\s|\.$|。|TODO:|$))", re.DOTALL)


def _todo_places(node: object, place: str = "") -> list[tuple[str, str]]:
    """Every string in the parsed pack holding ``TODO:``, with its place (targets by id)."""
    if isinstance(node, str):
        return [(place, node)] if TODO_MARK in node else []
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_todo_places(value, f"{place}.{key}" if place else str(key)))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            label = f"{place}[{index}]"
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                label = item["id"] if place == "targets" else f"{label} ({item['id']})"
            elif isinstance(item, dict) and isinstance(item.get("key"), str):
                label = f"{label} ({item['key']})"
            found.extend(_todo_places(item, label))
    return found


def todo_problems(data: object, file: str) -> list[Problem]:
    """E135 for each ``TODO:`` a person has not resolved yet (``ipscore draft`` writes them)."""
    problems = []
    for place, text in _todo_places(data):
        place = place.removesuffix(".note")  # a target's note: the target id, as lint names it
        for match in _TODO.finditer(text):
            what = match["what"].strip()
            problems.append(
                Problem(
                    code="E135",
                    message=f"unresolved TODO: {what or '(no text)'}",
                    message_zh=f"尚未处理的 TODO：{what or '（无说明）'}",
                    file=file,
                    path=place or None,
                )
            )
    return problems


def _aspiration_problems(target: Target) -> list[Problem]:
    """力争/争取 mark a target the plan hopes for: attribute expected, or a note saying why not."""
    words = [word for word in ASPIRATION_WORDS if word in target.quote]
    if not words or target.attribute is not None or target.note:
        return []
    return [
        _problem(
            "E155",
            f"{words[0]} (strive for): set attribute: expected, or explain the reading in note",
            f"原文有“{words[0]}”：请设 attribute: expected（预期性指标），或在 note 中说明如何理解",
            target,
        )
    ]


def _input_problems(exc: InputError, file: str) -> list[Problem]:
    """An error of the loader as lint problems: each of its problems, in the file named (the
    first MAX_LISTED_PROBLEMS validation problems, then one line counting the rest)."""
    problems = [problem.at(problem.file or file, problem.path) for problem in exc.problems]
    hidden = exc.total - len(problems) if isinstance(exc, PackInvalid) else 0
    if hidden > 0:
        problems.append(
            Problem(
                code=exc.code,
                message=f"and {hidden} more schema problems not shown",
                message_zh=f"另有 {hidden} 个格式问题未列出",
                file=file,
            )
        )
    return problems


def lint_pack(path: Path, indicators: Indicators | None = None) -> list[Problem]:
    """Every problem in one pack file, loaded as ``ipscore check`` loads it."""
    file = str(path)
    try:
        data = read_yaml(path)
    except InputError as exc:
        return _input_problems(exc, file)
    problems = todo_problems(data, file)
    try:
        plan = parse_pack(data, file, indicators or indicators_for(path.parent))
    except InputError as exc:
        return problems + _input_problems(exc, file)
    problems += _formula_like(plan.model_dump(mode="json"), file)
    for key, indicator in plan.catalogue.items():  # a template writes these too
        problems.extend(_formula_like(indicator.model_dump(mode="json"), file, f"indicator {key}"))
    for target in plan.targets:
        for reading in target.readings():  # alternative readings are checked like main ones
            for problem in check_target(reading, plan.catalogue.get(reading.indicator)):
                problems.append(problem.at(file, problem.path))
    return problems


def _formula_like(data: object, file: str, where: str = "") -> list[Problem]:
    """Text a spreadsheet would run as a formula (=, +, -, @ first): templates carry it."""
    if isinstance(data, str):
        if not data.startswith(FORMULA_START):
            return []
        problem = Problem(
            code="E158",
            message=f"text starts with {data[0]!r}: a spreadsheet program would run it as a "
            "formula (ipscore writes it as text; a copy pasted elsewhere may not be)",
            message_zh=f"文字以“{data[0]}”开头：电子表格软件会把它当作公式执行"
            "（ipscore 写出时按文字处理，复制到别处时则未必）",
            file=file,
            path=where or None,
        )
        return [problem]
    if isinstance(data, dict):
        items: list[tuple[str, object]] = [
            (f"{where}.{key}" if where else str(key), value) for key, value in data.items()
        ]
    elif isinstance(data, list):
        items = [(f"{where}[{index}]", value) for index, value in enumerate(data)]
    else:
        return []
    return [problem for place, value in items for problem in _formula_like(value, file, place)]


def lint_paths(paths: list[Path]) -> list[Problem]:
    """Lint rule pack files and directories.

    A directory's indicators.yaml extends the bundled catalogue for the packs beside it, exactly
    as for ``ipscore check --rules``; it is checked once, before its packs.
    """
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            files = pack_files(path)
            directory = path
        elif path.is_file():
            files = [path]
            directory = path.parent
        else:
            problems.append(
                Problem(
                    code="E100",
                    message="no such file or directory",
                    message_zh="文件或文件夹不存在",
                    file=str(path),
                )
            )
            continue
        try:
            indicators = indicators_for(directory)
        except InputError as exc:
            problems.extend(_input_problems(exc, str(directory / CATALOGUE_FILE)))
            continue
        for file in files:
            problems.extend(lint_pack(file, indicators))
    return problems
