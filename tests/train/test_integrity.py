"""Damaged checkpoints and exports are refused naming the file or tensor; stale temp files of
killed checkpoint writes are removed; absurd config values are refused before any work."""
from __future__ import annotations

import json
import math

import pytest
import torch

from train import checkpoint as ckpt
from train.config import ConfigError, config_to_dict, resolve_config
from train.dino import DINOStep
from train.export import export_checkpoint, load_exported_backbone
from train.integrity import ExportError
from train.loop import train
from train.model import build_student_teacher


def _state(cfg) -> dict:
    student, teacher = build_student_teacher(cfg)
    state = DINOStep(cfg, student, student, teacher, torch.device("cpu")).state_dict()
    state["config"] = config_to_dict(cfg)
    return state


def _flip_bit_in(path, tensor: torch.Tensor) -> None:
    """Flip one mantissa bit inside ``tensor``'s bytes where they sit in the file ``path``."""
    data = bytearray(path.read_bytes())
    needle = tensor.detach().contiguous().view(torch.uint8).numpy().tobytes()[:64]
    at = data.find(needle)
    assert at >= 0  # (the student holds equal bytes further on: one copy is damaged)
    data[at + 9] ^= 0x01  # a low mantissa bit: the weights stay finite and plausible
    path.write_bytes(bytes(data))


def test_flipped_bit_in_a_checkpoint_is_detected(tiny_config, tmp_path):
    state = _state(tiny_config)
    path = ckpt.save_checkpoint(state, tmp_path / "run", 3)
    assert ckpt.load_checkpoint(path)["step"] == 3
    _flip_bit_in(path, state["teacher"]["backbone.blocks.0.attn.qkv.weight"])
    with pytest.raises(ckpt.CheckpointError, match="damaged"):
        ckpt.load_checkpoint(path)
    with pytest.raises(ckpt.CheckpointError, match="damaged"):
        export_checkpoint(path, tmp_path / "export")
    assert not (tmp_path / "export").exists()


def test_non_finite_weights_are_refused_naming_the_tensor(tiny_config, tmp_path):
    state = _state(tiny_config)
    state["teacher"]["backbone.norm.weight"][3] = math.nan
    path = ckpt.save_checkpoint(state, tmp_path / "run", 3)  # a valid checksum over NaN
    with pytest.raises(ckpt.CheckpointError, match=r"NaN or inf.*teacher/backbone\.norm\.weight"):
        ckpt.load_checkpoint(path)
    with pytest.raises(ckpt.CheckpointError, match=r"backbone\.norm\.weight"):
        export_checkpoint(path, tmp_path / "export")


def test_damaged_export_is_a_clear_error_naming_the_file(tiny_config, tmp_path):
    state = _state(tiny_config)
    out = export_checkpoint(ckpt.save_checkpoint(state, tmp_path / "run", 3), tmp_path / "e")
    weights = out / "model.safetensors"
    good = weights.read_bytes()
    from memory.embed import backbone_from_spec as memory_backbone

    _flip_bit_in(weights, state["teacher"]["backbone.blocks.0.mlp.fc1.weight"].float())
    for loader in (load_exported_backbone, memory_backbone):
        with pytest.raises(ExportError, match=f"{weights}.*damaged"):
            loader(str(out))
    weights.write_bytes(good[: len(good) // 2])  # truncated
    for loader in (load_exported_backbone, memory_backbone):
        with pytest.raises(ValueError, match=f"{weights}.*truncated"):
            loader(str(out))
    weights.write_bytes(good)
    config = json.loads((out / "config.json").read_text())
    (out / "config.json").write_text(json.dumps({**config, "img_size": 10_000_000}))
    for loader in (load_exported_backbone, memory_backbone):
        with pytest.raises(ValueError, match="config.json.*img_size"):
            loader(str(out))


def test_save_removes_stale_temp_files(tiny_config, tmp_path):
    folder = ckpt.checkpoint_dir(tmp_path / "run")
    folder.mkdir(parents=True)
    stale = [folder / ".ckpt_00000002_x1.tmp", folder / ".ckpt_00000004_y2.tmp"]
    for path in stale:
        path.write_bytes(b"PK\x03\x04" + b"\0" * 1000)
    keep = folder / "notes.txt"
    keep.write_text("not ours")
    ckpt.save_checkpoint({"config": config_to_dict(tiny_config)}, tmp_path / "run", 5)
    assert not any(p.exists() for p in stale) and keep.exists()


@pytest.mark.parametrize("key,value,match", [
    ("data.resolution", "100000", "data.resolution"), ("data.prefetch", "-1", "data.prefetch"),
    ("optim.lr", ".nan", "optim.lr"), ("optim.lr", "nan", "optim.lr"), ("optim.lr", "-1e-3", "optim.lr"),
    ("optim.weight_decay", ".inf", "optim.weight_decay"),
    ("crops.global_scale", "[0.4, .nan]", "crops.global_scale"),
])
def test_absurd_values_are_config_errors_naming_the_key(tmp_path, tiny_overrides, key, value,
                                                        match):
    with pytest.raises(ConfigError, match=match):
        resolve_config(None, tiny_overrides(tmp_path / "run", **{key: value}))
    assert not (tmp_path / "run").exists()


def test_run_failing_at_start_leaves_no_folder(tmp_path, tiny_overrides):
    # The renderer refuses 5000 px only when the stream starts (after the metrics log opened).
    cfg = resolve_config(None, tiny_overrides(tmp_path / "run", **{"data.resolution": 5000}))
    with pytest.raises(ValueError, match="resolution"):
        train(cfg)
    assert not (tmp_path / "run").exists()
