"""Units the catalogue may use, and conversion between known multiples of one unit."""

from __future__ import annotations

import decimal
import functools
import math
from collections.abc import Callable
from decimal import Decimal
from typing import ParamSpec, TypeVar

# The decimal arithmetic of measures runs in this context, whatever the caller's thread has set
# (a host's prec=3 once moved a growth from 28.92 to 29.0). These are Python's own defaults.
DECIMAL_CONTEXT = decimal.Context(
    prec=28,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


def underflowed(text: str, number: float) -> bool:
    """Whether number text with a digit other than 0 before its exponent was read as 0.

    ``float("1e-400")`` is 0.0: a value that would silently become 0 is refused wherever
    numbers are read (submissions, sheets, packs).
    """
    return number == 0 and any(digit in "123456789" for digit in text.lower().partition("e")[0])


_P = ParamSpec("_P")
_R = TypeVar("_R")


def in_decimal_context(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``function`` with :data:`DECIMAL_CONTEXT` (a thread-local copy; the caller's is kept)."""

    @functools.wraps(function)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with decimal.localcontext(DECIMAL_CONTEXT):
            return function(*args, **kwargs)

    return wrapper


# Each family maps unit → size in the family's base unit. Units in one family convert.
_FAMILIES: dict[str, dict[str, float]] = {
    "money": {"元": 1.0, "万元": 1e4, "百万元": 1e6, "亿元": 1e8},
    "count": {"件": 1.0, "万件": 1e4},
    "people": {"人": 1.0, "万人": 1e4},
    "person_times": {"人次": 1.0, "万人次": 1e4},
    "organisations": {"家": 1.0},
    "items": {"个": 1.0},
    "cases": {"笔": 1.0},
    "batches": {"批": 1.0},
    "share": {"%": 1.0},
    "days": {"天": 1.0},
    "working_days": {"工作日": 1.0},
    "months": {"个月": 1.0},
    "per_10k": {"件/万人": 1.0},
    "per_10k_entities": {"件/万户": 1.0},
    "enterprises_per_10k": {"家/万户": 1.0},
    "per_rd": {"件/百万元": 100.0, "件/亿元": 1.0},
    "times": {"倍": 1.0},
    "index": {"分": 1.0},
}

_FAMILY_OF = {unit: family for family, units in _FAMILIES.items() for unit in units}

# Every pair of units that convert: the factor, and the factor as the decimal it is written as.
_FACTORS = {
    (one, other): sizes[one] / sizes[other]
    for sizes in _FAMILIES.values()
    for one in sizes
    for other in sizes
}
_EXACT_FACTORS = {pair: Decimal(repr(factor)) for pair, factor in _FACTORS.items()}


def known_unit(unit: str) -> bool:
    return unit in _FAMILY_OF


def conversion_factor(from_unit: str, to_unit: str) -> float | None:
    """Factor turning a value in ``from_unit`` into ``to_unit``; None if they do not convert."""
    return 1.0 if from_unit == to_unit else _FACTORS.get((from_unit, to_unit))


def exact_factor(from_unit: str, to_unit: str) -> Decimal | None:
    """The factor turning ``from_unit`` into ``to_unit`` as the decimal it is written as; None
    when converting leaves the number as it is (the same unit, or units that do not convert)."""
    factor = _EXACT_FACTORS.get((from_unit, to_unit))
    return None if factor is None or factor == 1 else factor


def family_units(unit: str) -> list[str]:
    """Every unit that converts to and from ``unit`` (itself included); [] for an unknown unit."""
    family = _FAMILY_OF.get(unit)
    return [] if family is None else list(_FAMILIES[family])


def units_starting(prefix: str, unit: str) -> list[str]:
    """The units of ``unit``'s family that begin with ``prefix`` (万 → 万件 for 件)."""
    return [known for known in family_units(unit) if known.startswith(prefix) and known != prefix]


def all_units() -> list[str]:
    return sorted(_FAMILY_OF)


Number = float | Decimal


def exact(value: Number) -> Decimal:
    """A number as the decimal it was written as (a float's shortest repr; a Decimal as is)."""
    return value if isinstance(value, Decimal) else Decimal(repr(value))


def float_range(low: Decimal, high: Decimal, closed: bool = True) -> tuple[float, float]:
    """The smallest and the largest float whose decimal (:func:`exact`) lies between ``low`` and
    ``high``, both included when ``closed`` (both excluded otherwise): a float's decimal lies
    there exactly when the float lies between the two returned, both included. So a test of
    given values against exact bounds is made on the floats, once the bounds' floats are
    worked out (once per plan). It holds because :func:`exact` is increasing on the floats: a
    float's shortest repr rounds back to it, so it lies between the neighbouring floats' (the
    floats that pass are consecutive; the nearest float to a bound is at most a step off)."""
    first = _first_float(low, strictly=not closed)
    last = -_first_float(high.copy_negate(), strictly=not closed)  # exact(-x) is -exact(x)
    return first, last


def _first_float(bound: Decimal, strictly: bool) -> float:
    """The smallest float whose decimal is at least ``bound`` (above it when ``strictly``)."""

    def passes(number: float) -> bool:
        return exact(number) > bound if strictly else exact(number) >= bound

    number = float(bound)
    while passes(below := math.nextafter(number, -math.inf)):
        number = below
    while not passes(number):
        number = math.nextafter(number, math.inf)
    return number


def scale(value: Number, factor: float) -> Decimal:
    """``value × factor`` in decimal, so 0.0321 万人 is exactly 321 人 (not 320.99999999999994).

    Unit factors are powers of ten; binary floating point would move values off the boundaries
    the plans are written at.
    """
    return exact(value) if factor == 1.0 else exact(value) * exact(factor)


def convert(value: Number, from_unit: str, to_unit: str) -> Decimal | None:
    """``value`` in ``from_unit`` expressed in ``to_unit``; None when the units do not convert."""
    factor = conversion_factor(from_unit, to_unit)
    if factor is None:
        return None
    # scale(value, factor), with the factor's decimal looked up
    return exact(value) if factor == 1.0 else exact(value) * _EXACT_FACTORS[from_unit, to_unit]


def ratio(numerator: Number, denominator: Number, factor: float = 1.0) -> Decimal:
    """``numerator / denominator × factor`` in decimal: how derived indicators are formed.

    The result is kept exact (to 28 significant digits) and rounded to a float only once a
    measure is complete: 296400 / 1208400 and 190000 / 1007000 per 10k grow by exactly 30 %.
    """
    return exact(numerator) / exact(denominator) * exact(factor)
