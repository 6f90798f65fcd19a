#!/usr/bin/env bash
# One-time set-up for a fresh machine: system GL libraries (Mesa llvmpipe through EGL), the
# offline Fashion-MNIST package when asked for, and the project's virtual environment.
# Idempotent: each step is skipped when already done.
#   scripts/setup.sh            # GL libraries + .venv
#   scripts/setup.sh --data     # also the Fashion-MNIST dataset (used by the main job)
set -euo pipefail
cd "$(dirname "$0")/.."

want_data=0
[ "${1:-}" = "--data" ] && want_data=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
    if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@"
}

# Headless OpenGL: libEGL plus Mesa's software rasteriser (llvmpipe) for machines without a GPU.
if ! ldconfig -p | grep -q 'libEGL.so.1' || ! ls /usr/lib/*/dri/swrast_dri.so >/dev/null 2>&1; then
    echo "[setup] installing the system GL libraries (libegl1 libgl1 libgl1-mesa-dri)"
    apt_install libegl1 libgl1 libgl1-mesa-dri
fi

if [ "$want_data" = 1 ] && [ ! -d /usr/share/datasets/fashion-mnist ]; then
    echo "[setup] installing the offline Fashion-MNIST dataset (Debian package dataset-fashion-mnist)"
    apt_install dataset-fashion-mnist
fi

# Python environment; re-installed only when pyproject.toml changes.
stamp=.venv/.procvision-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    # a new environment is ~6.5 GB (torch's CUDA build, DALI): say so up front rather than fail mid-install
    free_kb=$(df -Pk . | awk 'NR == 2 {print $4}')
    if [ ! -d .venv ] && [ "$free_kb" -lt $((8 * 1024 * 1024)) ]; then
        echo "[setup] error: .venv needs about 8 GB free in $(pwd); only $((free_kb / 1024 / 1024)) GB are free" >&2
        exit 1
    fi
    echo "[setup] creating .venv and installing the Python packages (torch 2.14.1, timm, moderngl, faiss, ...)"
    python3 -m venv .venv
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e '.[dev,dali]'
    touch "$stamp"
fi
