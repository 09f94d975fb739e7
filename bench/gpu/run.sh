#!/usr/bin/env bash
# NanoTrackV2 on WebGPU vs WASM (ms/frame) and tracking fps on David and Surfing06; see README.md.
# Works from the project folder alone: node, Dawn (the `webgpu` package) and libvulkan are taken
# from bench/gpu/.carry/ where the machine lacks them (fill it with bench/gpu/prepare.sh).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CARRY="$HERE/.carry"
cd "$ROOT"

NODE="$(command -v node || true)"
if [ -z "$NODE" ] && [ -x "$CARRY/node" ]; then NODE="$CARRY/node"; fi
if [ -z "$NODE" ] && [ -f "$CARRY/node.xz" ]; then xz -dc "$CARRY/node.xz" > "${TMPDIR:-/tmp}/bench-gpu-node" && chmod +x "${TMPDIR:-/tmp}/bench-gpu-node" && NODE="${TMPDIR:-/tmp}/bench-gpu-node"; fi
[ -n "$NODE" ] || { echo "no node: run bench/gpu/prepare.sh on a machine with node first" >&2; exit 1; }

# Dawn needs libvulkan.so.1 (the NVIDIA driver brings its own Vulkan ICD).
if [ -d "$CARRY/vulkan" ]; then export LD_LIBRARY_PATH="$CARRY/vulkan/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; fi
UNPACK="${TMPDIR:-/tmp}/bench-gpu-carry"; mkdir -p "$UNPACK"
if [ -f "$CARRY/dawn.node.xz" ]; then xz -dc "$CARRY/dawn.node.xz" > "$UNPACK/dawn.node"; export DAWN_MODULE="$UNPACK/dawn.node"; fi
# ffmpeg for decoding: PATH's, else the carried static build (prepare.sh --with-ffmpeg).
if [ -z "${FFMPEG_PATH:-}" ] && ! command -v ffmpeg >/dev/null && [ -f "$CARRY/ffmpeg.xz" ]; then
  xz -dc "$CARRY/ffmpeg.xz" > "$UNPACK/ffmpeg" && chmod +x "$UNPACK/ffmpeg" && export FFMPEG_PATH="$UNPACK/ffmpeg"
fi
export SHARED_DIR="${SHARED_DIR:-$ROOT/../shared}"
[ -d "$SHARED_DIR" ] || { [ -d "$ROOT/shared" ] && SHARED_DIR="$ROOT/shared"; }
[ -d "$SHARED_DIR" ] || { [ -d "$CARRY/shared" ] && SHARED_DIR="$CARRY/shared"; }
TIMEOUT="${BENCH_GPU_TIMEOUT:-480}"

if [ -f "$CARRY/bench.mjs" ] && { [ ! -d node_modules/onnxruntime-web ] || [ "${USE_CARRY:-0}" = 1 ]; }; then
  for f in ort-wasm-simd-threaded.wasm ort-wasm-simd-threaded.asyncify.wasm; do xz -dc "$CARRY/ort/$f.xz" > "$UNPACK/$f"; done
  export ORT_DIST="$UNPACK"
  exec timeout "$TIMEOUT" "$NODE" "$CARRY/bench.mjs" "$@"
else
  exec timeout "$TIMEOUT" "$NODE" "$ROOT/node_modules/tsx/dist/cli.mjs" "$HERE/bench.ts" "$@"
fi
