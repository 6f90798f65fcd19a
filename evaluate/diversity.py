"""`python -m evaluate.diversity`: procgen's diversity report plus a trained backbone's embeddings (`--backbone`).

The report itself is `procgen.diversity` (perception side: renders pools, random-net
embeddings). Judging pools with a trained backbone belongs on the knowledge side, which may
read exports: the backbone comes from `memory.embed.backbone_from_spec` (an export folder,
`random:ARCH`, `pixels`, optional `@R`), preprocessed exactly as for real images.
"""
from __future__ import annotations

import sys

import torch

from memory.embed import backbone_from_spec, preprocess_batch
from procgen.diversity import Embedder, build_parser, check_args, run


def backbone_embedder(spec: str, device: str = "cpu", seed: int = 0) -> Embedder:
    """Embedding function of a backbone spec: float32 (N, 3, R, R) in [0, 1] -> (N, D) unit rows.

    Rendered images are 8-bit canvases, so the uint8 round trip into `preprocess_batch` (resize,
    crop, the backbone's normalisation) loses nothing.
    """
    backbone = backbone_from_spec(spec, device=device, seed=seed)

    def embed(images: torch.Tensor) -> torch.Tensor:
        pixels = (images.clamp(0, 1) * 255).round().to(torch.uint8).permute(0, 2, 3, 1)  # (N, R, R, 3)
        return backbone.embed(preprocess_batch(pixels, backbone.preprocess, device)).cpu()
    return embed


def main(argv: list[str] | None = None) -> int:
    parser = build_parser("python -m evaluate.diversity")
    parser.add_argument("--backbone", default=None,
                        help="backbone spec (memory.embed): an export folder, random:ARCH or pixels, optional @R; "
                        "its embeddings get vendi_backbone, within/between_program_distance_backbone")
    parser.add_argument("--device", default="cpu", help="device for the backbone (default %(default)s)")
    args = parser.parse_args(argv)
    check_args(parser, args)
    extra = {}
    if args.backbone:
        try:
            extra["backbone"] = backbone_embedder(args.backbone, args.device, args.seed)
        except (OSError, ValueError) as error:
            print(f"error: --backbone {args.backbone}: {error}", file=sys.stderr)
            return 2
    return run(args, extra)


if __name__ == "__main__":
    sys.exit(main())
