"""Backbones and embedding extraction for the visual memory (the DINO KNN protocol).

Backbone specs:

- ``EXPORT_DIR``: the trainer's export (``model.safetensors`` + ``config.json`` with ``arch``,
  ``patch_size``, ``img_size``, ``embed_dim``); read here from the documented format, so memory
  does not import train's internals.
- ``random:ARCH``: a timm architecture with seeded random init (the baseline), never pretrained.
- ``pixels``: the raw-pixel baseline: shorter side resized to R, centre R x R crop, flattened,
  L2-normalised (an all-black image gets the direction of every constant image, 1/sqrt(D)).

Any spec may end in ``@R`` to set the evaluation resolution (``random:vit_tiny_patch16_224@32``,
``pixels@64``). Defaults: the export's ``img_size``, the architecture's default input size,
28 for ``pixels``.

Features are the timm model's own pooled output (built with ``num_classes=0``): for a ViT the CLS
token after the final norm, ``forward_features(x)[:, 0]``; L2-normalised.
Preprocessing is DINO's evaluation protocol scaled to resolution r: resize the shorter side to
round(r * 256 / 224) (bicubic, antialiased) -> centre crop r -> mean/std (ImageNet's; a
``random:ARCH`` model's own from timm's data config); grey images
are repeated to 3 channels. An export's ``config.json`` may give its own ``mean``/``std`` (the
normalisation its training views had). ``pixels`` uses the same path with shorter side -> r (no
crop margin) and values in [0, 1] (no mean/std), so cosine similarity compares raw intensities.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from timm.data import IMAGENET_DEFAULT_MEAN as IMAGENET_MEAN
from timm.data import IMAGENET_DEFAULT_STD as IMAGENET_STD
from torch import nn

from memory.data import ImageSet
from procvision.progress import progress_bar

__all__ = [
    "IMAGENET_MEAN", "IMAGENET_STD", "Preprocess", "Backbone", "backbone_from_spec",
    "load_export_model", "preprocess_batch", "extract_embeddings", "PIXELS_DEFAULT_RESOLUTION",
]

PIXELS_DEFAULT_RESOLUTION = 28
BACKBONE_FORMS = "EXPORT_DIR, random:ARCH (a timm model name), pixels; optional suffix @RESOLUTION"


@dataclass(frozen=True)
class Preprocess:
    """How images become model input: shorter side -> ``resize_to``, centre crop ``resolution``,
    scale to [0, 1], then (x - mean) / std per channel when ``normalize``."""
    resolution: int
    resize_to: int
    normalize: bool = True
    mean: tuple[float, float, float] = IMAGENET_MEAN
    std: tuple[float, float, float] = IMAGENET_STD

    def __post_init__(self) -> None:
        if self.resolution < 1 or self.resize_to < self.resolution:
            raise ValueError(f"need 1 <= resolution <= resize_to, got {self}")
        if len(self.mean) != 3 or len(self.std) != 3 or min(self.std) <= 0:
            raise ValueError(f"mean/std need 3 values, std > 0; got {self.mean}, {self.std}")

    @staticmethod
    def dino(resolution: int, mean=IMAGENET_MEAN, std=IMAGENET_STD) -> "Preprocess":
        """DINO's evaluation protocol (256 -> 224) scaled to ``resolution``."""
        return Preprocess(resolution, int(round(resolution * 256 / 224)), True,
                          tuple(float(m) for m in mean), tuple(float(s) for s in std))


def _resized_size(height: int, width: int, shorter: int) -> tuple[int, int]:
    """(H, W) after resizing the shorter side to ``shorter``; the longer side is truncated
    like torchvision's Resize(int)."""
    if height <= width:
        return shorter, max(shorter, int(shorter * width / height))
    return max(shorter, int(shorter * height / width)), shorter


def preprocess_batch(images: torch.Tensor, prep: Preprocess,
                     device: str | torch.device = "cpu") -> torch.Tensor:
    """Images of one size -> model input.

    Args:
        images: uint8 (B, H, W) grey or (B, H, W, 3) RGB (any device).
        prep: the preprocessing. device: where to compute.

    Returns:
        float32 (B, 3, r, r) on ``device``, r = ``prep.resolution``.
    """
    if images.dtype != torch.uint8 or images.ndim not in (3, 4):
        raise ValueError(f"expected uint8 (B,H,W) or (B,H,W,3), got {images.dtype} "
                         f"{tuple(images.shape)}")
    x = images.to(device)
    x = x.unsqueeze(-1).expand(*x.shape, 3) if x.ndim == 3 else x  # grey -> 3 channels
    if x.shape[-1] != 3:
        raise ValueError(f"expected 3 colour channels, got {tuple(images.shape)}")
    x = x.permute(0, 3, 1, 2).float()
    height, width = x.shape[-2:]
    new_h, new_w = _resized_size(height, width, prep.resize_to)
    if (new_h, new_w) != (height, width):
        x = F.interpolate(x, size=(new_h, new_w), mode="bicubic", align_corners=False,
                          antialias=True).clamp_(0.0, 255.0)  # clamp like an 8-bit PIL result
    r = prep.resolution
    top, left = (new_h - r) // 2, (new_w - r) // 2  # floor: memory.dali crops the same way
    x = x[:, :, top:top + r, left:left + r] / 255.0
    if prep.normalize:
        mean = torch.tensor(prep.mean, device=x.device).view(1, 3, 1, 1)
        std = torch.tensor(prep.std, device=x.device).view(1, 3, 1, 1)
        x = (x - mean) / std
    return x.contiguous()


@dataclass
class Backbone:
    """A feature extractor: ``model`` None means raw pixels.

    Attributes:
        spec: the spec string it was built from. fingerprint: a hash that changes when the
        weights (export files) or the spec change, for caches. embed_dim: D of ``embed``.
    """
    spec: str
    model: nn.Module | None
    preprocess: Preprocess
    embed_dim: int
    fingerprint: str

    @property
    def resolution(self) -> int:
        return self.preprocess.resolution

    def to(self, device: str | torch.device) -> "Backbone":
        if self.model is not None:
            self.model.to(device)
        return self

    @torch.inference_mode()
    def embed(self, x: torch.Tensor) -> torch.Tensor:
        """Preprocessed float32 (B, 3, r, r) -> L2-normalised float32 (B, D) on x's device."""
        # Built with num_classes=0, a timm model returns its pooled embedding: the CLS token
        # after the final norm for a ViT (DINO protocol), global average pooling for a CNN.
        features = x.flatten(1) if self.model is None else self.model(x)
        if self.model is None:
            # A black image has no direction; give it the direction every constant image has
            # (the limit of ever darker greys), so one degenerate image never stops a run.
            black = features.abs().amax(dim=1, keepdim=True) == 0
            features = torch.where(black, torch.ones_like(features), features)
        return F.normalize(features.float(), dim=1)


def _split_resolution(spec: str) -> tuple[str, int | None]:
    base, sep, suffix = spec.rpartition("@")
    if sep and suffix.isdigit():
        if int(suffix) < 1:
            raise ValueError(f"backbone spec {spec!r}: resolution must be >= 1")
        return base, int(suffix)
    return spec, None


def _files_fingerprint(*paths: Path) -> str:
    parts = [f"{p.resolve()}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in paths]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def load_export_model(path: str | Path) -> tuple[nn.Module, dict]:
    """Build the trainer's exported backbone (eval mode, CPU) from its folder.

    Args:
        path: folder with ``model.safetensors`` and ``config.json`` (keys ``arch``,
            ``patch_size``, ``img_size``). The model accepts any input resolution (timm's
            dynamic_img_size interpolates the position embedding).

    Raises:
        FileNotFoundError / ValueError: missing files, config keys or mismatched weights;
        ``train.integrity.ExportError`` (a ValueError) for a damaged or absurd export.
    """
    import timm

    from train.integrity import read_export_config, read_export_weights  # the export loader

    folder = Path(path)
    weights = folder / "model.safetensors"
    missing = [str(p) for p in (weights, folder / "config.json") if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"not a trainer export: missing {missing} (an export folder "
                                "holds model.safetensors and config.json, see train.export)")
    config = read_export_config(folder)  # sizes checked before anything is allocated
    # Built like the trainer builds it (train.model.build_backbone): dynamic_img_size lets the
    # position embedding follow any evaluation resolution and is exact at the training one.
    # ``timm_kwargs`` (exports since convnets were added) are exactly the trainer's size arguments
    # (none for convnets); older exports are all ViTs.
    kwargs = config.get("timm_kwargs")
    if kwargs is None:
        kwargs = {"img_size": config["img_size"], "patch_size": config["patch_size"], "dynamic_img_size": True}
    model = timm.create_model(config["arch"], pretrained=False, num_classes=0, **kwargs)
    try:
        result = model.load_state_dict(read_export_weights(folder), strict=False)
    except RuntimeError as error:  # tensor shapes differ from the architecture's
        raise ValueError(f"{weights} does not match {config['arch']} "
                         f"(patch {config['patch_size']}): {error}") from None
    if result.missing_keys or result.unexpected_keys:
        raise ValueError(f"{weights} does not match {config['arch']}: missing keys "
                         f"{result.missing_keys[:8]}, unexpected keys {result.unexpected_keys[:8]}")
    return model.eval(), config


def backbone_from_spec(spec: str, device: str | torch.device = "cpu", seed: int = 0) -> Backbone:
    """Build a Backbone from ``EXPORT_DIR``, ``random:ARCH`` or ``pixels`` (``@R`` optional).

    Raises:
        ValueError: unknown spec (the message lists the forms) or unknown timm architecture.
    """
    base, resolution = _split_resolution(spec)
    if base == "pixels":
        r = resolution or PIXELS_DEFAULT_RESOLUTION
        digest = hashlib.sha256(f"pixels@{r}".encode()).hexdigest()[:16]
        return Backbone(spec, None, Preprocess(r, r, normalize=False), 3 * r * r, digest)
    if base.startswith("random:"):
        import timm
        import timm.data

        arch = base.removeprefix("random:")
        if not timm.is_model(arch):
            raise ValueError(f"unknown timm architecture {arch!r} in backbone spec {spec!r}")
        kwargs = {}
        if arch.startswith(("vit", "deit")):
            # dynamic_img_size: patch features (memory.patches) at any input size; exact at img_size.
            kwargs = {"dynamic_img_size": True, **({"img_size": resolution} if resolution else {})}
        # Seeded init without touching the caller's global RNG state.
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            model = timm.create_model(arch, pretrained=False, num_classes=0, **kwargs).eval()
        r = resolution or int(model.pretrained_cfg.get("input_size", (3, 224, 224))[-1])
        # the architecture's own normalisation (timm's data config), not ImageNet's by assumption
        data_config = timm.data.resolve_model_data_config(model)
        prep = Preprocess.dino(r, tuple(data_config["mean"]), tuple(data_config["std"]))
        digest = hashlib.sha256(f"{base}@{r}:seed{seed}:mean{prep.mean}:std{prep.std}".encode()).hexdigest()[:16]
    elif Path(base).is_dir():
        model, config = load_export_model(base)
        r = resolution or int(config["img_size"])
        # The export records the normalisation its training views had (ImageNet's by default).
        prep = Preprocess.dino(r, config.get("mean", IMAGENET_MEAN),
                               config.get("std", IMAGENET_STD))
        files = _files_fingerprint(Path(base) / "model.safetensors", Path(base) / "config.json")
        digest = hashlib.sha256(f"{files}@{r}".encode()).hexdigest()[:16]
    else:
        raise ValueError(f"unknown backbone spec {spec!r} (not an existing export folder); "
                         f"expected one of: {BACKBONE_FORMS}")
    model.to(device)
    return Backbone(spec, model, prep, int(model.num_features), digest)


def _pil_batches(images: ImageSet, prep: Preprocess, batch_size: int,
                 device: str | torch.device):
    """Yield preprocessed float32 (B, 3, r, r) batches in dataset order, decoding with PIL."""
    for start in range(0, len(images), batch_size):
        stop = min(start + batch_size, len(images))
        if images.images is not None:  # one size: preprocess the whole batch at once
            yield preprocess_batch(images.images[start:stop], prep, device)
        else:  # files of any size: preprocess one by one, then stack
            yield torch.cat([preprocess_batch(images.image(i)[None], prep, device)
                             for i in range(start, stop)])


def extract_embeddings(backbone: Backbone, images: ImageSet, batch_size: int = 256,
                       device: str | torch.device = "cpu", decoder: str = "pil",
                       progress: bool = True) -> torch.Tensor:
    """Embed every image of ``images`` in order.

    Args:
        decoder: "pil" (any dataset) or "dali" (image-file datasets only, see memory.dali).

    Returns:
        float32 (N, D) on the CPU, rows L2-normalised.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    backbone.to(device)
    if decoder == "pil":
        batches = _pil_batches(images, backbone.preprocess, batch_size, device)
    elif decoder == "dali":
        from memory.dali import dali_batches

        if not images.is_files:
            raise ValueError(f"the DALI decoder reads image files; {images.name} is an in-memory "
                             "array dataset (use --decoder pil)")
        batches = dali_batches(images.paths, backbone.preprocess, batch_size, device)
    else:
        raise ValueError(f"unknown decoder {decoder!r}; expected 'pil' or 'dali'")
    out = torch.empty((len(images), backbone.embed_dim), dtype=torch.float32)
    row = 0
    with progress_bar(total=len(images), desc=f"embed {images.name} {images.split}", unit="img",
              disable=not progress) as bar:
        for batch in batches:
            out[row:row + len(batch)] = backbone.embed(batch.to(device)).cpu()
            row += len(batch)
            bar.update(len(batch))
    if row != len(images):
        raise RuntimeError(f"decoder produced {row} images for a dataset of {len(images)}")
    return out
