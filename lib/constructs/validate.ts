/**
 * Checks of construct props, as the AWS CDK construct guidelines want them: in the constructor, before
 * anything is built, each error naming the construct, the field and the value, and what is allowed.
 * The config schema refuses a person's mistakes earlier and in their words; these guard the constructs
 * themselves (another chart, a test, a later caller), so a bad prop never reaches dist/ in silence.
 */
import { isDnsLabel } from '../common/dns-label';
import { DURATION_FORMAT, MAX_DURATION_SECONDS, parseDuration } from '../config/duration';

/** Throws `<what>: <field> <value> <rule>`. */
export function invalidProp(what: string, field: string, value: unknown, rule: string): never {
  throw new Error(`${what}: ${field} ${JSON.stringify(value)} ${rule}`);
}

/** `value` as seconds, when it is a Go duration of hours, minutes and seconds that Go can hold; else throws. */
export function durationProp(what: string, field: string, value: string): number {
  const seconds = parseDuration(value);
  if (seconds === undefined || seconds > MAX_DURATION_SECONDS)
    invalidProp(what, field, value, `is not ${DURATION_FORMAT}`);
  return seconds;
}

/** Checks that `value` is a DNS-1123 label of at most `maxLength` characters. */
export function dnsLabelProp(what: string, field: string, value: string, maxLength = 63): void {
  if (!isDnsLabel(value, maxLength)) {
    invalidProp(
      what,
      field,
      value,
      `is not a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most ${maxLength} characters`,
    );
  }
}

/** Checks that a certificate's `renewBefore` is shorter than its `duration` (cert-manager would renew it at once, forever). */
export function renewalProps(
  what: string,
  durationField: string,
  duration: string,
  renewBeforeField: string,
  renewBefore: string,
): void {
  const lifetime = durationProp(what, durationField, duration);
  if (durationProp(what, renewBeforeField, renewBefore) >= lifetime) {
    invalidProp(what, renewBeforeField, renewBefore, `must be shorter than ${durationField} "${duration}"`);
  }
}
