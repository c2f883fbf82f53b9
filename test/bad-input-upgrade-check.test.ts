/**
 * Issue 37, class 1: the one-major-at-a-time check never takes a committed control-plane file it cannot read
 * for "nothing installed", and never guesses the major of a release newer than any it knows. Every way the
 * file can be unreadable (several YAML documents, over 1 MiB, more than 10 aliases, YAML that does not
 * parse, not the HelmRelease) refuses the jump, naming the file, why, and how to proceed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { readInstalledReleases } from '../lib/input/installed-releases';
import { upgradeProblems } from '../lib/plan/upgrade-path';
import { main } from '../main';
import { captureConsole } from './support/console';

const CONTROL_PLANE = 'home/mesh/linkerd-control-plane.yaml';

/** A Git repository with clusters/home.yaml on `line`, synthesized and committed; removed by `cleanup`. */
function committedProject(line: string) {
  const root = mkdtempSync(join(tmpdir(), 'upgrade-check-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
      cwd: root,
      stdio: 'pipe',
    });
  mkdirSync(join(root, 'clusters'));
  git('init', '-q');
  const config = (text: string) => writeFileSync(join(root, 'clusters/home.yaml'), text);
  const synth = () => captureConsole(() => main(join(root, 'clusters'), join(root, 'dist')));
  config(`releaseLine: ${line}\n`);
  expect(synth().result).toBe(0);
  git('add', '-A');
  git('commit', '-q', '-m', line);
  const controlPlane = readFileSync(join(root, 'dist', CONTROL_PLANE), 'utf8');
  /** Commits `text` as the control-plane file (what a bad merge or a hand edit leaves in Git). */
  const commitControlPlane = (text: string) => {
    writeFileSync(join(root, 'dist', CONTROL_PLANE), text);
    // The property may draw the same text twice in a row: nothing to commit is still that text in Git.
    git('commit', '-q', '--allow-empty', '-am', 'edited');
  };
  return {
    root,
    config,
    synth,
    controlPlane,
    commitControlPlane,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Ways a committed control-plane file cannot be read, each with the words its message has. */
const unreadable = (good: string): fc.Arbitrary<[string, string, string]> =>
  fc.oneof(
    fc
      .integer({ min: 1, max: 3 })
      .map((extra): [string, string, string] => [
        'several documents',
        `${good}${'---\nkind: ConfigMap\n'.repeat(extra)}`,
        `holds ${extra + 1} YAML documents`,
      ]),
    fc
      .integer({ min: 1, max: 4096 })
      .map((more): [string, string, string] => [
        'over 1 MiB',
        `${good}#${'x'.repeat(1024 * 1024 + more)}\n`,
        'over the 1024 KiB synth reads',
      ]),
    fc
      .integer({ min: 11, max: 40 })
      .map((count): [string, string, string] => [
        'aliases',
        `${good}metadata2: &a {x: 1}\naliases: [${Array.from({ length: count }, () => '*a').join(', ')}]\n`,
        'uses more than 10 YAML aliases',
      ]),
    fc
      .constantFrom('spec: [unclosed\n', 'spec: {a: 1\n', '\tkind: x\n')
      .map((bad): [string, string, string] => ['not YAML', `${good}${bad}`, 'is not valid YAML']),
    fc
      .constantFrom('kind: ConfigMap\n', 'just a string\n', '[]\n')
      .map((other): [string, string, string] => ['not the HelmRelease', other, 'is not the HelmRelease']),
  );

describe('a committed control-plane file that cannot be read is never "nothing installed"', () => {
  test('read from Git: each such file is reported with why (never left out)', () => {
    const project = committedProject('edge-25.9.4');
    try {
      fc.assert(
        fc.property(unreadable(project.controlPlane), ([, text, why]) => {
          project.commitControlPlane(text);
          const installed = readInstalledReleases(join(project.root, 'dist'), ['home']).get('home');
          expect(installed && 'unreadable' in installed && installed.unreadable).toContain(why);
        }),
        { numRuns: 12 },
      );
    } finally {
      project.cleanup();
    }
  });

  test('npm run synth: a 2.18 -> 2.20 jump over an unreadable file is refused, dist/ unchanged; allowMajorSkip warns and goes on', () => {
    const project = committedProject('edge-25.9.4');
    try {
      for (const [kind, text, why] of [
        ['two documents', `${project.controlPlane}---\nkind: ConfigMap\n`, 'holds 2 YAML documents'],
        ['over 1 MiB', `${project.controlPlane}#${'x'.repeat(1024 * 1024)}\n`, 'over the 1024 KiB'],
        ['aliases', `a: &a 1\nb: [${Array(11).fill('*a').join(', ')}]\n`, 'more than 10 YAML aliases'],
        ['not YAML', 'kind: [HelmRelease\n', 'is not valid YAML'],
      ]) {
        project.commitControlPlane(text);
        const committed = readFileSync(join(project.root, 'dist', CONTROL_PLANE), 'utf8');
        project.config('releaseLine: edge-26.8.3\n');
        const refused = project.synth();
        expect([kind, refused.result]).toEqual([kind, 1]);
        const errors = refused.errors.join('\n');
        expect(errors).toContain(
          `clusters/home.yaml: releaseLine: cannot check the move to edge-26.8.3 against what the committed ${join(project.root, 'dist', CONTROL_PLANE)} installs: it `,
        );
        expect(errors).toContain(why);
        expect(errors).toContain('set upgrade.allowMajorSkip: true');
        expect(errors).not.toMatch(/\n\s+at /);
        expect(readFileSync(join(project.root, 'dist', CONTROL_PLANE), 'utf8')).toBe(committed);

        project.config('releaseLine: edge-26.8.3\nupgrade: {allowMajorSkip: true}\n');
        const skipped = project.synth();
        expect(skipped.result).toBe(0);
        expect(skipped.errors.join('\n')).toContain(
          'synthesized without the one-major-at-a-time check (upgrade.allowMajorSkip: true)',
        );
      }
    } finally {
      project.cleanup();
    }
  });

  test('a file absent from HEAD (a new cluster) is still a fresh install', () => {
    const root = mkdtempSync(join(tmpdir(), 'upgrade-check-'));
    try {
      execFileSync('git', ['init', '-q'], { cwd: root });
      mkdirSync(join(root, 'dist'));
      expect(readInstalledReleases(join(root, 'dist'), ['home']).size).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('a release newer (or other) than any this project knows: "cannot tell the majors", never a guess', () => {
  const check = (helmChartVersion: string, repository: string, to = 'edge-26.8.3') =>
    upgradeProblems({ releaseLine: to, upgrade: { allowMajorSkip: false } }, 'clusters/home.yaml', {
      file: 'dist/home/mesh/linkerd-control-plane.yaml',
      helmChartVersion,
      repository,
    });

  test('2099.99.99 is not taken for a future 2.20: moving back from it is warned', () => {
    expect(check('2099.99.99', 'linkerd-edge')).toEqual({
      problems: [],
      warnings: [
        'warning: clusters/home.yaml: releaseLine: cannot tell the Linkerd majors of edge-99.99.99 (dist/home/mesh/linkerd-control-plane.yaml) and edge-26.8.3: edge-99.99.99 is newer than every release this project knows (the newest: edge-26.8.3); Linkerd upgrades one major at a time and does not go back one: check its release notes before Flux applies this',
      ],
    });
  });

  test('every edge version past the newest known, and every unknown stable version, warns', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc
            .tuple(fc.integer({ min: 27, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 30 }))
            .map(([year, month, patch]) => [`20${year}.${month}.${patch}`, 'linkerd-edge']),
          fc
            .tuple(fc.integer({ min: 17, max: 99 }), fc.integer({ min: 0, max: 99 }))
            .map(([minor, patch]) => [`1.${minor}.${patch}`, 'linkerd-stable']),
          fc.constantFrom(['2026.8.3', 'my-mirror'], ['not-a-version', 'linkerd-edge']),
        ),
        fc.constantFrom('edge-25.9.4', 'edge-26.8.3', 'stable-2.14.10'),
        ([version, repository], to) => {
          const { problems, warnings } = check(version, repository, to);
          expect(problems).toEqual([]);
          expect(warnings).toHaveLength(1);
          expect(warnings[0]).toContain('cannot tell the Linkerd majors of');
        },
      ),
    );
  });
});
