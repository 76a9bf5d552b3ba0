"""The languages reports are written in: one definition for the evaluator and the renderers."""

from __future__ import annotations

from typing import Literal, get_args

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)  # in the order of Lang: the default first


def say(lang: Lang, en: str, zh: str) -> str:
    """The text in ``lang``: for the CLI's own one-off lines (usage, a file renamed)."""
    return zh if lang == "zh" else en
