"""A problem in a JSON submission is placed at the line and column its value starts at, with
its JSON path: ``line 12, column 17 ($.indicators.x.2025)`` (docs/errors.md, "The error line")."""

from __future__ import annotations

import pytest
from helpers import CASES

import ipscore
from ipscore.errors import InputError
from ipscore.io.json_reader import value_positions
from ipscore.io.source import Source

PLAN = "nanjing-2022-2025"

# A hand-typed submission: Chinese text before a value (columns count characters, not bytes), a
# key that needs quoting, a list, a negative count and a unit that does not convert.
TEXT = """{
  "region": "南京市", "plans": ["nanjing-2022-2025"],
  "as_of": "2025-12-31",
  "indicators": {
    "patent_grants": {"2024": 41000,
                      "2025": -5},
    "ip_financing_amount": {"value": 165, "unit": "件"},
    "patent_intensive_industry_gdp_share": {"2024年": 13.1}
  }
}
"""


def test_each_value_is_recorded_where_it_starts():
    positions = value_positions(TEXT)
    assert positions.where("$") == (1, 1)
    assert positions.where("$.region") == (2, 13)
    assert positions.where("$.plans") == (2, 29)  # after 南京市: characters, not UTF-8 bytes
    assert positions.where("$.plans[0]") == (2, 30)
    assert positions.where("$.indicators.patent_grants.2025") == (6, 31)
    assert positions.where('$.indicators.patent_intensive_industry_gdp_share["2024年"]') == (8, 54)
    # a path with no value of its own is shown at its nearest ancestor: a missing field's object
    assert positions.where("$.indicators.ip_financing_amount.unit") == (7, 51)
    assert positions.where("$.indicators.ip_financing_amount.base_year") == (7, 28)
    assert positions.place("$.indicators.ip_financing_amount.base_year") == (
        "line 7, column 28 ($.indicators.ip_financing_amount.base_year)"
    )


def test_escaped_keys_and_nested_lists_are_followed():
    positions = value_positions('[{"a\\u0062": [1, [2, {"c": 3}]]}, "x"]')
    assert positions.offsets == {
        "$": 0, "$[0]": 1, "$[0].ab": 13, "$[0].ab[0]": 14, "$[0].ab[1]": 17,
        "$[0].ab[1][0]": 18, "$[0].ab[1][1]": 21, "$[0].ab[1][1].c": 27, "$[1]": 34,
    }  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_two_problems_of_a_file_are_given_their_lines_and_columns(tmp_path, lang):
    path = tmp_path / "data.json"
    path.write_text(TEXT.replace('{"2024年": 13.1}', '{"2024": 13.1}'), "utf-8")
    with pytest.raises(InputError) as raised:
        ipscore.evaluate(PLAN, path)
    lines = raised.value.lines(lang)
    assert [line.split(": E")[0] for line in lines] == [
        f"{path}: line 6, column 31 ($.indicators.patent_grants.2025)",
        f"{path}: line 7, column 51 ($.indicators.ip_financing_amount.unit)",
    ]
    says = ("为负数", "无法换算") if lang == "zh" else ("negative", "does not convert")
    assert all(word in line for word, line in zip(says, lines, strict=True)), lines


def test_a_missing_field_points_at_its_object(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data.json").write_text(TEXT.replace('  "as_of": "2025-12-31",\n', ""), "utf-8")
    result = cli("check", "data.json", "--lang", "en")
    assert result.code == 2
    assert result.err.startswith("ipscore: data.json: line 1, column 1 ($.as_of): E110 ")


def test_a_submission_from_a_dict_keeps_its_json_paths():
    body = {"region": "南京市", "plans": [PLAN], "as_of": "2025-12-31",
            "indicators": {"patent_grants": {"2025": -5}}}  # fmt: skip
    with pytest.raises(InputError) as raised:
        ipscore.evaluate(PLAN, body)
    assert raised.value.path == "$.indicators.patent_grants.2025"


def test_the_whole_file_stays_the_whole_file():
    source = Source("a.json", positions=value_positions("{}"))
    assert source.place("$") == "$" and source.place(None) is None
    assert repr(source) == "Source(file='a.json', positions=True)"


def test_a_file_without_problems_is_never_scanned_for_positions():
    """The positions cost a pass over the text: only a file with a problem to place pays it."""
    clean = ipscore.read_submission(CASES / "nanjing-2024-midterm.json")
    assert ipscore.evaluate(PLAN, clean).warnings == []
    assert clean.source.positions is not None
    assert "offsets" not in vars(clean.source.positions)
    assert clean.source.place("$.region") == "line 2, column 13 ($.region)"
    assert "offsets" in vars(clean.source.positions)
