/**
 * `npm run diff` (scripts/diff.ts): the objects the cluster would see change, rendered with the real Helm and built
 * with kubectl kustomize: the proxy injector's image on a release line change, the new Server on a policy change,
 * and none of the noise (Helm's version labels, Linkerd's created-by stamp).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDist } from '../../lib/output/write-dist';
import { diffDists, run } from '../../scripts/diff';
import { captureConsole } from '../support/console';
import { describeMissing, describeWithShared } from '../support/shared';
import { synthesizeConfig } from '../support/synth';

const kubectl = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
const describeDiff = kubectl
  ? describeWithShared
  : (name: string) => describeMissing('kubectl', name, 'kubectl is not on PATH');

describeDiff('npm run diff names the rendered objects that change', () => {
  let root: string;
  const dist = (name: string, text: string) => {
    const folder = join(root, name, 'dist');
    mkdirSync(join(root, name));
    writeDist(folder, synthesizeConfig(text, 'studio').dist);
    return folder;
  };
  let lines: { upgrade: string[]; policy: string[] };
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'review-diff-'));
    const old = dist('old', 'releaseLine: edge-26.6.3\nmeshedNamespaces: [media]\n');
    const upgraded = dist('upgraded', 'releaseLine: edge-26.8.3\nmeshedNamespaces: [media]\n');
    const strict = dist(
      'strict',
      'releaseLine: edge-26.8.3\nmeshedNamespaces: [{name: media, defaultInboundPolicy: deny}]\n',
    );
    lines = { upgrade: diffDists(old, upgraded, 'old -> new'), policy: diffDists(upgraded, strict, 'old -> new') };
  }, 300_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("a line change: the proxy injector's new image, the chart versions, no version noise", () => {
    const text = lines.upgrade.join('\n');
    expect(lines.upgrade[0]).toBe('studio (edge-26.6.3 -> edge-26.8.3, rendered for Kubernetes 1.33.0), old -> new:');
    expect(text).toContain(
      '~ Deployment linkerd/linkerd-proxy-injector (HelmRelease flux-system/linkerd-control-plane)',
    );
    expect(text).toContain(
      'spec.template.spec.containers[proxy-injector].image: cr.l5d.io/linkerd/controller:edge-26.6.3 -> cr.l5d.io/linkerd/controller:edge-26.8.3',
    );
    expect(text).toContain('spec.chart.spec.version: 2026.6.3 -> 2026.8.3');
    expect(text).toMatch(
      /studio\/mesh: 0 created, 0 deleted, \d+ changed, \d+ unchanged; \d+ version labels and checksums left out/,
    );
    expect(text).toMatch(/studio\/prerequisites: 0 created, 0 deleted, 0 changed, \d+ unchanged/);
    expect(text).not.toMatch(/helm\.sh\/chart|created-by/);
  });

  test('strict policy: the policy layer and its Server are created', () => {
    const text = lines.policy.join('\n');
    expect(text).toMatch(/studio\/policy: [1-9]\d* created, 0 deleted, 0 changed, 0 unchanged/);
    expect(text).toContain('+ Server media/proxy-admin');
    expect(text).toContain('+ Kustomization flux-system/linkerd-policy');
  });

  test("the command reads a git ref's dist/ (HEAD) and the working tree's", () => {
    const printed = captureConsole(() => run(['HEAD']));
    expect(printed.result).toBe(0);
    expect(printed.logs[0]).toMatch(/^studio \(.*\), HEAD -> working tree:$/);
    expect(captureConsole(() => run(['no-such-ref'])).result).toBe(2);
  }, 120_000);
});

describe('the field-path diff leaves noise out and never prints a Secret', () => {
  const { describeLayerDiffs, diffLayer } =
    require('../../scripts/diff/object-diff') as typeof import('../../scripts/diff/object-diff');
  const deployment = (image: string, chart: string, order: string[]) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'apps', labels: { 'helm.sh/chart': chart } },
    spec: {
      template: {
        metadata: { annotations: { 'checksum/config': chart } },
        spec: { containers: order.map((name) => ({ name, image: name === 'web' ? image : 'sidecar:1' })) },
      },
    },
  });
  const secret = (value: string) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', namespace: 'apps' },
    data: { token: value },
  });

  test('reordered named items and version labels are no change; an image is; a Secret value is hidden', () => {
    const diff = diffLayer(
      'mesh',
      [
        { object: deployment('web:1', 'web-1.0.0', ['web', 'sidecar']), from: 'dist' },
        { object: secret('b2xk'), from: 'dist' },
      ],
      [
        { object: deployment('web:2', 'web-2.0.0', ['sidecar', 'web']), from: 'dist' },
        { object: secret('bmV3'), from: 'dist' },
      ],
    );
    expect(describeLayerDiffs('home', [diff])).toEqual([
      'home/mesh: 0 created, 0 deleted, 2 changed, 0 unchanged; 2 version labels and checksums left out',
      '  ~ Deployment apps/web',
      '      spec.template.spec.containers[web].image: web:1 -> web:2',
      '  ~ Secret apps/s',
      '      data.token: (hidden) -> (hidden)',
    ]);
  });

  test('bounded: objects per layer and fields per object, and a long text by its size and first changed line', () => {
    const many = Array.from({ length: 100 }, (_, index) => ({
      object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${index}` } },
      from: 'dist',
    }));
    const dashboard = (title: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'dashboards', namespace: 'grafana' },
      data: { 'linkerd.json': `{\n"title": "${title}",\n${'"panel": 1,\n'.repeat(5000)}}` },
    });
    const lines = describeLayerDiffs('home', [
      diffLayer(
        'dashboards',
        [{ object: dashboard('old'), from: 'dist' }],
        [{ object: dashboard('new'), from: 'dist' }, ...many],
      ),
    ]);
    expect(lines.length).toBeLessThan(50);
    expect(lines).toContain('  ... and 60 more');
    expect(lines).toContain(
      '      data.linkerd.json: (text of 60,019 -> 60,019 characters; 1 lines out, 1 in; first: -""title": "old"," +""title": "new",")',
    );
  });
});
