"""procgen: the procedural engine (GLSL shaders -> batches of images on a torch device).

Importing the package is light: no GL context is created until something renders.
Public API: ``stream``, ``sample``, ``get_dataset``, ``DATASETS``, ``ProceduralIterableDataset``.
"""
from procgen.datasets import DATASETS, get_dataset, register_dataset
from procgen.stream import ProceduralIterableDataset, ProceduralStream, sample, step_indices, stream

__all__ = [
    "DATASETS", "get_dataset", "register_dataset", "stream", "sample", "step_indices",
    "ProceduralStream", "ProceduralIterableDataset",
]
