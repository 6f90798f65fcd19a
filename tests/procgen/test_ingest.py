"""`procgen.ingest` on a small hostile corpus written for the test, in all three input formats:
real files, real checker processes on llvmpipe, a real manifest, resume after an interruption."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from procgen.catalog import ManifestLibrary
from procgen.ingest import ingest, main
from procgen.ingest_sources import normalise_licence, read_source
from procgen.manifest import read_manifest

WAVES = """// Author: a test author
// From: https://example.org/not-a-header
void mainImage(out vec4 fragColor, in vec2 fragCoord) {
    vec2 uv = fragCoord / iResolution.xy;
    vec3 col = 0.5 + 0.5 * cos(iTime + uv.xyx * 6.0 + vec3(0.0, 2.0, 4.0));
    fragColor = vec4(col, 1.0);
}
"""
RINGS = """#define r length(p)
#define PI 3.14159
void mainImage(out vec4 o, vec2 u) {
    vec2 p = (u - 0.5 * iResolution.xy) / iResolution.y;
    o += vec4(0.5 + 0.5 * sin(40.0 * r - 4.0 * iTime), fract(r * 3.0), 0.3, 1.0);
}
"""
TEXTURED = """void mainImage(out vec4 c, in vec2 f) {
    vec2 uv = f / iResolution.xy + 0.05 * vec2(sin(iTime), cos(iTime));
    c = texture(iChannel0, uv * 2.0) * mix_amount();
}
"""
COMMON = "float mix_amount() { return 0.9; }\n"
REDECLARED = """uniform float iTime;
uniform vec3 iResolution;
float t = iTime * 0.5;  // a global initializer reading iTime, as WebGL allows
void mainImage(out vec4 c, in vec2 f) {
    vec2 uv = gl_FragCoord.xy / iResolution.xy;
    c = vec4(step(0.5, fract(uv.x * 8.0 + t)), uv.y, 0.5, 1.0);
}
"""
ENDLESS = "void mainImage(out vec4 c, in vec2 f) { float x = f.x; for (;;) { x = x * 1.01; } c = vec4(x); }\n"
CONSTANT = "void mainImage(out vec4 c, in vec2 f) { c = vec4(0.2, 0.3, 0.4, 1.0); }\n"
ALL_NAN = "void mainImage(out vec4 c, in vec2 f) { c = vec4(sqrt(-1.0 - f.x + iTime), 0.0, 0.0, 1.0); }\n"


def _shadertoy(shader_id: str, passes: list[dict]) -> dict:
    return {"Shader": {"ver": "0.1", "info": {"id": shader_id, "name": f"st {shader_id}", "username": "someone",
                                                "description": "test", "tags": ["test"]}, "renderpass": passes}}


def write_corpus(root: Path) -> list[Path]:
    """A folder, two Shadertoy JSON exports and a JSONL file, hostile programs included."""
    folder = root / "folder"
    (folder / "sub").mkdir(parents=True)
    (folder / "waves.glsl").write_text(WAVES)
    (folder / "sub" / "rings.frag").write_text(RINGS)
    # Sorted after waves.glsl: the copy is the duplicate.
    (folder / "z_copy_of_waves.txt").write_text("/* same code, other comments */\n" + WAVES.split("\n", 2)[2])
    (folder / "latin.glsl").write_bytes("// caf\u00e9\n".encode("latin-1") + CONSTANT.encode())
    (folder / "escape.glsl").write_text('#include "../../../etc/passwd"\n' + CONSTANT)
    (folder / "endless.glsl").write_text(ENDLESS)
    (folder / "constant.glsl").write_text(CONSTANT)
    image = lambda code, inputs=(): {"type": "image", "code": code, "inputs": list(inputs), "outputs": []}
    single = root / "textured.json"
    single.write_text(json.dumps(_shadertoy("tex01", [{"type": "common", "code": COMMON, "inputs": []},
                                                       image(TEXTURED, [{"ctype": "texture", "channel": 0}])])))
    multi = root / "several.json"
    multi.write_text(json.dumps({"Shaders": [
        _shadertoy("buf01", [image(WAVES), {"type": "buffer", "code": WAVES, "inputs": []}])["Shader"],
        _shadertoy("key01", [image(RINGS, [{"ctype": "keyboard", "channel": 1}])])["Shader"],
    ]}))
    lines = [
        {"id": "l1", "name": "redeclared", "author": "x", "license": "CC BY-NC-SA 3.0", "image_code": REDECLARED},
        "{not json",
        {"id": "l3", "name": "no code", "author": "x"},
        {"id": "l4", "name": "buffers", "image_code": WAVES, "buffer_a_code": WAVES},
        {"id": "l5", "name": "mic", "image_code": RINGS, "image_inputs": [{"ctype": "mic"}]},
        {"id": "l6", "name": "nan", "license": "CC0", "image_code": ALL_NAN},
        {"id": "l7", "name": "near copy", "license": "MIT", "image_code": RINGS.replace("0.3, 1.0", "0.3001, 1.0")},
    ]
    jsonl = root / "corpus.jsonl"
    jsonl.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
    return [folder, single, multi, jsonl]


EXPECTED_ACCEPTED = {"waves", "rings", "st_tex01", "redeclared"}
EXPECTED_REASONS = {"exact duplicate": 1, "not UTF-8": 1, "bad #include": 1, "did not finish": 1,
                    "constant colour": 1, "multi-pass program": 2, "input: keyboard": 1, "input: microphone": 1,
                    "malformed JSON": 1, "missing field": 1, "mostly NaN": 1, "near duplicate": 1}


def test_licences_are_normalised():
    cases = {"CC BY-NC-SA 3.0": "CC-BY-NC-SA-3.0", "Creative Commons Attribution 4.0 International": "CC-BY-4.0",
             "cc0": "CC0", "MIT License": "MIT", "public domain": "CC0", "": "unknown", "all rights reserved": "unknown",
             "Creative Commons Attribution-NonCommercial-ShareAlike 3.0 Unported License.": "CC-BY-NC-SA-3.0"}
    assert {text: normalise_licence(text) for text in cases} == cases


def test_ingest_accepts_single_pass_programs_and_names_every_rejection(tmp_path):
    sources = write_corpus(tmp_path / "corpus")
    out = tmp_path / "library"
    report = ingest(sources, out, jobs=2, progress=False)
    manifest = read_manifest(out)
    names = {entry.name for entry in manifest.programs}
    assert names == EXPECTED_ACCEPTED, report["rejected_by_reason"]
    assert report["rejected_by_reason"] == EXPECTED_REASONS
    assert report["accepted"] + report["rejected"] == report["candidates"] == 17
    textured = next(e for e in manifest.programs if e.name == "st_tex01")
    assert textured.meta["author"] == "someone" and textured.meta["licence"] == "CC-BY-NC-SA-3.0"
    assert textured.meta["source_id"] == "tex01" and textured.meta["origin"].endswith("textured.json")
    assert next(e for e in manifest.programs if e.name == "redeclared").meta["licence"] == "CC-BY-NC-SA-3.0"
    for kind in ("report.json", "report.md", "contact_sheet.png"):
        assert (out / kind).stat().st_size > 0
    assert "| near duplicate | 1 |" in (out / "report.md").read_text()
    library = ManifestLibrary(out)  # the library opens and every source matches its hash
    assert all(library[i].expanded_source for i in range(len(library)))
    assert len(list((out / "programs").glob("*.glsl"))) == len(EXPECTED_ACCEPTED)  # no leftover files

    # Resume after an interruption: the journal's last decisions and the manifest are lost.
    journal = out / ".ingest" / "journal.jsonl"
    lines = journal.read_text().splitlines()
    journal.write_text("\n".join(lines[:-3]) + "\n" + lines[-3][:20])  # a line cut mid-write
    (out / "manifest.json").unlink()
    with pytest.raises(FileExistsError):
        ingest(sources, out, progress=False)  # without --resume the folder is refused
    resumed = ingest(sources, out, resume=True, progress=False)
    assert resumed["skipped_already_decided"] == len(lines) - 3 and resumed["checked_this_run"] <= 3
    assert {e.name for e in read_manifest(out).programs} == EXPECTED_ACCEPTED
    assert resumed["rejected_by_reason"] == EXPECTED_REASONS


def test_licence_filter_and_cli(tmp_path, capsys):
    sources = write_corpus(tmp_path / "corpus")
    jsonl = sources[-1]
    assert main([str(jsonl), "--out", str(tmp_path / "lib"), "--licence", "CC-BY-NC-SA-3.0"]) == 0
    printed = capsys.readouterr().out
    assert "accepted 1 of 7" in printed and "licence not selected" in printed
    assert [e.name for e in read_manifest(tmp_path / "lib").programs] == ["redeclared"]
    with pytest.raises(SystemExit):
        main([str(jsonl), "--out", str(tmp_path / "x"), "--licence", "made-up"])


def test_sources_keep_line_maps_and_reject_without_reading_further(tmp_path):
    sources = write_corpus(tmp_path / "corpus")
    candidates = list(read_source(sources[1]))
    assert len(candidates) == 1 and candidates[0].reject is None
    assert candidates[0].code.startswith(COMMON) and str(candidates[0].line_map[-1][0]).endswith("#tex01:image")
    jsonl = {c.source_id: c.reject for c in read_source(sources[-1])}
    assert jsonl["line 2"].startswith("malformed JSON line 2")
    endless = next(c for c in read_source(sources[0]) if c.source_id == "endless.glsl")
    assert endless.line_map[0] == (sources[0] / "endless.glsl", 1)
    with pytest.raises(FileNotFoundError):
        list(read_source(tmp_path / "absent.bin"))


def test_kill_during_ingest_then_resume(tmp_path):
    """kill -9 of a running ingest: no manifest and no partial program file is left, and
    --resume finishes with exactly the library an uninterrupted ingest makes."""
    import os
    import signal
    import subprocess
    import sys
    import time

    sources = write_corpus(tmp_path / "corpus")
    out = tmp_path / "library"
    repo = Path(__file__).resolve().parents[2]
    process = subprocess.Popen([sys.executable, "-m", "procgen.ingest", *map(str, sources), "--out", str(out)],
                               cwd=repo, env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    journal = out / ".ingest" / "journal.jsonl"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and process.poll() is None:
        if journal.exists() and '"status": "passed"' in journal.read_text():
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert not (out / "manifest.json").exists()
    report = ingest(sources, out, resume=True, progress=False)
    assert report["skipped_already_decided"] >= 1
    assert {e.name for e in read_manifest(out).programs} == EXPECTED_ACCEPTED
    assert report["rejected_by_reason"] == EXPECTED_REASONS
    library = ManifestLibrary(out)  # every listed file is whole: its hash matches
    assert all(library[i].source for i in range(len(library)))
