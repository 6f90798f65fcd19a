"""Cost of the stale-reader check (``PRAGMA data_version`` before every read) per search, and of
the verified checkpoint load: ``python -m benchmarks.bench_store_sync``."""
from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

from memory.store import MemoryStore
from train import checkpoint as ckpt
from train.integrity import payload_digest


def _median_us(fn, repeats: int) -> float:
    for _ in range(10):  # warm up
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1e6 * statistics.median(times)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_store_sync",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--repeats", type=int, default=300)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        store = MemoryStore(Path(tmp) / "m.db")
        store.add(rng.normal(size=(args.rows, args.dim)).astype(np.float32),
                  rng.integers(0, 10, args.rows))
        query = rng.normal(size=(1, args.dim)).astype(np.float32)
        with_check = _median_us(lambda: store.search(query, 10), args.repeats)
        check_only = _median_us(store._sync, args.repeats)
        real_sync, store._sync = store._sync, lambda: None  # what a search costs without it
        without = _median_us(lambda: store.search(query, 10), args.repeats)
        store._sync = real_sync
        store.close()
        gen = torch.Generator().manual_seed(0)
        state = {"teacher": {f"w{i}": torch.randn(1024, 1024, generator=gen) for i in range(24)}}
        megabytes = 24 * 4
        digest_ms = _median_us(lambda: payload_digest(state), 5) / 1e3
        path = ckpt.save_checkpoint({"config": {}, **state}, Path(tmp) / "run", 1)
        load_ms = _median_us(lambda: ckpt.load_checkpoint(path), 5) / 1e3
    results = {"rows": args.rows, "dim": args.dim, "search_us_with_check": round(with_check, 1),
               "search_us_without_check": round(without, 1),
               "data_version_check_us": round(check_only, 1),
               "checkpoint_mb": megabytes, "payload_digest_ms": round(digest_ms, 1),
               "verified_load_ms": round(load_ms, 1)}
    print(json.dumps(results, indent=1))
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    return results


if __name__ == "__main__":
    main()
