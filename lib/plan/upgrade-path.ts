/**
 * One Linkerd major at a time: Linkerd's upgrade notes move a cluster from one major to the next, never
 * across one. This compares the release a cluster's committed dist/ installs (lib/input/installed-releases.ts)
 * with the line its config asks for, and refuses a jump of more than one major, naming the stepping
 * stones: the release each major in between corresponds to (lib/linkerd/support-matrix.ts).
 */
import type { ClusterConfig } from '../../features/cluster-config';
import { RELEASE_LINE_NAMES, releaseLine } from '../linkerd/catalog';
import { LINKERD_MAJORS, majorDistance, majorOf } from '../linkerd/support-matrix';

/** What a cluster's committed dist/ installs (read by lib/input/installed-releases.ts). */
export interface InstalledRelease {
  /** The file it was read from, e.g. `dist/studio/mesh/linkerd-control-plane.yaml`. */
  readonly file: string;
  /** The linkerd-control-plane Helm chart version, e.g. `2026.8.3` (edge) or `1.16.11` (stable). */
  readonly helmChartVersion: string;
  /** The HelmRepository it comes from, e.g. `linkerd-edge`. */
  readonly repository: string;
}

/** The release line an installed control-plane Helm chart belongs to, or undefined when it cannot be told. */
export function installedLine(installed: InstalledRelease): string | undefined {
  const edge = /^20(\d{2})\.(\d{1,2})\.(\d{1,2})$/.exec(installed.helmChartVersion);
  if (installed.repository === 'linkerd-edge' && edge) return `edge-${edge[1]}.${Number(edge[2])}.${Number(edge[3])}`;
  // Stable Helm chart versions (1.16.11) do not name the release: look for a catalog line that publishes it.
  return RELEASE_LINE_NAMES.find((name) => {
    const line = releaseLine(name);
    return (
      `linkerd-${line.channel}` === installed.repository &&
      line.helmChartVersions['linkerd-control-plane'] === installed.helmChartVersion
    );
  });
}

/** Problems (`file: field: message`) and warnings of moving from what dist/ installs to the config's line. */
export function upgradeProblems(
  config: Pick<ClusterConfig, 'releaseLine' | 'upgrade'>,
  file: string,
  installed: InstalledRelease | undefined,
): { problems: string[]; warnings: string[] } {
  const none = { problems: [], warnings: [] };
  if (!installed) return none;
  const from = installedLine(installed);
  const to = config.releaseLine;
  if (from === undefined || from === to) return none;
  const fromMajor = majorOf(from);
  const toMajor = majorOf(to);
  if (!fromMajor || !toMajor) {
    return {
      problems: [],
      warnings: [
        `warning: ${file}: releaseLine: cannot tell the Linkerd majors of ${from} (${installed.file}) and ${to}; Linkerd upgrades one major at a time, check its release notes`,
      ],
    };
  }
  const distance = majorDistance(fromMajor.major, toMajor.major);
  if (distance < 0) {
    return {
      problems: [],
      warnings: [
        `warning: ${file}: releaseLine: ${to} (Linkerd ${toMajor.major}) is older than ${from} (${fromMajor.major}), which ${installed.file} installs; Linkerd does not support going back a major`,
      ],
    };
  }
  if (distance <= 1 || config.upgrade.allowMajorSkip) return none;
  const stones = LINKERD_MAJORS.filter(
    (major) => majorDistance(fromMajor.major, major.major) > 0 && majorDistance(major.major, toMajor.major) >= 0,
  )
    .map((major) => {
      if (!major.edgeRelease) return `a Linkerd ${major.major} release`;
      if (major.edgeRelease === to) return undefined;
      const known = RELEASE_LINE_NAMES.includes(major.edgeRelease);
      return `${major.edgeRelease} (${major.major}${known ? '' : `; add it with npm run release-line:add -- ${major.edgeRelease}`})`;
    })
    .filter((stone): stone is string => stone !== undefined);
  return {
    problems: [
      `${file}: releaseLine: "${to}" is Linkerd ${toMajor.major}, ${distance} majors past ${from} (${fromMajor.major}), which ${installed.file} installs; ` +
        `Linkerd upgrades one major at a time: set releaseLine to ${stones.join(', then ')} first (synthesize, commit, let Flux apply each), then ${to}; ` +
        'for a cluster that does not run the installed release (a fresh install), set upgrade.allowMajorSkip: true',
    ],
    warnings: [],
  };
}
