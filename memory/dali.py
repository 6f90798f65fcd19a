"""Optional NVIDIA DALI decoding for large image-file (JPEG/PNG) ImageFolder datasets.

The pipeline mirrors memory.embed's preprocessing: file reader -> decoders.image (RGB, grey
expanded) -> resize shorter side (bicubic, antialiased) -> centre crop -> scale/normalise ->
CHW float32. On CPU it runs with ``device_id=None`` (CI-testable, no GPU needed); with a CUDA
device it decodes with ``device='mixed'`` (nvJPEG) and resizes on the GPU. Decoders and resize
kernels differ slightly from PIL/torch, so pixels agree only approximately (embeddings agree to
cosine ~0.99+). DALI is imported lazily: it is the ``dali`` extra.
"""
from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from pathlib import Path

import torch

from memory.data import ImageDecodeError, decode_image_file
from memory.embed import Preprocess

__all__ = ["DaliNotInstalledError", "dali_batches", "dali_available"]


class DaliNotInstalledError(ImportError):
    """NVIDIA DALI is missing; install the extra."""


def _import_dali():
    try:
        dali = importlib.import_module("nvidia.dali")
        fn = importlib.import_module("nvidia.dali.fn")
        types = importlib.import_module("nvidia.dali.types")
        plugin = importlib.import_module("nvidia.dali.plugin.pytorch")
    except ImportError as error:
        raise DaliNotInstalledError(
            "the DALI decoder needs NVIDIA DALI: `pip install procvision[dali]` (installs "
            f"nvidia-dali-cuda130), or use --decoder pil ({error})") from error
    return dali, fn, types, plugin


def dali_available() -> bool:
    """True when ``nvidia.dali`` can be imported."""
    try:
        _import_dali()
    except DaliNotInstalledError:
        return False
    return True


def _resize_and_crop(fn, types, dmath, encoded, images, prep: Preprocess):
    """Resize the shorter side and centre-crop with exactly memory.embed's sizes and offsets.

    DALI's own ``resize_shorter`` rounds the longer side and ``crop_pos`` rounds the offset;
    memory.embed truncates the longer side (torchvision) and floors the offset, so both are
    computed here from the encoded image's shape. The 1e-4 guards float32 error in
    s * long / short (exact below 10,000 px, where the fraction is at least 1 / short).
    """
    shape = fn.cast(fn.peek_image_shape(encoded), dtype=types.FLOAT)  # (H, W, C)
    height, width = shape[0], shape[1]
    shorter = dmath.min(height, width)
    new_h = dmath.floor(prep.resize_to * height / shorter + 1e-4)
    new_w = dmath.floor(prep.resize_to * width / shorter + 1e-4)
    images = fn.resize(images, resize_y=new_h, resize_x=new_w, interp_type=types.INTERP_CUBIC,
                       antialias=True)
    r = float(prep.resolution)
    anchor = fn.stack(dmath.floor((new_h - r) / 2), dmath.floor((new_w - r) / 2))
    return fn.slice(images, anchor, [r, r], axes=[0, 1], normalized_anchor=False,
                    normalized_shape=False)


def _build_pipeline(paths: Sequence[Path], prep: Preprocess, batch_size: int,
                    device_id: int | None, num_threads: int):
    dali, fn, types, _ = _import_dali()
    dmath = importlib.import_module("nvidia.dali.math")
    on_gpu = device_id is not None
    if prep.normalize:
        mean = [255.0 * m for m in prep.mean]
        std = [255.0 * s for s in prep.std]
    else:  # pixels: plain [0, 1] values
        mean, std = [0.0, 0.0, 0.0], [255.0, 255.0, 255.0]
    pipe = dali.Pipeline(batch_size=batch_size, num_threads=num_threads, device_id=device_id,
                         exec_dynamic=True, prefetch_queue_depth=2)
    with pipe:
        # labels default to each file's position in `files`: we use them to check the order.
        encoded, position = fn.readers.file(files=[str(p) for p in paths], name="reader",
                                            random_shuffle=False, pad_last_batch=True)
        images = fn.decoders.image(encoded, device="mixed" if on_gpu else "cpu",
                                   output_type=types.RGB)
        images = _resize_and_crop(fn, types, dmath, encoded, images, prep)
        images = fn.crop_mirror_normalize(images, mean=mean, std=std, dtype=types.FLOAT,
                                          output_layout="CHW")
        pipe.set_outputs(images, position)
    return pipe


def _raise_naming_the_broken_file(candidates: Sequence[Path], error: RuntimeError) -> None:
    """Re-raise a DALI failure as ImageDecodeError naming the first of ``candidates`` (the
    batches in flight: current one plus the prefetched ones) that PIL cannot decode either."""
    for path in candidates:
        try:
            decode_image_file(Path(path))
        except ImageDecodeError as broken:
            raise ImageDecodeError(f"{broken} (DALI failed on it too)") from error
    raise error


def dali_batches(paths: Sequence[Path], prep: Preprocess, batch_size: int = 256,
                 device: str | torch.device = "cpu",
                 num_threads: int = 2) -> Iterator[torch.Tensor]:
    """Decode and preprocess image files with DALI, in the order of ``paths``.

    Args:
        paths: image files (JPEG, PNG, ...). prep: the backbone's preprocessing.
        device: "cpu" runs a CPU pipeline (device_id=None); "cuda[:i]" decodes on GPU i.

    Yields:
        float32 (B, 3, r, r) on ``device`` (the last batch may be smaller).

    Raises:
        DaliNotInstalledError: DALI missing (names the ``dali`` extra).
        ImageDecodeError: a file DALI fails on is corrupt (the message names it).
    """
    if not paths:
        return
    _, _, _, plugin = _import_dali()
    device = torch.device(device)
    device_id = (device.index or 0) if device.type == "cuda" else None
    pipe = _build_pipeline(paths, prep, batch_size, device_id, num_threads)
    pipe.build()
    try:  # the iterator decodes its first batches already here
        iterator = plugin.DALIGenericIterator(
            [pipe], ["images", "position"], reader_name="reader",
            last_batch_policy=plugin.LastBatchPolicy.PARTIAL, auto_reset=False)
    except RuntimeError as error:
        _raise_naming_the_broken_file(paths[:3 * batch_size], error)
    expected = 0
    while True:
        try:
            outputs = next(iterator)
        except StopIteration:
            break
        except RuntimeError as error:  # DALI's message does not say which file broke
            _raise_naming_the_broken_file(paths[expected:expected + 3 * batch_size], error)
        batch, position = outputs[0]["images"], outputs[0]["position"].reshape(-1)
        want = torch.arange(expected, expected + len(position), dtype=position.dtype)
        if not torch.equal(position.cpu(), want):
            raise RuntimeError("DALI returned files out of order")  # would corrupt labels
        expected += len(position)
        yield batch.to(device)
    if expected != len(paths):
        raise RuntimeError(f"DALI produced {expected} images for {len(paths)} files")
