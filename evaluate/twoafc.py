"""2AFC agreement with human perceptual similarity (NIGHTS): ``python -m evaluate.twoafc``.

Each triplet is a reference and two distortions a (left) and b (right); ``right_vote`` = p is
the fraction of people who judged b closer to the reference. The backbone's distance is
1 - cosine of the pooled embeddings (memory.embed, DINO preprocessing), and a triplet scores
(d_a < d_b)(1 - p) + (d_b < d_a) p + 0.5 [d_a = d_b]; the 2AFC score is the mean, in percent.
White-box baselines on the same triplets: PSNR (distance -PSNR, i.e. the pixel MSE) and SSIM
(distance 1 - SSIM, grey, 11 px Gaussian window, sigma 1.5), both on images resized to
``baseline_size`` squared.

Layout (docs/EVALUATIONS.md), NIGHTS' own: ``DIR/data.csv`` with a header naming at least
``ref_path, left_path, right_path, right_vote`` (paths relative to DIR); optional ``split``
(rows of ``--split`` are kept, default test) and ``votes`` (rows with fewer than
``--min-votes`` are dropped, default 6 as in NIGHTS' evaluation).
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F

from evaluate.benchmarks import register_benchmark
from evaluate.cli import run_tool, tool_parser
from memory.data import decode_image_file
from memory.embed import Backbone, backbone_from_spec, preprocess_batch
from memory.patches import resize_square
from procvision.progress import progress_bar

__all__ = ["Triplets", "read_triplets", "twoafc_score", "psnr_distance", "ssim_distance",
           "evaluate_twoafc", "run", "main"]

REQUIRED_COLUMNS = ("ref_path", "left_path", "right_path", "right_vote")


class TripletError(ValueError):
    """A malformed triplet CSV; the message names the file, the line and the problem."""


@dataclass
class Triplets:
    """Triplets read from a CSV: N rows of (reference, a, b) files and the human vote p for b."""
    ref: list[Path]
    a: list[Path]
    b: list[Path]
    p: torch.Tensor  # float64 (N,) in [0, 1]
    skipped: int = 0

    def __len__(self) -> int:
        return len(self.ref)


def read_triplets(folder: str | Path, split: str | None = "test", min_votes: int = 6,
                  skip_missing: bool = False) -> Triplets:
    """Read ``folder/data.csv`` (every row checked before any model work).

    Raises:
        TripletError: no CSV, missing columns, a vote outside [0, 1], a row naming a missing
        file (unless ``skip_missing``: such rows are counted in ``skipped``), no row left.
    """
    folder = Path(folder)
    table = folder / "data.csv"
    if not table.is_file():
        raise TripletError(f"{table} not found: the triplet folder needs data.csv with "
                           f"columns {', '.join(REQUIRED_COLUMNS)} (see docs/EVALUATIONS.md)")
    ref, a, b, p, skipped = [], [], [], [], 0
    with table.open(newline="") as handle:
        reader = csv.DictReader(handle)
        absent = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if absent:
            raise TripletError(f"{table} lacks columns {absent} (has {reader.fieldnames})")
        for line, row in enumerate(reader, start=2):
            if split is not None and "split" in row and row["split"] != split:
                continue
            if "votes" in row and row["votes"] not in ("", None) and float(row["votes"]) < min_votes:
                continue
            try:
                vote = float(row["right_vote"])
            except ValueError:
                raise TripletError(f"{table} line {line}: right_vote {row['right_vote']!r} is "
                                   "not a number") from None
            if not 0.0 <= vote <= 1.0:
                raise TripletError(f"{table} line {line}: right_vote {vote} outside [0, 1]")
            files = [folder / row[c] for c in ("ref_path", "left_path", "right_path")]
            missing = [str(f) for f in files if not f.is_file()]
            if missing:
                if skip_missing:
                    skipped += 1
                    continue
                raise TripletError(f"{table} line {line} names missing file(s): "
                                   f"{', '.join(missing)}")
            ref.append(files[0]), a.append(files[1]), b.append(files[2]), p.append(vote)
    if not ref:
        raise TripletError(f"{table}: no triplet left (split {split!r}, votes >= {min_votes}, "
                           f"{skipped} skipped for missing files)")
    return Triplets(ref, a, b, torch.tensor(p, dtype=torch.float64), skipped)


def twoafc_score(d_a: torch.Tensor, d_b: torch.Tensor, p: torch.Tensor) -> torch.Tensor:
    """Per-triplet agreement: float64 (N,) from distances (N,) and votes p (N,) for b."""
    d_a, d_b, p = d_a.double(), d_b.double(), p.double()
    return torch.where(d_a < d_b, 1.0 - p, torch.where(d_b < d_a, p, torch.full_like(p, 0.5)))


def _grey(x: torch.Tensor) -> torch.Tensor:
    """float (B, 3, H, W) -> (B, 1, H, W), ITU-R 601 luma."""
    weights = torch.tensor([0.299, 0.587, 0.114], dtype=x.dtype, device=x.device)
    return (x * weights.view(1, 3, 1, 1)).sum(dim=1, keepdim=True)


def psnr_distance(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """-PSNR (dB) of float (B, 3, H, W) images in [0, 1]: (B,), -inf for identical images."""
    mse = ((x.double() - y.double()) ** 2).flatten(1).mean(dim=1)
    return -10.0 * torch.log10(1.0 / mse)


def ssim_distance(x: torch.Tensor, y: torch.Tensor, window: int = 11,
                  sigma: float = 1.5) -> torch.Tensor:
    """1 - mean SSIM of the grey images (Wang et al. 2004 constants): (B,), 0 when identical."""
    x, y = _grey(x.double()), _grey(y.double())
    coords = torch.arange(window, dtype=torch.float64, device=x.device) - (window - 1) / 2
    g = torch.exp(-coords ** 2 / (2 * sigma ** 2))
    kernel = (g[:, None] * g[None, :] / g.sum() ** 2).view(1, 1, window, window)
    blur = lambda t: F.conv2d(t, kernel)  # noqa: E731 (valid window positions only)
    mx, my = blur(x), blur(y)
    vx, vy, cov = blur(x * x) - mx ** 2, blur(y * y) - my ** 2, blur(x * y) - mx * my
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    ssim = ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx ** 2 + my ** 2 + c1) * (vx + vy + c2))
    return 1.0 - ssim.flatten(1).mean(dim=1)


def _embed(backbone: Backbone, files: list[Path], device: str) -> torch.Tensor:
    """L2-normalised (B, D) embeddings of image files of any sizes."""
    batch = torch.cat([preprocess_batch(decode_image_file(f)[None], backbone.preprocess, device)
                       for f in files])
    return backbone.embed(batch)


def _pixels(files: list[Path], size: int) -> torch.Tensor:
    return torch.stack([resize_square(decode_image_file(f), size) for f in files]
                       ).permute(0, 3, 1, 2).double() / 255.0


def evaluate_twoafc(backbone: Backbone | None, triplets: Triplets, device: str = "cpu",
                    batch_size: int = 32, baseline_size: int | None = 224,
                    progress: bool = True) -> dict:
    """2AFC scores (percent) of ``backbone`` (None: baselines only) and of PSNR / SSIM."""
    distances: dict[str, list[torch.Tensor]] = {}
    for start in progress_bar(range(0, len(triplets), batch_size), desc="2afc", unit="batch",
                      disable=not progress):
        rows = slice(start, start + batch_size)
        ref, a, b = triplets.ref[rows], triplets.a[rows], triplets.b[rows]
        if backbone is not None:
            e_ref, e_a, e_b = (_embed(backbone, files, device) for files in (ref, a, b))
            distances.setdefault("backbone_a", []).append((1 - (e_ref * e_a).sum(1)).cpu())
            distances.setdefault("backbone_b", []).append((1 - (e_ref * e_b).sum(1)).cpu())
        if baseline_size is not None:
            x_ref, x_a, x_b = (_pixels(files, baseline_size) for files in (ref, a, b))
            for name, fn in (("psnr", psnr_distance), ("ssim", ssim_distance)):
                distances.setdefault(f"{name}_a", []).append(fn(x_ref, x_a))
                distances.setdefault(f"{name}_b", []).append(fn(x_ref, x_b))
    result: dict = {"unit": "percent", "n_triplets": len(triplets), "skipped": triplets.skipped}
    for name in ("backbone", "psnr", "ssim"):
        if f"{name}_a" in distances:
            d_a, d_b = torch.cat(distances[f"{name}_a"]), torch.cat(distances[f"{name}_b"])
            key = "score" if name == "backbone" else f"score_{name}"
            result[key] = 100.0 * float(twoafc_score(d_a, d_b, triplets.p).mean())
    return result


def run(backbone: str | None, triplets: str | Path, split: str | None = "test",
        min_votes: int = 6, skip_missing: bool = False, device: str = "cpu", seed: int = 0,
        batch_size: int = 32, baseline_size: int | None = 224, progress: bool = True) -> dict:
    """Read and check the triplets, then score the backbone and the baselines."""
    data = read_triplets(triplets, split, min_votes, skip_missing)
    model = backbone_from_spec(backbone, device=device, seed=seed) if backbone else None
    clock = time.perf_counter()
    result = evaluate_twoafc(model, data, device, batch_size, baseline_size, progress)
    result.update(backbone=backbone, triplets=str(triplets), split=split, min_votes=min_votes,
                  seconds=round(time.perf_counter() - clock, 3))
    return result


@register_benchmark("twoafc")
def twoafc_benchmark(backbone: str, params: dict, out_dir: Path) -> dict:
    """Benchmark kind ``twoafc``: params triplets, split, min_votes, skip_missing, device."""
    return run(backbone, params["triplets"], params.get("split", "test"),
               int(params.get("min_votes", 6)), bool(params.get("skip_missing", False)),
               params.get("device", "cpu"), int(params.get("seed", 0)),
               int(params.get("batch_size", 32)), params.get("baseline_size", 224), progress=False)


def build_parser() -> argparse.ArgumentParser:
    parser = tool_parser(
        "evaluate.twoafc", "2AFC agreement with human similarity votes (NIGHTS layout): distance "
                           "= 1 - cosine of embeddings; PSNR and SSIM baselines on the same "
                           "triplets.", 32, "triplets per batch")
    parser.add_argument("--triplets", required=True, type=Path,
                        help="folder with data.csv (ref_path, left_path, right_path, right_vote)")
    parser.add_argument("--split", default="test",
                        help="keep rows of this split when data.csv has a split column "
                             "(default test; 'all' keeps every row)")
    parser.add_argument("--min-votes", type=int, default=6,
                        help="drop rows with fewer votes when data.csv has a votes column "
                             "(default 6, NIGHTS' evaluation)")
    parser.add_argument("--skip-missing", action="store_true",
                        help="skip (and count) rows naming missing files instead of failing")
    parser.add_argument("--baseline-size", type=int, default=224,
                        help="side images are resized to for PSNR / SSIM (default 224)")
    parser.add_argument("--no-baselines", action="store_true", help="skip PSNR / SSIM")
    return parser


def _report(args: argparse.Namespace, result: dict) -> str:
    extras = "".join(f", {name} {result[f'score_{name}']:.2f}%" for name in ("psnr", "ssim")
                     if f"score_{name}" in result)
    return (f"{args.backbone}: 2AFC {result['score']:.2f}% over {result['n_triplets']} "
            f"triplets ({result['skipped']} skipped){extras}")


def main(argv: list[str] | None = None) -> int:
    return run_tool(build_parser(), argv, lambda args: run(
        args.backbone, args.triplets, None if args.split == "all" else args.split,
        args.min_votes, args.skip_missing, args.device, args.seed, args.batch_size,
        None if args.no_baselines else args.baseline_size), _report)


if __name__ == "__main__":
    sys.exit(main())
