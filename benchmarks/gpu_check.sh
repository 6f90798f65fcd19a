#!/usr/bin/env bash
# The one command for the first GPU (issue 15): verify and measure the whole GPU path in <= 8 min.
#
#   bash benchmarks/gpu_check.sh --prepare DIR        # on a networked machine: wheels + .debs (< 64 MiB)
#   bash benchmarks/gpu_check.sh [--wheels DIR] [--out DIR] [--budget S] [--parts P..]  # offline GPU machine
#   bash benchmarks/gpu_check.sh --dry-run [--out DIR] # the same flow at toy sizes on a CPU machine
#
# On the GPU machine nothing is installed from the network: the wheels (Python 3.12, manylinux
# x86_64) are unzipped into OUT/offline/site and the .debs (the glvnd EGL/GL libraries) into
# OUT/offline/root, then the system Python runs benchmarks/gpu_check.py, which runs each part
# (CUDA tests, engine bench with both readers and both KML backends, vits16 trainer with and
# without torch.compile and with DALI where installed, 2-GPU DDP equality, CUDA memory search)
# in its own process and writes OUT/gpu_check.json and OUT/gpu_check.md (the RESULTS.md block).
# Exit status: that of gpu_check.py (1 when any check failed or timed out).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE=run
WHEELS=""
OUT="$ROOT/gpu_check_out"
BUDGET=450
PREPARE_DIR=""
PARTS=()
ARGS_TEXT="bash benchmarks/gpu_check.sh $*"
LIMIT_BYTES=$((64 * 1024 * 1024))
WHEEL_PACKAGES=(moderngl glcontext faiss-cpu pyyaml safetensors)
DEB_PACKAGES=(libglvnd0 libegl1 libopengl0 libglx0 libgl1)

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --prepare) MODE=prepare; PREPARE_DIR="${2:?--prepare needs a folder}"; shift 2 ;;
        --wheels) WHEELS="${2:?--wheels needs a folder}"; shift 2 ;;
        --out) OUT="${2:?--out needs a folder}"; shift 2 ;;
        --budget) BUDGET="${2:?--budget needs seconds}"; shift 2 ;;
        --dry-run) MODE=dry-run; shift ;;
        --parts) shift; PARTS=(); while [[ $# -gt 0 && "$1" != --* ]]; do PARTS+=("$1"); shift; done ;;
        -h|--help) usage; exit 0 ;;
        *) echo "gpu_check.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

# Python: $PYTHON, else (for --prepare / --dry-run on a developer machine) the repo's .venv,
# else the system python3 (the GPU machines' own torch; the project's pins do not apply there).
PY="${PYTHON:-}"
if [[ -z "$PY" ]]; then
    if [[ "$MODE" != run && -x "$ROOT/.venv/bin/python" ]]; then PY="$ROOT/.venv/bin/python"; else PY=python3; fi
fi

prepare() {
    local dir="$1"
    mkdir -p "$dir" || exit 2
    echo "[prepare] wheels for CPython 3.12 manylinux x86_64: ${WHEEL_PACKAGES[*]}"
    "$PY" -m pip download --quiet --only-binary=:all: --no-deps --dest "$dir" \
        --python-version 3.12 --implementation cp --abi cp312 --abi abi3 --abi none \
        --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
        "${WHEEL_PACKAGES[@]}" || { echo "[prepare] pip download failed" >&2; exit 1; }
    echo "[prepare] .debs: ${DEB_PACKAGES[*]}"
    (cd "$dir" && apt-get download "${DEB_PACKAGES[@]}") || { echo "[prepare] apt-get download failed" >&2; exit 1; }
    local bytes
    bytes=$(du -sb "$dir" | cut -f1)
    (cd "$dir" && sha256sum ./*.whl ./*.deb > SHA256SUMS)
    echo "[prepare] $dir: $(ls "$dir" | grep -c -E '\.(whl|deb)$') files, $((bytes / 1024 / 1024)) MiB"
    if (( bytes > LIMIT_BYTES )); then
        echo "[prepare] over the 64 MiB that can travel with the working tree" >&2
        exit 1
    fi
}

unpack() {
    local src="$1" site="$OUT/offline/site" sysroot="$OUT/offline/root"
    mkdir -p "$site" "$sysroot"
    if [[ -f "$src/SHA256SUMS" ]]; then
        (cd "$src" && sha256sum --quiet -c SHA256SUMS) || echo "[setup] WARNING: checksums of $src differ" >&2
    fi
    local f
    for f in "$src"/*.whl; do
        [[ -e "$f" ]] || continue
        "$PY" -m zipfile -e "$f" "$site" || echo "[setup] could not unpack $f" >&2
    done
    for f in "$src"/*.deb; do
        [[ -e "$f" ]] || continue
        if command -v dpkg-deb > /dev/null; then
            dpkg-deb -x "$f" "$sysroot"
        else  # a .deb is an ar archive holding data.tar.*
            (tmp=$(mktemp -d) && cd "$tmp" && ar x "$f" && tar -xf data.tar.* -C "$sysroot"; rm -rf "$tmp")
        fi
    done
    export PYTHONPATH="$site${PYTHONPATH:+:$PYTHONPATH}"
    local libdir="$sysroot/usr/lib/x86_64-linux-gnu"
    if [[ -d "$libdir" ]]; then
        export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
        # glcontext and procgen.gl open these by path; the system's own copies win when present.
        if ! ldconfig -p 2>/dev/null | grep -q 'libEGL.so.1 '; then export GLCONTEXT_LINUX_LIBEGL="$libdir/libEGL.so.1"; fi
        if ! ldconfig -p 2>/dev/null | grep -q 'libGL.so.1 '; then export GLCONTEXT_LINUX_LIBGL="$libdir/libGL.so.1"; fi
    fi
}

name_missing() {
    "$PY" - <<'EOF'
import ctypes, importlib, os
missing = []
for name in ("torch", "numpy", "moderngl", "glcontext", "timm", "cupy", "cuda.bindings", "pytest", "yaml", "tqdm"):
    try:
        importlib.import_module(name)
    except Exception as err:
        missing.append(f"python module {name} ({type(err).__name__}: {err})")
for lib in (os.environ.get("GLCONTEXT_LINUX_LIBEGL", "libEGL.so.1"), "libEGL_nvidia.so.0"):
    try:
        ctypes.CDLL(lib)
    except OSError as err:
        missing.append(f"shared library {lib} ({err})")
print("[setup] everything needed is present" if not missing else "[setup] STILL MISSING (the parts that need them will fail):")
for line in missing:
    print(f"[setup]   {line}")
EOF
}

case "$MODE" in
    prepare) prepare "$PREPARE_DIR"; exit 0 ;;
    dry-run)
        mkdir -p "$OUT"
        exec "$PY" "$ROOT/benchmarks/gpu_check.py" --dry-run --out "$OUT" --budget "$BUDGET" --command "$ARGS_TEXT" \
            ${PARTS[@]+--parts "${PARTS[@]}"} ;;
    run)
        mkdir -p "$OUT"
        [[ -n "$WHEELS" ]] && unpack "$WHEELS"
        name_missing
        export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
        cd "$ROOT" && exec "$PY" "$ROOT/benchmarks/gpu_check.py" --out "$OUT" --budget "$BUDGET" --command "$ARGS_TEXT" \
            ${PARTS[@]+--parts "${PARTS[@]}"} ;;
esac
