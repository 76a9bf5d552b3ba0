"""Indicator tables: rows of a label with its unit in brackets, a base value and a target value.

``每万人口高价值发明专利拥有量(件) 10.66 20 预期性`` is a row under a header that names a base
column (2020年实现值, 基期, 现状) and a target column (2025年目标值). ``/`` marks a base the
plan does not give. A published table can lose the space between base and target ("75150"):
such a cell is split where the target is the smallest multiple (≥ 1) of the base, and the split
is marked for a person to confirm.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ipscore.draft.found import Found
from ipscore.draft.numbers import UNIT_WORDS
from ipscore.draft.reading import BaselineReading
from ipscore.draft.sentences import paragraphs
from ipscore.plan import Comparator, Kind

_UNITS = "|".join(sorted(map(re.escape, UNIT_WORDS), key=len, reverse=True))
ROW = re.compile(
    r"(?P<label>[^\s\d/()（）。,，；;:：][^\s/。,，；;:：]{0,60}?)[(（](?P<unit>"
    + _UNITS
    + r"|万人次|万件)[)）]"
    r"\s*(?:(?P<base>/|／|-|—|\d+(?:\.\d+)?)\s+)?(?P<target>\d+(?:\.\d+)?)"
    r"(?P<after>以上|以下|以内)?\s*(?P<attribute>预期性|约束性)?"
)
_BASE_HEADER = re.compile(
    r"(?:(?P<year>(?:19|20)\d\d)\s*年\s*)?(?:实现值|基期值?|基准值?|现状值?|基数)"
)
_TARGET_HEADER = re.compile(r"(?:(?P<year>(?:19|20)\d\d)\s*年\s*)?目标值?")
_ATTRIBUTE_WORDS = re.compile(r"^(?:预期性|约束性|属性)+")
HEADER_REACH = 4  # lines a header may stand above its rows


def split_damaged(cell: str) -> tuple[Decimal, Decimal] | None:
    """Base and target from digits that lost their separator: 75150 → (75, 150)."""
    best: tuple[Decimal, Decimal] | None = None
    for cut in range(1, len(cell)):
        base_text, target_text = cell[:cut], cell[cut:]
        if target_text.startswith("0") or base_text.endswith(".") or target_text.startswith("."):
            continue
        try:
            base, target = Decimal(base_text), Decimal(target_text)
        except ArithmeticError:
            continue
        if base <= 0 or target < base:
            continue
        if best is None or target / base < best[1] / best[0]:
            best = (base, target)
    return best


def table_targets(text: str) -> list[Found]:
    """Targets from indicator-table rows, in text order."""
    lines = paragraphs(text)
    found: list[Found] = []
    for index, line in enumerate(lines):
        header = " ".join(item.text for item in lines[max(0, index - HEADER_REACH) : index + 1])
        base_header, target_header = _BASE_HEADER.search(header), _TARGET_HEADER.search(header)
        if not (base_header and target_header):
            continue
        for row in ROW.finditer(line.text):
            label = _ATTRIBUTE_WORDS.sub("", row["label"])
            start = line.start + row.start("label") + (len(row["label"]) - len(label))
            target = Found(
                start=start,
                end=line.start + row.end("after" if row["after"] else "target"),
                quote="",
                words=label,
                kind=Kind.level,
                threshold=Decimal(row["target"]),
                unit=UNIT_WORDS.get(row["unit"], row["unit"]),
                attribute={"预期性": "expected", "约束性": "binding"}.get(row["attribute"] or ""),
                context=line.text,
            )
            target.quote = text[target.start : target.end]
            target.comparator = {"以下": Comparator.le, "以内": Comparator.le}.get(
                row["after"] or "", Comparator.ge
            )
            if not row["after"]:
                target.readings.append("indicator table: the target column read as a floor (>=)")
            base = row["base"]
            if base is None and base_header and len(row["target"]) >= 3:
                pair = split_damaged(row["target"])
                if pair is not None:
                    base_value, target.threshold = pair
                    base = str(base_value)
                    target.doubts.append(
                        f"the table cell {row['target']} read as base {base_value} and target "
                        f"{target.threshold} (the separator was lost)"
                    )
            base_year = base_header["year"]
            if base_year and base and base[0].isdigit():
                target.baseline = BaselineReading(int(base_year), Decimal(base), target.unit)
            if target_header["year"]:
                target.deadline = int(target_header["year"])
            found.append(target)
    return found
