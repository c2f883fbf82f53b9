/**
 * What a strict default policy must still let through, decided over the rendered output of every fixture
 * and cluster (the charts' pods, Servers and authorizations plus ours): each Prometheus the output sets up
 * may scrape `/metrics` on every meshed proxy's admin port (4191), kubelet may probe it, every meshed proxy
 * may send spans to the collector the output installs, Grafana may query viz's Prometheus, viz's dashboard
 * may reach the Jaeger UI, and nothing else gets through on those ports.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadClusterConfig } from '../../lib/plan/config-load';
import type { ClusterConfig } from '../cluster-config';
import {
  clusterConfigPaths,
  type K8sObject,
  renderCluster,
  type RenderedCluster,
} from '../../test/support/helm-render';
import {
  addressIn,
  type Client,
  type MeshedPod,
  PolicyEvaluator,
  PROXY_ADMIN_PORT,
  type Request,
} from '../../test/support/policy-authorization';
import { describeWithShared } from '../../test/support/shared';
import { PROJECT_DIR } from '../../test/support/synth';

const TRUST_DOMAIN = 'cluster.local';
const identity = (serviceAccount: string, namespace: string) =>
  `${serviceAccount}.${namespace}.serviceaccount.identity.linkerd.${TRUST_DOMAIN}`;
/** A node's address, outside every pod network: kubelet's probes come from there. */
const NODE_ADDRESS = '203.0.113.10';
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

interface Cluster {
  readonly rendered: RenderedCluster;
  readonly config: ClusterConfig;
  readonly clusterNetworks: string[];
  readonly pods: MeshedPod[];
  readonly evaluator: PolicyEvaluator;
}

/** The control plane's flags as the policy controller gets them (`--default-policy`, `--cluster-networks`). */
function policyControllerFlag(rendered: RenderedCluster, flag: string): string {
  for (const { object } of rendered.objects) {
    if (object.kind !== 'Deployment' || object.metadata.name !== 'linkerd-destination') continue;
    for (const container of object.spec.template.spec.containers) {
      const arg = (container.args ?? []).find((candidate: string) => candidate.startsWith(`${flag}=`));
      if (arg) return arg.slice(flag.length + 1);
    }
  }
  throw new Error(`${rendered.cluster}: no ${flag} in the rendered linkerd-destination`);
}

function load(configPath: string): Cluster {
  const rendered = renderCluster(configPath);
  const config = loadClusterConfig(readFileSync(resolve(PROJECT_DIR, configPath), 'utf8'), configPath);
  const clusterDefault = policyControllerFlag(rendered, '--default-policy');
  const clusterNetworks = policyControllerFlag(rendered, '--cluster-networks').split(',');
  const namespaces = new Map<string, K8sObject>();
  for (const { object } of rendered.objects)
    if (object.kind === 'Namespace') namespaces.set(object.metadata.name, object);
  const namespaceAnnotation = (namespace: string, key: string) =>
    namespaces.get(namespace)?.metadata.annotations?.[key];

  const pods: MeshedPod[] = [];
  // The charts' workloads that get a proxy (their template or their namespace says inject).
  for (const { object } of rendered.objects) {
    if (!WORKLOADS.has(object.kind)) continue;
    const namespace = object.metadata.namespace!;
    const template = object.spec.template;
    const annotations = template.metadata?.annotations ?? {};
    const hasProxy = (template.spec.containers ?? [])
      .concat(template.spec.initContainers ?? [])
      .some((container: any) => container.name === 'linkerd-proxy');
    const inject = annotations['linkerd.io/inject'] ?? namespaceAnnotation(namespace, 'linkerd.io/inject');
    if (!hasProxy && inject !== 'enabled' && inject !== 'ingress') continue;
    const ports = (template.spec.containers ?? [])
      .flatMap((container: any) => container.ports ?? [])
      .filter((port: any) => port.name !== PROXY_ADMIN_PORT.name);
    pods.push({
      namespace,
      labels: {
        ...template.metadata?.labels,
        'linkerd.io/control-plane-ns': 'linkerd',
        'linkerd.io/workload-ns': namespace,
      },
      ports: [...ports, PROXY_ADMIN_PORT],
      defaultPolicy:
        annotations['config.linkerd.io/default-inbound-policy'] ??
        namespaceAnnotation(namespace, 'config.linkerd.io/default-inbound-policy') ??
        clusterDefault,
      serviceAccount: template.spec.serviceAccountName ?? 'default',
      name: `${object.kind} ${namespace}/${object.metadata.name}`,
    } as MeshedPod);
  }
  // The person's meshed namespaces hold workloads the output does not know: one stands for them all.
  for (const namespace of config.meshedNamespaces) {
    pods.push({
      namespace: namespace.name,
      labels: { app: 'workload', 'linkerd.io/control-plane-ns': 'linkerd', 'linkerd.io/workload-ns': namespace.name },
      ports: [{ name: 'http', containerPort: 8080 }, PROXY_ADMIN_PORT],
      defaultPolicy:
        namespaceAnnotation(namespace.name, 'config.linkerd.io/default-inbound-policy') ??
        namespace.defaultInboundPolicy ??
        clusterDefault,
      serviceAccount: 'default',
      name: `a workload in ${namespace.name}`,
    } as MeshedPod);
  }
  const policyObjects = rendered.objects.map(({ object }) => object);
  return { rendered, config, clusterNetworks, pods, evaluator: new PolicyEvaluator(policyObjects, clusterNetworks) };
}

const describePod = (pod: MeshedPod) => `${(pod as any).name} (default ${pod.defaultPolicy})`;

/** The Prometheus servers the output sets up: viz's own (when rendered), and the person's (PodMonitors or viz.prometheus.url). */
function scrapers(cluster: Cluster): Array<{ name: string; client: Client }> {
  const inCluster = addressIn(cluster.clusterNetworks);
  const found: Array<{ name: string; client: Client }> = [];
  const vizPrometheus = cluster.rendered.objects.find(
    ({ object }) =>
      object.kind === 'Deployment' &&
      object.metadata.namespace === 'linkerd-viz' &&
      object.metadata.name === 'prometheus',
  );
  if (vizPrometheus) {
    found.push({
      name: "viz's Prometheus",
      client: {
        ip: inCluster,
        identity: identity(vizPrometheus.object.spec.template.spec.serviceAccountName, 'linkerd-viz'),
      },
    });
  }
  const podMonitor = cluster.rendered.objects.some(
    ({ object }) => object.kind === 'PodMonitor' && object.metadata.name === 'linkerd-proxy',
  );
  if (podMonitor || cluster.config.viz.prometheus.url) {
    const own = cluster.config.policy.prometheus.identity;
    found.push({
      name: 'your Prometheus',
      client: { ip: inCluster, ...(own && { identity: identity(own.serviceAccount, own.namespace) }) },
    });
  }
  return found;
}

describeWithShared("under each meshed namespace's default policy, what the output sets up is authorized", () => {
  const { fixtures, clusters } = clusterConfigPaths();

  test.each([...fixtures, ...clusters])('%s', (configPath) => {
    const cluster = load(configPath);
    const refused: string[] = [];
    const check = (what: string, request: Request) => {
      const verdict = cluster.evaluator.decide(request);
      if (!verdict.allowed) refused.push(`${what}: ${verdict.why}`);
    };
    for (const pod of cluster.pods) {
      for (const scraper of scrapers(cluster)) {
        check(`${scraper.name} scraping ${describePod(pod)}`, {
          pod,
          port: PROXY_ADMIN_PORT.name,
          path: '/metrics',
          client: scraper.client,
        });
      }
      for (const path of ['/live', '/ready']) {
        check(`kubelet probing ${path} of ${describePod(pod)}`, {
          pod,
          port: PROXY_ADMIN_PORT.containerPort,
          path,
          client: { ip: NODE_ADDRESS },
          probe: true,
        });
      }
    }
    // The control-plane chart's linkerd-controller PodMonitor (your Prometheus): each container port it keeps
    // on a meshed pod of the namespaces it selects (besides the proxies' own port, checked above).
    const controllerMonitor = cluster.rendered.objects.find(
      ({ object }) => object.kind === 'PodMonitor' && object.metadata.name === 'linkerd-controller',
    );
    const yours = scrapers(cluster).find((scraper) => scraper.name === 'your Prometheus');
    if (controllerMonitor && yours) {
      const monitor = controllerMonitor.object.spec;
      const names: string[] | undefined = monitor.namespaceSelector?.matchNames;
      for (const endpoint of monitor.podMetricsEndpoints ?? []) {
        const keeps = (endpoint.relabelings ?? []).filter(
          (rule: any) =>
            (rule.sourceLabels ?? []).join(';') === '__meta_kubernetes_pod_container_port_name' &&
            ['keep', 'drop'].includes(rule.action),
        );
        for (const pod of cluster.pods.filter((candidate) => !names || names.includes(candidate.namespace))) {
          for (const port of pod.ports.filter(
            (candidate) => candidate.name && candidate.name !== PROXY_ADMIN_PORT.name,
          )) {
            const kept = keeps.every(
              (rule: any) => new RegExp(`^(?:${rule.regex ?? '(.*)'})$`).test(port.name!) === (rule.action === 'keep'),
            );
            if (kept)
              check(
                `your Prometheus (PodMonitor linkerd-controller) scraping port ${port.name} of ${describePod(pod)}`,
                { pod, port: port.name!, path: endpoint.path ?? '/metrics', client: yours.client },
              );
          }
        }
      }
    }
    const meshedClient = {
      ip: addressIn(cluster.clusterNetworks),
      identity: identity('default', cluster.pods[0]?.namespace ?? 'media'),
    };
    const collector = cluster.pods.find(
      (pod) =>
        pod.namespace === 'linkerd-jaeger' &&
        (pod.labels['app.kubernetes.io/name'] === 'jaeger' || pod.labels.component === 'collector'),
    );
    if (collector)
      check(`a meshed proxy sending spans to ${describePod(collector)}`, {
        pod: collector,
        port: 4317,
        client: meshedClient,
      });
    const vizPrometheus = cluster.pods.find(
      (pod) => pod.namespace === 'linkerd-viz' && pod.labels.component === 'prometheus',
    );
    if (vizPrometheus && cluster.config.viz.grafana.url) {
      const grafana = cluster.config.policy.grafana.identity ?? { serviceAccount: 'grafana', namespace: 'grafana' };
      check(`Grafana querying ${describePod(vizPrometheus)}`, {
        pod: vizPrometheus,
        port: 'admin',
        path: '/api/v1/query',
        client: {
          ip: addressIn(cluster.clusterNetworks),
          identity: identity(grafana.serviceAccount, grafana.namespace),
        },
      });
    }
    const jaegerUi = cluster.pods.find(
      (pod) => pod.namespace === 'linkerd-jaeger' && pod.labels['app.kubernetes.io/name'] === 'jaeger',
    );
    if (jaegerUi && cluster.config.viz.enabled) {
      check(`viz's dashboard opening the Jaeger UI of ${describePod(jaegerUi)}`, {
        pod: jaegerUi,
        port: 16686,
        path: '/jaeger/search',
        client: { ip: addressIn(cluster.clusterNetworks), identity: identity('web', 'linkerd-viz') },
      });
    }
    expect(refused).toEqual([]);
  });

  test('the strict fixture lets through only what it authorizes', () => {
    const cluster = load('test/fixtures/clusters/strict.yaml');
    const media = cluster.pods.find((pod) => pod.namespace === 'media')!;
    const decide = (request: Omit<Request, 'pod'>, pod = media) => cluster.evaluator.decide({ pod, ...request });
    const inCluster = addressIn(cluster.clusterNetworks);
    // Someone else on /metrics, or another admin path: refused.
    expect(
      decide({
        port: PROXY_ADMIN_PORT.name,
        path: '/metrics',
        client: { ip: inCluster, identity: identity('default', 'grafana') },
      }).allowed,
    ).toBe(false);
    expect(decide({ port: PROXY_ADMIN_PORT.name, path: '/metrics', client: { ip: inCluster } }).allowed).toBe(false);
    expect(
      decide({
        port: PROXY_ADMIN_PORT.name,
        path: '/shutdown',
        client: { ip: inCluster, identity: identity('prometheus', 'linkerd-viz') },
      }).why,
    ).toContain('404');
    // The person's rule: ingress-nginx may call media's http port, grafana may not.
    expect(
      decide({
        port: 'http',
        path: '/',
        client: { ip: inCluster, identity: identity('ingress-nginx', 'ingress-nginx') },
      }).allowed,
    ).toBe(true);
    expect(
      decide({ port: 'http', path: '/', client: { ip: inCluster, identity: identity('grafana', 'grafana') } }).allowed,
    ).toBe(false);
    // The collector's port takes meshed clients only.
    const jaeger = cluster.pods.find(
      (pod) => pod.namespace === 'linkerd-jaeger' && pod.labels['app.kubernetes.io/name'] === 'jaeger',
    )!;
    expect(decide({ port: 4317, client: { ip: inCluster } }, jaeger).allowed).toBe(false);
    // ingress-nginx audits: what no authorization allows still gets through (and is flagged).
    const ingress = cluster.pods.find((pod) => pod.namespace === 'ingress-nginx')!;
    expect(decide({ port: PROXY_ADMIN_PORT.name, path: '/metrics', client: { ip: inCluster } }, ingress).why).toContain(
      'audit',
    );
  });

  test('without the policy layer, the everything fixtures lose their scrapes (what this layer fixes)', () => {
    for (const fixture of ['test/fixtures/clusters/everything.yaml', 'test/fixtures/clusters/everything-stable.yaml']) {
      const cluster = load(fixture);
      const withoutOurs = new PolicyEvaluator(
        cluster.rendered.objects
          .filter(({ source }) => !(source.kind === 'dist' && source.file.includes('/policy/')))
          .map(({ object }) => object),
        cluster.clusterNetworks,
      );
      const media = cluster.pods.find((pod) => pod.namespace === 'media')!;
      const [prometheus] = scrapers(cluster);
      expect(
        withoutOurs.decide({ pod: media, port: PROXY_ADMIN_PORT.name, path: '/metrics', client: prometheus.client })
          .allowed,
      ).toBe(false);
      expect(
        cluster.evaluator.decide({
          pod: media,
          port: PROXY_ADMIN_PORT.name,
          path: '/metrics',
          client: prometheus.client,
        }).allowed,
      ).toBe(true);
    }
  });
});
