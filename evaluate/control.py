"""The real-data control: a stream of real images for `train.loop.train(cfg, stream=...)`.

The paper compares procedural backbones with the same recipe trained on real images. This
module builds that stream on the knowledge side of the house, so ``train`` never opens a
dataset itself: any ``memory`` dataset spec (``fashion-mnist``, ``mnist``, ``imagefolder:PATH``,
``medmnist:FILE``), its train split, labels ignored.

Element ``index`` (a global stream index, ``procgen.stream.step_indices``) is image
``randint(seed, index, "control/image", N)`` of the split (drawn with replacement), cropped with
torchvision's RandomResizedCrop rule (scale ``scale``, ratio 3/4..4/3, uniforms from
``procgen.seeding`` with salt ``control/crop``) and resized bilinearly to R x R (grey images
repeated to 3 channels). So a sample depends only on (dataset, seed, index, resolution): the
stream resumes at any step, and 2 ranks x B/2 see exactly the images 1 rank x B sees.
"""
from __future__ import annotations

import logging
from typing import Any

import torch

from memory.data import ImageSet, load_dataset
from procgen.seeding import randint, uniform
from procgen.stream import step_indices
from train.augment import sample_crop_boxes
from train.augment_ops import resized_crop

logger = logging.getLogger(__name__)

__all__ = ["RealImageStream", "real_stream_factory", "REAL_PREFIX", "CROP_ATTEMPTS"]

REAL_PREFIX = "real:"  # experiment sources and ``data.dataset`` labels of control runs
CROP_ATTEMPTS = 10  # torchvision's RandomResizedCrop tries 10 boxes before its central fallback


class RealImageStream:
    """Infinite, seeded iterator of real-image batches: float32 (B, 3, R, R) in [0, 1] on ``device``.

    Args:
        dataset: a ``memory.data`` dataset spec (train split; labels are never used).
        resolution: output side R. batch_size: images per step on this rank.
        seed: stream seed. device: where batches are returned. rank, world_size: this shard.
        start_step: the first step yielded. scale: crop area range (RandomResizedCrop).
        limit: use a seeded class-stratified subset of this many train images (None: all).
        images: an already loaded ImageSet to draw from instead of loading ``dataset``.
    """

    def __init__(self, dataset: str, resolution: int, batch_size: int, seed: int = 0,
                 device: str | torch.device = "cpu", rank: int = 0, world_size: int = 1,
                 start_step: int = 0, scale: tuple[float, float] = (0.35, 1.0), limit: int | None = None,
                 images: ImageSet | None = None) -> None:
        for name, value, low in (("resolution", resolution, 1), ("batch_size", batch_size, 1),
                                 ("world_size", world_size, 1), ("rank", rank, 0), ("start_step", start_step, 0)):
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ValueError(f"{name} must be an int >= {low}, got {value!r}")
        if rank >= world_size:
            raise ValueError(f"rank {rank} must be < world_size {world_size}")
        if not 0.0 < scale[0] <= scale[1] <= 1.0:
            raise ValueError(f"scale must satisfy 0 < min <= max <= 1, got {scale}")
        self.dataset, self.resolution, self.batch_size, self.seed = dataset, resolution, batch_size, seed
        self.device, self.rank, self.world_size = torch.device(device), rank, world_size
        self.step, self.scale, self.limit = start_step, (float(scale[0]), float(scale[1])), limit
        self.images = images if images is not None else load_dataset(dataset, "train", limit=limit, seed=seed)
        if len(self.images) == 0:
            raise ValueError(f"dataset {dataset!r} has no train images")
        self.provenance: dict[str, Any] = {"kind": "real", "dataset": dataset}

    @property
    def position(self) -> dict[str, Any]:
        """Keyword arguments that reopen this stream at its next step."""
        return dict(dataset=self.dataset, resolution=self.resolution, batch_size=self.batch_size, seed=self.seed,
                    device=str(self.device), rank=self.rank, world_size=self.world_size, start_step=self.step,
                    scale=self.scale, limit=self.limit)

    def render(self, indices: torch.Tensor) -> torch.Tensor:
        """The images of global ``indices`` (int64 (B,)): float32 (B, 3, R, R) in [0, 1] on the device."""
        picks = randint(self.seed, indices, "control/image", len(self.images))[:, 0]
        u = uniform(self.seed, indices, "control/crop", 2 * CROP_ATTEMPTS + 2)
        u_scale, u_ratio, u_pos = u[:, :CROP_ATTEMPTS], u[:, CROP_ATTEMPTS:2 * CROP_ATTEMPTS], u[:, -2:]
        if self.images.images is not None:  # one size in memory: crop the whole batch at once
            batch = _as_float_rgb(self.images.images[picks])
            boxes = sample_crop_boxes(u_scale, u_ratio, u_pos, batch.shape[-2], batch.shape[-1], self.scale,
                                      (3 / 4, 4 / 3))
            out = resized_crop(batch, boxes, self.resolution)
        else:  # files of any size: one by one
            crops = []
            for row, pick in enumerate(picks.tolist()):
                image = _as_float_rgb(self.images.image(pick)[None])
                box = sample_crop_boxes(u_scale[row:row + 1], u_ratio[row:row + 1], u_pos[row:row + 1],
                                        image.shape[-2], image.shape[-1], self.scale, (3 / 4, 4 / 3))
                crops.append(resized_crop(image, box, self.resolution))
            out = torch.cat(crops)
        return out.clamp_(0.0, 1.0).to(self.device)

    def __iter__(self) -> "RealImageStream":
        return self

    def __next__(self) -> torch.Tensor:
        batch = self.render(step_indices(self.step, self.batch_size, self.rank, self.world_size))
        self.step += 1
        return batch

    def close(self) -> None:
        """Nothing to release (images are in memory or decoded on demand); kept for the stream contract."""

    def __enter__(self) -> "RealImageStream":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _as_float_rgb(images: torch.Tensor) -> torch.Tensor:
    """uint8 (B, H, W) or (B, H, W, 3) -> float32 (B, 3, H, W) in [0, 1]."""
    x = images.float().div_(255.0)
    if x.ndim == 3:
        return x[:, None].expand(-1, 3, -1, -1).contiguous()
    return x.permute(0, 3, 1, 2).contiguous()


def real_stream_factory(dataset: str, resolution: int, seed: int = 0, limit: int | None = None,
                        scale: tuple[float, float] = (0.35, 1.0)):
    """A ``train.loop.StreamSource`` factory for ``dataset``: loads the split once (checked now).

    ``factory(start_step=, rank=, world_size=, batch_size=, device=)`` opens the stream there;
    the factory's ``provenance`` is ``{"kind": "real", "dataset": dataset}``.
    """
    images = load_dataset(dataset, "train", limit=limit, seed=seed)

    def factory(*, start_step: int, rank: int, world_size: int, batch_size: int,
                device: str | torch.device) -> RealImageStream:
        return RealImageStream(dataset, resolution, batch_size, seed=seed, device=device, rank=rank,
                               world_size=world_size, start_step=start_step, scale=scale, limit=limit,
                               images=images)

    factory.provenance = {"kind": "real", "dataset": dataset}
    return factory
