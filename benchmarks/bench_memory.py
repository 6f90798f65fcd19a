"""Visual-memory benchmark: search speed, approximate recall, storage, and forgetting.

``python -m benchmarks.bench_memory --sizes 100000 1000000 --dim 384 --queries 1000 --json F``

For each memory size N (clustered synthetic unit vectors, seeded by (seed, chunk)):
- build: a SQLite-backed MemoryStore (one transaction), rows/s; reopen time (load from SQLite);
- exact search, store torch backend vs a bare ``faiss.IndexFlatIP`` baseline in the same run:
  throughput (queries/s) at batch Q and latency (ms/query) at batch 1, medians of repeats;
- approximate IVF-Flat (store's faiss-ivf backend): build time, speed-up over exact torch,
  recall@k against the exact neighbours;
- storage per million rows: vector bytes and SQLite file bytes;
- forgetting one subject's rows (``--forget-rows``) from the N-row store: time, rows left in
  SQLite, and a byte scan of the database file for the subject's marker and removed vectors.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # also runs as a plain script

from memory.forget import file_contains  # noqa: E402
from memory.search import FaissIVFBackend  # noqa: E402
from memory.store import MemoryStore  # noqa: E402

CHUNK = 65536


def clustered_unit_vectors(n: int, dim: int, seed: int, stream: int, noise: float = 1.0,
                           centres: int = 1000) -> np.ndarray:
    """float32 (n, dim) unit rows around cluster centres seeded by ``seed`` (shared by every
    stream, so queries fall in the memory's clusters); chunk c of a stream uses (seed, stream, c)."""
    means = np.random.default_rng([seed, 0, 0]).normal(size=(centres, dim)).astype(np.float32)
    out = np.empty((n, dim), dtype=np.float32)
    for c, start in enumerate(range(0, n, CHUNK)):
        rng = np.random.default_rng([seed, stream + 1, c])
        stop = min(start + CHUNK, n)
        rows = means[rng.integers(0, centres, stop - start)]
        out[start:stop] = rows + noise * rng.normal(size=rows.shape).astype(np.float32)
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out


def median_times(fns: dict, repeats: int) -> dict[str, float]:
    """Median wall time of each ``fns[name]()`` over ``repeats`` rounds, after one warm-up call
    each; the rounds interleave the functions so machine load affects them alike."""
    for fn in fns.values():
        fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def bench_size(n: int, args: argparse.Namespace, workdir: Path) -> dict:
    import faiss

    dim, k, q = args.dim, args.k, args.queries
    x = clustered_unit_vectors(n, dim, args.seed, stream=0, noise=args.noise)
    queries = clustered_unit_vectors(q, dim, args.seed, stream=1, noise=args.noise)
    labels = np.random.default_rng([args.seed, 999]).integers(0, 1000, n)
    marker = f"FORGET-ME-{args.seed:04d}-c0ffee"
    forget_rows = min(args.forget_rows, n // 2)
    forgotten = np.random.default_rng([args.seed, 7]).choice(n, forget_rows, replace=False)
    subjects = np.array([f"subject-{i % 5000}" for i in range(n)], dtype=object)
    subjects[forgotten] = marker
    result: dict = {"n": n, "dim": dim, "queries": q, "k": k}

    path = workdir / f"memory-{n}.db"
    path.unlink(missing_ok=True)
    store = MemoryStore(path, dim=dim, backend="torch", max_bytes=args.max_bytes,
                        query_chunk=args.query_chunk)
    start = time.perf_counter()
    store.add(x, labels, metadata={"subject": subjects.tolist(),
                                   "source": [f"images/{i:08d}.jpg" for i in range(n)]})
    result["build_s"] = time.perf_counter() - start
    result["build_rows_per_s"] = n / result["build_s"]
    store.close()
    start = time.perf_counter()
    store = MemoryStore.open(path, max_bytes=args.max_bytes, query_chunk=args.query_chunk)
    result["open_s"] = time.perf_counter() - start
    result["sqlite_bytes_per_million"] = path.stat().st_size * 1e6 / n
    result["vector_bytes_per_million"] = 4 * dim * 1e6

    flat = faiss.IndexFlatIP(dim)
    flat.add(x)
    exact_ids = store.search(queries, k)[1]
    # Exact search: batch of q queries, and batch-1 latency over a few queries.
    singles = queries[: args.latency_queries]
    timed = median_times({
        "torch_batch_s": lambda: store.search(queries, k),
        "faiss_batch_s": lambda: flat.search(queries, k),
        "torch_singles_s": lambda: [store.search(s[None], k) for s in singles],
        "faiss_singles_s": lambda: [flat.search(s[None], k) for s in singles]}, args.repeats)
    result["torch_batch_s"], result["faiss_batch_s"] = timed["torch_batch_s"], timed["faiss_batch_s"]
    result["torch_latency_ms"] = 1e3 * timed["torch_singles_s"] / len(singles)
    result["faiss_latency_ms"] = 1e3 * timed["faiss_singles_s"] / len(singles)
    for name in ("torch", "faiss"):
        result[f"{name}_qps"] = q / result[f"{name}_batch_s"]
    result["torch_over_faiss_batch"] = result["torch_batch_s"] / result["faiss_batch_s"]
    result["torch_over_faiss_latency"] = result["torch_latency_ms"] / result["faiss_latency_ms"]
    faiss_ids = flat.search(queries, k)[1]
    result["faiss_agrees_with_torch"] = float(np.mean(
        [len(set(a) & set(b)) / k for a, b in zip(faiss_ids, exact_ids.numpy())]))
    del flat

    ivf = FaissIVFBackend(dim, nprobe=args.nprobe, seed=args.seed)
    start = time.perf_counter()
    ivf.add(torch.from_numpy(x), torch.from_numpy(store.ids.numpy()))
    ivf.search(torch.from_numpy(queries[:1]), k)  # trains the quantizer and fills the lists
    result["ivf_build_s"] = time.perf_counter() - start
    result["ivf_nlist"], result["ivf_nprobe"] = int(ivf.index.nlist), args.nprobe
    result["ivf_batch_s"] = median_times(
        {"ivf": lambda: ivf.search(torch.from_numpy(queries), k)}, args.repeats)["ivf"]
    ivf_ids = ivf.search(torch.from_numpy(queries), k)[1].numpy()
    result["ivf_qps"] = q / result["ivf_batch_s"]
    result["ivf_speedup_over_torch"] = result["torch_batch_s"] / result["ivf_batch_s"]
    result[f"ivf_recall_at_{k}"] = float(np.mean(
        [len(set(a) & set(b)) / k for a, b in zip(ivf_ids, exact_ids.numpy())]))
    del ivf

    probes = [store.get(int(i)).embedding.tobytes() for i in forgotten[:8]] + [marker.encode()]
    present_before = all(file_contains(path, probes))
    start = time.perf_counter()
    removed = store.remove_where(subject=marker)
    result["forget_s"] = time.perf_counter() - start
    result.update(forget_rows=removed, forget_rows_left=store.count_where(subject=marker),
                  forget_bytes_present_before=present_before,
                  forget_bytes_found_after=int(sum(file_contains(path, probes))),
                  forget_search_clean=bool(not np.isin(store.search(queries, k)[1].numpy(),
                                                       forgotten).any()))
    store.close()
    if not args.keep:
        path.unlink()
    return result


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def print_table(results: list[dict]) -> None:
    rows = [("memory rows", "n", "{:,}"), ("build rows/s", "build_rows_per_s", "{:,.0f}"),
            ("reopen s", "open_s", "{:.2f}"),
            ("torch q/s (batch)", "torch_qps", "{:,.0f}"), ("faiss q/s (batch)", "faiss_qps", "{:,.0f}"),
            ("torch/faiss time (batch)", "torch_over_faiss_batch", "{:.2f}x"),
            ("torch ms/query (batch 1)", "torch_latency_ms", "{:.2f}"),
            ("faiss ms/query (batch 1)", "faiss_latency_ms", "{:.2f}"),
            ("torch/faiss time (batch 1)", "torch_over_faiss_latency", "{:.2f}x"),
            ("IVF q/s", "ivf_qps", "{:,.0f}"), ("IVF speed-up vs torch", "ivf_speedup_over_torch", "{:.1f}x"),
            ("IVF recall@k", None, "{:.3f}"), ("IVF build s", "ivf_build_s", "{:.1f}"),
            ("vector MB / 1M rows", "vector_bytes_per_million", "{:.0f}"),
            ("SQLite MB / 1M rows", "sqlite_bytes_per_million", "{:.0f}"),
            ("forget rows", "forget_rows", "{}"), ("forget s", "forget_s", "{:.2f}"),
            ("rows left / bytes found", None, "{}")]
    width = max(len(r[0]) for r in rows) + 2
    for label, key, fmt in rows:
        cells = []
        for r in results:
            if label == "IVF recall@k":
                value = fmt.format(r[f"ivf_recall_at_{r['k']}"])
            elif label == "rows left / bytes found":
                value = f"{r['forget_rows_left']} / {r['forget_bytes_found_after']}"
            elif key.endswith("per_million"):
                value = fmt.format(r[key] / 2**20)
            else:
                value = fmt.format(r[key])
            cells.append(f"{value:>16}")
        print(f"{label:<{width}}" + "".join(cells))


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_memory", description=(
        "Benchmark the visual memory: exact torch vs faiss flat search, IVF speed/recall, "
        "storage, and forgetting a subject."))
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000],
                        help="memory sizes (rows)")
    parser.add_argument("--dim", type=int, default=384, help="embedding dimension")
    parser.add_argument("--queries", type=int, default=1000, help="queries per batch")
    parser.add_argument("--k", type=int, default=10, help="neighbours per query")
    parser.add_argument("--latency-queries", type=int, default=20,
                        help="single queries timed for batch-1 latency")
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats (median)")
    parser.add_argument("--threads", type=int, default=2, help="torch and faiss threads")
    parser.add_argument("--max-bytes", type=int, default=256 * 2**20,
                        help="torch backend similarity-block budget in bytes")
    parser.add_argument("--query-chunk", type=int, default=1024,
                        help="torch backend queries per block")
    parser.add_argument("--nprobe", type=int, default=16, help="IVF lists probed per query")
    parser.add_argument("--forget-rows", type=int, default=1000,
                        help="rows of the subject that is forgotten")
    parser.add_argument("--seed", type=int, default=0, help="data seed")
    parser.add_argument("--noise", type=float, default=1.0,
                        help="per-coordinate noise around the 1000 unit-variance cluster centres "
                             "(larger: harder for the IVF)")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="folder for the SQLite files (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite files")
    parser.add_argument("--json", type=Path, default=None, help="write results here")
    args = parser.parse_args(argv)
    import faiss

    torch.set_num_threads(args.threads)
    faiss.omp_set_num_threads(args.threads)
    results = []
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        for n in args.sizes:
            print(f"benchmarking {n:,} rows x {args.dim}-d ...", flush=True)
            results.append(bench_size(n, args, Path(tmp)))
    print_table(results)
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
            "machine": {"platform": platform.platform(), "cpu": _cpu_model(),
                        "cpu_count": os.cpu_count(),
                        "threads": args.threads, "torch": torch.__version__,
                        "faiss": faiss.__version__},
            "command": "python -m benchmarks.bench_memory " + " ".join(sys.argv[1:] if argv is None
                                                                      else argv),
            "results": results}, indent=1))
    return results


if __name__ == "__main__":
    main()
