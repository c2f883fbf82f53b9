/**
 * What the make targets (scripts/ops/*.sh) know about a cluster, from the TypeScript that knows it,
 * so the shell never re-derives it:
 *
 *   node --require tsx/cjs scripts/cluster-facts.ts clusters/<name>.yaml
 *     `KEY=value` lines (the config validated first, defaults applied): the release line, the
 *     meshed namespaces, viz and tracing, the Flux layers as the plan computes them (their Kustomizations, in
 *     order, and how long to wait for each: Flux's own timeout plus a margin, in seconds), the
 *     namespaces and Services the targets look at, and TIMEOUT in seconds (TIMEOUT_SECONDS). First it
 *     checks every make variable that is set in the environment (NS, INJECT, RESTART, YES, FOLLOW,
 *     TAIL, PORT, TARGET, COMPONENT, TIMEOUT, WAIT_TIMEOUT, POLL_INTERVAL, CONTEXT) and refuses them
 *     all at once, naming each value and what is allowed: the targets call it before they change
 *     anything.
 *   node --require tsx/cjs scripts/cluster-facts.ts defaults
 *     the facts that need no config (DEFAULT_RELEASE_LINE), for messages printed before one is read
 *   node --require tsx/cjs scripts/cluster-facts.ts pem-bodies < file.pem
 *     the base64 body of each certificate in the PEM text, one a line, whitespace removed (two texts
 *     of one certificate print the same line)
 *
 * A value is never more than one line; lists are separated by spaces.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { DURATION_FORMAT, parseDuration } from '../lib/config/duration';
import { dnsLabel, dnsSubdomain } from '../lib/config/fields';
import { ConfigError } from '../lib/plan/config-load';
import { ENTRY_KUSTOMIZATION, layerKustomizationName } from '../lib/flux/layers';
import { DEFAULT_RELEASE_LINE } from '../lib/linkerd/catalog';
import { COMPONENTS } from '../lib/linkerd/components';
import {
  CERT_MANAGER_NAMESPACE,
  CNI_NAMESPACE,
  FLUX_NAMESPACE,
  TRACING_NAMESPACE,
  LINKERD_NAMESPACE,
  VIZ_NAMESPACE,
} from '../lib/linkerd/names';
import { JAEGER_UI, VIZ_DASHBOARD, VIZ_PROMETHEUS } from '../lib/linkerd/services';
import { planCluster } from '../lib/plan/plan';
import { clusterName } from '../lib/plan/plan-clusters';
import { commandLine } from './cli-args';
import { COMMAND_LINES } from './command-lines';
import { readConfig, run } from './config-file';

/** How much longer than Flux's own timeout for a layer `make up` waits for it. */
const WAIT_MARGIN_SECONDS = 5 * 60;

/** One make variable: what it may hold. */
interface Variable {
  readonly valid: (value: string) => boolean;
  readonly allowed: string;
}

const oneOf = (...values: string[]): Variable => ({
  valid: (value) => values.includes(value),
  allowed: values.map((value) => `"${value}"`).join(' or '),
});
const wholeNumber = (min: number, max: number, what: string): Variable => ({
  valid: (value) => /^-?\d{1,9}$/.test(value) && Number(value) >= min && Number(value) <= max,
  allowed: `${what}: a whole number from ${min} to ${max}`,
});
const schema = (type: z.ZodType<string>, allowed: string): Variable => ({
  valid: (value) => type.safeParse(value).success,
  allowed,
});

/** The schema's own words for a DNS label ("must be a DNS-1123 label: ..."), without "must be". */
function dnsLabelRule(): string {
  const result = dnsLabel.safeParse('-');
  return result.success ? 'is a DNS label' : result.error.issues[0].message;
}

/** The make variables (docs/operations.md "Make targets"), checked before a target changes anything. COMPONENT depends on the control-plane Helm chart. */
function variables(deployments: readonly string[]): Readonly<Record<string, Variable>> {
  return {
    NS: schema(dnsLabel, `a namespace name, which ${dnsLabelRule()}`),
    INJECT: oneOf('enabled', 'ingress'),
    RESTART: oneOf('yes', 'no'),
    YES: oneOf('1'),
    FOLLOW: oneOf('1'),
    TAIL: wholeNumber(-1, 1_000_000, 'lines (-1: all)'),
    PORT: wholeNumber(1, 65535, 'a local port'),
    TARGET: {
      valid: (value) =>
        /^(deploy|deployment|sts|statefulset|ds|daemonset|po|pod)\/./.test(value) &&
        dnsSubdomain.safeParse(value.split('/').slice(1).join('/')).success,
      allowed: 'a workload such as deploy/web (deploy, statefulset, daemonset or pod, then its name)',
    },
    COMPONENT: oneOf(...deployments.map((deployment) => deployment.replace(/^linkerd-/, ''))),
    TIMEOUT: { valid: (value) => parseDuration(value) !== undefined, allowed: DURATION_FORMAT },
    WAIT_TIMEOUT: wholeNumber(1, 86_400, 'seconds'),
    POLL_INTERVAL: wholeNumber(0, 3_600, 'seconds (0: look again at once)'),
    CONTEXT: {
      valid: (value) => value.length <= 253 && !/[\u0000-\u001f\u007f]/.test(value),
      allowed: 'a kube context name (no control characters, at most 253)',
    },
  };
}

/** Every make variable set in `env` that holds what it may not, as a message. */
export function variableProblems(env: NodeJS.ProcessEnv, deployments: readonly string[]): string[] {
  return Object.entries(variables(deployments)).flatMap(([name, variable]) => {
    const value = env[name];
    if (value === undefined || value === '' || variable.valid(value)) return [];
    return [`${name}=${JSON.stringify(value)}: not allowed; ${name} takes ${variable.allowed}`];
  });
}

type Facts = Record<string, string | number | boolean | readonly (string | number)[]>;

function print(facts: Facts): void {
  for (const [key, value] of Object.entries(facts)) {
    const text = Array.isArray(value) ? value.join(' ') : String(value);
    if (/[\r\n]/.test(text)) throw new Error(`${key}: a fact is one line`);
    console.log(`${key}=${text}`);
  }
}

/** Seconds as a Go duration, e.g. 1500 → `25m`, 3690 → `1h1m30s`. */
function formatDuration(seconds: number): string {
  const parts: Array<[number, string]> = [
    [Math.floor(seconds / 3600), 'h'],
    [Math.floor((seconds % 3600) / 60), 'm'],
    [seconds % 60, 's'],
  ];
  return (
    parts
      .filter(([amount]) => amount > 0)
      .map(([amount, unit]) => `${amount}${unit}`)
      .join('') || '0s'
  );
}

/** The base64 bodies of the certificates in a PEM text. */
export function pemBodies(pem: string): string[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((match) =>
    match[1].replace(/\s+/g, ''),
  );
}

/** Deployments of the control plane, as the Helm charts name them (linkerd-destination, ...). */
const CONTROL_PLANE_DEPLOYMENTS = [
  ...new Set(
    COMPONENTS.filter((component) => component.group === 'controlPlane' && component.alwaysRunning).map(
      (component) => component.workload.split(' ')[0],
    ),
  ),
].map((workload) => workload.replace(/^deploy\//, ''));

function clusterFacts(path: string): Facts {
  const { config } = readConfig(path);
  const plan = planCluster(clusterName(path), config, path);
  // Every layer the entry point applies (the upstream Gateway API's too), in order.
  const { layers } = plan;
  const meshed = new Set(config.meshedNamespaces.map((namespace) => namespace.name));
  const deployments = CONTROL_PLANE_DEPLOYMENTS;
  return {
    RELEASE_LINE: plan.line.name,
    MESHED_NAMESPACES: config.meshedNamespaces.map((namespace) => namespace.name),
    VIZ_ENABLED: plan.helmCharts.includes('linkerd-viz'),
    VIZ_PROMETHEUS_URL: config.viz.prometheus.url ?? '',
    // linkerd-jaeger (the extension), jaeger (Jaeger v2 we install), otlp (your collector; nothing installed) or off.
    TRACING: plan.tracing,
    PREVIOUS_TRUST_ANCHORS: config.identity.previousTrustAnchors.length,
    // Linkerd's CNI plugin instead of linkerd-init in meshed pods, and where it runs.
    CNI_ENABLED: plan.helmCharts.includes('linkerd2-cni'),
    CNI_NAMESPACE,
    FLUX_NAMESPACE,
    FLUX_GIT_REPOSITORY: config.flux.gitRepository,
    // The Kubernetes versions the line's Linkerd major supports (lib/linkerd/support-matrix.ts); max empty: none known.
    LINKERD_MAJOR: plan.line.major ?? '',
    KUBERNETES_MIN: plan.line.kubernetes.min,
    KUBERNETES_MAX: plan.line.kubernetes.max ?? '',
    // The upstream Gateway API release the gateway-api layer applies (empty: no such layer).
    GATEWAY_API: plan.gatewayApi?.release ?? '',
    ENTRY_KUSTOMIZATION,
    // The layers' Kustomizations in the order make up waits for them, and how long it waits for each.
    LAYERS: layers.map((layer) => layerKustomizationName(layer.name)),
    LAYER_FLUX_TIMEOUTS: layers.map((layer) => layer.timeout),
    LAYER_WAIT_SECONDS: layers.map((layer) => parseDuration(layer.timeout)! + WAIT_MARGIN_SECONDS),
    LAYER_WAIT_TIMEOUTS: layers.map((layer) => formatDuration(parseDuration(layer.timeout)! + WAIT_MARGIN_SECONDS)),
    // Where the mesh's own pods run (the namespaces we declare that are not the person's), cert-manager's too.
    MESH_NAMESPACES: [
      ...new Set([
        CERT_MANAGER_NAMESPACE,
        ...plan.namespaces.map((namespace) => namespace.name).filter((name) => !meshed.has(name)),
      ]),
    ],
    CONTROL_PLANE_NAMESPACE: LINKERD_NAMESPACE,
    CONTROL_PLANE_DEPLOYMENTS: deployments,
    // Meshed namespaces of the extensions (their proxies restart in a trust anchor rotation).
    EXTENSION_NAMESPACES: [
      ...(plan.helmCharts.includes('linkerd-viz') ? [VIZ_NAMESPACE] : []),
      ...(plan.tracing === 'linkerd-jaeger' || plan.tracing === 'jaeger' ? [TRACING_NAMESPACE] : []),
    ],
    DASHBOARD: [VIZ_DASHBOARD.namespace, VIZ_DASHBOARD.service, VIZ_DASHBOARD.port],
    PROMETHEUS: [VIZ_PROMETHEUS.namespace, VIZ_PROMETHEUS.service, VIZ_PROMETHEUS.port],
    JAEGER_UI: [JAEGER_UI.namespace, JAEGER_UI.service, JAEGER_UI.port],
  };
}

run(() => {
  const [argument] = commandLine('cluster-facts', COMMAND_LINES['cluster-facts']).positionals;
  if (argument === 'defaults') {
    print({ DEFAULT_RELEASE_LINE });
    return;
  }
  if (argument === 'pem-bodies') {
    for (const body of pemBodies(readFileSync(0, 'utf8'))) console.log(body);
    return;
  }
  // The variables first: a refusal comes before the config is even read.
  const problems = variableProblems(process.env, CONTROL_PLANE_DEPLOYMENTS);
  if (problems.length > 0) throw new ConfigError(problems);
  const timeout = process.env.TIMEOUT;
  print({ ...clusterFacts(argument), ...(timeout && { TIMEOUT_SECONDS: parseDuration(timeout)! }) });
});
