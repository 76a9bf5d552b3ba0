"""Cutting the text into paragraphs, sentences and clauses, each with its place in the text.

A clause ends at ，,；;。 (a comma between digits, as in 8,500, does not end it); 、 joins list
items and stays inside a clause. The 责任单位 bracket closing a task paragraph names its owners.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A piece of the plan's text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


_SENTENCE_END = re.compile(r"[。；;！？!?]")
_CLAUSE_END = re.compile(r"[。；;！？!?，：:]|,(?!\d{3}(?!\d))|(?<!\d),")


def paragraphs(text: str) -> list[Span]:
    """Non-blank lines."""
    spans, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append(Span(start, start + len(line), line))
        start += len(line) + 1
    return spans


def _cut(span: Span, pattern: re.Pattern[str]) -> list[Span]:
    pieces, begin = [], 0
    for match in pattern.finditer(span.text):
        if match.start() > begin:
            pieces.append((begin, match.start()))
        begin = match.end()
    if begin < len(span.text):
        pieces.append((begin, len(span.text)))
    result = []
    for start, end in pieces:
        piece = span.text[start:end]
        stripped = piece.strip()
        if stripped:
            offset = start + piece.index(stripped)
            result.append(Span(span.start + offset, span.start + offset + len(stripped), stripped))
    return result


def sentences(paragraph: Span) -> list[Span]:
    return _cut(paragraph, _SENTENCE_END)


def clauses(sentence: Span) -> list[Span]:
    return _cut(sentence, _CLAUSE_END)


_OWNER_BRACKET = re.compile(r"^(?:责任单位|牵头单位|责任部门)[:：]")
_OWNER_TAIL = re.compile(r"(?:等)?(?:按职责分工|按职责|分别)?负责$")
_OWNER_SPLIT = re.compile(r"[、,，;；]|牵头|配合|参与")
_OWNER_WORD = re.compile(r"(局|委|办|院|会|部|政府|海关|中心|银行|厅|队|所|室|区)$")


def _closing_bracket(text: str) -> tuple[int, str] | None:
    """The bracket that closes ``text`` (nested brackets allowed): its start and content."""
    stripped = text.rstrip("。 \t")
    if not stripped or stripped[-1] not in ")）":
        return None
    depth = 0
    for index in range(len(stripped) - 1, -1, -1):
        char = stripped[index]
        if char in ")）":
            depth += 1
        elif char in "(（":
            depth -= 1
            if depth == 0:
                return index, stripped[index + 1 : -1]
    return None


def owners(paragraph: str) -> list[str]:
    """The units named by a closing (责任单位:…) or (…按职责分工负责) bracket; [] without one."""
    found = _closing_bracket(paragraph)
    if found is None:
        return []
    content = found[1].strip()
    is_owner_list = _OWNER_BRACKET.match(content) or _OWNER_TAIL.search(content)
    if not is_owner_list:
        return []
    content = _OWNER_TAIL.sub("", _OWNER_BRACKET.sub("", content))
    names = []
    for part in _OWNER_SPLIT.split(content):
        name = part.strip().removesuffix("等")
        if name and _OWNER_WORD.search(re.sub(r"[(（][^)）]*[)）]$", "", name)):
            names.append(name)
    return list(dict.fromkeys(names))
