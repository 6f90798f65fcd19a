"""What a training config holds: the typed sections with their defaults, and the presets."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Union

__all__ = ["ConfigError", "DATASET_OPTION_KEYS", "DataConfig", "CropConfig", "AugmentConfig",
           "ModelConfig", "OptimConfig", "DinoConfig", "TrainConfig", "PRESETS"]


class ConfigError(ValueError):
    """A configuration key is unknown, has the wrong type, or holds an invalid value."""


# procgen dataset option -> the config key that sets it.
DATASET_OPTION_KEYS = {"k": "data.kml_k", "iters": "data.kml_iters", "mixup": "data.mixup",
                       "kml_backend": "data.kml_backend"}


@dataclass
class DataConfig:
    """The procedural stream: dataset, resolution, program library and dataset options."""

    dataset: str = "kml-mixup"  # procgen dataset name (procgen.stream)
    resolution: int = 64  # side of the images the stream renders (px)
    prefetch: int = 2  # batches the stream renders ahead
    # Programs to draw from (procgen.catalog spec): "shaders", a library folder, or weighted
    # "shaders,~/corpus:0.9".
    library: str = "shaders"
    # Dataset options (procgen.datasets); None = the dataset's own default.
    kml_k: Optional[int] = None  # kml, kml-mixup: colour clusters (option ``k``)
    kml_iters: Optional[int] = None  # kml, kml-mixup: k-means iterations (option ``iters``)
    mixup: Optional[int] = None  # shaders-mixup: images per sample; kml-mixup: KMLs per sample
    kml_backend: Optional[str] = None  # kml, kml-mixup: torch | cupy (CUDA); None = device default

    def dataset_options(self) -> dict[str, int]:
        """The options set here, as ``procgen.stream(..., **options)`` takes them."""
        chosen = {option: getattr(self, key.split(".")[1]) for option, key in DATASET_OPTION_KEYS.items()}
        return {option: value for option, value in chosen.items() if value is not None}


@dataclass
class CropConfig:
    """DINO multi-crop: sizes, count of local crops and area ranges of the crops."""

    global_size: int = 32
    local_size: int = 16
    n_local: int = 4
    global_scale: tuple[float, float] = (0.4, 1.0)
    local_scale: tuple[float, float] = (0.05, 0.4)


@dataclass
class AugmentConfig:
    """Where the multi-crop augmentation runs."""

    # Multi-crop backend: torch (train.augment) | dali (train.augment_dali, DALI ops fed the
    # stream's tensors by DLPack) | auto (torch until a GPU run shows DALI faster).
    backend: str = "auto"


@dataclass
class ModelConfig:
    """The student/teacher backbone (timm, random init) and the DINO head."""

    arch: str = "vit_tiny_patch16_224"  # timm model name (random init, never pretrained)
    patch_size: int = 16
    drop_path: float = 0.1
    out_dim: int = 256  # DINO head output dimension (prototypes)
    hidden_dim: int = 2048
    bottleneck_dim: int = 256
    norm_last_layer: bool = True
    head_bn: bool = False  # BatchNorm in the head's MLP (DINO's use_bn_in_head)


@dataclass
class OptimConfig:
    """AdamW with cosine schedules of lr and weight decay (per step), as DINO trains."""

    lr: float = 1e-3  # base lr for a global batch of 256 (see lr_batch_scaling)
    lr_batch_scaling: bool = True  # peak lr = lr * batch_size / 256, as in DINO
    min_lr: float = 1e-6
    warmup_steps: int = 20
    weight_decay: float = 0.04
    weight_decay_end: float = 0.4
    clip_grad: float = 3.0  # per-parameter grad-norm clip (DINO's clip_gradients); 0 = off
    freeze_last_layer_steps: int = 20


@dataclass
class DinoConfig:
    """DINO loss: teacher EMA momentum, temperatures (with warm-up) and centring."""

    momentum_teacher: float = 0.996  # teacher EMA momentum at step 0, cosine to 1 at the end
    teacher_temp: float = 0.04  # teacher softmax temperature after the warm-up
    warmup_teacher_temp: float = 0.04  # ... and at step 0, linear to teacher_temp
    warmup_teacher_temp_steps: int = 0  # length of that warm-up (0: none)
    student_temp: float = 0.1
    center_momentum: float = 0.9  # EMA momentum of the teacher's centre


@dataclass
class TrainConfig:
    """A whole training run: steps, batch, seed, outputs and devices, plus every section."""

    preset: str = "cpu-tiny"
    steps: int = 300
    # Length of the lr / weight-decay / teacher-momentum cosines; 0 = ``steps``. steps < schedule_steps
    # trains the first part of a longer schedule: a checkpoint mid-schedule, exported at ``steps``.
    schedule_steps: int = 0
    batch_size: int = 32  # global batch, split evenly across ranks
    seed: int = 0
    output_dir: str = "runs/cpu-tiny"
    resume: Union[bool, str] = False  # false | true (latest in output_dir) | checkpoint path
    checkpoint_every: int = 100
    keep_checkpoints: int = 3
    log_every: int = 1
    compile: bool = False
    amp: str = "auto"  # auto (bf16 on CUDA, off on CPU) | bf16 | off
    device: str = "auto"  # auto | cpu | cuda | cuda:N
    tensorboard: bool = True
    progress: bool = True
    threads: int = 0  # torch CPU threads; 0 = leave torch's default
    profile: bool = False  # CUDA: synchronise to time every phase (off: no host syncs, CUDA events)
    data: DataConfig = field(default_factory=DataConfig)
    crops: CropConfig = field(default_factory=CropConfig)
    augment: AugmentConfig = field(default_factory=AugmentConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    optim: OptimConfig = field(default_factory=OptimConfig)
    dino: DinoConfig = field(default_factory=DinoConfig)


# Presets state only what differs from the dataclass defaults (which are the 2-core CPU run),
# each with the reason; dotted keys, as on the command line.
_IMAGENET_STEPS_PER_EPOCH_AT_512 = 1_281_167 // 512  # the paper's "epoch" in steps (2502)
PRESETS: dict[str, dict[str, Any]] = {
    # Tiny ViT on a 64 px stream, 32/16 px crops: learns visibly in minutes on 2 CPU cores.
    "cpu-tiny": {
        "dino.teacher_temp": 0.02,  # a sharper teacher: at 0.04 the 256-prototype head stayed
        "dino.warmup_teacher_temp": 0.02,  # near uniform for 80 steps (benchmarks/RESULTS.md)
        "optim.min_lr": 1e-5,  # a 300-step cosine need not decay to DINO's 1e-6
        "optim.weight_decay_end": 0.1,  # DINO's 0.4 is reached over 100 epochs, not 300 steps
    },
    # The paper's recipe: DINO ViT-S/16, 100 "epochs" of 1.28M images at global batch 512.
    "vits16": {
        "steps": 100 * _IMAGENET_STEPS_PER_EPOCH_AT_512,  # 100 epochs of ImageNet's size
        "batch_size": 512,  # 64 per GPU on 8 GPUs
        "output_dir": "runs/vits16",
        "data.resolution": 256,  # rendered above the 224 px crop, as ImageNet images are
        "crops.global_size": 224,  # DINO's multi-crop: 2 x 224 px + 8 x 96 px
        "crops.local_size": 96,
        "crops.n_local": 8,
        "model.arch": "vit_small_patch16_224",  # ViT-S/16
        "model.out_dim": 65536,  # DINO's head
        "optim.lr": 5e-4,  # DINO's base lr for batch 256
        "optim.warmup_steps": 10 * _IMAGENET_STEPS_PER_EPOCH_AT_512,  # 10 epochs of warm-up
        "optim.freeze_last_layer_steps": _IMAGENET_STEPS_PER_EPOCH_AT_512,  # the first epoch
        "checkpoint_every": 1000,  # 250 checkpoints over the run, not 2,500
        "log_every": 10,  # 25k log rows over the run, not 250k
    },
}
