/**
 * Every admission webhook and API service of every Helm chart we install, on every line, gets its TLS from
 * cert-manager (a CA of its own), never from Helm: nothing churns on upgrade, nothing expires unnoticed.
 */
import { LINKERD_HELM_CHARTS, RELEASE_LINE_NAMES, releaseLine } from '../../lib/linkerd/catalog';
import { helmChartWebhooks, type Webhook, webhookValueKeys } from '../../lib/linkerd/webhooks';
import { caBundleFields } from '../../test/support/ca-bundle-fields';
import { synthesizeConfig } from '../../test/support/synth';

/** A config per line that installs every Helm chart the line has. */
const CONFIGS = RELEASE_LINE_NAMES.map(
  (line) => [line, `releaseLine: ${line}\nbudget: {cpu: "8", memory: 8Gi}\n`] as const,
);

test('the webhooks are read from the Helm charts: every externalSecret key of every Helm chart on every line is known', () => {
  // From the catalog and each line's generated key tree: a line added with release-line:add is checked too.
  for (const line of RELEASE_LINE_NAMES) {
    for (const helmChart of LINKERD_HELM_CHARTS.filter((candidate) => releaseLine(line).helmChartVersions[candidate])) {
      const keys = webhookValueKeys(line, helmChart);
      expect([line, helmChart, helmChartWebhooks(line, helmChart, keys).map((webhook) => webhook.valuesKey)]).toEqual([
        line,
        helmChart,
        keys,
      ]);
    }
    // Every line's control plane has its injector and validators; viz its tap and tap injector.
    expect([line, webhookValueKeys(line, 'linkerd-control-plane').sort()]).toEqual([
      line,
      ['policyValidator', 'profileValidator', 'proxyInjector'],
    ]);
    if (releaseLine(line).helmChartVersions['linkerd-viz'])
      expect([line, webhookValueKeys(line, 'linkerd-viz').sort()]).toEqual([line, ['tap', 'tapInjector']]);
  }
});

test('a line that adds a webhook is caught, naming where to add it', () => {
  expect(() => helmChartWebhooks('edge-99.1.1', 'linkerd-viz', ['tap', 'metricsWebhook'])).toThrow(
    'linkerd-viz in edge-99.1.1 has a webhook "metricsWebhook" (metricsWebhook.externalSecret) that lib/linkerd/webhooks.ts does not list',
  );
});

describe.each(CONFIGS)('%s', (line, text) => {
  const { objects } = synthesizeConfig(text);
  const releases = objects.filter(({ object }) => object.kind === 'HelmRelease');
  const certificates = objects.filter(({ object }) => object.kind === 'Certificate');

  test('every webhook value is set: externalSecret, and injectCaFrom naming a Certificate we emit for the Secret the Helm chart mounts', () => {
    let checked = 0;
    for (const { object, layer } of releases) {
      const helmChart = (object.spec as any).chart?.spec.chart;
      if (!(LINKERD_HELM_CHARTS as readonly string[]).includes(helmChart)) continue;
      for (const webhook of helmChartWebhooks(line, helmChart)) {
        const { externalSecret, injectCaFrom, caBundle, injectCaFromSecret } = (object.spec as any).values[
          webhook.valuesKey
        ];
        expect([helmChart, webhook.valuesKey, { externalSecret, injectCaFrom, caBundle, injectCaFromSecret }]).toEqual([
          helmChart,
          webhook.valuesKey,
          {
            externalSecret: true,
            injectCaFrom: `${webhook.namespace}/${webhook.certificate}`,
            caBundle: undefined,
            injectCaFromSecret: undefined,
          },
        ]);
        const certificate = certificates.find(
          ({ object: candidate }) =>
            candidate.metadata.name === webhook.certificate && candidate.metadata.namespace === webhook.namespace,
        );
        expect(certificate?.object.spec).toMatchObject({
          secretName: webhook.secretName,
          dnsNames: [`${webhook.service}.${webhook.namespace}.svc`],
          issuerRef: { kind: 'ClusterIssuer', name: 'linkerd-webhook-issuer' },
          isCA: false,
          usages: ['server auth'],
        });
        // The Certificate is applied (and waited for) in the identity layer, which the mesh layer waits for.
        expect([certificate?.layer, layer]).toEqual(['identity', 'mesh']);
        checked++;
      }
    }
    // As many as the Helm charts of the line that this config installs have webhook keys (from the Helm charts' values).
    const installed = releases
      .map(({ object }) => (object.spec as any).chart?.spec.chart)
      .filter((helmChart) => (LINKERD_HELM_CHARTS as readonly string[]).includes(helmChart));
    expect(checked).toBe(installed.reduce((sum, helmChart) => sum + webhookValueKeys(line, helmChart).length, 0));
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  test('renewed well before expiry, from a CA separate from the identity trust chain', () => {
    const webhook = certificates.filter(
      ({ object }) => (object.spec as any).issuerRef.name === 'linkerd-webhook-issuer',
    );
    for (const { object } of webhook)
      expect(object.spec).toMatchObject({ duration: '2160h0m0s', renewBefore: '720h0m0s' });
    const issuer = objects.find(
      ({ object }) => object.kind === 'ClusterIssuer' && object.metadata.name === 'linkerd-webhook-issuer',
    )!.object;
    expect(issuer.spec).toEqual({ ca: { secretName: 'linkerd-webhook-ca' } });
    const ca = certificates.find(({ object }) => object.metadata.name === 'linkerd-webhook-ca')!.object;
    expect(ca.spec).toMatchObject({ isCA: true, issuerRef: { kind: 'Issuer', name: 'linkerd-webhook-root-issuer' } });
    expect((ca.spec as any).issuerRef.name).not.toMatch(/trust|identity/);
  });

  test('no Helm chart value holds a PEM, a key or a CA bundle', () => {
    const text = JSON.stringify(releases.map(({ object }) => (object.spec as any).values ?? {}));
    expect(text).not.toMatch(/BEGIN|PRIVATE KEY|caBundle|crtPEM|keyPEM/);
  });

  test('drift detection is on for every mesh release, ignoring exactly the caBundle fields of the webhooks its values configure', () => {
    // What the API server holds for each webhook the release's values hand to cert-manager (externalSecret):
    // one object of the webhook's kind calling its Service. (test/render checks these against what Helm renders.)
    const standIn = (webhook: Webhook) =>
      webhook.kind === 'APIService'
        ? { kind: webhook.kind, spec: { service: { name: webhook.service, namespace: webhook.namespace } } }
        : {
            kind: webhook.kind,
            webhooks: [{ clientConfig: { service: { name: webhook.service, namespace: webhook.namespace } } }],
          };
    const meshReleases = releases.filter(({ layer }) => layer === 'mesh');
    expect(meshReleases.length).toBeGreaterThanOrEqual(2);
    let ignored = 0;
    for (const { object } of meshReleases) {
      const spec = object.spec as any;
      const helmChart = spec.chart?.spec.chart;
      const configured = (LINKERD_HELM_CHARTS as readonly string[]).includes(helmChart)
        ? helmChartWebhooks(line, helmChart).filter(
            (webhook) => spec.values?.[webhook.valuesKey]?.externalSecret === true,
          )
        : [];
      const fields = configured.flatMap((webhook) =>
        caBundleFields(standIn(webhook)).map((field) => `${webhook.kind} ${field.path}`),
      );
      const rules = (
        (spec.driftDetection?.ignore ?? []) as Array<{ paths: string[]; target: { kind: string } }>
      ).flatMap((rule) => rule.paths.map((path) => `${rule.target.kind} ${path}`));
      expect([object.metadata.name, spec.driftDetection?.mode, [...new Set(rules)].sort()]).toEqual([
        object.metadata.name,
        'enabled',
        [...new Set(fields)].sort(),
      ]);
      // No rule twice, and none without a webhook behind it.
      expect(rules.length).toBe(new Set(rules).size);
      ignored += rules.length;
    }
    expect(ignored).toBeGreaterThanOrEqual(2);
  });
});
