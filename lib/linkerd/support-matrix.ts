/**
 * What each Linkerd major supports: the facts no Helm chart states, in one documented table.
 *
 * A major (2.18, 2.19, ...) is named by a `version-2.X` tag in github.com/linkerd/linkerd2, which sits on
 * the same commit as one edge release (its "corresponding edge release"); every later edge release up to
 * the next major's belongs to that major. Stable releases name their major themselves (stable-2.14.10).
 *
 * Sources (Linkerd's docs, read with the search tool):
 * - corresponding edge releases: linkerd.io "Releases and Versions" (version-2.18 = edge-25.4.4; 2.16 =
 *   edge-24.8.2; 2.17 = edge-24.11.8); 2.19 = edge-25.10.7 and 2.20 = edge-26.6.3 (version-2.20 is that
 *   release plus one dependency bump) from the tags of the Helm charts this project was given
 *   (../shared/helm-repositories/SOURCES.md);
 * - Kubernetes: linkerd.io/2/reference/k8s-versions (minimum and maximum per major: 2.14 1.21–1.28, 2.15
 *   and 2.16 1.22–1.29, 2.17 1.22–1.31, 2.18 1.22–1.32, 2.19 1.29–1.34). For 2.20 the docs reachable here
 *   stop at 2.19: its floor 1.31 is what the 2.20 Helm charts themselves require (`kubeVersion: >=1.31.0-0` in
 *   edge-26.6.3's and edge-26.8.3's Chart.yaml); no maximum is stated, so none is checked;
 * - Gateway API: linkerd.io/2/features/gateway-api ("Gateway API version compatibility": 2.15–2.17
 *   0.7–1.1.1, 2.18 1.1.1–1.2.1, 2.19 1.1.1–1.4.0) and its install step (the standard channel's
 *   standard-install.yaml). For 2.20 the range 1.2.1–1.5.1 is the one issue 24 reports from the 2.20 docs,
 *   which are not reachable here; the version we install for 2.20 (v1.4.0) is inside both that range and
 *   2.19's, so a 2.19 → 2.20 upgrade does not move the Gateway API at the same time.
 */

/** A Kubernetes or Gateway API version range, inclusive (`max` absent: none known). */
export interface VersionRange {
  readonly min: string;
  readonly max?: string;
}

/** What one Linkerd major supports. */
export interface LinkerdMajor {
  /** `2.20`: the `version-2.20` tag. */
  readonly major: string;
  /**
   * The edge release the `version-2.X` tag corresponds to: the first edge release of the major.
   * @default - none known (no edge release is classed into this major)
   */
  readonly edgeRelease?: string;
  /** The Kubernetes versions (server `major.minor`) the major supports. */
  readonly kubernetes: VersionRange;
  /**
   * The Gateway API versions the major supports, and the release we install (`install`, a tag of
   * kubernetes-sigs/gateway-api inside the range).
   * @default - none: the major predates Linkerd's use of upstream Gateway API CRDs (its linkerd-crds ships its own)
   */
  readonly gatewayApi?: VersionRange & { readonly install: string };
}

/** Every major this project knows, oldest first. */
export const LINKERD_MAJORS: readonly LinkerdMajor[] = [
  { major: '2.14', kubernetes: { min: '1.21', max: '1.28' } },
  {
    major: '2.15',
    kubernetes: { min: '1.22', max: '1.29' },
    gatewayApi: { min: '0.7.0', max: '1.1.1', install: 'v1.1.1' },
  },
  {
    major: '2.16',
    edgeRelease: 'edge-24.8.2',
    kubernetes: { min: '1.22', max: '1.29' },
    gatewayApi: { min: '0.7.0', max: '1.1.1', install: 'v1.1.1' },
  },
  {
    major: '2.17',
    edgeRelease: 'edge-24.11.8',
    kubernetes: { min: '1.22', max: '1.31' },
    gatewayApi: { min: '0.7.0', max: '1.1.1', install: 'v1.1.1' },
  },
  {
    major: '2.18',
    edgeRelease: 'edge-25.4.4',
    kubernetes: { min: '1.22', max: '1.32' },
    gatewayApi: { min: '1.1.1', max: '1.2.1', install: 'v1.2.1' },
  },
  {
    major: '2.19',
    edgeRelease: 'edge-25.10.7',
    kubernetes: { min: '1.29', max: '1.34' },
    gatewayApi: { min: '1.1.1', max: '1.4.0', install: 'v1.4.0' },
  },
  {
    major: '2.20',
    edgeRelease: 'edge-26.6.3',
    kubernetes: { min: '1.31' },
    gatewayApi: { min: '1.2.1', max: '1.5.1', install: 'v1.4.0' },
  },
];

/** The numbers of `edge-26.8.3`, `stable-2.14.10`, `v1.4.0` or `1.31`. */
export function versionParts(version: string): number[] {
  return version
    .replace(/^(edge|stable)-/, '')
    .replace(/^v/, '')
    .split('.')
    .map(Number);
}

/** Orders two versions (or two release tags of one channel) by their numbers. */
export function compareVersions(a: string, b: string): number {
  const left = versionParts(a);
  const right = versionParts(b);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Whether `version` lies in `range` (compared on the range's precision: `1.34.2` is in `1.29`–`1.34`). */
export function inRange(version: string, range: VersionRange): boolean {
  const cut = (value: string, like: string) => versionParts(value).slice(0, versionParts(like).length).join('.');
  return (
    compareVersions(cut(version, range.min), range.min) >= 0 &&
    (range.max === undefined || compareVersions(cut(version, range.max), range.max) <= 0)
  );
}

/**
 * The major of release `line`: `stable-2.14.10` → 2.14; an edge release → the newest major whose
 * corresponding edge release is not after it. Undefined for an edge release older than every known one.
 */
export function majorOf(line: string): LinkerdMajor | undefined {
  const stable = /^stable-(\d+\.\d+)\./.exec(line);
  if (stable) return LINKERD_MAJORS.find((candidate) => candidate.major === stable[1]);
  return [...LINKERD_MAJORS]
    .reverse()
    .find((candidate) => candidate.edgeRelease !== undefined && compareVersions(candidate.edgeRelease, line) <= 0);
}

/** How many majors lie between two majors (`2.18` → `2.20`: 2). */
export function majorDistance(from: string, to: string): number {
  return versionParts(to)[1] - versionParts(from)[1];
}
