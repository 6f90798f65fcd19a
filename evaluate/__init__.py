"""Judging a backbone on real data: the experiment runner, the real-data control, segmentation, similarity, probes.

Knowledge side of the house: may import `memory` and `train` (export format, training API);
`procgen` and `train` never import this package.
"""
