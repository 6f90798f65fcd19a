"""train: online DINO on the procedural stream (never reads real images, never imports memory).

Modules: config (typed config + presets), model (timm ViT + DINO head), augment (multi-crop on
device), dino (loss, centre, teacher EMA, step object), schedules (pure functions of the step),
loop (the step loop), checkpoint (atomic save/resume), distributed (torchrun/DDP), export
(teacher backbone -> safetensors + config.json), plot (loss curve PNG).
Entry points: ``python -m train``, ``python -m train.export``, ``python -m train.plot``.
"""
