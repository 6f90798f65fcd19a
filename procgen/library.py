"""The shader library: Shadertoy-style GLSL files with a metadata header, plus shared includes.

A shader file starts with a block of `// key: value` comment lines (required: name, family,
author, licence, description; optional: params, tags) and defines
`void mainImage(out vec4 fragColor, in vec2 fragCoord)`. `#include "x.glsl"` lines pull in
files from the library's include/ folder (recursively, each file at most once). The expanded
source keeps a line map so compiler errors point at the original file and line.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from procgen.errors import ShaderCompileError, ShaderHeaderError, ShaderIncludeError

REQUIRED_KEYS = ("name", "family", "author", "licence", "description")
_KEY_ALIASES = {"license": "licence"}
_HEADER_LINE = re.compile(r"^//\s*([A-Za-z][\w-]*)\s*:\s*(.*?)\s*$")
_INCLUDE_LINE = re.compile(r'^\s*#\s*include\b\s*(?:"([^"]*)"|<([^>]*)>|(\S*))\s*(?://.*)?$')
_MAIN_IMAGE = re.compile(r"\bvoid\s+mainImage\s*\(")

SourceLine = tuple[Path, int]  # (file, 1-based line) an expanded line came from

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Shader:
    """One shader program of the library.

    Attributes:
        name, family, author, licence, description: from the header (required).
        path: the .glsl file.
        source: the file's text as written.
        params, tags: optional header fields ("" and () when absent).
        metadata: every header key (lower case) -> value, including unknown keys.
        expanded_source: `source` with every include inlined.
        line_map: for each line of `expanded_source`, the (file, line) it came from.
    """

    name: str
    path: Path
    family: str
    author: str
    licence: str
    description: str
    source: str
    params: str = ""
    tags: tuple[str, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    expanded_source: str = field(default="", compare=False, repr=False)
    line_map: tuple[SourceLine, ...] = field(default=(), compare=False, repr=False)

    def origin_of(self, expanded_line: int) -> SourceLine | None:
        """Map a 1-based line of `expanded_source` to (file, line), None when out of range."""
        if 1 <= expanded_line <= len(self.line_map):
            return self.line_map[expanded_line - 1]
        return None


def parse_header(path: Path, text: str, required: bool = True) -> dict[str, str] | None:
    """Parse the leading `// key: value` comment block of a shader file.

    Leading blank lines are skipped; the block ends at the first line that is not a `//`
    comment. A comment line without `key:` continues the previous key's value.
    With `required=False` (programs from elsewhere), a block without a `family:` key is
    ordinary comments (`// Author: ...`, `// From: https://...`), not a broken header: None.

    Raises:
        ShaderHeaderError: no header (when required), or a required key missing or empty
            (names file and key).
    """
    meta: dict[str, str] = {}
    last_key = None
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    for line in lines[start:]:
        stripped = line.strip()
        if not stripped.startswith("//"):
            break
        match = _HEADER_LINE.match(stripped)
        if match:
            key = match.group(1).lower()
            last_key = _KEY_ALIASES.get(key, key)
            meta[last_key] = match.group(2)
        elif last_key is not None and re.search(r"\w", stripped):  # skip rulers like // -----
            meta[last_key] = f"{meta[last_key]} {stripped.lstrip('/').strip()}".strip()
    if not required and "family" not in meta:
        return None
    if not meta:
        raise ShaderHeaderError(
            path, "missing metadata header: the file must start with `// key: value` lines "
            f"for {', '.join(REQUIRED_KEYS)}"
        )
    missing = [key for key in REQUIRED_KEYS if not meta.get(key)]
    if missing:
        raise ShaderHeaderError(path, f"metadata header lacks required key(s): {', '.join(missing)}")
    return meta


def expand_includes(path: Path, include_dir: Path) -> tuple[str, tuple[SourceLine, ...]]:
    """Inline `#include "x.glsl"` lines recursively, each include file at most once.

    Args:
        path: the shader file to expand.
        include_dir: where include names are looked up (they may not leave this folder).

    Returns:
        (expanded text, line map with one (file, line) per expanded line).

    Raises:
        ShaderIncludeError: malformed include line or missing file (names file and line).
    """
    out_lines: list[str] = []
    line_map: list[SourceLine] = []
    seen: set[Path] = set()
    include_root = include_dir.resolve()

    def visit(file: Path) -> None:
        seen.add(file.resolve())
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            match = _INCLUDE_LINE.match(line)
            if match is None:
                out_lines.append(line)
                line_map.append((file, number))
                continue
            name = match.group(1) or match.group(2) or match.group(3)
            if not name or match.group(3) is not None:
                raise ShaderIncludeError(file, number,
                                         f'malformed include, expected #include "name.glsl": {line.strip()}')
            target = (include_dir / name).resolve()
            if include_root not in target.parents:
                raise ShaderIncludeError(file, number, f"include {name!r} points outside {include_dir}")
            if not target.is_file():
                raise ShaderIncludeError(file, number, f"include {name!r} not found in {include_dir}")
            if target not in seen:
                visit(target)

    visit(path)
    return "\n".join(out_lines) + "\n", tuple(line_map)


def strip_comments(source: str) -> str:
    """Remove // and /* */ comments (used to test for mainImage without false positives)."""
    return re.sub(r"//[^\n]*|/\*.*?\*/", " ", source, flags=re.S)


def has_main_image(source: str) -> bool:
    """True when `source` defines `void mainImage(...)` outside comments."""
    return _MAIN_IMAGE.search(strip_comments(source)) is not None


def load_shader(path: str | Path, include_dir: str | Path | None = None, require_header: bool = True) -> Shader:
    """Load one shader file: parse its header and expand its includes.

    Args:
        path: the .glsl file.
        include_dir: include folder; defaults to `include/` next to the file.
        require_header: False for programs from elsewhere: without our header the name is the
            file's stem, family "imported", author and licence "unknown".

    Raises:
        ShaderHeaderError: header problems, or a file that is not UTF-8 text (names the file).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"shader file not found: {path}")
    include_dir = Path(include_dir) if include_dir is not None else path.parent / "include"
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise ShaderHeaderError(path, f"not UTF-8 text (byte {err.start}): not a GLSL source file") from None
    if "\x00" in text:
        raise ShaderHeaderError(path, "binary file (NUL bytes): not a GLSL source file")
    meta = parse_header(path, text, required=require_header)
    if meta is None:
        meta = {"name": path.stem, "family": "imported", "author": "unknown", "licence": "unknown", "description": ""}
    expanded, line_map = expand_includes(path, include_dir)
    tags = tuple(t.strip() for t in meta.get("tags", "").split(",") if t.strip())
    return Shader(
        name=meta["name"], path=path, family=meta["family"], author=meta["author"],
        licence=meta["licence"], description=meta["description"], source=text,
        params=meta.get("params", ""), tags=tags, metadata=meta,
        expanded_source=expanded, line_map=line_map,
    )


class ShaderLibrary:
    """An ordered collection of shaders; the id of a shader is its position (sorted by file).

    Lookup by name is registry style: a duplicate name warns and the later file wins.
    """

    def __init__(self, shaders: list[Shader], root: Path | None = None) -> None:
        self.shaders = list(shaders)
        self.root = root
        self._by_name: dict[str, int] = {}
        for index, shader in enumerate(self.shaders):
            if shader.name in self._by_name:
                other = self.shaders[self._by_name[shader.name]].path
                logger.warning("duplicate shader name %r in %s (also in %s); lookup by name returns %s",
                               shader.name, shader.path, other, shader.path.name)
            self._by_name[shader.name] = index

    @classmethod
    def from_dir(cls, path: str | Path | None = None, include_dir: str | Path | None = None) -> "ShaderLibrary":
        """Load every `*.glsl` directly under `path` (not include/), sorted by filename.

        Args:
            path: the library folder; defaults to the repository's shaders/.
            include_dir: include folder; defaults to `path/include`.
        """
        root = Path(path) if path is not None else default_shader_dir()
        if not root.is_dir():
            raise FileNotFoundError(f"shader library folder not found: {root}")
        files = sorted(p for p in root.glob("*.glsl") if p.is_file())
        if not files:
            raise ValueError(f"no *.glsl shader files directly under {root}")
        include = Path(include_dir) if include_dir is not None else root / "include"
        return cls([load_shader(f, include) for f in files], root=root)

    @property
    def names(self) -> list[str]:
        """Shader names in id order."""
        return [s.name for s in self.shaders]

    @property
    def families(self) -> list[str]:
        """Each shader's family, in id order (parallel to `names`)."""
        return [s.family for s in self.shaders]

    def ids_by_family(self) -> dict[str, list[int]]:
        """Family name -> ids of its shaders (families sorted by name)."""
        groups: dict[str, list[int]] = {}
        for index, shader in enumerate(self.shaders):
            groups.setdefault(shader.family, []).append(index)
        return dict(sorted(groups.items()))

    def index_of(self, name: str) -> int:
        """Id of the shader called `name` (KeyError listing a few known names if absent)."""
        try:
            return self._by_name[name]
        except KeyError:
            known = ", ".join(sorted(self._by_name)[:10])
            raise KeyError(f"no shader named {name!r} in the library (known: {known}...)") from None

    def __len__(self) -> int:
        return len(self.shaders)

    def __iter__(self) -> Iterator[Shader]:
        return iter(self.shaders)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __getitem__(self, key: int | str) -> Shader:
        if isinstance(key, str):
            return self.shaders[self.index_of(key)]
        index = int(key)
        if not 0 <= index < len(self.shaders):
            raise IndexError(f"shader id {index} out of range [0, {len(self.shaders)})")
        return self.shaders[index]

    def __repr__(self) -> str:
        return f"ShaderLibrary({len(self)} shaders from {self.root})"


def default_shader_dir() -> Path:
    """The repository's shaders/ folder, or $PROCVISION_SHADERS when set."""
    override = os.environ.get("PROCVISION_SHADERS")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "shaders"


@functools.lru_cache(maxsize=4)
def _load_library(path: str) -> ShaderLibrary:
    return ShaderLibrary.from_dir(path)


def default_library() -> ShaderLibrary:
    """The default library (cached per folder; see `default_shader_dir`)."""
    return _load_library(str(default_shader_dir().resolve()))


# Driver log formats: Mesa "0:12(3): error: ..." and NVIDIA "0(12) : error C0000: ...".
_LOG_LINE = re.compile(r"^\s*\d+\s*(?::(\d+)\((\d+)\)|\((\d+)\))\s*:\s*(error|warning)\b:?\s*(.*)$", re.I)


def compile_error_from_log(shader: Shader, log: str, line_offset: int) -> ShaderCompileError:
    """Turn a GLSL compiler/linker log into a ShaderCompileError pointing at original files.

    Args:
        shader: the shader whose expanded source was compiled.
        log: the driver's log (moderngl's exception text).
        line_offset: number of wrapper lines before the shader's first line in the GL source.

    Returns:
        The error, with `path`/`line` of the first error and every error line re-mapped.
    """
    in_file: tuple[Path, int, str] | None = None  # first error inside a shader/include file
    anywhere: tuple[Path, int | None, str] | None = None  # first error at all
    mapped: list[str] = []
    for raw in log.splitlines():
        match = _LOG_LINE.match(raw)
        if match is None:
            if raw.strip().lower().startswith("error"):  # linker errors carry no line
                mapped.append(f"{shader.path}: {raw.strip()}")
                anywhere = anywhere or (shader.path, None, raw.strip())
            continue
        gl_line = int(match.group(1) or match.group(3))
        kind, text = match.group(4).lower(), match.group(5).strip()
        origin = shader.origin_of(gl_line - line_offset)
        where = f"{origin[0]}:{origin[1]}" if origin else f"<engine wrapper line {gl_line}>"
        mapped.append(f"{where}: {kind}: {text}")
        if kind == "error":
            anywhere = anywhere or (shader.path, None, text)
            if origin and in_file is None:
                in_file = (origin[0], origin[1], text)
    first = in_file or anywhere or (shader.path, None, log.strip() or "GLSL compilation failed")
    return ShaderCompileError(first[0], first[1], first[2], log="\n".join(mapped) or log.strip())
