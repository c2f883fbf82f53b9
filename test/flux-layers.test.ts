/** The Flux layers a plan holds (lib/flux/layers.ts): their order and their timeouts, for every mix of choices. */
import { parseDuration } from '../lib/config/duration';
import { fluxLayers, GATEWAY_API_LAYER, type LayerChoices, layerTimeout } from '../lib/flux/layers';
import { CERT_MANAGER_RELEASES, meshReleases } from '../lib/linkerd/release-settings';

const flags = [false, true];
const everyChoice: LayerChoices[] = flags.flatMap((certManagerInstalled) =>
  [undefined, 'standard' as const, 'experimental' as const].flatMap((gatewayApiChannel) =>
    flags.flatMap((policy) =>
      flags.flatMap((alerts) =>
        flags.map((dashboards) => ({
          prerequisiteReleases: certManagerInstalled ? CERT_MANAGER_RELEASES : [],
          certManagerInstalled,
          meshReleases: meshReleases(['linkerd2-cni', 'linkerd-crds', 'linkerd-control-plane', 'linkerd-viz']),
          ...(gatewayApiChannel && { gatewayApiChannel }),
          policy,
          alerts,
          dashboards,
        })),
      ),
    ),
  ),
);

test.each(
  everyChoice.map((choices) => [
    JSON.stringify({ ...choices, prerequisiteReleases: undefined, meshReleases: undefined }),
    choices,
  ]),
)('%s: each layer once, after every layer it depends on; the optional ones exactly when chosen', (_name, choices) => {
  const layers = fluxLayers(choices);
  const names = layers.map((layer) => layer.name);
  expect(new Set(names).size).toBe(names.length);
  layers.forEach((layer, index) =>
    expect(layer.dependsOn.filter((name) => !names.slice(0, index).includes(name))).toEqual([]),
  );
  expect(names.includes(GATEWAY_API_LAYER)).toBe(choices.gatewayApiChannel !== undefined);
  expect([names.includes('policy'), names.includes('alerts'), names.includes('dashboards')]).toEqual([
    choices.policy,
    choices.alerts,
    choices.dashboards,
  ]);
  // Without our cert-manager, the first layer waits for the one installed elsewhere.
  expect(layers[0].healthChecks !== undefined).toBe(!choices.certManagerInstalled);
  const gatewayApi = layers.find((layer) => layer.name === GATEWAY_API_LAYER);
  if (gatewayApi) {
    expect(layers.find((layer) => layer.name === 'mesh')!.dependsOn).toContain(GATEWAY_API_LAYER);
    expect(gatewayApi.source!.path.endsWith('/experimental')).toBe(choices.gatewayApiChannel === 'experimental');
  }
});

test("a layer's timeout covers its longest chain of Helm timeouts, with a margin", () => {
  const chain = [
    { name: 'a', namespace: 'x', timeout: '5m' },
    { name: 'b', namespace: 'x', timeout: '10m', after: ['a'] },
    { name: 'c', namespace: 'x', timeout: '1h', after: ['b', 'not-installed'] },
    { name: 'd', namespace: 'x', timeout: '90s' },
  ];
  const seconds = parseDuration(layerTimeout(chain))!;
  expect(seconds).toBeGreaterThan(5 * 60 + 10 * 60 + 60 * 60);
  expect(seconds).toBeLessThanOrEqual(5 * 60 + 10 * 60 + 60 * 60 + 10 * 60);
  // Independent releases run side by side: the longest one counts, not their sum.
  expect(parseDuration(layerTimeout([chain[0], chain[3]]))).toBe(parseDuration(layerTimeout([chain[0]])));
  expect(() => layerTimeout([{ name: 'e', namespace: 'x', timeout: 'soon' }])).toThrow(
    'release e: timeout "soon" is not a duration',
  );
});
