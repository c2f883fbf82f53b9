/**
 * One Linkerd major at a time: Linkerd's upgrade notes move a cluster from one major to the next, never
 * across one. This compares the release a cluster's committed dist/ installs (lib/input/installed-releases.ts)
 * with the line its config asks for, and refuses a jump of more than one major, naming the stepping stones
 * (one rule, `steppingStones`: each major in between, any catalog line of it); it warns of a move back, across
 * a major or within one.
 */
import type { ClusterConfig } from '../../features/cluster-config';
import { RELEASE_LINE_NAMES, releaseLine } from '../linkerd/catalog';
import { compareVersions, LINKERD_MAJORS, majorDistance, majorOf } from '../linkerd/support-matrix';

/** What a cluster's committed dist/ installs (read by lib/input/installed-releases.ts). */
export interface InstalledRelease {
  /** The file it was read from, e.g. `dist/studio/mesh/linkerd-control-plane.yaml`. */
  readonly file: string;
  /** The linkerd-control-plane Helm chart version, e.g. `2026.8.3` (edge) or `1.16.11` (stable). */
  readonly helmChartVersion: string;
  /** The HelmRepository it comes from, e.g. `linkerd-edge`. */
  readonly repository: string;
}

/** A committed control-plane file that cannot be read: never taken as "nothing installed". */
export interface UnreadableRelease {
  /** The file, e.g. `dist/studio/mesh/linkerd-control-plane.yaml`. */
  readonly file: string;
  /** Why it cannot be read, e.g. `holds 2 YAML documents; synth writes one HelmRelease there`. */
  readonly unreadable: string;
}

/** What a cluster's committed dist/ says it installs: a release, or a file that cannot be read. */
export type CommittedRelease = InstalledRelease | UnreadableRelease;

/** The newest edge release of the catalog: an installed edge release past it is a major this project cannot know. */
function newestKnownEdge(): string | undefined {
  return RELEASE_LINE_NAMES.filter((name) => name.startsWith('edge-'))
    .sort(compareVersions)
    .pop();
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
  installed: CommittedRelease | undefined,
): { problems: string[]; warnings: string[] } {
  const none = { problems: [], warnings: [] };
  if (!installed) return none;
  const to = config.releaseLine;
  if ('unreadable' in installed) {
    // Never "nothing installed": the check is refused, or skipped on the person's word (and said).
    const what = `cannot check the move to ${to} against what the committed ${installed.file} installs: it ${installed.unreadable}`;
    return config.upgrade.allowMajorSkip
      ? {
          problems: [],
          warnings: [
            `warning: ${file}: releaseLine: ${what}; synthesized without the one-major-at-a-time check (upgrade.allowMajorSkip: true)`,
          ],
        }
      : {
          problems: [
            `${file}: releaseLine: ${what}; Linkerd upgrades one major at a time, so synth does not guess: restore that file from a good commit (git checkout <commit> -- ${installed.file}), ` +
              'or, for a cluster that does not run it (a fresh install), set upgrade.allowMajorSkip: true to synthesize without the check',
          ],
          warnings: [],
        };
  }
  const from = installedLine(installed);
  if (from === to) return none;
  const cannotTell = (why: string) => ({
    problems: [],
    warnings: [
      `warning: ${file}: releaseLine: cannot tell the Linkerd majors of ${from ?? `Helm chart ${installed.helmChartVersion} from ${installed.repository}`} (${installed.file}) and ${to}: ${why}; Linkerd upgrades one major at a time and does not go back one: check its release notes before Flux applies this`,
    ],
  });
  if (from === undefined) return cannotTell('no release line this project knows publishes that Helm chart version');
  const newest = newestKnownEdge();
  if (from.startsWith('edge-') && !RELEASE_LINE_NAMES.includes(from) && newest && compareVersions(from, newest) > 0)
    return cannotTell(`${from} is newer than every release this project knows (the newest: ${newest})`);
  const fromMajor = majorOf(from);
  const toMajor = majorOf(to);
  if (!fromMajor || !toMajor) return cannotTell('one of them is older than every major this project knows');
  const distance = majorDistance(fromMajor.major, toMajor.major);
  if (distance < 0) {
    return {
      problems: [],
      warnings: [
        `warning: ${file}: releaseLine: ${to} (Linkerd ${toMajor.major}) is older than ${from} (${fromMajor.major}), which ${installed.file} installs; Linkerd does not support going back a major`,
      ],
    };
  }
  if (distance === 0 && compareVersions(to, from) < 0 && to.split('-')[0] === from.split('-')[0]) {
    return {
      problems: [],
      warnings: [
        `warning: ${file}: releaseLine: ${to} is older than ${from}, which ${installed.file} installs (both Linkerd ${toMajor.major}): a downgrade; Linkerd does not test downgrades, even within a major: prefer fixing forward (${from} or a newer line), or read both releases' notes before Flux applies this`,
      ],
    };
  }
  if (distance <= 1 || config.upgrade.allowMajorSkip) return none;
  const stones = steppingStones(fromMajor.major, toMajor.major).map(describeStone);
  return {
    problems: [
      `${file}: releaseLine: "${to}" is Linkerd ${toMajor.major}, ${distance} majors past ${from} (${fromMajor.major}), which ${installed.file} installs; ` +
        `Linkerd upgrades one major at a time, and any line of the next major will do: set releaseLine to ${stones.join(', then ')} first (synthesize, commit, let Flux apply ${stones.length > 1 ? 'each' : 'it'}), then ${to}; ` +
        'for a cluster that does not run the installed release (a fresh install), set upgrade.allowMajorSkip: true',
    ],
    warnings: [],
  };
}

/** One major a cluster must run between two others: the catalog's lines of it (any one will do). */
export interface SteppingStone {
  /** `2.19`. */
  readonly major: string;
  /** The catalog's lines of that major, newest first; empty when the catalog has none. */
  readonly lines: readonly string[];
  /**
   * The major's first edge release (its `version-2.X` tag), to add with `npm run release-line:add` when the
   * catalog has no line of it.
   * @default - none known
   */
  readonly edgeRelease?: string;
}

/**
 * The one rule of the upgrade path: every Linkerd major strictly between `from` and `to` is a stepping stone,
 * and any line of it will do (Linkerd upgrades from any release of a major to any release of the next).
 */
export function steppingStones(from: string, to: string): SteppingStone[] {
  return LINKERD_MAJORS.filter(
    (major) => majorDistance(from, major.major) > 0 && majorDistance(major.major, to) > 0,
  ).map((major) => ({
    major: major.major,
    lines: RELEASE_LINE_NAMES.filter((name) => releaseLine(name).major === major.major),
    ...(major.edgeRelease && { edgeRelease: major.edgeRelease }),
  }));
}

/** `a 2.19 line (edge-25.10.7)`, or how to get one when the catalog has none. */
function describeStone({ major, lines, edgeRelease }: SteppingStone): string {
  if (lines.length > 0) return `a ${major} line (${lines.join(' or ')})`;
  if (edgeRelease)
    return `a ${major} line (none here: add ${edgeRelease} with npm run release-line:add -- ${edgeRelease})`;
  return `a Linkerd ${major} release (none here)`;
}
