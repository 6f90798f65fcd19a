#!/usr/bin/env bash
# The main job on built-in defaults, CPU only, about 15 minutes on 2 cores:
# procedural previews -> engine benchmark -> DINO on procedural images only -> a Fashion-MNIST
# visual memory -> KNN accuracy next to the random-init and raw-pixel baselines -> privacy.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-out/demo}
PY=.venv/bin/python
STEPS=${DEMO_STEPS:-300}
N_TRAIN=${DEMO_N_TRAIN:-10000}
N_TEST=${DEMO_N_TEST:-2000}
mkdir -p "$OUT"
step() { printf '\n=== %s\n' "$*"; }

step "1/6 procedural previews (grids + the KML strip)"
for d in shaders shaders-mixup kml kml-mixup; do
    $PY -m procgen.preview --dataset "$d" --n 64 --resolution 96 --out "$OUT/preview_$d.png"
done

step "2/6 engine benchmark (quick)"
$PY -m procgen.bench --quick --json "$OUT/bench.json"

step "3/6 DINO on procedural images only (preset cpu-tiny, kml-mixup, $STEPS steps)"
rm -rf "$OUT/train" "$OUT/backbone"  # a fresh run each time (resume is for interrupted runs)
$PY -m train preset=cpu-tiny dataset=kml-mixup steps="$STEPS" output_dir="$OUT/train"
$PY -m train.plot "$OUT/train"
$PY -m train.export "$OUT/train" "$OUT/backbone"

step "4/6 visual memory of Fashion-MNIST: KNN with the procedural backbone and the baselines"
common=(--dataset fashion-mnist --limit-train "$N_TRAIN" --limit-test "$N_TEST" --k 10 20 --cache-dir "$OUT/cache")
$PY -m memory.knn --backbone "$OUT/backbone" "${common[@]}" --json "$OUT/knn_procedural.json" \
    --retrieval-png "$OUT/retrieval.png"
$PY -m memory.knn --backbone "random:vit_tiny_patch16_224@32" "${common[@]}" --json "$OUT/knn_random.json"
$PY -m memory.knn --backbone pixels "${common[@]}" --json "$OUT/knn_pixels.json"

step "5/6 privacy: which memory samples influence a prediction"
$PY -m memory.privacy --backbone "$OUT/backbone" --dataset fashion-mnist --limit-train "$N_TRAIN" \
    --limit-test "$N_TEST" --k 20 --check 20 --cache-dir "$OUT/cache" --json "$OUT/privacy.json" --png "$OUT/privacy.png"

step "6/6 summary"
$PY scripts/summary.py "$OUT"
