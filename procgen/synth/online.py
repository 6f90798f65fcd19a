"""The online synthesizer library `synth:SEED:N[:vV]`: programs generated on the fly, probed at first use.

Program id k in [0, N) is candidate k of the synthesizer (version V, default 1; `SEED`).
Nothing is read from disk but the shared includes. Before a candidate is used it is probed
once per process: compiled and rendered (float output) for `procgen.check`'s four fixed
(iSeed, iTime) inputs at `PROBE_RESOLUTION` px on Mesa llvmpipe, and judged with the check's
rules (`procgen.check.analyse_images`: mostly NaN, a constant colour, no change with iSeed or
iTime). There is no time budget: a verdict must not depend on the machine's load.

Replacement rule: id k uses the first candidate of k, k + N, k + 2N, ... (at most `MAX_TRIES`)
that passes; a failing one is logged and never drawn. A verdict depends only on the program
text, so the program behind id k, and with it dataset element `index`, is a function of (spec,
synthesizer version, seed, index), never of the batch or of which programs were used first.
Verdicts are always taken on llvmpipe (the CPU context), so a GPU run maps ids exactly as a
CPU run does; on CPU the probe's compiled program is the one the renderer then draws with
(the compile cache is keyed by source).
"""
from __future__ import annotations

import functools
import logging
import os
import re
from collections import OrderedDict
from pathlib import Path
from typing import Iterator

import numpy as np
import torch

from procgen.errors import ProcgenError
from procgen.library import Shader, default_shader_dir, expand_includes, parse_header
from procgen.synth.program import SynthVersionError, check_version, program_name, synthesize
from procvision.checks import check_int

logger = logging.getLogger(__name__)

SPEC_PREFIX = "synth:"
LEGACY_SPEC_VERSION = 1  # the version of a spec that names none
PROBE_RESOLUTION = 32
MAX_TRIES = 8  # candidates per id; all failing (~1e-16 at the measured 0.25% failure rate) is an error
SHADER_CACHE = 1024  # Shader objects kept per library (regenerated when evicted: ~5 ms each)
_NAME = re.compile(r"^synth-v(\d+)-s(-?\d+)-(\d+)$")


class SynthExhaustedError(ProcgenError, RuntimeError):
    """Every candidate of one id failed the probe."""


def split_synth_item(item: str) -> tuple[str, str | None]:
    """'synth:SEED:N[:vV][:W]' -> ('synth:SEED:N[:vV]', 'W' or None); ValueError on extra fields.

    The name's own colons are not a weight: a fourth field starting with 'v' is the version."""
    fields = item.split(":")
    named = 4 if len(fields) > 3 and fields[3].startswith("v") else 3
    if len(fields) > named + 1:
        raise ValueError(f"expected synth:SEED:N[:vVERSION] with an optional :WEIGHT after it, got {item!r}")
    return ":".join(fields[:named]), (fields[named] if len(fields) == named + 1 else None)


def parse_synth_spec(spec: str) -> tuple[int, int, int]:
    """'synth:SEED:N' or 'synth:SEED:N:vV' -> (seed, n, version); ValueError naming the spec when malformed.

    Without `:vV` the version is 1, for good: recorded experiments name `synth:2026:10000`, and
    a newer synthesizer must not silently change what they trained on.
    """
    parts = spec.split(":")
    try:
        if len(parts) not in (3, 4) or parts[0] != "synth" or (len(parts) == 4 and not parts[3].startswith("v")):
            raise ValueError
        seed, n = int(parts[1]), int(parts[2])
        version = int(parts[3][1:]) if len(parts) == 4 else LEGACY_SPEC_VERSION
    except ValueError:
        raise ValueError(f"library {spec!r}: expected synth:SEED:N or synth:SEED:N:vVERSION with integers "
                         "(a weight goes after it: synth:SEED:N:W or synth:SEED:N:vVERSION:W)") from None
    if n < 1:
        raise ValueError(f"library {spec!r}: N must be >= 1, got {n}")
    try:
        check_version(version)
    except SynthVersionError as error:
        raise ValueError(f"library {spec!r}: {error}") from None
    return seed, n, version


def _probe_verdict(shader: Shader) -> str | None:
    """Compile and render `shader` on llvmpipe for the check's inputs; the failure reason or None."""
    from procgen.check import SEEDS, TIMES, analyse_images

    renderer = _probe_renderer()
    candidate = int(shader.metadata["candidate"])
    renderer.library.shaders[candidate] = shader  # probe id = candidate: the renderer keys its state by id
    held = _bound_contexts()  # a probe may run inside a renderer's GL block (a first use while drawing)
    framebuffers = [ctx.fbo for ctx in held]
    try:
        renderer.compile(candidate, raw=True)
        images = renderer.render_raw([candidate] * len(SEEDS), torch.from_numpy(SEEDS), torch.from_numpy(TIMES),
                                     PROBE_RESOLUTION)
    except ProcgenError as err:
        return f"does not compile or draw: {err}"
    finally:
        del renderer.library.shaders[candidate]
        # another library's candidate with this index is another program: never draw this one for it
        renderer.forget(candidate)
        for ctx, fbo in zip(held, framebuffers):
            # glcontext's exit unbinds outright (no stack of contexts): bind the caller's context
            # again, with the framebuffer its pass was drawing into
            ctx.__enter__()
            if fbo is not None:
                fbo.use()
    return analyse_images(images.numpy().astype(np.float32), PROBE_RESOLUTION)


def _bound_contexts() -> list:
    """GL contexts of this process that the calling thread holds bound (owns their lock)."""
    from procgen.gl import context as gl_context

    # RLock._is_owned: the renderer holds a context's lock exactly while the context is bound
    return [ctx for (pid, _), ctx in list(gl_context._CONTEXTS.items())
            if pid == os.getpid() and gl_context.context_lock(ctx)._is_owned()]


class _ProbeSlot:
    """The probe renderer's library: id = candidate index, holding only the program being probed."""

    def __init__(self) -> None:
        self.shaders: dict[int, Shader] = {}

    def __len__(self) -> int:
        return 1 << 62

    def __getitem__(self, index: int) -> Shader:
        return self.shaders[int(index)]


@functools.lru_cache(maxsize=4)
def _probe_renderer_for(pid: int):
    from procgen.renderer import BatchRenderer  # deferred: no GL work at import time

    return BatchRenderer(_ProbeSlot(), device="cpu")


def _probe_renderer():
    return _probe_renderer_for(os.getpid())


def spec_of(seed: int, n: int, version: int) -> str:
    """The spec naming (seed, n, version): the inverse of `parse_synth_spec`."""
    suffix = "" if version == LEGACY_SPEC_VERSION else f":v{version}"
    return f"{SPEC_PREFIX}{seed}:{n}{suffix}"


class SynthLibrary:
    """N synthesized programs made on the fly; offers what the renderer and datasets use of a library.

    Attributes:
        seed, n, version: the synthesizer seed, the number of ids, the synthesizer version.
        spec: "synth:SEED:N" (version 1) or "synth:SEED:N:vV".
        rejected: candidate index -> reason, for every candidate this process discarded.
    """

    def __init__(self, seed: int, n: int, version: int = LEGACY_SPEC_VERSION,
                 include_dir: Path | None = None) -> None:
        check_version(version)
        check_int("synth library size", n, low=1)
        self.seed, self.n, self.version = int(seed), int(n), version
        self.spec = spec_of(self.seed, self.n, version)
        self.include_dir = Path(include_dir) if include_dir is not None else default_shader_dir() / "include"
        self.generator = {"name": "synth", "version": version, "seed": self.seed, "online": True}
        self.rejected: dict[int, str] = {}
        self._verdicts: dict[int, str | None] = {}
        self._chosen: dict[int, int] = {}  # id -> candidate that passed
        self._shaders: OrderedDict[int, Shader] = OrderedDict()

    @classmethod
    def from_spec(cls, spec: str) -> "SynthLibrary":
        return cls(*parse_synth_spec(spec))

    def __len__(self) -> int:
        return self.n

    @property
    def names(self) -> list[str]:
        """The name of each id's first candidate (a replaced id draws a later one)."""
        return [program_name(self.version, self.seed, k) for k in range(self.n)]

    @functools.cached_property
    def families(self) -> list[str]:
        """Family of each id's first candidate (generates every program once: ~4 ms each)."""
        return [synthesize(self.version, self.seed, k).family for k in range(self.n)]

    def index_of(self, name: str) -> int:
        match = _NAME.match(name)
        if match and int(match[1]) == self.version and int(match[2]) == self.seed and int(match[3]) < self.n:
            return int(match[3])
        raise KeyError(f"no program named {name!r} in {self.spec}")

    def __contains__(self, name: object) -> bool:
        try:
            self.index_of(str(name))
            return True
        except KeyError:
            return False

    def __iter__(self) -> Iterator[Shader]:
        return (self[k] for k in range(self.n))

    def __getitem__(self, key: int | str) -> Shader:
        """The checked program of id `key` (probing it, and its replacements, at first use)."""
        index = self.index_of(key) if isinstance(key, str) else int(key)
        if not 0 <= index < self.n:
            raise IndexError(f"program id {index} out of range [0, {self.n}) in {self.spec}")
        return self._candidate_shader(self.candidate_of(index))

    def prepare(self, ids: torch.Tensor) -> None:
        """Probe the programs of `ids` (int64, any shape) not probed yet: called before a draw."""
        for index in torch.unique(torch.as_tensor(ids).reshape(-1)).tolist():
            self.candidate_of(int(index))

    def candidate_of(self, index: int) -> int:
        """The candidate id `index` draws: the first of index, index + N, ... passing the probe."""
        chosen = self._chosen.get(index)
        if chosen is not None:
            return chosen
        for attempt in range(MAX_TRIES):
            candidate = index + attempt * self.n
            if self._verdict(candidate) is None:
                self._chosen[index] = candidate
                return candidate
        raise SynthExhaustedError(f"{self.spec}: id {index}: all {MAX_TRIES} candidates "
                                  f"{index}, {index + self.n}, ... failed the probe (last: {self.rejected[candidate]})")

    def _verdict(self, candidate: int) -> str | None:
        if candidate not in self._verdicts:
            shader = self._candidate_shader(candidate)
            reason = _probe_verdict(shader)
            self._verdicts[candidate] = reason
            if reason is not None:
                self.rejected[candidate] = reason
                self._shaders.pop(candidate, None)
                logger.warning("%s: discarded synthesized program %d (%s): %s; id %d draws candidate %d instead",
                               self.spec, candidate, shader.metadata.get("recipe", "?"), reason,
                               candidate % self.n, candidate + self.n)
        return self._verdicts[candidate]

    def _candidate_shader(self, candidate: int) -> Shader:
        shader = self._shaders.get(candidate)
        if shader is not None:
            self._shaders.move_to_end(candidate)
            return shader
        shader = self.make_shader(self.source_of(candidate), candidate)
        self._shaders[candidate] = shader
        if len(self._shaders) > SHADER_CACHE:
            self._shaders.popitem(last=False)
        return shader

    def source_of(self, candidate: int) -> str:
        """GLSL text of a candidate (overridable: tests feed known-bad programs through it)."""
        return synthesize(self.version, self.seed, candidate).source

    def make_shader(self, text: str, candidate: int) -> Shader:
        """A `Shader` from generated text; its pseudo path names the spec and candidate."""
        path = Path(f"<{self.spec}>") / f"synth_{candidate:06d}.glsl"
        expanded, line_map = expand_includes(path, self.include_dir, text=text)
        meta = parse_header(path, text, required=True)
        meta["candidate"] = str(candidate)
        return Shader(name=meta["name"], path=path, family=meta["family"], author=meta["author"],
                      licence=meta["licence"], description=meta["description"], source=text,
                      params=meta.get("params", ""), metadata=meta, expanded_source=expanded, line_map=line_map)

    def __repr__(self) -> str:
        return f"SynthLibrary({self.spec}, version {self.version}, {len(self.rejected)} candidates discarded so far)"
