#!/usr/bin/env bash
# Regenerates imports/ from the CRDs in ../shared, offline.
# cdk8s import overwrites <group>.ts when given several files of one API group, so the
# files of each group are concatenated first and imported as one.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${SHARED_DIR:-../shared}"
if [ ! -d "$shared/flux-crds" ] || [ ! -d "$shared/cert-manager-crds" ] || [ ! -d "$shared/prometheus-operator-crds" ]; then
  echo "import: $shared/flux-crds, $shared/cert-manager-crds and $shared/prometheus-operator-crds are needed; see README (Regenerating imports)" >&2
  exit 1
fi
work=$(mktemp -d)
# cdk8s import records every imported file in cdk8s.yaml (paths of this temporary folder): keep ours.
cp cdk8s.yaml "$work/cdk8s.yaml.keep"
trap 'cp "$work/cdk8s.yaml.keep" cdk8s.yaml; rm -rf "$work"' EXIT
for dir in "$shared/flux-crds" "$shared/cert-manager-crds" "$shared/prometheus-operator-crds"; do
  for file in "$dir"/*.yaml; do
    group=$(basename "$file" | cut -d_ -f1)
    cat "$file" >> "$work/$group.yaml"
  done
done
for groupfile in "$work"/*.yaml; do
  npx --no-install cdk8s import "$groupfile" --language typescript --output imports --no-check-upgrade
done
