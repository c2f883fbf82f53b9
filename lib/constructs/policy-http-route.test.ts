/**
 * PolicyHttpRoute on its own, the cdk8s-plus way: one construct in `Testing.chart()`, its output, the props it
 * refuses, then the real CRD.
 */
import { Testing } from 'cdk8s';
import { crdProblems } from '../../test/support/crd-problems';
import { crdValidators } from '../../test/support/crd-schemas';
import { newestLinkerdCrds } from '../../test/support/linkerd-crds';
import { describeWithShared } from '../../test/support/shared';
import { PolicyHttpRoute, type PolicyHttpRouteProps } from './policy-http-route';

const PROPS: PolicyHttpRouteProps = {
  name: 'proxy-metrics',
  namespace: 'media',
  serverName: 'proxy-admin',
  pathPrefixes: ['/metrics'],
};

function synth(props: Partial<PolicyHttpRouteProps> = {}) {
  const chart = Testing.chart();
  const route = new PolicyHttpRoute(chart, 'Route', { ...PROPS, ...props });
  return { route, manifests: Testing.synth(chart) as any[] };
}

describe('defaults', () => {
  test('one policy.linkerd.io/v1beta3 HTTPRoute whose parent is the Server, one PathPrefix match', () => {
    const { route, manifests } = synth();
    expect(route.routeName).toBe('proxy-metrics');
    expect(manifests).toEqual([
      {
        apiVersion: 'policy.linkerd.io/v1beta3',
        kind: 'HTTPRoute',
        metadata: { name: 'proxy-metrics', namespace: 'media' },
        spec: {
          parentRefs: [{ group: 'policy.linkerd.io', kind: 'Server', name: 'proxy-admin' }],
          rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/metrics' } }] }],
        },
      },
    ]);
  });
});

describe('output', () => {
  test('several prefixes are several matches of one rule (any of them matches)', () => {
    expect(synth({ pathPrefixes: ['/live', '/ready'] }).manifests[0].spec.rules).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/live' } }, { path: { type: 'PathPrefix', value: '/ready' } }],
      },
    ]);
  });
});

describe('validation: early, naming the route and the value', () => {
  test.each<[string, readonly string[]]>([
    ['no prefix (a route that matches nothing)', []],
    ['a relative path', ['metrics']],
    ['one relative path among absolute ones', ['/ready', 'live']],
  ])('%s', (_case, pathPrefixes) => {
    expect(() => synth({ pathPrefixes })).toThrow(
      `HTTPRoute media/proxy-metrics: pathPrefixes must be absolute paths, got ${JSON.stringify(pathPrefixes)}`,
    );
  });
});

describeWithShared('against the HTTPRoute CRD of the newest linkerd-crds in ../shared', () => {
  test('accepted in a served version, with no unknown field', () => {
    const validators = crdValidators(newestLinkerdCrds());
    expect(crdProblems(validators, synth({ pathPrefixes: ['/', '/live', '/ready'] }).manifests)).toEqual([]);
  });
});
