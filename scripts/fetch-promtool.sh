#!/usr/bin/env bash
# `npm run fetch:promtool`: promtool (features/alerts/alerts.test.ts) from Debian's prometheus package, unpacked
# into the git-ignored .build/promtool; no server is started, nothing is installed system-wide.
# Does nothing when promtool is on PATH or already unpacked. CI (.ci/run) runs this too.
set -euo pipefail
if [ $# -gt 0 ]; then
  printf '%s: takes no arguments (got: %s)\nusage: %s\n' "$(basename "$0")" "$*" 'npm run fetch:promtool   (no arguments)' >&2
  exit 2
fi
cd "$(dirname "$0")/.."
if command -v promtool >/dev/null || [ -x .build/promtool/usr/bin/promtool ]; then
  echo "promtool is there: $(command -v promtool || echo .build/promtool/usr/bin/promtool)"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get update -qq >/dev/null && apt-get download prometheus >/dev/null)
mkdir -p .build/promtool
dpkg -x "$work"/prometheus_*.deb .build/promtool
echo "promtool unpacked into .build/promtool"
