"""The command line's fixed choices and exit codes, in a module without pydantic.

``cli.py`` builds its parser from these, so ``ipscore -h`` and ``ipscore --version`` import no
pydantic and build no models (docs/performance.md, "Cold start"). The models use them too:
:class:`ScoreModel` is a report's ``model``, :data:`Method` a target's ``projection``.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Literal


class ExitCode(IntEnum):
    """What the ``ipscore`` command's exit status means (docs/errors.md)."""

    OK = 0  # no gaps, or the score reaches --fail-under
    GAPS = 1  # the report lists gaps
    INPUT = 2  # bad input or usage: nothing was evaluated
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it)

    @property
    def meaning(self) -> str:
        return _EXIT_MEANING[self]


_EXIT_MEANING = {
    ExitCode.OK: "no gaps (or the score reaches --fail-under)",
    ExitCode.GAPS: "the check ran and there are gaps",
    ExitCode.INPUT: "bad input, a usage error or an internal error: see the lines on stderr",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
}


class ScoreModel(StrEnum):
    """How the score is computed from the targets' outcomes (docs/scoring.md)."""

    weighted = "weighted"
    flat = "flat"
    absolute = "absolute"


Method = Literal["cagr", "linear"]  # how a series is projected to its deadline
