#!/usr/bin/env bash
# On this workplace's NVIDIA machines (the device tool): unpack the GL/Vulkan loaders carried in .gl/
# (fill it here with `bash bench/gpu/prepare.sh --with-gl`), point Vulkan at NVIDIA's driver, then run
# run.sh from the carried files. Arguments go to bench.ts. See README.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if compgen -G "$ROOT/.gl/*.deb" >/dev/null; then
  for f in "$ROOT"/.gl/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_DRIVER_FILES:-}" ] && [ -f "$ICD" ]; then export VK_DRIVER_FILES="$ICD"; fi
export USE_CARRY=1
exec bash "$ROOT/bench/gpu/run.sh" "$@"
