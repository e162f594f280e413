#!/usr/bin/env bash
# Installs the Debian packages given as arguments when they are missing (apt-get as root, or sudo),
# and the Python packages the cross-check tests use.
set -euo pipefail
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
python3 -c "import safetensors, numpy" 2>/dev/null || python3 -m pip install -q safetensors numpy || \
  echo "warning: could not install the Python packages safetensors and numpy; the checkpoint cross-check will be skipped" >&2
