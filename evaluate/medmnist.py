"""The MedMNIST suite: KNN on every MedMNIST .npz present in a folder: ``python -m evaluate.medmnist``.

The paper's 10 2D sets (blood, breast, derma, oct, organa, organc, organs, path, pneumonia,
tissue), each in any size variant of the MedMNIST release: ``<set>mnist.npz`` (28 px) or
``<set>mnist_<64|128|224>.npz``. Protocol: the DINO KNN protocol of ``memory.knn`` (train split
= the memory, test split = the queries, softmax vote T = 0.07, default k = 20), one table row
per file. Files that are absent are listed with how to get them; nothing is downloaded. Every
file found is checked for the six arrays before any embedding starts.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np

from evaluate.benchmarks import register_benchmark
from evaluate.cli import run_tool, tool_parser
from memory.classifier import KNNClassifier
from memory.data import SPLITS
from memory.features import compute_features
from memory.store import MemoryStore
from memory.voting import SoftmaxVote

__all__ = ["MEDMNIST_SETS", "find_medmnist", "check_npz", "evaluate_medmnist", "format_table",
           "main"]

MEDMNIST_SETS = ("blood", "breast", "derma", "oct", "organa", "organc", "organs", "path",
                 "pneumonia", "tissue")
_FILE = re.compile(r"^(?P<set>[a-z]+)mnist(?:_(?P<size>\d+))?\.npz$")
HOW_TO_GET = ("get them from the MedMNIST v2 release (Zenodo record 10519652, files "
              "<set>mnist[_224].npz), or `pip install medmnist` and "
              "`python -c \"import medmnist; medmnist.BloodMNIST(split='test', size=224, "
              "download=True, root='DIR')\"` for each set, then copy the .npz files into DIR")


def find_medmnist(folder: str | Path) -> tuple[list[tuple[str, int, Path]], list[str]]:
    """(found [(set, size, file)] sorted by set then size, missing set names) in ``folder``."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"MedMNIST folder not found: {folder}")
    found = []
    for path in sorted(folder.glob("*.npz")):
        match = _FILE.match(path.name)
        if match and match["set"] in MEDMNIST_SETS:
            found.append((match["set"], int(match["size"] or 28), path))
    found.sort(key=lambda item: (MEDMNIST_SETS.index(item[0]), item[1]))
    present = {name for name, _, _ in found}
    return found, [name for name in MEDMNIST_SETS if name not in present]


def check_npz(path: Path) -> None:
    """Raise ValueError naming ``path`` unless it holds {train,val,test}_{images,labels}."""
    try:
        with np.load(path) as archive:
            keys = set(archive.files)
    except (OSError, ValueError) as error:
        raise ValueError(f"{path} is not a readable .npz: {error}") from None
    missing = [f"{s}_{kind}" for s in SPLITS for kind in ("images", "labels")
               if f"{s}_{kind}" not in keys]
    if missing:
        raise ValueError(f"{path} is not a MedMNIST npz: missing arrays {missing} "
                         f"(has {sorted(keys)})")


def evaluate_medmnist(backbone: str, folder: str | Path, ks: tuple[int, ...] = (20,),
                      only: list[str] | None = None, limit_train: int | None = None,
                      limit_test: int | None = None, device: str = "cpu", batch_size: int = 256,
                      cache_dir: str | Path | None = None, seed: int = 0,
                      progress: bool = True) -> dict:
    """KNN top-1 / top-5 (percent) of ``backbone`` on every MedMNIST file in ``folder``."""
    found, missing = find_medmnist(folder)
    if only:
        unknown = [name for name in only if name not in MEDMNIST_SETS]
        if unknown:
            raise ValueError(f"unknown MedMNIST set(s) {unknown}; known: {', '.join(MEDMNIST_SETS)}")
        found = [item for item in found if item[0] in only]
        missing = [name for name in missing if name in only]
    for _, _, path in found:  # every file checked before any embedding
        check_npz(path)
    rows = []
    for name, size, path in found:
        clock = time.perf_counter()
        options = dict(device=device, batch_size=batch_size, cache_dir=cache_dir, seed=seed,
                       progress=progress)
        memory = compute_features(backbone, f"medmnist:{path}", "train", limit=limit_train, **options)
        queries = compute_features(backbone, f"medmnist:{path}", "test", limit=limit_test, **options)
        with MemoryStore.from_features(memory, device=device) as store:
            scores = KNNClassifier(store, SoftmaxVote()).evaluate(queries.embeddings, queries.labels, ks)
        rows.append({"set": name, "size": size, "file": str(path), "n_memory": len(memory),
                     "n_queries": len(queries), "n_classes": len(memory.class_names),
                     "top1": {str(k): scores[k]["top1"] for k in sorted(scores)},
                     "top5": {str(k): scores[k]["top5"] for k in sorted(scores)},
                     "seconds": round(time.perf_counter() - clock, 3)})
    return {"backbone": backbone, "dir": str(folder), "k": sorted(ks), "unit": "percent",
            "rows": rows, "missing": missing,
            "how_to_get_missing": HOW_TO_GET if missing else None}


def format_table(result: dict) -> str:
    """The suite's table (one row per file), then the missing sets."""
    ks = result["k"]
    lines = [f"{result['backbone']} on MedMNIST ({result['dir']}), KNN top-1 %",
             f"{'set':<10} {'size':>5} {'memory':>7} {'queries':>8} " +
             " ".join(f"{'k=' + str(k):>7}" for k in ks)]
    for row in result["rows"]:
        lines.append(f"{row['set']:<10} {row['size']:>5} {row['n_memory']:>7} {row['n_queries']:>8} "
                     + " ".join(f"{row['top1'][str(k)]:>7.2f}" for k in ks))
    if result["missing"]:
        lines.append(f"not found: {', '.join(m + 'mnist*.npz' for m in result['missing'])}; "
                     f"{result['how_to_get_missing']}")
    return "\n".join(lines)


@register_benchmark("medmnist")
def medmnist_benchmark(backbone: str, params: dict, out_dir: Path) -> dict:
    """Benchmark kind ``medmnist``: params dir, k (list), only, limit_train, limit_test, device."""
    ks = params.get("k", [20])
    return evaluate_medmnist(backbone, params["dir"], tuple(ks if isinstance(ks, list) else [ks]),
                             params.get("only"), params.get("limit_train"),
                             params.get("limit_test"), params.get("device", "cpu"),
                             int(params.get("batch_size", 256)), params.get("cache_dir"),
                             int(params.get("seed", 0)), progress=False)


def build_parser() -> argparse.ArgumentParser:
    parser = tool_parser(
        "evaluate.medmnist", "KNN (DINO protocol) on every MedMNIST .npz in a folder; one table, "
                             "and a list of the sets not found with how to get them (never "
                             "downloads).", 256)
    parser.add_argument("--dir", required=True, type=Path,
                        help="folder with <set>mnist.npz / <set>mnist_<size>.npz files")
    parser.add_argument("--k", type=int, nargs="+", default=[20], help="neighbours (default 20)")
    parser.add_argument("--only", nargs="+", default=None, help="run only these sets")
    parser.add_argument("--limit-train", type=int, default=None, help="memory subset size")
    parser.add_argument("--limit-test", type=int, default=None, help="query subset size")
    parser.add_argument("--cache-dir", type=Path, default=None, help="cache embeddings here")
    return parser


def main(argv: list[str] | None = None) -> int:
    return run_tool(build_parser(), argv, lambda args: evaluate_medmnist(
        args.backbone, args.dir, tuple(args.k), args.only, args.limit_train, args.limit_test,
        args.device, args.batch_size, args.cache_dir, args.seed),
        lambda args, result: format_table(result), ok=lambda result: bool(result["rows"]))


if __name__ == "__main__":
    sys.exit(main())
