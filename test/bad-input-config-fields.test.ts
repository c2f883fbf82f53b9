/**
 * Issue 37, the classes of single config fields, each generated as a family:
 * 2. a quoted number in a port field is the number (never a port name that can never match), or refused;
 * 3. a prototype key (`__proto__`) in any mapping of a config is refused by path, never dropped unread;
 * 6. accepted before without a word: whitespace in flux.path, a system root or pseudo filesystem as a CNI
 *    directory, resources.viz.prometheus beside viz.prometheus.url;
 * 10. a bracketed IPv6 literal is a host wherever host:port is taken.
 */
import fc from 'fast-check';
import { parseClusterConfig } from '../lib/plan/config-load';
import { configWarnings } from '../features/cluster-config';
import { configProblemsOf } from './support/config-problems';
import { synthesizeConfig } from './support/synth';

const FILE = 'clusters/home.yaml';
const problems = (text: string) => configProblemsOf(text, FILE);
const POLICY = 'meshedNamespaces: [media]\nproxy: {defaultInboundPolicy: all-authenticated}\n';
/** Ports of the proxy itself, refused in any form. */
const PROXY_PORTS = [4140, 4143, 4190, 4191];

describe('2. quoted numbers in port fields are numbers', () => {
  test("ports: ['80'] selects port 80, exactly like ports: [80]", () => {
    const servers = (ports: string) =>
      synthesizeConfig(`${POLICY}policy: {allow: {media: [{from: [linkerd], ports: ${ports}}]}}\n`)
        .objects.filter(({ object }) => object.kind === 'Server' && object.metadata.name === 'inbound-80')
        .map(({ object }) => object.spec);
    expect(servers('["80"]')).toEqual(servers('[80]'));
    expect(servers("['80']")[0]).toMatchObject({ port: 80 });
  });

  test('any quoted port number: accepted as that number, or refused as a number (never as a name)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 70000 }), fc.constantFrom(0, 1, 65535, 65536, 99999)), (port) => {
        const found = problems(
          `${POLICY}policy: {allow: {media: [{from: [linkerd], ports: ['${port}', "${port}"]}]}}\n`,
        );
        if (port >= 1 && port <= 65535 && !PROXY_PORTS.includes(port)) {
          expect(found).toEqual([]);
        } else if (PROXY_PORTS.includes(port)) {
          expect(found[0]).toContain(`policy.allow.media[0].ports[0]: number ${port} is the proxy's`);
        } else {
          expect(found).toEqual([
            `${FILE}: policy.allow.media[0].ports[0]: number ${port} is no port a Server can select: a port number is 1 to 65535`,
            `${FILE}: policy.allow.media[0].ports[1]: number ${port} is no port a Server can select: a port number is 1 to 65535`,
          ]);
        }
      }),
      { numRuns: 60 },
    );
  });
});

/** Paths of every kind of mapping a config has: fields, records keyed by a person's names, labels. */
const MAPPING_PATHS = [
  [],
  ['viz'],
  ['viz', 'prometheus'],
  ['resources'],
  ['resources', 'controlPlane', 'destination'],
  ['monitoring', 'podMonitors', 'labels'],
  ['monitoring', 'alerts', 'labels'],
  ['policy'],
  ['policy', 'allow'],
  ['policy', 'allow', 'media', '0'],
  ['tracing'],
  ['cni'],
  ['identity', 'trustAnchor'],
  ['flux'],
];

/** `value` at `path`, written as YAML flow text (`{a: {b: value}}`), with `key` as the innermost key. */
function nested(path: readonly string[], key: string, value: string): string {
  const inner = `{${JSON.stringify(key)}: ${value}}`;
  return path.reduceRight(
    (text, part, index) => (/^\d+$/.test(part) ? `[${text}]` : index === 0 ? `${part}: ${text}` : `{${part}: ${text}}`),
    inner,
  );
}

describe('3. a prototype key is refused wherever a mapping is, named by its path', () => {
  const value = fc.constantFrom('[{from: [nope], ports: [0]}]', '{enabled: true}', '1', 'null', '"x"', '[]');

  test('from YAML: every mapping of the config', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MAPPING_PATHS), value, (path, inner) => {
        const text = path.length === 0 ? `__proto__: ${inner}\n` : `${POLICY}${nested(path, '__proto__', inner)}\n`;
        const found = problems(text);
        const at = [...path, '__proto__'].reduce(
          (shown, part) => (/^\d+$/.test(part) ? `${shown}[${part}]` : shown ? `${shown}.${part}` : part),
          '',
        );
        expect(found).toContain(
          `${FILE}: ${at}: "__proto__" is not allowed as a key (it names the prototype of an object, not a field); remove it or give the name you meant`,
        );
      }),
      { numRuns: 40 },
    );
  });

  test('from code (JSON.parse makes __proto__ an own key too): refused, not dropped', () => {
    const config = JSON.parse('{"policy": {"allow": {"__proto__": [{"from": ["nope"]}]}}}');
    expect(() => parseClusterConfig(config, FILE)).toThrow('policy.allow.__proto__: "__proto__" is not allowed');
  });

  test('a namespace named "constructor" is a namespace like any other', () => {
    expect(
      problems(
        'meshedNamespaces: [constructor]\nproxy: {defaultInboundPolicy: all-authenticated}\npolicy: {allow: {constructor: [{from: [linkerd]}]}}\n',
      ),
    ).toEqual([]);
  });
});

describe('6. accepted silently before: refused or warned now', () => {
  test('flux.path with whitespace anywhere is refused', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z]{1,8}$/),
        fc.constantFrom(' ', '\t', '\u00a0', '\u2003', '\n'),
        fc.stringMatching(/^[a-z]{1,8}$/),
        (left, space, right) => {
          const found = problems(`flux: {path: ${JSON.stringify(`${left}${space}${right}`)}}\n`);
          expect(found).toHaveLength(1);
          expect(found[0]).toMatch(/^clusters\/home\.yaml: flux\.path: ".*contains whitespace/);
        },
      ),
    );
    expect(problems('flux: {path: infrastructure/linkerd}\n')).toEqual([]);
  });

  test('a CNI directory that is a system root or lies in a pseudo filesystem is refused; real ones are not', () => {
    const refused = fc.oneof(
      fc.constantFrom('/', '/etc', '/etc/', '/usr', '/var/lib', '/opt', '/./etc', '/tmp', '/root'),
      fc
        .tuple(fc.constantFrom('/proc', '/sys', '/dev'), fc.constantFrom('', '/', '/self', '/1/root', '/cni/net.d'))
        .map(([root, rest]) => `${root}${rest}`),
    );
    fc.assert(
      fc.property(refused, fc.constantFrom('netDir', 'binDir'), (path, field) => {
        const found = problems(`cni: {enabled: true, ${field}: ${JSON.stringify(path)}}\n`);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatch(
          new RegExp(
            `^clusters/home\\.yaml: cni\\.${field}: ".*" (is the root of the node|is the system directory|lies in /(proc|sys|dev))`,
          ),
        );
        expect(found[0]).toContain('/etc/cni/net.d');
      }),
    );
    for (const path of ['/etc/cni/net.d', '/opt/cni/bin', '/var/lib/rancher/k3s/agent/etc/cni/net.d', '/home/cni'])
      expect(problems(`cni: {enabled: true, netDir: ${path}}\n`)).toEqual([]);
  });

  test('resources.viz.prometheus beside viz.prometheus.url: a warning naming both', () => {
    const config = parseClusterConfig(
      {
        viz: { prometheus: { url: 'http://prometheus.monitoring:9090' } },
        resources: { viz: { prometheus: { cpu: { request: '100m' } } } },
      },
      FILE,
    );
    expect(configWarnings(config, FILE)).toContain(
      "warning: clusters/home.yaml: resources.viz.prometheus: has no effect with viz.prometheus.url set (viz then uses that Prometheus and runs none of its own); remove resources.viz.prometheus, or viz.prometheus.url to run viz's own",
    );
    const own = parseClusterConfig({ resources: { viz: { prometheus: { cpu: { request: '100m' } } } } }, FILE);
    expect(configWarnings(own, FILE).join('\n')).not.toContain('resources.viz.prometheus');
  });
});

describe('10. bracketed IPv6 literals wherever host:port is taken', () => {
  test('any IPv6 address in brackets with a port is a host:port; without brackets it is not', () => {
    fc.assert(
      fc.property(fc.ipV6(), fc.integer({ min: 1, max: 65535 }), (address, port) => {
        for (const field of ['otlpEndpoint', 'jaegerUrl'])
          expect(
            problems(`tracing: {${field}: "[${address}]:${port}"}\n`).filter((problem) =>
              problem.includes('must be host:port'),
            ),
          ).toEqual([]);
        expect(problems(`tracing: {otlpEndpoint: "${address}:${port}"}\n`).join('\n')).toContain(
          'tracing.otlpEndpoint: ',
        );
      }),
    );
  });

  test('[::1]:4317 synthesizes; a bad literal or port is refused', () => {
    expect(
      problems(
        'tracing: {backend: otlp, otlpEndpoint: "[::1]:4317", collectorIdentity: {serviceAccount: otel, namespace: monitoring}}\nmeshedNamespaces: [monitoring]\n',
      ),
    ).toEqual([]);
    for (const bad of ['[::1]', '[::1]:0', '[:::1]:4317', '[fd00::g]:4317', '[1.2.3.4]:4317', '[]:4317'])
      expect([bad, problems(`tracing: {otlpEndpoint: "${bad}"}\n`)[0]]).toEqual([
        bad,
        expect.stringContaining('must be host:port without a scheme'),
      ]);
  });
});
