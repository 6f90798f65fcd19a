"""The code-generation context one synthesized program is built in: draws, names, iSeed parameters, cost.

A `Gen` holds a `random.Random` seeded from (synthesizer seed, program index) through
`procgen.seeding`, so structural choices and baked constants are a pure function of
(version, seed, index). Continuous per-image parameters are GLSL expressions over
`pv_seed(k)` (hash.glsl), each with its own k, so every parameter varies with iSeed.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Sequence, TypeVar

import torch

from procgen import seeding

T = TypeVar("T")

# Salt offsets: palette helpers derive their own pv_seed indices from a salt (pv_seedpal uses
# 3*salt+2000.., pv_duotone salt..salt+5), so plain parameters start low and palette salts high.
_FIRST_PARAM = 1
_FIRST_PALETTE_SALT = 400


# What each synthesizer version changes from version 1; blocks branch on these (`Gen.has`), so a
# version is a set of changes, not everything before it (version 3 is version 1's generator).
VERSION_FEATURES = {1: frozenset(), 2: frozenset({"frame", "noise-shading"}), 3: frozenset({"neutral-blends"})}


def program_rng(version: int, seed: int, index: int) -> random.Random:
    """The structural RNG of program `index` of synthesizer `version` with `seed`.

    The 64-bit key comes from `procgen.seeding.hash_u64` (counter-based, salt names the
    version), so program n never depends on programs 0..n-1 having been generated.
    """
    key = seeding.hash_u64(seed, torch.tensor([index], dtype=torch.int64), f"synth/v{version}/program")
    return random.Random(int(key.item()) & ((1 << 64) - 1))


def fmt(value: float) -> str:
    """A GLSL float literal with 4 significant decimals (always has a dot)."""
    text = f"{value:.4f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def vec(values: Sequence[float]) -> str:
    """A GLSL vecN literal."""
    return f"vec{len(values)}({', '.join(fmt(v) for v in values)})"


@dataclass
class Gen:
    """Everything one program's generation accumulates.

    Attributes:
        rng: structural draws (which blocks, baked constants).
        version: the synthesizer version being generated (blocks that changed branch on it).
        functions: GLSL function definitions, in dependency order.
        cost: rough per-pixel cost in value-noise evaluations (the budget keeps programs cheap).
        time_uses: how many places read iTime (the program must move).
        params: count of continuous iSeed parameters drawn so far.
    """

    rng: random.Random
    version: int = 1
    functions: list[str] = field(default_factory=list)
    cost: float = 0.0
    time_uses: int = 0
    params: int = 0
    _next_param: int = _FIRST_PARAM
    _next_salt: int = _FIRST_PALETTE_SALT
    _names: dict[str, int] = field(default_factory=dict)

    def has(self, feature: str) -> bool:
        """Whether this program's version makes `feature`'s change (`VERSION_FEATURES`)."""
        return feature in VERSION_FEATURES[self.version]

    # ---------------------------------------------------------------- structural draws
    def const(self, low: float, high: float) -> float:
        """A baked constant, uniform in [low, high)."""
        return self.rng.uniform(low, high)

    def integer(self, low: int, high: int) -> int:
        """A baked integer in [low, high] inclusive."""
        return self.rng.randint(low, high)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, options: Sequence[T]) -> T:
        return self.rng.choice(list(options))

    def weighted(self, options: Sequence[tuple[T, float]]) -> T:
        """One option drawn with the given weights."""
        items, weights = zip(*options)
        return self.rng.choices(items, weights=weights, k=1)[0]

    def sign(self) -> float:
        return 1.0 if self.rng.random() < 0.5 else -1.0

    # ---------------------------------------------------------------- per-image (iSeed) parameters
    def sparam(self, low: float, high: float) -> str:
        """A continuous iSeed parameter: a GLSL expression uniform in [low, high) per image.

        The range itself is jittered by the structural RNG, so two programs with the same
        blocks still differ in their parameter ranges."""
        k = self._next_param
        self._next_param += 1
        self.params += 1
        span = high - low
        lo = low + self.rng.uniform(0.0, 0.25) * span
        hi = high - self.rng.uniform(0.0, 0.25) * span
        return f"mix({fmt(lo)}, {fmt(hi)}, pv_seed({k}))"

    def sparam2(self, low: float, high: float) -> str:
        """Two independent iSeed parameters as a vec2 expression."""
        return f"vec2({self.sparam(low, high)}, {self.sparam(low, high)})"

    def salt(self) -> int:
        """A fresh palette salt (palette helpers draw their coefficients from it and iSeed)."""
        salt = self._next_salt
        self._next_salt += 10
        self.params += 1
        return salt

    def time(self, low: float, high: float) -> str:
        """`iTime` times a baked speed of random sign and magnitude in [low, high)."""
        self.time_uses += 1
        return f"(iTime * {fmt(self.sign() * self.const(low, high))})"

    # ---------------------------------------------------------------- code
    def name(self, prefix: str) -> str:
        """A fresh GLSL identifier `prefix<N>` (N counts per prefix)."""
        count = self._names.get(prefix, 0)
        self._names[prefix] = count + 1
        return f"{prefix}{count}"

    def count(self, prefix: str) -> int:
        """How many identifiers with `prefix` were made so far."""
        return self._names.get(prefix, 0)

    def define(self, prefix: str, signature: str, body: str) -> str:
        """Add a function `signature.format(name=...)` with `body`; returns its name."""
        name = self.name(prefix)
        self.functions.append(f"{signature.format(name=name)} {{\n{body.rstrip()}\n}}")
        return name

    def fits(self, extra: float, budget: float) -> bool:
        """Whether `extra` more cost keeps the program within `budget`."""
        return self.cost + extra <= budget
