"""One target as the draft found it in the text, before it becomes YAML."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ipscore.draft.reading import BaselineReading
from ipscore.plan import Comparator, Kind


@dataclass
class Found:
    """A target read from the text: ``quote == text[start:end]``.

    ``words`` are the words naming the indicator; ``readings`` explain how the sentence was read;
    ``doubts`` are guesses a person must confirm (each becomes a ``TODO:`` in the note).
    """

    start: int
    end: int
    quote: str
    words: str
    kind: Kind
    comparator: Comparator = Comparator.ge
    threshold: Decimal = Decimal(1)
    unit: str = ""
    baseline: BaselineReading | None = None
    deadline: int | None = None
    attribute: str | None = None
    owners: list[str] = field(default_factory=list)
    context: str = ""  # the paragraph, for the dimension when the words do not tell
    readings: list[str] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)
    exploratory: bool = False  # 探索建立…: goes to the pack's excluded:, never a target
