"""Reading Shadertoy programs for `procgen.ingest`: folders, Shadertoy API JSON, JSONL corpora.

Every reader yields `Candidate`s; a candidate that cannot be used carries a named `reject`
reason instead of failing the run (malformed JSON line, missing field, non-UTF-8 file,
multi-pass program, unsupported input). Licences are normalised (`normalise_licence`).
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from procgen.errors import ShaderIncludeError
from procgen.library import expand_includes, parse_header, strip_comments

PROGRAM_SUFFIXES = (".glsl", ".frag", ".txt")
# Shadertoy input types -> the rejection each one gets; "texture" binds to our noise textures.
UNSUPPORTED_INPUTS = {"keyboard": "keyboard", "mic": "microphone", "music": "music", "musicstream": "music",
                      "webcam": "webcam", "video": "video", "cubemap": "cubemap", "volume": "volume",
                      "buffer": "buffer"}
SHADERTOY_DEFAULT_LICENCE = "CC-BY-NC-SA-3.0"  # Shadertoy's terms, unless a program says otherwise
LICENCES = ("CC0", "CC-BY-3.0", "CC-BY-4.0", "CC-BY-SA-3.0", "CC-BY-SA-4.0", "CC-BY-NC-3.0", "CC-BY-NC-4.0",
            "CC-BY-NC-SA-3.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-3.0", "CC-BY-NC-ND-3.0", "MIT", "BSD", "Apache-2.0",
            "GPL", "unknown")


@dataclass
class Candidate:
    """One program found in a source.

    Attributes:
        origin: the source file; source_id: id within it (Shadertoy id, line, relative path).
        name, author, description, tags: what the source says (may be empty).
        licence: normalised licence; licence_text: as written.
        code: the single-pass program (common code first); line_map: (origin label, line) per line.
        reject: a named reason when the program cannot be used (then code may be empty).
    """

    origin: str
    source_id: str
    name: str = ""
    author: str = "unknown"
    description: str = ""
    tags: tuple[str, ...] = ()
    licence: str = "unknown"
    licence_text: str = ""
    code: str = ""
    line_map: tuple = field(default=(), repr=False)
    reject: str | None = None

    @property
    def key(self) -> str:
        """Stable identity for resuming: origin + id."""
        return hashlib.sha256(f"{self.origin}\0{self.source_id}".encode()).hexdigest()[:24]


def normalised_source_hash(code: str) -> str:
    """Hash of the code without comments and with whitespace collapsed (exact duplicates)."""
    return hashlib.sha256(" ".join(strip_comments(code).split()).encode()).hexdigest()


def normalise_licence(text: str | None) -> str:
    """'CC BY-NC-SA 3.0', 'Creative Commons Attribution-NonCommercial-ShareAlike 3.0 Unported',
    'cc0', 'MIT License', ... -> one of `LICENCES` ('unknown' when not recognised)."""
    if not text:
        return "unknown"
    t = text.lower().replace("_", " ")
    if re.search(r"\bcc0\b|public domain|cc zero|unlicense", t):
        return "CC0"
    if re.search(r"\bmit\b", t):
        return "MIT"
    if re.search(r"\bapache\b", t):
        return "Apache-2.0"
    if re.search(r"\bbsd\b", t):
        return "BSD"
    if re.search(r"\bgpl\b|gnu general public", t):
        return "GPL"
    if not re.search(r"creative\s*commons|\bcc[\s-]*by\b|\bby[\s-]*(nc|sa|nd)\b", t):
        return "unknown"
    parts = ["CC-BY"]
    if re.search(r"\bnc\b|non[\s-]*commercial", t):
        parts.append("NC")
    if re.search(r"\bnd\b|no[\s-]*deriv", t):
        parts.append("ND")
    if re.search(r"\bsa\b|share[\s-]*alike", t):
        parts.append("SA")
    version = re.search(r"\b([1-4])\.0\b", t)
    name = "-".join(parts) + f"-{version.group(1) if version else '3'}.0"
    return name if name in LICENCES else "unknown"


def licence_in_comments(code: str) -> str:
    """The licence a program's leading comments state ('' when none does)."""
    head = "\n".join(line for line in code.splitlines()[:40] if line.strip().startswith(("//", "/*", "*")))
    match = re.search(r"licen[cs]e[^\n]*|creative commons[^\n]*|\bcc0\b[^\n]*|public domain[^\n]*", head, re.I)
    return match.group(0).strip() if match else ""


def _with_licence(candidate: Candidate, stated: str, default: str = "unknown") -> Candidate:
    text = stated or licence_in_comments(candidate.code) or ""
    candidate.licence_text = text or (f"({default})" if default != "unknown" else "")
    candidate.licence = normalise_licence(text) if text else default
    return candidate


def _joined(label: str, parts: list[tuple[str, str]]) -> tuple[str, tuple]:
    """Concatenate (part name, code) pairs with a line map naming `label:part:line`."""
    code_lines, line_map = [], []
    for part, code in parts:
        lines = code.splitlines()
        code_lines.extend(lines)
        line_map.extend((Path(f"{label}:{part}"), n) for n in range(1, len(lines) + 1))
    return "\n".join(code_lines) + "\n", tuple(line_map)


def _input_reject(inputs) -> str | None:
    """The rejection for a pass's inputs (None when all are textures/noise)."""
    for item in inputs or []:
        kind = item.get("ctype", item.get("type", "")) if isinstance(item, dict) else str(item)
        kind = str(kind).lower()
        if kind in UNSUPPORTED_INPUTS:
            return f"unsupported input: {UNSUPPORTED_INPUTS[kind]}"
    return None


def read_folder(folder: Path) -> Iterator[Candidate]:
    """Every .glsl/.frag/.txt under `folder` (recursive, sorted), with or without our header."""
    include_dir = folder / "include"
    for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in PROGRAM_SUFFIXES and p.is_file()):
        if include_dir in path.parents:
            continue
        candidate = Candidate(str(folder), str(path.relative_to(folder)), name=path.stem)
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as err:
            candidate.reject = f"not UTF-8 text (byte {err.start})"
            yield candidate
            continue
        except OSError as err:
            candidate.reject = f"unreadable file ({err.strerror})"
            yield candidate
            continue
        if "\x00" in text:
            candidate.reject = "binary file (NUL bytes)"
            yield candidate
            continue
        try:
            meta = parse_header(path, text, required=False) or {}
            if "#include" in text:
                code, line_map = expand_includes(path, include_dir)
            else:
                code, line_map = text, tuple((path, n) for n in range(1, text.count("\n") + 2))
        except (ValueError, ShaderIncludeError) as err:  # a broken header of ours, a bad include
            candidate.reject = str(err)
            yield candidate
            continue
        candidate.name = meta.get("name", path.stem)
        candidate.author = meta.get("author", "unknown")
        candidate.description = meta.get("description", "")
        candidate.code, candidate.line_map = code, line_map
        yield _with_licence(candidate, meta.get("licence", ""))


def _shadertoy_shader(origin: str, shader: dict) -> Candidate:
    """One Shadertoy API `Shader` object -> a candidate."""
    info = shader.get("info") if isinstance(shader, dict) else None
    candidate = Candidate(origin, str((info or {}).get("id", "")) or "?")
    if not isinstance(info, dict) or not isinstance(shader.get("renderpass"), list):
        candidate.reject = "malformed Shadertoy JSON: missing field info or renderpass"
        return candidate
    candidate.name, candidate.author = str(info.get("name", "")), str(info.get("username", "unknown"))
    candidate.description = str(info.get("description", ""))
    candidate.tags = tuple(str(t) for t in info.get("tags", []) or [])
    passes = {}
    for render_pass in shader["renderpass"]:
        kind = str(render_pass.get("type", "")).lower()
        if kind in ("buffer", "cubemap", "sound"):
            candidate.reject = "multi-pass program (buffer passes)" if kind != "sound" else "sound pass (music)"
            return candidate
        passes[kind] = render_pass
    image = passes.get("image")
    if image is None or not str(image.get("code", "")).strip():
        candidate.reject = "missing field: no image pass with code"
        return candidate
    candidate.reject = _input_reject(image.get("inputs"))
    parts = [("common", str(passes["common"].get("code", "")))] if "common" in passes else []
    candidate.code, candidate.line_map = _joined(f"{origin}#{candidate.source_id}", parts + [("image", image["code"])])
    return _with_licence(candidate, str(info.get("license", "")), SHADERTOY_DEFAULT_LICENCE)


def read_shadertoy_json(path: Path) -> Iterator[Candidate]:
    """A Shadertoy API export: {"Shader": {...}}, a bare Shader, or {"Shaders": [...]} / a list."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, OSError) as err:
        yield Candidate(str(path), "?", reject=f"malformed JSON ({err})")
        return
    if isinstance(data, dict) and "Shader" in data:
        data = data["Shader"]
    shaders = data if isinstance(data, list) else data.get("Shaders", [data]) if isinstance(data, dict) else [data]
    for shader in shaders:
        yield _shadertoy_shader(str(path), shader.get("Shader", shader) if isinstance(shader, dict) else shader)


def read_jsonl(path: Path) -> Iterator[Candidate]:
    """One shader per line: id, name, author, license, image_code, common_code, image_inputs,
    buffer_a_code .. buffer_d_code (present fields are read, others ignored)."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            candidate = Candidate(str(path), f"line {number}")
            try:
                row = json.loads(raw.decode("utf-8"))
                if not isinstance(row, dict):
                    raise ValueError("not a JSON object")
            except (UnicodeDecodeError, ValueError) as err:
                candidate.reject = f"malformed JSON line {number} ({type(err).__name__})"
                yield candidate
                continue
            candidate.source_id = str(row.get("id") or f"line {number}")
            candidate.name, candidate.author = str(row.get("name", "")), str(row.get("author", "unknown"))
            image = row.get("image_code")
            if not isinstance(image, str) or not image.strip():
                candidate.reject = "missing field: image_code"
            elif any(str(row.get(f"buffer_{x}_code") or "").strip() for x in "abcd"):
                candidate.reject = "multi-pass program (buffer passes)"
            else:
                candidate.reject = _input_reject(row.get("image_inputs"))
                common = str(row.get("common_code") or "")
                parts = ([("common", common)] if common.strip() else []) + [("image", image)]
                candidate.code, candidate.line_map = _joined(f"{path}#{candidate.source_id}", parts)
            yield _with_licence(candidate, str(row.get("license") or row.get("licence") or ""))


def read_source(source: Path) -> Iterator[Candidate]:
    """Dispatch on what `source` is: a folder, a .json export, or a .jsonl corpus."""
    if source.is_dir():
        yield from read_folder(source)
    elif source.suffix.lower() == ".jsonl":
        yield from read_jsonl(source)
    elif source.suffix.lower() == ".json":
        yield from read_shadertoy_json(source)
    elif source.suffix.lower() in PROGRAM_SUFFIXES and source.is_file():
        for candidate in read_folder(source.parent):
            if candidate.source_id == source.name:
                yield candidate
    else:
        raise FileNotFoundError(f"ingest source {source}: not a folder, .json, .jsonl or program file")
