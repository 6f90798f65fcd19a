"""Ingest throughput and per-reason counts on a generated corpus (issue 12).

`python -m benchmarks.bench_ingest --programs 300 --jobs 2 [--json OUT]` writes a corpus in the
three input formats (a folder of .glsl, a Shadertoy JSON export list, a JSONL file): variants of
the benchmark templates (fresh constants, so every compile is cold, as in a real first ingest)
plus hostile entries in fixed proportions (exact and near duplicates, multi-pass, keyboard and
microphone inputs, malformed lines, missing fields, constant, NaN, endless loops), then ingests it.
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from benchmarks.bench_corpus import emit
from benchmarks.variant_library import variant

CONSTANT = "void mainImage(out vec4 c, in vec2 f) {{ c = vec4(0.{i:03d}, 0.2, 0.3, 1.0); }}\n"
ALL_NAN = "void mainImage(out vec4 c, in vec2 f) {{ c = vec4(sqrt(-1.{i:03d} - f.x), 0.0, 0.0, 1.0); }}\n"
ENDLESS = "void mainImage(out vec4 c, in vec2 f) {{ float x = f.x + {i}.0; while (true) {{ x *= 1.01; }} c = vec4(x); }}\n"


def write_corpus(root: Path, programs: int, first: int = 20000) -> list[Path]:
    """~programs candidates: 80% good variants, 20% hostile, split over the three formats."""
    folder, jsonl, export = root / "folder", root / "corpus.jsonl", root / "export.json"
    folder.mkdir(parents=True)
    rows, shaders = [], []
    for n in range(programs):
        i = first + n
        _, code = variant(i)
        kind = n % 20
        if kind == 15:
            _, code = variant(i - 1)
            code = "// an exact copy\n" + code.split("\n", 1)[1]
        elif kind == 16:
            _, code = variant(i - 2)
            code = code.replace("1.0);\n}", "1.0) + vec4(0.0005);\n}", 1)  # a near copy
        elif kind == 17:
            code = (CONSTANT, ALL_NAN, ENDLESS)[(n // 20) % 3].format(i=n % 1000)
        if n % 3 == 0:
            (folder / f"p{i}.glsl").write_text(code)
        elif n % 3 == 1:
            row = {"id": f"j{i}", "name": f"j{i}", "author": "bench", "license": "CC BY-NC-SA 3.0", "image_code": code}
            if kind == 18:
                row["buffer_a_code"] = code
            if kind == 19:
                row["image_inputs"] = [{"ctype": "mic"}]
            rows.append(json.dumps(row) if kind != 14 else "{broken")
        else:
            passes = [{"type": "image", "code": code, "inputs": [{"ctype": "keyboard"}] if kind == 19 else []}]
            if kind == 18:
                passes.append({"type": "buffer", "code": code, "inputs": []})
            shaders.append({"info": {"id": f"s{i}", "name": f"s{i}", "username": "bench"}, "renderpass": passes})
    jsonl.write_text("\n".join(rows) + "\n")
    export.write_text(json.dumps({"Shaders": shaders}))
    return [folder, jsonl, export]


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_ingest", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--programs", type=int, default=300)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    from procgen.ingest import ingest

    with tempfile.TemporaryDirectory() as tmp:
        sources = write_corpus(Path(tmp) / "corpus", args.programs)
        start = time.perf_counter()
        report = ingest(sources, Path(tmp) / "library", jobs=args.jobs, progress=True)
        wall = time.perf_counter() - start
    result = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "candidates": report["candidates"],
              "accepted": report["accepted"], "rejected_by_reason": report["rejected_by_reason"], "jobs": args.jobs,
              "wall_s": wall, "programs_per_minute_wall": 60.0 * report["candidates"] / wall,
              "checked_per_minute": report["programs_per_minute"],
              "ms_per_image_percentiles": report["ms_per_image_percentiles"]}
    return emit(result, args.json)


if __name__ == "__main__":
    main()
