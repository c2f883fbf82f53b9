/**
 * Bad input the rest of the way: what is in clusters/ besides good files, settings that have no effect,
 * and objects that hold data or trust, which Flux must never prune.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../main';
import { synthesizeConfig } from './support/synth';

/** Runs main() on a fresh folder holding `entries` under clusters/ and a previous dist/; returns what it printed. */
function synthIn(entries: (clusters: string) => void) {
  const root = mkdtempSync(join(tmpdir(), 'bad-input-'));
  const clusters = join(root, 'clusters');
  const dist = join(root, 'dist');
  mkdirSync(clusters);
  mkdirSync(join(dist, 'old'), { recursive: true });
  writeFileSync(join(dist, 'old', 'kustomization.yaml'), 'the previous dist\n');
  entries(clusters);
  const errors: string[] = [];
  const logs: string[] = [];
  const error = jest.spyOn(console, 'error').mockImplementation((...args) => void errors.push(args.join(' ')));
  const log = jest.spyOn(console, 'log').mockImplementation((...args) => void logs.push(args.join(' ')));
  try {
    const status = main(clusters, dist);
    const distEntries = readdirSync(dist).sort();
    const previous = distEntries.includes('old') ? readFileSync(join(dist, 'old', 'kustomization.yaml'), 'utf8') : undefined;
    // Temporary folders are outside any Git repository: the ownership scan's "could not look" is not what these test.
    const shown = errors.filter((line) => !line.includes('could not look for Namespace manifests'));
    return { status, errors: shown.join('\n').replaceAll(`${clusters}/`, 'clusters/'), logs, distEntries, previous, root };
  } catch (thrown) {
    return { status: -1, errors: String(thrown), logs, distEntries: [] as string[], previous: undefined, root };
  } finally {
    error.mockRestore();
    log.mockRestore();
    rmSync(root, { recursive: true, force: true });
  }
}

describe('clusters/ entries', () => {
  test('a folder named like a config: a message, no stack trace, dist/ unchanged', () => {
    const run = synthIn((clusters) => {
      writeFileSync(join(clusters, 'studio.yaml'), '{}\n');
      mkdirSync(join(clusters, 'lab.yaml'));
    });
    expect(run.status).toBe(1);
    expect(run.errors).toContain('clusters/lab.yaml: is a folder; a cluster config is one YAML file (rename or remove it)');
    expect(run.errors).not.toMatch(/\n\s+at /);
    expect(run.distEntries).toEqual(['old']);
    expect(run.previous).toBe('the previous dist\n');
  });

  test('a broken symbolic link: a message', () => {
    const run = synthIn((clusters) => symlinkSync(join(clusters, 'missing.yaml'), join(clusters, 'lab.yaml')));
    expect(run.status).toBe(1);
    expect(run.errors).toContain('clusters/lab.yaml: is a symbolic link to something that does not exist; point it at a config file or remove it');
  });

  test('a missing clusters/ folder: a message', () => {
    const root = mkdtempSync(join(tmpdir(), 'bad-input-'));
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(main(join(root, 'clusters'), join(root, 'dist'))).toBe(1);
      expect(error.mock.calls.flat().join('\n')).toContain(`${join(root, 'clusters')}/: does not exist; it holds one <name>.yaml per cluster`);
    } finally {
      error.mockRestore();
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('*.yml is a config too; the same cluster twice is refused', () => {
    const yml = synthIn((clusters) => writeFileSync(join(clusters, 'lab.yml'), '{}\n'));
    expect(yml.status).toBe(0);
    expect(yml.distEntries).toEqual(['lab']);
    const twice = synthIn((clusters) => {
      writeFileSync(join(clusters, 'lab.yaml'), '{}\n');
      writeFileSync(join(clusters, 'lab.yml'), '{}\n');
    });
    expect(twice.status).toBe(1);
    expect(twice.errors).toContain('clusters/lab.yml: names the same cluster "lab" as clusters/lab.yaml; keep one of them');
    expect(twice.distEntries).toEqual(['old']);
  });

  test('other files are named in a warning, hidden ones are not', () => {
    const run = synthIn((clusters) => {
      writeFileSync(join(clusters, 'lab.yaml'), '{}\n');
      writeFileSync(join(clusters, 'lab.yaml.bak'), '{}\n');
      writeFileSync(join(clusters, '.gitkeep'), '');
    });
    expect(run.status).toBe(0);
    expect(run.errors).toBe('warning: clusters/lab.yaml.bak: not a cluster config (only *.yaml and *.yml files are read); ignored');
  });
});

describe('settings without effect: a warning naming the file and the field, exit 0', () => {
  test.each([
    ['viz: {enabled: false, grafana: {url: "http://grafana.monitoring"}}', 'viz.grafana.url: has no effect with viz.enabled: false (linkerd-viz is not installed)'],
    ['viz: {enabled: false, dashboard: {extraHosts: [linkerd.home.example]}}', 'viz.dashboard.extraHosts: has no effect with viz.enabled: false (linkerd-viz is not installed)'],
    [
      'tracing: {enabled: false, backend: otlp, otlpEndpoint: "tempo.monitoring:4317", collectorIdentity: {serviceAccount: otel, namespace: monitoring}}',
      'tracing.backend: has no effect with tracing.enabled: false (nothing traces)',
    ],
    ['tracing: {enabled: false, storage: badger}', 'tracing.storage: has no effect with tracing.enabled: false (nothing traces); an existing Badger claim is kept (README "Tracing")'],
    [
      'meshedNamespaces: [{name: media, declared: elsewhere, defaultInboundPolicy: deny}]',
      'meshedNamespaces[0].defaultInboundPolicy: has no effect with declared: elsewhere (this project emits no Namespace "media"); put "config.linkerd.io/default-inbound-policy: deny" under metadata.annotations in its own manifest',
    ],
    ['monitoring: {alerts: {labels: {release: kps}}}', 'monitoring.alerts.labels: has no effect with monitoring.alerts.enabled: false (no PrometheusRule is created)'],
    ['monitoring: {podMonitors: {labels: {release: kps}}}', 'monitoring.podMonitors.labels: has no effect with monitoring.podMonitors.enabled: false (no PodMonitor is created); set enabled: true to use them'],
  ])('%s', (text, warning) => {
    const run = synthIn((clusters) => writeFileSync(join(clusters, 'lab.yaml'), `${text}\n`));
    expect(run.status).toBe(0);
    expect(run.errors.split('\n')).toContain(`warning: clusters/lab.yaml: ${warning}`);
  });

  test('a config with every setting in effect has no warning', () => {
    expect(synthIn((clusters) => writeFileSync(join(clusters, 'lab.yaml'), 'monitoring: {podMonitors: {enabled: true, labels: {release: kps}}}\n')).errors).toBe('');
  });
});

describe('what holds data or trust is never pruned', () => {
  const annotations = (text: string, kind: string, name: string) =>
    synthesizeConfig(text).objects.find(({ object }) => object.kind === kind && object.metadata.name === name)?.object.metadata.annotations as Record<string, string> | undefined;

  test.each([
    ['cert-manager', 'the trust anchor Secret'],
    ['linkerd', 'the identity issuer and the trust roots'],
    ['linkerd-viz', 'nothing of value, kept for symmetry'],
    ['linkerd-jaeger', "Badger's claim, when there is one"],
  ])('namespace %s (%s)', (name) => {
    expect(annotations('{}', 'Namespace', name)?.['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');
  });

  test("Badger's claim", () => {
    expect(annotations('tracing: {storage: badger}', 'PersistentVolumeClaim', 'jaeger-badger')?.['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');
  });
});

test('a meshed namespace may set its own default inbound policy', () => {
  const text = 'meshedNamespaces: [{name: payments, defaultInboundPolicy: all-authenticated}, media]';
  const { objects } = synthesizeConfig(text);
  const namespace = (name: string) => objects.find(({ object }) => object.kind === 'Namespace' && object.metadata.name === name)!.object.metadata.annotations;
  expect(namespace('payments')).toMatchObject({ 'config.linkerd.io/default-inbound-policy': 'all-authenticated', 'linkerd.io/inject': 'enabled' });
  expect(namespace('media')).not.toHaveProperty(['config.linkerd.io/default-inbound-policy']);
});
