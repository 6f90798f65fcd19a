"""Counter-based random numbers: every draw is a pure function of (seed, index, salt, j).

There is no generator state. A number depends only on the global seed, the sample's global
index, a salt string naming the purpose of the draw ("program", "time", "crop-scale", ...) and
its position j in the row, so any sub-batch, any device and any order gives the same values.

The hash is splitmix64 (Steele, Lea & Flood's finaliser) done in torch int64 arithmetic:
multiplication and addition wrap modulo 2**64 (two's complement), and right shifts are
arithmetic on negative int64, so every shift is masked to behave as a logical shift.
"""
from __future__ import annotations

import zlib

import torch

from procvision.checks import check_int

_MASK64 = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15  # 2**64 / golden ratio: splitmix's stream increment
_MUL1 = 0xBF58476D1CE4E5B9
_MUL2 = 0x94D049BB133111EB
_TWO_POW_MINUS_53 = 1.0 / (1 << 53)

__all__ = ["uniform", "normal", "randint", "salt_hash", "hash_u64"]


def _signed(value: int) -> int:
    """Map an unsigned 64-bit Python int to the int64 with the same bits."""
    value &= _MASK64
    return value - (1 << 64) if value >= (1 << 63) else value


def _splitmix_scalar(value: int) -> int:
    """splitmix64 finaliser on a Python int (exact, unsigned 64-bit)."""
    z = (value + _GOLDEN) & _MASK64
    z = ((z ^ (z >> 30)) * _MUL1) & _MASK64
    z = ((z ^ (z >> 27)) * _MUL2) & _MASK64
    return z ^ (z >> 31)


def _logical_shift_right(z: torch.Tensor, shift: int) -> torch.Tensor:
    """Logical right shift of int64 bits (torch's >> is arithmetic on negatives)."""
    return (z >> shift) & ((1 << (64 - shift)) - 1)


def _splitmix_tensor(z: torch.Tensor) -> torch.Tensor:
    """splitmix64 finaliser on an int64 tensor; wrapping arithmetic emulates uint64."""
    z = z + _signed(_GOLDEN)
    z = (z ^ _logical_shift_right(z, 30)) * _signed(_MUL1)
    z = (z ^ _logical_shift_right(z, 27)) * _signed(_MUL2)
    return z ^ _logical_shift_right(z, 31)


def salt_hash(salt: str) -> int:
    """Stable 64-bit hash of a salt string (CRC32 of its UTF-8 bytes, mixed to 64 bits).

    Python's hash() is randomised per process, so it must not be used here.
    """
    if not isinstance(salt, str):
        raise TypeError(f"salt must be a str, got {type(salt).__name__}")
    data = salt.encode("utf-8")
    return _splitmix_scalar((zlib.crc32(data) << 32) | zlib.crc32(data[::-1]))


def _stream_key(seed: int, salt: str) -> int:
    """One 64-bit key per (seed, salt); seed may be any Python int (taken modulo 2**64)."""
    seed = check_int("seed", seed, error=TypeError)
    return _splitmix_scalar(_splitmix_scalar(seed & _MASK64) ^ salt_hash(salt))


def _check_index(index: torch.Tensor) -> torch.Tensor:
    if not isinstance(index, torch.Tensor):
        raise TypeError(f"index must be a torch.Tensor of int64, got {type(index).__name__}")
    if index.dim() != 1:
        raise ValueError(f"index must be 1-D (N,), got shape {tuple(index.shape)}")
    if index.dtype != torch.int64:
        raise TypeError(f"index must be int64, got {index.dtype}")
    return index


def hash_u64(seed: int, index: torch.Tensor, salt: str, n: int = 1) -> torch.Tensor:
    """Raw 64-bit hashes (as int64 bit patterns) of (seed, index, salt, j) for j < n.

    Args:
        seed: global seed (any Python int).
        index: int64 tensor (N,) of global sample indices (or steps), on any device.
        salt: names the purpose of the draw; different salts give independent numbers.
        n: numbers per index.

    Returns:
        int64 tensor (N, n) on index's device.
    """
    index = _check_index(index)
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    key = _signed(_stream_key(seed, salt))
    # Two rounds: the first decorrelates neighbouring indices, the second the row positions.
    per_index = _splitmix_tensor(_splitmix_tensor(index ^ key))
    column = torch.arange(n, dtype=torch.int64, device=index.device) * _signed(_GOLDEN)
    return _splitmix_tensor(per_index[:, None] + column[None, :])


def uniform(seed: int, index: torch.Tensor, salt: str, n: int = 1) -> torch.Tensor:
    """Uniform numbers in [0, 1) with 53 random bits.

    Args:
        seed: global seed.
        index: int64 tensor (N,) of global indices.
        salt: purpose of the draw (e.g. "time"); distinct salts are independent.
        n: numbers per index.

    Returns:
        float64 tensor (N, n) on index's device; row i depends only on (seed, index[i], salt).
    """
    bits = _logical_shift_right(hash_u64(seed, index, salt, n), 11)
    return bits.to(torch.float64) * _TWO_POW_MINUS_53


def normal(seed: int, index: torch.Tensor, salt: str, n: int = 1) -> torch.Tensor:
    """Standard normal numbers by Box-Muller.

    Returns:
        float64 tensor (N, n); uses 2n uniforms of the same (seed, index, salt).
    """
    u = uniform(seed, index, salt, 2 * n)
    radius = torch.sqrt(-2.0 * torch.log1p(-u[:, :n]))  # 1 - u in (0, 1]: log is finite
    return radius * torch.cos(2.0 * torch.pi * u[:, n:])


def randint(seed: int, index: torch.Tensor, salt: str, high: int, n: int = 1) -> torch.Tensor:
    """Integers uniform in [0, high) (floor of a 53-bit uniform; bias < high / 2**53).

    Returns:
        int64 tensor (N, n).
    """
    check_int("high", high, 1)
    if high > (1 << 52):
        raise ValueError(f"high must be <= 2**52 for unbiased floats, got {high}")
    u = uniform(seed, index, salt, n)
    return torch.clamp((u * high).floor().to(torch.int64), max=high - 1)
