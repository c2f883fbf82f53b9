/**
 * The traffic layer rendered (docs/traffic.md): the fixture's objects are valid against the Gateway API CRDs of
 * the release and channel the cluster has (v1.2.1 on 2.18, v1.4.0 installed on 2.19 and 2.20, v1.5.1 named with
 * gatewayApi.version), and each deliberately broken join fails naming both sides.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { distFilesOf, type RenderedCluster, renderOutput } from '../support/helm-render';
import { checkJoins, type JoinName } from '../support/render-joins';
import { describeWithShared } from '../support/shared';
import { PROJECT_DIR, synthesizeConfig } from '../support/synth';

const FIXTURE = readFileSync(resolve(PROJECT_DIR, 'test/fixtures/clusters/traffic.yaml'), 'utf8');

/** The fixture synthesized (with `edit` applied to its config), one dist file edited, rendered. */
function rendered(
  options: { config?: (text: string) => string; file?: string; edit?: (text: string) => string } = {},
): RenderedCluster {
  const text = (options.config ?? ((same) => same))(FIXTURE);
  const { dist, plans } = synthesizeConfig(text, 'traffic');
  const files = distFilesOf(dist, 'traffic');
  if (options.file && options.edit) {
    const before = files.get(options.file);
    if (before === undefined) throw new Error(`no ${options.file} in ${[...files.keys()].join(', ')}`);
    const after = options.edit(before);
    if (after === before) throw new Error(`the edit of ${options.file} changed nothing`);
    files.set(options.file, after);
  }
  return renderOutput('traffic', files, plans[0]);
}

const failuresOf = (output: RenderedCluster, join: JoinName) => checkJoins(output, [join])[0].failures;

describeWithShared('the traffic fixture on each Gateway API release its line has', () => {
  test.each([
    [
      'edge-25.9.4 (2.18): v1.2.1 standard, installed here',
      (text: string) => text.replace('releaseLine: edge-26.8.3', 'releaseLine: edge-25.9.4'),
      'v1.2.1',
    ],
    ['edge-26.8.3 (2.20): v1.4.0 standard, installed here', (text: string) => text, 'v1.4.0'],
    [
      "edge-26.8.3 with the cluster's own v1.5.1 (gatewayApi.install: false)",
      (text: string) => `${text}gatewayApi: {install: false, version: v1.5.1}\n`,
      'v1.5.1',
    ],
  ])('%s: every object valid, every join holds', (_case, config, version) => {
    const output = rendered({ config });
    expect(output.plan?.traffic.gatewayApi?.version).toBe(version);
    const routes = output.dist.filter(({ object }) => object.apiVersion.startsWith('gateway.networking.k8s.io/'));
    expect(routes.map(({ object }) => `${object.kind} ${object.metadata.name}`).sort()).toEqual([
      'GRPCRoute transcoder',
      'GRPCRoute transcoder-transcode',
      'HTTPRoute jellyfin',
      'HTTPRoute jellyfin-api-items',
    ]);
    for (const result of checkJoins(output))
      expect({ join: result.join, failures: result.failures }).toEqual({ join: result.join, failures: [] });
  });

  test('a route field the release lacks fails validity against that release', () => {
    // GRPCRoute rules take no `timeouts` in any release: the CRD of the cluster's own release refuses it.
    const output = rendered({
      file: 'traffic/media.yaml',
      edit: (text) =>
        text.replace(
          /(kind: GRPCRoute\n[\s\S]*?rules:\n)( {4}- matches:)/,
          '$1    - timeouts: {request: 5s}\n      matches:',
        ),
    });
    expect(failuresOf(output, 'valid').join('\n')).toMatch(
      /GRPCRoute media\/transcoder-transcode \[dist\/traffic\/traffic\/media\.yaml\]: not valid against CRD grpcroutes\.gateway\.networking\.k8s\.io v1/,
    );
  });
});

describeWithShared("the routes' alert reads what the proxies export and the proxy PodMonitor keeps", () => {
  test("the join checks the route series as the proxy's (outbound_*_route_* on linkerd-admin)", () => {
    const output = rendered();
    const [result] = checkJoins(output, ['alerts']);
    expect(result.failures).toEqual([]);
    const rule = output.dist.find(({ object }) => object.kind === 'PrometheusRule')!.object as any;
    const alerts = rule.spec.groups.flatMap((group: any) => group.rules.map((entry: any) => entry.alert));
    expect(alerts).toContain('LinkerdRouteSuccessRateLow');
  });

  test('without the proxy PodMonitor: the join names the route alert, its series and the proxies that expose it', () => {
    const output = rendered({
      file: 'mesh/linkerd-control-plane.yaml',
      edit: (text) =>
        text.replace(
          /( +)podMonitor:\n( +)enabled: true\n/,
          '$1podMonitor:\n$2enabled: true\n$2proxy: {enabled: false}\n',
        ),
    });
    expect(failuresOf(output, 'alerts').join('\n')).toMatch(
      /alert LinkerdRouteSuccessRateLow \[PrometheusRule linkerd\/linkerd .*\] reads outbound_http_route_request_statuses_total\{.*\}.*: it is exposed by .* linkerd-proxy:linkerd-admin.*, which no rendered PodMonitor or ServiceMonitor keeps/,
    );
  });
});

describeWithShared('a broken traffic join fails naming both sides', () => {
  test('a route to a port the Service lacks: the route and your Service with its ports', () => {
    const output = rendered({
      file: 'traffic/media.yaml',
      edit: (text) =>
        text.replace(/name: jellyfin-api-items\n([\s\S]*?)port: 8096/, 'name: jellyfin-api-items\n$1port: 8097'),
    });
    expect(failuresOf(output, 'traffic')).toEqual([
      'HTTPRoute media/jellyfin-api-items [dist/traffic/traffic/media.yaml] parentRef Service media/jellyfin port 8097, but Service media/jellyfin [yours: clusters/traffic.yaml traffic.media.jellyfin.service] has no port 8097 (it has 8096 (http))',
    ]);
  });

  test('an overlapping Server: both Servers and the pod they share', () => {
    const output = rendered({
      file: 'traffic/media.yaml',
      edit: (text) =>
        `${text}---\napiVersion: policy.linkerd.io/v1beta3\nkind: Server\nmetadata:\n  name: inbound-http\n  namespace: media\nspec:\n  podSelector:\n    matchExpressions:\n      - key: linkerd.io/control-plane-ns\n        operator: Exists\n  port: http\n`,
    });
    expect(failuresOf(output, 'traffic')).toEqual([
      expect.stringMatching(
        /^Server media\/jellyfin-rate-limit \[dist\/traffic\/traffic\/media\.yaml\] \(port http\) and Server media\/inbound-http \[dist\/traffic\/traffic\/media\.yaml\] \(port http\) both select Deployment media\/pods-of-jellyfin \[Service media\/jellyfin \[yours: .*\]\] and one of its ports/,
      ),
    ]);
  });

  test('a rate-limit Server that would refuse a caller the namespace admits', () => {
    const output = rendered({
      file: 'traffic/media.yaml',
      edit: (text) => text.replace('accessPolicy: all-authenticated', 'accessPolicy: deny'),
    });
    expect(failuresOf(output, 'traffic')).toEqual([
      expect.stringMatching(
        /^Server media\/jellyfin-rate-limit \[dist\/traffic\/traffic\/media\.yaml\] \(accessPolicy deny, the Server of HTTPLocalRateLimitPolicy media\/jellyfin \[dist\/traffic\/traffic\/media\.yaml\]\) refuses meshed clients \(mTLS\) on Deployment media\/pods-of-jellyfin .*, which its default inbound policy all-authenticated admits/,
      ),
    ]);
  });

  test("an egress Deny over a cluster network: the EgressNetwork and the control plane's clusterNetworks", () => {
    const output = rendered({
      file: 'traffic/media.yaml',
      edit: (text) =>
        text.replace('  trafficPolicy: Deny\n', '  trafficPolicy: Deny\n  networks:\n    - cidr: 0.0.0.0/0\n'),
    });
    expect(failuresOf(output, 'traffic')).toContain(
      "EgressNetwork media/egress [dist/traffic/traffic/media.yaml] denies 0.0.0.0/0, which covers the cluster network 10.0.0.0/8 of the control plane's clusterNetworks [ConfigMap linkerd/linkerd-config]: the meshed pods of media would lose the control plane, your Prometheus and the collectors",
    );
  });
});
