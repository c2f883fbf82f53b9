/**
 * Flux's failures reach the person: with flux.notifications, a Provider (address and token only from a Secret the
 * person creates) and an Alert on every Kustomization and HelmRelease this project emits, in the entry point; valid
 * for Flux 2.9's and Flux 2.6's (the floor's) notification-controller CRDs; a credential written in the config is
 * refused by field, never repeated.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { crdProblems } from '../../test/support/crd-problems';
import { loadCrdValidators } from '../../test/support/crd-schemas';
import { describeWithShared, SHARED_DIR } from '../../test/support/shared';
import { synthesizeConfig } from '../../test/support/synth';
import { ConfigError } from '../../lib/plan/config-load';
import { NOTIFICATION_PROVIDER_TYPES } from './schema';

const ON = 'flux: {notifications: {type: slack, secretName: flux-slack, channel: home-ops}}\n';
const FIXTURES = resolve(__dirname, '../../test/fixtures/clusters');
const CONFIGS = [
  ['defaults', ''],
  ['everything (edge)', readFileSync(join(FIXTURES, 'everything.yaml'), 'utf8')],
  ['newest (alerts, Badger)', readFileSync(join(FIXTURES, 'newest.yaml'), 'utf8')],
  ['cert-manager installed elsewhere', 'certManager: {install: false}\n'],
  ['strict policy', 'meshedNamespaces: [{name: media, defaultInboundPolicy: deny}]\n'],
] as const;

/** The config `text` with notifications on (its own `flux:` keeps its fields). */
function withNotifications(text: string): string {
  const config = (parse(text) ?? {}) as Record<string, any>;
  return JSON.stringify({ ...config, flux: { ...config.flux, ...parse(ON).flux } });
}

function problemsOf(text: string): string[] {
  try {
    synthesizeConfig(text);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

test('off by default: no Provider, no Alert, no notifications.yaml', () => {
  const { dist, objects } = synthesizeConfig('{}');
  expect(objects.filter(({ object }) => object.apiVersion.startsWith('notification.toolkit'))).toEqual([]);
  expect(dist.has('test/notifications.yaml')).toBe(false);
  expect(dist.get('test/kustomization.yaml')).not.toContain('notifications.yaml');
});

test('on: a Provider reading its Secret and an Alert on errors, in the entry point, applied with it', () => {
  const { dist, objects } = synthesizeConfig(ON);
  expect(dist.get('test/kustomization.yaml')).toContain('- notifications.yaml');
  const entry = objects.filter(({ layer }) => layer === 'entry').map(({ object }) => object);
  const provider = entry.find((object) => object.kind === 'Provider')!;
  const alert = entry.find((object) => object.kind === 'Alert')!;
  expect(provider).toEqual({
    apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
    kind: 'Provider',
    metadata: { name: 'linkerd', namespace: 'flux-system' },
    spec: { type: 'slack', secretRef: { name: 'flux-slack' }, channel: 'home-ops' },
  });
  expect(alert.spec).toMatchObject({
    providerRef: { name: 'linkerd' },
    eventSeverity: 'error',
    eventMetadata: { cluster: 'test' },
  });
  expect(JSON.stringify(dist.get('test/notifications.yaml'))).not.toMatch(/address|token|https?:/);
});

test.each(CONFIGS)(
  '%s: the Alert names every Kustomization and HelmRelease the output emits, and nothing else',
  (_name, text) => {
    const { objects } = synthesizeConfig(withNotifications(text));
    const emitted = objects
      .map(({ object }) => object)
      .filter((object) => object.kind === 'Kustomization' || object.kind === 'HelmRelease')
      .map((object) => {
        expect(object.metadata.namespace).toBe('flux-system');
        return `${object.kind}/${object.metadata.name}`;
      })
      .sort();
    const alert = objects.find(({ object }) => object.kind === 'Alert')!.object as any;
    const sources = alert.spec.eventSources.map((source: any) => `${source.kind}/${source.name}`).sort();
    expect(sources).toEqual(emitted);
    expect(emitted).toContain('Kustomization/linkerd');
  },
);

describeWithShared("against notification-controller's CRDs", () => {
  const objects = CONFIGS.flatMap(
    ([, text]) =>
      synthesizeConfig(withNotifications(text))
        .objects.map(({ object }) => object)
        .filter((object) => object.apiVersion.startsWith('notification.toolkit')) as any[],
  );
  test.each([
    ['Flux 2.9 (../shared/flux-notification-crds)', 'flux-notification-crds'],
    ['Flux 2.6, the floor (../shared/flux-floor-crds)', 'flux-floor-crds'],
  ])('%s: valid, with every Provider type offered', (_name, folder) => {
    const validators = loadCrdValidators([folder]);
    expect(objects.length).toBe(2 * CONFIGS.length);
    expect(crdProblems(validators, objects)).toEqual([]);
    const provider = objects.find((object) => object.kind === 'Provider');
    for (const type of NOTIFICATION_PROVIDER_TYPES)
      expect(crdProblems(validators, [{ ...provider, spec: { ...provider.spec, type } }])).toEqual([]);
    expect(crdProblems(validators, [{ ...provider, spec: { ...provider.spec, type: 'carrier-pigeon' } }])).not.toEqual(
      [],
    );
  });

  test("the types offered are in both versions' enum, and the ones left out are Git commit-status types", () => {
    const enumOf = (folder: string) => {
      const crd = parse(
        readFileSync(join(SHARED_DIR, folder, 'notification.toolkit.fluxcd.io_providers.yaml'), 'utf8'),
      );
      const version = crd.spec.versions.find((candidate: any) => candidate.name === 'v1beta3');
      return version.schema.openAPIV3Schema.properties.spec.properties.type.enum as string[];
    };
    const floor = enumOf('flux-floor-crds');
    const newest = enumOf('flux-notification-crds');
    for (const type of NOTIFICATION_PROVIDER_TYPES)
      expect([type, floor.includes(type), newest.includes(type)]).toEqual([type, true, true]);
    expect(floor.filter((type) => !(NOTIFICATION_PROVIDER_TYPES as readonly string[]).includes(type)).sort()).toEqual([
      'azuredevops',
      'bitbucket',
      'bitbucketserver',
      'gitea',
      'github',
      'githubdispatch',
      'gitlab',
    ]);
  });
});

describe('a destination or a credential written in the config is refused by field, never repeated', () => {
  const SECRET = 'https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXX';
  test.each([
    [
      'address',
      `flux: {notifications: {type: slack, secretName: s, address: "${SECRET}"}}\n`,
      'flux.notifications.address',
    ],
    ['url', `flux: {notifications: {type: generic, secretName: s, url: "${SECRET}"}}\n`, 'flux.notifications.url'],
    [
      'token',
      'flux: {notifications: {type: telegram, secretName: s, token: "123456:ABC-DEF1234ghIkl"}}\n',
      'flux.notifications.token',
    ],
    [
      'an address as the channel',
      `flux: {notifications: {type: slack, secretName: s, channel: "${SECRET}"}}\n`,
      'flux.notifications.channel',
    ],
    [
      'a host/path as the channel',
      'flux: {notifications: {type: slack, secretName: s, channel: "hooks.slack.com/services/T0/B0/XX"}}\n',
      'flux.notifications.channel',
    ],
    [
      'credentials in the channel',
      'flux: {notifications: {type: matrix, secretName: s, channel: "https://bot:hunter22@matrix.example"}}\n',
      'flux.notifications.channel',
    ],
  ])('%s', (_name, text, field) => {
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`clusters/test.yaml: ${field}: `);
    expect(problems[0]).toMatch(/Secret|credentials/);
    for (const secret of [SECRET, 'XXXXXXXXXXXXXXXX', '123456:ABC', 'hunter22', 'T0/B0/XX'])
      expect(problems[0]).not.toContain(secret);
  });

  test('an unknown type and a missing Secret name are named', () => {
    expect(problemsOf('flux: {notifications: {type: pigeon, secretName: s}}\n')[0]).toContain(
      'flux.notifications.type: "pigeon" is not allowed; allowed: "alertmanager"',
    );
    expect(problemsOf('flux: {notifications: {type: slack}}\n')[0]).toContain('flux.notifications.secretName');
  });

  test('a plain channel and username pass', () => {
    expect(
      problemsOf('flux: {notifications: {type: slack, secretName: s, channel: "#home-ops", username: flux}}\n'),
    ).toEqual([]);
  });
});
