"""Export the TEACHER backbone of a checkpoint: ``python -m train.export CHECKPOINT OUT``.

Format (a folder; memory reads it with its own loader, so keep it exactly so):

- ``OUT/model.safetensors``: the state dict of ``timm.create_model(arch, pretrained=False,
  num_classes=0, **timm_kwargs)`` — plain timm keys (ViT: ``cls_token``, ``pos_embed``,
  ``blocks.N...``; convnets: their own, BatchNorm running statistics included), float32, no
  DINO head.
- ``OUT/config.json``: ``format`` ("procvision-backbone-v1"), ``arch`` (timm name),
  ``timm_kwargs`` (ViT: ``img_size``, ``patch_size``, ``dynamic_img_size``; convnets: none),
  ``patch_size`` (ViT; null for convnets), ``img_size`` (global crop size), ``embed_dim``,
  ``dataset``, ``steps`` (steps trained), ``seed``, ``preset``, ``mean``/``std`` (input
  normalisation the views had), and ``provenance``: what the weights saw,
  ``{"kind": "procedural", "dataset", "library", "options"}``, ``{"kind": "real", "dataset"}``
  (the real-data control) or ``{"kind": "random-init"}`` (``"bn_stats"`` added when its
  BatchNorm statistics were measured on procedural images, see ``export_random_init``).
- the safetensors metadata holds ``format`` and ``sha256`` (``train.integrity.payload_digest``
  of the tensors), verified by every loader (``train.integrity.read_export_weights``).

The embedding of an image is ``model(x)``: the CLS token after the final norm (ViT) or the
globally pooled feature map (convnets), for x normalised with ``mean``/``std``.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import torch
from torch import nn

from train.augment import IMAGENET_MEAN, IMAGENET_STD  # the normalisation of every training view
from train.checkpoint import CheckpointError, load_checkpoint
from train.config import TrainConfig, config_to_dict
from train.integrity import (EXPORT_CHECKSUM_KEY, ExportError, first_non_finite, payload_digest,
                             read_export_config, read_export_weights)
from train.model import backbone_kwargs, build_backbone

__all__ = ["export_checkpoint", "export_random_init", "load_exported_backbone", "load_export_config",
           "EXPORT_FORMAT", "PROVENANCE_KINDS"]

EXPORT_FORMAT = "procvision-backbone-v1"
PROVENANCE_KINDS = ("procedural", "real", "random-init")


def export_checkpoint(checkpoint: str | Path, out: str | Path) -> Path:
    """Write the teacher backbone of ``checkpoint`` to folder ``out``; returns ``out``."""
    state = load_checkpoint(checkpoint)
    cfg = state["config"]
    prefix = "backbone."
    weights = {k[len(prefix):]: v.detach().float().contiguous()
               for k, v in state["teacher"].items() if k.startswith(prefix)}
    if not weights:
        raise CheckpointError(f"checkpoint {str(checkpoint)!r} holds no teacher backbone")
    bad = first_non_finite(weights)  # load_checkpoint checked too; the float cast must not overflow
    if bad is not None:
        raise CheckpointError(f"checkpoint {str(checkpoint)!r}: tensor {bad!r} holds NaN or inf")
    # Checkpoints from before provenance was recorded were all trained on the procedural stream.
    provenance = state.get("provenance") or {"kind": "procedural", "dataset": cfg["data"]["dataset"]}
    return _write_export(weights, cfg, int(state["step"]), provenance, out)


def export_random_init(cfg: TrainConfig, out: str | Path) -> Path:
    """Write the backbone a run of ``cfg`` starts from (its own random init, step 0) to ``out``.

    The weights equal those of ``train.loop.train(cfg)`` before its first step (same seeded
    init), so "gain over random init" compares a run with exactly its starting point.

    A backbone with BatchNorm gets its running statistics measured first (train-mode forward
    passes, no gradients, every weight unchanged) on the first batches of the run's own
    procedural stream at the global crop size: with the init statistics (mean 0, var 1) every
    image maps to nearly the same vector and the baseline sits at chance. The provenance then
    says so: ``{"kind": "random-init", "bn_stats": "<dataset> (N images)"}``. Networks without
    BatchNorm are written exactly as initialised.
    """
    from train.bn_calibrate import recalibrate_on_stream
    from train.loop import seed_global_rng
    from train.model import build_student_teacher

    provenance: dict[str, Any] = {"kind": "random-init"}
    with torch.random.fork_rng(devices=[]):  # leave the caller's global RNG as it was
        seed_global_rng(cfg.seed, 0, "train/model-init")
        _, teacher = build_student_teacher(cfg)
        backbone = teacher.backbone.cpu()
        seed_global_rng(cfg.seed, 0, "train/bn-calibrate")  # any stochastic layer in train mode: seeded
        seen = recalibrate_on_stream(backbone, cfg.data.dataset, cfg.data.resolution, cfg.batch_size, cfg.seed,
                                     cfg.crops.global_size, library=cfg.data.library,
                                     **cfg.data.dataset_options())
    if seen:
        provenance["bn_stats"] = f"{cfg.data.dataset} ({seen} images)"
    weights = {k: v.detach().float().contiguous() for k, v in backbone.state_dict().items()}
    return _write_export(weights, config_to_dict(cfg), 0, provenance, out)


def _write_export(weights: dict[str, torch.Tensor], cfg: dict[str, Any], steps: int, provenance: dict[str, Any],
                  out: str | Path) -> Path:
    if provenance.get("kind") not in PROVENANCE_KINDS:
        raise ValueError(f"provenance kind must be one of {PROVENANCE_KINDS}, got {provenance!r}")
    model, img_size = cfg["model"], cfg["crops"]["global_size"]
    kwargs = backbone_kwargs(model["arch"], img_size, model["patch_size"])
    with torch.random.fork_rng(devices=[]), torch.device("meta"):  # only its width: no memory, caller's RNG kept
        embed_dim = int(build_backbone(model["arch"], img_size, model["patch_size"]).num_features)
    config = {
        "format": EXPORT_FORMAT, "arch": model["arch"], "timm_kwargs": kwargs,
        "patch_size": kwargs.get("patch_size"), "img_size": img_size, "embed_dim": embed_dim,
        "dataset": cfg["data"]["dataset"], "steps": steps, "seed": cfg["seed"],
        "preset": cfg["preset"], "mean": list(IMAGENET_MEAN), "std": list(IMAGENET_STD),
        "provenance": provenance,
    }
    from safetensors.torch import save_file

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    save_file(weights, str(folder / "model.safetensors"),
              metadata={"format": EXPORT_FORMAT, EXPORT_CHECKSUM_KEY: payload_digest(weights)})
    (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    return folder


def load_export_config(path: str | Path) -> dict[str, Any]:
    """The ``config.json`` of an export folder, checked (``ExportError`` names file and key)."""
    return read_export_config(path)


def load_exported_backbone(path: str | Path) -> nn.Module:
    """Rebuild the exported backbone (eval mode, CPU).

    Args:
        path: export folder (``model.safetensors`` + ``config.json``).

    Returns:
        timm model, ``num_classes=0``: ``model(x (B,3,H,W) float32)`` -> embedding
        (B, embed_dim); for a ViT H and W are multiples of the patch size.
    """
    config = load_export_config(path)
    weights = read_export_weights(path)  # checksum and finiteness verified
    model = build_backbone(config["arch"], config["img_size"], config["patch_size"], drop_path=0.0)
    model.load_state_dict(weights, strict=True)
    return model.eval()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m train.export",
        description="Export a checkpoint's teacher backbone as model.safetensors + config.json.")
    parser.add_argument("checkpoint", help="checkpoint file (.pt), or a run's output_dir (latest checkpoint)")
    parser.add_argument("out", help="output folder (created; files inside are overwritten)")
    args = parser.parse_args(argv)
    path = Path(args.checkpoint)
    if path.is_dir():
        from train.checkpoint import latest_checkpoint

        latest = latest_checkpoint(path)
        if latest is None:
            print(f"error: {str(path)!r} holds no checkpoint", file=sys.stderr)
            return 2
        path = latest
    try:
        folder = export_checkpoint(path, args.out)
    except (CheckpointError, ExportError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    config = load_export_config(folder)
    print(f"exported teacher backbone {config['arch']} (step {config['steps']}, trained on "
          f"{config['provenance']}) from {path} to {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
