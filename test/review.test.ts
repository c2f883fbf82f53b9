/**
 * The review workflow (docs/review.md): a config change, then `npm run synth -- --check` fails and lists the
 * differences without writing, `npm run synth` names every file it adds (which `git diff -- dist` would not show),
 * the Helm charts that move and the objects added, and `--check` passes after it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, run } from '../main';
import { captureConsole } from './support/console';
import { fileTree } from './support/files';

describe('synth says what changed; --check fails before synth and passes after', () => {
  let root: string;
  let clusters: string;
  let dist: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'review-'));
    clusters = join(root, 'clusters');
    dist = join(root, 'dist');
    mkdirSync(clusters);
    writeFileSync(join(clusters, 'studio.yaml'), 'releaseLine: edge-26.6.3\nmeshedNamespaces: []\n');
    expect(captureConsole(() => main(clusters, dist)).result).toBe(0);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** Changes the config to `text`; checks --check before and after synth; returns synth's summary and the new files. */
  function change(text: string) {
    writeFileSync(join(clusters, 'studio.yaml'), text);
    const before = fileTree(dist);
    const check = captureConsole(() => main(clusters, dist, { check: true }));
    expect(check.result).toBe(1);
    expect(fileTree(dist)).toEqual(before);
    const synth = captureConsole(() => main(clusters, dist));
    expect(synth.result).toBe(0);
    const after = fileTree(dist);
    const added = Object.keys(after).filter((path) => !(path in before));
    const changed = Object.keys(after).filter((path) => path in before && before[path] !== after[path]);
    const again = captureConsole(() => main(clusters, dist, { check: true }));
    expect(again.result).toBe(0);
    expect(again.logs.join('\n')).toContain('nothing to do');
    return { check: check.errors.join('\n'), summary: synth.logs.join('\n'), added, changed };
  }

  /** Every path of `paths` (relative to dist/) is named in `text`, as dist/<cluster>/'s own path. */
  const expectNamed = (text: string, paths: readonly string[]) => {
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(text).toContain(path.replace(/^studio\//, ''));
  };

  test('unchanged: nothing changed', () => {
    const again = captureConsole(() => main(clusters, dist));
    expect(again.logs).toContain(`${dist}/studio: nothing changed`);
  });

  test('mesh a namespace: the new files and the Namespace', () => {
    const { check, summary, added } = change('releaseLine: edge-26.6.3\nmeshedNamespaces: [media]\n');
    expectNamed(summary, added);
    expectNamed(check, added);
    expect(check).toContain('was not changed');
    expect(summary).toMatch(/objects? added: .*Namespace media/);
  });

  test('move to another release line: the chart versions that move', () => {
    const { summary, changed, check } = change('releaseLine: edge-26.8.3\nmeshedNamespaces: [media]\n');
    expectNamed(summary, changed);
    for (const text of [summary, check]) expect(text).toContain('linkerd-control-plane 2026.6.3 -> 2026.8.3');
    expect(summary).toContain('HelmRelease flux-system/linkerd-control-plane');
  });

  test('turn on strict policy: the policy layer, every new file named, its Server added', () => {
    const { summary, added } = change(
      'releaseLine: edge-26.8.3\nmeshedNamespaces: [{name: media, defaultInboundPolicy: deny}]\n',
    );
    expectNamed(summary, added);
    expect(added).toContain('studio/policy/media.yaml');
    expect(summary).toContain('Server media/proxy-admin');
    expect(summary).toContain('Kustomization flux-system/linkerd-policy');
  });

  test('--check on the command line, in any position', () => {
    expect(captureConsole(() => run(['--check', clusters, dist])).result).toBe(0);
    expect(captureConsole(() => run([clusters, dist, '--check'])).result).toBe(0);
  });
});
