"""Run every GPU check and measurement of issue 15 in one go; write one JSON and a markdown block.

    python benchmarks/gpu_check.py --out DIR [--budget 480] [--dry-run]

(`benchmarks/gpu_check.sh` sets up the offline packages first, then runs this.) Each part is its
own process with a time limit taken from what is left of the budget, so a crash or a hang in
one part leaves the others' results standing. Writes DIR/gpu_check.json, DIR/gpu_check.md (the
block for benchmarks/RESULTS.md) and DIR/logs/PART.log; exits 1 when any check failed or timed
out (missed performance targets are reported, not failed). `--dry-run` runs the same flow at toy
sizes on the CPU: the CUDA tests are collected and skipped, the engine and trainer run tiny.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS_SCRIPT = ROOT / "benchmarks" / "gpu_check_parts.py"
CUDA_MARK = re.compile(r"^\s*@pytest\.mark\.cuda\b", re.MULTILINE)


@dataclass
class Part:
    """One step of the check: a command, its environment additions, and its time limit."""

    name: str
    command: list[str]
    timeout: float
    env: dict[str, str] = field(default_factory=dict)
    result_file: str | None = None  # JSON the command writes (relative to the output folder)
    status: str = "not run"  # pass | fail | timeout | skip | not run
    seconds: float = 0.0
    note: str = ""
    result: object = None


def cuda_test_files() -> list[str]:
    """Test files (relative to the repository) that hold tests marked `cuda`."""
    return sorted(str(path.relative_to(ROOT)) for path in (ROOT / "tests").rglob("test_*.py")
                  if CUDA_MARK.search(path.read_text(errors="replace")))


def plan(out: Path, dry_run: bool, has_dali: bool) -> list[Part]:
    """The parts in order, with their commands (toy CPU sizes in a dry run)."""
    py = sys.executable
    parts = [Part("preflight", [py, str(PARTS_SCRIPT), "preflight", "--out", str(out / "preflight.json")]
                  + (["--dry-run"] if dry_run else []), 40, result_file="preflight.json")]
    # Only the files with CUDA tests: collecting the whole suite would import packages the GPU
    # machine lacks (a collection error elsewhere must not fail this part).
    tests = [py, "-m", "pytest", "-m", "cuda", "-q", "-p", "no:cacheprovider", "--continue-on-collection-errors",
             f"--junitxml={out / 'cuda_tests.xml'}", *cuda_test_files()]
    parts.append(Part("cuda-tests", tests, 60 if dry_run else 110, result_file="cuda_tests.xml"))
    for name, limit in (("memory", 40), ("ddp", 90)):  # cheap parts first: the costly ones go last
        parts.append(Part(name, [py, str(PARTS_SCRIPT), name, "--out", str(out / f"{name}.json")]
                          + (["--dry-run"] if dry_run else []), limit, result_file=f"{name}.json"))
    if dry_run:
        bench = ["--device", "cpu", "--quick", "--resolutions", "16", "--batch", "4", "--baseline-samples", "1",
                 "--repeats", "1"]
    else:
        bench = ["--device", "cuda", "--resolutions", "64", "224", "256", "--batch", "256",
                 "--baseline-samples", "16", "--repeats", "3"]
    for name, reader, kml, datasets in (("engine-host-torch", "host", "torch", ["shaders", "kml-mixup"]),
                                        ("engine-zerocopy-torch", "auto", "torch", ["shaders", "kml-mixup"]),
                                        ("engine-zerocopy-cupy", "auto", "cupy", ["kml-mixup"])):
        if dry_run and kml == "cupy":
            continue  # CuPy cannot run on a CPU machine
        file = f"{name}.json"
        parts.append(Part(name, [py, "-m", "procgen.bench", *bench, "--datasets", *datasets, "--json", str(out / file)],
                          45 if dry_run else 50, {"PROCVISION_READBACK": reader, "PROCVISION_KML_BACKEND": kml},
                          result_file=file))
    trainer = [py, str(PARTS_SCRIPT), "trainer"] + (["--dry-run", "--steps", "2", "--warmup", "1"] if dry_run else [])
    cases = [("trainer-torch", [])] + ([("trainer-dali", ["--augment", "dali"])] if has_dali else [])
    cases += [("trainer-compile", ["--compile"])]
    for name, extra in cases:
        if dry_run and name == "trainer-compile":
            continue  # minutes of compile on 2 CPU cores
        parts.append(Part(name, [*trainer, *extra, "--out", str(out / f"{name}.json")],
                          60 if dry_run else (120 if "compile" in name else 60), result_file=f"{name}.json"))
    return parts


def parse_junit(path: Path) -> dict:
    """Counts and failing test ids of a pytest junit XML file."""
    root = ElementTree.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    counts = {key: sum(int(s.get(key, 0)) for s in suites) for key in ("tests", "failures", "errors", "skipped")}
    failed = [f"{case.get('classname')}::{case.get('name')}" for case in root.iter("testcase")
              if case.find("failure") is not None or case.find("error") is not None]
    counts["passed"] = counts["tests"] - counts["failures"] - counts["errors"] - counts["skipped"]
    return {**counts, "failed": failed}


def run_part(part: Part, out: Path, deadline: float) -> None:
    """Run one part within min(its limit, what is left); record status, time, result and note."""
    left = deadline - time.monotonic()
    if left < 5:
        part.status, part.note = "not run", "the time budget was used up by earlier parts"
        return
    log_path = out / "logs" / f"{part.name}.log"
    env = {**os.environ, **part.env, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    start = time.monotonic()
    with open(log_path, "w") as log:
        try:
            code = subprocess.run(part.command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                  timeout=min(part.timeout, left)).returncode
        except subprocess.TimeoutExpired:
            code = None
    part.seconds = time.monotonic() - start
    text = log_path.read_text(errors="replace")
    interpret(part, code, text, out)


def interpret(part: Part, code: int | None, log_text: str, out: Path) -> None:
    """Set part.status/note/result from its exit code, log and result file."""
    if code is None:
        part.status, part.note = "timeout", f"killed after {part.seconds:.0f} s"
        return
    file = out / part.result_file if part.result_file else None
    if file is not None and file.exists():
        part.result = parse_junit(file) if file.suffix == ".xml" else json.loads(file.read_text())
    tail = " | ".join(line for line in log_text.strip().splitlines()[-3:])[-300:]
    if part.name == "cuda-tests" and isinstance(part.result, dict):
        r = part.result
        part.status = "pass" if code == 0 and not r["failed"] else "fail"
        part.note = f"{r['passed']} passed, {r['failures'] + r['errors']} failed, {r['skipped']} skipped"
        if r["failed"]:
            part.note += ": " + ", ".join(r["failed"][:6])
        return
    if code != 0 or part.result is None:
        part.status, part.note = "fail", f"exit {code}: {tail}"
        return
    watched = {"InteropUnavailableWarning": part.name.startswith("engine-zerocopy"),
               "CupyUnavailableWarning": part.env.get("PROCVISION_KML_BACKEND") == "cupy"}
    fallbacks = [marker for marker, watch in watched.items() if watch and marker in log_text]
    if fallbacks:  # the run measured the slow path, not the one it was meant to
        part.status, part.note = "fail", f"fell back ({', '.join(fallbacks)}): see logs/{part.name}.log"
        return
    if isinstance(part.result, dict) and "skipped" in part.result:
        part.status, part.note = "skip", str(part.result["skipped"])
        return
    if isinstance(part.result, dict) and part.result.get("equal") is False:
        part.status, part.note = "fail", "results differ: " + json.dumps(part.result)[:200]
        return
    part.status = "pass"


def _engine_rows(parts: list[Part]) -> list[dict]:
    rows = []
    for part in parts:
        if part.name.startswith("engine-") and isinstance(part.result, list):
            reader = "copy (host)" if part.env["PROCVISION_READBACK"] == "host" else "zero-copy"
            rows += [{**row, "reader": reader, "kml": part.env["PROCVISION_KML_BACKEND"]} for row in part.result]
    return rows


def _trainer_rows(parts: list[Part]) -> list[dict]:
    return [part.result for part in parts if part.name.startswith("trainer-") and isinstance(part.result, dict)]


def targets(parts: list[Part], dry_run: bool = False) -> list[dict]:
    """The issue's targets, each with the measured value (None when not measured) and whether met."""
    engine, trainer = _engine_rows(parts), _trainer_rows(parts)

    def best(dataset: str, resolution: int, reader: str | None = None) -> dict | None:
        rows = [r for r in engine if r["dataset"] == dataset and r["resolution"] == resolution
                and (reader is None or r["reader"] == reader)]
        return max(rows, key=lambda r: r["engine_img_s"]) if rows else None

    def get(row: dict | None, key: str) -> float | None:
        return None if row is None else row.get(key)

    kml = best("kml-mixup", 256)
    render = best("render", 224, "zero-copy")
    plain = next((r for r in trainer if not r.get("compile") and r.get("augment") == "torch"), None)
    fastest = max(trainer, key=lambda r: r["img_s"]) if trainer else None
    found = [
        ("kml-mixup 256 px engine img/s", get(kml, "engine_img_s"), ">= 20000", lambda v: v >= 20000),
        ("kml-mixup 256 px engine / predecessor", get(kml, "ratio"), ">= 30x", lambda v: v >= 30),
        ("zero-copy render 224 px engine / raw", get(render, "engine_over_raw"), ">= 0.90", lambda v: v >= 0.9),
        ("vits16 data wait share of step", get(plain, "data_wait_frac"), "< 0.01", lambda v: v < 0.01),
        ("vits16 MFU (fastest case)", get(fastest, "mfu"), ">= 0.40 (aim)", lambda v: v >= 0.4),
    ]
    # A dry run's toy numbers are shown but never judged against the GPU targets.
    return [{"target": name, "measured": value, "goal": goal,
             "met": None if value is None or dry_run else bool(test(value))} for name, value, goal, test in found]


def recommendations(parts: list[Part]) -> list[str]:
    """Which backend to make the CUDA default, from this run's numbers."""
    out = []
    kml = {r["kml"]: r["engine_img_s"] for r in _engine_rows(parts)
           if r["dataset"] == "kml-mixup" and r["resolution"] == 256 and r["reader"] == "zero-copy"}
    if len(kml) == 2:
        faster = max(kml, key=kml.get)
        out.append(f"KML on CUDA: {faster} is faster ({kml['torch']:.0f} vs {kml['cupy']:.0f} img/s torch vs cupy): "
                   f"set CUDA_DEFAULT_BACKEND = \"{faster}\" in procgen/kml_cupy.py")
    aug = {r["augment"]: r["img_s"] for r in _trainer_rows(parts) if not r.get("compile")}
    if len(aug) == 2:
        faster = max(aug, key=aug.get)
        out.append(f"multi-crop on CUDA: {faster} is faster ({aug['torch']:.0f} vs {aug['dali']:.0f} img/s torch vs "
                   f"dali): set CUDA_DEFAULT_AUGMENT = \"{faster}\" in train/augment_dali.py")
    return out


def _fmt(value, spec: str = ",.0f") -> str:
    return "-" if value is None else format(value, spec)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Markdown table lines, preceded by a blank line ('|' in cells would split them)."""
    cells = [[str(c).replace("|", "/") for c in row] for row in rows]
    return ["", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + \
        ["| " + " | ".join(row) + " |" for row in cells]


def markdown(meta: dict, parts: list[Part], goals: list[dict], advice: list[str]) -> str:
    """The block to paste into benchmarks/RESULTS.md."""
    dry = " (DRY RUN on the CPU: toy sizes, not GPU numbers)" if meta["dry_run"] else ""
    lines = [f"## GPU check (issue 15): {meta['device']}, {meta['date']}", "",
             f"`{meta['command']}`: {meta['seconds']:.0f} s, exit {meta['exit_code']}. torch {meta['torch']}, "
             f"Python {meta['python']}{dry}."]
    lines += _table(["part", "status", "s", "note"], [[p.name, p.status, f"{p.seconds:.0f}", p.note] for p in parts])
    engine = _engine_rows(parts)
    if engine:
        lines += _table(["reader", "KML", "dataset", "px", "engine img/s", "predecessor img/s", "ratio", "raw img/s",
                         "engine/raw"],
                        [[r["reader"], r["kml"], r["dataset"], r["resolution"], _fmt(r["engine_img_s"]),
                          _fmt(r.get("baseline_img_s")), _fmt(r.get("ratio"), ".1f") + "x", _fmt(r.get("raw_img_s")),
                          _fmt(r.get("engine_over_raw"), ".0%")] for r in engine])
    trainer = _trainer_rows(parts)
    if trainer:
        lines += _table(["trainer", "compile", "augment", "batch", "img/s", "data wait", "MFU", "median step ms"],
                        [[f"{r['preset']} on {r['dataset']}", r["compile"], r["augment"], r["batch_size"],
                          _fmt(r["img_s"], ",.1f"), _fmt(r["data_wait_frac"], ".2%"), _fmt(r.get("mfu"), ".1%"),
                          _fmt(r["median_s"]["t_step"] * 1e3, ".0f")] for r in trainer])
    lines += _table(["target", "measured", "goal", "met"],
                    [[g["target"], _fmt(g["measured"], ",.3g"), g["goal"],
                      "-" if g["met"] is None else ("yes" if g["met"] else "**no**")] for g in goals])
    lines += [""] + [f"- {line}" for line in advice]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="gpu_check_out", help="output folder (default gpu_check_out)")
    parser.add_argument("--budget", type=float, default=480.0, help="seconds for all parts together (480)")
    parser.add_argument("--dry-run", action="store_true", help="toy sizes on the CPU, to test this script")
    parser.add_argument("--parts", nargs="+", default=None, metavar="PART",
                        help="run only these parts (e.g. to rerun what failed); default: all")
    parser.add_argument("--command", default=None, help="the command line to record (set by gpu_check.sh)")
    args = parser.parse_args(argv)
    out = Path(args.out).resolve()
    (out / "logs").mkdir(parents=True, exist_ok=True)
    try:
        import nvidia.dali  # noqa: F401 - DALI's wheel is too large to bring; measured where installed
        has_dali = True
    except ImportError:
        has_dali = False
    start = time.monotonic()
    parts = plan(out, args.dry_run, has_dali)
    if args.parts:
        unknown = sorted(set(args.parts) - {p.name for p in parts})
        if unknown:
            parser.error(f"unknown part(s) {', '.join(unknown)}; this run has: {', '.join(p.name for p in parts)}")
        parts = [p for p in parts if p.name in args.parts]
    for part in parts:
        print(f"[gpu_check] {part.name} ...", flush=True)
        run_part(part, out, start + args.budget)
        print(f"[gpu_check] {part.name}: {part.status} ({part.seconds:.0f} s) {part.note}", flush=True)
    if not has_dali and not args.parts:
        parts.append(Part("trainer-dali", [], 0, status="skip",
                          note="NVIDIA DALI is not installed here (its wheel is too large to bring along)"))
    failed = [p.name for p in parts if p.status in ("fail", "timeout", "not run")]  # unverified is not passed
    pre = next((p.result for p in parts if p.name == "preflight" and isinstance(p.result, dict)), {})
    meta = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "dry_run": args.dry_run,
            "device": pre.get("device_name") or "no CUDA device", "torch": pre.get("torch"),
            "python": pre.get("python"),
            "command": args.command or " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
            "seconds": time.monotonic() - start, "exit_code": 1 if failed else 0, "failed": failed}
    goals, advice = targets(parts, args.dry_run), recommendations(parts)
    if args.dry_run:
        advice = [f"(dry run: CPU toy numbers, do not act on this) {line}" for line in advice]
    report = {"meta": meta, "parts": [asdict(p) for p in parts], "targets": goals, "recommendations": advice}
    (out / "gpu_check.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    block = markdown(meta, parts, goals, advice)
    (out / "gpu_check.md").write_text(block)
    print(block)
    return meta["exit_code"]


if __name__ == "__main__":
    sys.exit(main())
