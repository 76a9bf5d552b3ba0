"""The words of a plan that decide how its numbers are read: one table for lint and draft.

Boundary words follow Civil Code art. 1259: 以上、以下、以内、届满 include the number; 不满、超过、
以外 exclude it; 低于 is strictly below; 达到/达 mean at least. 突破 ("break through") reads as
exceeding, like 超过 (docs/rule-format.md, "Reading the plan's words").
"""

from __future__ import annotations

from ipscore.plan import Comparator

# Words written before the number ("超过85%"), longest first where one contains another.
BEFORE_WORDS: list[tuple[str, Comparator]] = [
    ("不少于", Comparator.ge),
    ("不低于", Comparator.ge),
    ("不超过", Comparator.le),
    ("不高于", Comparator.le),
    ("控制在", Comparator.le),
    ("超过", Comparator.gt),
    ("高于", Comparator.gt),
    ("大于", Comparator.gt),
    ("突破", Comparator.gt),
    ("低于", Comparator.lt),
    ("不满", Comparator.lt),
    ("少于", Comparator.lt),
    ("小于", Comparator.lt),
    ("达到", Comparator.ge),
    ("至少", Comparator.ge),
    ("届满", Comparator.ge),
    ("超", Comparator.gt),
    ("达", Comparator.ge),
]
# Words written after the number and its unit ("85分以上", "七个工作日内").
AFTER_WORDS: list[tuple[str, Comparator]] = [
    ("以上", Comparator.ge),
    ("以下", Comparator.le),
    ("以内", Comparator.le),
    ("以外", Comparator.gt),
    ("内", Comparator.le),
]
# A boundary word whose other reading is accepted when the target's note explains it.
NOTED_READINGS = {("突破", Comparator.ge)}
ABOUT = "左右"  # "about": no comparator of its own; a tolerance or a note decides
ASPIRATION_WORDS = ("力争", "争取")  # "strive for": an expected (预期性) target


# Words that state a multiple of the base value instead of a number ("较2020年翻一番").
MULTIPLE_WORDS: dict[str, int] = {"翻一番": 2, "翻番": 2, "翻两番": 4, "翻二番": 4}
