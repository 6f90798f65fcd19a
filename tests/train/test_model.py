"""Backbone and DINO head: shapes, dynamic image size, weight-norm semantics, teacher copy."""
from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from train.config import resolve_config
from train.model import DINOHead, build_backbone, build_student_teacher


def test_backbone_accepts_global_and_local_sizes():
    net = build_backbone("vit_tiny_patch16_224", img_size=32, patch_size=16, drop_path=0.1).eval()
    assert net.pos_embed.shape[1] == 1 + 4  # laid out for the 32 px global crop
    assert net(torch.rand(2, 3, 32, 32)).shape == (2, 192)
    assert net(torch.rand(2, 3, 16, 16)).shape == (2, 192)  # interpolated position embeddings


def test_backbone_unknown_arch_is_clear():
    with pytest.raises(ValueError, match="unknown timm architecture 'vit_nope'"):
        build_backbone("vit_nope", 32, 16)


def test_head_structure_and_frozen_norm():
    head = DINOHead(in_dim=12, out_dim=20, hidden_dim=16, bottleneck_dim=8, norm_last_layer=True)
    linears = [m for m in head.mlp if isinstance(m, torch.nn.Linear)]
    assert [(m.in_features, m.out_features) for m in linears] == [(12, 16), (16, 16), (16, 8)]
    assert all(isinstance(m, (torch.nn.Linear, torch.nn.GELU)) for m in head.mlp)
    g = head.last_layer.parametrizations.weight.original0
    v = head.last_layer.parametrizations.weight.original1
    assert head.last_layer.bias is None
    assert torch.all(g == 1) and not g.requires_grad and v.requires_grad
    # With g == 1 each prototype (row of the weight) has unit norm: output = cosine similarity.
    assert torch.allclose(head.last_layer.weight.norm(dim=1), torch.ones(20), atol=1e-5)
    x = torch.randn(5, 12)
    z = F.normalize(head.mlp(x), dim=-1)
    want = z @ F.normalize(v, dim=1).T
    assert torch.allclose(head(x), want, atol=1e-5)
    assert head(x).abs().max() <= 1.0 + 1e-5


def test_head_trainable_norm_when_not_normed():
    head = DINOHead(12, 20, 16, 8, norm_last_layer=False)
    assert head.last_layer.parametrizations.weight.original0.requires_grad


def test_head_batchnorm_separates_images_sharing_a_common_part():
    """Embeddings = a large shared vector + small per-image parts (a random convnet's pooled
    ReLU features): without BatchNorm the head maps them to nearly one point; with it (DINO's
    use_bn_in_head) the per-image parts survive, so the teacher's softmax is not uniform."""
    torch.manual_seed(0)
    x = 10.0 * torch.ones(64, 12) + 0.05 * torch.randn(64, 12)
    spread = {}
    for use_bn in (False, True):
        torch.manual_seed(1)
        head = DINOHead(12, 20, 16, 8, norm_last_layer=True, use_bn=use_bn).train()
        assert any(isinstance(m, torch.nn.BatchNorm1d) for m in head.mlp) == use_bn
        with torch.no_grad():
            spread[use_bn] = float(F.normalize(head.mlp(x), dim=-1).std(0).mean())
    assert spread[True] > 20 * spread[False]


def test_head_bn_is_an_architecture_key(tiny_overrides, tmp_path):
    from train.checkpoint import CheckpointError, check_compatible
    from train.config import config_to_dict

    plain = config_to_dict(resolve_config(None, tiny_overrides(tmp_path)))
    with_bn = config_to_dict(resolve_config(None, [*tiny_overrides(tmp_path), "model.head_bn=true"]))
    with pytest.raises(CheckpointError, match="model.head_bn: checkpoint False vs run True"):
        check_compatible(plain, with_bn, "ckpt")
    del plain["model"]["head_bn"]  # a checkpoint written before the key existed had no head BN
    check_compatible(plain, config_to_dict(resolve_config(None, tiny_overrides(tmp_path))), "ckpt")


def test_student_teacher(tiny_config):
    student, teacher = build_student_teacher(tiny_config)
    assert all(not p.requires_grad for p in teacher.parameters())
    for (ns, ps), (nt, pt) in zip(student.named_parameters(), teacher.named_parameters()):
        assert ns == nt and torch.equal(ps, pt)
    views = [torch.rand(3, 3, 32, 32), torch.rand(3, 3, 32, 32), torch.rand(3, 3, 16, 16)]
    logits, feats = student(views)
    assert logits.shape == (9, tiny_config.model.out_dim) and feats.shape == (9, 192)
    # Views are batched by size, but each view's rows equal a separate forward pass.
    student.eval()
    logits, _ = student(views)
    alone, _ = student([views[2]])
    assert torch.allclose(logits[6:], alone, atol=1e-5)


def test_drop_path_configured(tmp_path):
    cfg = resolve_config(None, [f"output_dir={tmp_path}", "model.drop_path=0.2", "model.out_dim=32"])
    student, teacher = build_student_teacher(cfg)
    rates = [m.drop_prob for m in student.modules() if type(m).__name__ == "DropPath"]
    assert rates and max(rates) == pytest.approx(0.2)
    assert all(m.drop_prob == 0 for m in teacher.modules() if type(m).__name__ == "DropPath")
