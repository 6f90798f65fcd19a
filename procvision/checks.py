"""Argument checks shared by every package: an int that is not a bool, within bounds."""
from __future__ import annotations

import numpy as np

__all__ = ["is_int", "check_int"]


def is_int(value: object) -> bool:
    """True for a Python or numpy integer; False for a bool (an int subclass, never meant as a count)."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def check_int(name: str, value: object, low: int | None = None, high: int | None = None,
              error: type[Exception] = ValueError) -> int:
    """``value`` as an int, after checking it is an int (not a bool) in [low, high].

    Args:
        name: the argument's name, for the message. low, high: inclusive bounds (None: open).
        error: the exception raised when ``value`` is not an int (ValueError by default; a
            value out of bounds always raises ValueError).

    Raises:
        error: not an int (or a bool). ValueError: outside [low, high].
    """
    if not is_int(value):
        raise error(f"{name} must be an int, got {value!r}")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        if high is None:
            bound = f">= {low}"
        elif low is None:
            bound = f"<= {high}"
        else:
            bound = f"in [{low}, {high}]"
        raise ValueError(f"{name} must be {bound}, got {value}")
    return value
