/**
 * Join 4: every in-cluster host:port a value of ours names (collector endpoints, jaegerUrl,
 * prometheusUrl, the OTLP exporters of a collector config, Jaeger's search cluster URLs) is a rendered Service
 * port (or the Service ECK makes for an Elasticsearch in the output) that reaches a
 * container port of the pods behind it, and where those pods run an OpenTelemetry-style collector
 * (Jaeger v2, linkerd-jaeger's collector) a receiver of its configuration listens there. Every mesh
 * identity a value names (`meshIdentity` beside an endpoint) is the ServiceAccount and namespace of
 * those pods, and they are meshed. An address in a namespace the output does not install into is the
 * person's own (e.g. their Tempo): counted, not checked.
 *
 * Join 5: every UI link a component builds resolves on the server it points at. viz's web serves
 * `/jaeger/*` and proxies the path unchanged to its `-jaeger-addr` (linkerd2 viz/pkg/srv/server.go), so
 * the Jaeger behind that address must serve its UI under `/jaeger`: `--query.base-path=/jaeger`
 * (Jaeger v1, linkerd-jaeger) or `extensions.jaeger_query.base_path: /jaeger` (Jaeger v2's config).
 */
import { parse } from 'yaml';
import { eckNames } from '../../../lib/constructs/elasticsearch';
import type { K8sObject } from '../../support/helm-render';
import { ClusterIndex, type JoinResult, leaves, named, parseAddress, type Pod } from './model';

/** Value keys that hold an address. */
const ADDRESS_KEY = /(^|\.)(endpoint|[a-zA-Z]*Url|url|[a-zA-Z]*Addr|address|server_urls\.\d+)$/;
/** The path viz's web proxies to Jaeger, unchanged (viz/pkg/srv/server.go: `/jaeger/*jaegerpath`). */
export const VIZ_JAEGER_PREFIX = '/jaeger';

interface Resolution {
  readonly pods: Pod[];
  readonly containerPort: number;
  readonly service: K8sObject;
}

export function checkEndpoints(index: ClusterIndex): JoinResult {
  const failures: string[] = [];
  const warnings: string[] = [];
  let checked = 0;
  const ours = ourNamespaces(index);
  for (const { object: release } of index.all('HelmRelease')) {
    const id = `${release.metadata.namespace}/${release.metadata.name}`;
    const rendered = index.cluster.releases.find((candidate) => candidate.id === id);
    if (!rendered) continue;
    for (const { path, value, node } of addressValues(rendered.values)) {
      const address = parseAddress(value, rendered.targetNamespace);
      if (!address) continue;
      const side = `HelmRelease ${id} value ${path} = "${value}"`;
      if (!ours.has(address.namespace)) {
        warnings.push(
          `${side}: namespace ${address.namespace} is not installed by this output (the person's own service): not checked`,
        );
        continue;
      }
      checked += 1;
      const resolved = resolve(index, address.service, address.namespace, address.port, side, failures);
      const identity = (node as Record<string, any> | undefined)?.meshIdentity;
      if (identity && resolved) {
        checked += 1;
        for (const pod of resolved.pods) {
          if (pod.serviceAccount !== identity.serviceAccountName || pod.namespace !== identity.namespace) {
            failures.push(
              `${side} with meshIdentity ${identity.serviceAccountName}.${identity.namespace}: the pods behind it (${named(pod.owner)}) run as ServiceAccount ${pod.serviceAccount} in ${pod.namespace}`,
            );
          }
          if (!pod.meshed)
            failures.push(
              `${side} with meshIdentity ${identity.serviceAccountName}.${identity.namespace}: the pods behind it (${named(pod.owner)}) are not meshed, so they have no mesh identity`,
            );
        }
      }
    }
  }
  return { join: 'endpoints', checked, failures, warnings };
}

export function checkUiLinks(index: ClusterIndex): JoinResult {
  const failures: string[] = [];
  const warnings: string[] = [];
  let checked = 0;
  const ours = ourNamespaces(index);
  for (const pod of index.pods) {
    for (const container of pod.containers) {
      for (const arg of (container.spec.args ?? []) as string[]) {
        const match = /^-jaeger-addr=(.+)$/.exec(arg);
        if (!match) continue;
        const side = `${named(pod.owner)} container ${container.name} links ${VIZ_JAEGER_PREFIX}/ to -jaeger-addr=${match[1]}`;
        const address = parseAddress(match[1], pod.namespace);
        if (!address || !ours.has(address.namespace)) {
          warnings.push(`${side}: not a Jaeger this output installs: not checked`);
          continue;
        }
        checked += 1;
        const resolved = resolve(index, address.service, address.namespace, address.port, side, failures);
        for (const target of resolved?.pods ?? []) {
          const basePath = jaegerBasePath(index, target);
          if (basePath === undefined) {
            failures.push(
              `${side}, but ${named(target.owner)} behind Service ${address.namespace}/${address.service} is no Jaeger query server (no --query.base-path flag, no jaeger_query extension)`,
            );
          } else if (basePath.replace(/\/+$/, '') !== VIZ_JAEGER_PREFIX) {
            failures.push(
              `${side}, but ${named(target.owner)} serves its UI under base path "${basePath || '/'}", so ${VIZ_JAEGER_PREFIX}/... answers 404: set jaeger_query.base_path (v2) or --query.base-path (v1) to ${VIZ_JAEGER_PREFIX}`,
            );
          }
        }
      }
    }
  }
  return { join: 'ui-links', checked, failures, warnings };
}

/**
 * Namespaces whose Services this output makes: every release's target namespace (a meshed namespace
 * it declares holds the person's own workloads, e.g. their Grafana).
 */
function ourNamespaces(index: ClusterIndex): Set<string> {
  return new Set(index.cluster.releases.map((release) => release.targetNamespace));
}

/** Service port → targetPort → container port of every pod behind it, and the listener of a collector config. */
function resolve(
  index: ClusterIndex,
  name: string,
  namespace: string,
  port: number,
  side: string,
  failures: string[],
): Resolution | undefined {
  const service = index.find('Service', name, namespace);
  if (!service) {
    // ECK makes `<name>-es-http` (port 9200) for an Elasticsearch the output holds: its pods are ECK's, not rendered.
    const operatorMade = index.cluster.objects.find(
      ({ object }) =>
        object.kind === 'Elasticsearch' &&
        object.metadata.namespace === namespace &&
        eckNames(object.metadata.name).httpService === name,
    );
    if (operatorMade) {
      const { httpPort } = eckNames(operatorMade.object.metadata.name);
      if (port !== httpPort)
        failures.push(
          `${side}, but Service ${namespace}/${name} that ECK makes for ${named(operatorMade)} serves port ${httpPort}`,
        );
      return undefined;
    }
    failures.push(`${side} names Service ${namespace}/${name}, which the output does not hold`);
    return undefined;
  }
  const servicePort = ((service.object.spec?.ports ?? []) as any[]).find((candidate) => candidate.port === port);
  if (!servicePort) {
    const ports = ((service.object.spec?.ports ?? []) as any[])
      .map((candidate) => `${candidate.port}${candidate.name ? ` (${candidate.name})` : ''}`)
      .join(', ');
    failures.push(`${side}, but ${named(service)} has no port ${port} (it serves ${ports || 'no port'})`);
    return undefined;
  }
  const pods = index.podsOf(service.object);
  if (pods.length === 0) {
    failures.push(`${side}: ${named(service)} selects no pod`);
    return undefined;
  }
  const targetPort = servicePort.targetPort ?? servicePort.port;
  let containerPort = typeof targetPort === 'number' ? targetPort : -1;
  for (const pod of pods) {
    const found = ClusterIndex.containerPort(pod, targetPort);
    if (!found && typeof targetPort === 'string') {
      failures.push(
        `${side}: ${named(service)} port ${port} targets port "${targetPort}", which no container of ${named(pod.owner)} names`,
      );
      continue;
    }
    if (found) containerPort = found.port.containerPort;
    const listeners = collectorListeners(index, pod);
    if (listeners && !listeners.has(containerPort)) {
      failures.push(
        `${side}: ${named(service)} port ${port} reaches container port ${containerPort} of ${named(pod.owner)}, where its collector configuration listens on no receiver or extension (it listens on ${[...listeners].sort((a, b) => a - b).join(', ') || 'nothing'})`,
      );
    }
  }
  return { pods, containerPort, service: service.object };
}

/** Every string value under an address-like key (and inside YAML strings such as 2.14's collector.config). */
function addressValues(values: Record<string, unknown>): Array<{ path: string; value: string; node: unknown }> {
  const found: Array<{ path: string; value: string; node: unknown }> = [];
  const walk = (node: unknown, prefix: string, parent: unknown): void => {
    if (typeof node === 'string') {
      if (ADDRESS_KEY.test(prefix)) found.push({ path: prefix, value: node, node: parent });
      else if (node.includes('\n') && /exporters:|receivers:/.test(node)) {
        try {
          walk(parse(node, { maxAliasCount: 50 }), `${prefix}(yaml)`, undefined);
        } catch {
          // not YAML: nothing to read
        }
      }
      return;
    }
    if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node as Record<string, unknown>))
        walk(child, prefix ? `${prefix}.${key}` : key, node);
    }
  };
  walk(values, '', undefined);
  return found;
}

/**
 * The ports an OpenTelemetry-style collector in `pod` listens on: every `endpoint` (or v1-style `port`)
 * of the receivers and extensions its service section enables. Undefined when the pod mounts no such
 * configuration (then only the container port is checked).
 */
function collectorListeners(index: ClusterIndex, pod: Pod): Set<number> | undefined {
  const config = mountedConfig(index, pod, (parsed) => parsed?.receivers && parsed?.service);
  if (!config) return undefined;
  const listeners = new Set<number>();
  const enabledReceivers = new Set<string>(
    Object.values(config.service?.pipelines ?? {}).flatMap((pipeline: any) => pipeline?.receivers ?? []),
  );
  const enabledExtensions = new Set<string>(config.service?.extensions ?? []);
  const collect = (node: unknown): void => {
    for (const { path, value } of leaves(node)) {
      if (/(^|\.)endpoint$/.test(path) && typeof value === 'string') {
        const port = Number(/:(\d+)$/.exec(value)?.[1]);
        if (port) listeners.add(port);
      }
      if (/(^|\.)port$/.test(path) && typeof value === 'number') listeners.add(value);
    }
  };
  for (const [name, receiver] of Object.entries(config.receivers ?? {})) {
    if (!enabledReceivers.has(name)) continue;
    collect(receiver);
    if (
      receiver === null ||
      Object.keys((receiver as any)?.protocols ?? {}).some((protocol) => (receiver as any).protocols[protocol] === null)
    ) {
      // A receiver or protocol given as null listens on its default port.
      for (const port of defaultPorts(name, receiver)) listeners.add(port);
    }
  }
  for (const [name, extension] of Object.entries(config.extensions ?? {}))
    if (enabledExtensions.has(name)) collect(extension);
  return listeners;
}

/** The OpenTelemetry Collector's default ports of receivers given without an endpoint. */
function defaultPorts(name: string, receiver: any): number[] {
  const base = name.split('/')[0];
  const protocols = receiver?.protocols ?? {};
  switch (base) {
    case 'otlp':
      return [...('grpc' in protocols ? [4317] : []), ...('http' in protocols ? [4318] : [])];
    case 'opencensus':
      return [55678];
    case 'zipkin':
      return [9411];
    case 'jaeger':
      return [...('grpc' in protocols ? [14250] : []), ...('thrift_http' in protocols ? [14268] : [])];
    default:
      return [];
  }
}

/** The parsed YAML of a ConfigMap key the pod mounts and `accept`s (e.g. a collector configuration). */
export function mountedConfig(index: ClusterIndex, pod: Pod, accept: (parsed: any) => boolean): any {
  for (const volume of pod.volumes) {
    const name = volume.configMap?.name;
    if (!name) continue;
    const configMap = index.find('ConfigMap', name, pod.namespace);
    for (const text of Object.values((configMap?.object.data ?? {}) as Record<string, string>)) {
      try {
        const parsed = parse(text, { maxAliasCount: 50 });
        if (accept(parsed)) return parsed;
      } catch {
        // not YAML
      }
    }
  }
  return undefined;
}

/** Where a Jaeger pod serves its UI: its --query.base-path flag, or its v2 configuration's jaeger_query.base_path ('' = root). */
function jaegerBasePath(index: ClusterIndex, pod: Pod): string | undefined {
  for (const container of pod.containers) {
    for (const arg of (container.spec.args ?? []) as string[]) {
      const flag = /^--query\.base-path=(.*)$/.exec(arg);
      if (flag) return flag[1];
    }
  }
  const config = mountedConfig(index, pod, (parsed) => parsed?.extensions?.jaeger_query !== undefined);
  if (config) return config.extensions.jaeger_query.base_path ?? '';
  const isJaegerV1 = pod.containers.some((container) =>
    /jaegertracing\/(all-in-one|jaeger-query)/.test(container.spec.image ?? ''),
  );
  return isJaegerV1 ? '' : undefined;
}
