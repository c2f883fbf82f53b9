/**
 * Unknown fields on core kinds, as an API server with strict field validation refuses them (kubectl's
 * default since 1.27; Helm validates against the OpenAPI too).
 *
 * kubernetes-models ships its Kubernetes schemas only as ajv's standalone code (`_schemas/*.js`), not as
 * JSON, and that code lets unknown fields through (the upstream schemas leave additionalProperties
 * open). No JSON copy of the Kubernetes OpenAPI is at hand, so the strict check runs that same compiled
 * code on a recording view of the object: the code reads every property its schema lists (`data.x ===
 * undefined`) and walks every key of a free-form map (additionalProperties given: `for (key in data)`).
 * An object whose schema lists properties and says nothing about others is read but never walked: a key
 * of it the code never read is one its schema does not list. An object the code neither reads nor walks
 * (x-kubernetes-preserve-unknown-fields, RawExtension, JSON) stays open.
 */

/**
 * Fields the Kubernetes schema has but kubernetes-models' compiled code leaves out (its generator drops
 * every property named `description` and JSONSchemaProps' `x-kubernetes-*`), so the code never reads them.
 * An object is taken for the schema when the code read all of `reads` on it (keys only that schema
 * lists; `exactly` when the schema has no other).
 */
export const FIELDS_THE_MODELS_DROP: ReadonlyArray<{
  schema: string;
  reads: readonly string[];
  exactly?: boolean;
  fields: readonly string[];
}> = [
  {
    schema: 'apiextensions.k8s.io/v1 JSONSchemaProps',
    reads: ['$ref', '$schema', 'additionalItems', 'patternProperties'],
    fields: [
      'description',
      'x-kubernetes-embedded-resource',
      'x-kubernetes-int-or-string',
      'x-kubernetes-list-map-keys',
      'x-kubernetes-list-type',
      'x-kubernetes-map-type',
      'x-kubernetes-preserve-unknown-fields',
      'x-kubernetes-validations',
    ],
  },
  {
    schema: 'apiextensions.k8s.io/v1 CustomResourceColumnDefinition',
    reads: ['format', 'jsonPath', 'name', 'priority', 'type'],
    exactly: true,
    fields: ['description'],
  },
  { schema: 'apiextensions.k8s.io/v1 ExternalDocumentation', reads: ['url'], exactly: true, fields: ['description'] },
  {
    schema: 'scheduling.k8s.io/v1 PriorityClass',
    reads: ['globalDefault', 'preemptionPolicy', 'value'],
    fields: ['description'],
  },
];

/** A kubernetes-models check: its model's `validate()` called on the data as `this`; throws when invalid. */
export type CoreCheck = (data: unknown) => void;

interface Seen {
  readonly path: string;
  readonly target: Record<string, unknown>;
  readonly read: Set<PropertyKey>;
  walked: boolean;
}

/**
 * Runs `check` on `object` (it throws when the schema refuses it) and returns the JSON pointer of every
 * field the schema does not list: only once the schema otherwise passed, as a failing run may stop before
 * it has read everything.
 */
export function unknownFieldsOf(check: CoreCheck, object: unknown): string[] {
  const seen: Seen[] = [];
  const views = new WeakMap<object, unknown>();

  function view(value: unknown, path: string): unknown {
    if (value === null || typeof value !== 'object') return value;
    const known = views.get(value);
    if (known) return known;
    let proxy: unknown;
    if (Array.isArray(value)) {
      proxy = new Proxy(value, { get: (target, key) => view(Reflect.get(target, key), `${path}/${String(key)}`) });
    } else {
      const record: Seen = { path, target: value as Record<string, unknown>, read: new Set(), walked: false };
      seen.push(record);
      proxy = new Proxy(value, {
        get: (target, key) => {
          record.read.add(key);
          return view(Reflect.get(target, key), `${path}/${escapePointerToken(String(key))}`);
        },
        has: (target, key) => {
          record.read.add(key);
          return Reflect.has(target, key);
        },
        getOwnPropertyDescriptor: (target, key) => {
          record.read.add(key);
          return Reflect.getOwnPropertyDescriptor(target, key);
        },
        ownKeys: (target) => {
          record.walked = true;
          return Reflect.ownKeys(target);
        },
      });
    }
    views.set(value, proxy);
    return proxy;
  }

  check(view(object, ''));
  const unknownFields: string[] = [];
  for (const record of seen) {
    if (record.walked || record.read.size === 0) continue;
    const dropped = new Set(
      FIELDS_THE_MODELS_DROP.filter(
        (entry) =>
          entry.reads.every((key) => record.read.has(key)) &&
          (!entry.exactly || record.read.size === entry.reads.length),
      ).flatMap((entry) => entry.fields),
    );
    for (const key of Object.keys(record.target)) {
      if (!record.read.has(key) && !dropped.has(key)) unknownFields.push(`${record.path}/${escapePointerToken(key)}`);
    }
  }
  return unknownFields;
}

/** A JSON pointer token (RFC 6901). */
function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
