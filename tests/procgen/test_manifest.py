"""The library manifest: round trip, atomic write, and clear errors for every malformed case."""
import json

import pytest

from procgen.manifest import (ManifestError, ProgramEntry, read_manifest, read_program_source,
                              source_sha256, write_manifest)


def _library(tmp_path, text="void mainImage(out vec4 c, in vec2 p) { c = vec4(1.0); }"):
    (tmp_path / "a.glsl").write_text(text)
    entry = ProgramEntry("a", "a.glsl", source_sha256(text), {"licence": "CC0", "uses_iseed": False})
    write_manifest(tmp_path, {"name": "hand", "version": "1"}, [entry])
    return entry


def test_round_trip_keeps_order_and_metadata(tmp_path):
    entry = _library(tmp_path)
    manifest = read_manifest(tmp_path)
    assert manifest.generator == {"name": "hand", "version": "1"}
    assert manifest.programs == (entry,)
    assert manifest.programs[0].meta == {"licence": "CC0", "uses_iseed": False}
    assert read_program_source(tmp_path, entry).startswith("void mainImage")
    assert not list(tmp_path.glob(".manifest_*"))  # no temp file left behind


def test_edited_program_is_refused_naming_the_file(tmp_path):
    entry = _library(tmp_path)
    (tmp_path / "a.glsl").write_text("// edited\n")
    with pytest.raises(ManifestError, match="a.glsl.*differs"):
        read_program_source(tmp_path, entry)
    (tmp_path / "a.glsl").unlink()
    with pytest.raises(ManifestError, match="a.glsl.*missing"):
        read_program_source(tmp_path, entry)


@pytest.mark.parametrize("payload, message", [
    ("{not json", "not a valid JSON"),
    (json.dumps({"format": "other"}), "not a procvision-library"),
    (json.dumps({"format": "procvision-library", "version": 99}), "version 99"),
    (json.dumps({"format": "procvision-library", "version": 1, "programs": [{"name": "a"}]}), "lacks file, sha256"),
    (json.dumps({"format": "procvision-library", "version": 1,
                 "programs": [{"name": "a", "file": "../x.glsl", "sha256": "0"}]}), "outside the library"),
    (json.dumps({"format": "procvision-library", "version": 1,
                 "programs": [{"name": "a", "file": "a", "sha256": "0"}] * 2}), "appears twice"),
])
def test_malformed_manifests_are_named(tmp_path, payload, message):
    (tmp_path / "manifest.json").write_text(payload)
    with pytest.raises(ManifestError, match=message):
        read_manifest(tmp_path)


def test_missing_manifest(tmp_path):
    with pytest.raises(ManifestError, match="no manifest"):
        read_manifest(tmp_path)
