"""The stream: addressable samples, ranks, resume, prefetch thread, DataLoader adapter."""
import gc
import subprocess
import sys
import threading

import pytest
import torch

import procgen
from procgen import DATASETS, ProceduralIterableDataset, sample, step_indices, stream
from procgen.datasets import Shaders, register_dataset

torch.set_num_threads(2)
R = 16


def take(iterator, count):
    return [next(iterator) for _ in range(count)]


@pytest.mark.parametrize("batch_size", [1, 3, 4])
def test_sample_equals_stream_element(batch_size):
    with stream("kml", R, batch_size, seed=5) as s:
        batches = torch.cat(take(s, 2))
    for index in (0, batch_size, 2 * batch_size - 1):
        assert torch.equal(sample("kml", index, seed=5, resolution=R), batches[index])


def test_two_ranks_with_half_batches_equal_one_rank():
    with stream("shaders-mixup", R, 4, seed=1) as single:
        one = take(single, 2)
    shards = []
    for rank in range(2):
        with stream("shaders-mixup", R, 2, seed=1, rank=rank, world_size=2) as s:
            shards.append(take(s, 2))
    for step in range(2):
        assert torch.equal(torch.cat([shards[0][step], shards[1][step]]), one[step])


def test_step_indices_layout():
    assert step_indices(3, 4, rank=1, world_size=2).tolist() == [28, 29, 30, 31]
    with stream("shaders", R, 4, rank=1, world_size=2, start_step=3, prefetch=0) as s:
        assert s.indices().tolist() == [28, 29, 30, 31]


def test_resume_from_position_continues_the_sequence():
    s = stream("kml-mixup", R, 2, seed=3)
    take(s, 2)
    position = s.position
    assert position["start_step"] == 2 and s.step == 2
    expected = take(s, 2)
    s.close()
    with stream(**position) as resumed:
        assert resumed.step == 2
        for want in expected:
            assert torch.equal(next(resumed), want)


def test_prefetch_and_synchronous_rendering_agree():
    with stream("shaders", R, 3, seed=2, prefetch=0) as sync, stream("shaders", R, 3, seed=2) as ahead:
        for a, b in zip(take(sync, 3), take(ahead, 3)):
            assert torch.equal(a, b)


def test_deterministic_across_processes():
    code = (
        "import torch, procgen; s = procgen.stream('kml', 16, 2, seed=9, prefetch=0); "
        "next(s); print(float(next(s).double().sum()))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True)
    with stream("kml", R, 2, seed=9, prefetch=0) as s:
        take(s, 1)
        assert float(out.stdout.strip()) == float(next(s).double().sum())


class FailingAtStepTwo(Shaders):
    """A real dataset that breaks for indices >= 4 (steps >= 2 with batch 2)."""

    name = "test-failing"

    def combine(self, images, indices, seed):
        if int(indices.min()) >= 4:
            raise ArithmeticError("index 4 cannot be rendered")
        return super().combine(images, indices, seed)


def test_producer_error_reaches_the_consumer():
    register_dataset("test-failing", FailingAtStepTwo)
    try:
        s = stream("test-failing", R, 2, prefetch=2)
        assert len(take(s, 2)) == 2  # steps 0 and 1 still arrive
        with pytest.raises(RuntimeError, match="index 4 cannot be rendered") as info:
            next(s)
        assert isinstance(info.value.__cause__, ArithmeticError)
        assert s._thread is None  # the stream closed itself
    finally:
        del DATASETS["test-failing"]


def test_close_stops_the_producer_thread():
    before = threading.active_count()
    s = stream("shaders", R, 2, prefetch=1)
    next(s)
    assert threading.active_count() == before + 1
    s.close()
    assert threading.active_count() == before
    with pytest.raises(StopIteration):
        next(s)


def test_abandoned_stream_stops_its_thread():
    s = stream("shaders", R, 2, prefetch=1)
    next(s)
    thread = s._thread
    del s
    gc.collect()
    thread.join(timeout=10)
    assert not thread.is_alive()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(resolution=0), "resolution"),
        (dict(resolution=5000), "resolution"),
        (dict(resolution=16.0), "resolution"),
        (dict(batch_size=0), "batch_size"),
        (dict(rank=2, world_size=2), "rank"),
        (dict(rank=-1), "rank"),
        (dict(world_size=0), "world_size"),
        (dict(start_step=-1), "start_step"),
        (dict(prefetch=-2), "prefetch"),
    ],
)
def test_bad_arguments_raise_value_error(kwargs, message):
    args = dict(name="shaders", resolution=R, batch_size=2) | kwargs
    with pytest.raises(ValueError, match=message):
        stream(**args)


def test_unknown_dataset_lists_known_names():
    with pytest.raises(KeyError, match="known datasets: kml, kml-mixup, shaders, shaders-mixup"):
        stream("imagenet", R, 2)
    with pytest.raises(KeyError, match="known datasets"):
        sample("imagenet", 0)
    with pytest.raises(ValueError, match="index"):
        sample("shaders", -1)


def test_iterable_dataset_in_process_matches_stream():
    data = ProceduralIterableDataset("shaders", R, 2, seed=4, start_step=1, num_steps=2)
    with stream("shaders", R, 2, seed=4, start_step=1, prefetch=0) as s:
        for got, want in zip(data, take(s, 2)):
            assert torch.equal(got, want)
    assert len(list(data)) == 2


def test_iterable_dataset_with_two_worker_processes_matches_stream():
    data = ProceduralIterableDataset("shaders", R, 2, seed=6, num_steps=4)
    loader = torch.utils.data.DataLoader(data, batch_size=None, num_workers=2,
                                         multiprocessing_context="spawn")
    got = list(loader)
    assert len(got) == 4
    with stream("shaders", R, 2, seed=6, prefetch=0) as s:
        for a, b in zip(got, take(s, 4)):
            assert torch.equal(a, b)


def test_public_api_is_exported_without_creating_a_context():
    code = "import sys, procgen; print('moderngl' in sys.modules, sorted(procgen.DATASETS))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("False")
    assert callable(procgen.stream) and callable(procgen.get_dataset)
