#!/usr/bin/env bash
# The 55-program library (shaders/ as first written, issue 13's "55-program library"): copies
# those programs, as they are in shaders/ today, and the shared includes into a library folder.
#   bash experiments/hand55.sh [OUT]   (default out/pools/hand55; pools-cpu.yaml reads it there)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-out/pools/hand55}
mkdir -p "$OUT"
cp -r shaders/include "$OUT/"
while read -r name; do cp "shaders/$name" "$OUT/"; done < experiments/hand55.txt
echo "$(ls "$OUT"/*.glsl | wc -l) programs in $OUT"
