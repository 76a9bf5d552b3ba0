"""ipscore.numbers_zh: numbers as Chinese plans write them, read exactly (lint and draft use it).

The round-trip tests write numbers with an oracle of their own (standard Chinese numerals, below)
and read them back.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipscore.numbers_zh import WrittenNumber, numbers_in, read_number, split_scale


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # digits: ASCII, full-width, groups of three, decimals
        ("50", "50"),
        ("８５", "85"),
        ("１２．５", "12.5"),
        ("8,500", "8500"),
        ("８,５００", "8500"),
        ("10.66", "10.66"),
        # 万 and 亿 after digits, with or without a space
        ("88万", "880000"),
        ("14 万", "140000"),
        ("1.5亿", "150000000"),
        ("１.２万", "12000"),
        # numerals: single digits, 两, 十 at the start, 百/千 forms, 零 for an empty place
        ("七", "7"),
        ("两", "2"),
        ("十", "10"),
        ("十二", "12"),
        ("二十", "20"),
        ("二十五", "25"),
        ("一百零五", "105"),
        ("一百一十二", "112"),
        ("两百", "200"),
        ("三千二", "3200"),  # a last digit right after a unit is one place lower
        ("一千零五十", "1050"),
        # 万 and 亿 inside numerals
        ("三万五千", "35000"),
        ("三万五", "35000"),
        ("一万零五百", "10500"),
        ("十四万", "140000"),
        ("一百万", "1000000"),
        ("两千万", "20000000"),
        ("一亿二千万", "120000000"),
        ("三亿五千万", "350000000"),
        ("一亿零五百万", "105000000"),
        ("一万亿", "1000000000000"),
        # decimals in words, 〇 read by place
        ("一点五", "1.5"),
        ("三点零五", "3.05"),
        ("零点五", "0.5"),
        ("一点五万", "15000"),
        ("二〇二五", "2025"),
        # percentages in words
        ("百分之十五", "15"),
        ("百分之十五点五", "15.5"),
        ("百分之8.6", "8.6"),
    ],
)
def test_a_written_number_is_read_exactly(text, value):
    read = read_number(text)
    assert read == Decimal(value)
    assert isinstance(read, Decimal)


@pytest.mark.parametrize(
    "text",
    [
        "十四五",  # the 14th five-year plan, not 15
        "三五",  # "three or five": a rough number
        "两三",
        "一零",
        "万",
        "百",
        "批",
        "1,2",
        "一千五千",  # units must fall
        "一万零五千",  # 零 says a place is empty
        "一百十",  # 十 alone only at the start
        "一万万",
        "",
    ],
)
def test_what_is_not_one_number_is_not_read(text):
    assert read_number(text) is None


@pytest.mark.parametrize(
    ("text", "value", "scale"),
    [
        ("88万", "88", "万"),
        ("1.5亿", "1.5", "亿"),
        ("十四万", "14", "万"),
        ("三亿五千万", "35000", "万"),
        ("一点五万", "1.5", "万"),
        ("12", "12", ""),
        ("三万五千", "35000", ""),
    ],
)
def test_the_last_scale_word_can_be_split_off(text, value, scale):
    assert split_scale(text) == (Decimal(value), scale)


def test_reading_does_not_depend_on_the_decimal_context():
    with decimal.localcontext(decimal.Context(prec=2, rounding=decimal.ROUND_DOWN)):
        assert read_number("1.23456万") == Decimal("12345.6")
        assert read_number("123456789.123亿") == Decimal("12345678912300000")
        assert split_scale("123456789亿") == (Decimal("123456789"), "亿")


def test_numbers_in_a_clause_with_their_places():
    text = "到2025年，“十四五”期间商标达14万件，专利8,500件以上，占比百分之十五，三五家，培育七家"
    found = numbers_in(text)
    assert [(text[n.start : n.end], n.value, n.scale, n.percent) for n in found] == [
        ("2025", Decimal(2025), "", False),
        ("14万", Decimal(140000), "万", False),
        ("8,500", Decimal(8500), "", False),
        ("百分之十五", Decimal(15), "", True),
        ("七", Decimal(7), "", False),
    ]
    assert all(isinstance(n, WrittenNumber) for n in found)


def test_a_number_inside_another_is_not_read():
    assert [n.value for n in numbers_in("3900项")] == [Decimal(3900)]
    assert [n.value for n in numbers_in("版本2.05")] == [Decimal("2.05")]
    assert numbers_in("一二三四五六七八九" * 10) == []  # too long to be one number


# --- round trips with an oracle of the test's own ----------------------------------------------

_DIGITS = "零一二三四五六七八九"


def _section(number: int) -> str:
    """1 … 9999 in standard numerals, 零 for each run of empty places before a digit."""
    text, gap = "", False
    for size, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // size % 10
        if digit:
            text += ("零" if gap and text else "") + _DIGITS[digit] + unit
            gap = False
        else:
            gap = True
    return text


def _numerals(number: int) -> str:
    if number == 0:
        return "零"
    for size, word in ((10**8, "亿"), (10**4, "万")):
        if number >= size:
            high, low = divmod(number, size)
            if not low:
                return _numerals(high) + word
            return _numerals(high) + word + ("零" if low < size // 10 else "") + _numerals(low)
    return _section(number)


@given(st.integers(min_value=0, max_value=10**12))
def test_every_integer_in_numerals_reads_back(number):
    assert read_number(_numerals(number)) == number


@given(
    st.decimals(min_value=0, max_value=10**9, places=6, allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "万", "亿"]),
    st.booleans(),
)
def test_every_decimal_in_digits_reads_back_exactly(value, scale, full_width):
    text = f"{value:f}"
    if full_width:
        text = text.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    with decimal.localcontext(decimal.Context(prec=100)):
        expected = value * 10 ** {"": 0, "万": 4, "亿": 8}[scale]
    assert read_number(text + scale) == expected
    assert [n.value for n in numbers_in(f"达到{text}{scale}件")] == [expected]
