/**
 * The release catalog: what each supported Linkerd release line publishes.
 *
 * Data, not code: what the Helm charts state (Helm chart versions, which values exist) is generated per line from
 * the Helm charts themselves (imports/linkerd-values/<line>/release-line.ts, by `npm run gen:values` or
 * `npm run release-line:add`); the few facts no Helm chart states live in the small tables below. Adding a
 * line needs no edit here.
 */
import { RELEASE_LINE_DATA, type ReleaseLineData } from '../../imports/linkerd-values';
import { type LinkerdMajor, majorOf, type VersionRange } from './support-matrix';

export { LINKERD_HELM_CHARTS, REQUIRED_HELM_CHARTS } from './helm-charts';
export type { LinkerdHelmChartName, MeshHelmChartName } from './helm-charts';

/**
 * Values of `proxy.defaultInboundPolicy` a line accepts, by channel: no Helm chart lists them (values.yaml
 * has only the default). From Linkerd's docs (reference/authorization-policy): 2.14 has these five;
 * edge lines add `audit` (edge-24.x on).
 */
const INBOUND_POLICIES: Readonly<Record<'stable' | 'edge', readonly string[]>> = {
  stable: ['all-unauthenticated', 'all-authenticated', 'cluster-authenticated', 'cluster-unauthenticated', 'deny'],
  edge: [
    'all-unauthenticated',
    'all-authenticated',
    'cluster-authenticated',
    'cluster-unauthenticated',
    'deny',
    'audit',
  ],
};

/**
 * Whether a line is past its end of life, by channel: since February 2024 the Linkerd project publishes
 * no open-source stable releases (the last is stable-2.14.10), so every stable line is; edge lines get
 * fixes only in the newest, which `npm run outdated` reports.
 */
const END_OF_LIFE: Readonly<Record<'stable' | 'edge', boolean>> = { stable: true, edge: false };

/**
 * One supported Linkerd release line: what its Helm charts say (`ReleaseLineData`, generated from the one
 * definition of each fact in scripts/release-lines/line-facts.ts) and what no Helm chart states.
 */
export interface ReleaseLine extends ReleaseLineData {
  /** Whether the line is past its end of life (no more fixes from the open-source project). */
  readonly endOfLife: boolean;
  /** Values the line accepts for `proxy.defaultInboundPolicy`. */
  readonly inboundPolicies: readonly string[];
  /**
   * The Linkerd major the line belongs to (lib/linkerd/support-matrix.ts).
   * @default - undefined for an edge release older than every major the table knows
   */
  readonly major?: string;
  /** The Kubernetes versions the line's major supports (from support-matrix.ts; none known: `{min: '0'}`). */
  readonly kubernetes: VersionRange;
  /**
   * The Gateway API the line's major supports and the release this project installs from upstream.
   * @default - none: the line's linkerd-crds installs what it needs itself (no `installGatewayAPI`)
   */
  readonly gatewayApi?: LinkerdMajor['gatewayApi'];
}

const RELEASE_LINES: readonly ReleaseLine[] = RELEASE_LINE_DATA.map((line) => {
  const major = majorOf(line.name);
  return {
    ...line,
    endOfLife: END_OF_LIFE[line.channel],
    inboundPolicies: INBOUND_POLICIES[line.channel],
    major: major?.major,
    kubernetes: major?.kubernetes ?? { min: '0' },
    // Only where linkerd-crds can leave the Gateway API to others (installGatewayAPI).
    gatewayApi: line.gatewayApiOptIn ? major?.gatewayApi : undefined,
  };
});

/** The line a cluster gets when its config names none. */
export const DEFAULT_RELEASE_LINE = 'edge-26.8.3';

/** Names of every supported release line. */
export const RELEASE_LINE_NAMES: readonly string[] = RELEASE_LINES.map((line) => line.name);

/** Looks up a release line by name; throws with the allowed names when it is unknown. */
export function releaseLine(name: string): ReleaseLine {
  const line = RELEASE_LINES.find((candidate) => candidate.name === name);
  if (!line) {
    throw new Error(`unknown release line "${name}"; supported: ${RELEASE_LINE_NAMES.join(', ')}`);
  }
  return line;
}
