"""The privacy report's picture: non-private samples per class and how many queries each changes."""
from __future__ import annotations

from pathlib import Path

import torch

from memory.privacy_analysis import PrivacyReport

__all__ = ["privacy_picture"]


def privacy_picture(report: PrivacyReport, class_names: list[str] | None, path: Path) -> None:
    """Write a PNG: left, non-private samples per class; right, a histogram of how many queries
    each non-private sample changes."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    labels = sorted(report.per_class)
    names = [class_names[c] if class_names and c < len(class_names) else str(c) for c in labels]
    left.bar(range(len(labels)), [report.per_class[c] for c in labels], color="tab:red")
    left.set_xticks(range(len(labels)), names, rotation=90 if len(labels) > 10 else 0, fontsize=7)
    left.set_ylabel("non-private samples")
    left.set_title(f"{len(report.nonprivate_ids)} of {report.n_memory} non-private "
                   f"({100 * report.fraction:.2f}%), k={report.k}, {report.vote}")
    histogram = torch.bincount(report.influence_counts, minlength=2)[1:]  # index 0 = 1 query
    right.bar(range(1, len(histogram) + 1), histogram.tolist(), width=0.8, color="tab:blue")
    right.xaxis.get_major_locator().set_params(integer=True)
    right.set_xlabel("queries whose prediction the sample changes")
    right.set_ylabel("non-private samples")
    right.set_title(f"over {report.n_queries} queries")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
