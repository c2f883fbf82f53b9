/**
 * Traffic and egress (docs/traffic.md): each value checked as Linkerd's policy controller parses it, refused by
 * name on a line that lacks the feature, and the traffic layer's Linkerd kinds valid against every edge line's
 * own linkerd-crds.
 */
import { crdValidators } from '../../test/support/crd-schemas';
import { crdProblems } from '../../test/support/crd-problems';
import { configProblemsOf } from '../../test/support/config-problems';
import { helmTemplateCached, KUBERNETES_VERSION, parseObjects } from '../../test/support/helm-render';
import { describeWithShared, SHARED_DIR } from '../../test/support/shared';
import { synthesizeConfig } from '../../test/support/synth';
import { join } from 'node:path';
import { RELEASE_LINE_NAMES, releaseLine } from '../../lib/linkerd/catalog';

const FILE = 'clusters/home.yaml';
const problems = (text: string) => configProblemsOf(text, FILE);
const MESHED = 'meshedNamespaces: [media, ingress-nginx]\n';
const jellyfin = (settings: string) =>
  `${MESHED}traffic:\n  media:\n    jellyfin:\n      service: {selector: {app: jellyfin}, ports: [{name: http, port: 8096}]}\n${settings}`;

describe('refused, naming the field, the value and what is allowed', () => {
  test.each<[string, string, RegExp]>([
    [
      'a fractional duration',
      jellyfin('      timeouts: {request: 1.5s}\n'),
      /traffic\.media\.jellyfin\.timeouts\.request.*whole number and one unit/,
    ],
    [
      'a compound duration',
      jellyfin('      retries: {http: [5xx], timeout: 1m30s}\n'),
      /retries\.timeout.*no compound durations/,
    ],
    [
      'a status outside 100-599',
      jellyfin('      retries: {http: ["600"]}\n'),
      /retries\.http\[0\]: "600" is no HTTP retry condition.*codes from 100 to 599/,
    ],
    ['a reversed range', jellyfin('      retries: {http: ["504-500"]}\n'), /write "500-504"/],
    [
      'an unknown gRPC code',
      jellyfin('      retries: {grpc: [aborted]}\n'),
      /retries\.grpc\[0\]: "aborted" is not allowed; allowed: "cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable"/,
    ],
    ['retries without a condition', jellyfin('      retries: {limit: 3}\n'), /says no failure to retry/],
    ['a limit of 0', jellyfin('      retries: {http: [5xx], limit: 0}\n'), /limit.*at least 1/],
    [
      'minPenalty above maxPenalty',
      jellyfin('      circuitBreaking: {minPenalty: 2m, maxPenalty: 1m}\n'),
      /minPenalty.*longer than maxPenalty/,
    ],
    [
      'an identity limit above total',
      jellyfin('      rateLimit: {total: 10, identity: 20}\n'),
      /rateLimit\.identity.*above total \(10\)/,
    ],
    [
      'an override by namespace, not ServiceAccount',
      jellyfin('      rateLimit: {overrides: [{from: [ingress-nginx], requestsPerSecond: 5}]}\n'),
      /must be a ServiceAccount as namespace\/name/,
    ],
    [
      'HTTP retries on a gRPC route',
      jellyfin('      routes: [{name: a, grpc: {method: Get}, retries: {http: [5xx]}}]\n'),
      /routes\[0\]\.retries\.http: .*GRPCRoute/,
    ],
    [
      'HTTP and gRPC routes on one port',
      jellyfin('      routes: [{name: a, grpc: {method: Get}}, {name: b, http: {path: /b}}]\n'),
      /mix HTTP and gRPC routes/,
    ],
    [
      'a namespace that is not meshed',
      `${MESHED}traffic: {books: {api: {timeouts: {request: 1s}}}}\n`,
      /traffic\.books.*not a meshed namespace/,
    ],
    [
      "egress on the mesh's own namespace",
      `${MESHED}egress: {linkerd-viz: {}}\n`,
      /egress\.linkerd-viz.*namespace of the mesh itself/,
    ],
    [
      'an allowed network inside the cluster networks',
      `${MESHED}egress: {media: {allow: {networks: [10.1.0.0/16]}}}\n`,
      /overlaps the cluster networks \(10\.0\.0\.0\/8\)/,
    ],
    [
      'a TLS host on the standard channel',
      `${MESHED}egress: {media: {allow: {hosts: [{host: api.themoviedb.org, port: 443}]}}}\n`,
      /TLSRoute, which only the Gateway API's experimental channel has/,
    ],
    [
      'a rate limit on a port a policy rule already gives a Server',
      `${jellyfin('      rateLimit: {total: 5, port: http}\n')}policy: {allow: {media: [{from: [ingress-nginx], ports: [http]}]}}\n`,
      /rateLimit.*policy\.allow\.media\[0\]\.ports\[0\] \(http\) already gives that port a Server/,
    ],
    [
      'routes with install: false and no version',
      `${jellyfin('      routes: [{name: a, http: {path: /a}}]\n')}gatewayApi: {install: false}\n`,
      /no Gateway API version is known: set gatewayApi\.version/,
    ],
    [
      'rate limits on stable-2.14',
      `releaseLine: stable-2.14.10\n${jellyfin('      rateLimit: {total: 5}\n')}`,
      /rateLimit.*needs Linkerd 2\.17 or newer; releaseLine stable-2\.14\.10 is Linkerd 2\.14/,
    ],
    [
      'retries on stable-2.14',
      `releaseLine: stable-2.14.10\n${jellyfin('      retries: {http: [5xx]}\n')}`,
      /retries.*needs Linkerd 2\.16 or newer/,
    ],
    [
      'egress on stable-2.14',
      `releaseLine: stable-2.14.10\n${MESHED}egress: {media: {}}\n`,
      /egress\.media.*needs Linkerd 2\.17 or newer/,
    ],
  ])('%s', (_case, text, message) => {
    expect(problems(text).join('\n')).toMatch(message);
  });

  test('a route to a port the Service lacks, at plan time', () => {
    expect(() =>
      synthesizeConfig(jellyfin('      routes: [{name: a, port: 9000, http: {path: /a}}]\n'), 'home'),
    ).toThrow(
      /traffic\.media\.jellyfin\.routes\[0\]\.port: 9000 is no port of the Service media\/jellyfin \[clusters\/home\.yaml traffic\.media\.jellyfin\.service\]; it has 8096 \(http\)/,
    );
  });

  test('circuit breaking alone works on stable-2.14 (failure accrual is older than retries)', () => {
    expect(problems(`releaseLine: stable-2.14.10\n${jellyfin('      circuitBreaking: true\n')}`)).toEqual([]);
  });
});

describe('what one Service emits', () => {
  test('Service-wide settings without routes are annotations on the Service, not objects', () => {
    const { plans, dist } = synthesizeConfig(
      jellyfin('      retries: {http: [5xx]}\n      timeouts: {request: 10s}\n      circuitBreaking: true\n'),
      'home',
    );
    expect([...dist.keys()].filter((path) => path.includes('/traffic/'))).toEqual([]);
    expect(plans[0].traffic.serviceAnnotations[0].annotations).toEqual({
      'retry.linkerd.io/http': '5xx',
      'timeout.linkerd.io/request': '10s',
      'balancer.linkerd.io/failure-accrual': 'consecutive',
    });
  });

  test('traffic is opt-in: a config without it has no traffic layer', () => {
    const { dist } = synthesizeConfig(MESHED, 'home');
    expect(dist.get('home/flux-kustomizations.yaml')).not.toContain('linkerd-traffic');
  });
});

describeWithShared("the traffic layer's Linkerd kinds against each edge line's own linkerd-crds", () => {
  const fixture = `${jellyfin('      rateLimit: {total: 10, identity: 5, overrides: [{from: [ingress-nginx/ingress-nginx], requestsPerSecond: 8}]}\n')}egress: {media: {allow: {networks: ["203.0.113.0/24", {cidr: 198.51.100.0/24, except: [198.51.100.128/25]}]}}}\n`;
  test.each(RELEASE_LINE_NAMES.filter((line) => line.startsWith('edge-')))('%s', (line) => {
    const version = releaseLine(line).helmChartVersions['linkerd-crds'];
    const tgz = join(SHARED_DIR, 'helm-repositories', 'linkerd-edge', `linkerd-crds-${version}.tgz`);
    const crds = parseObjects(
      helmTemplateCached(
        ['template', 'linkerd-crds', tgz, '--namespace', 'linkerd', '--kube-version', KUBERNETES_VERSION],
        tgz,
        (message) => {
          throw new Error(message);
        },
      ),
      tgz,
    ).filter((object) => object.kind === 'CustomResourceDefinition');
    const objects = synthesizeConfig(`releaseLine: ${line}\n${fixture}`, 'home')
      .objects.filter(({ layer }) => layer === 'traffic')
      .map(({ object }) => object as any);
    expect(objects.map((object) => object.kind).sort()).toEqual([
      'EgressNetwork',
      'EgressNetwork',
      'HTTPLocalRateLimitPolicy',
      'Server',
    ]);
    expect(crdProblems(crdValidators(crds), objects)).toEqual([]);
  });
});
