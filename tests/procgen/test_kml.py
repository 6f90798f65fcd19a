"""KML: batched torch implementation against the per-image numpy reference (the oracle)."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from procgen import kml
from procgen.kml import kml_blend, kml_mask, reference_kml_mask_numpy, reference_kml_numpy

torch.set_num_threads(2)


def smooth_images(batch: int, size: int, seed: int, cells: int = 4) -> torch.Tensor:
    """Shader-like smooth colour fields (float32 in [0, 1])."""
    g = torch.Generator().manual_seed(seed)
    coarse = torch.rand(batch, 3, cells, cells, generator=g)
    return F.interpolate(coarse, size=(size, size), mode="bilinear", align_corners=False)


def palette_images(batch: int, size: int, seed: int, colours: int) -> torch.Tensor:
    """Blocky images with few exact colours (many exact ties in the lexicographic order)."""
    g = torch.Generator().manual_seed(seed)
    palette = torch.randint(0, 3, (batch, colours, 3), generator=g).float() / 2
    labels = torch.randint(0, colours, (batch, 4, 4), generator=g)
    labels = labels.repeat_interleave(size // 4, 1).repeat_interleave(size // 4, 2)
    return torch.gather(palette, 1, labels.reshape(batch, -1, 1).expand(-1, -1, 3)) \
        .reshape(batch, size, size, 3).permute(0, 3, 1, 2).contiguous()


def assert_matches_reference(s1, s2, s3, k=2, iters=3):
    image, mask = kml_blend(s1, s2, s3, k=k, iters=iters)
    assert image.shape == s2.shape and mask.shape == (s2.shape[0], 1, *s2.shape[2:])
    for b in range(s1.shape[0]):
        ref_mask = reference_kml_mask_numpy(s1[b].numpy(), s2.shape[-1], k=k, iters=iters)
        ref_image = reference_kml_numpy(s1[b].numpy(), s2[b].numpy(), s3[b].numpy(), k=k,
                                        iters=iters)
        mask_diff = np.abs(mask[b, 0].numpy() - ref_mask)
        # A pixel at an exact distance tie may land in the other cluster: allow very few.
        agree = mask_diff < 1e-5
        assert agree.mean() > 0.99, f"image {b}: masks differ on {1 - agree.mean():.2%} of pixels"
        image_diff = np.abs(image[b].numpy() - ref_image).max(axis=0)
        assert image_diff[agree].max() < 1e-4


@pytest.mark.parametrize("size", [16, 24, 64])
def test_oracle_on_smooth_random_images(size):
    s1, s2, s3 = (smooth_images(6, size, seed) for seed in (1, 2, 3))
    assert_matches_reference(s1, s2, s3)


def test_oracle_on_noise_images():
    g = torch.Generator().manual_seed(4)
    s1, s2, s3 = (torch.rand(3, 3, 20, 20, generator=g) for _ in range(3))
    assert_matches_reference(s1, s2, s3)


@pytest.mark.parametrize("colours", [1, 2, 3, 5])
def test_oracle_on_few_unique_colours(colours):
    s1 = palette_images(6, 32, colours, colours)
    s2, s3 = smooth_images(6, 32, 8), smooth_images(6, 32, 9)
    assert_matches_reference(s1, s2, s3)


@pytest.mark.parametrize("k", [3, 4])
def test_oracle_for_more_clusters(k):
    # At the work size the resize is the identity, so both sides cluster the same points.
    s1 = torch.cat([smooth_images(2, 256, 5), palette_images(1, 256, 6, 6)])
    s2, s3 = smooth_images(3, 32, 7), smooth_images(3, 32, 8)
    assert_matches_reference(s1, s2, s3, k=k, iters=2)


def test_oracle_with_zero_iterations():
    assert_matches_reference(smooth_images(3, 32, 11), smooth_images(3, 32, 12),
                             smooth_images(3, 32, 13), iters=0)


def test_two_colour_image_cuts_along_the_colour_edge():
    s1 = torch.zeros(1, 3, 32, 32)
    s1[..., 16:] = 1.0  # left half black (the smallest colour -> cluster 0), right half white
    s2, s3 = torch.full((1, 3, 32, 32), 0.25), torch.full((1, 3, 32, 32), 0.75)
    image, mask = kml_blend(s1, s2, s3)
    assert torch.all(mask[..., :13] == 1) and torch.all(mask[..., 19:] == 0)
    assert torch.allclose(image[..., :13], s2[..., :13]) and torch.allclose(image[..., 19:], s3[..., 19:])
    assert 0 < float(mask[0, 0, 0, 16]) < 1  # soft at the edge


def test_single_colour_image_is_all_cluster_zero():
    # Both centroids start equal; ties go to cluster 0, so the output is s2.
    s1 = torch.full((2, 3, 16, 16), 0.3)
    s2, s3 = smooth_images(2, 16, 1), smooth_images(2, 16, 2)
    image, mask = kml_blend(s1, s2, s3)
    assert torch.all(mask == 1) and torch.allclose(image, s2)


def test_lexicographic_extremes_and_spaced_init_match_np_unique():
    g = torch.Generator().manual_seed(0)
    points = torch.randint(0, 3, (5, 3, 200), generator=g).float() / 2  # many ties per channel
    low = kml._lexicographic_extreme(points, largest=False)
    high = kml._lexicographic_extreme(points, largest=True)
    spaced = kml._spaced_unique_colours(points, 4)
    for b in range(5):
        unique = np.unique(points[b].T.numpy(), axis=0)
        assert np.array_equal(low[b].numpy(), unique[0])
        assert np.array_equal(high[b].numpy(), unique[-1])
        positions = [(2 * i * (len(unique) - 1) + 3) // 6 for i in range(4)]
        assert np.array_equal(spaced[b].numpy(), unique[positions])


@pytest.mark.parametrize("in_size, out_size", [(16, 256), (64, 256), (256, 64), (17, 5), (7, 7)])
def test_numpy_resize_matches_torch_interpolate(in_size, out_size):
    x = torch.rand(1, 3, in_size, in_size, generator=torch.Generator().manual_seed(in_size))
    want = F.interpolate(x, size=(out_size, out_size), mode="bilinear", align_corners=False)
    got = kml._resize_bilinear_numpy(x[0].numpy(), out_size)
    assert np.abs(got - want[0].numpy()).max() < 1e-6


@pytest.mark.parametrize("in_size, out_size", [(512, 256), (300, 256), (256, 256), (64, 256), (17, 5)])
def test_numpy_antialiased_resize_matches_torchvision_resize(in_size, out_size):
    # The published code resizes s1 with torchvision's Resize on a tensor (antialiased).
    from torchvision.transforms.v2.functional import resize

    x = torch.rand(1, 3, in_size, in_size, generator=torch.Generator().manual_seed(in_size))
    want = resize(x, [out_size, out_size], antialias=True)[0].numpy()
    assert np.abs(kml._resize_antialias_numpy(x[0].numpy(), out_size) - want).max() < 1e-6
    if in_size > out_size:  # shrinking really low-passes: point sampling differs
        assert np.abs(kml._resize_bilinear_numpy(x[0].numpy(), out_size) - want).max() > 0.05


def test_box_blur_matches_numpy_with_reflect_101_edges():
    m = torch.rand(2, 1, 9, 7, generator=torch.Generator().manual_seed(3))
    got = kml._box_blur(m)
    for b in range(2):
        assert np.abs(got[b, 0].numpy() - kml._box_blur_numpy(m[b, 0].numpy())).max() < 1e-6
    # OpenCV's BORDER_REFLECT_101 written out for the corner: rows/cols -1 are rows/cols 1.
    a = m[0, 0].numpy()
    corner = (a[0, 0] + 2 * a[0, 1] + 2 * a[1, 0] + 4 * a[1, 1]) / 9
    assert abs(float(got[0, 0, 0, 0]) - corner) < 1e-6
    edge = (2 * a[1, 2:5].sum() + a[0, 2:5].sum()) / 9  # top row, column 3
    assert abs(float(got[0, 0, 0, 3]) - edge) < 1e-6
    ones = kml._box_blur(torch.ones(1, 1, 5, 5))
    assert torch.allclose(ones, torch.ones_like(ones))  # a flat field stays flat
    single = torch.rand(1, 1, 1, 4, generator=torch.Generator().manual_seed(4))  # one row reflects onto itself
    assert np.abs(kml._box_blur(single)[0, 0].numpy() - kml._box_blur_numpy(single[0, 0].numpy())).max() < 1e-6


def test_batch_composition_and_chunking_do_not_change_results():
    s1 = smooth_images(10, 32, 21)
    full = kml_mask(s1, 32)
    assert torch.equal(kml_mask(s1[3:6], 32), full[3:6])
    assert torch.equal(kml_mask(s1, 32, chunk=3), full)
    assert torch.equal(kml_mask(s1, 32, chunk=64), full)


def test_mask_is_soft_and_in_range():
    mask = kml_mask(smooth_images(4, 48, 30), 48)
    assert mask.min() >= 0 and mask.max() <= 1
    assert ((mask > 0) & (mask < 1)).any()


@pytest.mark.parametrize(
    "call",
    [
        lambda: kml_mask(torch.rand(2, 4, 8, 8), 8),
        lambda: kml_mask(torch.rand(3, 8, 8), 8),
        lambda: kml_mask(torch.rand(2, 3, 8, 8), 0),
        lambda: kml_mask(torch.rand(2, 3, 8, 8), 8, k=1),
        lambda: kml_mask(torch.rand(2, 3, 8, 8), 8, iters=-1),
        lambda: kml_blend(torch.rand(2, 3, 8, 8), torch.rand(2, 3, 8, 8), torch.rand(2, 3, 4, 4)),
        lambda: kml_blend(torch.rand(2, 3, 8, 8), torch.rand(1, 3, 8, 8), torch.rand(1, 3, 8, 8)),
    ],
)
def test_bad_input_raises_value_error(call):
    with pytest.raises(ValueError):
        call()


def test_integer_images_are_rejected():
    with pytest.raises(TypeError, match="floating point"):
        kml_mask(torch.zeros(1, 3, 8, 8, dtype=torch.uint8), 8)


@pytest.mark.cuda  # selected by `pytest -m cuda` (benchmarks/gpu_check.sh)
@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device on this machine")
def test_cuda_matches_cpu():
    s1 = smooth_images(4, 32, 40)
    assert torch.allclose(kml_mask(s1.cuda(), 32).cpu(), kml_mask(s1, 32), atol=1e-5)
