"""How much of a hand-made pack `ipscore draft` finds in the plan's text.

    python benchmarks/draft_recall.py PLAN.txt PACK [PLAN.txt PACK …]

PACK is a bundled plan id or the path of a pack. For each plan the draft is made from the text
and compared with the pack:

- Quantitative targets: a drafted target and a hand-made one are paired when their quotes
  overlap in the plan's text (whitespace ignored) and they agree on kind, comparator and
  threshold in the same unit (88 万件 = 880000 件). Each target is paired at most once.
  Recall = paired hand-made targets / hand-made targets; precision = paired drafted targets /
  drafted targets.
- Milestones: a hand-made milestone is found when a drafted milestone's quote overlaps its quote
  (each drafted milestone pairs once). Recall as above; "paired" is the share of drafted
  milestones that pair with a hand-made one (the rest are deliverables the hand-made pack left
  out, or clauses a person deletes).
- Loads: the drafted pack, written to a file, loads with ``ipscore.load_plan`` and ``ipscore
  lint`` reports nothing but E135 (TODO) problems for it.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ipscore.draft import draft_text
from ipscore.draft.source import read_plan_text
from ipscore.errors import InputError
from ipscore.lint import lint_paths
from ipscore.packs import load_catalogue, load_plan
from ipscore.plan import Indicator
from ipscore.units import conversion_factor

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Item:
    spans: tuple[tuple[int, int], ...]
    kind: str
    comparator: str
    threshold: float
    unit: str
    quote: str


def _spans(quote: str, flat_text: str) -> tuple[tuple[int, int], ...]:
    flat = _SPACE.sub("", quote)
    if not flat:
        return ()
    return tuple(
        (m.start(), m.start() + len(flat)) for m in re.finditer(re.escape(flat), flat_text)
    )


def _items(targets: list[dict[str, Any]], flat_text: str) -> list[Item]:
    return [
        Item(
            _spans(t["quote"], flat_text),
            t["kind"],
            t.get("comparator", ">="),
            float(t.get("threshold", 1)),
            t.get("unit", ""),
            t["quote"],
        )
        for t in targets
    ]


def _overlap(a: Item, b: Item) -> bool:
    return any(s < e2 and s2 < e for s, e in a.spans for s2, e2 in b.spans)


def _same_target(drafted: Item, hand: Item) -> bool:
    if (drafted.kind, drafted.comparator) != (hand.kind, hand.comparator):
        return False
    factor = conversion_factor(drafted.unit, hand.unit)
    if factor is None:
        return False
    return math.isclose(drafted.threshold * factor, hand.threshold, rel_tol=1e-9)


def _pair(drafted: list[Item], hand: list[Item], same: Callable[[Item, Item], bool]) -> int:
    used: set[int] = set()
    paired = 0
    for wanted in hand:
        for index, candidate in enumerate(drafted):
            if index not in used and _overlap(candidate, wanted) and same(candidate, wanted):
                used.add(index)
                paired += 1
                break
    return paired


@dataclass
class Score:
    name: str
    hand_targets: int = 0
    drafted_targets: int = 0
    recalled_targets: int = 0
    precise_targets: int = 0
    hand_milestones: int = 0
    drafted_milestones: int = 0
    recalled_milestones: int = 0
    paired_milestones: int = 0
    loads: int = 0

    def add(self, other: Score) -> None:
        for field in vars(self):
            if field != "name":
                setattr(self, field, getattr(self, field) + getattr(other, field))


def score(
    text_path: Path, pack: str, catalogue: dict[str, Indicator], missed: bool = False
) -> Score:
    text = read_plan_text(text_path)
    flat_text = _SPACE.sub("", text)
    draft = yaml.safe_load(draft_text(text, text_path.name, catalogue))
    hand_plan = load_plan(pack)
    hand = [t.model_dump(mode="json") for t in hand_plan.targets]
    split = {
        False: lambda ts: [t for t in ts if t["kind"] != "milestone"],
        True: lambda ts: [t for t in ts if t["kind"] == "milestone"],
    }
    drafted_q = _items(split[False](draft["targets"]), flat_text)
    hand_q = _items(split[False](hand), flat_text)
    drafted_m = _items(split[True](draft["targets"]), flat_text)
    hand_m = _items(split[True](hand), flat_text)
    result = Score(hand_plan.id)
    result.hand_targets, result.drafted_targets = len(hand_q), len(drafted_q)
    result.recalled_targets = _pair(drafted_q, hand_q, _same_target)
    result.precise_targets = _pair(hand_q, drafted_q, lambda h, d: _same_target(d, h))
    result.hand_milestones, result.drafted_milestones = len(hand_m), len(drafted_m)
    result.recalled_milestones = _pair(drafted_m, hand_m, lambda d, h: True)
    result.paired_milestones = _pair(hand_m, drafted_m, lambda h, d: True)
    result.loads = int(_loads(draft))
    if missed:
        _show_misses(hand_plan.id, drafted_q, hand_q, drafted_m, hand_m)
    return result


def _loads(draft: dict[str, Any]) -> bool:
    """The draft loads with the project's loader and lints with TODO problems only."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "draft.yaml"
        path.write_text(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False), "utf-8")
        try:
            load_plan(str(path))
        except InputError as exc:
            print(f"  draft does not load: {exc.line()}")
            return False
        other = [p for p in lint_paths([path]) if p.code != "E135"]
        for problem in other:
            print(f"  lint: {problem.line()}")
        return not other


def _show_misses(
    name: str, drafted_q: list[Item], hand_q: list[Item], drafted_m: list[Item], hand_m: list[Item]
) -> None:
    """For development: what was missed and what was drafted in excess."""
    for wanted in hand_q:
        if not any(_overlap(d, wanted) and _same_target(d, wanted) for d in drafted_q):
            near = [d for d in drafted_q if _overlap(d, wanted)]
            print(
                f"  {name} MISSED {wanted.kind} {wanted.comparator} {wanted.threshold:g} "
                f"{wanted.unit} «{wanted.quote}» near: "
                + "; ".join(f"{d.kind} {d.comparator} {d.threshold:g} {d.unit}" for d in near)
            )
    for extra in drafted_q:
        if not any(_overlap(extra, h) and _same_target(extra, h) for h in hand_q):
            print(
                f"  {name} EXTRA {extra.kind} {extra.comparator} {extra.threshold:g} "
                f"{extra.unit} «{extra.quote}»"
            )
    for wanted in hand_m:
        if not any(_overlap(d, wanted) for d in drafted_m):
            print(f"  {name} MISSED milestone «{wanted.quote}»")


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", nargs="+", help="PLAN.txt PACK, repeated")
    parser.add_argument("--missed", action="store_true", help="list misses and extras")
    args = parser.parse_args(argv)
    if len(args.pairs) % 2:
        parser.error("give the plan texts and packs in pairs: PLAN.txt PACK …")
    catalogue = load_catalogue()
    total = Score("overall")
    rows = []
    for text, pack in zip(args.pairs[::2], args.pairs[1::2], strict=True):
        result = score(Path(text), pack, catalogue, args.missed)
        total.add(result)
        rows.append(result)
    print(
        "| plan | targets (hand / drafted) | target recall | target precision "
        "| milestones (hand / drafted) | milestone recall | drafted milestones paired | loads |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for row in [*rows, total]:
        print(
            f"| {row.name} | {row.hand_targets} / {row.drafted_targets} "
            f"| {_percent(row.recalled_targets, row.hand_targets)} "
            f"| {_percent(row.precise_targets, row.drafted_targets)} "
            f"| {row.hand_milestones} / {row.drafted_milestones} "
            f"| {_percent(row.recalled_milestones, row.hand_milestones)} "
            f"| {_percent(row.paired_milestones, row.drafted_milestones)} "
            f"| {row.loads} of {len(rows) if row is total else 1} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
