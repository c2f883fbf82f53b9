/**
 * The strict check of join 1 (test/render/joins/unknown-fields.ts) on objects written here: closed where the
 * Kubernetes schema lists properties, open for free-form maps and untyped JSON, and the fields
 * kubernetes-models' compiled code leaves out taken only on the schema that has them.
 */
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import { unknownFieldsOf } from './joins/unknown-fields';

const check = (model: { prototype: { validate(this: unknown): void } }) => (data: unknown) => model.prototype.validate.call(data);

function deployment(container: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'web' }): unknown {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1', ...container }] } } },
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
      versions: [{
        name: 'v1', served: true, storage: true,
        additionalPrinterColumns: [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: 'how old' }],
        schema: { openAPIV3Schema: { type: 'object', description: 'a thing', properties: { spec: property } } },
      }],
    },
  };
}

describe('unknown fields on core kinds', () => {
  test('a container field, a spec field and an ObjectMeta field the schemas do not list', () => {
    expect(unknownFieldsOf(check(Deployment), deployment({ resource: { limits: { cpu: '1' } }, description: 'x' }, { name: 'web', label: { a: 'b' } }))).toEqual([
      '/metadata/label',
      '/spec/template/spec/containers/0/resource',
      '/spec/template/spec/containers/0/description',
    ]);
  });

  test('free-form maps stay open: labels, annotations, resource limits, ConfigMap data', () => {
    expect(unknownFieldsOf(check(Deployment), deployment({ resources: { limits: { cpu: '1', 'example.com/gpu': '1' } } }, { name: 'web', labels: { 'any/label': 'x' }, annotations: { 'any.annotation': 'y' } }))).toEqual([]);
    expect(unknownFieldsOf(check(ConfigMap), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'any-key': 'v', 'a.b': 'w' } })).toEqual([]);
  });

  test("a CRD's descriptions and x-kubernetes-* pass (the compiled code leaves them out), a misspelt one does not, and untyped JSON stays open", () => {
    const good = { type: 'object', description: 'spec', 'x-kubernetes-preserve-unknown-fields': true, default: { anything: { goes: 1 } }, properties: { port: { 'x-kubernetes-int-or-string': true } } };
    expect(unknownFieldsOf(check(CustomResourceDefinition), crd(good))).toEqual([]);
    expect(unknownFieldsOf(check(CustomResourceDefinition), crd({ type: 'object', descripton: 'spec' }))).toEqual(['/spec/versions/0/schema/openAPIV3Schema/properties/spec/descripton']);
  });

  test('an invalid object throws the schema error instead', () => {
    expect(() => unknownFieldsOf(check(ConfigMap), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { key: 1 } })).toThrow();
  });
});
