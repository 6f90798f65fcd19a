"""The diversity report's picture: a 2-D PCA map of image embeddings, coloured by pool and by family, with thumbnails."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import torch

from procgen import seeding

if TYPE_CHECKING:
    from procgen.diversity import Pool

MAX_FAMILIES = 12  # the most frequent families get their own colour; the rest are "other"


def pca_2d(embeddings: torch.Tensor) -> torch.Tensor:
    """(N, D) -> (N, 2): projection on the two leading principal components."""
    x = embeddings.to(torch.float64)
    x = x - x.mean(0)
    _, _, v = torch.linalg.svd(x, full_matrices=False)
    return (x @ v[:2].T).to(torch.float32)


def plot_map(pools: list["Pool"], embeddings: list[torch.Tensor], out: Path, n_thumbnails: int, seed: int) -> None:
    """Write the PNG: left panel by pool, right panel by family, thumbnails framed in their pool's colour.

    Args:
        pools: rendered pools (images (N_p, 3, R, R), slot_of_image).
        embeddings: per pool (N_p, D) unit rows, in the same order.
    """
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.offsetbox import AnnotationBbox, OffsetImage

    xy = pca_2d(torch.cat(embeddings)).numpy()
    pool_of = [p for p, pool in enumerate(pools) for _ in range(len(pool.images))]
    families = [f for pool in pools for f in pool.family_of_image()]
    images = torch.cat([pool.images for pool in pools])
    top = [f for f, _ in Counter(families).most_common(MAX_FAMILIES)]
    pool_colours = plt.get_cmap("tab10")
    family_colours = plt.get_cmap("tab20")

    fig, (left, right) = plt.subplots(1, 2, figsize=(20, 10), dpi=100)
    for p, pool in enumerate(pools):
        rows = [i for i, q in enumerate(pool_of) if q == p]
        left.scatter(xy[rows, 0], xy[rows, 1], s=6, alpha=0.5, color=pool_colours(p % 10),
                     label=f"{pool.name} ({len(pool.library)} programs)")
    for k, family in enumerate(top + ["other"]):
        rows = [i for i, f in enumerate(families) if (f == family) or (family == "other" and f not in top)]
        if rows:
            right.scatter(xy[rows, 0], xy[rows, 1], s=6, alpha=0.5, label=family,
                          color=family_colours(k % 20) if family != "other" else (0.6, 0.6, 0.6))
    count = min(n_thumbnails, len(images))
    if count:
        order = torch.argsort(seeding.uniform(seed, torch.arange(len(images), dtype=torch.int64), "diversity/thumbs")[:, 0])
        for i in order[:count].tolist():
            thumb = images[i].permute(1, 2, 0).clamp(0, 1).numpy()
            box = AnnotationBbox(OffsetImage(thumb, zoom=32.0 / thumb.shape[0]), (xy[i, 0], xy[i, 1]), frameon=True,
                                 pad=0.1, bboxprops={"edgecolor": pool_colours(pool_of[i] % 10), "linewidth": 2})
            right.add_artist(box)
    left.set_title("PCA of random-net embeddings, by pool")
    right.set_title(f"by family (top {len(top)}), thumbnails framed in their pool's colour")
    left.legend(loc="best", markerscale=3)
    right.legend(loc="best", markerscale=3, fontsize=8)
    for axis in (left, right):
        axis.set_xlabel("PC 1")
        axis.set_ylabel("PC 2")
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)
    plt.close(fig)


def spread_png_path(map_png: Path) -> Path:
    """Where the spread chart goes beside the map: `d.png` -> `d_spread.png`."""
    return map_png.with_name(f"{map_png.stem}_spread{map_png.suffix}")


def plot_spread(spread: dict, out: Path) -> None:
    """Write a chart of `procgen.diversity_stats.spread_over_samples`: one panel per score, every
    pool's (and the mix's) samples as dots beside their mean +- 1 std."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scores = list(spread["scores"])
    fig, axes = plt.subplots(1, len(scores), figsize=(4 * len(scores), 4), dpi=100, squeeze=False)
    for axis, score in zip(axes[0], scores):
        rows = spread["scores"][score]
        for x, (name, row) in enumerate(rows.items()):
            colour = "black" if name == "mix" else plt.get_cmap("tab10")(x % 10)
            # means as markers, not bars: the axis does not start at zero
            axis.errorbar(x + 0.15, row["mean"], yerr=row["std"], fmt="D", color=colour, capsize=4)
            axis.scatter([x - 0.15] * len(row["values"]), row["values"], s=10, color=colour, alpha=0.7)
        axis.set_xticks(range(len(rows)), list(rows), rotation=30, ha="right")
        axis.set_xlim(-0.6, len(rows) - 0.4)
        lower = " (lower = more diverse)" if score == "near_duplicate_fraction" else ""
        axis.set_title(f"{score}{lower}", fontsize=9)
        low = min(min(row["values"]) for row in rows.values())
        high = max(max(row["values"]) for row in rows.values())
        axis.set_ylim(low - 0.3 * (high - low + 1e-9), high + 0.3 * (high - low + 1e-9))
        axis.grid(axis="y", alpha=0.3)
    fig.suptitle(f"diversity over {spread['samples']} independent samples: dots = samples, diamond = mean +- 1 std")
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)
    plt.close(fig)
