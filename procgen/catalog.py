"""Libraries of programs: folders with a manifest (lazy), and weighted sets of libraries.

A library spec names what a dataset draws from:

    shaders                      the project's own shaders/ (or $PROCVISION_SHADERS)
    PATH                         a folder with manifest.json (ingested, synthesized) or of *.glsl
    shaders,~/corpus:0.9         several, comma-separated, each with an optional weight
    synth:SEED:N                 N programs of the synthesizer made on the fly (`procgen.synth.online`), version 1
    synth:SEED:N:v2              the same with synthesizer version 2 (a spec without :vV always means version 1)
    shaders,synth:7:10000:0.5    any mix of them

Weights are the probability that a program is drawn from that library. Without any weight,
programs are drawn uniformly over the union; libraries without a weight share what the given
weights leave (which must then be < 1). Given weights never sum above 1; when every library has
one and they sum below 1, they are scaled to sum to 1. Opening a manifest library reads only the manifest:
no program source is read or compiled until it is used (20,000 programs open in well under 2 s);
a source is checked against its manifest hash when read (`ManifestError` names the file).
"""
from __future__ import annotations

import bisect
import functools
import logging
from collections import OrderedDict
from pathlib import Path
from typing import Iterator

from procgen.library import Shader, ShaderLibrary, default_library, default_shader_dir, expand_includes
from procgen.manifest import MANIFEST_NAME, ManifestError, read_manifest, read_program_source
from procgen.synth.online import SPEC_PREFIX, SynthLibrary, parse_synth_spec, split_synth_item

log = logging.getLogger(__name__)

SOURCE_CACHE = 1024  # program sources kept in memory per library (read again when evicted)


class ManifestLibrary:
    """A library folder described by its manifest; program id = position in the manifest.

    Offers what the renderer and datasets use from `ShaderLibrary`: `len`, `[id]` / `[name]`
    -> `Shader` (read lazily), `names`, `families`, `index_of`, `root`.
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).expanduser()
        manifest = read_manifest(self.root)
        if not manifest.programs:
            raise ManifestError(f"{self.root / MANIFEST_NAME}: lists no programs")
        self.generator = manifest.generator
        self.entries = manifest.programs
        self._by_name = {entry.name: index for index, entry in enumerate(self.entries)}
        self._shaders: OrderedDict[int, Shader] = OrderedDict()

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def names(self) -> list[str]:
        return [entry.name for entry in self.entries]

    @property
    def families(self) -> list[str]:
        return [str(entry.meta.get("family", "imported")) for entry in self.entries]

    def index_of(self, name: str) -> int:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"no program named {name!r} in {self.root}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[Shader]:
        return (self[index] for index in range(len(self)))

    def __getitem__(self, key: int | str) -> Shader:
        index = self.index_of(key) if isinstance(key, str) else int(key)
        if not 0 <= index < len(self.entries):
            raise IndexError(f"program id {index} out of range [0, {len(self.entries)}) in {self.root}")
        shader = self._shaders.get(index)
        if shader is None:
            shader = self._load(index)
            self._shaders[index] = shader
            if len(self._shaders) > SOURCE_CACHE:
                self._shaders.popitem(last=False)
        else:
            self._shaders.move_to_end(index)
        return shader

    def _load(self, index: int) -> Shader:
        entry = self.entries[index]
        text = read_program_source(self.root, entry)  # hash-checked; ManifestError names the file
        path = self.root / entry.file
        if "#include" in text:
            expanded, line_map = expand_includes(path, self.root / "include")
        else:
            expanded, line_map = text, tuple((path, n) for n in range(1, text.count("\n") + 2))
        meta = entry.meta
        return Shader(name=entry.name, path=path, family=str(meta.get("family", "imported")),
                      author=str(meta.get("author", "unknown")), licence=str(meta.get("licence", "unknown")),
                      description=str(meta.get("description", "")), source=text,
                      metadata={k: str(v) for k, v in meta.items()}, expanded_source=expanded, line_map=line_map)

    def __repr__(self) -> str:
        return f"ManifestLibrary({len(self)} programs from {self.root})"


class LibrarySet:
    """Several libraries drawn from with weights; global id = offset of its library + local id.

    Attributes:
        libraries: the member libraries, in spec order.
        weights: probability of drawing from each (sums to 1).
        spec: the spec string it was opened from (identifies it for caches).
    """

    def __init__(self, libraries: list, weights: list[float], spec: str = "") -> None:
        if len(libraries) != len(weights) or not libraries:
            raise ValueError("a library set needs one weight per library, and at least one library")
        if any(w < 0 for w in weights) or sum(weights) <= 0:
            raise ValueError(f"library weights must be >= 0 with a positive sum, got {weights}")
        total = float(sum(weights))
        self.libraries, self.weights, self.spec = list(libraries), [w / total for w in weights], spec
        self.offsets = [0]
        for library in self.libraries:
            self.offsets.append(self.offsets[-1] + len(library))

    @property
    def parts(self) -> list[tuple[int, int, float]]:
        """(first global id, size, weight) per library: what `procgen.schedule` draws from."""
        return [(self.offsets[i], len(lib), w) for i, (lib, w) in enumerate(zip(self.libraries, self.weights))]

    def __len__(self) -> int:
        return self.offsets[-1]

    def _locate(self, index: int) -> tuple[int, int]:
        if not 0 <= index < len(self):
            raise IndexError(f"program id {index} out of range [0, {len(self)}) in library set {self.spec!r}")
        part = bisect.bisect_right(self.offsets, index) - 1
        return part, index - self.offsets[part]

    def __getitem__(self, key: int | str) -> Shader:
        if isinstance(key, str):
            return self[self.index_of(key)]
        part, local = self._locate(int(key))
        return self.libraries[part][local]

    def index_of(self, name: str) -> int:
        for offset, library in zip(self.offsets, self.libraries):
            if name in library:
                return offset + library.index_of(name)
        raise KeyError(f"no program named {name!r} in library set {self.spec!r}")

    def __contains__(self, name: object) -> bool:
        return any(name in library for library in self.libraries)

    @property
    def names(self) -> list[str]:
        return [name for library in self.libraries for name in library.names]

    @property
    def families(self) -> list[str]:
        return [family for library in self.libraries for family in library.families]

    def __iter__(self) -> Iterator[Shader]:
        return (self[index] for index in range(len(self)))

    def prepare(self, ids) -> None:
        """Let members that check programs at first use (`synth:`) do so for their share of `ids`."""
        for offset, library in zip(self.offsets, self.libraries):
            if hasattr(library, "prepare"):
                mine = ids[(ids >= offset) & (ids < offset + len(library))]
                if len(mine):
                    library.prepare(mine - offset)

    def __repr__(self) -> str:
        return f"LibrarySet({self.spec!r}: {len(self)} programs, weights {[round(w, 3) for w in self.weights]})"


def _open_one(name: str):
    if name == "shaders":
        return default_library()
    if name.startswith(SPEC_PREFIX):
        return SynthLibrary.from_spec(name)
    path = Path(name).expanduser()
    if (path / MANIFEST_NAME).is_file():
        return ManifestLibrary(path)
    if path.is_dir():
        if path.resolve() == default_shader_dir().resolve():
            return default_library()
        return ShaderLibrary.from_dir(path)
    raise FileNotFoundError(f"library {name!r}: no such folder (a library is a folder with {MANIFEST_NAME} "
                            f"or *.glsl files, or 'shaders')")


def parse_spec(spec: str) -> list[tuple[str, float | None]]:
    """'shaders,~/corpus:0.9' -> [('shaders', None), ('~/corpus', 0.9)] (ValueError on bad weights)."""
    parts = []
    for item in (piece.strip() for piece in str(spec).split(",")):
        if not item:
            raise ValueError(f"library spec {spec!r} has an empty entry")
        name, weight = item, None
        if item.startswith(SPEC_PREFIX):  # synth:SEED:N[:vV][:W]; its own colons are not a weight
            try:
                name, weight_text = split_synth_item(item)
            except ValueError as error:
                raise ValueError(f"library spec {spec!r}: {error}") from None
            if weight_text is not None:
                try:
                    weight = float(weight_text)
                except ValueError:
                    raise ValueError(f"library spec {spec!r}: weight of {name!r} must be a number, got {weight_text!r}") from None
            parse_synth_spec(name)
            if not (0.0 <= weight <= 1.0) if weight is not None else False:
                raise ValueError(f"library spec {spec!r}: weight of {name!r} must be in [0, 1], got {weight_text}")
            parts.append((name, weight))
            continue
        if ":" in item:
            head, tail = item.rsplit(":", 1)
            try:
                name, weight = head, float(tail)
            except ValueError:
                pass  # a ':' that is part of the path
            if weight is not None and not (0.0 <= weight <= 1.0) or weight != weight:
                raise ValueError(f"library spec {spec!r}: weight of {head!r} must be in [0, 1], got {tail}")
        parts.append((name, weight))
    return parts


@functools.lru_cache(maxsize=8)
def open_library(spec: str | None = None):
    """The library (or weighted set) a spec names; cached per spec string.

    Returns:
        `ShaderLibrary`/`ManifestLibrary` for one unweighted library, else a `LibrarySet`.

    Raises:
        ValueError: malformed spec or weights. FileNotFoundError / ManifestError: a bad folder.
    """
    if spec is None or spec == "shaders":
        return default_library()
    parts = parse_spec(spec)
    libraries = [_open_one(name) for name, _ in parts]
    if len(parts) == 1 and parts[0][1] is None:
        return libraries[0]
    given = [w for _, w in parts if w is not None]
    unweighted = [i for i, (_, w) in enumerate(parts) if w is None]
    if not given:
        weights = [float(len(lib)) for lib in libraries]  # uniform over every program of the union
    else:
        rest = 1.0 - sum(given)
        if rest < -1e-9:
            raise ValueError(f"library spec {spec!r}: weights sum to {sum(given):g} > 1")
        if unweighted and rest <= 0:
            raise ValueError(f"library spec {spec!r}: weights sum to {sum(given):g}, nothing left for "
                             f"{', '.join(parts[i][0] for i in unweighted)}")
        weights = [w if w is not None else rest / len(unweighted) for _, w in parts]
    return LibrarySet(libraries, weights, spec)
