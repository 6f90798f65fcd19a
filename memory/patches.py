"""Patch features of a backbone: a grid of local embeddings next to the pooled one (memory.embed).

Every backbone kind gives (B, h, w, D) with its stride (input pixels per feature cell):

- ViT-like timm models: the last-layer tokens after the final norm, prefix tokens (CLS,
  registers) dropped, reshaped to the patch grid. Any input size works because ViTs are built
  with ``dynamic_img_size`` (the position embedding is interpolated); stride = patch size.
- convnets: the last feature map ``forward_features(x)`` (B, C, h, w) moved to (B, h, w, C);
  stride = input size / map size.
- ``pixels``: the image itself, one cell per pixel (D = 3, stride 1): the raw-RGB baseline.

Images are resized to ``size`` x ``size`` without a crop (segmentation needs every pixel to
keep its place), then normalised like the backbone's pooled embedding (``Backbone.preprocess``).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import torch
from PIL import Image

from memory.embed import Backbone, Preprocess, preprocess_batch

__all__ = ["PatchFeatures", "patch_features", "resize_square", "feature_stride"]

logger = logging.getLogger(__name__)


@dataclass
class PatchFeatures:
    """Patch features of a batch.

    Attributes:
        tokens: float32 (B, h, w, D), not normalised (PCA and the store normalise as they need).
        stride: input pixels per cell along each axis (h = size // stride for ViTs).
        size: the square input size the images were resized to.
    """
    tokens: torch.Tensor
    stride: int
    size: int

    @property
    def grid(self) -> tuple[int, int]:
        return int(self.tokens.shape[1]), int(self.tokens.shape[2])


def resize_square(image: torch.Tensor | np.ndarray, size: int) -> torch.Tensor:
    """uint8 (H, W) or (H, W, 3) -> uint8 (size, size, 3), bicubic, no crop (aspect not kept)."""
    array = np.asarray(image)
    if array.dtype != np.uint8 or array.ndim not in (2, 3):
        raise ValueError(f"expected a uint8 (H,W) or (H,W,3) image, got {array.dtype} {array.shape}")
    picture = Image.fromarray(array).convert("RGB")
    if picture.size != (size, size):
        picture = picture.resize((size, size), Image.BICUBIC)
    return torch.from_numpy(np.asarray(picture).copy())


def _square_preprocess(prep: Preprocess, size: int) -> Preprocess:
    # Same normalisation as the pooled embedding, but no resize margin and no crop.
    return Preprocess(size, size, prep.normalize, prep.mean, prep.std)


def _vit_grid(model: torch.nn.Module, tokens: torch.Tensor, height: int, width: int) -> torch.Tensor:
    """(B, prefix + h*w, D) ViT tokens -> (B, h, w, D) without the prefix (CLS, registers)."""
    patch = model.patch_embed.patch_size
    ph, pw = (patch, patch) if isinstance(patch, int) else patch
    h, w = height // ph, width // pw
    prefix = int(getattr(model, "num_prefix_tokens", 1))
    if tokens.shape[1] != prefix + h * w:
        raise RuntimeError(f"{type(model).__name__} returned {tokens.shape[1]} tokens for a "
                           f"{height}x{width} input; expected {prefix} + {h}x{w}")
    return tokens[:, prefix:].reshape(tokens.shape[0], h, w, tokens.shape[2])


def feature_stride(backbone: Backbone) -> int:
    """Input pixels per feature cell of ``backbone`` (1 for pixels, the patch size for ViTs,
    the total downsampling of a convnet's last stage)."""
    model = backbone.model
    if model is None:
        return 1
    if getattr(model, "patch_embed", None) is not None:
        patch = model.patch_embed.patch_size
        return int(patch if isinstance(patch, int) else patch[0])
    info = getattr(model, "feature_info", None)
    if info:
        return int(info[-1]["reduction"])
    raise ValueError(f"cannot tell the feature stride of {backbone.spec}")


@torch.inference_mode()
def patch_features(backbone: Backbone, images: Sequence[torch.Tensor | np.ndarray], size: int,
                   device: str | torch.device = "cpu") -> PatchFeatures:
    """Patch features of images of any sizes, each resized to ``size`` x ``size``.

    Args:
        backbone: from ``memory.embed.backbone_from_spec``. images: uint8 (H, W) or (H, W, 3) each.
        size: square model input side (448 for the paper's PCA segmentation).

    Returns:
        PatchFeatures with tokens float32 (B, h, w, D) on ``device``.
    """
    if size < 1:
        raise ValueError(f"size must be >= 1, got {size}")
    if len(images) == 0:
        raise ValueError("no images to embed")
    batch = torch.stack([resize_square(image, size) for image in images])
    x = preprocess_batch(batch, _square_preprocess(backbone.preprocess, size), device)
    model = backbone.model
    if model is None:  # raw pixels: (B, 3, S, S) -> (B, S, S, 3)
        return PatchFeatures(x.permute(0, 2, 3, 1).contiguous(), 1, size)
    backbone.to(device)
    out = model.forward_features(x)
    if out.ndim == 4:  # convnet feature map (B, C, h, w)
        tokens = out.permute(0, 2, 3, 1)
        stride = max(1, size // int(out.shape[2]))
    elif getattr(model, "patch_embed", None) is not None:
        tokens = _vit_grid(model, out, size, size)
        stride = feature_stride(backbone)
    else:
        raise ValueError(f"backbone {backbone.spec}: forward_features gave shape "
                         f"{tuple(out.shape)}, neither a feature map nor ViT tokens")
    return PatchFeatures(tokens.float().contiguous(), stride, size)
