/**
 * PolicyServer on its own, the cdk8s-plus way: one construct in `Testing.chart()`, its defaults (left to the
 * CRD's own defaults, which are checked to be what the JSDoc promises), then its output, then the props it
 * refuses, then the real CRD.
 */
import { Testing } from 'cdk8s';
import { crdProblems } from '../../test/support/crd-problems';
import { crdValidators } from '../../test/support/crd-schemas';
import { newestLinkerdCrds } from '../../test/support/linkerd-crds';
import { describeWithShared } from '../../test/support/shared';
import { PolicyServer, type PolicyServerProps } from './policy-server';

const PROPS: PolicyServerProps = {
  name: 'web-http',
  namespace: 'media',
  podSelector: { matchLabels: { app: 'web' } },
  port: 'http',
};

function synth(props: Partial<PolicyServerProps> = {}) {
  const chart = Testing.chart();
  const server = new PolicyServer(chart, 'Server', { ...PROPS, ...props });
  return { server, manifests: Testing.synth(chart) as any[] };
}

describe('defaults', () => {
  test('a policy.linkerd.io/v1beta3 Server with no proxyProtocol and no accessPolicy: the CRD defaults apply', () => {
    const { server, manifests } = synth();
    expect(server.serverName).toBe('web-http');
    expect(server.apiObject.apiVersion).toBe('policy.linkerd.io/v1beta3');
    expect(manifests).toEqual([
      {
        apiVersion: 'policy.linkerd.io/v1beta3',
        kind: 'Server',
        metadata: { name: 'web-http', namespace: 'media' },
        spec: { podSelector: { matchLabels: { app: 'web' } }, port: 'http' },
      },
    ]);
  });
});

describe('output', () => {
  test('a numeric port, a protocol and audit, as given', () => {
    expect(synth({ port: 9090, proxyProtocol: 'HTTP/2', accessPolicy: 'audit' }).manifests[0].spec).toEqual({
      podSelector: { matchLabels: { app: 'web' } },
      port: 9090,
      proxyProtocol: 'HTTP/2',
      accessPolicy: 'audit',
    });
  });

  test('matchExpressions, copied (values too), beside matchLabels', () => {
    const values = ['web', 'api'];
    const podSelector: PolicyServerProps['podSelector'] = {
      matchLabels: { tier: 'front' },
      matchExpressions: [
        { key: 'app', operator: 'In', values },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    };
    const spec = synth({ podSelector }).manifests[0].spec;
    values.push('later');
    expect(spec.podSelector).toEqual({
      matchLabels: { tier: 'front' },
      matchExpressions: [
        { key: 'app', operator: 'In', values: ['web', 'api'] },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    });
  });

  test("v1beta1 for stable-2.14's linkerd-crds: the same spec, without accessPolicy", () => {
    const { server, manifests } = synth({ apiVersion: 'v1beta1', proxyProtocol: 'opaque' });
    expect(server.apiObject.apiVersion).toBe('policy.linkerd.io/v1beta1');
    expect(manifests[0]).toEqual({
      apiVersion: 'policy.linkerd.io/v1beta1',
      kind: 'Server',
      metadata: { name: 'web-http', namespace: 'media' },
      spec: { podSelector: { matchLabels: { app: 'web' } }, port: 'http', proxyProtocol: 'opaque' },
    });
  });
});

describe('validation: early, naming the Server and the value', () => {
  test.each<[string, Partial<PolicyServerProps>, string]>([
    [
      'a selector with neither matchLabels nor matchExpressions',
      { podSelector: {} },
      'Server media/web-http: podSelector needs matchLabels or matchExpressions',
    ],
    [
      'accessPolicy on a line that serves only v1beta1 (the field is v1beta3)',
      { apiVersion: 'v1beta1', accessPolicy: 'audit' },
      'Server media/web-http: accessPolicy "audit" needs Server v1beta3; this line serves v1beta1',
    ],
    [
      'even accessPolicy deny on v1beta1',
      { apiVersion: 'v1beta1', accessPolicy: 'deny' },
      'accessPolicy "deny" needs Server v1beta3',
    ],
  ])('%s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});

describeWithShared('against the Server CRD of the newest linkerd-crds in ../shared', () => {
  const crds = newestLinkerdCrds() as any[];

  test("the @default values the JSDoc promises are the CRD's own defaults: proxyProtocol unknown, accessPolicy deny", () => {
    const server = crds.find((crd) => crd.spec.group === 'policy.linkerd.io' && crd.spec.names.kind === 'Server');
    const spec = (version: string) =>
      server.spec.versions.find((entry: any) => entry.name === version).schema.openAPIV3Schema.properties.spec
        .properties;
    expect(spec('v1beta3').proxyProtocol.default).toBe('unknown');
    expect(spec('v1beta3').accessPolicy.default).toBe('deny');
    expect(spec('v1beta1').proxyProtocol.default).toBe('unknown');
    expect(spec('v1beta1').accessPolicy).toBeUndefined();
  });

  test('both versions, every option, accepted with no unknown field', () => {
    const validators = crdValidators(crds);
    const all = [
      ...synth().manifests,
      ...synth({
        name: 'everything',
        port: 4191,
        proxyProtocol: 'gRPC',
        accessPolicy: 'audit',
        podSelector: { matchLabels: { a: 'b' }, matchExpressions: [{ key: 'c', operator: 'NotIn', values: ['d'] }] },
      }).manifests,
      ...synth({ name: 'stable', apiVersion: 'v1beta1', proxyProtocol: 'TLS' }).manifests,
    ];
    expect(crdProblems(validators, all)).toEqual([]);
  });
});
