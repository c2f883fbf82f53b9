/**
 * Inbound policy (docs/policy.md "Inbound policy"): the objects each case emits, every one valid against the CRDs its
 * release line's linkerd-crds Helm chart renders, and a named error for each kind of bad rule.
 */
import { Testing } from 'cdk8s';
import { MeshTlsAuthentication } from '../../lib/constructs/mesh-tls-authentication';
import { PolicyServer } from '../../lib/constructs/policy-server';
import { AuthorizationPolicy } from '../../lib/constructs/authorization-policy';
import { crdValidators } from '../../test/support/crd-schemas';
import { clusterConfigPaths, renderCluster } from '../../test/support/helm-render';
import { describeWithShared } from '../../test/support/shared';
import { synthesizeConfig } from '../../test/support/synth';
import { configProblemsOf } from '../../test/support/config-problems';

const FILE = 'clusters/home.yaml';

const problems = (text: string): string[] => configProblemsOf(text, FILE);

/** The policy layer's objects of a config, as `namespace kind name`. */
function policyObjects(text: string) {
  return synthesizeConfig(text, 'home')
    .objects.filter(({ layer }) => layer === 'policy')
    .map(({ object }) => object as any);
}

function names(objects: any[], namespace?: string): string[] {
  return objects
    .filter((object) => !namespace || object.metadata.namespace === namespace)
    .map((object) => `${object.metadata.namespace} ${object.kind} ${object.metadata.name}`);
}

describe('what each case emits', () => {
  test('nothing while every namespace accepts all-unauthenticated traffic', () => {
    const { dist } = synthesizeConfig(
      'meshedNamespaces: [media]\nmonitoring: {podMonitors: {enabled: true}}\n',
      'home',
    );
    expect([...dist.keys()].filter((path) => path.includes('/policy/'))).toEqual([]);
    expect(dist.get('home/flux-kustomizations.yaml')).not.toContain('linkerd-policy');
  });

  test('a strict namespace gets what `linkerd viz allow-scrapes` emits, for viz Prometheus and an unmeshed one', () => {
    const objects = policyObjects(
      'meshedNamespaces: [{name: media, defaultInboundPolicy: cluster-authenticated}]\nmonitoring: {podMonitors: {enabled: true}}\n',
    );
    expect(names(objects, 'media')).toEqual([
      'media Server proxy-admin',
      'media HTTPRoute proxy-metrics',
      'media HTTPRoute proxy-probes',
      'media NetworkAuthentication proxy-probes',
      'media AuthorizationPolicy proxy-probes',
      'media AuthorizationPolicy proxy-metrics-viz-prometheus',
      'media NetworkAuthentication proxy-metrics-prometheus',
      'media AuthorizationPolicy proxy-metrics-prometheus',
    ]);
    const server = objects.find((object) => object.kind === 'Server');
    expect(server.apiVersion).toBe('policy.linkerd.io/v1beta3');
    expect(server.spec).toEqual({
      podSelector: { matchExpressions: [{ key: 'linkerd.io/control-plane-ns', operator: 'Exists' }] },
      port: 'linkerd-admin',
      proxyProtocol: 'HTTP/1',
    });
    const viz = objects.find((object) => object.metadata.name === 'proxy-metrics-viz-prometheus');
    expect(viz.spec.requiredAuthenticationRefs).toEqual([
      { kind: 'ServiceAccount', name: 'prometheus', namespace: 'linkerd-viz' },
    ]);
    // The unmeshed Prometheus defaults to the control plane's cluster networks of the line.
    const networks = objects.find(
      (object) => object.kind === 'NetworkAuthentication' && object.metadata.name === 'proxy-metrics-prometheus',
    );
    expect(networks.spec.networks.map((network: any) => network.cidr)).toEqual([
      '10.0.0.0/8',
      '100.64.0.0/10',
      '172.16.0.0/12',
      '192.168.0.0/16',
      'fd00::/8',
    ]);
    // viz's own namespace follows the cluster default (all-unauthenticated here): nothing there.
    expect(names(objects, 'linkerd-viz')).toEqual([]);
  });

  test('a meshed Prometheus is authorized by its identity; one line for kube-prometheus-stack', () => {
    const objects = policyObjects(
      'proxy: {defaultInboundPolicy: all-authenticated}\nviz: {prometheus: {url: "http://kube-prometheus-stack-prometheus.monitoring:9090"}}\n' +
        'policy: {prometheus: {identity: {serviceAccount: kube-prometheus-stack-prometheus, namespace: monitoring}}}\n',
    );
    const scrape = objects.filter((object) => object.metadata.name === 'proxy-metrics-prometheus');
    expect(scrape.map((object) => `${object.metadata.namespace} ${object.kind}`)).toEqual([
      'linkerd-jaeger AuthorizationPolicy',
      'linkerd-viz AuthorizationPolicy',
    ]);
    expect(scrape[0].spec.requiredAuthenticationRefs).toEqual([
      { kind: 'ServiceAccount', name: 'kube-prometheus-stack-prometheus', namespace: 'monitoring' },
    ]);
    // viz uses that Prometheus: its own is not installed, so not authorized.
    expect(objects.filter((object) => object.metadata.name === 'proxy-metrics-viz-prometheus')).toEqual([]);
  });

  test('stable-2.14 gets Server v1beta1, and its own (IPv4-only) cluster networks', () => {
    const objects = policyObjects(
      'releaseLine: stable-2.14.10\nproxy: {defaultInboundPolicy: deny}\nmonitoring: {podMonitors: {enabled: true}}\n',
    );
    expect(new Set(objects.filter((object) => object.kind === 'Server').map((object) => object.apiVersion))).toEqual(
      new Set(['policy.linkerd.io/v1beta1']),
    );
    const networks = objects.find(
      (object) => object.kind === 'NetworkAuthentication' && object.metadata.name === 'proxy-metrics-prometheus',
    );
    expect(networks.spec.networks.map((network: any) => network.cidr)).toEqual([
      '10.0.0.0/8',
      '100.64.0.0/10',
      '172.16.0.0/12',
      '192.168.0.0/16',
    ]);
  });

  test('under a cluster-wide deny, every meshed proxy may send OTLP to Jaeger v2, and nothing else there', () => {
    const objects = policyObjects('proxy: {defaultInboundPolicy: deny}\n');
    expect(names(objects, 'linkerd-jaeger').filter((name) => name.includes('otlp'))).toEqual([
      'linkerd-jaeger Server otlp-collector',
      'linkerd-jaeger MeshTLSAuthentication otlp-collector',
      'linkerd-jaeger AuthorizationPolicy otlp-collector',
    ]);
    const server = objects.find((object) => object.metadata.name === 'otlp-collector' && object.kind === 'Server');
    expect(server.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'jaeger', 'app.kubernetes.io/name': 'jaeger' } },
      port: 4317,
      proxyProtocol: 'gRPC',
    });
    expect(
      objects.find((object) => object.kind === 'MeshTLSAuthentication' && object.metadata.name === 'otlp-collector')
        .spec,
    ).toEqual({ identities: ['*'] });
    // viz's dashboard proxies its Jaeger links to the Jaeger UI.
    expect(names(objects, 'linkerd-jaeger').filter((name) => name.includes('jaeger-query'))).toEqual([
      'linkerd-jaeger Server jaeger-query',
      'linkerd-jaeger AuthorizationPolicy jaeger-query',
    ]);
    expect(
      objects.find((object) => object.kind === 'AuthorizationPolicy' && object.metadata.name === 'jaeger-query').spec
        .requiredAuthenticationRefs,
    ).toEqual([{ kind: 'ServiceAccount', name: 'web', namespace: 'linkerd-viz' }]);
    // all-authenticated lets meshed proxies through by itself: no collector objects.
    expect(
      policyObjects('proxy: {defaultInboundPolicy: all-authenticated}\n').filter(
        (object) => object.metadata.name === 'otlp-collector',
      ),
    ).toEqual([]);
  });

  test("the person's collector is authorized in its namespace when that namespace denies", () => {
    const objects = policyObjects(
      'meshedNamespaces: [{name: monitoring, defaultInboundPolicy: deny}]\n' +
        'tracing: {backend: otlp, otlpEndpoint: "otel-collector.monitoring:4317", collectorIdentity: {serviceAccount: otel-collector, namespace: monitoring}}\n',
    );
    const server = objects.find((object) => object.metadata.name === 'otlp-collector' && object.kind === 'Server');
    expect(server.metadata.namespace).toBe('monitoring');
    expect(server.spec.port).toBe(4317);
  });

  test('Grafana may query the bundled viz Prometheus, as Linkerd documents', () => {
    const objects = policyObjects('viz: {grafana: {url: "http://grafana.grafana:3000"}}\n');
    expect(objects).toEqual([
      {
        apiVersion: 'policy.linkerd.io/v1alpha1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'grafana', namespace: 'linkerd-viz' },
        spec: {
          targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'prometheus-admin' },
          requiredAuthenticationRefs: [{ kind: 'ServiceAccount', name: 'grafana', namespace: 'grafana' }],
        },
      },
    ]);
    expect(
      policyObjects(
        'viz: {prometheus: {url: "http://prom.monitoring:9090"}, grafana: {url: "http://grafana.grafana:3000"}}\n',
      ),
    ).toEqual([]);
  });

  test("the person's rules: a Server per named port, a MeshTLSAuthentication and AuthorizationPolicies per rule", () => {
    const objects = policyObjects(
      'meshedNamespaces: [media, ingress-nginx, monitoring]\n' +
        'policy: {allow: {media: [{from: [ingress-nginx], ports: [http]}, {from: [monitoring/grafana, monitoring/grafana]}]}}\n',
    );
    expect(names(objects, 'media')).toEqual([
      'media Server inbound-http',
      'media MeshTLSAuthentication allow-1',
      'media AuthorizationPolicy allow-1-inbound-http',
      'media MeshTLSAuthentication allow-2',
      'media AuthorizationPolicy allow-2',
    ]);
    const byName = (name: string) => objects.find((object) => object.metadata.name === name);
    expect(byName('allow-1').spec).toEqual({
      identities: ['*.ingress-nginx.serviceaccount.identity.linkerd.cluster.local'],
    });
    expect(byName('allow-2').spec).toEqual({
      identityRefs: [{ kind: 'ServiceAccount', name: 'grafana', namespace: 'monitoring' }],
    });
    // No ports: every Server of the namespace (the Namespace as target).
    expect(
      objects.find((object) => object.kind === 'AuthorizationPolicy' && object.metadata.name === 'allow-2').spec
        .targetRef,
    ).toEqual({ kind: 'Namespace', name: 'media' });
  });

  test('a namespace named like an object property gets its objects too', () => {
    expect(
      names(policyObjects('meshedNamespaces: [{name: constructor, defaultInboundPolicy: deny}]\n'), 'constructor'),
    ).toContain('constructor Server proxy-admin');
  });

  test('a namespace on audit gets auditing Servers (edge lines)', () => {
    const objects = policyObjects(
      'meshedNamespaces: [{name: media, defaultInboundPolicy: audit}, ingress-nginx]\nmonitoring: {podMonitors: {enabled: true}}\npolicy: {allow: {media: [{from: [ingress-nginx], ports: [8096]}]}}\n',
    );
    const servers = objects.filter((object) => object.kind === 'Server');
    expect(servers.map((server) => [server.metadata.name, server.spec.accessPolicy])).toEqual([
      ['proxy-admin', 'audit'],
      ['inbound-8096', 'audit'],
    ]);
  });
});

describe('bad rules get a named error', () => {
  test('an unknown field', () => {
    expect(
      problems(
        'meshedNamespaces: [media, ingress-nginx]\npolicy: {allow: {media: [{from: [ingress-nginx], port: [http]}]}}\n',
      ),
    ).toEqual([
      `${FILE}: policy.allow.media[0].port: unknown field (did you mean "ports"?); allowed here: from, ports`,
    ]);
    expect(problems('policy: {prometheus: {identiy: {}}}\n')).toEqual([
      `${FILE}: policy.prometheus.identiy: unknown field (did you mean "identity"?); allowed here: scrapes, identity, networks`,
    ]);
  });

  test('a caller that is not meshed', () => {
    expect(
      problems(
        'meshedNamespaces: [media]\npolicy: {allow: {media: [{from: [ingress-nginx, linkerd-viz/web], ports: [http]}]}}\n',
      ),
    ).toEqual([
      `${FILE}: policy.allow.media[0].from[0]: "ingress-nginx" names namespace "ingress-nginx", which is not meshed: an unmeshed caller has no mesh identity to authorize. ` +
        'Mesh it (meshedNamespaces), or allow it by network with your own NetworkAuthentication (docs/policy.md "Inbound policy"); meshed: media, linkerd, linkerd-viz, linkerd-jaeger',
    ]);
  });

  test('a callee that is not meshed', () => {
    expect(problems('meshedNamespaces: [media]\npolicy: {allow: {books: [{from: [media]}]}}\n')).toEqual([
      `${FILE}: policy.allow.books: "books" is not a meshed namespace: policy only applies to meshed pods; add it to meshedNamespaces (meshed now: media)`,
    ]);
  });

  test('a port name no Server can mean', () => {
    const rule = (port: string) =>
      problems(
        `meshedNamespaces: [media, ingress-nginx]\npolicy: {allow: {media: [{from: [ingress-nginx], ports: [${port}]}]}}\n`,
      );
    expect(rule('web_ui')).toEqual([
      `${FILE}: policy.allow.media[0].ports[0]: "web_ui" is no port name a Server can select: a container port name has at most 15 lowercase letters, digits and "-", at least one letter, and no "--" (e.g. "http"), or give the port number`,
    ]);
    expect(rule('a-very-long-port-name')[0]).toContain('is no port name a Server can select');
    expect(rule('70000')).toEqual([
      `${FILE}: policy.allow.media[0].ports[0]: number 70000 is no port a Server can select: a port number is 1 to 65535`,
    ]);
    expect(rule('linkerd-admin')).toEqual([
      `${FILE}: policy.allow.media[0].ports[0]: "linkerd-admin" is the proxy's admin port (scrapes and probes are authorized by this project), not a port of your workloads`,
    ]);
  });

  test('a meshed and an unmeshed Prometheus at once', () => {
    expect(
      problems(
        'policy: {prometheus: {identity: {serviceAccount: p, namespace: monitoring}, networks: [10.0.0.0/8]}}\n',
      )[0],
    ).toContain('policy.prometheus.networks');
    expect(problems('policy: {prometheus: {networks: [10.0.0.0/33]}}\n')).toEqual([
      `${FILE}: policy.prometheus.networks[0]: "10.0.0.0/33" must be a network in CIDR notation, e.g. "10.0.0.0/8" or "fd00::/8"`,
    ]);
  });

  test('audit is refused on stable-2.14, by the line', () => {
    expect(
      problems('releaseLine: stable-2.14.10\nmeshedNamespaces: [{name: media, defaultInboundPolicy: audit}]\n')[0],
    ).toContain('is not a policy of stable-2.14.10');
  });
});

describe('constructs', () => {
  test('a Server refuses accessPolicy where the line serves only v1beta1, and a selector-less Server', () => {
    const chart = Testing.chart();
    expect(
      () =>
        new PolicyServer(chart, 's', {
          name: 's',
          namespace: 'n',
          podSelector: { matchLabels: { a: 'b' } },
          port: 80,
          accessPolicy: 'audit',
          apiVersion: 'v1beta1',
        }),
    ).toThrow('needs Server v1beta3');
    expect(() => new PolicyServer(chart, 't', { name: 't', namespace: 'n', podSelector: {}, port: 80 })).toThrow(
      'podSelector needs matchLabels or matchExpressions',
    );
  });

  test('an AuthorizationPolicy never authorizes everyone by accident; a MeshTLSAuthentication needs identities', () => {
    const chart = Testing.chart();
    expect(
      () =>
        new AuthorizationPolicy(chart, 'a', {
          name: 'a',
          namespace: 'n',
          target: { kind: 'Namespace' },
          authentications: [],
        }),
    ).toThrow('needs at least one authentication');
    expect(() => new MeshTlsAuthentication(chart, 'm', { name: 'm', namespace: 'n' })).toThrow(
      'needs namespaces, serviceAccounts or anyMeshed',
    );
  });
});

describeWithShared("every policy object against its line's CRDs (rendered from linkerd-crds)", () => {
  const { fixtures, clusters } = clusterConfigPaths();

  test.each([...fixtures, ...clusters])('%s', (configPath) => {
    const rendered = renderCluster(configPath);
    const crds = rendered.releases.find((release) => release.helmChart === 'linkerd-crds')!.objects;
    const validators = crdValidators(crds);
    const problemsFound: string[] = [];
    const policyObjectsFound = rendered.dist.filter(({ object }) => object.apiVersion.startsWith('policy.linkerd.io/'));
    for (const { object, source } of policyObjectsFound) {
      const where = `${source.kind === 'dist' ? source.file : ''}: ${object.kind} ${object.metadata.namespace}/${object.metadata.name}`;
      const crd = validators.get(`${object.apiVersion}/${object.kind}`);
      if (!crd) {
        problemsFound.push(`${where}: ${rendered.line}'s linkerd-crds has no ${object.apiVersion} ${object.kind}`);
        continue;
      }
      if (!crd.served) problemsFound.push(`${where}: ${object.apiVersion} is not served by ${rendered.line}`);
      if (!crd.validate(object))
        for (const error of crd.validate.errors ?? [])
          problemsFound.push(`${where}: ${error.instancePath} ${error.message}`);
    }
    expect(problemsFound).toEqual([]);
  });

  test('the strict fixture emits every policy kind, so the check above has something to check', () => {
    const rendered = renderCluster('test/fixtures/clusters/strict.yaml');
    const kinds = new Set(
      rendered.dist
        .filter(({ object }) => object.apiVersion.startsWith('policy.linkerd.io/'))
        .map(({ object }) => object.kind),
    );
    expect([...kinds].sort()).toEqual([
      'AuthorizationPolicy',
      'HTTPRoute',
      'MeshTLSAuthentication',
      'NetworkAuthentication',
      'Server',
    ]);
  });

  test('the validators reject an unknown field and a missing one', () => {
    const rendered = renderCluster('test/fixtures/clusters/strict.yaml');
    const validators = crdValidators(
      rendered.releases.find((release) => release.helmChart === 'linkerd-crds')!.objects,
    );
    const server = validators.get('policy.linkerd.io/v1beta3/Server')!;
    const valid = {
      apiVersion: 'policy.linkerd.io/v1beta3',
      kind: 'Server',
      metadata: { name: 's', namespace: 'n' },
      spec: { podSelector: { matchLabels: {} }, port: 'http' },
    };
    expect(server.validate(valid)).toBe(true);
    expect(server.validate({ ...valid, spec: { ...valid.spec, prot: 1 } })).toBe(false);
    expect(server.validate({ ...valid, spec: { podSelector: {} } })).toBe(false);
  });
});
