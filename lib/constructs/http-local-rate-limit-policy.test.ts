/**
 * HttpLocalRateLimitPolicy on its own, the cdk8s-plus way: one construct in `Testing.chart()`, its defaults (only
 * the limits given), its output (overrides by ServiceAccount), the props it refuses as Linkerd's admission webhook
 * would, then the real CRD of the newest linkerd-crds in ../shared.
 */
import { Testing } from 'cdk8s';
import { crdProblems } from '../../test/support/crd-problems';
import { crdValidators } from '../../test/support/crd-schemas';
import { newestLinkerdCrds } from '../../test/support/linkerd-crds';
import { describeWithShared } from '../../test/support/shared';
import { HttpLocalRateLimitPolicy, type HttpLocalRateLimitPolicyProps } from './http-local-rate-limit-policy';

const PROPS: HttpLocalRateLimitPolicyProps = {
  name: 'jellyfin',
  namespace: 'media',
  serverName: 'jellyfin-rate-limit',
  total: 100,
};

function synth(props: Partial<HttpLocalRateLimitPolicyProps> = {}): any[] {
  const chart = Testing.chart();
  new HttpLocalRateLimitPolicy(chart, 'Limit', { ...PROPS, ...props });
  return Testing.synth(chart);
}

describe('defaults', () => {
  test('a policy.linkerd.io/v1alpha1 HTTPLocalRateLimitPolicy on the Server, with only the limit given', () => {
    expect(synth()).toEqual([
      {
        apiVersion: 'policy.linkerd.io/v1alpha1',
        kind: 'HTTPLocalRateLimitPolicy',
        metadata: { name: 'jellyfin', namespace: 'media' },
        spec: {
          targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'jellyfin-rate-limit' },
          total: { requestsPerSecond: 100 },
        },
      },
    ]);
  });

  test('a per-identity limit alone: no total', () => {
    const [object] = synth({ total: undefined, identity: 20 });
    expect(object.spec).toEqual({
      targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'jellyfin-rate-limit' },
      identity: { requestsPerSecond: 20 },
    });
  });
});

describe('output', () => {
  test('total, identity and overrides: each override a limit for its ServiceAccounts (clientRefs), copied', () => {
    const serviceAccounts = [
      { namespace: 'ingress-nginx', name: 'ingress-nginx' },
      { namespace: 'media', name: 'sonarr' },
    ];
    const [object] = synth({ identity: 20, overrides: [{ requestsPerSecond: 80, serviceAccounts }] });
    serviceAccounts[0].name = 'changed later';
    expect(object.spec).toEqual({
      targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'jellyfin-rate-limit' },
      total: { requestsPerSecond: 100 },
      identity: { requestsPerSecond: 20 },
      overrides: [
        {
          requestsPerSecond: 80,
          clientRefs: [
            { kind: 'ServiceAccount', namespace: 'ingress-nginx', name: 'ingress-nginx' },
            { kind: 'ServiceAccount', namespace: 'media', name: 'sonarr' },
          ],
        },
      ],
    });
  });
});

describe('validation: early, naming the policy, as the admission webhook refuses it', () => {
  test.each<[string, Partial<HttpLocalRateLimitPolicyProps>, string]>([
    ['no limit at all', { total: undefined }, 'HTTPLocalRateLimitPolicy media/jellyfin: limits nothing'],
    [
      'a limit of 0',
      { total: 0 },
      'HTTPLocalRateLimitPolicy media/jellyfin: requestsPerSecond 0 must be a whole number above 0',
    ],
    ['a fraction', { identity: 2.5 }, 'requestsPerSecond 2.5 must be a whole number above 0'],
    [
      'an override of 0',
      { overrides: [{ requestsPerSecond: 0, serviceAccounts: [{ namespace: 'a', name: 'b' }] }] },
      'requestsPerSecond 0 must be a whole number above 0',
    ],
    [
      'an identity limit above total',
      { identity: 101 },
      'HTTPLocalRateLimitPolicy media/jellyfin: no limit may be above total (100)',
    ],
    [
      'an override above total',
      { overrides: [{ requestsPerSecond: 150, serviceAccounts: [{ namespace: 'a', name: 'b' }] }] },
      'no limit may be above total (100)',
    ],
  ])('%s', (_case, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  test('without a total, an identity limit and larger overrides are fine', () => {
    expect(() =>
      synth({
        total: undefined,
        identity: 10,
        overrides: [{ requestsPerSecond: 500, serviceAccounts: [{ namespace: 'a', name: 'b' }] }],
      }),
    ).not.toThrow();
  });
});

describeWithShared('against the HTTPLocalRateLimitPolicy CRD of the newest linkerd-crds in ../shared', () => {
  test('every option accepted, with no unknown field; a field the CRD lacks refused', () => {
    const validators = crdValidators(newestLinkerdCrds());
    const all = [
      ...synth(),
      ...synth({
        name: 'everything',
        identity: 20,
        overrides: [
          { requestsPerSecond: 80, serviceAccounts: [{ namespace: 'ingress-nginx', name: 'ingress-nginx' }] },
        ],
      }),
      ...synth({ name: 'identity-only', total: undefined, identity: 5 }),
    ];
    expect(crdProblems(validators, all)).toEqual([]);
    const [object] = synth();
    expect(crdProblems(validators, [{ ...object, spec: { ...object.spec, burst: 5 } }])).not.toEqual([]);
  });
});
