/**
 * docs/configuration.md's field reference is what `npm run gen:config-docs` makes from the schema (each field's
 * JSDoc, type and default), and it documents every field the schema has.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterConfigSchema } from '../features/cluster-config';
import { configFields } from '../scripts/config-docs/fields';
import { renderReference, withReference } from '../scripts/config-docs/render';

const ROOT = join(__dirname, '..');
const PAGE = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8');
const FIELDS = configFields(ROOT, clusterConfigSchema);

test('docs/configuration.md holds the reference the schema makes (npm run gen:config-docs rewrites it)', () => {
  expect(withReference(PAGE, renderReference(FIELDS))).toBe(PAGE);
});

test('every field a person sets has a text of its own (JSDoc in its feature schema)', () => {
  const undocumented = FIELDS.filter((field) => field.doc === '').map((field) => field.path);
  expect(undocumented).toEqual([]);
});

test('the reference lists every top-level field of the schema, with its real default', () => {
  const topLevel = Object.keys((clusterConfigSchema as any)._zod.def.shape);
  expect(FIELDS.filter((field) => !/[.[]/.test(field.path)).map((field) => field.path)).toEqual(topLevel);
  expect(FIELDS.find((field) => field.path === 'flux.interval')?.default).toBe('"10m"');
  expect(PAGE).toContain('| `flux.interval` | string | `10m` |');
  expect(PAGE).toContain('| `budget.memory` | string | `2.5Gi` |');
});
