/**
 * One Flux owner per Namespace: synthesis looks through the Git repository this project lives in for
 * Namespace manifests, refuses a namespace declared twice (dist/ unchanged), and warns where a namespace
 * owned elsewhere lacks the inject annotation.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { scanNamespaceManifests } from '../lib/input/namespace-manifests';
import { namespaceOwnership } from '../lib/plan/namespace-ownership';
import { main } from '../main';
import { captureConsole } from './support/console';

const NAMESPACE = (name: string, annotations = '') =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n${annotations}`;

/** A Git repository: an app that declares its namespace, and this project in infra/linkerd. */
function repository(files: Record<string, string>, config: string) {
  const root = mkdtempSync(join(tmpdir(), 'ownership-'));
  const all: Record<string, string> = {
    'apps/media/kustomization.yaml':
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [namespace.yaml]\n',
    'infra/linkerd/clusters/home.yaml': config,
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  // No template: the sample hooks git copies into every new repository are most of `git init`'s time.
  execFileSync('git', ['init', '-q', '--template='], { cwd: root });
  return root;
}

function synth(root: string) {
  const project = join(root, 'infra/linkerd');
  mkdirSync(join(project, 'dist', 'home'), { recursive: true });
  writeFileSync(join(project, 'dist', 'home', 'kustomization.yaml'), 'the previous dist\n');
  const { result: status, errors } = captureConsole(() => main(join(project, 'clusters'), join(project, 'dist')));
  const previous = readFileSync(join(project, 'dist', 'home', 'kustomization.yaml'), 'utf8');
  return {
    status,
    errors: errors.join('\n').replaceAll(`${project}/`, ''),
    previous,
    dist: readdirSync(join(project, 'dist', 'home')),
  };
}

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
const repo = (files: Record<string, string>, config: string) => {
  const root = repository(files, config);
  roots.push(root);
  return root;
};

test('a namespace we would declare that the app declares too: an error naming both files and the two ways out; dist/ unchanged', () => {
  const run = synth(repo({ 'apps/media/namespace.yaml': NAMESPACE('media') }, 'meshedNamespaces: [media]\n'));
  expect(run.status).toBe(1);
  expect(run.errors).toContain(
    'clusters/home.yaml: meshedNamespaces[0].name: "media" is also declared by apps/media/namespace.yaml; two Flux owners would undo each other\'s fields ' +
      '(the inject annotation among them). Either set {name: media, declared: elsewhere} here and add "linkerd.io/inject: enabled" under metadata.annotations in apps/media/namespace.yaml, ' +
      'or delete the Namespace from apps/media/namespace.yaml and let this project declare it',
  );
  expect(run.previous).toBe('the previous dist\n');
});

test('declared elsewhere without the annotation: we emit no Namespace, and a warning names the file, the line and what to add', () => {
  const run = synth(
    repo(
      { 'apps/media/namespace.yaml': `# the media apps\n${NAMESPACE('media', '  labels: {team: home}\n')}` },
      'meshedNamespaces: [{name: media, declared: elsewhere}]\n',
    ),
  );
  expect(run.status).toBe(0);
  expect(run.errors).toContain(
    'warning: clusters/home.yaml: meshedNamespaces[0]: apps/media/namespace.yaml:4 declares the namespace "media" without "linkerd.io/inject: enabled"; add it under metadata.annotations there (make linkerd-inject NS=media does)',
  );
  const mesh = readdirSync(join(roots[roots.length - 1], 'infra/linkerd/dist/home/mesh'));
  expect(mesh).not.toContain('namespace.yaml');
});

test('declared elsewhere with the annotation: quiet; declared nowhere: a warning', () => {
  const annotated = synth(
    repo(
      { 'apps/media/namespace.yaml': NAMESPACE('media', '  annotations:\n    linkerd.io/inject: enabled\n') },
      'meshedNamespaces: [{name: media, declared: elsewhere}]\n',
    ),
  );
  expect(annotated.status).toBe(0);
  expect(annotated.errors).toBe('');
  const nowhere = synth(repo({}, 'meshedNamespaces: [{name: media, declared: elsewhere}]\n'));
  expect(nowhere.errors).toContain(
    'warning: clusters/home.yaml: meshedNamespaces[0]: no manifest in the repository declares the namespace "media" (declared: elsewhere)',
  );
});

test("Linkerd's own namespaces are ours alone", () => {
  const run = synth(repo({ 'apps/linkerd/namespace.yaml': NAMESPACE('linkerd') }, '{}\n'));
  expect(run.status).toBe(1);
  expect(run.errors).toContain(
    'clusters/home.yaml: the namespace "linkerd", which this project declares for Linkerd, is also declared by apps/linkerd/namespace.yaml',
  );
});

// [style, file, text]: each declares the namespace "media" the config meshes, so synthesis must refuse and name the file.
const STYLES: Array<[string, string, string]> = [
  [
    'a comment on the kind line',
    'apps/media/namespace.yaml',
    'apiVersion: v1\nkind: Namespace # the media apps\nmetadata:\n  name: media\n',
  ],
  ['flow style', 'apps/media/namespace.yaml', '{apiVersion: v1, kind: Namespace, metadata: {name: media}}\n'],
  ['a byte-order mark', 'apps/media/namespace.yaml', `\uFEFF${NAMESPACE('media')}`],
  ['CRLF line ends', 'apps/media/namespace.yaml', NAMESPACE('media').replace(/\n/g, '\r\n')],
  ['a quoted kind', 'apps/media/namespace.yaml', 'apiVersion: v1\nkind: "Namespace"\nmetadata:\n  name: media\n'],
  [
    'a kind: List',
    'apps/media/list.yaml',
    'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Namespace\n    metadata:\n      name: media\n',
  ],
  [
    'JSON',
    'apps/media/namespace.json',
    `${JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'media' } }, null, 2)}\n`,
  ],
  [
    '"{{" elsewhere in the file',
    'apps/media/namespace.yaml',
    `# rendered once by hand from {{ .Values.namespace }}\n${NAMESPACE('media', '  annotations:\n    note: "{{ not a template }}"\n')}`,
  ],
  [
    'a second document after another kind',
    'apps/media/all.yaml',
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n${NAMESPACE('media')}`,
  ],
];

test.each(STYLES)('a Namespace written with %s is found', (_style, file, text) => {
  const run = synth(repo({ [file]: text }, 'meshedNamespaces: [media]\n'));
  expect(run.status).toBe(1);
  expect(run.errors).toContain(`clusters/home.yaml: meshedNamespaces[0].name: "media" is also declared by ${file};`);
  expect(run.previous).toBe('the previous dist\n');
});

test("a file the scan cannot read is named with the reason; this project's own and ignored files are not looked at", () => {
  const run = synth(
    repo(
      {
        'charts/media/templates/namespace.yaml': NAMESPACE('media'),
        'apps/media/secret.sops.yaml': `${NAMESPACE('media')}sops:\n  version: 3.8.1\n`,
        'apps/media/broken.yaml': `${NAMESPACE('media')}  labels: [unclosed\n`,
        'apps/media/helm.yaml': NAMESPACE('{{ .Values.namespace }}'),
        'apps/media/huge.yaml': `${NAMESPACE('media')}${`# ${'x'.repeat(1022)}\n`.repeat(1025)}`,
        'infra/linkerd/test/fixture.yaml': NAMESPACE('media'),
        'apps/media/ignored.yaml': NAMESPACE('media'),
        '.gitignore': 'apps/media/ignored.yaml\n',
      },
      'meshedNamespaces: [media]\n',
    ),
  );
  const because = (file: string, reason: string) =>
    `warning: ${file} (in the repository): not read for Namespace declarations (one owner per namespace): ${reason}`;
  expect(run.errors.split('\n')).toEqual([
    because(
      'apps/media/broken.yaml',
      'document 1 does not parse as YAML (Flow sequence in block collection must be sufficiently indented and end with a ])',
    ),
    because(
      'apps/media/helm.yaml',
      'document 1 is a Namespace without a plain metadata.name (the file holds "{{": a template, which is only known once it is rendered)',
    ),
    because('apps/media/huge.yaml', 'it is larger than 1 MiB, the most the scan reads'),
    because('apps/media/secret.sops.yaml', 'it is SOPS-encrypted'),
    because(
      'charts/media/templates/namespace.yaml',
      'it is a Helm chart template (under templates/): Helm renders it, so what it declares is only known then',
    ),
  ]);
  expect(run.status).toBe(0);
});

test('outside a Git repository it says it could not look', () => {
  const root = mkdtempSync(join(tmpdir(), 'no-git-'));
  roots.push(root);
  mkdirSync(join(root, 'infra/linkerd/clusters'), { recursive: true });
  writeFileSync(join(root, 'infra/linkerd/clusters/home.yaml'), 'meshedNamespaces: [media]\n');
  const run = synth(root);
  expect(run.status).toBe(0);
  expect(run.errors).toMatch(
    /^warning: clusters\/home\.yaml: could not look for Namespace manifests elsewhere \(.* is not in a Git repository \(or git is not installed\)\); make sure no other manifest declares /,
  );
});

test('without a scan, the warning lists ten namespaces and counts the rest (one readable line for 20000)', () => {
  const names = (count: number) => Array.from({ length: count }, (_, index) => `app-${index + 1}`);
  const warn = (namespaces: string[]) =>
    namespaceOwnership(
      { file: 'clusters/home.yaml', namespaces: namespaces.map((name) => ({ name }) as never), config: {} as never },
      { reason: 'no Git repository' },
    ).warnings;
  expect(warn(names(10))).toEqual([
    `warning: clusters/home.yaml: could not look for Namespace manifests elsewhere (no Git repository); make sure no other manifest declares ${names(10).join(', ')}`,
  ]);
  const [many] = warn(names(20000));
  expect(many).toMatch(/declares app-1, app-2, .*, app-10 and 19990 more \(every Namespace of the plan\)$/);
  expect(many.length).toBeLessThan(300);
});

test('the scan finds documents in multi-document files, with the line of their metadata', () => {
  const root = repo(
    {
      'apps/all.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n${NAMESPACE('a')}---\n${NAMESPACE('b', '  annotations:\n    linkerd.io/inject: ingress\n')}`,
    },
    '{}\n',
  );
  const scan = scanNamespaceManifests(join(root, 'infra/linkerd'));
  expect(scan.root).toBeDefined();
  expect(scan.root !== undefined && scan.manifests).toEqual([
    { file: 'apps/all.yaml', name: 'a', line: 7 },
    { file: 'apps/all.yaml', name: 'b', line: 12, inject: 'ingress' },
  ]);
});
