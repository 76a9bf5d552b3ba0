"""Exact decimals for generated data: written with at most 15 significant digits, so a JSON
float is exactly the decimal it was built as."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from ipscore.units import all_units, conversion_factor

MAX_DIGITS = 15  # significant digits a JSON number keeps exactly through a float


def as_decimal(value: float) -> Decimal:
    """The decimal a float was written as (``0.1`` → ``Decimal('0.1')``)."""
    return Decimal(repr(float(value)))


def unit_factor(source: str, target: str) -> Decimal | None:
    """Exact factor turning a value in ``source`` into ``target`` (None: they do not convert)."""
    factor = conversion_factor(source, target)
    return None if factor is None else as_decimal(factor)


def unit_family(unit: str) -> list[str]:
    """Every unit a value of ``unit`` may be written in, the unit itself first."""
    return [unit] + [u for u in all_units() if u != unit and conversion_factor(u, unit)]


def trimmed(value: Decimal) -> Decimal:
    """At most MAX_DIGITS significant digits, so the JSON float is exactly this decimal."""
    if value.is_zero():
        return Decimal(0)
    if len(value.as_tuple().digits) > MAX_DIGITS:
        value = value.quantize(Decimal(1).scaleb(value.adjusted() - MAX_DIGITS + 1))
    return value.normalize()


def rounded(value: Decimal, digits: int) -> Decimal:
    """``value`` to ``digits`` significant digits."""
    if value.is_zero():
        return Decimal(0)
    return value.quantize(Decimal(1).scaleb(value.adjusted() - digits + 1)).normalize()


def json_number(value: Decimal) -> int | float:
    value = trimmed(value)
    if value == value.to_integral_value() and abs(value) < 10**15:
        return int(value)
    return float(value)


def draw_percent(draw: st.DrawFn, low: int, high: int) -> Decimal:
    """A decimal in [low/100, high/100], in steps of 0.01."""
    return Decimal(draw(st.integers(low, high))) / 100


def draw_magnitude(draw: st.DrawFn, low: int = 0, high: int = 5) -> Decimal:
    """A realistic positive number: three significant digits times a power of ten."""
    return Decimal(draw(st.integers(100, 999))).scaleb(draw(st.integers(low, high)) - 2)
