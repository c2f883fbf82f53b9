/**
 * The prop checks every construct shares (lib/constructs/validate.ts): each throws `<what>: <field> <value>
 * <rule>` before anything is built, the value JSON-quoted so that an empty or blank one shows.
 */
import { MAX_DURATION } from '../config/duration';
import { dnsLabelProp, durationProp, invalidProp, renewalProps } from './validate';

describe('invalidProp', () => {
  test('throws an Error naming the construct, the field, the JSON of the value and the rule', () => {
    expect(() => invalidProp('Thing t', 'size', '', 'is empty')).toThrow(new Error('Thing t: size "" is empty'));
    expect(() => invalidProp('Thing t', 'ports', [80, 'http'], 'is wrong')).toThrow(
      'Thing t: ports [80,"http"] is wrong',
    );
  });
});

describe('durationProp', () => {
  test.each<[string, number]>([
    ['90s', 90],
    ['10m', 600],
    ['1h30m', 5400],
    ['8760h', 31_536_000],
    ['1h2m3s', 3723],
    [MAX_DURATION, 9_223_372_036],
  ])('%s is %d seconds', (value, seconds) => {
    expect(durationProp('Thing t', 'timeout', value)).toBe(seconds);
  });

  test.each([
    ['', 'empty'],
    ['0s', 'zero'],
    ['10d', 'in days (Go has no day unit)'],
    ['1.5h', 'fractional'],
    ['30m1h', 'out of order'],
    ['5 minutes', 'in words'],
    ['2562047h47m17s', "one second past what Go's time.Duration holds"],
  ])('%j (%s) is refused with the formats allowed', (value) => {
    expect(() => durationProp('Thing t', 'timeout', value)).toThrow(
      `Thing t: timeout ${JSON.stringify(value)} is not a duration in hours, minutes and seconds such as "8760h", "10m" or "1h30m"`,
    );
  });
});

describe('dnsLabelProp', () => {
  test.each(['a', 'linkerd', 'cert-manager', '0', 'a1-b2', 'x'.repeat(63)])('%s is a label', (value) => {
    expect(() => dnsLabelProp('Thing t', 'namespace', value)).not.toThrow();
  });

  test.each(['', 'Linkerd', '-a', 'a-', 'a.b', 'a_b', 'a b', 'x'.repeat(64)])(
    '%j is refused, with the rule',
    (value) => {
      expect(() => dnsLabelProp('Thing t', 'namespace', value)).toThrow(
        `Thing t: namespace ${JSON.stringify(value)} is not a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters`,
      );
    },
  );

  test('a tighter maxLength (a Helm release name: 53) is checked, and named in the message', () => {
    expect(() => dnsLabelProp('Thing t', 'releaseName', 'r'.repeat(53), 53)).not.toThrow();
    expect(() => dnsLabelProp('Thing t', 'releaseName', 'r'.repeat(54), 53)).toThrow('at most 53 characters');
  });
});

describe('renewalProps', () => {
  test('renewBefore shorter than the duration passes, in any units', () => {
    expect(() => renewalProps('Ca c', 'duration', '1h', 'renewBefore', '59m59s')).not.toThrow();
  });

  test.each([
    ['as long as', '1h', '60m'],
    ['longer than', '1h', '2h'],
  ])('renewBefore %s the duration is refused, naming both fields', (_case, duration, renewBefore) => {
    expect(() => renewalProps('Ca c', 'lifetime', duration, 'renewal', renewBefore)).toThrow(
      `Ca c: renewal "${renewBefore}" must be shorter than lifetime "${duration}"`,
    );
  });

  test('each of the two must be a duration first, the duration checked first', () => {
    expect(() => renewalProps('Ca c', 'duration', '1y', 'renewBefore', '1z')).toThrow(
      'Ca c: duration "1y" is not a duration',
    );
    expect(() => renewalProps('Ca c', 'duration', '1h', 'renewBefore', '1z')).toThrow(
      'Ca c: renewBefore "1z" is not a duration',
    );
  });
});
