# Operations for the Linkerd mesh this project synthesizes. `make` (or `make help`) lists the
# targets. The logic lives in scripts/ops/*.sh; every target checks the tools it needs and prints
# the kube context it acts on (CONTEXT=<name> refuses to act on any other).
#
# Variables: CLUSTER (default studio: clusters/$(CLUSTER).yaml), CONTEXT, NS, INJECT, RESTART=yes|no,
# YES=1 (answer every confirmation with yes), TIMEOUT, COMPONENT, TAIL, FOLLOW=1, PORT, TARGET,
# WAIT_TIMEOUT, POLL_INTERVAL.
#
# Values reach the scripts as typed: make never expands them (each is set to its own unexpanded
# text) and no shell parses them (they go through the environment; the stem of up-<cluster> too).
# The scripts check every one (scripts/cluster-facts.ts) before they change anything.

VARIABLES := CLUSTER CONTEXT NS INJECT RESTART YES TIMEOUT COMPONENT TAIL FOLLOW PORT TARGET WAIT_TIMEOUT POLL_INTERVAL
CLUSTER ?= studio
$(foreach variable,$(VARIABLES),$(eval override $(variable) := $$(value $(variable))))
export $(VARIABLES)
# For make help only; printed from the environment, never pasted into a command line.
CLUSTER_LIST := $(sort $(basename $(notdir $(wildcard clusters/*.yaml clusters/*.yml))))
export CLUSTER_LIST
OPS := bash scripts/ops

MAKEFLAGS += --no-print-directory
.DEFAULT_GOAL := help
.PHONY: help up linkerd-status linkerd-check linkerd-dashboard linkerd-jaeger linkerd-inject linkerd-restart \
	linkerd-logs linkerd-proxy-status linkerd-metrics linkerd-rotate-trust-anchor linkerd-restart-outdated

help: ## List the targets (this is the default)
	@echo "Usage: make <target> [CLUSTER=<cluster>] [CONTEXT=<kube context>] [VAR=value ...]"
	@echo
	@awk 'BEGIN { FS = ":.*## " } /^[a-z%][a-zA-Z0-9%_-]*:.*## / { sub("%", "<cluster>", $$1); printf "  %-30s %s\n", $$1, $$2 }' $(firstword $(MAKEFILE_LIST))
	@echo
	@printf 'Clusters (clusters/*.yaml): %s; CLUSTER defaults to studio.\n' "$$CLUSTER_LIST"
	@echo "docs/operations.md, section Make targets, has examples."

up-%: override CLUSTER = $*
up-%: ## Synthesize, refuse unless committed and pushed, bring the cluster's Flux layers up and wait
	@$(OPS)/up.sh

up: ## up-<cluster> for CLUSTER (default studio)
	@$(OPS)/up.sh

linkerd-status: ## Flux Kustomizations and HelmReleases, pods in cert-manager, linkerd-cni, linkerd, linkerd-viz, linkerd-jaeger
	@$(OPS)/observe.sh status

linkerd-check: ## linkerd check (with its CNI plugin checks where cni.enabled), linkerd viz check, linkerd jaeger check where installed
	@$(OPS)/observe.sh check

linkerd-dashboard: ## Port-forward the viz dashboard to http://localhost:8084 (PORT= for another port)
	@$(OPS)/observe.sh dashboard

linkerd-jaeger: ## Port-forward the Jaeger UI to http://localhost:16686/jaeger/ (PORT= for another port)
	@$(OPS)/observe.sh jaeger

linkerd-inject: ## Mesh a namespace: add NS= to meshedNamespaces (INJECT=ingress), synthesize, show the diff (RESTART=yes|no)
	@$(OPS)/inject.sh

linkerd-restart: ## Restart a meshed namespace's workloads so their pods get proxies (NS=, asks first)
	@$(OPS)/observe.sh restart

linkerd-restart-outdated: ## After an upgrade: list the meshed workloads whose proxies are not the control plane's version (RESTART=yes restarts them)
	@$(OPS)/restart-outdated.sh

linkerd-logs: ## Control-plane logs (COMPONENT=destination|identity|proxy-injector, TAIL=100, FOLLOW=1)
	@$(OPS)/observe.sh logs

linkerd-proxy-status: ## linkerd viz stat deploy for each meshed namespace (or NS=)
	@$(OPS)/observe.sh proxy-status

linkerd-metrics: ## Port-forward viz's Prometheus to http://localhost:9090; NS= TARGET=deploy/x: raw proxy metrics
	@$(OPS)/observe.sh metrics

linkerd-rotate-trust-anchor: ## Rotate the trust anchor step by step, asking before each change (YES=1: no questions)
	@$(OPS)/rotate-trust-anchor.sh
