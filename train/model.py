"""Backbone (timm ViT, random init) and the DINO projection head.

The head follows the DINO reference: a 3-layer MLP (in -> hidden -> hidden -> bottleneck,
GELU, no batch norm), L2 normalisation, then a weight-normalised linear layer to ``out_dim``
without bias. With ``norm_last_layer`` the weight-norm magnitude g is filled with 1 and frozen,
so the last layer is a cosine-similarity against ``out_dim`` unit-norm prototypes.
"""
from __future__ import annotations

import copy

import timm
import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.parametrizations import weight_norm

from train.config import TrainConfig

__all__ = ["build_backbone", "DINOHead", "MultiCropNetwork", "build_student_teacher"]


def build_backbone(arch: str, img_size: int, patch_size: int, drop_path: float = 0.0) -> nn.Module:
    """A randomly initialised timm ViT whose ``forward`` returns the normed CLS token.

    Args:
        arch: timm model name, e.g. ``vit_tiny_patch16_224``.
        img_size: global crop size; position embeddings are laid out for it and interpolated
            for other sizes (``dynamic_img_size=True``), so local crops work.
        patch_size: patch side in pixels.
        drop_path: stochastic depth rate (timm's DropPath draws from the global torch RNG).

    Returns:
        timm ``VisionTransformer`` with ``num_classes=0``: ``forward(x (B,3,H,W))`` -> (B, D).
    """
    try:
        return timm.create_model(
            arch, pretrained=False, img_size=img_size, patch_size=patch_size, num_classes=0,
            dynamic_img_size=True, drop_path_rate=drop_path,
        )
    except RuntimeError as err:
        if "Unknown model" in str(err):
            raise ValueError(f"unknown timm architecture {arch!r} (config key model.arch)") from None
        raise


class DINOHead(nn.Module):
    """MLP -> L2 normalise -> weight-normalised linear (no bias), as in the DINO reference.

    Args:
        in_dim: backbone embedding dimension.
        out_dim: number of prototypes (softmax dimension).
        hidden_dim: MLP width (2048 in DINO).
        bottleneck_dim: dimension before the last layer (256 in DINO).
        norm_last_layer: fix the weight-norm magnitude g to 1 (not trained).
    """

    def __init__(self, in_dim: int, out_dim: int, hidden_dim: int = 2048, bottleneck_dim: int = 256,
                 norm_last_layer: bool = True) -> None:
        super().__init__()
        self.mlp = nn.Sequential(
            nn.Linear(in_dim, hidden_dim), nn.GELU(),
            nn.Linear(hidden_dim, hidden_dim), nn.GELU(),
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
    head = DINOHead(backbone.embed_dim, m.out_dim, m.hidden_dim, m.bottleneck_dim, m.norm_last_layer)
    student = MultiCropNetwork(backbone, head)
    teacher = copy.deepcopy(student)
    for module in teacher.modules():  # the teacher never drops paths (DINO builds it with 0)
        if type(module).__name__ == "DropPath":
            module.drop_prob = 0.0
    for p in teacher.parameters():
        p.requires_grad_(False)
    return student, teacher
