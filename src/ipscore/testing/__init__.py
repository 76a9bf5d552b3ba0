"""Hypothesis strategies for property-based tests of ipscore and of your own data.

- :func:`submissions`: valid submissions (JSON-ready dicts) for a plan, with values of realistic
  size around its thresholds; some indicators pinned, as yearly series or single numbers,
  exactly at / just around thresholds, or with every target met;
- :func:`invalid_submissions`: inputs the loader rejects, each with the code it must report;
- :func:`plans`: small random rule packs built from the indicator catalogue;
- :func:`evaluate_input`: run a dict or raw JSON bytes through the loader and the evaluation.

Numbers are built as exact decimals and written with at most 15 significant digits, so a value
"at the threshold" is exactly the threshold as written, in whichever unit the submission uses.
This package needs ``hypothesis`` (``pip install "ipscore[test]"``); ``import ipscore`` alone never
imports it. docs/testing.md shows how to use it.

The strategies live in private modules by family (``_valid``, ``_invalid``, ``_plans``, with the
exact-decimal helpers in ``_numbers``); only the names below are public.
"""

from __future__ import annotations

from ipscore.testing._invalid import Invalid, evaluate_input, invalid_submissions
from ipscore.testing._plans import plans
from ipscore.testing._valid import submissions

__all__ = ["Invalid", "evaluate_input", "invalid_submissions", "plans", "submissions"]
