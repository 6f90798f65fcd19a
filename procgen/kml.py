"""K-Means Leaves (KML): cut one shader image along the 2-means clusters of another's colours.

Definition (docs/METHOD.md section 1.2, made precise here; the torch batch and the numpy reference follow it):
1. Resize s1 to work_size x work_size, bilinear, ``align_corners=False``, antialiased
   (``F.interpolate(..., antialias=True)``, what torchvision's ``Resize`` does to a tensor in the
   published code: a shrinking resize averages over a triangle filter as wide as the scale, so
   renders larger than work_size are low-passed, not point-sampled); its pixels are N x 3 points
   (exact float32 colours).
2. Initial centroids: the unique colours in lexicographic (r, g, b) order of exact float values
   (what ``np.unique(axis=0)`` sorts by); for k=2 the smallest and the largest; for k>2 the
   colours at positions ``round_half_up(i * (U - 1) / (k - 1))``, i < k, of the U sorted uniques.
3. ``iters`` Lloyd iterations: assign each pixel to the nearest centroid (squared Euclidean
   distance; an exact tie goes to the lower cluster index, like ``np.argmin``), then move each
   centroid to the mean of its pixels; an empty cluster keeps its centroid. The final labels
   are the assignment to the final centroids.
4. Mask = 1 where a pixel is in cluster 0 (seeded by the smallest colour). 3x3 box blur
   with OpenCV's default border, reflect-101 (the row beyond the edge is the row one inside
   it: ``...c b | a b c...``), bilinear resize to the output size (no antialias), 3x3 box blur
   again.
5. Output x = s2 * m + s3 * (1 - m).
The batched assignment for k=2 uses the equivalent linear test 2 x.(c1 - c0) <= |c1|^2 - |c0|^2
(one dot product per pixel); it can differ from the direct distances only for pixels within
float32 rounding of the boundary.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from procgen.kml_cupy import kml_blend_cupy, resolve_backend

_CPU_CHUNK = 8

__all__ = ["kml_mask", "kml_blend", "reference_kml_numpy", "reference_kml_mask_numpy"]


def _check_images(name: str, images: torch.Tensor) -> None:
    if not isinstance(images, torch.Tensor) or images.dim() != 4 or images.shape[1] != 3:
        shape = tuple(images.shape) if isinstance(images, torch.Tensor) else type(images).__name__
        raise ValueError(f"{name} must be a tensor (B, 3, H, W), got {shape}")
    if not images.is_floating_point():
        raise TypeError(f"{name} must be floating point in [0, 1], got {images.dtype}")


def _check_options(k: int, iters: int, size: int, size_name: str) -> None:
    if k < 2:
        raise ValueError(f"k must be >= 2, got {k}")
    if iters < 0:
        raise ValueError(f"iters must be >= 0, got {iters}")
    if size < 1:
        raise ValueError(f"{size_name} must be >= 1, got {size}")


def _box_blur(mask: torch.Tensor) -> torch.Tensor:
    """3x3 mean with reflect-101 edges (OpenCV's default), as two separable 3-tap sums.

    Args:
        mask: (B, 1, H, W) float.
    """
    rows = mask.clone()
    rows[..., 1:, :] += mask[..., :-1, :]
    rows[..., :-1, :] += mask[..., 1:, :]
    # reflect-101: the missing neighbour of row 0 is row 1 (of the last, the one before it);
    # a single row reflects onto itself.
    rows[..., 0, :] += mask[..., min(1, mask.shape[-2] - 1), :]
    rows[..., -1, :] += mask[..., max(mask.shape[-2] - 2, 0), :]
    out = rows.clone()
    out[..., :, 1:] += rows[..., :, :-1]
    out[..., :, :-1] += rows[..., :, 1:]
    out[..., :, 0] += rows[..., :, min(1, rows.shape[-1] - 1)]
    out[..., :, -1] += rows[..., :, max(rows.shape[-1] - 2, 0)]
    return out / 9.0


def _lexicographic_extreme(points: torch.Tensor, largest: bool) -> torch.Tensor:
    """Lexicographically smallest (or largest) colour per image by successive masked mins.

    Args:
        points: (B, 3, N) float.
    Returns:
        (B, 3) colours, exactly equal to np.unique(axis=0)[0] (or [-1]).
    """
    reduce = torch.amax if largest else torch.amin
    fill = float("-inf") if largest else float("inf")
    best = reduce(points[:, 0], dim=1)
    chosen = [best]
    candidates = points[:, 0] == best[:, None]  # pixels tied on the channels so far
    for channel in (1, 2):
        best = reduce(torch.where(candidates, points[:, channel], fill), dim=1)
        chosen.append(best)
        if channel == 1:
            candidates &= points[:, channel] == best[:, None]
    return torch.stack(chosen, dim=1)


def _spaced_unique_colours(points: torch.Tensor, k: int) -> torch.Tensor:
    """k colours evenly spaced in the lexicographic order of each image's unique colours.

    Args:
        points: (B, 3, N) float.
    Returns:
        (B, k, 3) initial centroids.
    """
    order = torch.arange(points.shape[2], device=points.device).expand(points.shape[0], -1)
    for channel in (2, 1, 0):  # stable sorts from the last key to the first = lexicographic
        keys = torch.gather(points[:, channel], 1, order)
        order = torch.gather(order, 1, torch.sort(keys, dim=1, stable=True).indices)
    ordered = torch.gather(points, 2, order[:, None, :].expand(-1, 3, -1))  # (B, 3, N)
    is_new = torch.ones_like(ordered[:, 0], dtype=torch.bool)
    is_new[:, 1:] = (ordered[:, :, 1:] != ordered[:, :, :-1]).any(dim=1)
    rank = torch.cumsum(is_new.long(), dim=1) - 1  # unique rank of every sorted point
    n_unique = rank[:, -1:] + 1
    steps = torch.arange(k, device=points.device)[None, :]
    wanted = (2 * steps * (n_unique - 1) + (k - 1)) // (2 * (k - 1))  # round half up
    # The first sorted point of each wanted rank: count points with a smaller rank.
    first = torch.searchsorted(rank.contiguous(), wanted.contiguous())
    return torch.gather(ordered, 2, first[:, None, :].expand(-1, 3, -1)).transpose(1, 2)


def _assign(points: torch.Tensor, centroids: torch.Tensor) -> torch.Tensor:
    """Nearest-centroid labels (ties -> lower index). points (B, 3, N), centroids (B, k, 3).

    Returns:
        (B, N) int64 labels.
    """
    distances = ((points[:, None, :, :] - centroids[:, :, :, None]) ** 2).sum(dim=2)
    return distances.argmin(dim=1)  # argmin keeps the first of equal minima


def _in_first_of_two(points: torch.Tensor, centroids: torch.Tensor) -> torch.Tensor:
    """k=2 assignment by one dot product: 2 x.(c1 - c0) <= |c1|^2 - |c0|^2 (tie -> cluster 0).

    Returns:
        (B, N) bool, True where the pixel is in cluster 0.
    """
    direction = 2.0 * (centroids[:, 1] - centroids[:, 0])  # (B, 3)
    threshold = (centroids[:, 1] ** 2).sum(1) - (centroids[:, 0] ** 2).sum(1)  # (B,)
    return torch.bmm(direction[:, None, :], points)[:, 0] <= threshold[:, None]


def _means_or_old(sums: torch.Tensor, counts: torch.Tensor, old: torch.Tensor) -> torch.Tensor:
    """sums (B, k, 3) float64, counts (B, k, 1) -> means as old's dtype; empty keep ``old``."""
    return torch.where(counts > 0, (sums / counts.clamp(min=1)).to(old.dtype), old)


# Cluster sums are taken in float64 from float32 pixels: exact (or within 1e-16), so the
# centroids do not depend on the summation order and equal the numpy reference's float64 means.


def _two_means_mask(points: torch.Tensor, iters: int) -> torch.Tensor:
    """Cluster-0 membership after 2-means from the lexicographic extremes. -> (B, N) bool."""
    centroids = torch.stack([_lexicographic_extreme(points, largest=False),
                             _lexicographic_extreme(points, largest=True)], dim=1)  # (B, 2, 3)
    if iters == 0:
        return _in_first_of_two(points, centroids)
    points64 = points.double()
    total = points64.sum(dim=2)  # (B, 3)
    n_points = points.shape[2]
    for _ in range(iters):
        member = _in_first_of_two(points, centroids).to(torch.float64)[:, :, None]  # (B, N, 1)
        sum0 = torch.bmm(points64, member)[:, :, 0]  # one pass: cluster 1 is total - cluster 0
        count0 = member.sum(dim=1)  # (B, 1)
        sums = torch.stack([sum0, total - sum0], dim=1)  # (B, 2, 3)
        counts = torch.stack([count0, n_points - count0], dim=1)  # (B, 2, 1)
        centroids = _means_or_old(sums, counts, centroids)
    return _in_first_of_two(points, centroids)


def _k_means_mask(points: torch.Tensor, k: int, iters: int) -> torch.Tensor:
    """Cluster-0 membership for k > 2 (evenly spaced unique colours as init). -> (B, N) bool."""
    centroids = _spaced_unique_colours(points, k)
    points64 = points.double()
    for _ in range(iters):
        one_hot = F.one_hot(_assign(points, centroids), k).to(torch.float64)  # (B, N, k)
        sums = torch.bmm(points64, one_hot).transpose(1, 2)  # (B, k, 3)
        centroids = _means_or_old(sums, one_hot.sum(dim=1)[:, :, None], centroids)
    return _assign(points, centroids) == 0


def kml_mask(
    s1: torch.Tensor, out_size: int, k: int = 2, iters: int = 3, work_size: int = 256,
    chunk: int | None = None,
) -> torch.Tensor:
    """Soft KML masks of a batch, computed on s1's device.

    Args:
        s1: (B, 3, H, W) float in [0, 1], the images whose colours are clustered.
        out_size: output side R.
        k: number of clusters (mask = cluster 0, the one seeded by the smallest colour).
        iters: Lloyd iterations.
        work_size: side s1 is resized to before clustering.
        chunk: images processed together; on CPU a few at a time keep the 256x256 working
            set in cache (faster than the whole batch), on CUDA the whole batch by default.

    Returns:
        (B, 1, R, R) float mask in [0, 1], s1's dtype and device.
    """
    _check_images("s1", s1)
    _check_options(k, iters, out_size, "out_size")
    _check_options(k, iters, work_size, "work_size")
    if chunk is None:
        chunk = s1.shape[0] if s1.device.type == "cuda" else _CPU_CHUNK
    masks = [
        _mask_of_chunk(part, out_size, k, iters, work_size) for part in s1.split(max(chunk, 1))
    ]
    return torch.cat(masks) if masks else s1.new_zeros((0, 1, out_size, out_size))


def _mask_of_chunk(s1: torch.Tensor, out_size: int, k: int, iters: int, work_size: int
                   ) -> torch.Tensor:
    b, _, h, w = s1.shape
    # Channels as separate 1-channel images: the same interpolation, a faster CPU kernel.
    work = F.interpolate(s1.reshape(b * 3, 1, h, w), size=(work_size, work_size),
                         mode="bilinear", align_corners=False, antialias=True)
    points = work.reshape(b, 3, -1) + 0.0  # channel-first (B, 3, N); -0.0 -> +0.0
    if k == 2:
        member = _two_means_mask(points, iters)
    else:
        member = _k_means_mask(points, k, iters)
    hard = member.to(s1.dtype).reshape(-1, 1, work_size, work_size)
    soft = F.interpolate(_box_blur(hard), size=(out_size, out_size), mode="bilinear",
                         align_corners=False)
    return _box_blur(soft)


def kml_blend(
    s1: torch.Tensor, s2: torch.Tensor, s3: torch.Tensor, k: int = 2, iters: int = 3,
    work_size: int = 256, backend: str | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """KML images: s2 where s1's colour falls in cluster 0, s3 elsewhere, soft at the edges.

    Args:
        s1, s2, s3: (B, 3, R, R) float in [0, 1]; s2 and s3 set the output size R.
        backend: "torch", "cupy" (CUDA, k=2: procgen.kml_cupy's fused kernels) or None (the
            device's default, see ``procgen.kml_cupy.resolve_backend``).

    Returns:
        (image (B, 3, R, R), mask (B, 1, R, R)).
    """
    for name, images in (("s1", s1), ("s2", s2), ("s3", s3)):
        _check_images(name, images)
    if s2.shape != s3.shape or s2.shape[0] != s1.shape[0] or s2.shape[2] != s2.shape[3]:
        raise ValueError(
            f"s2 and s3 must be square and of one shape, with s1's batch size; got "
            f"s1 {tuple(s1.shape)}, s2 {tuple(s2.shape)}, s3 {tuple(s3.shape)}"
        )
    _check_options(k, iters, work_size, "work_size")
    if resolve_backend(backend, s1.device, k) == "cupy":
        return kml_blend_cupy(s1, s2, s3, iters=iters, work_size=work_size)
    mask = kml_mask(s1, s2.shape[-1], k=k, iters=iters, work_size=work_size)
    return s3 + (s2 - s3) * mask, mask


# ---------------------------------------------------------------------------------------------
# The paper's reference way, per image in numpy: the oracle for the tests and the bench baseline.


def _resize_bilinear_numpy(image: np.ndarray, size: int) -> np.ndarray:
    """F.interpolate(bilinear, align_corners=False, antialias=False) for (C, H, W) arrays."""

    def taps(in_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        scale = np.float32(in_size / size)
        src = np.maximum((np.arange(size, dtype=np.float32) + 0.5) * scale - 0.5, 0)
        low = np.floor(src).astype(np.int64)
        high = np.minimum(low + 1, in_size - 1)
        return low, high, (src - low).astype(np.float32)

    y0, y1, wy = taps(image.shape[1])
    x0, x1, wx = taps(image.shape[2])
    rows = image[:, y0, :] * (1 - wy)[None, :, None] + image[:, y1, :] * wy[None, :, None]
    return rows[:, :, x0] * (1 - wx) + rows[:, :, x1] * wx


def _resize_antialias_numpy(image: np.ndarray, size: int) -> np.ndarray:
    """F.interpolate(bilinear, align_corners=False, antialias=True) for (C, H, W) arrays.

    Separable triangle filter (PIL's and torch's antialiased bilinear): output i is centred at
    (i + 0.5) * scale in input pixels, the filter's half-width is max(scale, 1), taps outside the
    image are dropped and the remaining weights renormalised.
    """

    def weights(in_size: int) -> np.ndarray:
        scale = in_size / size
        support = max(scale, 1.0)
        inv = 1.0 / scale if scale >= 1.0 else 1.0
        matrix = np.zeros((size, in_size), dtype=np.float64)
        for i in range(size):
            centre = scale * (i + 0.5)
            lo, hi = max(int(centre - support + 0.5), 0), min(int(centre + support + 0.5), in_size)
            taps = np.maximum(0.0, 1.0 - np.abs((np.arange(lo, hi) - centre + 0.5) * inv))
            matrix[i, lo:hi] = taps / taps.sum()
        return matrix

    wy, wx = weights(image.shape[1]), weights(image.shape[2])
    return (wy @ image.astype(np.float64) @ wx.T).astype(np.float32)  # (size, H) @ (C, H, W) @ (W, size)


def _box_blur_numpy(mask: np.ndarray) -> np.ndarray:
    # numpy's "reflect" excludes the edge sample: OpenCV's BORDER_REFLECT_101.
    # A single row (column) reflects onto itself, like the torch version.
    padded = mask
    for axis in (0, 1):
        width = [(1, 1) if a == axis else (0, 0) for a in (0, 1)]
        padded = np.pad(padded, width, mode="reflect" if mask.shape[axis] > 1 else "edge")
    h, w = mask.shape
    return sum(padded[dy:dy + h, dx:dx + w] for dy in range(3) for dx in range(3)) / 9.0


def reference_kml_mask_numpy(
    s1: np.ndarray, out_size: int, k: int = 2, iters: int = 3, work_size: int = 256
) -> np.ndarray:
    """One image's KML mask with np.unique and plain numpy Lloyd iterations.

    Args:
        s1: (3, H, W) float array (or CPU tensor) in [0, 1].
    Returns:
        (R, R) float32 soft mask.
    """
    _check_options(k, iters, out_size, "out_size")
    s1 = np.asarray(s1, dtype=np.float32)
    pixels = _resize_antialias_numpy(s1, work_size).reshape(3, -1).T  # (N, 3)
    unique = np.unique(pixels, axis=0)
    positions = [(2 * i * (len(unique) - 1) + (k - 1)) // (2 * (k - 1)) for i in range(k)]
    centroids = unique[positions].copy()
    for step in range(iters + 1):
        distances = ((pixels[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        labels = np.argmin(distances, axis=1)
        if step == iters:
            break
        for j in range(k):
            members = pixels[labels == j]
            if len(members):
                centroids[j] = members.mean(axis=0, dtype=np.float64)
    hard = (labels == 0).astype(np.float32).reshape(work_size, work_size)
    soft = _resize_bilinear_numpy(_box_blur_numpy(hard)[None], out_size)[0]
    return _box_blur_numpy(soft).astype(np.float32)


def reference_kml_numpy(
    s1: np.ndarray, s2: np.ndarray, s3: np.ndarray, k: int = 2, iters: int = 3
) -> np.ndarray:
    """One KML image the paper's reference way (per image, numpy). s1, s2, s3: (3, R, R) -> (3, R, R) float32."""
    s2 = np.asarray(s2, dtype=np.float32)
    s3 = np.asarray(s3, dtype=np.float32)
    mask = reference_kml_mask_numpy(s1, s2.shape[-1], k=k, iters=iters)
    return s2 * mask + s3 * (1 - mask)
