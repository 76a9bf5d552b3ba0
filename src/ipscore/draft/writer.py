"""Writing the draft pack as YAML: plan, the pack's own indicators (stubs), targets."""

from __future__ import annotations

from typing import Any

import yaml

HEADER = """\
# Draft rule pack written by `ipscore draft` from {source}.
# Every target quotes the plan's words. Notes marked TODO: are guesses: confirm or correct each,
# delete the TODO, and run `ipscore lint` until it reports no problems.
"""


def pack_yaml(pack: dict[str, Any], source: str) -> str:
    body: str = yaml.safe_dump(pack, allow_unicode=True, sort_keys=False, width=100)
    return HEADER.format(source=source) + body
