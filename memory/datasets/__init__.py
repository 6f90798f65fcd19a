"""Loaders of real labelled datasets, one module per kind, each registered with memory.data.register_dataset_spec."""
