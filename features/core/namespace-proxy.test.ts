/**
 * meshedNamespaces[].proxy: written as the Namespace annotations the line's proxy injector reads, typed (ports
 * and ranges, quantities against each other and the cluster's, log levels), refused where the line lacks the
 * setting, and warned with the annotations to write for a namespace declared elsewhere.
 */
import { releaseLine } from '../../lib/linkerd/catalog';
import { nativeSidecarAnnotation } from '../../lib/linkerd/proxy-annotations';
import { loadClusterConfig } from '../../lib/plan/config-load';
import { configProblemsOf } from '../../test/support/config-problems';
import { synthesizeConfig } from '../../test/support/synth';
import { configWarnings } from '../cluster-config';

const FILE = 'clusters/home.yaml';
const problems = (text: string): string[] => configProblemsOf(text, FILE);

function annotationsOf(text: string, namespace: string): Record<string, string> {
  const found = synthesizeConfig(text, 'home').objects.find(
    ({ object }) => object.kind === 'Namespace' && object.metadata.name === namespace,
  );
  return (found?.object.metadata.annotations ?? {}) as Record<string, string>;
}

test('every setting becomes the annotation the injector reads', () => {
  const text = [
    'meshedNamespaces:',
    '  - name: databases',
    '    proxy:',
    '      opaquePorts: [3306, 5432, "10000-10100"]',
    '      skipInboundPorts: 8200',
    '      skipOutboundPorts: "25, 587"',
    '      resources: { cpu: { request: 50m, limit: 500m }, memory: { request: 64Mi, limit: 256Mi } }',
    '      logLevel: warn,linkerd=debug',
    '      nativeSidecar: false',
    '',
  ].join('\n');
  expect(annotationsOf(text, 'databases')).toEqual({
    'kustomize.toolkit.fluxcd.io/prune': 'disabled',
    'kustomize.toolkit.fluxcd.io/ssa': 'merge',
    'linkerd.io/inject': 'enabled',
    'config.linkerd.io/opaque-ports': '3306,5432,10000-10100',
    'config.linkerd.io/skip-inbound-ports': '8200',
    'config.linkerd.io/skip-outbound-ports': '25,587',
    'config.linkerd.io/proxy-cpu-request': '50m',
    'config.linkerd.io/proxy-cpu-limit': '500m',
    'config.linkerd.io/proxy-memory-request': '64Mi',
    'config.linkerd.io/proxy-memory-limit': '256Mi',
    'config.linkerd.io/proxy-log-level': 'warn,linkerd=debug',
    'config.linkerd.io/proxy-enable-native-sidecar': 'false',
  });
});

test("the native sidecar annotation is the one each line's injector reads (checked at each tag)", () => {
  expect(nativeSidecarAnnotation(releaseLine('stable-2.14.10'))).toBeUndefined();
  expect(nativeSidecarAnnotation(releaseLine('edge-25.9.4'))).toBe(
    'config.alpha.linkerd.io/proxy-enable-native-sidecar',
  );
  expect(nativeSidecarAnnotation(releaseLine('edge-25.10.7'))).toBe(
    'config.beta.linkerd.io/proxy-enable-native-sidecar',
  );
  expect(nativeSidecarAnnotation(releaseLine('edge-26.6.3'))).toBe('config.linkerd.io/proxy-enable-native-sidecar');
  expect(nativeSidecarAnnotation(releaseLine('edge-26.8.3'))).toBe('config.linkerd.io/proxy-enable-native-sidecar');
  expect(
    annotationsOf(
      'releaseLine: edge-25.9.4\nmeshedNamespaces: [{ name: jobs, proxy: { nativeSidecar: true } }]\n',
      'jobs',
    ),
  ).toHaveProperty(['config.alpha.linkerd.io/proxy-enable-native-sidecar'], 'true');
});

test('native sidecar on a line without it is refused', () => {
  expect(
    problems('releaseLine: stable-2.14.10\nmeshedNamespaces: [{ name: jobs, proxy: { nativeSidecar: true } }]\n'),
  ).toEqual([
    expect.stringContaining(
      'meshedNamespaces[0].proxy.nativeSidecar: boolean true is not a setting of stable-2.14.10: its proxy always runs as a plain container',
    ),
  ]);
});

test('ports, ranges, quantities and log levels are typed', () => {
  expect(problems('meshedNamespaces: [{ name: a, proxy: { opaquePorts: [3306, 70000, "200-100", x] } }]\n')).toEqual([
    expect.stringContaining('"70000" is not a port (1 to 65535)'),
    expect.stringContaining('"200-100" is a range from high to low; write "100-200"'),
    expect.stringContaining('"x" is not a port'),
  ]);
  expect(problems('meshedNamespaces: [{ name: a, proxy: { logLevel: "warn,linkerd=loud" } }]\n')[0]).toContain(
    '"linkerd=loud", which is not a log level',
  );
  expect(
    problems('meshedNamespaces: [{ name: a, proxy: { resources: { cpu: { request: 1, limit: 500m } } } }]\n')[0],
  ).toContain('is below the request "1"');
  // Half a pair is merged with the cluster's other half (the home profile's proxy memory limit is 128Mi).
  expect(problems('meshedNamespaces: [{ name: a, proxy: { resources: { memory: { request: 256Mi } } } }]\n')).toEqual([
    expect.stringContaining(
      'meshedNamespaces[0].proxy.resources.memory.request: "256Mi" is above the limit "128Mi" this namespace\'s proxies get from the cluster',
    ),
  ]);
});

test('a namespace declared elsewhere is warned with the annotations for its own manifest', () => {
  const config = loadClusterConfig(
    'meshedNamespaces: [{ name: apps, declared: elsewhere, proxy: { opaquePorts: "5432", logLevel: debug } }]\n',
    FILE,
  );
  expect(configWarnings(config, FILE)).toEqual([
    `warning: ${FILE}: meshedNamespaces[0].proxy: has no effect with declared: elsewhere (this project emits no Namespace "apps"); put these under metadata.annotations in its own manifest: config.linkerd.io/opaque-ports: "5432", config.linkerd.io/proxy-log-level: "debug"`,
  ]);
});
