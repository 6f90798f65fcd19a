"""A library's manifest: one JSON file listing every program of a shader folder with its metadata.

A library is a folder of GLSL programs plus ``manifest.json`` (written atomically):

    {"format": "procvision-library", "version": 1,
     "generator": {"name": "ingest" | "synth" | "hand", "version": "...", ...},
     "programs": [ {"name": ..., "file": "relative/path.glsl", "sha256": ..., ...}, ... ]}

Each program entry has the required keys of `REQUIRED_ENTRY_KEYS`; every other key is kept as
given (e.g. family, author, licence, origin, source_id, uses_iseed, recipe, check results).
Program order in the file is the program id. Reading never opens the program files: sources are
read (and their hash checked) only when a program is used.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = "procvision-library"
MANIFEST_VERSION = 1
REQUIRED_ENTRY_KEYS = ("name", "file", "sha256")


class ManifestError(ValueError):
    """A manifest that is missing, malformed, or does not match its library's files."""


@dataclass(frozen=True)
class ProgramEntry:
    """One program of a library: its name, file (relative to the library folder), content hash, metadata."""

    name: str
    file: str
    sha256: str
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "file": self.file, "sha256": self.sha256, **self.meta}


@dataclass(frozen=True)
class Manifest:
    """A parsed manifest: the generator record and the programs in id order."""

    generator: dict[str, Any]
    programs: tuple[ProgramEntry, ...]


def source_sha256(text: str) -> str:
    """Hex SHA-256 of a program's text (UTF-8): the manifest's content check."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_manifest(library_dir: str | Path) -> Manifest:
    """Parse ``library_dir/manifest.json``.

    Raises:
        ManifestError: missing file, invalid JSON, wrong format/version, an entry without a
            required key, a duplicate name, or a file path that leaves the library folder.
    """
    path = Path(library_dir) / MANIFEST_NAME
    if not path.is_file():
        raise ManifestError(f"{path}: no manifest (a library folder needs {MANIFEST_NAME})")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ManifestError(f"{path}: not a valid JSON manifest ({error})") from None
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        raise ManifestError(f"{path}: not a {MANIFEST_FORMAT} manifest")
    if data.get("version") != MANIFEST_VERSION:
        raise ManifestError(f"{path}: manifest version {data.get('version')!r}, this code reads {MANIFEST_VERSION}")
    programs, seen = [], set()
    for position, entry in enumerate(data.get("programs", [])):
        missing = [key for key in REQUIRED_ENTRY_KEYS if not isinstance(entry, dict) or not entry.get(key)]
        if missing:
            raise ManifestError(f"{path}: program #{position} lacks {', '.join(missing)}")
        name, file = str(entry["name"]), str(entry["file"])
        if name in seen:
            raise ManifestError(f"{path}: program name {name!r} appears twice")
        if Path(file).is_absolute() or ".." in Path(file).parts:
            raise ManifestError(f"{path}: program {name!r} file {file!r} is outside the library folder")
        seen.add(name)
        meta = {k: v for k, v in entry.items() if k not in REQUIRED_ENTRY_KEYS}
        programs.append(ProgramEntry(name, file, str(entry["sha256"]), meta))
    return Manifest(dict(data.get("generator", {})), tuple(programs))


def write_manifest(library_dir: str | Path, generator: dict[str, Any], programs: list[ProgramEntry]) -> Path:
    """Write ``library_dir/manifest.json`` atomically (temp file, fsync, rename); returns its path."""
    directory = Path(library_dir)
    directory.mkdir(parents=True, exist_ok=True)
    payload = {"format": MANIFEST_FORMAT, "version": MANIFEST_VERSION, "generator": generator,
               "programs": [p.to_json() for p in programs]}
    fd, tmp = tempfile.mkstemp(prefix=".manifest_", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, directory / MANIFEST_NAME)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return directory / MANIFEST_NAME


def read_program_source(library_dir: str | Path, entry: ProgramEntry) -> str:
    """The text of one program, checked against its manifest hash.

    Raises:
        ManifestError: the file is missing, not UTF-8, or its hash differs from the manifest's.
    """
    path = Path(library_dir) / entry.file
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ManifestError(f"{path}: listed in the manifest as {entry.name!r} but missing") from None
    except UnicodeDecodeError:
        raise ManifestError(f"{path}: not UTF-8 text") from None
    if source_sha256(text) != entry.sha256:
        raise ManifestError(f"{path}: content differs from the manifest's hash (edited after the manifest was written?)")
    return text
