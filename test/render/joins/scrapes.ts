/**
 * What a Prometheus Operator's Prometheus scrapes, from the rendered PodMonitors and ServiceMonitors:
 * the targets Kubernetes service discovery would find (a pod's every container port, init containers
 * included), the monitor's namespace and label selectors, the port it names, and the relabelings the
 * operator generates and the monitor adds (keep, drop, replace, labelmap, labeldrop, labelkeep),
 * evaluated as Prometheus does (anchored regexes, `;` separator, `$1` replacement, `__` labels dropped).
 */
import type { ClusterObject } from '../../support/helm-render';
import { ClusterIndex, matchesLabels, named, type Pod } from './model';

/** One scrape target a monitor keeps. */
export interface Target {
  readonly monitor: ClusterObject;
  readonly pod: Pod;
  readonly container: string;
  readonly port: { name?: string; containerPort: number };
  /** The target's labels after relabeling (what every series it exposes carries). */
  readonly labels: Readonly<Record<string, string>>;
  /** Whether the monitor endpoint sets honorLabels (the series' own labels win over the target's). */
  readonly honorLabels: boolean;
  /** The HTTP path scraped. */
  readonly path: string;
}

/** Every target of every PodMonitor and ServiceMonitor of the cluster. */
export function scrapeTargets(index: ClusterIndex): { targets: Target[]; warnings: string[] } {
  const targets: Target[] = [];
  const warnings: string[] = [];
  for (const monitor of index.all('PodMonitor')) targets.push(...podMonitorTargets(index, monitor, warnings));
  for (const monitor of index.all('ServiceMonitor')) targets.push(...serviceMonitorTargets(index, monitor, warnings));
  return { targets, warnings };
}

function monitorNamespaces(monitor: ClusterObject): (namespace: string) => boolean {
  const selector = monitor.object.spec?.namespaceSelector;
  if (selector?.any) return () => true;
  if (selector?.matchNames?.length) return (namespace) => selector.matchNames.includes(namespace);
  return (namespace) => namespace === monitor.object.metadata.namespace;
}

function podMonitorTargets(index: ClusterIndex, monitor: ClusterObject, warnings: string[]): Target[] {
  const spec = monitor.object.spec ?? {};
  const inNamespace = monitorNamespaces(monitor);
  const targets: Target[] = [];
  const job = spec.jobLabel ? undefined : `${monitor.object.metadata.namespace}/${monitor.object.metadata.name}`;
  for (const pod of index.pods.filter(
    (candidate) => inNamespace(candidate.namespace) && matchesLabels(candidate.labels, spec.selector),
  )) {
    for (const endpoint of (spec.podMetricsEndpoints ?? []) as any[]) {
      for (const container of pod.containers) {
        for (const port of container.ports) {
          if (endpoint.port && port.name !== endpoint.port) continue;
          if (endpoint.portNumber && port.containerPort !== endpoint.portNumber) continue;
          const meta = podMeta(pod, container.name, container.init, port);
          const generated: Relabeling[] = [
            { sourceLabels: ['__meta_kubernetes_namespace'], targetLabel: 'namespace' },
            { sourceLabels: ['__meta_kubernetes_pod_container_name'], targetLabel: 'container' },
            { sourceLabels: ['__meta_kubernetes_pod_name'], targetLabel: 'pod' },
            ...(job
              ? [{ targetLabel: 'job', replacement: job }]
              : [{ sourceLabels: [labelName(`__meta_kubernetes_pod_label_${spec.jobLabel}`)], targetLabel: 'job' }]),
            ...(endpoint.port ? [{ targetLabel: 'endpoint', replacement: endpoint.port }] : []),
          ];
          const labels = relabel(meta, [...generated, ...(endpoint.relabelings ?? [])], warnings, named(monitor));
          if (labels)
            targets.push({
              monitor,
              pod,
              container: container.name,
              port,
              labels,
              honorLabels: endpoint.honorLabels === true,
              path: endpoint.path ?? '/metrics',
            });
        }
      }
    }
  }
  return targets;
}

function serviceMonitorTargets(index: ClusterIndex, monitor: ClusterObject, warnings: string[]): Target[] {
  const spec = monitor.object.spec ?? {};
  const inNamespace = monitorNamespaces(monitor);
  const targets: Target[] = [];
  for (const { object: service } of index
    .all('Service')
    .filter(
      ({ object }) =>
        inNamespace(object.metadata.namespace ?? '') && matchesLabels(object.metadata.labels ?? {}, spec.selector),
    )) {
    for (const endpoint of (spec.endpoints ?? []) as any[]) {
      const servicePort = ((service.spec?.ports ?? []) as any[]).find((candidate) =>
        endpoint.port ? candidate.name === endpoint.port : true,
      );
      if (!servicePort) continue;
      for (const pod of index.podsOf(service)) {
        const found = ClusterIndex.containerPort(pod, servicePort.targetPort ?? servicePort.port);
        if (!found) continue;
        const container = pod.containers.find((candidate) => candidate.name === found.container)!;
        const meta = {
          ...podMeta(pod, found.container, container.init, found.port),
          __meta_kubernetes_service_name: service.metadata.name,
        };
        const generated: Relabeling[] = [
          { sourceLabels: ['__meta_kubernetes_namespace'], targetLabel: 'namespace' },
          { sourceLabels: ['__meta_kubernetes_service_name'], targetLabel: 'service' },
          { sourceLabels: ['__meta_kubernetes_pod_name'], targetLabel: 'pod' },
          { sourceLabels: ['__meta_kubernetes_pod_container_name'], targetLabel: 'container' },
          {
            targetLabel: 'job',
            replacement: spec.jobLabel
              ? (service.metadata.labels?.[spec.jobLabel] ?? service.metadata.name)
              : service.metadata.name,
          },
          ...(endpoint.port ? [{ targetLabel: 'endpoint', replacement: endpoint.port }] : []),
        ];
        const labels = relabel(meta, [...generated, ...(endpoint.relabelings ?? [])], warnings, named(monitor));
        if (labels)
          targets.push({
            monitor,
            pod,
            container: found.container,
            port: found.port,
            labels,
            honorLabels: endpoint.honorLabels === true,
            path: endpoint.path ?? '/metrics',
          });
      }
    }
  }
  return targets;
}

/** The discovery labels of one pod container port (Prometheus' `pod` role). */
function podMeta(
  pod: Pod,
  container: string,
  init: boolean,
  port: { name?: string; containerPort: number },
): Record<string, string> {
  const meta: Record<string, string> = {
    __address__: `${pod.owner.object.metadata.name}:${port.containerPort}`,
    __meta_kubernetes_namespace: pod.namespace,
    __meta_kubernetes_pod_name: `${pod.owner.object.metadata.name}-0`,
    __meta_kubernetes_pod_container_name: container,
    __meta_kubernetes_pod_container_init: String(init),
    __meta_kubernetes_pod_container_port_name: port.name ?? '',
    __meta_kubernetes_pod_container_port_number: String(port.containerPort),
    __meta_kubernetes_pod_controller_kind:
      pod.owner.object.kind === 'Deployment' ? 'ReplicaSet' : pod.owner.object.kind,
  };
  for (const [key, value] of Object.entries(pod.labels)) {
    meta[labelName(`__meta_kubernetes_pod_label_${key}`)] = value;
    meta[labelName(`__meta_kubernetes_pod_labelpresent_${key}`)] = 'true';
  }
  for (const [key, value] of Object.entries(pod.annotations))
    meta[labelName(`__meta_kubernetes_pod_annotation_${key}`)] = value;
  return meta;
}

/** A Kubernetes label key as a Prometheus label name (every invalid character becomes `_`). */
function labelName(text: string): string {
  return text.replace(/[^a-zA-Z0-9_]/g, '_');
}

interface Relabeling {
  readonly sourceLabels?: readonly string[];
  readonly separator?: string;
  readonly targetLabel?: string;
  readonly regex?: string;
  readonly replacement?: string;
  readonly action?: string;
}

/** Prometheus relabeling; undefined when the target is dropped. */
export function relabel(
  input: Record<string, string>,
  rules: readonly Relabeling[],
  warnings: string[],
  where: string,
): Record<string, string> | undefined {
  const labels = { ...input };
  for (const rule of rules) {
    const action = (rule.action ?? 'replace').toLowerCase();
    const regex = new RegExp(`^(?:${rule.regex ?? '(.*)'})$`);
    const value = (rule.sourceLabels ?? []).map((name) => labels[name] ?? '').join(rule.separator ?? ';');
    const replacement = rule.replacement ?? '$1';
    switch (action) {
      case 'replace': {
        const match = regex.exec(value);
        if (match && rule.targetLabel) {
          const result = expand(replacement, match);
          const target = expand(rule.targetLabel, match);
          if (result === '') delete labels[target];
          else labels[target] = result;
        }
        break;
      }
      case 'keep':
        if (!regex.test(value)) return undefined;
        break;
      case 'drop':
        if (regex.test(value)) return undefined;
        break;
      case 'labelmap':
        for (const [name, labelValue] of Object.entries(labels)) {
          const match = regex.exec(name);
          if (match) labels[expand(replacement, match)] = labelValue;
        }
        break;
      case 'labeldrop':
        for (const name of Object.keys(labels)) if (regex.test(name)) delete labels[name];
        break;
      case 'labelkeep':
        for (const name of Object.keys(labels)) if (!regex.test(name) && !name.startsWith('__')) delete labels[name];
        break;
      default:
        warnings.push(`${where}: relabel action ${action} is not evaluated here`);
    }
  }
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) if (!name.startsWith('__') && value !== '') result[name] = value;
  result.instance ??= labels.__address__;
  return result;
}

function expand(template: string, match: RegExpExecArray): string {
  return template.replace(/\$\{?(\d+)\}?/g, (_all, group: string) => match[Number(group)] ?? '');
}
