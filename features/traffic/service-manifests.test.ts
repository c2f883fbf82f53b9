/**
 * The person's Services in the repository (docs/traffic.md "What goes on your Service"): the scan finds them and
 * their ServiceProfiles, synthesis warns while a manifest lacks the annotations or a ServiceProfile would
 * override them, and `npm run annotate-service` sets them in place, comments and CRLF line endings kept.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanNamespaceManifests } from '../../lib/input/namespace-manifests';
import { planClustersWithWarnings } from '../../lib/plan/plan-clusters';
import { PROJECT_DIR } from '../../test/support/synth';

const CONFIG = `meshedNamespaces: [media]
traffic:
  media:
    jellyfin:
      retries: {http: [5xx], limit: 2}
      circuitBreaking: {maxFailures: 5}
`;

const SERVICE = [
  '# jellyfin, reachable in the cluster',
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: jellyfin',
  '  namespace: media  # ours',
  'spec:',
  '  selector: {app: jellyfin}',
  '  ports:',
  '    - name: http',
  '      port: 8096',
  '',
].join('\r\n');

function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'traffic-scan-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  execFileSync('git', ['init', '-q', '--template='], { cwd: root });
  return root;
}

function plan(root: string) {
  const scan = scanNamespaceManifests(join(root, 'infra/linkerd'), { services: true });
  return planClustersWithWarnings([{ path: 'clusters/home.yaml', text: CONFIG }], [], scan);
}

test('the scan finds the Service, its selector, ports and annotations, and the ServiceProfile', () => {
  const root = repository({
    'apps/media/jellyfin.yaml': SERVICE,
    'apps/media/profile.yaml':
      'apiVersion: linkerd.io/v1alpha2\nkind: ServiceProfile\nmetadata:\n  name: jellyfin.media.svc.cluster.local\n  namespace: media\nspec: {}\n',
    'infra/linkerd/clusters/home.yaml': CONFIG,
  });
  const scan = scanNamespaceManifests(join(root, 'infra/linkerd'), { services: true });
  expect(scan.root !== undefined && scan.services).toEqual({
    services: [
      {
        file: 'apps/media/jellyfin.yaml',
        line: 4,
        name: 'jellyfin',
        namespace: 'media',
        annotations: {},
        selector: { app: 'jellyfin' },
        ports: [{ name: 'http', port: 8096 }],
      },
    ],
    serviceProfiles: [
      { file: 'apps/media/profile.yaml', line: 3, name: 'jellyfin.media.svc.cluster.local', namespace: 'media' },
    ],
  });
  // Without `services`, the scan reads Namespaces only, as before.
  const plain = scanNamespaceManifests(join(root, 'infra/linkerd'));
  expect(plain.root !== undefined && plain.services).toBeUndefined();
});

test('synthesis warns while the manifest lacks the annotations, and when a ServiceProfile would override them', () => {
  const root = repository({
    'apps/media/jellyfin.yaml': SERVICE,
    'apps/media/profile.yaml':
      'apiVersion: linkerd.io/v1alpha2\nkind: ServiceProfile\nmetadata:\n  name: jellyfin.media.svc.cluster.local\n  namespace: media\nspec: {}\n',
    'infra/linkerd/clusters/home.yaml': CONFIG,
  });
  const { warnings } = plan(root);
  expect(warnings).toEqual([
    'warning: clusters/home.yaml: traffic.media.jellyfin: apps/media/jellyfin.yaml:4 declares the Service media/jellyfin without retry.linkerd.io/http: "5xx", retry.linkerd.io/limit: "2", balancer.linkerd.io/failure-accrual: "consecutive", balancer.linkerd.io/failure-accrual-consecutive-max-failures: "5"; npm run annotate-service -- clusters/home.yaml media jellyfin sets them there (comments and line endings kept)',
    "warning: clusters/home.yaml: traffic.media.jellyfin: apps/media/profile.yaml:3 declares a ServiceProfile for media/jellyfin; while it exists Linkerd's proxies follow it and ignore the Service's and its routes' retries, timeouts and circuit breaking: delete it (its routes' settings are in traffic.media.jellyfin now)",
  ]);
});

test('npm run annotate-service sets the annotations in place; then synthesis no longer warns', () => {
  const root = repository({ 'apps/media/jellyfin.yaml': SERVICE, 'infra/linkerd/clusters/home.yaml': CONFIG });
  const output = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(PROJECT_DIR, 'scripts/annotate-service.ts'),
      join(root, 'infra/linkerd/clusters/home.yaml'),
      'media',
      'jellyfin',
    ],
    { cwd: PROJECT_DIR, encoding: 'utf8' },
  );
  expect(output).toContain(
    'apps/media/jellyfin.yaml: set retry.linkerd.io/http, retry.linkerd.io/limit, balancer.linkerd.io/failure-accrual',
  );
  const text = readFileSync(join(root, 'apps/media/jellyfin.yaml'), 'utf8');
  expect(text).toBe(
    [
      '# jellyfin, reachable in the cluster',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: jellyfin',
      '  namespace: media  # ours',
      '  annotations:',
      '    retry.linkerd.io/http: 5xx',
      '    retry.linkerd.io/limit: "2"',
      '    balancer.linkerd.io/failure-accrual: consecutive',
      '    balancer.linkerd.io/failure-accrual-consecutive-max-failures: "5"',
      'spec:',
      '  selector: {app: jellyfin}',
      '  ports:',
      '    - name: http',
      '      port: 8096',
      '',
    ].join('\r\n'),
  );
  expect(plan(root).warnings).toEqual([]);
});
