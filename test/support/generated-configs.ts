/**
 * Cluster configs generated from the schema's fields (fast-check), valid ones and mutations of them:
 * wrong types, boundary quantities, unicode, long and reserved names; hostile strings in every string
 * field (planted secrets, whitespace and control characters, template code, bad hosts and ports, paths
 * out of the repository) and sizes and durations at the limits of the components that read them; and YAML
 * oddities (anchors, tags, duplicate keys, a BOM, CRLF line ends, a second document, numbers YAML makes of
 * names and label values, quoted numbers as ports, prototype keys, newlines in keys, runaway nesting,
 * thousands of keys). Used by test/property.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { RELEASE_LINE_NAMES, releaseLine } from '../../lib/linkerd/catalog';
import { CNI_PRESET_NAMES } from '../../features/cni/presets';
import { POD_SECURITY_LEVELS } from '../../lib/linkerd/pod-security';

const dnsLabel = fc
  .stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9]$/)
  .filter(
    (name) =>
      !name.startsWith('linkerd') && !name.startsWith('kube') && name !== 'cert-manager' && name !== 'flux-system',
  );
const CPU = ['10m', '50m', '100m', '250m', '1'];
const MEMORY = ['16Mi', '64Mi', '128Mi', '256Mi', '1Gi'];
/** A request and a limit at least as large (each may be left out). */
const requestLimit = (quantities: readonly string[]) =>
  fc
    .tuple(fc.nat(quantities.length - 1), fc.nat(quantities.length - 1), fc.boolean(), fc.boolean())
    .map(([a, b, withRequest, withLimit]) => ({
      ...(withRequest && { request: quantities[Math.min(a, b)] }),
      ...(withLimit && { limit: quantities[Math.max(a, b)] }),
    }));
const resources = fc.record({ cpu: requestLimit(CPU), memory: requestLimit(MEMORY) }, { requiredKeys: [] });
const labelMap = fc.dictionary(
  fc.stringMatching(/^[a-z]([a-z0-9.-]{0,10}[a-z0-9])?$/),
  fc.stringMatching(/^[a-zA-Z0-9]{0,12}$/),
  { maxKeys: 3 },
);

/** A config object most of whose fields are set at random; may still break a cross-field rule (that is fine). */
export const configObject: fc.Arbitrary<Record<string, unknown>> = fc
  .constantFrom(...RELEASE_LINE_NAMES)
  .chain((line) =>
    fc.record(
      {
        releaseLine: fc.constant(line),
        meshedNamespaces: fc.uniqueArray(
          fc.oneof(
            dnsLabel,
            fc.record(
              {
                name: dnsLabel,
                inject: fc.constantFrom('enabled', 'ingress'),
                defaultInboundPolicy: fc.constantFrom(...releaseLine(line).inboundPolicies),
                declared: fc.constantFrom('here', 'elsewhere'),
                podSecurity: fc.constant('privileged'),
              },
              { requiredKeys: ['name'] },
            ),
          ),
          {
            maxLength: 4,
            selector: (entry) => (typeof entry === 'string' ? entry : entry.name),
          },
        ),
        highAvailability: fc.boolean(),
        proxy: fc.record(
          { defaultInboundPolicy: fc.constantFrom(...releaseLine(line).inboundPolicies) },
          { requiredKeys: [] },
        ),
        resources: fc.record(
          {
            proxy: resources,
            controlPlane: fc.record({ destination: resources, identity: resources }, { requiredKeys: [] }),
            jaeger: fc.record({ jaeger: resources }, { requiredKeys: [] }),
          },
          { requiredKeys: [] },
        ),
        viz: fc.record(
          {
            enabled: fc.boolean(),
            prometheus: fc.record({ url: fc.constant('http://prometheus.monitoring:9090') }, { requiredKeys: [] }),
            dashboard: fc.record({
              extraHosts: fc.array(fc.constantFrom('linkerd.home.example', 'mesh.lan'), { maxLength: 2 }),
            }),
          },
          { requiredKeys: [] },
        ),
        monitoring: fc.record(
          {
            podMonitors: fc.record({ enabled: fc.boolean(), labels: labelMap }, { requiredKeys: [] }),
            alerts: fc.record(
              {
                enabled: fc.boolean(),
                labels: labelMap,
                workloads: fc.record(
                  { successRate: fc.constantFrom(0.5, 0.99), window: fc.constantFrom('5m', '1h') },
                  { requiredKeys: [] },
                ),
              },
              { requiredKeys: [] },
            ),
          },
          { requiredKeys: [] },
        ),
        // What each line offers: linkerd-jaeger's options, or Jaeger v2's and the proxies' own export.
        tracing: releaseLine(line).helmChartVersions['linkerd-jaeger']
          ? fc.oneof(
              fc.record({ enabled: fc.boolean() }),
              fc.constant({ backend: 'otlp', otlpEndpoint: 'tempo.monitoring:4317', otlpInsecure: false }),
            )
          : fc.oneof(
              fc.record({ enabled: fc.boolean() }),
              fc.constant({ storage: 'memory' }),
              fc.record({
                storage: fc.constant('badger'),
                badger: fc.record(
                  { size: fc.constantFrom('1Gi', '20Gi'), retention: fc.constantFrom('24h', '720h') },
                  { requiredKeys: [] },
                ),
              }),
              fc.constant({
                backend: 'otlp',
                otlpEndpoint: 'tempo.monitoring:4317',
                collectorIdentity: { serviceAccount: 'otel', namespace: 'monitoring' },
              }),
            ),
        certManager: fc.record({ install: fc.boolean() }),
        gatewayApi: fc.record({ install: fc.boolean() }),
        flux: fc.record(
          { path: fc.constantFrom('.', 'infra/linkerd'), interval: fc.constantFrom('5m', '1h') },
          { requiredKeys: [] },
        ),
        // The CNI plugin; a level above privileged only with it (without, meshed namespaces are refused by name).
        cni: fc.record({ enabled: fc.boolean(), preset: fc.constantFrom(...CNI_PRESET_NAMES) }, { requiredKeys: [] }),
        podSecurity: fc.record({ enforce: fc.constant('privileged') }, { requiredKeys: [] }),
        budget: fc.constant({ cpu: '16', memory: '32Gi' }),
      },
      { requiredKeys: ['releaseLine', 'budget'] },
    ),
  )
  .chain((config) =>
    // With the CNI plugin, any level the cluster may enforce (meshed namespaces declared here then get it).
    (config.cni as { enabled?: boolean } | undefined)?.enabled
      ? fc
          .option(fc.constantFrom(...POD_SECURITY_LEVELS), { nil: undefined })
          .map((enforce) => (enforce ? { ...config, podSecurity: { enforce } } : config))
      : fc.constant(config),
  );

/** Values that break a field: wrong types, boundaries, unicode, long and reserved names. */
const badValue = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    0,
    -1,
    Number.POSITIVE_INFINITY,
    [],
    {},
    '',
    ' ',
    '0',
    '0m',
    '-1Mi',
    '1e400',
    '0.0000001m',
    `${'9'.repeat(40)}Gi`,
  ),
  fc.constantFrom(
    'kube-system',
    'linkerd',
    'a'.repeat(64),
    'Ünïcödé',
    '名前',
    '\u0000',
    'constructor',
    '__proto__',
    'x'.repeat(300),
  ),
  fc.string({ maxLength: 20 }),
);

/** A path into a config object and a bad value for it. */
function mutateObject(config: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(config);
  let node: any = copy;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key];
  }
  node[path[path.length - 1]] = value;
  return copy;
}

const PATHS = [
  ['releaseLine'],
  ['meshedNamespaces'],
  ['meshedNamespaces', '0'],
  ['highAvailability'],
  ['proxy', 'defaultInboundPolicy'],
  ['proxy', 'nativeSidecar'],
  ['resources', 'proxy', 'cpu', 'limit'],
  ['resources', 'proxy', 'memory', 'request'],
  ['resources', 'profile'],
  ['viz', 'enabled'],
  ['viz', 'prometheus', 'url'],
  ['viz', 'grafana', 'externalUrl'],
  ['monitoring', 'podMonitors', 'labels'],
  ['monitoring', 'podMonitors', 'labels', 'release'],
  ['tracing', 'storage'],
  ['tracing', 'badger', 'size'],
  ['tracing', 'badger', 'storageClassName'],
  ['tracing', 'otlpEndpoint'],
  ['identity', 'trustAnchor', 'duration'],
  ['identity', 'previousTrustAnchors'],
  ['monitoring', 'alerts', 'labels'],
  ['monitoring', 'alerts', 'workloads', 'successRate'],
  ['meshedNamespaces', '0', 'declared'],
  ['flux', 'path'],
  ['flux', 'gitRepository'],
  ['budget', 'cpu'],
  ['istio', 'injectedNamespaces'],
  ['cni', 'preset'],
  ['cni', 'binDir'],
  ['podSecurity', 'enforce'],
  ['meshedNamespaces', '0', 'podSecurity'],
  ['unknownField'],
];

/** Every field that holds a string a person types (URLs, hosts, names, paths, quantities, durations, free text). */
export const STRING_PATHS: readonly string[][] = [
  ['releaseLine'],
  ['meshedNamespaces', '0'],
  ['meshedNamespaces', '0', 'name'],
  ['meshedNamespaces', '0', 'defaultInboundPolicy'],
  ['proxy', 'defaultInboundPolicy'],
  ['resources', 'proxy', 'cpu', 'request'],
  ['resources', 'proxy', 'memory', 'limit'],
  ['resources', 'controlPlane', 'identity', 'memory', 'request'],
  ['resources', 'viz', 'prometheus', 'cpu', 'limit'],
  ['viz', 'prometheus', 'url'],
  ['viz', 'grafana', 'url'],
  ['viz', 'grafana', 'externalUrl'],
  ['viz', 'grafana', 'uidPrefix'],
  ['viz', 'dashboard', 'extraHosts', '0'],
  ['monitoring', 'podMonitors', 'labels', 'release'],
  ['monitoring', 'alerts', 'labels', 'team'],
  ['monitoring', 'alerts', 'runbookUrl'],
  ['monitoring', 'alerts', 'certificates', 'notReadyFor'],
  ['monitoring', 'alerts', 'trustAnchor', 'rotationNotice'],
  ['monitoring', 'alerts', 'workloads', 'window'],
  ['tracing', 'otlpEndpoint'],
  ['tracing', 'jaegerUrl'],
  ['tracing', 'storage'],
  ['tracing', 'badger', 'size'],
  ['tracing', 'badger', 'storageClassName'],
  ['tracing', 'badger', 'retention'],
  ['tracing', 'collectorIdentity', 'serviceAccount'],
  ['tracing', 'collectorIdentity', 'namespace'],
  ['identity', 'trustAnchor', 'duration'],
  ['identity', 'trustAnchor', 'renewBefore'],
  ['identity', 'previousTrustAnchors', '0'],
  ['flux', 'gitRepository'],
  ['flux', 'path'],
  ['flux', 'interval'],
  ['budget', 'cpu'],
  ['budget', 'memory'],
  ['istio', 'injectedNamespaces', '0'],
  ['cni', 'netDir'],
  ['cni', 'binDir'],
];

/** The secret every hostile string that carries one uses: it must never show in dist/ or in a message. */
export const PLANTED_SECRET = 'hunter2planted';

/**
 * Any code point but a lone surrogate, small ones likelier: what `fc.string({ unit: 'binary' })` draws from,
 * without the million-entry reverse map that unit builds when this module loads (~0.7 s of every `npm test`).
 */
const anyCodePoint = fc
  .integer({ min: 0, max: 0x10ffff - 0x800 })
  .map((code) => String.fromCodePoint(code < 0xd800 ? code : code + 0x800));

/** Strings that attack a field: secrets, whitespace and control characters, template code, bad hosts and ports, paths out. */
const hostileString = fc.oneof(
  fc.constantFrom(
    `-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI${PLANTED_SECRET}\n-----END PRIVATE KEY-----\n`,
    `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXkt${PLANTED_SECRET}\n-----END OPENSSH PRIVATE KEY-----`,
    `https://admin:${PLANTED_SECRET}@prometheus.monitoring:9090`,
    `http://grafana.monitoring/?access_token=${PLANTED_SECRET}`,
    `https://bucket.example/x?X-Amz-Signature=${PLANTED_SECRET}`,
    `otel:${PLANTED_SECRET}@tempo.monitoring:4317`,
    `tempo.monitoring:4317?token=${PLANTED_SECRET}`,
    `http://prometheus.monitoring:9090/?api_key=${PLANTED_SECRET}&x=1`,
    '[::1]:4317',
    '[fd00::10]:4317',
    '[::1]',
    'path with spaces',
    '/',
    '/proc/self',
    '/sys',
    '/etc/cni/net.d',
    'http://prometheus\n.monitoring:9090',
    'http://grafana\t.monitoring',
    'http://prom etheus:9090',
    ' http://prometheus:9090',
    'http://prometheus:9090 ',
    'https://wiki/{{ $labels.job }}',
    'README.md#x',
    '}}',
    '{{',
    'README.md\nx',
    'tempo.monitoring:0',
    'tempo.monitoring:65536',
    'tempo.monitoring:99999',
    'tempo..monitoring:4317',
    '-tempo:4317',
    'tempo_x:4317',
    `${'a'.repeat(64)}.x:4317`,
    'http://prometheus:0',
    'http://prometheus:70000',
    'http://a..b',
    'http://_x:9090',
    'http://[::1]:9090',
    'ftp://prometheus',
    'http://',
    '../elsewhere',
    '/abs',
    'a\\b',
    'infra/\nlinkerd',
    ' infra',
    'infra ',
    '.',
    'a/./b',
    'a//b',
  ),
  fc.string({ maxLength: 12 }).map((text) => `http://x.y/${text}`),
  fc.string({ unit: anyCodePoint, maxLength: 16 }),
);

/** Sizes and durations at and past the limits of the components that read them. */
const hostileSize = fc.constantFrom(
  '0',
  '1',
  '1k',
  '5Mi',
  '6Mi',
  '1e6',
  '+1',
  '.5',
  '1Pi',
  '1Ei',
  '9Ei',
  '1e400',
  '-0',
  '-1',
  '0.0001m',
  '1E3',
  '1e-3',
  '10GB',
  '1.5.0',
  '0s',
  '1s',
  '59m',
  '1h',
  '4m',
  '5m',
  '2562047h47m16s',
  '2562047h47m17s',
  '2562048h',
  '99999999999h',
  '48h',
  '49h',
);

/** Text-level oddities a YAML file may carry. */
function oddText(text: string, kind: number): string {
  switch (kind) {
    case 0:
      return `\uFEFF${text}`; // a BOM
    case 1:
      return text.replace(/\n/g, '\r\n'); // CRLF
    case 2:
      return `${text}releaseLine: edge-25.9.4\n`; // a duplicate key
    case 3:
      return `anchor: &a {enabled: true}\nviz: *a\n${text}`; // an anchor, an alias and an unknown field
    case 4:
      return text.replace(/^(\w+):/m, '$1: !!binary'); // a tag where a value was
    case 5:
      return `${text}tracing: !custom {enabled: true}\n`; // an unknown tag
    case 6:
      return text.slice(0, Math.floor(text.length / 2)); // truncated
    case 7:
      return `${text}---\nviz: {enabled: false}\n`; // a second document
    case 8:
      return `${text.replace(/^meshedNamespaces:.*\n( {2}.*\n|- .*\n)*/m, '')}meshedNamespaces: [2024, 0x1F, true]\n`; // namespaces YAML reads as numbers
    case 9:
      return `${text.replace(/^monitoring:.*\n( {2}.*\n)*/m, '')}monitoring: {podMonitors: {enabled: true, labels: {version: 1.50, tier: 007, set: !!set {a}}}}\n`; // label values YAML would rewrite, a set tag
    case 10:
      return `${text}policy: {allow: {__proto__: [{from: [nope], ports: [0]}]}}\n`; // a prototype key
    case 11:
      return `${text.replace(/^viz:.*\n( {2}.*\n)*/m, '')}viz: {"bad\\nkey": 1, "tab\\tkey": 2}\n`; // newlines in keys
    case 12:
      return `${text}extra: ${'['.repeat(2000)}${']'.repeat(2000)}\n`; // nesting past any bound
    case 13:
      return `${text}${Array.from({ length: 3000 }, (_, index) => `unknown${index}: ${index}`).join('\n')}\n`; // thousands of keys
    case 14:
      return `${text.replace(/^meshedNamespaces:.*\n( {2}.*\n|- .*\n)*/m, '')}meshedNamespaces: [media]\npolicy: {allow: {media: [{from: [linkerd], ports: ['80', "8080", '0', '99999']}]}}\n`; // quoted numbers as ports
    default:
      return text;
  }
}

/** Config file text: valid, mutated at one field, or with a YAML oddity. */
export const configText: fc.Arbitrary<string> = fc.oneof(
  configObject.map((config) => stringify(config)),
  fc
    .tuple(configObject, fc.constantFrom(...PATHS), badValue)
    .map(([config, path, value]) => stringify(mutateObject(config, path, value))),
  fc
    .tuple(configObject, fc.constantFrom(...STRING_PATHS), hostileString)
    .map(([config, path, value]) => stringify(mutateObject(config, path, value))),
  fc
    .tuple(configObject, fc.constantFrom(...STRING_PATHS), hostileSize)
    .map(([config, path, value]) => stringify(mutateObject(config, path, value))),
  fc.tuple(configObject, fc.integer({ min: 0, max: 14 })).map(([config, kind]) => oddText(stringify(config), kind)),
);
