#!/usr/bin/env bash
# The main job on built-in defaults, CPU only, about 15 minutes on 2 cores:
# procedural previews -> engine benchmark -> DINO on procedural images only, next to the same
# recipe on real images (the control) and its own random init -> a Fashion-MNIST visual memory
# -> KNN accuracy next to the raw-pixel baseline -> privacy.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-out/demo}
PY=.venv/bin/python
STEPS=${DEMO_STEPS:-150}
SCHEDULE=${DEMO_SCHEDULE:-$((2 * STEPS))}  # stop half-way through the cosines: the mid-run teacher gained most
N_TRAIN=${DEMO_N_TRAIN:-10000}
N_TEST=${DEMO_N_TEST:-2000}
mkdir -p "$OUT"
step() { printf '\n=== %s\n' "$*"; }

step "1/5 procedural previews (grids + the KML strip)"
for d in shaders shaders-mixup kml kml-mixup; do
    $PY -m procgen.preview --dataset "$d" --n 64 --resolution 96 --out "$OUT/preview_$d.png"
done

step "2/5 engine benchmark (quick)"
$PY -m procgen.bench --quick --json "$OUT/bench.json"

# The recipe of the CPU search (benchmarks/RESULTS.md, issue 11): a ResNet-18 trained by DINO on
# 32/16 px crops of the 64 px kml-mixup stream of the online synthesizer's 10,000 programs, 1024
# prototypes, BatchNorm in the head, base lr 8e-3, teacher momentum 0.99, the first 150 steps of a
# 300-step schedule (experiments/cpu-small.yaml).
step "3/5 DINO on procedural images only ($STEPS steps), the same recipe on real images (control), random init"
rm -rf "$OUT/experiment"  # a fresh grid each time (--resume is for interrupted runs)
cat > "$OUT/demo.yaml" <<YAML
name: demo
output_dir: $OUT/experiment
train: {preset: cpu-tiny, model.arch: resnet18, model.out_dim: 1024, model.head_bn: true, optim.lr: 8.0e-3,
        dino.momentum_teacher: 0.99, data.library: "synth:2026:10000", schedule_steps: $SCHEDULE,
        tensorboard: false}
backbones: {resnet18: {}}
sources: [random-init, kml-mixup, real:fashion-mnist]
budgets: [$STEPS]
benchmarks:
  - {kind: knn, dataset: fashion-mnist, limit_train: $N_TRAIN, limit_test: $N_TEST, k: [10, 20], cache_dir: $OUT/cache}
pixel_baseline: true
YAML
$PY -m evaluate.experiment "$OUT/demo.yaml"
read -r RUN TRAIN < <($PY -c "import json,sys; c=json.load(open(sys.argv[1]))['cells']; print(*next((r['run'], r['train']) for r in c.values() if r['source']=='kml-mixup'))" "$OUT/experiment/results.json")
$PY -m train.plot "$OUT/experiment/runs/$TRAIN"

step "4/5 visual memory of Fashion-MNIST with the procedural backbone: retrieval picture, privacy"
common=(--dataset fashion-mnist --limit-train "$N_TRAIN" --limit-test "$N_TEST" --cache-dir "$OUT/cache")
$PY -m memory.knn --backbone "$OUT/experiment/runs/$RUN/backbone" "${common[@]}" --k 10 20 \
    --json "$OUT/knn_procedural.json" --retrieval-png "$OUT/retrieval.png"
$PY -m memory.privacy --backbone "$OUT/experiment/runs/$RUN/backbone" "${common[@]}" --k 20 --check 20 \
    --json "$OUT/privacy.json" --png "$OUT/privacy.png"

step "5/5 summary"
$PY scripts/summary.py "$OUT"
