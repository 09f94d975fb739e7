#!/usr/bin/env bash
# Fill bench/gpu/.carry/ (git-ignored, ~40 MiB) so run.sh works on a machine with no node,
# no node_modules and no package registry: node, the bench bundled with esbuild (onnxruntime-web
# included), ORT's WASM binary, Dawn for Node (the `webgpu` npm package) and libvulkan.so.1.
# Run here, where npm and apt work:  bash bench/gpu/prepare.sh [--with-ffmpeg] [--with-data]
#   --with-ffmpeg: also the static ffmpeg of @ffmpeg-installer (16 MB packed), for machines without one
#   --with-data:   also a copy of what the bench reads from ../shared (the nine sequences' video.mp4,
#                  groundtruth.txt and meta.json, the NanoTrackV2 and DCFNet .onnx files; ~12 MB) into
#                  .carry/shared, for a machine that has no ../shared. It is git-ignored and only
#                  travels with the run: delete it afterwards (rm -rf bench/gpu/.carry/shared).
#   --with-gl:     also Debian's GL/Vulkan loader packages into .gl/ (git-ignored), which Dawn needs to
#                  find an NVIDIA adapter on the device tool's machines (on-device.sh unpacks them)
set -euo pipefail
WITH_FFMPEG=0; WITH_DATA=0; WITH_GL=0
for a in "$@"; do case "$a" in --with-ffmpeg) WITH_FFMPEG=1 ;; --with-data) WITH_DATA=1 ;; --with-gl) WITH_GL=1 ;; *) echo "unknown option $a" >&2; exit 2 ;; esac; done
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CARRY="$HERE/.carry"
WEBGPU_VERSION="${WEBGPU_VERSION:-0.6.2}"
mkdir -p "$CARRY/ort"
cd "$ROOT"

xz -T2 -6 -c "$(readlink -f "$(command -v node)")" > "$CARRY/node.xz"
for f in ort-wasm-simd-threaded.wasm ort-wasm-simd-threaded.asyncify.wasm; do
  xz -T2 -6 -c "node_modules/onnxruntime-web/dist/$f" > "$CARRY/ort/$f.xz"
done
node_modules/.bin/esbuild bench/gpu/bench.ts --bundle --platform=node --format=esm --target=node20 \
  --external:webgpu --external:@ffmpeg-installer/ffmpeg --log-level=warning \
  --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" \
  --outfile="$CARRY/bench.mjs"

# Dawn for Node, outside the project's node_modules (only its linux-x64 binary travels).
TMP="$(mktemp -d)"
npm install --prefix "$TMP" --no-save --silent "webgpu@$WEBGPU_VERSION"
xz -T2 -6 -c "$TMP/node_modules/webgpu/dist/linux-x64/dawn.node" > "$CARRY/dawn.node.xz"
# libvulkan.so.1 (the loader; the NVIDIA driver supplies the ICD).
(cd "$TMP" && apt-get download libvulkan1 >/dev/null && dpkg -x libvulkan1_*.deb "$CARRY/vulkan")
rm -rf "$TMP"
if [ "$WITH_FFMPEG" = 1 ]; then
  xz -T2 -6 -c node_modules/@ffmpeg-installer/linux-x64/ffmpeg > "$CARRY/ffmpeg.xz"
fi
if [ "$WITH_DATA" = 1 ]; then
  SRC="${SHARED_DIR:-$ROOT/../shared}"
  rm -rf "$CARRY/shared"
  mkdir -p "$CARRY/shared/models/nanotrackv2" "$CARRY/shared/models/dcfnet"
  cp "$SRC/models/nanotrackv2/"{nanotrack_backbone_dyn.onnx,nanotrack_head_sim.onnx} "$CARRY/shared/models/nanotrackv2/"
  cp "$SRC/models/dcfnet/dcfnet_feature.onnx" "$CARRY/shared/models/dcfnet/"
  for d in "$SRC"/sequences/*/; do
    n="$(basename "$d")"; mkdir -p "$CARRY/shared/sequences/$n"
    cp "$d"/{video.mp4,groundtruth.txt,meta.json} "$CARRY/shared/sequences/$n/"
  done
fi
if [ "$WITH_GL" = 1 ]; then
  mkdir -p "$ROOT/.gl" /tmp/amd64/partial
  o=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64)
  apt-get "${o[@]}" update -qq
  (cd "$ROOT/.gl" && apt-get "${o[@]}" download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
fi
du -sh "$CARRY"
