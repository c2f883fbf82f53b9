/**
 * Linkerd's CNI plugin and Pod Security: `cni.enabled` installs the line's own linkerd2-cni Helm chart before the
 * control plane, with the distribution's directories; Linkerd's namespaces get the level their Helm charts choose;
 * a meshed namespace may enforce more than `privileged` only with the plugin, and is refused by name otherwise.
 */
import { loadClusterConfig } from '../../lib/plan/config-load';
import { configWarnings } from '../cluster-config';
import { CNI_PRESET_NAMES, CNI_PRESETS } from './presets';
import { RELEASE_LINE_NAMES, releaseLine } from '../../lib/linkerd/catalog';
import { valueKeyTree } from '../../lib/linkerd/values-keys';
import type { KubeObject } from '../../lib/output/render';
import { synthesizeConfig } from '../../test/support/synth';
import { configProblemsOf } from '../../test/support/config-problems';

const FILE = 'clusters/home.yaml';

const problems = (text: string): string[] => configProblemsOf(text, FILE);

function objects(text: string): Map<string, KubeObject> {
  return new Map(
    synthesizeConfig(text, 'home').objects.map(({ object }) => [`${object.kind}/${object.metadata.name}`, object]),
  );
}

const spec = (object: KubeObject | undefined) => object?.spec as any;
const enforced = (object: KubeObject | undefined) =>
  (object?.metadata.labels as Record<string, string> | undefined)?.['pod-security.kubernetes.io/enforce'];
const CNI_LINES = RELEASE_LINE_NAMES.filter((line) => releaseLine(line).helmChartVersions['linkerd2-cni']);

describe('cni.enabled: false (the default)', () => {
  const emitted = objects('meshedNamespaces: [apps]\n');

  test('installs no CNI plugin and leaves linkerd-init in meshed pods', () => {
    expect(emitted.has('HelmRelease/linkerd2-cni')).toBe(false);
    expect(emitted.has('Namespace/linkerd-cni')).toBe(false);
    expect(spec(emitted.get('HelmRelease/linkerd-control-plane')).values).not.toHaveProperty('cniEnabled');
  });

  test("Linkerd's namespaces and jaeger's stay privileged; a meshed namespace gets no level", () => {
    for (const name of ['linkerd', 'linkerd-viz', 'linkerd-jaeger'])
      expect([name, enforced(emitted.get(`Namespace/${name}`))]).toEqual([name, 'privileged']);
    expect(enforced(emitted.get('Namespace/apps'))).toBeUndefined();
  });
});

describe.each(CNI_LINES)('cni.enabled: true on %s', (line) => {
  const emitted = objects(`releaseLine: ${line}\ncni: {enabled: true}\nmeshedNamespaces: [apps]\n`);
  const cni = spec(emitted.get('HelmRelease/linkerd2-cni'));

  test("installs the line's own linkerd2-cni Helm chart into linkerd-cni, and the control plane waits for it", () => {
    expect(cni.chart.spec).toMatchObject({
      chart: 'linkerd2-cni',
      version: releaseLine(line).helmChartVersions['linkerd2-cni'],
    });
    expect(cni.targetNamespace).toBe('linkerd-cni');
    const controlPlane = spec(emitted.get('HelmRelease/linkerd-control-plane'));
    expect(controlPlane.dependsOn).toContainEqual({ name: 'linkerd2-cni' });
    expect(controlPlane.values.cniEnabled).toBe(true);
  });

  test('cniEnabled is set on every Helm chart whose values have the key, and on no other', () => {
    for (const [key, object] of emitted) {
      const helmChart = spec(object)?.chart?.spec?.chart;
      if (!key.startsWith('HelmRelease/') || !helmChart?.startsWith('linkerd')) continue;
      expect([helmChart, spec(object).values?.cniEnabled]).toEqual([
        helmChart,
        valueKeyTree(line, helmChart).cniEnabled !== undefined ? true : undefined,
      ]);
    }
  });

  test('the linkerd-cni namespace has the labels of `linkerd install-cni` and is never pruned', () => {
    const namespace = emitted.get('Namespace/linkerd-cni')!;
    expect(namespace.metadata.labels).toEqual({
      'config.linkerd.io/admission-webhooks': 'disabled',
      'linkerd.io/cni-resource': 'true',
      'pod-security.kubernetes.io/enforce': 'privileged',
    });
    expect(namespace.metadata.annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
  });

  test('linkerd and linkerd-viz enforce restricted, as their Helm charts choose with cniEnabled', () => {
    expect(enforced(emitted.get('Namespace/linkerd'))).toBe('restricted');
    expect(enforced(emitted.get('Namespace/linkerd-viz'))).toBe('restricted');
    // linkerd-jaeger's Helm chart chooses restricted; the Jaeger project's Helm chart renders a container baseline admits.
    const tracingRelease = emitted.has('HelmRelease/linkerd-jaeger') ? 'restricted' : 'baseline';
    expect(enforced(emitted.get('Namespace/linkerd-jaeger'))).toBe(tracingRelease);
  });

  test('the default preset writes the CNI default directories', () => {
    expect(cni.values).toMatchObject({
      destCNINetDir: '/etc/cni/net.d',
      destCNIBinDir: '/opt/cni/bin',
      repairController: { enabled: true },
    });
    expect(cni.values.iptablesMode).toBe(
      valueKeyTree(line, 'linkerd2-cni').iptablesMode !== undefined ? 'nft' : undefined,
    );
  });
});

describe('presets', () => {
  test.each(CNI_PRESET_NAMES)(
    '%s: its directories reach the Helm chart, and a field overrides its preset',
    (preset) => {
      const values = (text: string) =>
        spec(objects(`cni: {enabled: true, preset: ${preset}${text}}\n`).get('HelmRelease/linkerd2-cni')).values;
      expect(values('')).toMatchObject({
        destCNINetDir: CNI_PRESETS[preset].netDir,
        destCNIBinDir: CNI_PRESETS[preset].binDir,
        iptablesMode: CNI_PRESETS[preset].iptablesMode,
      });
      expect(values(', binDir: /usr/libexec/cni, iptablesMode: legacy, repairController: false')).toMatchObject({
        destCNINetDir: CNI_PRESETS[preset].netDir,
        destCNIBinDir: '/usr/libexec/cni',
        iptablesMode: 'legacy',
        repairController: { enabled: false },
      });
    },
  );

  test('k3s keeps its CNI directories under /var/lib/rancher/k3s', () => {
    expect(CNI_PRESETS.k3s.netDir.startsWith('/var/lib/rancher/k3s/')).toBe(true);
    expect(CNI_PRESETS.k3s.binDir.startsWith('/var/lib/rancher/k3s/')).toBe(true);
  });

  test('an unknown preset is refused with every known one', () => {
    expect(problems('cni: {enabled: true, preset: talso}')).toEqual([
      `${FILE}: cni.preset: "talso" is not a CNI preset (did you mean "talos"?); known: ${CNI_PRESET_NAMES.map((name) => `"${name}" (${CNI_PRESETS[name].description})`).join(', ')}`,
    ]);
  });
});

describe('bad CNI input', () => {
  test.each([
    [
      'a relative directory',
      'cni: {enabled: true, netDir: etc/cni/net.d}',
      'cni.netDir: "etc/cni/net.d" must be an absolute directory on the node',
    ],
    [
      'a directory with ..',
      'cni: {enabled: true, binDir: /opt/../etc}',
      'cni.binDir: "/opt/../etc" must be an absolute directory on the node',
    ],
    [
      'a directory with a quote',
      'cni: {enabled: true, binDir: "/opt/cni\\"bin"}',
      'cni.binDir: "/opt/cni\\"bin" must be an absolute directory on the node',
    ],
    [
      'an unknown iptables mode',
      'cni: {enabled: true, iptablesMode: nftables}',
      'cni.iptablesMode: "nftables" is not allowed; allowed: "nft", "legacy", "plain"',
    ],
    [
      'a setting without cni.enabled',
      'cni: {netDir: /etc/cni/net.d}',
      'cni.netDir: "/etc/cni/net.d" only applies with cni.enabled: true; set that too, or remove it',
    ],
  ])('%s', (_name, text, expected) => {
    const found = problems(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`${FILE}: ${expected}`);
  });

  const withoutMode = CNI_LINES.filter((line) => valueKeyTree(line, 'linkerd2-cni').iptablesMode === undefined);
  (withoutMode.length > 0 ? test.each(withoutMode) : test.skip.each(['(every line has it)']))(
    'iptablesMode on %s, whose plugin has no such value',
    (line) => {
      expect(problems(`releaseLine: ${line}\ncni: {enabled: true, iptablesMode: nft}`)).toEqual([
        expect.stringContaining(
          `${FILE}: cni.iptablesMode: "nft" is not a setting of ${line}: its CNI plugin has no iptablesMode`,
        ),
      ]);
    },
  );
});

describe('Pod Security of meshed namespaces', () => {
  test('a Talos-like config without the CNI plugin is refused, naming cni.enabled', () => {
    expect(problems('podSecurity: {enforce: baseline}\nmeshedNamespaces: [apps]')).toEqual([
      `${FILE}: meshedNamespaces[0].name: "apps" would enforce Pod Security "baseline" (podSecurity.enforce) on namespace "apps", which refuses every meshed pod: ` +
        'without the CNI plugin each one runs linkerd-init, which adds NET_ADMIN and NET_RAW; set cni.enabled: true (docs/cni-and-pod-security.md "CNI and Pod Security"), or podSecurity: privileged on this namespace',
    ]);
  });

  test("a namespace's own restricted level without the CNI plugin is refused at that field", () => {
    expect(problems('meshedNamespaces: [{name: apps, podSecurity: restricted}]')).toEqual([
      expect.stringMatching(
        /^clusters\/home\.yaml: meshedNamespaces\[0\]\.podSecurity: "restricted" would enforce .* set cni\.enabled: true/,
      ),
    ]);
  });

  test('privileged, or a namespace declared elsewhere, needs no CNI plugin', () => {
    expect(
      problems(
        'podSecurity: {enforce: baseline}\nmeshedNamespaces: [{name: apps, podSecurity: privileged}, {name: media, declared: elsewhere}]',
      ),
    ).toEqual([]);
    expect(
      enforced(
        objects('podSecurity: {enforce: baseline}\nmeshedNamespaces: [{name: apps, podSecurity: privileged}]').get(
          'Namespace/apps',
        ),
      ),
    ).toBe('privileged');
  });

  test("with the CNI plugin a meshed namespace gets the cluster's level, or its own", () => {
    const emitted = objects(
      'cni: {enabled: true, preset: talos}\npodSecurity: {enforce: baseline}\nmeshedNamespaces: [apps, {name: payments, podSecurity: restricted}]\n',
    );
    expect(enforced(emitted.get('Namespace/apps'))).toBe('baseline');
    expect(enforced(emitted.get('Namespace/payments'))).toBe('restricted');
    // The injection annotation is unchanged.
    expect(emitted.get('Namespace/apps')!.metadata.annotations).toMatchObject({ 'linkerd.io/inject': 'enabled' });
  });

  test('a namespace declared elsewhere: its level belongs in its own manifest, and without the plugin it must be privileged there', () => {
    const warnings = (text: string) => configWarnings(loadClusterConfig(text, FILE), FILE);
    expect(
      warnings('cni: {enabled: true}\nmeshedNamespaces: [{name: media, declared: elsewhere, podSecurity: restricted}]'),
    ).toEqual([
      `warning: ${FILE}: meshedNamespaces[0].podSecurity: has no effect with declared: elsewhere (this project emits no Namespace "media"); put "pod-security.kubernetes.io/enforce: restricted" under metadata.labels in its own manifest`,
    ]);
    expect(
      warnings('podSecurity: {enforce: baseline}\nmeshedNamespaces: [{name: media, declared: elsewhere}]'),
    ).toEqual([
      `warning: ${FILE}: meshedNamespaces[0]: "media" is declared elsewhere and the cluster enforces Pod Security "baseline" (podSecurity.enforce), which refuses meshed pods without the CNI plugin: ` +
        'label it "pod-security.kubernetes.io/enforce: privileged" in its own manifest, or set cni.enabled: true (docs/cni-and-pod-security.md "CNI and Pod Security")',
    ]);
    expect(
      warnings(
        'cni: {enabled: true}\npodSecurity: {enforce: baseline}\nmeshedNamespaces: [{name: media, declared: elsewhere}]',
      ),
    ).toEqual([]);
  });

  test('an unknown level is refused with the three standards', () => {
    expect(problems('podSecurity: {enforce: strict}')).toEqual([
      `${FILE}: podSecurity.enforce: "strict" is not allowed; allowed: "privileged", "baseline", "restricted"`,
    ]);
  });
});
