"""Backbone (timm ViT or convnet, random init) and the DINO projection head.

ViTs (timm modules ``vision_transformer``, ``deit``) are built for the global crop size with
the configured patch size and ``dynamic_img_size``; any other timm model (resnet, convnext,
regnet, ...) is built without size arguments, as DINO trained its ResNet-50, and embeds an
image by its own global pooling (``num_classes=0``). BatchNorm layers become SyncBatchNorm
under DDP (:func:`sync_batchnorm`).

The head follows the DINO reference: a 3-layer MLP (in -> hidden -> hidden -> bottleneck,
GELU, no batch norm), L2 normalisation, then a weight-normalised linear layer to ``out_dim``
without bias. With ``norm_last_layer`` the weight-norm magnitude g is filled with 1 and frozen,
so the last layer is a cosine-similarity against ``out_dim`` unit-norm prototypes.
"""
from __future__ import annotations

import copy
import logging

import timm
import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.parametrizations import weight_norm

from train.config import TrainConfig

logger = logging.getLogger(__name__)

__all__ = ["build_backbone", "backbone_kwargs", "is_vit", "has_batchnorm", "sync_batchnorm", "DINOHead",
           "MultiCropNetwork", "build_student_teacher"]

# timm modules whose models take img_size / patch_size / dynamic_img_size.
VIT_MODULES = ("vision_transformer", "deit")


def is_vit(arch: str) -> bool:
    """True when timm architecture ``arch`` is a ViT (built with img_size and patch_size)."""
    return timm.models.is_model_in_modules(arch, VIT_MODULES)


def backbone_kwargs(arch: str, img_size: int, patch_size: int | None) -> dict:
    """The size arguments ``timm.create_model`` gets for ``arch`` (none for convnets).

    The export writes them into its ``config.json`` (``timm_kwargs``), so a loader rebuilds the
    exact model without knowing which architectures are ViTs.
    """
    if is_vit(arch):
        return {"img_size": img_size, "patch_size": patch_size, "dynamic_img_size": True}
    return {}


def has_batchnorm(module: nn.Module) -> bool:
    """True when ``module`` holds any BatchNorm layer (convnets; ViTs use LayerNorm)."""
    return any(isinstance(m, nn.modules.batchnorm._BatchNorm) for m in module.modules())


def sync_batchnorm(module: nn.Module, device: torch.device) -> nn.Module:
    """BatchNorm -> SyncBatchNorm under DDP on CUDA (statistics over the global batch).

    torch's SyncBatchNorm runs on GPUs only; DDP on CPU (gloo, tests) keeps per-rank BatchNorm.
    """
    import torch.distributed as dist

    if not (dist.is_initialized() and has_batchnorm(module)):
        return module
    if device.type != "cuda":
        logger.warning("BatchNorm stays per-rank: SyncBatchNorm needs CUDA, the device is %s", device)
        return module
    return nn.SyncBatchNorm.convert_sync_batchnorm(module)


def build_backbone(arch: str, img_size: int, patch_size: int | None, drop_path: float = 0.0) -> nn.Module:
    """A randomly initialised timm backbone whose ``forward`` returns the image embedding.

    Args:
        arch: timm model name, e.g. ``vit_tiny_patch16_224``, ``resnet18``, ``convnext_atto``.
        img_size: global crop size; a ViT's position embeddings are laid out for it and
            interpolated for other sizes (``dynamic_img_size=True``), so local crops work.
            Ignored by convnets (any input size).
        patch_size: ViT patch side in pixels (ignored by convnets).
        drop_path: stochastic depth rate (timm's DropPath draws from the global torch RNG).

    Returns:
        timm model with ``num_classes=0``: ``forward(x (B,3,H,W))`` -> (B, D), the normed CLS
        token (ViT) or the globally pooled feature map (convnets); ``num_features`` = D.
    """
    try:
        model = timm.create_model(arch, pretrained=False, num_classes=0, drop_path_rate=drop_path,
                                  **backbone_kwargs(arch, img_size, patch_size))
    except RuntimeError as err:
        if "Unknown model" in str(err):
            raise ValueError(f"unknown timm architecture {arch!r} (config key model.arch)") from None
        raise
    switch_on_zeroed_branches(model)
    return model


def switch_on_zeroed_branches(model: nn.Module) -> int:
    """Set every all-zero BatchNorm scale to 1; returns how many were set.

    timm zero-initialises the last BatchNorm of each residual block (``zero_init_last``), so an
    untrained ResNet is its shortcut path alone: strided 1x1 convolutions that keep one pixel in
    four per stage, and at 32 px the pooled feature sees a single spot of the image (measured in
    benchmarks/RESULTS.md, issue 11: chance-level KNN). DINO's ResNet-50 (torchvision's default,
    ``zero_init_residual=False``) started with its branches on; so do ours, which also makes the
    random-init baseline a network that sees the whole image. No RNG is drawn: every other
    weight is exactly timm's seeded init.
    """
    switched = 0
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.modules.batchnorm._BatchNorm) and module.weight is not None:
                if module.weight.is_meta:  # built for its shapes only (export): no values to read
                    continue
                if not bool(module.weight.any()):
                    module.weight.fill_(1.0)
                    switched += 1
    return switched


class DINOHead(nn.Module):
    """MLP -> L2 normalise -> weight-normalised linear (no bias), as in the DINO reference.

    Args:
        in_dim: backbone embedding dimension.
        out_dim: number of prototypes (softmax dimension).
        hidden_dim: MLP width (2048 in DINO).
        bottleneck_dim: dimension before the last layer (256 in DINO).
        norm_last_layer: fix the weight-norm magnitude g to 1 (not trained).
        use_bn: BatchNorm after the two hidden linear layers (DINO's ``use_bn_in_head``). It
            removes the batch mean of every hidden unit, so the head's outputs differ between
            images from step 0 even when the backbone's embeddings share a large common part
            (a random-init convnet's pooled ReLU features do): without it the teacher's softmax
            starts near uniform and gives the student little to learn (benchmarks/RESULTS.md).
    """

    def __init__(self, in_dim: int, out_dim: int, hidden_dim: int = 2048, bottleneck_dim: int = 256,
                 norm_last_layer: bool = True, use_bn: bool = False) -> None:
        super().__init__()
        def hidden(width: int) -> list[nn.Module]:
            return [nn.BatchNorm1d(width), nn.GELU()] if use_bn else [nn.GELU()]

        self.mlp = nn.Sequential(
            nn.Linear(in_dim, hidden_dim), *hidden(hidden_dim),
            nn.Linear(hidden_dim, hidden_dim), *hidden(hidden_dim),
            nn.Linear(hidden_dim, bottleneck_dim),
        )
        for m in self.mlp:
            if isinstance(m, nn.Linear):
                nn.init.trunc_normal_(m.weight, std=0.02)
                nn.init.zeros_(m.bias)
        # parametrizations.weight_norm: original0 = g (out_dim, 1), original1 = v (out_dim, in).
        self.last_layer = weight_norm(nn.Linear(bottleneck_dim, out_dim, bias=False))
        magnitude = self.last_layer.parametrizations.weight.original0
        with torch.no_grad():
            magnitude.fill_(1.0)
        if norm_last_layer:
            magnitude.requires_grad_(False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(N, in_dim) float -> (N, out_dim) logits (before temperature)."""
        x = self.mlp(x)
        x = F.normalize(x, dim=-1, p=2)
        return self.last_layer(x)


class MultiCropNetwork(nn.Module):
    """Backbone + head applied to a list of views; views of one size share one forward pass.

    ``forward(views)`` with views a list of (B, 3, S_v, S_v) tensors returns
    ``(logits (V*B, out_dim), features (V*B, embed_dim))`` in view order.
    """

    def __init__(self, backbone: nn.Module, head: DINOHead) -> None:
        super().__init__()
        self.backbone = backbone
        self.head = head

    def forward(self, views: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
        feats = []
        start = 0
        while start < len(views):  # group consecutive views of equal size (globals, locals)
            end = start + 1
            while end < len(views) and views[end].shape[-2:] == views[start].shape[-2:]:
                end += 1
            feats.append(self.backbone(torch.cat(views[start:end])))
            start = end
        features = torch.cat(feats)
        return self.head(features), features


def build_student_teacher(cfg: TrainConfig) -> tuple[MultiCropNetwork, MultiCropNetwork]:
    """Student (with drop-path) and teacher (same weights, no drop-path, no gradients)."""
    m = cfg.model
    backbone = build_backbone(m.arch, cfg.crops.global_size, m.patch_size, m.drop_path)
    head = DINOHead(backbone.num_features, m.out_dim, m.hidden_dim, m.bottleneck_dim, m.norm_last_layer, m.head_bn)
    student = MultiCropNetwork(backbone, head)
    teacher = copy.deepcopy(student)
    for module in teacher.modules():  # the teacher never drops paths (DINO builds it with 0)
        if type(module).__name__ == "DropPath":
            module.drop_prob = 0.0
    for p in teacher.parameters():
        p.requires_grad_(False)
    return student, teacher
