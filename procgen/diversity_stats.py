"""Image-pool statistics for the diversity report: colour, spectrum slope, edges, embeddings, Vendi, duplicates.

Every function takes a batch of images float32 (N, 3, R, R) in [0, 1] (or embeddings
(N, D)) and returns plain numbers, so pools of any size compare directly.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from procgen import seeding

_LUMA = torch.tensor([0.299, 0.587, 0.114])


def luminance(images: torch.Tensor) -> torch.Tensor:
    """(N, 3, H, W) -> (N, H, W) Rec. 601 luma."""
    return torch.einsum("nchw,c->nhw", images, _LUMA.to(images))


def colour_stats(images: torch.Tensor) -> dict[str, float]:
    """Mean colour, per-image contrast, saturation, colourfulness and the spread of mean colours.

    colourfulness: Hasler & Suesstrunk's sqrt(s_rg^2 + s_yb^2) + 0.3 sqrt(m_rg^2 + m_yb^2).
    palette_spread: std across images of each image's mean colour (how far palettes differ).
    """
    flat = images.flatten(2)  # (N, 3, P)
    r, g, b = flat[:, 0], flat[:, 1], flat[:, 2]
    rg, yb = r - g, 0.5 * (r + g) - b
    colourful = torch.sqrt(rg.var(1) + yb.var(1)) + 0.3 * torch.sqrt(rg.mean(1) ** 2 + yb.mean(1) ** 2)
    high, low = flat.max(1).values, flat.min(1).values
    saturation = torch.where(high > 1e-6, (high - low) / high.clamp(min=1e-6), torch.zeros_like(high))
    luma = luminance(images).flatten(1)
    means = flat.mean(2)
    return {"mean_rgb": [round(v, 4) for v in means.mean(0).tolist()],
            "luminance_mean": float(luma.mean()), "contrast": float(luma.std(1).mean()),
            "saturation": float(saturation.mean()), "colourfulness": float(colourful.mean()),
            "palette_spread": float(means.std(0).mean()) if len(images) > 1 else 0.0}


def spectrum_slopes(images: torch.Tensor) -> torch.Tensor:
    """Per image, the slope of log power vs log spatial frequency of its luminance (N,).

    Radially averaged power over integer radii 1 .. R/2 - 1 (a Hann window first, so the
    image border adds no spurious high frequencies); natural photos are near -2.
    """
    luma = luminance(images)
    n, h, w = luma.shape
    window = torch.outer(torch.hann_window(h, periodic=False), torch.hann_window(w, periodic=False)).to(luma)
    centred = (luma - luma.mean((1, 2), keepdim=True)) * window
    power = torch.fft.fftshift(torch.fft.fft2(centred).abs() ** 2, dim=(-2, -1))
    yy, xx = torch.meshgrid(torch.arange(h) - h // 2, torch.arange(w) - w // 2, indexing="ij")
    radius = torch.sqrt((yy ** 2 + xx ** 2).to(torch.float32)).round().long()
    top = min(h, w) // 2
    keep = (radius >= 1) & (radius < top)
    bins = radius[keep] - 1
    sums = torch.zeros(n, top - 1).index_add_(1, bins, power[:, keep])
    counts = torch.bincount(bins, minlength=top - 1).clamp(min=1)
    logp = torch.log(sums / counts + 1e-12)
    logf = torch.log(torch.arange(1, top, dtype=torch.float32))
    fx = logf - logf.mean()
    return ((logp - logp.mean(1, keepdim=True)) * fx).sum(1) / (fx ** 2).sum()


def edge_density(images: torch.Tensor, threshold: float = 0.1) -> torch.Tensor:
    """Per image, the fraction of pixels whose Sobel luminance gradient exceeds `threshold` (N,).

    The Sobel response is divided by 4 so a step of height 1 between neighbours reads 1."""
    luma = luminance(images)[:, None]
    kx = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]) / 4.0
    kernel = torch.stack([kx, kx.T])[:, None].to(luma)
    grad = F.conv2d(F.pad(luma, (1, 1, 1, 1), mode="replicate"), kernel)
    return (grad.pow(2).sum(1).sqrt() > threshold).flatten(1).float().mean(1)


class RandomNet(torch.nn.Module):
    """A fixed random-init conv net (weights from `procgen.seeding`, so identical everywhere).

    Four 3x3 stride-2 convs (3 -> 32 -> 64 -> 128 -> 256, He-scaled Gaussian weights, ReLU
    between); the embedding is the global mean of the pre-activation outputs of the last
    three (64 + 128 + 256 = 448 dims): texture statistics at three scales. Input is resized to 64 px.
    A random net's pooled outputs share a large image-independent part (every cosine is near 1);
    it is removed by subtracting the mean embedding of a fixed reference set (seeded noise images
    at several blur scales), the same for every pool, so scores compare across pools and runs.
    """

    WIDTHS = (3, 32, 64, 128, 256)
    SIZE = 64

    def __init__(self, seed: int = 0) -> None:
        super().__init__()
        self.weights = []
        for i, (cin, cout) in enumerate(zip(self.WIDTHS, self.WIDTHS[1:])):
            count = cout * cin * 9
            w = seeding.normal(seed, torch.arange(count, dtype=torch.int64), f"diversity/randomnet/{i}")
            self.weights.append((w.to(torch.float32) * math.sqrt(2.0 / (cin * 9))).reshape(cout, cin, 3, 3))
        self.reference = self.raw(reference_images(seed)).mean(0)

    @torch.no_grad()
    def forward(self, images: torch.Tensor) -> torch.Tensor:
        """(N, 3, R, R) in [0, 1] -> (N, 448) embeddings: raw features minus the reference mean, L2-normalised."""
        return F.normalize(self.raw(images) - self.reference, dim=1)

    @torch.no_grad()
    def raw(self, images: torch.Tensor) -> torch.Tensor:
        """(N, 3, R, R) in [0, 1] -> (N, 448) pooled pre-activations, not centred or normalised."""
        x = F.interpolate(images, size=(self.SIZE, self.SIZE), mode="bilinear", align_corners=False, antialias=True)
        x = (x - 0.5) / 0.25
        pooled = []
        for i, w in enumerate(self.weights):
            x = F.conv2d(x, w, stride=2, padding=1)
            if i >= 1:
                pooled.append(x.mean((2, 3)))
            x = F.relu(x)
        return torch.cat(pooled, 1)


def reference_images(seed: int, count: int = 96, size: int = 64) -> torch.Tensor:
    """Seeded colour-noise images (N, 3, size, size) in [0, 1], box-blurred at 1, 3, 9 and 27 px in turn."""
    noise = seeding.uniform(seed, torch.arange(count, dtype=torch.int64), "diversity/reference", 3 * size * size)
    images = noise.to(torch.float32).reshape(count, 3, size, size)
    blurred = []
    for k, width in enumerate((1, 3, 9, 27)):
        part = images[k::4]
        if width > 1:
            part = F.avg_pool2d(F.pad(part, (width // 2,) * 4, mode="circular"), width, stride=1)
            part = (part - part.mean((2, 3), keepdim=True)) / part.std((2, 3), keepdim=True).clamp(min=1e-6) * 0.25 + 0.5
        blurred.append(part.clamp(0, 1))
    return torch.cat(blurred)


def pixel_thumbnails(images: torch.Tensor, side: int = 16) -> torch.Tensor:
    """(N, 3, R, R) in [0, 1] -> (N, 3*side*side): images averaged to side x side, centred on mid-grey."""
    return F.adaptive_avg_pool2d(images, side).flatten(1) - 0.5


def structure_thumbnails(images: torch.Tensor, side: int = 16, eps: float = 0.02) -> torch.Tensor:
    """(N, 3, R, R) in [0, 1] -> (N, 3*side*side): each image's channels standardised (mean 0,
    std 1 over the image), then averaged to side x side.

    Removing each channel's mean and contrast removes the palette, which the seeds of one
    program vary as much as many programs do: on these thumbnails the Vendi score grows with
    the number of programs behind a fixed number of images (benchmarks/RESULTS.md); on raw
    thumbnails or the random net's pooled features it does not.
    """
    mean, std = images.mean((2, 3), keepdim=True), images.std((2, 3), keepdim=True)
    return F.adaptive_avg_pool2d((images - mean) / (std + eps), side).flatten(1)


def vendi_score(embeddings: torch.Tensor) -> float:
    """Vendi score (Friedman & Dieng 2023) with the cosine kernel: exp(entropy of eig(K / N)).

    K = X X^T for unit rows X (N, D); its nonzero eigenvalues equal those of X^T X, so the
    cost is O(N D^2), not O(N^3). Ranges from 1 (all alike) to min(N, D).
    """
    x = F.normalize(embeddings.to(torch.float64), dim=1)
    eig = torch.linalg.eigvalsh(x.T @ x / len(x)).clamp(min=0.0)
    eig = eig[eig > 1e-12]
    return float(torch.exp(-(eig * eig.log()).sum()))


def mixing_gain(parts: list[torch.Tensor]) -> dict[str, float]:
    """How distinct the pools of a mix are in one embedding: the mix's Vendi score against its parts'.

    With shares w_p = N_p / N, the mix's kernel matrix (as a density X^T X / N) is the w-weighted
    sum of its parts', so log Vendi(mix) lies between sum_p w_p log Vendi(part p) (the pools look
    alike: concavity of the entropy) and that plus H(w) (no image of one pool resembles any of
    another's). `gain` = Vendi(mix) / exp(sum_p w_p log Vendi(part p)) runs from 1 to
    `gain_max` = exp(H(w)) (P for P equal parts): the effective number of distinct pools. A mix
    is more diverse than its best part only when the gain outweighs how far the parts differ.

    Args:
        parts: the rows of each pool in the mix, (N_p, D) each, same D.
    Returns:
        {"vendi_mix", "vendi_parts": [per part], "gain", "gain_max"}.
    """
    sizes = torch.tensor([len(x) for x in parts], dtype=torch.float64)
    if len(parts) < 2 or (sizes < 1).any():
        raise ValueError(f"mixing_gain needs at least two non-empty parts, got sizes {sizes.tolist()}")
    weights = sizes / sizes.sum()
    logs = torch.tensor([math.log(vendi_score(x)) for x in parts], dtype=torch.float64)
    mix = vendi_score(torch.cat(parts))
    return {"vendi_mix": mix, "vendi_parts": [round(math.exp(v), 3) for v in logs.tolist()],
            "gain": mix / math.exp(float((weights * logs).sum())),
            "gain_max": math.exp(float(-(weights * weights.log()).sum()))}


def _group_sums(x: torch.Tensor, groups: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """(group ids (G,), group of each row as 0..G-1 (N,), counts (G,), row sums (G, D)) of rows x (N, D)."""
    ids, inverse, counts = torch.unique(groups, return_inverse=True, return_counts=True)
    return ids, inverse, counts, torch.zeros(len(counts), x.shape[1], dtype=x.dtype).index_add_(0, inverse, x)


def pairwise_groups(embeddings: torch.Tensor, groups: torch.Tensor) -> tuple[float, float]:
    """Mean cosine distance between images of the same group and of different groups.

    From group sums (sum of similarities over pairs in a set = |sum of its rows|^2), so the
    cost is O(N D), not O(N^2).

    Args:
        embeddings: (N, D) unit rows. groups: int64 (N,) group (program slot) of each image.
    """
    x = embeddings.to(torch.float64)
    _, _, counts, sums = _group_sums(x, groups)
    n = len(x)
    within_pairs = float((counts * (counts - 1)).sum())
    within_sim = float((sums ** 2).sum()) - float((x ** 2).sum())
    between_pairs = float(n * n - (counts ** 2).sum())
    between_sim = float((x.sum(0) ** 2).sum()) - float((sums ** 2).sum())
    within = 1.0 - within_sim / within_pairs if within_pairs else float("nan")
    between = 1.0 - between_sim / between_pairs if between_pairs else float("nan")
    return within, between


def within_distance_by_group(embeddings: torch.Tensor, groups: torch.Tensor) -> dict[int, float]:
    """Each group's mean cosine distance between its own images (O(N D), from group sums).

    Args:
        embeddings: (N, D) unit rows. groups: int64 (N,) group (program) of each image.
    Returns:
        group -> mean of 1 - cos over its pairs (groups with one image are left out). Near 0:
        the embedding sees the same image whatever the program's seed.
    """
    x = embeddings.to(torch.float64)
    ids, inverse, counts, sums = _group_sums(x, groups)
    norms = torch.zeros(len(counts), dtype=torch.float64).index_add_(0, inverse, (x ** 2).sum(1))
    pairs = counts * (counts - 1)
    distance = 1.0 - ((sums ** 2).sum(1) - norms) / pairs.clamp(min=1)
    return {int(g): float(d) for g, d, c in zip(ids, distance, counts) if c > 1}


def nearest_thumbnails(images: torch.Tensor, size: int = 16, chunk: int = 2048) -> tuple[torch.Tensor, torch.Tensor]:
    """Each image's nearest other image by the RMS difference of `size` x `size` RGB thumbnails.

    Thumbnails are area averages. Distances are computed `chunk` rows at a time (memory O(chunk N)).

    Args:
        images: (N, 3, R, R) in [0, 1], N >= 2.
    Returns:
        (distance float64 (N,), index int64 (N,)) of each image's nearest other image.
    """
    small = F.adaptive_avg_pool2d(images, size).flatten(1).to(torch.float64)
    sq = (small ** 2).sum(1)
    nearest = torch.empty(len(small), dtype=torch.float64)
    index = torch.empty(len(small), dtype=torch.int64)
    for start in range(0, len(small), chunk):
        rows = slice(start, start + chunk)
        dist2 = (sq[rows, None] + sq[None, :] - 2.0 * small[rows] @ small.T).clamp(min=0.0) / small.shape[1]
        dist2[torch.arange(dist2.shape[0]), torch.arange(start, start + dist2.shape[0])] = float("inf")
        best = dist2.min(1)
        nearest[rows], index[rows] = best.values.sqrt(), best.indices
    return nearest, index


def near_duplicate_fraction(images: torch.Tensor, threshold: float = 0.04, size: int = 16,
                            chunk: int = 2048) -> tuple[float, float]:
    """Fraction of images with another image that looks the same, and the mean nearest distance.

    Two images are near duplicates when the RMS difference of their `size` x `size` thumbnails
    is below `threshold` (0.04 is about 10/255); see `nearest_thumbnails`.
    """
    nearest, _ = nearest_thumbnails(images, size, chunk)
    return float((nearest < threshold).float().mean()), float(nearest.mean())


def coarse_variety_by_group(images: torch.Tensor, groups: torch.Tensor, size: int = 16) -> dict[int, float]:
    """How different the images of each group (program) are at coarse scale.

    Args:
        images: (N, 3, R, R) in [0, 1]. groups: int64 (N,) group of each image.
    Returns:
        group -> mean RMS difference of the `size` x `size` thumbnails over its pairs of images
        (groups with one image are left out). Near 0: the program looks the same whatever its seed.
    """
    small = pixel_thumbnails(images, size).to(torch.float64)  # centring does not change a difference
    variety = {}
    for group in groups.unique().tolist():
        rows = small[groups == group]
        if len(rows) > 1:
            dist = torch.cdist(rows, rows) / math.sqrt(rows.shape[1])
            variety[group] = float(dist.sum() / (len(rows) * (len(rows) - 1)))
    return variety


def spread_over_samples(samples: list[dict]) -> dict:
    """Each score's spread over independent samples, and the mix's margin over the best pool per sample.

    Args:
        samples: one report per sample, {"pools": name -> report, "mix": report (optional)}; the
            scores are every `vendi_*` key and `near_duplicate_fraction` (lower is more diverse).
    Returns:
        {"samples": R, "scores": score -> name -> {"values", "mean", "std"} (the mix under "mix"),
         "mix_margin": score -> {"values", "mean", "std", "mix_most_diverse_in"}} where a margin is
        signed so that > 0 means the mix is the most diverse in that sample (Vendi: the mix's minus
        the best pool's; near duplicates: the best pool's fraction minus the mix's).
    """
    first = next(iter(samples[0]["pools"].values()))
    scores = [key for key in first if key.startswith("vendi_")] + ["near_duplicate_fraction"]
    names = list(samples[0]["pools"]) + (["mix"] if "mix" in samples[0] else [])

    def values_of(name: str, score: str) -> list[float]:
        return [float((s["mix"] if name == "mix" else s["pools"][name])[score]) for s in samples]

    def spread(values: list[float]) -> dict:
        v = torch.tensor(values, dtype=torch.float64)
        return {"values": values, "mean": float(v.mean()), "std": float(v.std()) if len(v) > 1 else 0.0}

    result: dict = {"samples": len(samples), "scores": {}}
    for score in scores:
        result["scores"][score] = {name: spread(values_of(name, score)) for name in names}
    if "mix" in names:
        result["mix_margin"] = {}
        for score, rows in result["scores"].items():
            sign = -1.0 if score == "near_duplicate_fraction" else 1.0
            pools = torch.tensor([row["values"] for name, row in rows.items() if name != "mix"], dtype=torch.float64)
            mix = torch.tensor(rows["mix"]["values"], dtype=torch.float64)
            margin = sign * mix - (sign * pools).max(0).values
            result["mix_margin"][score] = {**spread(margin.tolist()),
                                           "mix_most_diverse_in": int((margin > 0).sum())}
    return result
