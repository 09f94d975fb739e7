#!/usr/bin/env bash
# One-time set-up on a Debian/Ubuntu machine: system packages (ffmpeg, Chromium for the
# browser tests, OpenCV for the peer baseline) and the npm packages.
#
# ELECTRON_SKIP_BINARY_DOWNLOAD=1: Electron's postinstall downloads its binary from GitHub;
#   offline machines (and CI) cannot, and everything but the thin Electron shell runs without it.
#   Unset it on a desktop with internet to get `npm start` in a real Electron window.
# ONNXRUNTIME_NODE_INSTALL=skip: onnxruntime-node's postinstall fetches optional GPU binaries;
#   the CPU binaries ship inside the npm package.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || need+=(ffmpeg)
[ -x /usr/bin/chromium ] || need+=(chromium)
/usr/bin/python3 -c 'import cv2' 2>/dev/null || need+=(python3-opencv)
if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${need[*]} with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "setup: please install ${need[*]} (e.g. sudo apt-get install ${need[*]}); continuing without" >&2
  fi
fi

export ELECTRON_SKIP_BINARY_DOWNLOAD="${ELECTRON_SKIP_BINARY_DOWNLOAD:-1}"
export ONNXRUNTIME_NODE_INSTALL="${ONNXRUNTIME_NODE_INSTALL:-skip}"
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi
