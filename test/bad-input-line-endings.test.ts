/**
 * Issue 37, class 8: an edit of a config (make linkerd-inject, the trust anchor rotation) keeps the file's
 * own line ends: a CRLF file gets CRLF lines, never a mix.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { appendToSequence, deleteKey, setScalar } from '../scripts/yaml-edit';
import { configObject } from './support/generated-configs';

const crlf = (text: string) => text.replace(/\n/g, '\r\n');
const bareLf = /(^|[^\r])\n/;

test('appending a meshed namespace to any generated config written with CRLF: CRLF throughout', () => {
  fc.assert(
    fc.property(configObject, fc.constantFrom('media', 'apps'), (config, namespace) => {
      const text = crlf(stringify(config));
      const edited = appendToSequence(text, ['meshedNamespaces'], { name: `${namespace}-x`, inject: 'ingress' });
      expect(edited).not.toMatch(bareLf);
      expect(edited.startsWith(text.slice(0, text.indexOf('\r\n')))).toBe(true);
      // The same edit of the LF file, line for line.
      expect(edited).toBe(
        crlf(appendToSequence(stringify(config), ['meshedNamespaces'], { name: `${namespace}-x`, inject: 'ingress' })),
      );
    }),
    { numRuns: 30 },
  );
});

test('setScalar and deleteKey keep CRLF too; an LF file stays LF', () => {
  const text = 'releaseLine: edge-26.8.3\r\nviz:\r\n  enabled: true\r\n';
  expect(setScalar(text, ['identity', 'trustAnchor', 'duration'], '8760h')).toBe(
    'releaseLine: edge-26.8.3\r\nviz:\r\n  enabled: true\r\nidentity:\r\n  trustAnchor:\r\n    duration: 8760h\r\n',
  );
  expect(deleteKey(text, ['viz', 'enabled'])).toBe('releaseLine: edge-26.8.3\r\n');
  expect(appendToSequence('a: 1\n', ['meshedNamespaces'], 'apps')).toBe('a: 1\nmeshedNamespaces:\n  - apps\n');
});
