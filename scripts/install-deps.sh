#!/usr/bin/env bash
# Installs the Debian packages given as arguments when they are missing (apt-get as root, or sudo),
# and the Python packages the cross-check tests use (numpy, safetensors, and PyTorch's CPU wheel for
# the export tests, which fail under CI=true without it). Safe to run repeatedly: it does nothing
# when everything is present (PyTorch is large: it is installed once).
set -euo pipefail
command -v swift >/dev/null || { echo "error: the Swift toolchain is not on PATH (https://swift.org/install)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "error: python3 is not on PATH" >&2; exit 1; }
packages=("$@")
# pip itself, when the Python packages below are missing and pip is not there to install them.
if ! python3 -c "import safetensors, numpy" 2>/dev/null && ! python3 -m pip --version >/dev/null 2>&1; then
  packages+=(python3-pip)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
if ! python3 -c "import safetensors, numpy" 2>/dev/null; then
  # Debian marks its Python as externally managed; fall back to a user install that is allowed to
  # sit beside the system packages.
  python3 -m pip install -q safetensors numpy 2>/dev/null ||
    python3 -m pip install -q --user --break-system-packages safetensors numpy ||
    echo "warning: could not install the Python packages safetensors and numpy; the checkpoint cross-check will be skipped" >&2
fi
if ! python3 -c "import torch" 2>/dev/null; then
  # `pip install torch` finds the CPU wheel on a machine without CUDA.
  python3 -m pip install -q torch 2>/dev/null ||
    python3 -m pip install -q --user --break-system-packages torch ||
    echo "warning: could not install torch; the PyTorch export tests will be skipped (and fail under CI=true)" >&2
fi
