"""benchmarks/gpu_check: its parsing, judging and report code on crafted part results, and the
real script end to end in its CPU dry run (a subset of parts, to stay short)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from benchmarks import gpu_check
from benchmarks.gpu_check import Part, interpret, markdown, parse_junit, recommendations, targets
from benchmarks.gpu_check_parts import peak_flops

ROOT = Path(__file__).resolve().parents[1]
JUNIT = """<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="0" failures="1"
skipped="1" tests="4"><testcase classname="tests.procgen.test_kml_cupy" name="test_a"/>
<testcase classname="tests.procgen.test_kml_cupy" name="test_b"><failure message="boom"/></testcase>
<testcase classname="tests.train.test_step_timer" name="test_c"><skipped/></testcase>
<testcase classname="tests.train.test_step_timer" name="test_d"/></testsuite></testsuites>"""


def engine_part(name, reader, kml, rows) -> Part:
    return Part(name, [], 1, {"PROCVISION_READBACK": reader, "PROCVISION_KML_BACKEND": kml}, status="pass",
                result=rows)


def trainer_row(augment, compile_, img_s, wait, mfu) -> dict:
    return {"preset": "vits16", "dataset": "kml-mixup", "compile": compile_, "augment": augment, "batch_size": 512,
            "img_s": img_s, "data_wait_frac": wait, "mfu": mfu, "median_s": {"t_step": 512 / img_s}}


def test_junit_counts_and_failing_ids(tmp_path):
    path = tmp_path / "junit.xml"
    path.write_text(JUNIT)
    assert parse_junit(path) == {"tests": 4, "failures": 1, "errors": 0, "skipped": 1, "passed": 2,
                                 "failed": ["tests.procgen.test_kml_cupy::test_b"]}
    part = Part("cuda-tests", [], 1, result_file="junit.xml")
    interpret(part, 1, "", tmp_path)
    assert part.status == "fail" and part.note.startswith("2 passed, 1 failed, 1 skipped: tests.procgen")


def test_a_silent_fallback_fails_the_part_that_measures_the_fast_path(tmp_path):
    (tmp_path / "e.json").write_text("[]")
    zero_copy = Part("engine-zerocopy-cupy", [], 1, {"PROCVISION_READBACK": "auto", "PROCVISION_KML_BACKEND": "cupy"},
                     result_file="e.json")
    interpret(zero_copy, 0, "CupyUnavailableWarning: kml_backend=cupy: CuPy is not usable", tmp_path)
    assert zero_copy.status == "fail" and "CupyUnavailableWarning" in zero_copy.note
    host = Part("engine-host-torch", [], 1, {"PROCVISION_READBACK": "host", "PROCVISION_KML_BACKEND": "torch"},
                result_file="e.json")
    interpret(host, 0, "InteropUnavailableWarning would not matter here", tmp_path)
    assert host.status == "pass"


def test_timeouts_skips_and_unequal_results(tmp_path):
    timed_out = Part("trainer-compile", [], 1, seconds=120)
    interpret(timed_out, None, "", tmp_path)
    assert timed_out.status == "timeout"
    (tmp_path / "ddp.json").write_text(json.dumps({"skipped": "needs 2 GPUs, found 1"}))
    (tmp_path / "memory.json").write_text(json.dumps({"equal": False, "same_ids_as_cpu": 0.5}))
    ddp, memory = Part("ddp", [], 1, result_file="ddp.json"), Part("memory", [], 1, result_file="memory.json")
    interpret(ddp, 0, "", tmp_path)
    interpret(memory, 0, "", tmp_path)
    assert (ddp.status, memory.status) == ("skip", "fail")
    crashed = Part("memory", [], 1, result_file="missing.json")
    interpret(crashed, 1, "Traceback\nRuntimeError: CUDA error: out of memory", tmp_path)
    assert crashed.status == "fail" and "out of memory" in crashed.note


def test_targets_recommendations_and_the_markdown_block():
    rows = lambda kml_rate: [  # noqa: E731
        {"dataset": "render", "resolution": 224, "engine_img_s": 50_000.0, "raw_img_s": 52_000.0,
         "engine_over_raw": 0.96, "baseline_img_s": 900.0, "ratio": 55.0},
        {"dataset": "kml-mixup", "resolution": 256, "engine_img_s": kml_rate, "baseline_img_s": 600.0,
         "ratio": kml_rate / 600.0}]
    parts = [engine_part("engine-zerocopy-torch", "auto", "torch", rows(15_000.0)),
             engine_part("engine-zerocopy-cupy", "auto", "cupy", rows(24_000.0)),
             Part("trainer-torch", [], 1, status="pass", result=trainer_row("torch", False, 2000.0, 0.004, 0.31)),
             Part("trainer-dali", [], 1, status="pass", result=trainer_row("dali", False, 1900.0, 0.003, 0.30))]
    goals = {g["target"]: g for g in targets(parts)}
    assert goals["kml-mixup 256 px engine img/s"]["measured"] == 24_000.0  # the faster backend's row
    assert goals["kml-mixup 256 px engine img/s"]["met"] and goals["kml-mixup 256 px engine / predecessor"]["met"]
    assert goals["zero-copy render 224 px engine / raw"]["met"] and goals["vits16 data wait share of step"]["met"]
    assert goals["vits16 MFU (fastest case)"]["met"] is False
    assert all(g["met"] is None for g in targets(parts, dry_run=True))
    advice = recommendations(parts)
    assert any('CUDA_DEFAULT_BACKEND = "cupy"' in line for line in advice)
    assert any('CUDA_DEFAULT_AUGMENT = "torch"' in line for line in advice)
    meta = {"device": "NVIDIA H200", "date": "2027-01-01 00:00 UTC", "command": "bash benchmarks/gpu_check.sh",
            "seconds": 300.0, "exit_code": 0, "torch": "2.11", "python": "3.12.3", "dry_run": False}
    block = markdown(meta, parts, list(goals.values()), advice)
    assert block.startswith("## GPU check (issue 15): NVIDIA H200")
    assert "| zero-copy | cupy | kml-mixup | 256 | 24,000 | 600 | 40.0x |" in block
    assert "| vits16 MFU (fastest case) | 0.31 | >= 0.40 (aim) | **no** |" in block


def test_peak_flops_table_prefers_the_specific_name():
    assert peak_flops("NVIDIA H100 PCIe") == (756.5e12, "H100 PCIe")
    assert peak_flops("NVIDIA H200") == (989.4e12, "H200")
    assert peak_flops("Tesla T4") == (None, None) and peak_flops(None) == (None, None)


def test_dry_run_of_the_script_end_to_end(tmp_path):
    out = tmp_path / "out"
    result = subprocess.run(["bash", "benchmarks/gpu_check.sh", "--dry-run", "--out", str(out),
                             "--parts", "memory", "ddp"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads((out / "gpu_check.json").read_text())
    status = {p["name"]: p["status"] for p in report["parts"]}
    assert status == {"memory": "pass", "ddp": "skip"}
    memory = next(p["result"] for p in report["parts"] if p["name"] == "memory")
    assert memory["same_ids_as_cpu"] == 1.0 and memory["queries_per_s"] > 0
    block = (out / "gpu_check.md").read_text()
    assert "DRY RUN on the CPU" in block and "| ddp | skip |" in block
    assert (out / "logs" / "memory.log").exists()


def test_unknown_part_is_named(tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        gpu_check.main(["--dry-run", "--out", str(tmp_path), "--parts", "warp-drive"])
    assert exit_info.value.code == 2


def test_cuda_test_files_are_found_by_their_marker():
    files = gpu_check.cuda_test_files()
    assert "tests/procgen/test_cuda_readback.py" in files and "tests/train/test_step_timer.py" in files
    assert "tests/test_gpu_check.py" not in files  # names the marker in text only, no decorator
