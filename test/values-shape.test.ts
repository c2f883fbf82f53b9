/** How the values generator reads types from Helm chart defaults (scripts/values-types). */
import { parse } from 'yaml';
import { renderKeys, renderType } from '../scripts/values-types/render';
import { completeResources, inferShape, mergeShapes } from '../scripts/values-types/shape';

const shapeOf = (...documents: string[]) =>
  completeResources(
    documents
      .map((text) => inferShape('linkerd-control-plane', parse(text, { maxAliasCount: -1 })))
      .reduce(mergeShapes),
  );

test('scalars, nulls, empty maps and lists', () => {
  const shape = shapeOf('b: true\nn: 1\ns: ""\nz:\nopen: {}\nlist: [a, b]\nempty: []\nobjs: [{k: 1}, {v: x}]\n');
  expect(renderType(shape)).toBe(
    [
      '{',
      '  b?: boolean;',
      '  empty?: unknown[];',
      '  list?: string[];',
      '  n?: number;',
      '  objs?: Array<{',
      '    k?: number;',
      '    v?: string;',
      '  }>;',
      '  open?: Record<string, unknown>;',
      '  s?: string;',
      '  z?: unknown;',
      '}',
    ].join('\n'),
  );
  expect(renderKeys(shape)).toBe(
    [
      '{',
      '  b: true,',
      '  empty: true,',
      '  list: true,',
      '  n: true,',
      '  objs: [{',
      '    k: true,',
      '    v: true,',
      '  }],',
      "  open: '*',",
      '  s: true,',
      '  z: true,',
      '}',
    ].join('\n'),
  );
});

test('a second file adds keys, narrows nulls, widens scalars; aliases resolve', () => {
  const shape = shapeOf(
    'a: {x: 1}\nu:\nw: 25%\nopen: {}\n',
    'a: {y: true}\nu: {k: v}\nw: 1\nopen: {k: v}\nref: &r {q: 1}\nuse: *r\n',
  );
  expect(renderType(shape)).toContain('  a?: {\n    x?: number;\n    y?: boolean;\n  };');
  expect(renderType(shape)).toContain('  u?: {\n    k?: string;\n  };');
  expect(renderType(shape)).toContain('  w?: number | string;');
  expect(renderType(shape)).toContain('  open?: Record<string, unknown>;');
  expect(renderType(shape)).toContain('  use?: {\n    q?: number;\n  };');
});

test('defaults that disagree in kind, label maps and resources', () => {
  const shape = shapeOf(
    'c: 1\nnodeSelector: {kubernetes.io/os: linux}\nres: {cpu: {request: ""}, memory: {limit:}}\n',
    'c: {x: 1}\n',
  );
  const type = renderType(shape);
  expect(type).toContain('  c?: unknown;');
  expect(type).toContain('  nodeSelector?: Record<string, unknown>;');
  expect(type).toContain(
    "    'ephemeral-storage'?: {\n      limit?: number | string;\n      request?: number | string;\n    };",
  );
});
