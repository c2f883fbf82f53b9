# shellcheck shell=bash
# Shared by scripts/ops/*.sh (sourced, never run): messages, tool and kube-context checks,
# confirmations, the cluster's config facts and the "committed and pushed" check.
#
# Environment: CLUSTER (default studio), CONTEXT (require this kube context), YES=1 (answer every
# confirmation with yes), and the variables of each target (docs/operations.md "Make targets").
#
# What the shell knows about the cluster comes from scripts/cluster-facts.ts (load_facts): the release
# line, layers and their timeouts, namespaces, Services; it also checks every make variable. A target
# calls require_cluster and load_facts before it changes anything, so a bad value changes nothing.
# Every expansion is quoted; no value is ever evaluated.

# Only bash builtins until the tools are checked, so that a missing tool gets a message.
ROOT=${BASH_SOURCE[0]%/*}
[ "$ROOT" != "${BASH_SOURCE[0]}" ] || ROOT=.
cd "$ROOT/../.." || exit 1
CLUSTER=${CLUSTER:-studio}
CONFIG=clusters/$CLUSTER.yaml
# A config may also be named <cluster>.yml (npm run synth reads both).
[ -f "$CONFIG" ] || [ ! -f "clusters/$CLUSTER.yml" ] || CONFIG=clusters/$CLUSTER.yml

say() { printf '%s\n' "$@"; }
step() { printf '\n==> %s\n' "$*"; }
# die LINE...: prints every line on stderr, the first prefixed with "error: ", and exits 1.
die() {
  printf 'error: %s\n' "$1" >&2
  shift
  [ $# -eq 0 ] || printf '%s\n' "$@" >&2
  exit 1
}

# The cluster must be one of clusters/*.yaml (by its file name, so no other path is ever read);
# the known ones are listed otherwise.
require_cluster() {
  local known=() file name
  for file in clusters/*.yaml clusters/*.yml; do
    [ -f "$file" ] || continue
    name=${file##*/}
    name=${name%.yml}
    name=${name%.yaml}
    [ "$name" != "$CLUSTER" ] || return 0
    known+=("$name")
  done
  die "unknown cluster \"$CLUSTER\": there is no clusters/$CLUSTER.yaml; nothing was changed." \
    "Known clusters: ${known[*]:-(none: add clusters/<name>.yaml)}" \
    "Use one of them, e.g. make up-${known[0]:-<cluster>} or make <target> CLUSTER=${known[0]:-<cluster>}"
}

install_hint() {
  case $1 in
    kubectl) say "install it from https://kubernetes.io/docs/tasks/tools/ (brew install kubectl)" ;;
    flux) say "install it from https://fluxcd.io/flux/installation/ (brew install fluxcd/tap/flux)" ;;
    linkerd)
      local line=${RELEASE_LINE:-} script=install-edge
      [ -n "$line" ] || line=$(run_ts scripts/cluster-facts.ts defaults 2>/dev/null | sed -n 's/^DEFAULT_RELEASE_LINE=//p')
      [ "${line#stable-}" = "$line" ] || script=install
      say "install the CLI of the cluster's release line ($line) from https://linkerd.io/2/getting-started/:" \
        "  curl --proto '=https' --tlsv1.2 -sSfL https://run.linkerd.io/$script | LINKERD2_VERSION=$line sh" \
        "  export PATH=\$HOME/.linkerd2/bin:\$PATH"
      ;;
    cmctl) say "install it from https://cert-manager.io/docs/reference/cmctl/ (brew install cmctl)" ;;
    git) say "install it from https://git-scm.com/downloads (brew install git)" ;;
    node | npm) say "install Node.js 20 or newer from https://nodejs.org/ (brew install node@20), then run npm ci" ;;
    base64) say "it comes with coreutils (brew install coreutils)" ;;
    *) say "install it and try again" ;;
  esac
}

# require_tools TOOL...: every missing tool is named with how to install it, then exit 1.
require_tools() {
  local tool missing=0 seen=" "
  for tool in "$@"; do
    [[ $seen != *" $tool "* ]] || continue
    seen+="$tool "
    if ! command -v "$tool" >/dev/null 2>&1; then
      printf '%s not found: %s\n' "$tool" "$(install_hint "$tool")" >&2
      missing=1
    fi
  done
  [ "$missing" -eq 0 ] || exit 1
}

# Prints the current kube context; refuses when CONTEXT names another one.
check_context() {
  local current
  current=$(kubectl config current-context 2>/dev/null) ||
    die "kubectl has no current context: list them with kubectl config get-contexts, pick one with kubectl config use-context NAME"
  say "kube context: $current (cluster config $CONFIG)"
  if [ -n "${CONTEXT:-}" ] && [ "$CONTEXT" != "$current" ]; then
    die "the current kube context is \"$current\", but CONTEXT=$CONTEXT was asked for; nothing was changed." \
      "Switch with: kubectl config use-context $CONTEXT"
  fi
}

# confirm QUESTION: yes (0) or no (1); YES=1 answers yes without asking.
confirm() {
  local answer=
  if [ "${YES:-}" = 1 ]; then
    say "$1 [y/N] y (YES=1)"
    return 0
  fi
  printf '%s [y/N] ' "$1"
  read -r answer || answer=
  case $answer in
    y | Y | yes | Yes | YES) return 0 ;;
    *) return 1 ;;
  esac
}

# run_ts SCRIPT ARG...: runs a TypeScript script of this project (tsx's CommonJS hook: the quickest start).
run_ts() { node --require tsx/cjs "$@"; }

# Checks the make variables, then sets the facts scripts/cluster-facts.ts prints about the cluster
# (its header lists them: RELEASE_LINE, MESHED_NAMESPACES, VIZ_ENABLED, TRACING, LAYERS,
# LAYER_WAIT_SECONDS, MESH_NAMESPACES, DASHBOARD, ...). Lists are space-separated: read -ra them.
load_facts() {
  local facts key value
  require_tools node
  facts=$(run_ts scripts/cluster-facts.ts "$CONFIG") ||
    die "the variables above or $CONFIG are not valid (see above); nothing was changed"
  while IFS='=' read -r key value; do
    # Only names of the facts' form (scripts/cluster-facts.ts prints nothing else).
    [[ $key =~ ^[A-Z][A-Z_]*$ ]] || die "unexpected line from scripts/cluster-facts.ts: $key"
    printf -v "$key" '%s' "$value"
  done <<<"$facts"
}

# Validates every config and rewrites dist/ (npm run synth); stops on a config problem.
synth() {
  say "npm run synth"
  npm run --silent synth || die "npm run synth failed (see above); dist/ was not changed"
}

# Why Flux would not see exactly this folder's clusters/ and dist/ (nothing printed: it would).
# Flux reads the Git remote, so they must be committed and pushed to the upstream branch.
unpublished_reason() {
  local branch upstream changes ahead behind
  if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    say "this folder is not a Git repository, and Flux reads Git: put it in the repository your Flux syncs"
    return
  fi
  branch=$(git rev-parse --abbrev-ref HEAD)
  changes=$(git status --porcelain --untracked-files=all -- clusters dist)
  if [ -n "$changes" ]; then
    say "these changes under clusters/ and dist/ are not committed (Flux reads Git, not this folder):" \
      "$changes" \
      "Commit and push them:" \
      "  git add clusters dist && git commit -m \"<what changed>\" && git push"
    return
  fi
  if ! upstream=$(git rev-parse --abbrev-ref --symbolic-full-name '@{upstream}' 2>/dev/null); then
    say "branch $branch has no upstream branch, so nothing here is known to be pushed:" \
      "  git push -u origin $branch"
    return
  fi
  ahead=$(git log --oneline "$upstream..HEAD" -- clusters dist)
  if [ -n "$ahead" ]; then
    say "these local commits change clusters/ or dist/ but are not on $upstream yet (Flux reads Git, not this folder):" \
      "$ahead" \
      "Push them:" \
      "  git push"
    return
  fi
  behind=$(git log --oneline "HEAD..$upstream" -- clusters dist)
  if [ -n "$behind" ]; then
    say "$upstream has commits to clusters/ or dist/ that this folder does not have:" \
      "$behind" \
      "Bring them in first: git pull"
  fi
}

# Refuses unless clusters/ and dist/ are committed and pushed.
require_published() {
  local reason
  reason=$(unpublished_reason)
  [ -z "$reason" ] && return 0
  printf 'refused: %s\n' "$reason" >&2
  exit 1
}

# restart_namespace NS: rolls every Deployment, StatefulSet and DaemonSet of NS so its pods are
# re-created (and re-injected). A namespace with none of them is reported, not an error.
restart_namespace() {
  local output
  say "kubectl -n $1 rollout restart deploy,statefulset,daemonset"
  if ! output=$(kubectl -n "$1" rollout restart deploy,statefulset,daemonset 2>&1); then
    say "$output" "(nothing restarted in $1)"
    return 0
  fi
  say "$output"
}
