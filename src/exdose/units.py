"""Unit conversions shared by every layer (no dependencies, so any module may import it)."""

from typing import Final

LB_TO_KG: Final[float] = 0.45359237
"""Kilograms in one international avoirdupois pound (exact by definition since 1959)."""
