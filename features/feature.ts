/**
 * What a feature adds to the config's checks, beside its part of the schema: the problems that need more
 * than one field or the release line, and the warnings of settings that have no effect. Both read the
 * resolved basis (features/core/basis.ts: the release line, the Helm charts, the tracing mode), so a derived
 * fact is worked out once. features/cluster-config.ts lists every feature's checks, one line each.
 */
import type { FieldProblem } from '../lib/config/field-problem';
import { RELEASE_LINE_NAMES, type ReleaseLine, releaseLine } from '../lib/linkerd/catalog';
import type { ConfigBasis } from './core/basis';

export type { FieldProblem } from '../lib/config/field-problem';

/** A setting that is valid but has no effect with the rest of the config. */
export interface FieldWarning {
  /** The field as a person writes it, e.g. `tracing.otlpEndpoint` or `meshedNamespaces[2].podSecurity`. */
  readonly field: string;
  readonly message: string;
}

/** A feature's checks of a whole config. */
export interface FeatureChecks {
  /** Problems that need more than one field (refused, each naming its field). */
  readonly problems?: (basis: ConfigBasis) => FieldProblem[];
  /** Settings without effect (warned, synthesis goes on). */
  readonly warnings?: (basis: ConfigBasis) => FieldWarning[];
}

/** The supported lines that `has`, as "a, b", or a note that none does (so a message names real lines). */
export function linesThat(has: (line: ReleaseLine) => boolean): string {
  const names = RELEASE_LINE_NAMES.filter((name) => has(releaseLine(name)));
  return names.length > 0 ? names.join(', ') : 'no supported line';
}

/** The keys of `record` whose value is set. */
export function setKeys(record: object): string[] {
  return Object.entries(record)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key);
}
