/** Config edits of the make targets change only the lines they are about (scripts/yaml-edit.ts). */
import { appendToSequence, deleteKey, setScalar, YamlEditError } from '../scripts/yaml-edit';

const ODD =
  "# mine\nreleaseLine:   edge-26.8.3    # aligned\nmeshedNamespaces:\n- apps   # no indent\nviz: { enabled: true,   grafana: {url: 'http://g:3000'} }\n\n\nbudget:\n    cpu: '2'\n";

test.each([
  ['a list without indent', ODD, ['meshedNamespaces'], 'media', ODD.replace('# no indent\n', '# no indent\n- media\n')],
  [
    'an indented list',
    'meshedNamespaces:\n  - a\n  - b # last\nx: 1\n',
    ['meshedNamespaces'],
    'c',
    'meshedNamespaces:\n  - a\n  - b # last\n  - c\nx: 1\n',
  ],
  [
    'an empty flow list becomes a block list',
    'a: 1\nmeshedNamespaces: [] # none\n',
    ['meshedNamespaces'],
    'c',
    'a: 1\nmeshedNamespaces: # none\n  - c\n',
  ],
  ['a flow list stays one', 'meshedNamespaces: [a, b]\n', ['meshedNamespaces'], 'c', 'meshedNamespaces: [a, b, c]\n'],
  ['an absent list, at the end', ODD, ['meshedNamespaces2'], 'x', `${ODD}meshedNamespaces2:\n  - x\n`],
  [
    'an absent nested list, under its mapping',
    'identity:\n    trustAnchor: {duration: 1h}\nz: 1\n',
    ['identity', 'previousTrustAnchors'],
    'pem',
    'identity:\n    trustAnchor: {duration: 1h}\n    previousTrustAnchors:\n      - pem\nz: 1\n',
  ],
  ['a file of {}', '{}\n', ['meshedNamespaces'], 'a', 'meshedNamespaces:\n  - a\n'],
])('appendToSequence: %s', (_name, text, path, item, expected) => {
  expect(appendToSequence(text, path, item)).toBe(expected);
});

test('appendToSequence keeps a mapping entry as a block under the dash', () => {
  expect(appendToSequence('l:\n- a\n', ['l'], { name: 'b', inject: 'ingress' })).toBe(
    'l:\n- a\n- name: b\n  inject: ingress\n',
  );
});

test('setScalar replaces or adds one scalar in one document of several', () => {
  const text = 'kind: A\n---\nkind: Namespace\nmetadata:\n  name: m   # keep\n  labels: {t: h}\n';
  expect(setScalar(text, ['metadata', 'annotations', 'x'], 'y', 1)).toBe(`${text}  annotations:\n    x: y\n`);
  expect(setScalar('a:\n  b: old # c\n', ['a', 'b'], 'new')).toBe('a:\n  b: new # c\n');
});

test('deleteKey removes the key and the mappings it leaves empty, nothing else', () => {
  expect(
    deleteKey('x: 1   # keep\nidentity:\n  previousTrustAnchors:\n    - |\n      pem\ny:  2\n', [
      'identity',
      'previousTrustAnchors',
    ]),
  ).toBe('x: 1   # keep\ny:  2\n');
  expect(deleteKey('identity:\n  a: 1\n  previousTrustAnchors: [p]\n', ['identity', 'previousTrustAnchors'])).toBe(
    'identity:\n  a: 1\n',
  );
});

test('an edit that would need other lines reprinted is refused', () => {
  expect(() => appendToSequence('meshedNamespaces: {a: 1}\n', ['meshedNamespaces'], 'x')).toThrow(YamlEditError);
  expect(() => appendToSequence('a: [1, {b: [2]}]\n', ['a', 'x'], 'x')).toThrow(YamlEditError);
});
