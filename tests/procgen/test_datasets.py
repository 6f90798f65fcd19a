"""Procedural datasets on the real renderer (llvmpipe): determinism, mixing, registry.

``renderer`` is the session's real BatchRenderer over shaders/ (tests/procgen/conftest.py)."""
import pytest
import torch

from procgen import datasets
from procgen.datasets import DATASETS, draw_shader_inputs, get_dataset, register_dataset
from procgen.kml import kml_blend
from procgen.renderer import BatchRenderer

torch.set_num_threads(2)
R = 16
PAPER_DATASETS = ["shaders", "shaders-mixup", "kml", "kml-mixup"]  # the paper's four must exist


class CountingRenderer:
    """The real renderer, counting how many render calls a dataset makes."""

    def __init__(self, renderer: BatchRenderer) -> None:
        self.inner, self.calls = renderer, []
        self.library, self.device = renderer.library, renderer.device

    def render(self, ids, seeds, times, resolution):
        self.calls.append(len(ids))
        return self.inner.render(ids, seeds, times, resolution)


def test_registry_lists_the_four_datasets():
    assert set(PAPER_DATASETS) <= set(DATASETS)
    with pytest.raises(KeyError, match="known datasets: .*kml-mixup.*shaders-mixup"):
        get_dataset("kml_mixup")


def test_registering_twice_warns(caplog):
    register_dataset("test-tmp", datasets.Shaders)
    try:
        with caplog.at_level("WARNING", logger="procgen.datasets"):
            register_dataset("test-tmp", datasets.Shaders)
        assert "'test-tmp' is already registered" in caplog.text
    finally:
        del DATASETS["test-tmp"]


def test_unknown_option_is_a_clear_error():
    with pytest.raises(TypeError, match="'shaders' does not accept options"):
        get_dataset("shaders", k=3)
    with pytest.raises(ValueError, match="k >= 2"):
        get_dataset("kml", k=1)


def test_shader_inputs_are_deterministic_and_in_range():
    idx = torch.arange(2000, dtype=torch.int64)
    ids, seeds, times = draw_shader_inputs(3, idx, "kml", 3, 10)
    assert ids.shape == (6000,) and seeds.shape == (6000, 4) and times.shape == (6000,)
    assert seeds.dtype == torch.float32 and times.dtype == torch.float32
    assert int(ids.min()) == 0 and int(ids.max()) == 9
    assert float(seeds.min()) >= 0 and float(seeds.max()) < 1
    assert float(times.min()) >= 0.1 and float(times.max()) < 10.0
    assert abs(float(times.mean()) - 5.05) < 0.2
    again = draw_shader_inputs(3, idx[500:510], "kml", 3, 10)
    assert torch.equal(again[0], ids[1500:1530]) and torch.equal(again[2], times[1500:1530])
    other = draw_shader_inputs(3, idx, "kml-mixup", 3, 10)
    assert not torch.equal(other[2], times)  # each dataset has its own draws


@pytest.mark.parametrize("name", list(DATASETS))  # every registered dataset
def test_one_render_call_per_batch_and_batch_independence(renderer, name):
    engine = CountingRenderer(renderer)
    dataset = get_dataset(name)
    idx = torch.arange(10, 16, dtype=torch.int64)
    batch = dataset.render(engine, idx, 0, R)
    assert engine.calls == [6 * dataset.images_per_sample]  # all sub-images in one call
    assert batch.shape == (6, 3, R, R) and batch.dtype == torch.float32
    assert float(batch.min()) >= 0 and float(batch.max()) <= 1
    assert torch.equal(dataset.render(renderer, idx[2:4], 0, R), batch[2:4])
    assert torch.equal(dataset.render(renderer, idx.flip(0), 0, R), batch.flip(0))
    assert not torch.equal(dataset.render(renderer, idx, 1, R), batch)  # the seed matters
    assert not torch.equal(batch[0], batch[1])  # different indices, different images


def test_shaders_mixup_is_a_convex_combination(renderer):
    parts = get_dataset("shaders-mixup").render_parts(renderer, torch.arange(4), 0, R)
    weights, images = parts["weights"], parts["images"]
    assert images.shape == (4, 6, 3, R, R)
    assert torch.allclose(weights.sum(1), torch.ones(4)) and bool((weights > 0).all())
    expected = (weights[:, :, None, None, None] * images).sum(1)
    assert torch.allclose(parts["result"], expected, atol=1e-6)


def test_shaders_images_use_the_drawn_inputs(renderer):
    idx = torch.arange(3, dtype=torch.int64)
    ids, seeds, times = draw_shader_inputs(5, idx, "shaders", 1, len(renderer.library))
    direct = renderer.render(ids, seeds, times, R)
    assert torch.equal(get_dataset("shaders").render(renderer, idx, 5, R), direct)


def test_kml_combines_its_three_images(renderer):
    parts = get_dataset("kml").render_parts(renderer, torch.arange(5), 2, R)
    image, mask = kml_blend(parts["s1"], parts["s2"], parts["s3"])
    assert torch.equal(parts["result"], image) and torch.equal(parts["mask"], mask)
    assert parts["mask"].shape == (5, 1, R, R)


def test_kml_mixup_is_the_mean_of_two_kml_images(renderer):
    parts = get_dataset("kml-mixup").render_parts(renderer, torch.arange(3), 0, R)
    assert parts["kml"].shape == (3, 2, 3, R, R)
    assert torch.allclose(parts["result"], parts["kml"].mean(1))
    first, _ = kml_blend(parts["s1"], parts["s2"], parts["s3"])
    assert torch.equal(first, parts["kml"][:, 0])


def test_options_change_the_images(renderer):
    idx = torch.arange(4, dtype=torch.int64)
    three = get_dataset("kml-mixup", mixup=3).render_parts(renderer, idx, 0, R)
    assert three["kml"].shape == (4, 3, 3, R, R)
    k3 = get_dataset("kml", k=3).render(renderer, idx, 0, R)
    k2 = get_dataset("kml").render(renderer, idx, 0, R)
    assert k3.shape == k2.shape and not torch.equal(k3, k2)


@pytest.mark.parametrize("bad", [0, -3, 2.5])
def test_bad_resolution_raises(renderer, bad):
    with pytest.raises(ValueError, match="resolution"):
        get_dataset("shaders").render(renderer, torch.arange(2), 0, bad)


def test_bad_indices_raise(renderer):
    with pytest.raises(ValueError, match="int64"):
        get_dataset("shaders").render(renderer, torch.arange(2).float(), 0, R)
