/**
 * GatewayRoute on its own, the cdk8s-plus way: one construct in `Testing.chart()`, its defaults (a rule with no
 * matches: every request), its output (matches, hostnames, annotations, an EgressNetwork parent and backend), the
 * props it refuses, then the Gateway API CRDs of the releases the lines install and name (../shared/gateway-api-crds).
 */
import { Testing } from 'cdk8s';
import { crdProblems } from '../../test/support/crd-problems';
import { crdValidators } from '../../test/support/crd-schemas';
import { gatewayApiCrds } from '../../test/support/helm-render';
import { describeWithShared } from '../../test/support/shared';
import { GATEWAY_ROUTE_API_VERSIONS, GatewayRoute, type GatewayRouteProps } from './gateway-route';

const PROPS: GatewayRouteProps = {
  kind: 'HTTPRoute',
  name: 'jellyfin',
  namespace: 'media',
  parent: { kind: 'Service', name: 'jellyfin', port: 8096 },
};

function synth(props: Partial<GatewayRouteProps> = {}) {
  const chart = Testing.chart();
  const route = new GatewayRoute(chart, 'Route', { ...PROPS, ...props } as GatewayRouteProps);
  return { route, manifests: Testing.synth(chart) as any[] };
}

describe('defaults', () => {
  test('an HTTPRoute gateway.networking.k8s.io/v1 on the Service and port (group core), one rule without matches, no annotations', () => {
    const { route, manifests } = synth();
    expect(route.apiObject.kind).toBe('HTTPRoute');
    expect(manifests).toEqual([
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'jellyfin', namespace: 'media' },
        spec: {
          parentRefs: [{ group: 'core', kind: 'Service', name: 'jellyfin', port: 8096 }],
          rules: [{}],
        },
      },
    ]);
  });

  test('the versions: HTTPRoute and GRPCRoute v1, TLSRoute v1alpha2 (what Linkerd watches)', () => {
    expect(GATEWAY_ROUTE_API_VERSIONS).toEqual({
      HTTPRoute: 'gateway.networking.k8s.io/v1',
      GRPCRoute: 'gateway.networking.k8s.io/v1',
      TLSRoute: 'gateway.networking.k8s.io/v1alpha2',
    });
  });

  test('empty annotations and empty matches are left out', () => {
    const [object] = synth({ annotations: {}, matches: [] }).manifests;
    expect(object.metadata).toEqual({ name: 'jellyfin', namespace: 'media' });
    expect(object.spec.rules).toEqual([{}]);
  });
});

describe('output', () => {
  test("an HTTP match (path and method) with Linkerd's retry and timeout annotations, copied", () => {
    const annotations = { 'retry.linkerd.io/http': '5xx', 'timeout.linkerd.io/request': '5s' };
    const [object] = synth({
      name: 'jellyfin-api-items',
      matches: [{ path: { type: 'PathPrefix', value: '/Items' }, method: 'GET' }],
      annotations,
    }).manifests;
    annotations['retry.linkerd.io/http'] = 'changed later';
    expect(object.metadata.annotations).toEqual({ 'retry.linkerd.io/http': '5xx', 'timeout.linkerd.io/request': '5s' });
    expect(object.spec.rules).toEqual([
      { matches: [{ path: { type: 'PathPrefix', value: '/Items' }, method: 'GET' }] },
    ]);
  });

  test('a gRPC match is an Exact method match on a GRPCRoute', () => {
    const [object] = synth({
      kind: 'GRPCRoute',
      name: 'transcoder-transcode',
      parent: { kind: 'Service', name: 'transcoder', port: 9090 },
      matches: [{ grpc: { service: 'transcoder.v1.Transcoder', method: 'Transcode' } }],
    }).manifests;
    expect(object.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(object.spec.rules).toEqual([
      { matches: [{ method: { type: 'Exact', service: 'transcoder.v1.Transcoder', method: 'Transcode' } }] },
    ]);
  });

  test('an EgressNetwork parent: traffic goes where it was going (the EgressNetwork is the backend), with hostnames', () => {
    const [object] = synth({
      name: 'tmdb',
      parent: { kind: 'EgressNetwork', name: 'egress', port: 80 },
      hostnames: ['api.themoviedb.org'],
    }).manifests;
    expect(object.spec).toEqual({
      parentRefs: [{ group: 'policy.linkerd.io', kind: 'EgressNetwork', name: 'egress', port: 80 }],
      hostnames: ['api.themoviedb.org'],
      rules: [{ backendRefs: [{ group: 'policy.linkerd.io', kind: 'EgressNetwork', name: 'egress' }] }],
    });
  });

  test('a TLSRoute on an EgressNetwork: v1alpha2, hostnames, the backend', () => {
    const [object] = synth({
      kind: 'TLSRoute',
      name: 'tmdb-443',
      parent: { kind: 'EgressNetwork', name: 'egress', port: 443 },
      hostnames: ['api.themoviedb.org'],
    }).manifests;
    expect(object.apiVersion).toBe('gateway.networking.k8s.io/v1alpha2');
    expect(object.spec.rules).toEqual([
      { backendRefs: [{ group: 'policy.linkerd.io', kind: 'EgressNetwork', name: 'egress' }] },
    ]);
  });
});

describe('validation: early, naming the route', () => {
  test.each<[string, Partial<GatewayRouteProps>, string]>([
    [
      'a TLSRoute without hostnames',
      { kind: 'TLSRoute', parent: { kind: 'EgressNetwork', name: 'egress', port: 443 } },
      'TLSRoute media/jellyfin: a TLSRoute needs hostnames',
    ],
    [
      'a TLSRoute with empty hostnames',
      { kind: 'TLSRoute', hostnames: [] },
      'TLSRoute media/jellyfin: a TLSRoute needs hostnames',
    ],
    [
      'a TLSRoute with matches',
      { kind: 'TLSRoute', hostnames: ['a.example'], matches: [{ path: { type: 'Exact', value: '/' } }] },
      'TLSRoute media/jellyfin: a TLSRoute has no matches',
    ],
    [
      'a gRPC match on an HTTPRoute',
      { matches: [{ grpc: { service: 'a.B' } }] },
      'HTTPRoute media/jellyfin: a gRPC match on a HTTPRoute',
    ],
    [
      'an HTTP match on a GRPCRoute',
      { kind: 'GRPCRoute', matches: [{ method: 'GET' }] },
      'GRPCRoute media/jellyfin: an HTTP match on a GRPCRoute',
    ],
  ])('%s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});

describeWithShared('against the Gateway API CRDs in ../shared', () => {
  const every = () => [
    ...synth().manifests,
    ...synth({
      name: 'jellyfin-api-items',
      matches: [
        { path: { type: 'PathPrefix', value: '/Items' }, method: 'GET' },
        { path: { type: 'Exact', value: '/' } },
      ],
      annotations: { 'retry.linkerd.io/http': '5xx', 'retry.linkerd.io/limit': '2' },
    }).manifests,
    ...synth({
      kind: 'GRPCRoute',
      name: 'transcoder-transcode',
      parent: { kind: 'Service', name: 'transcoder', port: 9090 },
      matches: [{ grpc: { service: 'transcoder.v1.Transcoder', method: 'Transcode' } }, { grpc: { service: 'a.B' } }],
    }).manifests,
    ...synth({ name: 'tmdb', parent: { kind: 'EgressNetwork', name: 'egress', port: 80 }, hostnames: ['a.example'] })
      .manifests,
  ];

  test.each([
    ['v1.2.1', 'standard'],
    ['v1.4.0', 'standard'],
    ['v1.5.1', 'standard'],
  ])('HTTPRoute and GRPCRoute, every option: valid against %s %s, no unknown field', (version, channel) => {
    expect(crdProblems(crdValidators(gatewayApiCrds({ version, channel })), every())).toEqual([]);
  });

  test('the check can fail: a field the CRD lacks is refused', () => {
    const [object] = synth().manifests;
    const validators = crdValidators(gatewayApiCrds({ version: 'v1.4.0', channel: 'standard' }));
    expect(crdProblems(validators, [{ ...object, spec: { ...object.spec, retries: 2 } }])).not.toEqual([]);
  });

  test('a TLSRoute v1alpha2: valid against the experimental channel, which serves it', () => {
    const tls = synth({
      kind: 'TLSRoute',
      name: 'tmdb-443',
      parent: { kind: 'EgressNetwork', name: 'egress', port: 443 },
      hostnames: ['api.themoviedb.org'],
    }).manifests;
    expect(crdProblems(crdValidators(gatewayApiCrds({ version: 'v1.4.0', channel: 'experimental' })), tls)).toEqual([]);
    // The standard channel has no TLSRoute: why the config asks for gatewayApi.channel experimental.
    expect(crdProblems(crdValidators(gatewayApiCrds({ version: 'v1.2.1', channel: 'standard' })), tls)).toEqual([
      expect.stringContaining('no CRD in ../shared serves gateway.networking.k8s.io/v1alpha2 TLSRoute'),
    ]);
  });
});
