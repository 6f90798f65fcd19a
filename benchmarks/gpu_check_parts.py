"""The measuring parts of `benchmarks/gpu_check.sh`, one per process (a crash stays in its part).

    python benchmarks/gpu_check_parts.py PART --out FILE.json [--dry-run] [options]

PART: preflight (what is installed, which GL/EGL device), trainer (vits16 images/s, MFU and
data wait on kml-mixup; `--compile`, `--augment torch|dali`), ddp (2-process NCCL step
equality), memory (exact torch search on CUDA against the CPU result). `--dry-run` runs the
same code at toy sizes on the CPU, so the report code can be tested without a GPU.
"""
from __future__ import annotations

import argparse
import csv
import importlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Dense bf16 peak (tensor cores, no sparsity) by device name, FLOP/s: the MFU denominator.
PEAK_BF16 = {"H200": 989.4e12, "H100 SXM": 989.4e12, "H100 NVL": 835.5e12, "H100 PCIe": 756.5e12,
             "H100": 989.4e12, "A100": 312e12, "L40S": 362e12}
MODULES = ("numpy", "moderngl", "glcontext", "timm", "yaml", "tqdm", "safetensors", "cupy", "cuda.bindings",
           "nvidia.dali", "faiss", "PIL", "pytest")


def peak_flops(name: str | None) -> tuple[float | None, str | None]:
    """(peak bf16 FLOP/s, table key) for a CUDA device name, or (None, None) if unknown."""
    for key, value in PEAK_BF16.items():  # the table lists specific names before generic ones
        if name and key in name:
            return value, key
    return None, None


def preflight(args) -> dict:
    """Versions of everything the check needs, the CUDA device, the EGL devices and GL renderer."""
    modules = {}
    for name in MODULES:
        try:
            module = importlib.import_module(name)
            modules[name] = str(getattr(module, "__version__", "present"))
        except Exception as err:  # noqa: BLE001 - report every kind of import failure
            modules[name] = f"MISSING ({type(err).__name__}: {str(err)[:120]})"
    out = {"python": platform.python_version(), "torch": torch.__version__, "torch_cuda": torch.version.cuda,
           "cuda_available": torch.cuda.is_available(), "device_count": torch.cuda.device_count(),
           "device_name": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
           "modules": modules}
    try:
        from procgen.gl import egl_devices, gl_info
        out["egl_devices"] = [{"index": d.index, "cuda": d.cuda_index, "software": d.is_software}
                              for d in egl_devices()]
        out["gl"] = gl_info("cpu" if args.dry_run else "cuda:0")
    except Exception as err:  # noqa: BLE001
        out["gl_error"] = f"{type(err).__name__}: {err}"
    return out


def _flops_per_image(cfg, device: torch.device) -> float:
    """FLOPs of one training image (student fwd+bwd on all views, teacher fwd on the globals)."""
    from torch.utils.flop_counter import FlopCounterMode

    from train.dino import DINOStep
    from train.model import build_student_teacher

    student, teacher = (m.to(device) for m in build_student_teacher(cfg))
    dino = DINOStep(cfg, student, student, teacher, device)
    c, batch = cfg.crops, 2
    views = [torch.rand(batch, 3, c.global_size, c.global_size, device=device) for _ in range(2)]
    views += [torch.rand(batch, 3, c.local_size, c.local_size, device=device) for _ in range(c.n_local)]
    with FlopCounterMode(display=False) as counter:
        dino.step(views, 0, monitor=False)
    return counter.get_total_flops() / batch


def trainer(args) -> dict:
    """vits16 (or cpu-tiny in a dry run) on kml-mixup: images/s, data wait, MFU."""
    from bench_train import bench_case  # benchmarks/ is on sys.path (this file's folder)
    from train.config import resolve_config

    if args.dry_run:
        preset, overrides = "cpu-tiny", ["device=cpu", "batch_size=4", "data.resolution=32", "model.out_dim=64",
                                         "model.hidden_dim=64", "model.bottleneck_dim=32", "crops.n_local=2"]
    else:
        preset, overrides = "vits16", ["device=cuda", "amp=bf16"]
    overrides += ["dataset=kml-mixup", f"compile={str(args.compile).lower()}", f"augment.backend={args.augment}",
                  f"log_every={args.log_every}", "progress=false"]
    result = bench_case(preset, args.steps, args.warmup, overrides)
    cfg = resolve_config(None, [f"preset={preset}", *overrides])
    device = torch.device(result["device"])
    flops = _flops_per_image(cfg, device)
    peak, peak_key = peak_flops(torch.cuda.get_device_name(device) if device.type == "cuda" else None)
    result.update(compile=args.compile, augment=args.augment, flops_per_image=flops, peak_flops=peak,
                  peak_key=peak_key, mfu=result["img_s"] * flops / peak if peak else None)
    return result


def _losses(run_dir: Path) -> list[float]:
    with open(run_dir / "metrics.csv") as fh:
        return [float(row["loss"]) for row in csv.DictReader(fh)]


def ddp(args) -> dict:
    """The same 3 steps with 1 process x batch 8 and 2 NCCL processes x 4: equal losses."""
    if args.dry_run or torch.cuda.device_count() < 2:
        return {"skipped": f"needs 2 GPUs, found {torch.cuda.device_count()}"}
    common = ["preset=cpu-tiny", "steps=3", "batch_size=8", "amp=off", "device=cuda", "tensorboard=false",
              "progress=false", "checkpoint_every=1000", "data.dataset=kml-mixup"]
    with tempfile.TemporaryDirectory(prefix="gpu_check_ddp_") as tmp:
        one, two = Path(tmp) / "one", Path(tmp) / "two"
        env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
        subprocess.run([sys.executable, "-m", "train", *common, f"output_dir={one}"], check=True, env=env, cwd=ROOT)
        subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
                        "-m", "train", *common, f"output_dir={two}"], check=True, env=env, cwd=ROOT)
        single, double = _losses(one), _losses(two)
    worst = max(abs(a - b) / max(abs(a), 1e-12) for a, b in zip(single, double))
    return {"losses_1proc": single, "losses_2proc": double, "max_rel_diff": worst, "equal": worst < 1e-3}


def memory(args) -> dict:
    """Exact torch search of 1M x 384 unit vectors on CUDA: queries/s, and equality with CPU."""
    from memory.search import TorchBackend

    n, dim, n_queries, k = (20_000, 32, 100, 10) if args.dry_run else (1_000_000, 384, 1000, 10)
    device = torch.device("cpu" if args.dry_run else "cuda")
    g = torch.Generator().manual_seed(0)
    vectors = torch.nn.functional.normalize(torch.randn(n, dim, generator=g), dim=1)
    queries = torch.nn.functional.normalize(torch.randn(n_queries, dim, generator=g), dim=1)
    index = TorchBackend(dim, device)
    index.add(vectors.to(device), torch.arange(n))
    index.search(queries[:10].to(device), k)  # warm-up
    times = []
    for _ in range(5):
        start = time.perf_counter()
        _, ids = index.search(queries.to(device), k)
        if device.type == "cuda":
            torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
    reference = TorchBackend(dim, "cpu")
    reference.add(vectors, torch.arange(n))
    _, expected = reference.search(queries[:50], k)
    same = (ids[:50].cpu() == expected).float().mean().item()
    return {"rows": n, "dim": dim, "queries": n_queries, "k": k, "device": str(device),
            "queries_per_s": n_queries / statistics.median(times), "same_ids_as_cpu": same, "equal": same > 0.99}


PARTS = {"preflight": preflight, "trainer": trainer, "ddp": ddp, "memory": memory}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("part", choices=sorted(PARTS), help="which part to run")
    parser.add_argument("--out", required=True, help="JSON file for the part's result")
    parser.add_argument("--dry-run", action="store_true", help="toy sizes on the CPU (tests the report code)")
    parser.add_argument("--compile", action="store_true", help="trainer: torch.compile the student")
    parser.add_argument("--augment", default="torch", choices=("torch", "dali"), help="trainer: multi-crop backend")
    parser.add_argument("--steps", type=int, default=10, help="trainer: timed steps")
    parser.add_argument("--warmup", type=int, default=5, help="trainer: untimed steps (compile happens here)")
    parser.add_argument("--log-every", type=int, default=1,
                        help="trainer: logging interval (the timings are read on logging steps)")
    args = parser.parse_args(argv)
    result = PARTS[args.part](args)
    Path(args.out).write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(json.dumps(result, default=str)[:2000])
    return 0


if __name__ == "__main__":
    sys.exit(main())
