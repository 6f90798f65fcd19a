"""The procedural datasets: Shaders, Shaders-Mixup, KML, KML-Mixup, in a registry by name.

A sample is addressed by (name, seed, index): every random choice (program, iTime, iSeed,
mixing weights) is drawn from ``procgen.seeding`` with the sample's global index and a salt
naming the dataset and the purpose, so element ``index`` depends only on (name, options, seed,
index, resolution) and the library (its manifest), never on the batch it is rendered in.
Programs of large libraries come in windows scheduled ahead of use (`procgen.schedule`). All the
sub-images of a batch are rendered in ONE renderer call (B x images_per_sample images).
"""
from __future__ import annotations

import logging
from typing import Callable, Protocol

import numpy as np
import torch

from procgen import seeding
from procgen.kml import kml_blend, reference_kml_numpy
from procgen.kml_cupy import BACKENDS as KML_BACKENDS
from procgen.schedule import pick_programs

TIME_RANGE = (0.1, 10.0)  # Shaders21k's iTime ~ U(0.1, 10) (docs/METHOD.md)
_FLOAT32_BELOW_ONE = 1.0 - 2.0**-24  # float64 uniforms near 1 would round up to 1.0f

logger = logging.getLogger(__name__)

__all__ = [
    "DATASETS", "ProceduralDataset", "Shaders", "ShadersMixup", "KML", "KMLMixup",
    "get_dataset", "register_dataset", "draw_shader_inputs",
]


class Renderer(Protocol):
    """What a dataset needs from ``procgen.renderer.BatchRenderer``."""

    library: object  # supports len()
    device: torch.device

    def render(self, program_ids: torch.Tensor, seeds: torch.Tensor, times: torch.Tensor,
               resolution: int) -> torch.Tensor: ...

    def render_one(self, program_id: int, seed: torch.Tensor, time: float, resolution: int) -> torch.Tensor: ...


def draw_shader_inputs(seed: int, indices: torch.Tensor, salt: str, per_sample: int,
                       library: object | int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Program ids, iSeed and iTime of every sub-image, drawn from (seed, index, salt).

    Args:
        seed: global seed.
        indices: int64 (B,) global sample indices (CPU).
        salt: prefix naming the dataset; draws use "<salt>/program", "/iseed", "/time".
        per_sample: sub-images per sample (m).
        library: the renderer's library (or a program count): ids follow `procgen.schedule`
            (uniform over a library of up to 64 programs; windows of larger ones, by weight).

    Returns:
        ids int64 (B*m,), seeds float32 (B*m, 4) in [0, 1), times float32 (B*m,) in
        [0.1, 10), sample-major (sample 0's m images first).
    """
    if isinstance(library, int):
        if library <= 0:
            raise ValueError("the shader library is empty: add .glsl programs under shaders/")
        library = range(library)  # len() is all a plain library needs
    ids = pick_programs(library, seed, indices, salt, per_sample)
    seeds = seeding.uniform(seed, indices, f"{salt}/iseed", 4 * per_sample)
    low, high = TIME_RANGE
    times = low + (high - low) * seeding.uniform(seed, indices, f"{salt}/time", per_sample)
    return (
        ids,
        seeds.reshape(-1, 4).clamp(max=_FLOAT32_BELOW_ONE).to(torch.float32),
        times.reshape(-1).to(torch.float32).clamp(max=high * _FLOAT32_BELOW_ONE),
    )


def _check_indices(indices: torch.Tensor) -> torch.Tensor:
    # The resolution is the renderer's to check (against the GL limits), once, not here.
    if not isinstance(indices, torch.Tensor) or indices.dim() != 1 or indices.dtype != torch.int64:
        raise ValueError("indices must be an int64 tensor (B,) of global sample indices")
    return indices.cpu()


class ProceduralDataset:
    """Base: renders ``images_per_sample`` shader images per sample and combines them.

    Subclasses implement ``combine``; ``render`` returns only the result, ``render_parts``
    also the intermediate images (for the preview strip).
    """

    name = "base"
    images_per_sample = 1

    def render(self, engine: Renderer, indices: torch.Tensor, seed: int, resolution: int
               ) -> torch.Tensor:
        """Render samples ``indices`` of this dataset.

        Args:
            engine: a BatchRenderer (its device is the output device).
            indices: int64 (B,) global sample indices.
            seed: global seed.
            resolution: R.

        Returns:
            float32 (B, 3, R, R) in [0, 1] on ``engine.device``.
        """
        return self.render_parts(engine, indices, seed, resolution)["result"]

    def render_parts(self, engine: Renderer, indices: torch.Tensor, seed: int, resolution: int
                     ) -> dict[str, torch.Tensor]:
        """Like ``render`` but returns a dict with "result" and the dataset's intermediates."""
        indices = _check_indices(indices)
        ids, seeds, times = draw_shader_inputs(
            seed, indices, self.name, self.images_per_sample, engine.library)
        images = engine.render(ids, seeds, times, resolution)  # one call for the whole batch
        images = images.reshape(len(indices), self.images_per_sample, 3, resolution, resolution)
        return self.combine(images, indices, seed)

    def combine(self, images: torch.Tensor, indices: torch.Tensor, seed: int
                ) -> dict[str, torch.Tensor]:
        """images: (B, m, 3, R, R) -> dict with "result" (B, 3, R, R) and intermediates."""
        raise NotImplementedError

    # The per-image baseline: the same samples rendered one draw and one read-back per image,
    # as Shaders21k rendered, and combined per sample in numpy (the bench's reference).
    slow_baseline = False  # True: the numpy combine is slow, so the bench times fewer samples

    def per_image_baseline(self, engine: Renderer, indices: torch.Tensor, seed: int, resolution: int
                           ) -> Callable[[], list[np.ndarray]]:
        """A function rendering samples ``indices`` the per-image way (same programs, iSeed, iTime).

        The draws happen here, outside the function, so that timing it measures rendering and
        combining only.

        Returns:
            A function returning one float32 (3, R, R) array per sample.
        """
        indices = _check_indices(indices)
        m = self.images_per_sample
        ids, seeds, times = draw_shader_inputs(seed, indices, self.name, m, engine.library)
        ids, times = ids.tolist(), times.tolist()
        extras = self.per_image_inputs(indices, seed)

        def run() -> list[np.ndarray]:
            out = []
            for sample in range(len(indices)):
                images = [engine.render_one(ids[j], seeds[j], times[j], resolution).cpu().numpy()
                          for j in range(sample * m, (sample + 1) * m)]
                out.append(self.combine_numpy(images, None if extras is None else extras[sample]))
            return out

        return run

    def per_image_inputs(self, indices: torch.Tensor, seed: int) -> np.ndarray | None:
        """Per-sample random inputs of ``combine_numpy`` beyond the images (row i: sample i)."""
        return None

    def combine_numpy(self, images: list[np.ndarray], extra: np.ndarray | None) -> np.ndarray:
        """One sample's m images, each (3, R, R), -> (3, R, R): ``combine`` in numpy."""
        raise NotImplementedError(f"dataset {self.name!r} has no per-image baseline (combine_numpy)")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, images_per_sample={self.images_per_sample})"


class Shaders(ProceduralDataset):
    """One random program, iTime ~ U(0.1, 10) and iSeed per image."""

    name = "shaders"

    def combine(self, images, indices, seed):
        return {"result": images[:, 0]}

    def combine_numpy(self, images, extra):
        return images[0]


def dirichlet_weights(seed: int, indices: torch.Tensor, salt: str, count: int,
                      device: torch.device) -> torch.Tensor:
    """Dirichlet(1, ..., 1) weights (B, count) float32: normalised -log(U) draws."""
    exponential = -torch.log1p(-seeding.uniform(seed, indices, salt, count))  # 1-U in (0, 1]
    weights = exponential / exponential.sum(dim=1, keepdim=True).clamp(min=1e-300)
    return weights.to(device=device, dtype=torch.float32)


class ShadersMixup(ProceduralDataset):
    """Convex combination of ``mixup`` shader images with Dirichlet(1, ..., 1) weights."""

    name = "shaders-mixup"

    def __init__(self, mixup: int = 6) -> None:
        if mixup < 1:
            raise ValueError(f"mixup (images per sample) must be >= 1, got {mixup}")
        self.images_per_sample = mixup

    def combine(self, images, indices, seed):
        weights = dirichlet_weights(seed, indices, f"{self.name}/weights",
                                    self.images_per_sample, images.device)
        result = torch.einsum("bm,bmchw->bchw", weights, images)
        return {"result": result, "weights": weights, "images": images}

    def per_image_inputs(self, indices, seed):
        return dirichlet_weights(seed, indices, f"{self.name}/weights", self.images_per_sample,
                                 torch.device("cpu")).numpy()

    def combine_numpy(self, images, extra):
        return np.tensordot(extra, np.stack(images), axes=1)


class KML(ProceduralDataset):
    """K-Means Leaves: s2 inside s1's colour cluster 0, s3 outside (see procgen.kml)."""

    name = "kml"
    images_per_sample = 3

    def __init__(self, k: int = 2, iters: int = 3, kml_backend: str | None = None) -> None:
        if k < 2 or iters < 0:
            raise ValueError(f"KML needs k >= 2 and iters >= 0, got k={k}, iters={iters}")
        if kml_backend not in (None, *KML_BACKENDS):
            raise ValueError(f"kml_backend must be one of {', '.join(KML_BACKENDS)}, got {kml_backend!r}")
        self.k, self.iters, self.kml_backend = k, iters, kml_backend

    def combine(self, images, indices, seed):
        s1, s2, s3 = images[:, 0], images[:, 1], images[:, 2]
        result, mask = kml_blend(s1, s2, s3, k=self.k, iters=self.iters, backend=self.kml_backend)
        return {"result": result, "s1": s1, "mask": mask, "s2": s2, "s3": s3}

    slow_baseline = True

    def combine_numpy(self, images, extra):
        # the mean of the KML images of consecutive triples (one triple for plain KML)
        kmls = [reference_kml_numpy(*images[t:t + 3], k=self.k, iters=self.iters)
                for t in range(0, len(images), 3)]
        return np.mean(kmls, axis=0)


class KMLMixup(KML):
    """Plain mean of ``mixup`` KML images (the paper's best: two, 0.5 / 0.5)."""

    name = "kml-mixup"

    def __init__(self, k: int = 2, iters: int = 3, mixup: int = 2, kml_backend: str | None = None) -> None:
        super().__init__(k, iters, kml_backend)
        if mixup < 1:
            raise ValueError(f"mixup (KML images per sample) must be >= 1, got {mixup}")
        self.mixup = mixup
        self.images_per_sample = 3 * mixup

    def combine(self, images, indices, seed):
        b, _, c, h, w = images.shape
        # All the KMLs of the batch in one kml_blend call: (B * mixup) triples.
        triples = images.reshape(b * self.mixup, 3, c, h, w)
        parts = super().combine(triples, indices, seed)
        kmls = parts["result"].reshape(b, self.mixup, c, h, w)
        first = {key: value.reshape(b, self.mixup, *value.shape[1:])[:, 0]
                 for key, value in parts.items() if key != "result"}
        return {"result": kmls.mean(dim=1), "kml": kmls, **first}


DATASETS: dict[str, Callable[..., ProceduralDataset]] = {}


def register_dataset(name: str, factory: Callable[..., ProceduralDataset]) -> None:
    """Add a dataset factory under ``name`` (a warning if it replaces one)."""
    if name in DATASETS:
        logger.warning("dataset %r is already registered; overwriting it", name)
    DATASETS[name] = factory


for _factory in (Shaders, ShadersMixup, KML, KMLMixup):
    register_dataset(_factory.name, _factory)


def get_dataset(name: str, **options) -> ProceduralDataset:
    """The dataset registered as ``name``, built with ``options`` (k, iters, mixup).

    Raises:
        KeyError: unknown name (the message lists the known names).
        TypeError: an option the dataset does not take.
    """
    if name not in DATASETS:
        raise KeyError(f"unknown dataset {name!r}; known datasets: {', '.join(sorted(DATASETS))}")
    try:
        return DATASETS[name](**options)
    except TypeError as err:
        raise TypeError(f"dataset {name!r} does not accept options {sorted(options)}: {err}") from None
