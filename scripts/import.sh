#!/usr/bin/env bash
# Regenerates imports/ from the CRDs in ../shared, offline.
# cdk8s import overwrites <group>.ts when given several files of one API group, so the
# files of each group are concatenated first and imported as one.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${SHARED_DIR:-../shared}"
if [ ! -d "$shared/flux-crds" ] || [ ! -d "$shared/cert-manager-crds" ]; then
  echo "import: $shared/flux-crds and $shared/cert-manager-crds are needed; see README (Regenerating imports)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for dir in "$shared/flux-crds" "$shared/cert-manager-crds"; do
  for file in "$dir"/*.yaml; do
    group=$(basename "$file" | cut -d_ -f1)
    cat "$file" >> "$work/$group.yaml"
  done
done
for groupfile in "$work"/*.yaml; do
  npx --no-install cdk8s import "$groupfile" --language typescript --output imports --no-check-upgrade
done
