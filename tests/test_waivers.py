"""Waivers: out of the score, score shown with and without, expiry and unknown ids."""

from __future__ import annotations

import json

import pytest
from helpers import CASES

import ipscore

PARTIAL = CASES / "nanjing-2025-partial.json"


def _waiver_file(tmp_path, waivers, suffix=".yaml"):
    path = tmp_path / f"waivers{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps({"waivers": waivers}, ensure_ascii=False), "utf-8")
    else:
        lines = ["waivers:"]
        for waiver in waivers:
            lines.append(f"  - target: {waiver['target']}")
            lines.append(f"    justification: {waiver['justification']}")
            if "expires" in waiver:
                lines.append(f"    expires: {waiver['expires']}")
        path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_waived_target_is_out_of_the_score(cli, tmp_path, suffix):
    base = ipscore.evaluate("nanjing-2022-2025", PARTIAL)
    gap = base.gaps[0]
    path = _waiver_file(
        tmp_path, [{"target": gap.id, "justification": "统计口径调整, 经领导小组同意暂缓"}], suffix
    )
    data = json.loads(cli("check", PARTIAL, "--format", "json", "--waivers", path).out)
    waived = next(t for t in data["targets"] if t["id"] == gap.id)
    assert waived["status"] == "waived"
    assert waived["waiver"]["justification"].startswith("统计口径调整")
    assert gap.id not in [g["id"] for g in data["gaps"]]
    assert data["score_without_waivers"] == base.score
    assert data["score"] > base.score
    others = [t for t in base.targets if t.id != gap.id]
    expected = round(
        100 * sum(t.weight * t.attainment for t in others) / sum(t.weight for t in others), 2
    )
    assert data["score"] == pytest.approx(expected)


def test_expired_waiver_does_nothing_and_says_so(cli, tmp_path):
    base = ipscore.evaluate("nanjing-2022-2025", PARTIAL)
    gap = base.gaps[0]
    path = _waiver_file(
        tmp_path, [{"target": gap.id, "justification": "已过期的豁免", "expires": "2025-06-30"}]
    )
    data = json.loads(cli("check", PARTIAL, "--format", "json", "--waivers", path).out)
    assert data["score"] == base.score
    assert data["score_without_waivers"] is None
    assert any(w["code"] == "W203" and gap.id in w["message"] for w in data["warnings"])
    assert next(t for t in data["targets"] if t["id"] == gap.id)["status"] != "waived"


def test_unknown_target_id_is_rejected(cli, tmp_path):
    path = _waiver_file(tmp_path, [{"target": "nj-no-such-target", "justification": "任意理由"}])
    result = cli("check", PARTIAL, "--waivers", path)
    assert result.code == 2
    assert "E141" in result.err and "nj-no-such-target" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_waiver_needs_a_justification(cli, tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text("waivers:\n  - target: nj-white-paper\n", "utf-8")
    result = cli("check", PARTIAL, "--waivers", path)
    assert result.code == 2
    assert "E140" in result.err and "justification" in result.err
