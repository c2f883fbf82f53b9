/**
 * The strict check of join 1 (test/render/joins/unknown-fields.ts) on objects written here: closed where the
 * Kubernetes schema lists properties, open for free-form maps and untyped JSON, and the fields
 * kubernetes-models' compiled code leaves out taken only on the schema that has them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import { FIELDS_THE_MODELS_DROP, unknownFieldsOf } from './joins/unknown-fields';

const check = (model: { prototype: { validate(this: unknown): void } }) => (data: unknown) =>
  model.prototype.validate.call(data);

function deployment(container: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'web' }): unknown {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'web:1', ...container }] },
      },
    },
  };
}

function crd(property: Record<string, unknown>): unknown {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'things.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Thing', plural: 'things' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          additionalPrinterColumns: [
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: 'how old' },
          ],
          schema: { openAPIV3Schema: { type: 'object', description: 'a thing', properties: { spec: property } } },
        },
      ],
    },
  };
}

describe('unknown fields on core kinds', () => {
  test('a container field, a spec field and an ObjectMeta field the schemas do not list', () => {
    expect(
      unknownFieldsOf(
        check(Deployment),
        deployment({ resource: { limits: { cpu: '1' } }, description: 'x' }, { name: 'web', label: { a: 'b' } }),
      ),
    ).toEqual([
      '/metadata/label',
      '/spec/template/spec/containers/0/resource',
      '/spec/template/spec/containers/0/description',
    ]);
  });

  test('free-form maps stay open: labels, annotations, resource limits, ConfigMap data', () => {
    expect(
      unknownFieldsOf(
        check(Deployment),
        deployment(
          { resources: { limits: { cpu: '1', 'example.com/gpu': '1' } } },
          { name: 'web', labels: { 'any/label': 'x' }, annotations: { 'any.annotation': 'y' } },
        ),
      ),
    ).toEqual([]);
    expect(
      unknownFieldsOf(check(ConfigMap), {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c' },
        data: { 'any-key': 'v', 'a.b': 'w' },
      }),
    ).toEqual([]);
  });

  test("a CRD's descriptions and x-kubernetes-* pass (the compiled code leaves them out), a misspelt one does not, and untyped JSON stays open", () => {
    const good = {
      type: 'object',
      description: 'spec',
      'x-kubernetes-preserve-unknown-fields': true,
      default: { anything: { goes: 1 } },
      properties: { port: { 'x-kubernetes-int-or-string': true } },
    };
    expect(unknownFieldsOf(check(CustomResourceDefinition), crd(good))).toEqual([]);
    expect(unknownFieldsOf(check(CustomResourceDefinition), crd({ type: 'object', descripton: 'spec' }))).toEqual([
      '/spec/versions/0/schema/openAPIV3Schema/properties/spec/descripton',
    ]);
  });

  test('an invalid object throws the schema error instead', () => {
    expect(() =>
      unknownFieldsOf(check(ConfigMap), {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c' },
        data: { key: 1 },
      }),
    ).toThrow();
  });
});

/**
 * Every model of kubernetes-models and @kubernetes-models/apimachinery: the fields its type declaration lists
 * that its compiled schema code never reads, by schema name (ends in the kind, e.g. ...V1JSONSchemaProps).
 */
function fieldsTheCodeSkips(): Map<string, string[]> {
  const roots = ['kubernetes-models', '@kubernetes-models/apimachinery'].map((name) =>
    dirname(require.resolve(`${name}/package.json`)),
  );
  const skipped = new Map<string, string[]>();
  const walk = (folder: string): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return entry.name === '_schemas' || entry.name === 'node_modules' ? [] : walk(path);
      return entry.name.endsWith('.js') ? [path] : [];
    });
  for (const root of roots) {
    for (const model of walk(root)) {
      const declaration = model.replace(/\.js$/, '.d.ts');
      const schema =
        /require\("(?:\.\.\/)+_schemas\/(\w+)\.js"\)|require\("@kubernetes-models\/apimachinery\/_schemas\/(\w+)"\)/.exec(
          readFileSync(model, 'utf8'),
        );
      if (!schema || !existsSync(declaration)) continue;
      const name = schema[1] ?? schema[2];
      const code = roots.map((other) => join(other, '_schemas', `${name}.js`)).find(existsSync);
      const body = /export interface I\w+[^{]*\{([\s\S]*?)\n\}/.exec(readFileSync(declaration, 'utf8'));
      if (!code || !body) continue;
      const text = readFileSync(code, 'utf8');
      const read = new Set(
        [...text.matchAll(/data\.([A-Za-z_$][\w$]*)/g), ...text.matchAll(/data\["([^"]+)"\]/g)].map(
          (match) => match[1],
        ),
      );
      const missing = [...body[1].matchAll(/^ {4}"([^"]+)"\??:/gm)]
        .map((match) => match[1])
        .filter((field) => !read.has(field));
      if (missing.length > 0) skipped.set(name, missing.sort());
    }
  }
  return skipped;
}

test("FIELDS_THE_MODELS_DROP names every field of a served kind's schema that kubernetes-models' code skips", () => {
  const skipped = fieldsTheCodeSkips();
  expect(skipped.size).toBeGreaterThan(0);
  for (const [name, fields] of skipped) {
    // v1beta1 apiextensions is no longer served (Kubernetes 1.22+); its schemas never check a rendered object.
    if (/ApiextensionsV1beta1/.test(name)) continue;
    const entry = FIELDS_THE_MODELS_DROP.find((candidate) => name.endsWith(candidate.schema.split(' ')[1]));
    expect({ name, fields: entry ? [...entry.fields].sort() : [] }).toEqual({ name, fields });
  }
});
