"""The augmentation preview CLI writes a real PNG of rendered samples and their views."""
import numpy as np
import pytest


def test_preview_cli_writes_png(tmp_path):
    # Real procedural images rendered with GLSL on llvmpipe, then augmented and tiled.
    from PIL import Image

    from train.augment_preview import main

    out = tmp_path / "views.png"
    main(["--n", "2", "--resolution", "32", "--global-size", "16", "--local-size", "8",
          "--n-local", "2", "--out", str(out)])
    picture = Image.open(out)
    assert picture.size == (5 * (16 + 2) + 2, 2 * (16 + 2) + 2)  # input + 4 views per row
    pixels = np.asarray(picture.convert("RGB"), dtype=np.float32)
    assert pixels.std() > 10  # not a blank canvas
    with pytest.raises(SystemExit):
        main(["--n", "0", "--out", str(out)])
