/**
 * Namespace's own toJson() against cdk8s's `ApiObject.prototype.toJson` on the very same object: a few
 * examples (each of its three ways: the metadata built from what it was made with, `metadata.toJson()` as it
 * is, cdk8s's own toJson() for what needs it), then a differential property over generated Namespaces and
 * MeshedNamespaces, their charts, later metadata changes, JSON patches, Lazy and token values, the app's
 * resolvers and CDK8S_DISABLE_SORT, which also checks that each way ran in many of the cases.
 *
 * `npm test` runs 300 generated cases; `PROPERTY_RUNS` (as `npm run test:property` sets it) runs more.
 */
import { ApiObject, ApiObjectMetadataDefinition, App, Chart, type IResolver, JsonPatch, Lazy, type ResolutionContext, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import fc from 'fast-check';
import { MeshedNamespace } from '../../lib/constructs/meshed-namespace';
import { Namespace } from '../../lib/constructs/namespace';
import { POD_SECURITY_LEVELS } from '../../lib/linkerd/pod-security';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

/** A value as a tree of [key, value] pairs in key order: equal shapes mean equal values with equal key order. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([key, item]) => [key, shape(item)]);
  return value;
}

/** What toJson() gives, or the message it throws. */
function outcome(toJson: () => unknown): { json: unknown } | { error: string } {
  try {
    return { json: shape(toJson()) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * Both toJson()s of `ns`; whether ours went to cdk8s's (which `super.toJson()` calls through the prototype), and
 * whether it asked the metadata for its JSON.
 */
function compare(ns: ApiObject) {
  const cdk8s = jest.spyOn(ApiObject.prototype, 'toJson');
  const metadata = jest.spyOn(ApiObjectMetadataDefinition.prototype, 'toJson');
  try {
    const ours = outcome(() => ns.toJson());
    const delegated = cdk8s.mock.calls.length > 0;
    const readMetadata = metadata.mock.calls.length > 0;
    cdk8s.mockClear();
    return { ours, theirs: outcome(() => ApiObject.prototype.toJson.call(ns)), delegated, readMetadata };
  } finally {
    cdk8s.mockRestore();
    metadata.mockRestore();
  }
}

/** With `CDK8S_DISABLE_SORT` set to `value` (or unset) while `run` runs. */
function withDisableSort<T>(value: string | undefined, run: () => T): T {
  const before = process.env.CDK8S_DISABLE_SORT;
  if (value === undefined) delete process.env.CDK8S_DISABLE_SORT;
  else process.env.CDK8S_DISABLE_SORT = value;
  try {
    return run();
  } finally {
    if (before === undefined) delete process.env.CDK8S_DISABLE_SORT;
    else process.env.CDK8S_DISABLE_SORT = before;
  }
}

/** A resolver of the app's own: upper-cases every string value under metadata, which only cdk8s's second pass shows it. */
class UpperCaseMetadata implements IResolver {
  public resolve(context: ResolutionContext): void {
    if (context.key[0] === 'metadata' && typeof context.value === 'string' && context.value !== context.value.toUpperCase()) context.replaceValue(context.value.toUpperCase());
  }
}

/**
 * A class named `Object` (as an object from another realm, e.g. node:vm, has one): cdk8s's resolve does not look
 * inside it (its constructor is not Object), its sanitize does (the constructor's name is "Object"), so a token
 * in it comes out of metadata.toJson() unresolved, a function in plain data that only the outer pass resolves.
 */
class NamedObject {
  public readonly inner = { resolve: () => 'resolved by the second pass' };
}
Object.defineProperty(NamedObject, 'name', { value: 'Object' });

describe('examples', () => {
  test('a MeshedNamespace: its metadata, keys sorted, built from what it was made with', () => {
    const chart = Testing.chart();
    const ns = new MeshedNamespace(chart, 'Ns', { name: 'shop', podSecurity: 'restricted', defaultInboundPolicy: 'all-authenticated' });
    const { ours, theirs, delegated, readMetadata } = compare(ns);
    expect(delegated).toBe(false);
    expect(readMetadata).toBe(false);
    expect(ours).toStrictEqual(theirs);
    expect(ns.toJson()).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        annotations: {
          'config.linkerd.io/default-inbound-policy': 'all-authenticated',
          'kustomize.toolkit.fluxcd.io/prune': 'disabled',
          'kustomize.toolkit.fluxcd.io/ssa': 'merge',
          'linkerd.io/inject': 'enabled',
        },
        labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
        name: 'shop',
      },
    });
    expect({ json: shape(ns.toJson()) }).toStrictEqual(theirs);
  });

  test('a chart\'s labels and namespace, later labels, a Lazy and a token: still the fast path, all resolved', () => {
    const chart = new Chart(new App(), 'Chart', { labels: { team: 'web', '10': 'ten', '9': 'nine' }, namespace: 'apps' });
    const ns = new Namespace(chart, 'Ns', { name: 'shop', labels: { tier: Lazy.any({ produce: () => 'front' }) as unknown as string } });
    ns.metadata.addAnnotation('note', { resolve: () => 'from a token' } as unknown as string);
    ns.metadata.addFinalizers('kubernetes');
    const { ours, theirs, delegated, readMetadata } = compare(ns);
    expect(delegated).toBe(false);
    expect(readMetadata).toBe(true);
    expect(ours).toStrictEqual(theirs);
    expect(ns.toJson().metadata).toStrictEqual({
      annotations: { note: 'from a token' },
      finalizers: ['kubernetes'],
      labels: { '9': 'nine', '10': 'ten', team: 'web', tier: 'front' },
      name: 'shop',
      namespace: 'apps',
    });
  });

  test('each public method that changes the metadata is one it notes a change through', () => {
    const methods = (prototype: object) => Object.getOwnPropertyNames(prototype).filter((name) => name !== 'constructor').sort();
    const changes: Record<string, (metadata: ApiObjectMetadataDefinition) => void> = {
      add: (metadata) => metadata.add('generateName', 'shop-'),
      addAnnotation: (metadata) => metadata.addAnnotation('a', 'b'),
      addFinalizers: (metadata) => metadata.addFinalizers('kubernetes'),
      addLabel: (metadata) => metadata.addLabel('a', 'b'),
      addOwnerReference: (metadata) => metadata.addOwnerReference({ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: '0' }),
    };
    // All of cdk8s's but the two that change nothing: a method a later cdk8s adds fails here until it is tracked.
    expect(methods(ApiObjectMetadataDefinition.prototype)).toEqual([...Object.keys(changes), 'getLabel', 'toJson'].sort());
    expect(methods(Object.getPrototypeOf(new Namespace(Testing.chart(), 'Ns', { name: 'shop' }).metadata))).toEqual(Object.keys(changes).sort());
    for (const [name, change] of Object.entries(changes)) {
      const ns = new Namespace(Testing.chart(), 'Ns', { name: 'shop' });
      change(ns.metadata);
      const { ours, theirs, readMetadata } = compare(ns);
      expect({ name, readMetadata }).toEqual({ name, readMetadata: true });
      expect(ours).toStrictEqual(theirs);
    }
  });

  test('label keys cdk8s\'s resolve and sanitize do not take as plain: `constructor` (refused), `__proto__` (no key once copied)', () => {
    const refused = new Namespace(Testing.chart(), 'Ns', { name: 'shop', labels: { constructor: 'x' } });
    expect(compare(refused).ours).toStrictEqual(compare(refused).theirs);
    expect(() => refused.toJson()).toThrow(/non-simple object/);
    const dropped = new Namespace(new Chart(new App(), 'Chart', { labels: JSON.parse('{"__proto__": "x"}') }), 'Ns', { name: 'shop' });
    expect(compare(dropped).ours).toStrictEqual(compare(dropped).theirs);
    expect(dropped.toJson().metadata).toStrictEqual({ name: 'shop' });
  });

  test('CDK8S_DISABLE_SORT: the metadata is sorted all the same (metadata.toJson() always sorts), and so is ours', () => {
    const ns = new MeshedNamespace(Testing.chart(), 'Ns', { name: 'shop' });
    ns.metadata.addLabel('b', '2');
    ns.metadata.addLabel('a', '1');
    const { ours, theirs, delegated } = withDisableSort('1', () => compare(ns));
    expect(delegated).toBe(false);
    expect(ours).toStrictEqual(theirs);
    expect(Object.keys(ns.toJson().metadata.labels)).toEqual(['a', 'b']);
  });

  test('a JSON patch: cdk8s applies it', () => {
    const ns = new Namespace(Testing.chart(), 'Ns', { name: 'shop' });
    ns.addJsonPatch(JsonPatch.add('/metadata/labels', { patched: 'yes' }), JsonPatch.add('/spec', { finalizers: ['kubernetes'] }));
    const { ours, theirs, delegated } = compare(ns);
    expect(delegated).toBe(true);
    expect(ours).toStrictEqual(theirs);
    expect(ns.toJson()).toStrictEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { labels: { patched: 'yes' }, name: 'shop' }, spec: { finalizers: ['kubernetes'] } });
  });

  test('a resolver of the app\'s own: cdk8s shows it the metadata again', () => {
    const chart = new Chart(new App({ resolvers: [new UpperCaseMetadata()] }), 'Chart');
    const ns = new Namespace(chart, 'Ns', { name: 'shop' });
    const { ours, theirs, delegated } = compare(ns);
    expect(delegated).toBe(true);
    expect(ours).toStrictEqual(theirs);
    expect(ns.toJson().metadata).toStrictEqual({ name: 'SHOP' });
  });

  test('a function in the metadata (a token only the second pass sees): cdk8s resolves it', () => {
    const ns = new Namespace(Testing.chart(), 'Ns', { name: 'shop' });
    ns.metadata.add('odd', new NamedObject());
    const { ours, theirs, delegated } = compare(ns);
    expect(delegated).toBe(true);
    expect(ours).toStrictEqual(theirs);
    expect(ns.toJson().metadata.odd).toStrictEqual({ inner: 'resolved by the second pass' });
  });

  test('an empty metadata (a Lazy name that gives nothing): no metadata key, as cdk8s gives it', () => {
    const ns = new Namespace(Testing.chart(), 'Ns', { name: Lazy.any({ produce: () => undefined }) as unknown as string });
    const { ours, theirs } = compare(ns);
    expect(ours).toStrictEqual(theirs);
    expect(ns.toJson()).toStrictEqual({ apiVersion: 'v1', kind: 'Namespace' });
  });

  test('what cdk8s refuses is refused the same way, naming the object', () => {
    const ns = new Namespace(Testing.chart(), 'Ns', { name: 'shop' });
    ns.metadata.add('when', new Date(0));
    const { ours, theirs } = compare(ns);
    expect(ours).toStrictEqual(theirs);
    expect(() => ns.toJson()).toThrow(/Failed serializing construct at path '.*Ns' with name 'shop'.*non-simple object of type 'Date'/);
  });
});

// --- the property ---

/** Keys, with the ones that matter to JavaScript objects and to cdk8s's resolvers among them. */
const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('constructor', '__proto__', 'resolve', 'value'), fc.constantFrom('', '0', '9', '10', 'a', 'B', 'name', 'labels'));

/** A string, or something cdk8s resolves to one (or to nothing, or to another token). */
const text = fc.oneof(
  { weight: 24, arbitrary: fc.string({ maxLength: 6 }) },
  fc.string({ maxLength: 6 }).map((value) => Lazy.any({ produce: () => value })),
  fc.string({ maxLength: 6 }).map((value) => ({ resolve: () => value })),
  fc.string({ maxLength: 6 }).map((value) => Lazy.any({ produce: () => Lazy.any({ produce: () => value }) })),
  fc.constantFrom(Lazy.any({ produce: () => undefined }), Lazy.any({ produce: () => '' })),
) as fc.Arbitrary<string>;

const dictionary = <T>(value: fc.Arbitrary<T>) => fc.dictionary(key, value, { maxKeys: 4 });

/** Anything `metadata.add()` may be given: data, empties, tokens, a function, a class named Object, a Date. */
const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constantFrom(null, undefined, -0, NaN)),
    fc.array(tie('value'), { maxLength: 3 }),
    dictionary(tie('value')),
    tie('value').map((value) => Lazy.any({ produce: () => value })),
    fc.constantFrom(
      () => 'a function',
      Object.assign(() => 'a function', { value: 7 }),
      new NamedObject(),
      new Date(0),
      Object.create(null),
      { constructor: 'not a function' },
    ),
  ),
})).value;

/** A later change to the object through cdk8s's public API. */
const change = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant('label' as const), key, value: text }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('annotation' as const), key, value: text }) },
  fc.record({ op: fc.constant('finalizers' as const), finalizers: fc.array(text, { maxLength: 2 }) }),
  { weight: 2, arbitrary: fc.record({ op: fc.constant('add' as const), key, value: anyValue }) },
  fc.record({ op: fc.constant('owner' as const), name: fc.string({ maxLength: 4 }) }),
  fc.record({
    op: fc.constant('patch' as const),
    patch: fc.oneof(
      fc.constant(JsonPatch.add('/spec', { finalizers: ['kubernetes'] })),
      fc.string({ maxLength: 4 }).map((value) => JsonPatch.add('/metadata/labels', { patched: value })),
      fc.string({ maxLength: 4 }).map((value) => JsonPatch.replace('/metadata/name', value)),
      fc.constant(JsonPatch.remove('/kind')),
    ),
  }),
);
type Change = typeof change extends fc.Arbitrary<infer T> ? T : never;

const kind = fc.oneof(
  fc.record(
    { kind: fc.constant('Namespace' as const), name: text, labels: dictionary(text), annotations: dictionary(text), prunable: fc.boolean() },
    { requiredKeys: ['kind', 'name'] },
  ),
  fc.record(
    {
      kind: fc.constant('MeshedNamespace' as const),
      name: text,
      inject: fc.constantFrom('enabled' as const, 'ingress' as const),
      defaultInboundPolicy: fc.string({ maxLength: 6 }),
      podSecurity: fc.constantFrom(...POD_SECURITY_LEVELS),
    },
    { requiredKeys: ['kind', 'name'] },
  ),
);

const scenario = fc.record({
  chart: fc.record({ labels: dictionary(text), namespace: text }, { requiredKeys: [] }),
  ownResolver: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, fc.constant(true)),
  nested: fc.boolean(),
  object: kind,
  changes: fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, fc.array(change, { minLength: 1, maxLength: 4 })),
  disableSort: fc.constantFrom(undefined, '1'),
});

function applyChange(ns: ApiObject, one: Change): void {
  switch (one.op) {
    case 'label': return ns.metadata.addLabel(one.key, one.value);
    case 'annotation': return ns.metadata.addAnnotation(one.key, one.value);
    case 'finalizers': return ns.metadata.addFinalizers(...one.finalizers);
    case 'add': return ns.metadata.add(one.key, one.value);
    case 'owner': return ns.metadata.addOwnerReference({ apiVersion: 'v1', kind: 'ConfigMap', name: one.name, uid: '0' });
    case 'patch': return ns.addJsonPatch(one.patch);
  }
}

test('toJson() is cdk8s\'s ApiObject.prototype.toJson, value and key order, or the same error', () => {
  const paths = { built: 0, plain: 0, cdk8s: 0 };
  fc.assert(
    fc.property(scenario, ({ chart: chartProps, ownResolver, nested, object, changes, disableSort }) => {
      const app = new App(ownResolver ? { resolvers: [new UpperCaseMetadata()] } : {});
      const chart = new Chart(app, 'Chart', chartProps);
      const scope = nested ? new Construct(chart, 'Group') : chart;
      const { kind: which, ...props } = object;
      const ns = which === 'Namespace' ? new Namespace(scope, 'Ns', props) : new MeshedNamespace(scope, 'Ns', props);
      for (const one of changes) applyChange(ns, one);
      const { ours, theirs, delegated, readMetadata } = withDisableSort(disableSort, () => compare(ns));
      expect(ours).toStrictEqual(theirs);
      paths[delegated ? 'cdk8s' : readMetadata ? 'plain' : 'built']++;
    }),
    { numRuns: RUNS },
  );
  // The comparison is worth something only if each way ran in many of the cases (about 15, 40 and 45 in 100).
  if (RUNS >= 100) for (const count of Object.values(paths)) expect(count).toBeGreaterThan(RUNS / 20);
});
