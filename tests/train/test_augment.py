"""Batched DINO multi-crop against torchvision per image, and the pipeline's contract.

Also determinism, the DDP sub-batch property, parameter statistics and input validation."""
import math

import pytest
import torch
import torchvision.transforms.v2.functional as TF
from torchvision.transforms import InterpolationMode

from procgen import seeding
from train import augment_ops as ops
from train.augment import (IMAGENET_MEAN, IMAGENET_STD, MultiCropAugment, ViewParams,
                           sample_crop_boxes)

torch.set_num_threads(1)
ATOL = 1e-5  # float32 ops with the same maths in a different association order


def _images(batch=4, height=12, width=10, seed=0) -> torch.Tensor:
    """Random colours plus exact greys, black, white and saturated pixels (hue edge cases)."""
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(batch, 3, height, width, generator=g)
    x[:, :, 0, 0], x[:, :, 0, 1], x[:, :, 0, 2] = 0.5, 0.0, 1.0  # grey, black, white
    x[:, :, 1, 0] = torch.tensor([1.0, 0.0, 0.0])  # pure red, green, blue, yellow
    x[:, :, 1, 1] = torch.tensor([0.0, 1.0, 0.0])
    x[:, :, 1, 2] = torch.tensor([0.0, 0.0, 1.0])
    x[:, :, 1, 3] = torch.tensor([1.0, 1.0, 0.0])
    return x


def _per_image(fn, x, *params):
    """torchvision's kernel applied image by image with that image's scalar parameters."""
    return torch.stack([fn(x[b], *(p[b].item() for p in params)) for b in range(x.shape[0])])


@pytest.mark.parametrize("name,ours,theirs,factors", [
    ("brightness", ops.adjust_brightness, TF.adjust_brightness, [0.0, 0.6, 1.0, 1.4]),
    ("contrast", ops.adjust_contrast, TF.adjust_contrast, [0.0, 0.6, 1.0, 1.4]),
    ("saturation", ops.adjust_saturation, TF.adjust_saturation, [0.0, 0.8, 1.2, 3.0]),
    ("hue", ops.adjust_hue, TF.adjust_hue, [-0.5, -0.1, 0.07, 0.5]),
])
def test_colour_ops_match_torchvision_per_image(name, ours, theirs, factors):
    x = _images()
    f = torch.tensor(factors, dtype=torch.float64)
    got = ours(x, f)
    want = _per_image(theirs, x, f.float())
    torch.testing.assert_close(got, want, atol=ATOL, rtol=0, msg=name)
    assert not torch.equal(got[1], x[1])  # the oracle would also pass on an identity op


def test_hue_random_factors_many_pixels():
    x = _images(batch=6, height=16, width=16, seed=3)
    f = torch.rand(6, generator=torch.Generator().manual_seed(1), dtype=torch.float64) - 0.5
    want = _per_image(TF.adjust_hue, x, f.float())
    torch.testing.assert_close(ops.adjust_hue(x, f), want, atol=ATOL, rtol=0)


def test_grayscale_three_channels_and_masking(masking):
    x = _images()
    apply = torch.tensor([True, False, True, False])
    got = ops.random_grayscale(x, apply)
    for b in range(4):
        want = TF.rgb_to_grayscale(x[b], num_output_channels=3) if apply[b] else x[b]
        torch.testing.assert_close(got[b], want, atol=ATOL, rtol=0)


@pytest.mark.parametrize("kernel_size", [3, 5, 7])
def test_gaussian_blur_matches_torchvision(kernel_size, masking):
    x = _images(height=11, width=9)
    sigma = torch.tensor([0.1, 0.7, 1.3, 2.0], dtype=torch.float64)
    got = ops.gaussian_blur(x, kernel_size, sigma)
    for b in range(4):
        want = TF.gaussian_blur(x[b], [kernel_size, kernel_size], [sigma[b].item()] * 2)
        torch.testing.assert_close(got[b], want, atol=ATOL, rtol=0)
    masked = ops.gaussian_blur(x, kernel_size, sigma, apply=torch.tensor([False, True, False, True]))
    assert torch.equal(masked[0], x[0]) and torch.equal(masked[1], got[1])


def test_gaussian_kernel_size_scales_with_view():
    assert ops.gaussian_kernel_size(224) == 23  # DINO/BYOL's kernel at 224 px
    assert [ops.gaussian_kernel_size(s) % 2 for s in (16, 32, 96, 224)] == [1, 1, 1, 1]
    assert ops.gaussian_kernel_size(96) < ops.gaussian_kernel_size(224)
    with pytest.raises(ValueError, match="odd"):
        ops.gaussian_blur(_images(), 4, torch.ones(4))


def test_solarize_matches_torchvision():
    x = _images()
    apply = torch.tensor([True, True, False, True])
    got = ops.solarize(x, 0.5, apply)
    for b in range(4):
        want = TF.solarize(x[b], 0.5) if apply[b] else x[b]
        assert torch.equal(got[b], want)


@pytest.mark.parametrize("size", [4, 7, 16])
def test_resized_crop_and_flip_match_torchvision(size):
    # Boxes that shrink, keep and enlarge, touching every border; non-square image.
    x = _images(batch=5, height=13, width=11, seed=2)
    boxes = torch.tensor([[0, 0, 13, 11], [2, 3, 5, 4], [6, 0, 7, 11], [0, 7, 1, 4], [4, 4, 7, 7]])
    flip = torch.tensor([False, True, False, True, True])
    got = ops.resized_crop(x, boxes, size, flip=flip)
    for b in range(5):
        top, left, h, w = boxes[b].tolist()
        want = TF.resized_crop(x[b], top, left, h, w, [size, size],
                               interpolation=InterpolationMode.BILINEAR, antialias=False)
        want = TF.horizontal_flip(want) if flip[b] else want
        # Same sample positions and clamping as F.interpolate; grid_sample un-normalises its
        # [-1, 1] coordinates in float32 (~1e-5 px off), and pixel values here change by at most
        # 1 per px, so 5e-5 bounds the difference. A tap off by one pixel or leaking past the
        # box edge would be off by ~0.1 or more.
        torch.testing.assert_close(got[b], want, atol=5e-5, rtol=0)


def test_normalize_matches_torchvision():
    x = _images()
    got = ops.normalize(x, torch.tensor(IMAGENET_MEAN), torch.tensor(IMAGENET_STD))
    want = TF.normalize(x, list(IMAGENET_MEAN), list(IMAGENET_STD))
    torch.testing.assert_close(got, want, atol=ATOL, rtol=0)


def test_color_jitter_random_order_matches_sequential_torchvision(masking):
    # Every permutation position for hue, plus masked-off samples.
    x = _images(batch=8, seed=5)
    g = torch.Generator().manual_seed(9)
    order = torch.stack([torch.randperm(4, generator=g) for _ in range(8)])
    order[0], order[1], order[2], order[3] = (torch.tensor(p) for p in ([3, 0, 1, 2], [0, 3, 2, 1],
                                                                        [1, 2, 3, 0], [2, 1, 0, 3]))
    factors = torch.stack([torch.empty(8, dtype=torch.float64).uniform_(0.6, 1.4, generator=g),
                           torch.empty(8, dtype=torch.float64).uniform_(0.6, 1.4, generator=g),
                           torch.empty(8, dtype=torch.float64).uniform_(0.8, 1.2, generator=g),
                           torch.empty(8, dtype=torch.float64).uniform_(-0.1, 0.1, generator=g)], dim=1)
    apply = torch.tensor([True] * 6 + [False, True])
    got = ops.color_jitter(x, factors, order, apply)
    kernels = (TF.adjust_brightness, TF.adjust_contrast, TF.adjust_saturation, TF.adjust_hue)
    for b in range(8):
        want = x[b]
        if apply[b]:
            for op in order[b].tolist():
                want = kernels[op](want, factors[b, op].float().item())
        torch.testing.assert_close(got[b], want, atol=ATOL, rtol=0)


def _reference_crop_params(u_scale, u_ratio, u_pos, height, width, scale, ratio):
    """torchvision's RandomResizedCrop.get_params loop, fed given uniforms instead of torch RNG."""
    area = height * width
    for us, ur in zip(u_scale, u_ratio):
        target_area = area * (scale[0] + (scale[1] - scale[0]) * us)
        aspect = math.exp(math.log(ratio[0]) + (math.log(ratio[1]) - math.log(ratio[0])) * ur)
        w, h = int(round(math.sqrt(target_area * aspect))), int(round(math.sqrt(target_area / aspect)))
        if 0 < w <= width and 0 < h <= height:
            return [int(u_pos[0] * (height - h + 1)), int(u_pos[1] * (width - w + 1)), h, w]
    in_ratio = width / height
    if in_ratio < min(ratio):
        w, h = width, int(round(width / min(ratio)))
    elif in_ratio > max(ratio):
        h, w = height, int(round(height * max(ratio)))
    else:
        w, h = width, height
    return [(height - h) // 2, (width - w) // 2, h, w]


@pytest.mark.parametrize("height,width,scale", [(224, 224, (0.4, 1.0)), (64, 64, (0.05, 0.4)),
                                                (20, 60, (0.3, 1.0)), (8, 64, (0.9, 1.0))])
def test_crop_boxes_match_torchvision_loop(height, width, scale):
    idx = torch.arange(400, dtype=torch.int64)
    u = seeding.uniform(3, idx, "test-crop", 22)
    ratio = (3 / 4, 4 / 3)
    got = sample_crop_boxes(u[:, :10], u[:, 10:20], u[:, 20:22], height, width, scale, ratio)
    want = [_reference_crop_params(u[i, :10].tolist(), u[i, 10:20].tolist(), u[i, 20:22].tolist(),
                                   height, width, scale, ratio) for i in range(400)]
    assert got.tolist() == want
    if (height, width) == (8, 64):  # no attempt fits: every sample takes the central fallback
        assert set(map(tuple, want)) == {(0, 26, 8, 11)}  # w = round(8 * 4/3), left = (64 - 11) // 2


def _augment(**kw) -> MultiCropAugment:
    return MultiCropAugment(**{"global_size": 16, "local_size": 8, "n_local": 3, **kw})


def test_pipeline_shapes_dtypes_device():
    x = _images(batch=4, height=24, width=20)
    for dtype in (torch.float32, torch.float64, torch.bfloat16):
        views = _augment()(x.to(dtype), seed=0, index=torch.arange(4))
        assert [tuple(v.shape) for v in views] == [(4, 3, 16, 16)] * 2 + [(4, 3, 8, 8)] * 3
        assert all(v.dtype == dtype and v.device == x.device and v.is_contiguous() for v in views)
        assert all(torch.isfinite(v.float()).all() for v in views)
    assert len(_augment(n_local=0)(x, 0, torch.arange(4))) == 2


@pytest.fixture(params=["compact", "where"])
def masking(request, monkeypatch):
    """Run a test with both masking strategies: CPU compaction and the accelerator's torch.where."""
    monkeypatch.setattr(ops, "COMPACT_ON_CPU", request.param == "compact")
    return request.param


def test_pipeline_equals_torchvision_composition_with_same_params(masking):
    # End to end: each view = DINO's composition of torchvision kernels with the sampled params.
    aug = _augment()
    x = _images(batch=6, height=24, width=20, seed=4)
    index = torch.arange(100, 106)
    views = aug(x, seed=11, index=index)
    kernels = (TF.adjust_brightness, TF.adjust_contrast, TF.adjust_saturation, TF.adjust_hue)
    for view, got in zip(aug.views, views):
        p: ViewParams = aug.sample_params(view, 11, index, 24, 20)
        for b in range(6):
            top, left, h, w = p.boxes[b].tolist()
            y = TF.resized_crop(x[b], top, left, h, w, [view.size] * 2, InterpolationMode.BILINEAR,
                                antialias=False)
            y = TF.horizontal_flip(y) if p.flip[b] else y
            if p.jitter[b]:
                for op in p.jitter_order[b].tolist():
                    y = kernels[op](y, p.jitter_factors[b, op].float().item())
            y = TF.rgb_to_grayscale(y, num_output_channels=3) if p.grayscale[b] else y
            if p.blur[b]:
                k = ops.gaussian_kernel_size(view.size)
                y = TF.gaussian_blur(y, [k, k], [p.blur_sigma[b].item()] * 2)
            y = TF.solarize(y, 0.5) if p.solarize[b] else y
            y = TF.normalize(y, list(IMAGENET_MEAN), list(IMAGENET_STD))
            torch.testing.assert_close(got[b], y, atol=1e-4, rtol=0, msg=f"{view.name} sample {b}")


def test_deterministic_and_index_dependent(masking):
    aug = _augment()
    x = _images(batch=4, height=24, width=24).repeat(2, 1, 1, 1)  # two copies of the same 4 images
    a = aug(x, seed=1, index=torch.arange(8))
    b = aug(x, seed=1, index=torch.arange(8))
    assert all(torch.equal(u, v) for u, v in zip(a, b))
    # Same image, different index -> different views; different seed -> different views.
    assert all(not torch.equal(v[0], v[4]) for v in a)
    c = aug(x, seed=2, index=torch.arange(8))
    assert all(not torch.equal(u, v) for u, v in zip(a, c))


def test_sub_batches_equal_full_batch(masking):
    # The DDP property: 2 ranks x 4 samples give what 1 rank x 8 gives (bitwise on CPU).
    aug = _augment()
    x = _images(batch=8, height=24, width=24, seed=7)
    full = aug(x, seed=5, index=torch.arange(8))
    halves = [aug(x[s], seed=5, index=torch.arange(8)[s]) for s in (slice(0, 4), slice(4, 8))]
    for k, view in enumerate(full):
        assert torch.equal(view, torch.cat([halves[0][k], halves[1][k]]))


_MEAN_AREA_CACHE: dict = {}


def _torchvision_mean_area(size: int, scale: tuple[float, float], draws: int = 4000) -> float:
    """Mean area fraction of torchvision's own RandomResizedCrop.get_params (its RNG, forked).

    Not (lo + hi) / 2: attempts that do not fit are rejected, which favours smaller crops.
    """
    from torchvision.transforms import RandomResizedCrop

    if (size, scale) not in _MEAN_AREA_CACHE:
        image = torch.empty(3, size, size)
        with torch.random.fork_rng():
            torch.manual_seed(0)
            boxes = [RandomResizedCrop.get_params(image, list(scale), [3 / 4, 4 / 3])
                     for _ in range(draws)]
            areas = [h * w for _, _, h, w in boxes]
        _MEAN_AREA_CACHE[(size, scale)] = sum(areas) / draws / size**2
    return _MEAN_AREA_CACHE[(size, scale)]


def test_parameter_statistics():
    aug = MultiCropAugment()
    n, size = 20_000, 224
    index = torch.arange(n, dtype=torch.int64) + 10**9
    params = {v.name: aug.sample_params(v, 0, index, size, size) for v in aug.views}
    expected_blur = {"global1": 1.0, "global2": 0.1, "local1": 0.5, "local8": 0.5}
    for name, p in params.items():
        assert abs(p.flip.double().mean() - 0.5) < 0.02, name
        assert abs(p.jitter.double().mean() - 0.8) < 0.02, name
        assert abs(p.grayscale.double().mean() - 0.2) < 0.02, name
        assert abs(p.solarize.double().mean() - (0.2 if name == "global2" else 0.0)) < 0.015, name
        if name in expected_blur:
            assert abs(p.blur.double().mean() - expected_blur[name]) < 0.02, name
        assert (p.blur_sigma >= 0.1).all() and (p.blur_sigma <= 2.0).all()
        assert (p.jitter_order.sort(dim=1).values == torch.arange(4)).all()  # permutations
        first_op = torch.bincount(p.jitter_order[:, 0], minlength=4).double() / n
        assert (first_op - 0.25).abs().max() < 0.02, name
        lo = torch.tensor([0.6, 0.6, 0.8, -0.1], dtype=torch.float64)
        hi = torch.tensor([1.4, 1.4, 1.2, 0.1], dtype=torch.float64)
        assert ((p.jitter_factors >= lo) & (p.jitter_factors <= hi)).all()
        top, left, h, w = p.boxes.unbind(1)
        assert (top >= 0).all() and (left >= 0).all()
        assert (top + h <= size).all() and (left + w <= size).all()
        scale = aug.views[0].scale if name.startswith("global") else aug.views[2].scale
        area = (h * w).double() / size**2
        # Rounding w and h to pixels moves the area fraction by at most ~2/sqrt(area) pixels' worth.
        slack = 2.5 / (size * math.sqrt(scale[0]))
        assert area.min() >= scale[0] - slack and area.max() <= scale[1] + slack, name
        assert abs(area.mean() - _torchvision_mean_area(size, scale)) < 0.015, name
        aspect = w.double() / h.double()
        assert aspect.min() > 0.7 and aspect.max() < 1.43
    # Views are independent draws: the two globals' flips agree about half the time.
    agree = (params["global1"].flip == params["global2"].flip).double().mean()
    assert abs(agree - 0.5) < 0.02


@pytest.mark.parametrize("kwargs,match", [
    ({"global_size": 16, "local_size": 32}, "local_size"),
    ({"global_size": 0}, "global_size"),
    ({"local_size": -8}, "local_size"),
    ({"n_local": -1}, "n_local"),
    ({"global_scale": (0.0, 1.0)}, "global_scale"),
    ({"local_scale": (0.5, 0.4)}, "local_scale"),
    ({"flip_p": 1.5}, "flip_p"),
    ({"std": (0.2, 0.0, 0.2)}, "std"),
])
def test_bad_configuration_raises(kwargs, match):
    with pytest.raises(ValueError, match=match):
        MultiCropAugment(**kwargs)


@pytest.mark.parametrize("images,index,match", [
    (torch.rand(2, 3, 8, 8).to(torch.uint8), torch.arange(2), "float"),
    (torch.rand(3, 8, 8), torch.arange(2), r"\(B, 3, H, W\)"),
    (torch.rand(2, 4, 8, 8), torch.arange(2), r"\(B, 3, H, W\)"),
    (torch.rand(2, 3, 8, 8), torch.arange(3), "batch size 2"),
    (torch.rand(2, 3, 8, 8), torch.arange(2).int(), "int64"),
    (torch.rand(2, 3, 8, 8), torch.zeros(2, 1, dtype=torch.int64), "int64 tensor"),
])
def test_bad_call_raises(images, index, match):
    with pytest.raises(ValueError, match=match):
        _augment()(images, 0, index)


def test_masking_strategies_agree(monkeypatch):
    aug = _augment()
    x = _images(batch=8, height=24, width=24, seed=8)
    monkeypatch.setattr(ops, "COMPACT_ON_CPU", True)
    compact = aug(x, seed=3, index=torch.arange(8))
    monkeypatch.setattr(ops, "COMPACT_ON_CPU", False)
    where = aug(x, seed=3, index=torch.arange(8))
    for a, b in zip(compact, where):
        torch.testing.assert_close(a, b, atol=1e-6, rtol=0)


@pytest.mark.cuda  # selected by `pytest -m cuda` (benchmarks/gpu_check.sh)
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_cuda_matches_cpu_without_host_sync():
    aug = _augment()
    x = _images(batch=8, height=24, width=24, seed=6)
    index = torch.arange(8)
    cpu = aug(x, seed=4, index=index)
    gpu_x, gpu_index = x.cuda(), index.cuda()
    aug(gpu_x, seed=4, index=gpu_index)  # first call caches the constants on the device
    torch.cuda.set_sync_debug_mode("error")  # any device-to-host read-back now raises
    try:
        gpu = aug(gpu_x, seed=4, index=gpu_index)
    finally:
        torch.cuda.set_sync_debug_mode("default")
    for a, b in zip(cpu, gpu):
        assert b.device.type == "cuda"
        torch.testing.assert_close(a, b.cpu(), atol=1e-4, rtol=0)
