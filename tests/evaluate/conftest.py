"""The evaluate tests train and embed on the shared 2-core machine: one torch thread."""
import torch

torch.set_num_threads(1)
