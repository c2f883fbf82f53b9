/**
 * The make targets (Makefile, scripts/ops/*.sh), run for real with `make -C <copy of the project>`
 * against test doubles of kubectl, flux, linkerd and cmctl (test/fixtures/fakebin/) that record
 * every command they are given. No cluster and no network: the "pushed" checks use a bare Git
 * repository in a temporary folder as the upstream.
 *
 * One temporary copy of the project (its tracked and new files, node_modules linked) serves every
 * test; tests that change it put it back with resetProject().
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';
import { parseDuration } from '../lib/config/duration';
import { JAEGER_UI, type ServicePort, VIZ_DASHBOARD, VIZ_PROMETHEUS } from '../lib/linkerd/services';

jest.setTimeout(120_000);

const REPO = resolve(__dirname, '..');
const FAKEBIN = join(REPO, 'test/fixtures/fakebin');
const OLD_ANCHOR = readFileSync(join(REPO, 'test/fixtures/trust-anchor-old.pem'), 'utf8');
const NEW_ANCHOR = readFileSync(join(REPO, 'test/fixtures/trust-anchor-new.pem'), 'utf8');
const SYSTEM_PATH = process.env.PATH ?? '/usr/bin:/bin';
/** How make up reads the cluster's Flux version (the label of its Kustomization CRD). */
const FLUX_VERSION_READ =
  'kubectl get crd kustomizations.kustomize.toolkit.fluxcd.io -o jsonpath={.metadata.labels.app\\.kubernetes\\.io/version}';

let work: string;
let project: string;
let state: string;
let logFile: string;
let base: string;
let studioYaml: string;

function which(tool: string): string {
  return execFileSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
}
const MAKE = which('make');

const gitEnv = () => ({
  PATH: SYSTEM_PATH,
  HOME: work,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
  ...(process.env.TMPDIR && { TMPDIR: process.env.TMPDIR }),
});

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: project, env: gitEnv(), encoding: 'utf8' }).trim();
}

/** A folder whose only commands are links to `tools` (a PATH without everything else). */
function binWith(name: string, tools: Record<string, string>): string {
  const folder = join(work, 'bins', name);
  mkdirSync(folder, { recursive: true });
  for (const [tool, target] of Object.entries(tools)) {
    if (!existsSync(join(folder, tool))) symlinkSync(target, join(folder, tool));
  }
  return folder;
}

/** The fakes except `without`, then the system's PATH (which has no flux, linkerd or cmctl). */
function pathWithout(without: string): string {
  const fakes = Object.fromEntries(
    ['kubectl', 'flux', 'linkerd', 'cmctl']
      .filter((tool) => tool !== without)
      .map((tool) => [tool, join(FAKEBIN, tool)]),
  );
  return [binWith(`without-${without}`, fakes), SYSTEM_PATH].join(delimiter);
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  output: string;
  commands: string[];
}

function make(
  target?: string,
  vars: Record<string, string> = {},
  options: { env?: Record<string, string>; input?: string; path?: string } = {},
): Run {
  writeFileSync(logFile, '');
  const result = spawnSync(
    MAKE,
    ['-C', project, ...(target ? [target] : []), ...Object.entries(vars).map(([key, value]) => `${key}=${value}`)],
    {
      env: {
        ...gitEnv(),
        PATH: options.path ?? `${FAKEBIN}${delimiter}${SYSTEM_PATH}`,
        FAKE_LOG: logFile,
        FAKE_STATE: state,
        ...options.env,
      },
      input: options.input ?? '',
      encoding: 'utf8',
    },
  );
  const commands = readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    output: result.stdout + result.stderr,
    commands,
  };
}

function read(path: string): string {
  return readFileSync(join(project, path), 'utf8');
}

/** Back to the committed and pushed base revision, with no renewed certificates. */
function resetProject(): void {
  git('reset', '-q', '--hard', base);
  git('clean', '-qfd');
  git('push', '-qf', 'origin', 'HEAD:main');
  rmSync(state, { recursive: true, force: true });
  mkdirSync(state);
}

/**
 * The port-forward a make target runs to a Service of lib/linkerd/services.ts (which test/render checks
 * against the Services the Helm charts render): the shell takes it from scripts/cluster-facts.ts, never its own copy.
 */
const portForward = ({ namespace, service, port }: ServicePort) =>
  `kubectl -n ${namespace} port-forward svc/${service} ${port}:${port}`;

const pemBody = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'linkerd-make-test-'));
  project = join(work, 'project');
  state = join(work, 'state');
  logFile = join(work, 'commands.log');
  mkdirSync(state);
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: REPO,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file !== '' && !/^node_modules(\/|$)/.test(file) && existsSync(join(REPO, file)));
  for (const file of files) {
    mkdirSync(dirname(join(project, file)), { recursive: true });
    cpSync(join(REPO, file), join(project, file));
  }
  symlinkSync(join(REPO, 'node_modules'), join(project, 'node_modules'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Test');
  git('config', 'user.email', 'test@example.invalid');
  // dist/ as the code of this copy synthesizes it, so that "stale" means what a test made stale.
  execFileSync('npm', ['run', '--silent', 'synth'], { cwd: project, env: gitEnv(), stdio: 'pipe' });
  git('add', '-A');
  git('commit', '-qm', 'base');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', join(work, 'origin.git')], { env: gitEnv() });
  git('remote', 'add', 'origin', join(work, 'origin.git'));
  git('push', '-qu', 'origin', 'main');
  base = git('rev-parse', 'HEAD');
  studioYaml = read('clusters/studio.yaml');
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('make help', () => {
  test('is the default target and lists every target with a description', () => {
    const run = make();
    expect(run.status).toBe(0);
    for (const target of [
      'up-<cluster>',
      'linkerd-status',
      'linkerd-check',
      'linkerd-dashboard',
      'linkerd-inject',
      'linkerd-restart',
      'linkerd-restart-outdated',
      'linkerd-logs',
      'linkerd-proxy-status',
      'linkerd-metrics',
      'linkerd-rotate-trust-anchor',
    ]) {
      expect(run.stdout).toMatch(new RegExp(`^  ${target.replace(/[<>]/g, '.')} +\\S`, 'm'));
    }
    expect(run.stdout).toContain('Clusters (clusters/*.yaml): studio');
    expect(run.commands).toEqual([]);
  });
});

describe('refusals common to every target', () => {
  test('an unknown cluster is refused with the known ones', () => {
    const run = make('up-nowhere');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('unknown cluster "nowhere": there is no clusters/nowhere.yaml');
    expect(run.stderr).toContain('Known clusters: studio');
    expect(run.commands).toEqual([]);
  });

  test('CLUSTER= naming an unknown cluster is refused too', () => {
    const run = make('linkerd-status', { CLUSTER: 'garage' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('unknown cluster "garage"');
    expect(run.commands).toEqual([]);
  });

  test('another kube context than CONTEXT= is refused before anything else runs', () => {
    const run = make('up-studio', { CONTEXT: 'production' }, { env: { FAKE_CONTEXT: 'studio-admin' } });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('kube context: studio-admin');
    expect(run.stderr).toContain(
      'the current kube context is "studio-admin", but CONTEXT=production was asked for; nothing was changed.',
    );
    expect(run.stderr).toContain('kubectl config use-context production');
    expect(run.commands).toEqual(['kubectl config current-context']);
  });

  test('the matching CONTEXT= is accepted', () => {
    const run = make('linkerd-logs', { CONTEXT: 'studio', COMPONENT: 'identity' });
    expect(run.status).toBe(0);
    expect(run.commands[0]).toBe('kubectl config current-context');
  });

  test('a missing flux is named with how to install it', () => {
    const run = make('linkerd-status', {}, { path: pathWithout('flux') });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(
      'flux not found: install it from https://fluxcd.io/flux/installation/ (brew install fluxcd/tap/flux)',
    );
    expect(run.commands).toEqual([]);
  });

  test('a missing linkerd CLI is named with the install command of the release line', () => {
    const run = make('linkerd-check', {}, { path: pathWithout('linkerd') });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('linkerd not found');
    // The cluster's own line (its config's releaseLine, or the catalog's default).
    const line = parseDocument(read('clusters/studio.yaml')).get('releaseLine') as string;
    expect(run.stderr).toContain(
      `curl --proto '=https' --tlsv1.2 -sSfL https://run.linkerd.io/install-edge | LINKERD2_VERSION=${line} sh`,
    );
    expect(run.commands).toEqual([]);
  });

  test('a missing kubectl is named with how to install it', () => {
    const onlyBash = binWith('only-bash', { bash: which('bash') });
    const run = make('linkerd-logs', {}, { path: onlyBash });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('kubectl not found: install it from https://kubernetes.io/docs/tasks/tools/');
  });
});

describe('make up-<cluster>', () => {
  afterEach(resetProject);

  const waits = (timeouts: [string, string, string, string]) => [
    `kubectl -n flux-system wait kustomization/linkerd-prerequisites --for=condition=Ready --timeout=${timeouts[0]}`,
    `kubectl -n flux-system wait kustomization/linkerd-gateway-api --for=condition=Ready --timeout=${timeouts[1]}`,
    `kubectl -n flux-system wait kustomization/linkerd-identity --for=condition=Ready --timeout=${timeouts[2]}`,
    `kubectl -n flux-system wait kustomization/linkerd-mesh --for=condition=Ready --timeout=${timeouts[3]}`,
  ];
  const WAIT = /^kubectl -n flux-system wait kustomization\/(\S+) --for=condition=Ready --timeout=(\S+)$/;

  /**
   * The layers of dist/<cluster> as Flux gets them: every Kustomization the entry point applies (the
   * entry's own path is the cluster's folder), with Flux's timeout for it and what it waits for.
   */
  function distLayers(cluster: string): Array<{ name: string; timeout: string; dependsOn: string[] }> {
    const kustomizations = parseAllDocuments(read(`dist/${cluster}/flux-kustomizations.yaml`))
      .map((document) => document.toJS())
      .filter((object) => object?.kind === 'Kustomization');
    return kustomizations
      .filter((kustomization) => !new RegExp(`(^|/)dist/${cluster}$`).test(kustomization.spec.path))
      .map((kustomization) => ({
        name: kustomization.metadata.name,
        timeout: kustomization.spec.timeout,
        dependsOn: (kustomization.spec.dependsOn ?? []).map((dependency: { name: string }) => dependency.name),
      }));
  }

  /**
   * The `kubectl wait` commands of a run, checked against dist/<cluster>: one per layer (with `stuck`,
   * up to that layer and none that depends on it), each after the layers it depends on, each for longer
   * than Flux's own timeout for it (so Flux's error is what a person sees), unless TIMEOUT says how long.
   * Returns them as [layer, timeout].
   */
  function expectLayerWaits(
    run: Run,
    cluster: string,
    options: { timeout?: string; stuck?: string } = {},
  ): Array<[string, string]> {
    const layers = distLayers(cluster);
    const waits = run.commands
      .map((command) => WAIT.exec(command))
      .filter((match) => match !== null)
      .map(([, layer, timeout]) => [layer, timeout] as [string, string]);
    expect(layers.length).toBeGreaterThanOrEqual(3);
    expect(new Set(waits.map(([layer]) => layer)).size).toBe(waits.length);
    if (options.stuck) {
      expect(waits[waits.length - 1][0]).toBe(options.stuck);
      expect(
        waits.filter(([name]) => layers.find((layer) => layer.name === name)!.dependsOn.includes(options.stuck!)),
      ).toEqual([]);
    } else {
      expect(waits.map(([layer]) => layer).sort()).toEqual(layers.map((layer) => layer.name).sort());
    }
    waits.forEach(([name, timeout], index) => {
      const layer = layers.find((candidate) => candidate.name === name)!;
      for (const dependency of layer.dependsOn)
        expect([name, 'after', dependency, waits.findIndex(([other]) => other === dependency) < index]).toEqual([
          name,
          'after',
          dependency,
          true,
        ]);
      if (options.timeout) expect([name, timeout]).toEqual([name, options.timeout]);
      else
        expect([name, timeout, parseDuration(timeout)! > parseDuration(layer.timeout)!]).toEqual([name, timeout, true]);
    });
    return waits;
  }

  test('the first time, applies dist/<cluster>/bootstrap (the entry Kustomization) and waits for each layer in turn', () => {
    const run = make('up-studio', {}, { env: { FAKE_ENTRY: 'absent' } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.commands.filter((command) => !WAIT.test(command))).toEqual([
      'kubectl config current-context',
      'kubectl get --raw /version',
      FLUX_VERSION_READ,
      'kubectl -n flux-system get kustomization linkerd',
      'kubectl apply -k dist/studio/bootstrap',
    ]);
    expect(run.stdout).toContain('Flux v2.9.4: 2.6 or newer.');
    expect(run.stdout).toContain('npm run bootstrap -- studio <folder>');
    const waits = expectLayerWaits(run, 'studio');
    expect(run.commands.slice(-waits.length).every((command) => WAIT.test(command))).toBe(true);
    expect(run.stdout).toContain('Kubernetes 1.32: supported by Linkerd 2.20.');
    expect(run.stdout).toContain('clusters/ and dist/ are committed and pushed');
    waits.forEach(([layer, timeout], index) =>
      expect(run.stdout).toContain(
        `[${index + 1}/${waits.length}] waiting for ${layer} to become Ready (timeout ${timeout})`,
      ),
    );
    expect(run.stdout).toContain('studio is up: every layer is Ready');
  });

  test('afterwards, has Flux reconcile the entry point from Git and waits for each layer to apply that revision; `make up` is up-$(CLUSTER)', () => {
    const run = make('up', { TIMEOUT: '3m', POLL_INTERVAL: '0' });
    expect(run.status).toBe(0);
    const applied = (layer: string) =>
      `kubectl -n flux-system get kustomization ${layer} -o jsonpath={.status.lastAppliedRevision}`;
    expectLayerWaits(run, 'studio', { timeout: '3m' });
    const [prerequisites, gatewayApi, identity, mesh] = waits(['3m', '3m', '3m', '3m']);
    expect(run.commands).toEqual([
      'kubectl config current-context',
      'kubectl get --raw /version',
      FLUX_VERSION_READ,
      'kubectl -n flux-system get kustomization linkerd',
      'flux reconcile kustomization linkerd --with-source',
      'kubectl -n flux-system get gitrepository flux-system -o jsonpath={.status.artifact.revision}',
      applied('linkerd-prerequisites'),
      prerequisites,
      applied('linkerd-gateway-api'),
      gatewayApi,
      applied('linkerd-identity'),
      identity,
      applied('linkerd-mesh'),
      mesh,
    ]);
    expect(run.stdout).toContain(`waiting for linkerd-identity to apply main@sha1:${git('rev-parse', 'HEAD')}`);
    expect(run.stdout).not.toContain('warning');
  });

  test('a layer that does not apply the pushed revision is named', () => {
    const run = make('up-studio', { TIMEOUT: '1s', POLL_INTERVAL: '0' }, { env: { FAKE_STALE: 'linkerd-mesh' } });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(
      `error: linkerd-mesh has not applied main@sha1:${git('rev-parse', 'HEAD')} after 1s: this layer is stuck`,
    );
    expect(run.stderr).toContain('kubectl describe helmrelease -n flux-system linkerd-control-plane');
  });

  test('a layer that does not get Ready is named, with how to see why, and the next one is not waited for', () => {
    const run = make('up-studio', {}, { env: { FAKE_STUCK: 'linkerd-identity', FAKE_ENTRY: 'absent' } });
    expect(run.status).not.toBe(0);
    const waits = expectLayerWaits(run, 'studio', { stuck: 'linkerd-identity' });
    const [, timeout] = waits[waits.length - 1];
    expect(run.commands[run.commands.length - 1]).toMatch(WAIT);
    expect(run.stderr).toContain(`error: linkerd-identity is not Ready after ${timeout}: this layer is stuck`);
    expect(run.stderr).toContain('flux get kustomizations');
    expect(run.stderr).toContain('flux get hr -A');
    expect(run.stderr).toContain('kubectl describe helmrelease -n flux-system <name>');
    expect(run.stderr).toContain('kubectl describe certificate -n linkerd linkerd-identity-issuer');
  });

  test('a cluster older than the line supports is refused with the range before anything is applied; a newer one than Linkerd names is a warning', () => {
    const old = make('up-studio', {}, { env: { FAKE_SERVER_VERSION: '1.30.9' } });
    expect(old.status).not.toBe(0);
    expect(old.stderr).toContain(
      'error: the cluster runs Kubernetes 1.30, and edge-26.8.3 (Linkerd 2.20) supports Kubernetes 1.31 or newer; nothing was applied.',
    );
    expect(old.stderr).toContain(
      'Upgrade the cluster to Kubernetes 1.31 or newer, or set releaseLine in clusters/studio.yaml to a line of an older Linkerd major',
    );
    expect(old.commands).toEqual(['kubectl config current-context', 'kubectl get --raw /version']);

    writeFileSync(join(project, 'clusters/studio.yaml'), 'releaseLine: edge-25.10.7\n');
    const newer = make('up-studio', {}, { env: { FAKE_SERVER_VERSION: '1.35.0' } });
    expect(newer.stdout).toContain(
      "Check the cluster's Kubernetes version against edge-25.10.7 (Linkerd 2.19: Kubernetes 1.29 to 1.34)",
    );
    expect(newer.stdout).toContain(
      'warning: the cluster runs Kubernetes 1.35, newer than the 1.34 that Linkerd 2.19 names as its newest',
    );
  });

  test('a cluster without Flux is told so', () => {
    const run = make('up-studio', {}, { env: { FAKE_ENTRY: 'nocrd' } });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('Is Flux installed in this cluster?');
    expect(run.commands.filter((command) => command.startsWith('kubectl apply'))).toEqual([]);
  });

  test('a Flux older than 2.6 is refused before anything is applied; one whose CRDs name no version passes when it serves OCIRepository v1', () => {
    const old = make('up-studio', {}, { env: { FAKE_FLUX_VERSION: 'v2.5.1', FAKE_ENTRY: 'absent' } });
    expect(old.status).not.toBe(0);
    expect(old.stderr).toContain(
      'error: the cluster runs Flux v2.5.1, and dist/ needs Flux 2.6 or newer (OCIRepository v1, GitRepository sparseCheckout, Kustomization healthCheckExprs and deletionPolicy); nothing was applied.',
    );
    expect(old.stderr).toContain('Upgrade Flux first (https://fluxcd.io/flux/installation/upgrade/');
    expect(old.commands[old.commands.length - 1]).toMatch(/^kubectl get crd kustomizations/);
    for (const version of ['v2.6.0', 'v3.0.0', '2.10.1'])
      expect([version, make('up-studio', {}, { env: { FAKE_FLUX_VERSION: version } }).status]).toEqual([version, 0]);
    expect(make('up-studio', {}, { env: { FAKE_FLUX_VERSION: 'v1.25.4' } }).status).not.toBe(0);
    const unlabelled = make('up-studio', {}, { env: { FAKE_FLUX_VERSION: 'none' } });
    expect(unlabelled.status).toBe(0);
    expect(unlabelled.stdout).toContain('serves OCIRepository v1: 2.6 or newer.');
    const older = make('up-studio', {}, { env: { FAKE_FLUX_VERSION: 'none', FAKE_OCI_V1: 'false' } });
    expect(older.status).not.toBe(0);
    expect(older.stderr).toContain('the cluster runs a Flux without source.toolkit.fluxcd.io/v1 OCIRepository');
  });

  test('a stale dist/ (synthesis changes it) is refused before touching the cluster', () => {
    appendFileSync(join(project, 'dist/studio/README.md'), '\nedited by hand\n');
    git('commit', '-qam', 'hand edit in dist');
    git('push', '-q');
    const run = make('up-studio');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(
      'refused: these changes under clusters/ and dist/ are not committed (Flux reads Git, not this folder):',
    );
    expect(run.stderr).toContain(' M dist/studio/README.md');
    expect(run.stderr).toContain('git add clusters dist && git commit -m "<what changed>" && git push');
    expect(run.commands).toEqual(['kubectl config current-context', 'kubectl get --raw /version', FLUX_VERSION_READ]);
  });

  test('an uncommitted config change is refused', () => {
    appendFileSync(join(project, 'clusters/studio.yaml'), '# a comment\n');
    const run = make('up-studio');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(' M clusters/studio.yaml');
    expect(run.commands).toEqual(['kubectl config current-context', 'kubectl get --raw /version', FLUX_VERSION_READ]);
  });

  test('local commits not pushed are refused, naming them', () => {
    appendFileSync(join(project, 'clusters/studio.yaml'), '# a comment\n');
    git('commit', '-qam', 'Comment the studio config');
    const run = make('up-studio');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(
      'refused: these local commits change clusters/ or dist/ but are not on origin/main yet',
    );
    expect(run.stderr).toContain('Comment the studio config');
    expect(run.stderr).toContain('  git push');
    expect(run.commands).toEqual(['kubectl config current-context', 'kubectl get --raw /version', FLUX_VERSION_READ]);
  });

  test('a branch without upstream is refused', () => {
    git('checkout', '-qb', 'local-only');
    try {
      const run = make('up-studio');
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain('branch local-only has no upstream branch');
      expect(run.stderr).toContain('git push -u origin local-only');
    } finally {
      git('checkout', '-q', 'main');
      git('branch', '-qD', 'local-only');
    }
  });
});

describe('make linkerd-inject (end to end on the project copy)', () => {
  afterAll(resetProject);

  test('adds the namespace to the config, keeping its comments, and dist/ annotates it', () => {
    const run = make('linkerd-inject', { NS: 'apps', RESTART: 'no' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const config = read('clusters/studio.yaml');
    for (const line of studioYaml.split('\n').filter((text) => text.startsWith('#'))) expect(config).toContain(line);
    expect(config).toContain('meshedNamespaces:\n  - apps\n');
    expect(parseDocument(config).toJS().meshedNamespaces).toEqual(['apps']);
    const namespace = parseDocument(read('dist/studio/mesh/namespace.yaml')).toJS();
    expect(namespace).toMatchObject({
      kind: 'Namespace',
      metadata: { name: 'apps', annotations: { 'linkerd.io/inject': 'enabled' } },
    });
    expect(namespace.metadata.labels?.['linkerd.io/inject']).toBeUndefined();
    expect(run.stdout).toContain('+  - apps');
    expect(run.stdout).toContain('+    linkerd.io/inject: enabled');
    expect(run.stdout).toContain(
      'git add clusters/studio.yaml dist && git commit -m "Mesh namespace apps" && git push',
    );
    expect(run.stdout).toContain('Not restarted. Once Flux has applied the annotation: make linkerd-restart NS=apps');
    expect(run.commands).toEqual([]);
  });

  test('a namespace an app of the repository declares: the annotation goes into that manifest (comments kept), the config says declared: elsewhere', () => {
    // A repository that holds the app and this project in a subfolder, as a GitOps repository does.
    const mono = join(work, 'mono');
    const copy = join(mono, 'infra', 'linkerd');
    mkdirSync(join(mono, 'apps', 'media'), { recursive: true });
    writeFileSync(
      join(mono, 'apps', 'media', 'namespace.yaml'),
      '# Media apps\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: media # keep\n  labels: {team: home}\n',
    );
    cpSync(project, copy, { recursive: true, verbatimSymlinks: true, filter: (source) => !source.endsWith('/.git') });
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: mono, env: gitEnv() });
    const result = spawnSync(MAKE, ['-C', copy, 'linkerd-inject', 'NS=media', 'RESTART=no'], {
      env: { ...gitEnv(), PATH: `${FAKEBIN}${delimiter}${SYSTEM_PATH}`, FAKE_LOG: logFile, FAKE_STATE: state },
      input: '',
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(
      parseDocument(readFileSync(join(copy, 'clusters/studio.yaml'), 'utf8'))
        .toJS()
        .meshedNamespaces.at(-1),
    ).toEqual({ name: 'media', declared: 'elsewhere' });
    const manifest = readFileSync(join(mono, 'apps', 'media', 'namespace.yaml'), 'utf8');
    // Only the annotation's lines are new; every other line is as the person wrote it.
    expect(manifest).toBe(
      '# Media apps\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: media # keep\n  labels: {team: home}\n  annotations:\n    linkerd.io/inject: enabled\n',
    );
    const declaredHere = join(copy, 'dist/studio/mesh/namespace.yaml');
    expect(existsSync(declaredHere) ? readFileSync(declaredHere, 'utf8') : '').not.toContain('name: media');
    expect(result.stdout).toContain('apps/media/namespace.yaml: added the annotation linkerd.io/inject: enabled');
    expect(result.stdout).toContain('+    linkerd.io/inject: enabled');
    expect(result.stdout).toMatch(/git add clusters\/studio\.yaml dist \S*apps\/media\/namespace\.yaml && git commit/);
    rmSync(mono, { recursive: true, force: true });
  });

  test.each([
    [
      'apps',
      'refused: "apps" cannot be added to meshedNamespaces in clusters/studio.yaml',
      'clusters/studio.yaml: meshedNamespaces[1].name: "apps" is listed twice',
    ],
    [
      'linkerd',
      'refused: "linkerd" cannot be added to meshedNamespaces in clusters/studio.yaml',
      'clusters/studio.yaml: meshedNamespaces[1].name: "linkerd" is reserved',
    ],
    // Not a namespace name at all: refused as a variable, before the config is read.
    [
      'Not_A_Name',
      'NS="Not_A_Name": not allowed; NS takes a namespace name, which must be a DNS-1123 label',
      'nothing was changed',
    ],
  ])('refuses %s with the validator message and changes nothing', (name, refusal, message) => {
    const before = read('clusters/studio.yaml');
    const run = make('linkerd-inject', { NS: name, RESTART: 'no' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(refusal);
    expect(run.stderr).toContain(message);
    expect(read('clusters/studio.yaml')).toBe(before);
  });

  test('asks for the namespace and whether to restart', () => {
    const run = make('linkerd-inject', {}, { input: 'shop\nn\n' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Namespace to mesh (added to meshedNamespaces in clusters/studio.yaml):');
    expect(run.stdout).toContain('Restart the workloads of shop now');
    expect(parseDocument(read('clusters/studio.yaml')).toJS().meshedNamespaces).toEqual(['apps', 'shop']);
    expect(run.commands).toEqual([]);
  });

  test('RESTART=yes restarts the workloads once the namespace carries the annotation', () => {
    const run = make('linkerd-inject', { NS: 'web', RESTART: 'yes' }, { env: { FAKE_INJECT: 'enabled' } });
    expect(run.status).toBe(0);
    expect(run.commands).toEqual([
      'kubectl config current-context',
      'kubectl get namespace web -o jsonpath={.metadata.annotations.linkerd\\.io/inject}',
      'kubectl -n web rollout restart deploy,statefulset,daemonset',
    ]);
  });

  test('RESTART=yes does not restart while the cluster has no annotation yet (pods would start without a proxy)', () => {
    const run = make('linkerd-inject', { NS: 'db', RESTART: 'yes' }, { env: { FAKE_INJECT: '' } });
    expect(run.status).toBe(0);
    expect(run.commands.some((command) => command.includes('rollout restart'))).toBe(false);
    expect(run.stdout).toContain('does not carry the annotation linkerd.io/inject in the cluster yet');
    expect(run.stdout).toContain('make linkerd-restart NS=db');
  });

  test('INJECT=ingress adds the namespace in the ingress mode', () => {
    const run = make('linkerd-inject', { NS: 'ingress-nginx', INJECT: 'ingress', RESTART: 'no' });
    expect(run.status).toBe(0);
    expect(read('clusters/studio.yaml')).toContain('  - name: ingress-nginx\n    inject: ingress\n');
    const namespaces = read('dist/studio/mesh/namespace.yaml')
      .split(/^---$/m)
      .map((text) => parseDocument(text).toJS());
    expect(
      namespaces.find((namespace) => namespace.metadata.name === 'ingress-nginx').metadata.annotations[
        'linkerd.io/inject'
      ],
    ).toBe('ingress');
  });

  test('linkerd-proxy-status shows every meshed namespace of the config', () => {
    const run = make('linkerd-proxy-status');
    expect(run.status).toBe(0);
    expect(run.commands).toEqual([
      'kubectl config current-context',
      'linkerd viz stat deploy -n apps',
      'linkerd viz stat deploy -n shop',
      'linkerd viz stat deploy -n web',
      'linkerd viz stat deploy -n db',
      'linkerd viz stat deploy -n ingress-nginx',
    ]);
  });

  test('adds to a config written its own way without touching any other line', () => {
    const odd = [
      '# my cluster',
      'releaseLine:   edge-26.8.3    # aligned comment',
      'meshedNamespaces:',
      '- apps        # a list without indent',
      "viz: { enabled: true,   dashboard: {extraHosts: ['a.example']} }",
      'budget:',
      "    cpu: '2'",
      '',
      '',
      'tracing:',
      '  enabled: true',
      '',
    ].join('\n');
    writeFileSync(join(project, 'clusters/studio.yaml'), odd);
    try {
      const run = make('linkerd-inject', { NS: 'media', RESTART: 'no' });
      expect(run.stderr).toBe('');
      expect(read('clusters/studio.yaml')).toBe(
        odd.replace('# a list without indent\n', '# a list without indent\n- media\n'),
      );
    } finally {
      resetProject();
    }
  });
});

describe('looking at the mesh', () => {
  test('linkerd-status: Flux objects, then the pods of the mesh namespaces', () => {
    const run = make('linkerd-status');
    expect(run.status).toBe(0);
    expect(run.commands).toEqual([
      'kubectl config current-context',
      'flux get kustomizations',
      'flux get helmreleases -A',
      'kubectl -n cert-manager get pods -o wide',
      'kubectl -n linkerd get pods -o wide',
      'kubectl -n linkerd-viz get pods -o wide',
      'kubectl -n linkerd-jaeger get pods -o wide',
    ]);
  });

  test('linkerd-check: the control plane and viz checks; no jaeger check where Jaeger v2 replaced linkerd-jaeger', () => {
    const run = make('linkerd-check');
    expect(run.status).toBe(0);
    expect(run.commands).toEqual(['kubectl config current-context', 'linkerd check', 'linkerd viz check']);
  });

  test('linkerd-check: linkerd jaeger check where linkerd-jaeger is installed; a failing check fails the target, the others still run', () => {
    writeFileSync(join(project, 'clusters/older.yaml'), 'releaseLine: edge-25.9.4\n');
    try {
      const run = make('linkerd-check', { CLUSTER: 'older' }, { env: { FAKE_LINKERD_FAIL: 'viz check' } });
      expect(run.status).not.toBe(0);
      expect(run.commands).toEqual([
        'kubectl config current-context',
        'linkerd check',
        'linkerd viz check',
        'linkerd jaeger check',
      ]);
      expect(run.stderr).toContain('failed:\n  linkerd viz check');
    } finally {
      rmSync(join(project, 'clusters/older.yaml'));
    }
  });

  test('linkerd-check and linkerd-status with the CNI plugin: its checks in linkerd-cni, its pods listed', () => {
    writeFileSync(
      join(project, 'clusters/talos.yaml'),
      'cni: {enabled: true, preset: talos}\npodSecurity: {enforce: baseline}\n',
    );
    try {
      const check = make('linkerd-check', { CLUSTER: 'talos' });
      expect(check.status).toBe(0);
      expect(check.commands).toEqual([
        'kubectl config current-context',
        'linkerd check --cni-namespace linkerd-cni',
        'linkerd viz check',
      ]);
      const status = make('linkerd-status', { CLUSTER: 'talos' });
      expect(status.commands).toContain('kubectl -n linkerd-cni get pods -o wide');
    } finally {
      rmSync(join(project, 'clusters/talos.yaml'));
    }
  });

  test('linkerd-jaeger: port-forwards the Jaeger UI on every line; says so when tracing goes elsewhere', () => {
    const run = make('linkerd-jaeger');
    expect(run.status).toBe(0);
    expect(run.commands).toEqual(['kubectl config current-context', portForward(JAEGER_UI)]);
    expect(run.stdout).toContain(`open http://localhost:${JAEGER_UI.port}/jaeger/`);
    writeFileSync(
      join(project, 'clusters/elsewhere.yaml'),
      'tracing: {backend: otlp, otlpEndpoint: "otel.monitoring:4317", collectorIdentity: {serviceAccount: otel, namespace: monitoring}}\n',
    );
    try {
      const elsewhere = make('linkerd-jaeger', { CLUSTER: 'elsewhere' });
      expect(elsewhere.status).not.toBe(0);
      expect(elsewhere.stderr).toContain('sends traces to your own collector (tracing.backend: otlp');
      expect(elsewhere.commands).toEqual(['kubectl config current-context']);
    } finally {
      rmSync(join(project, 'clusters/elsewhere.yaml'));
    }
  });

  test('linkerd-dashboard: port-forwards Service web and says where to look', () => {
    const run = make('linkerd-dashboard');
    expect(run.status).toBe(0);
    expect(run.commands).toEqual(['kubectl config current-context', portForward(VIZ_DASHBOARD)]);
    expect(run.stdout).toContain(`open http://localhost:${VIZ_DASHBOARD.port}`);
  });

  test('linkerd-logs: every control-plane component, or COMPONENT=', () => {
    expect(make('linkerd-logs').commands).toEqual([
      'kubectl config current-context',
      'kubectl -n linkerd logs deploy/linkerd-destination --all-containers --prefix --tail=100',
      'kubectl -n linkerd logs deploy/linkerd-identity --all-containers --prefix --tail=100',
      'kubectl -n linkerd logs deploy/linkerd-proxy-injector --all-containers --prefix --tail=100',
    ]);
    expect(make('linkerd-logs', { COMPONENT: 'identity', TAIL: '20', FOLLOW: '1' }).commands).toEqual([
      'kubectl config current-context',
      'kubectl -n linkerd logs deploy/linkerd-identity --all-containers --prefix --tail=20 --follow',
    ]);
    const wrong = make('linkerd-logs', { COMPONENT: 'controller' });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toContain(
      'COMPONENT="controller": not allowed; COMPONENT takes "destination" or "identity" or "proxy-injector"',
    );
  });

  test('linkerd-proxy-status: the control plane when nothing is meshed, or NS=', () => {
    expect(make('linkerd-proxy-status').commands).toEqual([
      'kubectl config current-context',
      'linkerd viz stat deploy -n linkerd',
    ]);
    expect(make('linkerd-proxy-status', { NS: 'apps' }).commands).toEqual([
      'kubectl config current-context',
      'linkerd viz stat deploy -n apps',
    ]);
  });

  test("linkerd-metrics: viz's Prometheus, or one workload's raw proxy metrics", () => {
    const prometheus = make('linkerd-metrics');
    expect(prometheus.status).toBe(0);
    expect(prometheus.commands).toEqual(['kubectl config current-context', portForward(VIZ_PROMETHEUS)]);
    expect(prometheus.stdout).toContain(`open http://localhost:${VIZ_PROMETHEUS.port}`);
    const raw = make('linkerd-metrics', { NS: 'apps', TARGET: 'deploy/web' });
    expect(raw.status).toBe(0);
    expect(raw.commands).toEqual([
      'kubectl config current-context',
      'linkerd diagnostics proxy-metrics -n apps deploy/web',
    ]);
  });

  test('linkerd-restart: asks first, and refuses a namespace without the inject annotation', () => {
    const restarted = make('linkerd-restart', { NS: 'apps', YES: '1' }, { env: { FAKE_INJECT: 'enabled' } });
    expect(restarted.status).toBe(0);
    expect(restarted.commands.at(-1)).toBe('kubectl -n apps rollout restart deploy,statefulset,daemonset');
    const declined = make('linkerd-restart', { NS: 'apps' }, { env: { FAKE_INJECT: 'enabled' }, input: 'n\n' });
    expect(declined.commands.some((command) => command.includes('rollout restart'))).toBe(false);
    const refused = make('linkerd-restart', { NS: 'apps' }, { env: { FAKE_INJECT: '' } });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain(
      'namespace apps has no annotation linkerd.io/inject (a label of that name does nothing)',
    );
  });
});

describe('make linkerd-restart-outdated', () => {
  // namespace|proxy-version|proxy-deployment|proxy-statefulset|proxy-daemonset, one line per pod (two pods of web).
  const PODS = [
    'apps|edge-26.6.3|web||',
    'apps|edge-26.6.3|web||',
    'apps|edge-26.8.3|api||',
    'db|edge-26.6.3||postgres|',
    'kube-system|||| ',
    'logging|edge-25.10.7|||fluent-bit',
    'batch|edge-26.6.3|||',
    'linkerd|edge-26.8.3|linkerd-destination||',
  ].join('\n');
  const podsFile = () => {
    const file = join(work, 'pods.txt');
    writeFileSync(file, `${PODS}\n`);
    return file;
  };
  const listing = [
    'kubectl config current-context',
    'kubectl -n linkerd get deploy linkerd-proxy-injector -o jsonpath={.spec.template.metadata.annotations.linkerd\\.io/proxy-version}',
  ];

  test('by default only lists, once each, the workloads whose proxies differ from the control plane', () => {
    const run = make('linkerd-restart-outdated', {}, { env: { FAKE_PODS: podsFile() } });
    expect(run.status).toBe(0);
    expect(run.commands.slice(0, 2)).toEqual(listing);
    expect(run.commands.some((command) => command.includes('rollout restart'))).toBe(false);
    expect(run.stdout).toContain('control plane: edge-26.8.3');
    expect(run.stdout).toContain(
      '  apps deployment/web: proxy edge-26.6.3\n  db statefulset/postgres: proxy edge-26.6.3\n  logging daemonset/fluent-bit: proxy edge-25.10.7\n',
    );
    expect(run.stdout).not.toContain('deployment/api');
    expect(run.stdout).not.toContain('linkerd-destination');
    expect(run.stdout).toContain(
      'a pod in batch runs proxy edge-26.6.3 but belongs to no Deployment, StatefulSet or DaemonSet',
    );
    expect(run.stdout).toContain('3 workload(s) to restart (dry run: nothing restarted)');
    expect(run.stdout).toContain('make linkerd-restart-outdated CLUSTER=studio RESTART=yes');
  });

  test('RESTART=yes restarts exactly those', () => {
    const run = make('linkerd-restart-outdated', { RESTART: 'yes' }, { env: { FAKE_PODS: podsFile() } });
    expect(run.status).toBe(0);
    expect(run.commands.filter((command) => command.includes('rollout restart'))).toEqual([
      'kubectl -n apps rollout restart deployment/web',
      'kubectl -n db rollout restart statefulset/postgres',
      'kubectl -n logging rollout restart daemonset/fluent-bit',
    ]);
  });

  test("what differs is what is restarted (also the control plane's own pods); nothing when every proxy matches", () => {
    const run = make(
      'linkerd-restart-outdated',
      { RESTART: 'yes' },
      { env: { FAKE_PODS: podsFile(), FAKE_CP_VERSION: 'edge-26.6.3' } },
    );
    expect(run.status).toBe(0);
    expect(run.commands.filter((command) => command.includes('rollout restart'))).toEqual([
      'kubectl -n apps rollout restart deployment/api',
      'kubectl -n linkerd rollout restart deployment/linkerd-destination',
      'kubectl -n logging rollout restart daemonset/fluent-bit',
    ]);
    const none = make('linkerd-restart-outdated', {}, { env: { FAKE_CP_VERSION: 'edge-26.8.3' } });
    expect(none.stdout).toContain('Every meshed pod runs proxy edge-26.8.3: nothing to restart.');
  });

  test.each(['Yes', 'YES', 'y', 'true', '1', 'yes; touch PWNED'])(
    'RESTART=%j is refused like every variable (never a silent dry run)',
    (value) => {
      const run = make('linkerd-restart-outdated', { RESTART: value }, { env: { FAKE_PODS: podsFile() } });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain(`RESTART=${JSON.stringify(value)}: not allowed; RESTART takes "yes" or "no"`);
      expect(run.commands).toEqual([]);
      expect(existsSync(join(project, 'PWNED'))).toBe(false);
    },
  );

  test('names the cluster returns are data: never split into kubectl arguments, odd ones skipped', () => {
    const file = join(work, 'hostile-pods.txt');
    writeFileSync(
      file,
      [
        'apps|edge-26.6.3|web app||', // a space: would be two arguments
        'apps|edge-26.6.3|-n kube-system||',
        'apps|edge-26.6.3|$(touch PWNED)||',
        'a b|edge-26.6.3|web||',
        'apps|edge-26.6.3|x|y|z|extra', // a sixth field
        'apps|edge-26.6.3|*||',
        'apps|edge-26.6.3|web||',
        '',
      ].join('\n'),
    );
    const run = make('linkerd-restart-outdated', { RESTART: 'yes' }, { env: { FAKE_PODS: file } });
    expect(run.status).toBe(0);
    expect(run.commands.filter((command) => command.includes('rollout restart'))).toEqual([
      'kubectl -n apps rollout restart deployment/web',
    ]);
    expect(run.stdout).toContain(
      'skipped: the cluster returned apps deployment/web\\ app, which is not a Kubernetes name',
    );
    expect(run.stdout).toContain('skipped: the cluster returned a\\ b deployment/web');
    expect(run.stdout).toContain('skipped a pod record the cluster returned in another form');
    expect(existsSync(join(project, 'PWNED'))).toBe(false);
  });
});

describe('make linkerd-rotate-trust-anchor', () => {
  afterAll(resetProject);
  const fast = { WAIT_TIMEOUT: '5', POLL_INTERVAL: '0' };

  test('a new rotation refuses to start while clusters/ or dist/ has changes that are not pushed', () => {
    const before = read('clusters/studio.yaml');
    writeFileSync(join(project, 'clusters/studio.yaml'), `${studioYaml}# work in progress\n`);
    try {
      const run = make('linkerd-rotate-trust-anchor', fast);
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain('refused: these changes under clusters/ and dist/ are not committed');
      expect(run.commands).toEqual(['kubectl config current-context']);
    } finally {
      writeFileSync(join(project, 'clusters/studio.yaml'), before);
    }
  });

  test('step 1 puts the current anchor (public certificate only) into previousTrustAnchors, and synth accepts it', () => {
    const run = make('linkerd-rotate-trust-anchor', fast, { input: 'n\n' });
    expect(run.status).not.toBe(0);
    expect(run.commands).toEqual([
      'kubectl config current-context',
      'kubectl -n cert-manager get secret linkerd-trust-anchor -o jsonpath={.data.tls\\.crt}',
    ]);
    expect(run.commands.join('\n')).not.toContain('tls.key');
    const config = read('clusters/studio.yaml');
    for (const line of studioYaml.split('\n').filter((text) => text.startsWith('#'))) expect(config).toContain(line);
    const anchors: string[] = parseDocument(config).toJS().identity.previousTrustAnchors;
    expect(anchors.map(pemBody)).toEqual([pemBody(OLD_ANCHOR)]);
    expect(config).toContain('previousTrustAnchors:\n    - |\n      -----BEGIN CERTIFICATE-----\n');
    const bundle = parseDocument(read('dist/studio/identity/bundle.yaml')).toJS();
    expect(bundle.spec.sources.map((source: { inLine?: string }) => pemBody(source.inLine ?? ''))).toContain(
      pemBody(OLD_ANCHOR),
    );
    expect(run.stdout).toContain('Commit clusters/studio.yaml and dist/');
    expect(run.stderr).toContain('stopped before committing. Commit and push it yourself:');
    expect(run.stderr).toContain('run make linkerd-rotate-trust-anchor CLUSTER=studio again: it continues from there.');
  });

  test('YES=1 continues from there to the end: renew, restart, renew the issuer, restart, drop the previous anchor', () => {
    const run = make('linkerd-rotate-trust-anchor', { ...fast, YES: '1' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const order = [
      'kubectl -n cert-manager get secret linkerd-trust-anchor -o jsonpath={.data.tls\\.crt}',
      'flux reconcile kustomization linkerd-identity --with-source',
      'kubectl get bundle linkerd-identity-trust-roots -o jsonpath={.spec.sources[*].inLine}',
      'cmctl renew -n cert-manager linkerd-trust-anchor',
      'kubectl -n linkerd get configmap linkerd-identity-trust-roots -o jsonpath={.data.ca-bundle\\.crt}',
      'kubectl -n linkerd rollout restart deploy',
      'kubectl -n linkerd-viz rollout restart deploy,statefulset,daemonset',
      'kubectl -n linkerd-jaeger rollout restart deploy,statefulset,daemonset',
      'cmctl renew -n linkerd linkerd-identity-issuer',
      'kubectl -n linkerd rollout restart deploy',
      'flux reconcile kustomization linkerd-identity --with-source',
    ];
    let from = 0;
    for (const command of order) {
      const at = run.commands.indexOf(command, from);
      expect({ command, found: at >= 0 }).toEqual({ command, found: true });
      from = at + 1;
    }
    expect(run.commands.join('\n')).not.toContain('delete secret');
    expect(run.stdout).toContain('The trust bundle carries 2 certificates: the new anchor and the previous one.');
    expect(parseDocument(read('clusters/studio.yaml')).toJS().identity).toBeUndefined();
    expect(read('clusters/studio.yaml')).toBe(studioYaml);
    expect(git('log', '--format=%s', 'origin/main', '-2').split('\n')).toEqual([
      'Linkerd trust anchor rotation (studio): drop the previous anchor',
      'Linkerd trust anchor rotation (studio): keep trusting the current anchor',
    ]);
    expect(git('rev-parse', 'HEAD')).toBe(git('rev-parse', 'origin/main'));
  });

  test('without cmctl, it deletes the Secret so that cert-manager issues the anchor again, and says so; "n" stops', () => {
    resetProject();
    // yes: commit and push; yes: reconcile; yes: renew the anchor; no: restart.
    const run = make('linkerd-rotate-trust-anchor', fast, { path: pathWithout('cmctl'), input: 'y\ny\ny\nn\n' });
    expect(run.status).not.toBe(0);
    expect(run.commands).toContain('kubectl -n cert-manager delete secret linkerd-trust-anchor');
    expect(run.commands.some((command) => command.includes('rollout restart'))).toBe(false);
    expect(run.stdout).toContain('deleting the Secret makes cert-manager issue the Certificate again, with a new key');
    expect(run.stdout).toContain('The trust bundle carries 2 certificates: the new anchor and the previous one.');
    expect(run.stderr).toContain('stopped before restarting; run make linkerd-rotate-trust-anchor again to continue.');
    expect(pemBody(NEW_ANCHOR)).not.toBe(pemBody(OLD_ANCHOR));
  });
});

describe('hostile values: every target checks every variable, and the stem, before it changes anything', () => {
  /** Shell metacharacters that would run `touch PWNED` if a value ever reached a shell or make unquoted. */
  const HOSTILE = 'x;touch PWNED $(touch PWNED) `touch PWNED` \'q" | touch PWNED && $$(touch PWNED)';
  /** Every variable, each with a value it may not hold (CONTEXT may hold any name but no control character). */
  const VARIABLES: Record<string, string> = {
    NS: HOSTILE,
    INJECT: HOSTILE,
    RESTART: HOSTILE,
    YES: HOSTILE,
    FOLLOW: HOSTILE,
    TAIL: HOSTILE,
    PORT: HOSTILE,
    TARGET: `deploy/${HOSTILE}`,
    COMPONENT: HOSTILE,
    TIMEOUT: HOSTILE,
    WAIT_TIMEOUT: HOSTILE,
    POLL_INTERVAL: HOSTILE,
    CONTEXT: `${HOSTILE}\tx`,
  };
  const TARGETS = [
    'up-studio',
    'up',
    'linkerd-status',
    'linkerd-check',
    'linkerd-dashboard',
    'linkerd-jaeger',
    'linkerd-inject',
    'linkerd-restart',
    'linkerd-logs',
    'linkerd-proxy-status',
    'linkerd-metrics',
    'linkerd-rotate-trust-anchor',
    'linkerd-restart-outdated',
  ];

  /** Nothing ran, nothing changed: no fake tool was called, the work tree is as committed, no PWNED anywhere. */
  function expectNothingChanged(run: Run): void {
    expect(run.commands).toEqual([]);
    expect(git('status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(existsSync(join(project, 'PWNED'))).toBe(false);
    expect(existsSync(join(project, 'scripts/ops/PWNED'))).toBe(false);
  }

  test.each(TARGETS)('%s: every variable refused by name, with its value and what is allowed', (target) => {
    const run = make(target, VARIABLES);
    expect(run.status).not.toBe(0);
    for (const [name, value] of Object.entries(VARIABLES)) {
      expect(run.stderr).toContain(`${name}=${JSON.stringify(value)}: not allowed; ${name} takes `);
    }
    expect(run.stderr).toContain('nothing was changed');
    expectNothingChanged(run);
  });

  test.each(TARGETS.filter((target) => target !== 'up-studio'))(
    '%s: CLUSTER= with metacharacters is an unknown cluster',
    (target) => {
      const run = make(target, { CLUSTER: HOSTILE });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain(
        `unknown cluster "${HOSTILE}": there is no clusters/${HOSTILE}.yaml; nothing was changed.`,
      );
      expectNothingChanged(run);
    },
  );

  test.each([
    [HOSTILE, `unknown cluster "${HOSTILE}"`],
    ['$(CLUSTER)', 'unknown cluster "$(CLUSTER)"'],
    ['%', 'unknown cluster "%"'],
    // With a slash, make's pattern rule does not match at all.
    ['../studio', "No rule to make target 'up-../studio'"],
    ['studio/../studio', "No rule to make target 'up-studio/../studio'"],
  ])('up-<stem> with the stem %j is refused', (stem, message) => {
    const run = make(`up-${stem}`);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(message);
    expectNothingChanged(run);
  });

  test('a value that is fine for one variable is passed on literally: CONTEXT with metacharacters is compared, not run', () => {
    const run = make('linkerd-status', { CONTEXT: HOSTILE });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`CONTEXT=${HOSTILE} was asked for; nothing was changed.`);
    expect(run.commands).toEqual(['kubectl config current-context']);
    expect(existsSync(join(project, 'PWNED'))).toBe(false);
  });
});

describe('the README and the scripts name only targets that exist', () => {
  const makefile = readFileSync(join(REPO, 'Makefile'), 'utf8');
  const targets = new Set([...makefile.matchAll(/^([a-z%][\w%-]*):/gm)].map((match) => match[1]));
  const clusters = new Set([
    '<cluster>',
    ...execFileSync('git', ['ls-files', 'clusters'], { cwd: REPO, encoding: 'utf8' })
      .split('\n')
      .filter((file) => file.endsWith('.yaml'))
      .map((file) => file.slice('clusters/'.length, -'.yaml'.length)),
  ]);
  const exists = (target: string) => targets.has(target) || (target.startsWith('up-') && clusters.has(target.slice(3)));
  const named = (text: string) =>
    [...text.matchAll(/\bmake (help|up(?:-[\w<>$(){}]+)?|linkerd-[\w-]+)/g)].map((match) =>
      match[1].replace(/^up-\$.*/, 'up-<cluster>'),
    );

  test('README.md and docs/', () => {
    const pages = ['README.md', ...readdirSync(join(REPO, 'docs')).map((name) => `docs/${name}`)];
    const text = pages.map((page) => readFileSync(join(REPO, page), 'utf8')).join('\n');
    const operations = readFileSync(join(REPO, 'docs/operations.md'), 'utf8');
    const usage = operations.slice(
      operations.indexOf('<!-- section:usage -->'),
      operations.indexOf('<!-- /section:usage -->'),
    );
    // README's walkthrough makes a cluster of its own, `home`.
    expect(named(text).filter((target) => !exists(target) && target !== 'up-home')).toEqual([]);
    expect(
      [...targets].filter((target) => target !== 'help' && !usage.includes(`make ${target.replace('%', 'studio')}`)),
    ).toEqual([]);
  });

  test('scripts/ops', () => {
    const scripts = ['lib.sh', 'up.sh', 'observe.sh', 'inject.sh', 'rotate-trust-anchor.sh']
      .map((file) => readFileSync(join(REPO, 'scripts/ops', file), 'utf8'))
      .join('\n');
    expect(named(scripts).filter((target) => !exists(target))).toEqual([]);
  });
});
