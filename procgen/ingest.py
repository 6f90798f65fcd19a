"""Ingest Shadertoy programs into a library: `python -m procgen.ingest SOURCE... --out DIR`.

SOURCE is any mix of folders of .glsl/.frag/.txt programs (recursive, with or without our
header), Shadertoy API JSON exports (.json) and JSONL corpora (.jsonl). Single-pass programs
(image pass, optional common code) whose inputs are textures are accepted (bound to our
deterministic noise channels); multi-pass programs and keyboard, microphone, webcam, music,
video, cubemap or volume inputs are rejected with that reason. Every program goes through
`procgen.check` (compile, time budget, not constant, varies with seed and time, NaN judged as
the canvas shows it) in long-lived child processes; exact duplicates (same code without
comments/whitespace) and near duplicates (nearly identical renders at several seeds and times)
are dropped. The library is DIR/programs/*.glsl + DIR/manifest.json (written atomically, only
at the end), plus a compatibility report (report.json, report.md, contact_sheet.png).

Resumable: decisions go to DIR/.ingest/journal.jsonl as they are made; after a kill,
`--resume` skips every program already decided. One bad program never stops the run.
Ingested libraries are yours: keep them outside the repository, and keep their licences.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import re
import sys
import time
from pathlib import Path

import numpy as np

from procgen.check import DEFAULT_BUDGET_MS, check_programs
from procgen.ingest_report import write_report
from procgen.ingest_sources import LICENCES, Candidate, normalise_licence, normalised_source_hash, read_source
from procgen.library import Shader
from procgen.manifest import MANIFEST_NAME, ProgramEntry, source_sha256, write_manifest

NEAR_DUPLICATE_MEAN = 3.0  # mean |difference| (of 255) of the 16 px thumbnails at every seed/time
STATE_DIR = ".ingest"
GENERATOR_VERSION = "1"


def category(reason: str) -> str:
    """A short reason class for the report's counts ("compile error", "did not finish", ...)."""
    rules = (("did not finish", "did not finish"), ("constant colour", "constant colour"),
             ("mostly not finite", "mostly NaN"), ("change with iSeed", "does not change with seed"),
             ("change with iTime", "does not change with time"), ("unsupported input: ", None),
             ("multi-pass", "multi-pass program"), ("sound pass", "sound pass"),
             ("malformed JSON", "malformed JSON"), ("missing field", "missing field"),
             ("not UTF-8", "not UTF-8"), ("binary file", "binary file"), ("include", "bad #include"),
             ("exact duplicate", "exact duplicate"), ("near duplicate", "near duplicate"),
             ("licence", "licence not selected"), ("mainImage", "no mainImage"), ("crashed", "checker crashed"),
             ("error", "compile error"))
    for needle, name in rules:
        if needle in reason:
            return name or "input: " + reason.split(needle, 1)[1].split(" (")[0]
    return "other"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40] or "program"


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class Journal:
    """DIR/.ingest/journal.jsonl: one JSON line per decided program (flushed as written)."""

    def __init__(self, library_dir: Path, resume: bool) -> None:
        self.path = library_dir / STATE_DIR / "journal.jsonl"
        self.decided: dict[str, dict] = {}
        if self.path.exists() and resume:
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    record = json.loads(line)
                    self.decided[record["key"]] = record
                except (ValueError, KeyError):
                    continue  # a line cut by the kill: that program is simply checked again
        elif self.path.exists() or (library_dir / MANIFEST_NAME).exists():
            raise FileExistsError(f"{library_dir} already holds an ingest: pass --resume to continue it, "
                                  f"or choose an empty --out folder")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = self.path.open("a", encoding="utf-8")

    def record(self, record: dict) -> None:
        self.decided[record["key"]] = record
        self.handle.write(json.dumps(record) + "\n")
        self.handle.flush()

    def close(self) -> None:
        self.handle.close()


def _base_record(candidate: Candidate, order: int) -> dict:
    return {"key": candidate.key, "order": order, "origin": candidate.origin, "source_id": candidate.source_id,
            "name": candidate.name, "author": candidate.author, "licence": candidate.licence,
            "licence_text": candidate.licence_text, "description": candidate.description[:500],
            "tags": list(candidate.tags), "source_hash": normalised_source_hash(candidate.code) if candidate.code else ""}


def ingest(sources: list[Path], out: Path, licences: set[str] | None = None, resume: bool = False, jobs: int = 1,
           budget_ms: float = DEFAULT_BUDGET_MS, resolutions: tuple[int, ...] = (64,), progress: bool = True) -> dict:
    """Ingest `sources` into the library folder `out`; returns the report dict (see module doc)."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    (out / "programs").mkdir(exist_ok=True)
    previews = out / STATE_DIR / "previews"
    journal = Journal(out, resume)
    previews.mkdir(parents=True, exist_ok=True)
    seen_hashes = {r["source_hash"]: r["name"] for r in journal.decided.values() if r.get("status") == "passed"}
    to_check: list[tuple[Candidate, dict, Shader]] = []
    skipped = 0
    order = 0
    for source in sources:
        for candidate in read_source(source):
            order += 1
            if candidate.key in journal.decided:
                skipped += 1
                continue
            record = _base_record(candidate, order)
            reason = candidate.reject
            if reason is None and licences is not None and candidate.licence not in licences:
                reason = f"licence {candidate.licence} not selected (--licence)"
            if reason is None and record["source_hash"] in seen_hashes:
                reason = f"exact duplicate of {seen_hashes[record['source_hash']]!r}"
            if reason is not None:
                journal.record({**record, "status": "rejected", "reason": reason})
                continue
            seen_hashes[record["source_hash"]] = candidate.name or candidate.source_id
            shader = Shader(name=candidate.name or candidate.source_id, path=Path(f"{candidate.origin}#{candidate.source_id}"),
                            family="imported", author=candidate.author, licence=candidate.licence,
                            description=candidate.description, source=candidate.code,
                            expanded_source=candidate.code, line_map=candidate.line_map)
            to_check.append((candidate, record, shader))

    def decided(index: int, result) -> None:
        candidate, record, _ = to_check[index]
        if not result.ok:
            journal.record({**record, "status": "rejected", "reason": result.reason,
                            "check": {"compile_ms": result.compile_ms}})
            return
        file = f"programs/{_slug(candidate.name or candidate.source_id)}_{candidate.key[:8]}.glsl"
        _atomic_write(out / file, candidate.code)  # the file exists before its journal line says so
        if result.preview is not None:
            from PIL import Image

            Image.fromarray(result.preview.transpose(1, 2, 0)).save(previews / f"{candidate.key}.png")
        journal.record({**record, "status": "passed", "file": file, "sha256": source_sha256(candidate.code),
                        "uses_iseed": bool(result.uses_iseed),
                        "check": {"compile_ms": result.compile_ms, "ms_per_image": result.ms_per_image},
                        "thumbs": base64.b64encode(result.thumbs.tobytes()).decode() if result.thumbs is not None else ""})

    try:
        check_programs([(shader.path, shader) for _, _, shader in to_check], budget_ms, resolutions,
                       jobs=jobs, progress=progress, on_result=decided)
    finally:
        journal.close()
    accepted, rejected = _deduplicate(journal.decided.values(), out)
    entries = [ProgramEntry(r["manifest_name"], r["file"], r["sha256"], {
        "family": "imported", "author": r["author"], "licence": r["licence"], "licence_text": r["licence_text"],
        "origin": r["origin"], "source_id": r["source_id"], "source_name": r["name"], "description": r["description"],
        "tags": r["tags"], "uses_iseed": r["uses_iseed"], "check": r["check"]}) for r in accepted]
    if entries:
        write_manifest(out, {"name": "ingest", "version": GENERATOR_VERSION, "sources": [str(s) for s in sources]},
                       entries)
    seconds = time.perf_counter() - started
    return write_report(out, accepted, rejected, category, seconds=seconds, checked=len(to_check), skipped=skipped)


def _deduplicate(records, out: Path) -> tuple[list[dict], list[dict]]:
    """Accepted = passed the check and not a near duplicate of an earlier (by source order)
    passed program; near duplicates' files are removed. Returns (accepted, rejected)."""
    passed = sorted((r for r in records if r["status"] == "passed"), key=lambda r: r["order"])
    rejected = [r for r in records if r["status"] == "rejected"]
    accepted, kept_thumbs, names = [], [], set()
    for record in passed:
        thumbs = np.frombuffer(base64.b64decode(record.get("thumbs", "")), dtype=np.uint8).astype(np.float32)
        if kept_thumbs and thumbs.size:
            stack = np.stack(kept_thumbs)
            distance = np.abs(stack - thumbs).mean(axis=1) if stack.shape[1] == thumbs.size else np.full(len(stack), 1e9)
            nearest = int(distance.argmin())
            if distance[nearest] < NEAR_DUPLICATE_MEAN:
                (out / record["file"]).unlink(missing_ok=True)
                rejected.append({**record, "status": "rejected", "reason": f"near duplicate of "
                                 f"{accepted[nearest]['manifest_name']!r} (mean difference {distance[nearest]:.2f}/255)"})
                continue
        name = _slug(record["name"] or record["source_id"])
        record["manifest_name"] = name if name not in names else f"{name}_{record['key'][:8]}"
        names.add(record["manifest_name"])
        accepted.append(record)
        kept_thumbs.append(thumbs)
    return accepted, rejected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m procgen.ingest", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="+", type=Path, help="folders, Shadertoy .json exports, .jsonl corpora")
    parser.add_argument("--out", type=Path, required=True, help="the library folder to create (or resume)")
    parser.add_argument("--licence", "--license", nargs="+", default=None, metavar="LICENCE",
                        help=f"keep only these licences (normalised names: {', '.join(LICENCES)})")
    parser.add_argument("--resume", action="store_true", help="continue an interrupted ingest into --out")
    parser.add_argument("--jobs", type=int, default=1, help="checker processes at once (default %(default)s)")
    parser.add_argument("--budget-ms", type=float, default=DEFAULT_BUDGET_MS,
                        help="time budget per check render of 4 images (default %(default)s)")
    parser.add_argument("--resolutions", type=int, nargs="+", default=[64], help="check resolutions (default 64)")
    args = parser.parse_args(argv)
    if args.jobs < 1 or args.budget_ms <= 0 or any(r <= 0 for r in args.resolutions):
        parser.error("--jobs, --budget-ms and --resolutions must be positive")
    missing = [str(s) for s in args.sources if not s.exists()]
    if missing:
        parser.error(f"source(s) not found: {', '.join(missing)}")
    licences = None
    if args.licence:
        licences = {normalise_licence(l) if l not in LICENCES else l for l in args.licence}
        if "unknown" in licences and "unknown" not in args.licence:
            parser.error(f"unrecognised licence name in {args.licence}; known: {', '.join(LICENCES)}")
    try:
        report = ingest(args.sources, args.out, licences, args.resume, args.jobs, args.budget_ms, tuple(args.resolutions))
    except FileExistsError as err:
        parser.error(str(err))
    print(f"accepted {report['accepted']} of {report['candidates']} programs "
          f"({report['programs_per_minute']:.0f} programs/min); report: {args.out / 'report.md'}")
    for reason, count in report["rejected_by_reason"].items():
        print(f"  rejected {count:5d}  {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
