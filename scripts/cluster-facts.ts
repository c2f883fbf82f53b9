/**
 * `node --require tsx/cjs scripts/cluster-facts.ts clusters/<name>.yaml`
 *
 * Prints what the make targets need to know about a cluster as `KEY=value` lines (validated first,
 * defaults applied): the meshed namespaces, whether viz, which tracing and the CNI plugin are installed, the
 * release line, the Flux GitRepository.
 */
import { planCluster } from '../lib/plan/plan';
import { readConfig, run } from './config-file';
import { commandLine } from './cli-args';
import { COMMAND_LINES } from './command-lines';

run(() => {
  const [path] = commandLine('cluster-facts', COMMAND_LINES['cluster-facts']).positionals;
  const { config } = readConfig(path);
  const plan = planCluster('facts', config, path);
  const facts: Record<string, string | number | boolean> = {
    RELEASE_LINE: config.releaseLine,
    MESHED_NAMESPACES: config.meshedNamespaces.map((namespace) => namespace.name).join(' '),
    VIZ_ENABLED: config.viz.enabled,
    VIZ_PROMETHEUS_URL: config.viz.prometheus.url ?? '',
    TRACING_ENABLED: config.tracing.enabled,
    TRACING_BACKEND: config.tracing.backend,
    // linkerd-jaeger (the extension), jaeger (Jaeger v2 we install), otlp (your collector; nothing installed) or off.
    TRACING: plan.tracing,
    PREVIOUS_TRUST_ANCHORS: config.identity.previousTrustAnchors.length,
    // Linkerd's CNI plugin (in linkerd-cni) instead of linkerd-init in meshed pods.
    CNI_ENABLED: config.cni.enabled,
    FLUX_GIT_REPOSITORY: config.flux.gitRepository,
  };
  for (const [key, value] of Object.entries(facts)) console.log(`${key}=${value}`);
});
