/**
 * The Helm chart files of any release line of the catalog, wherever a copy is at hand: ../shared/linkerd-charts
 * (the lines the project was given), a package in ../shared/helm-repositories (the real releases served
 * there), or the package `npm run release-line:add` cached in .cache/. Tests check every line against its
 * own Helm charts through this, so a line added with release-line:add is checked like the others.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LINKERD_HELM_CHARTS, type LinkerdHelmChartName, releaseLine } from '../../lib/linkerd/catalog';
import { type HelmChartFiles, readLineFolder } from '../../scripts/gen-values';
import { unpackHelmChart } from '../../scripts/release-lines/helm-chart-package';
import { SHARED_DIR } from './shared';
import { PROJECT_DIR } from './synth';

/** Where a line's Helm charts were found, and the files of each. */
export interface LineHelmCharts {
  readonly source: 'linkerd-charts' | 'helm-repositories' | 'cache';
  readonly helmCharts: Partial<Record<LinkerdHelmChartName, HelmChartFiles>>;
}

const cached = new Map<string, LineHelmCharts | undefined>();

/** The Helm chart files of `line` (Chart.yaml, values.yaml, values-ha.yaml), or undefined when no copy is at hand. */
export function lineHelmCharts(line: string): LineHelmCharts | undefined {
  if (!cached.has(line)) cached.set(line, findLineHelmCharts(line));
  return cached.get(line);
}

function findLineHelmCharts(line: string): LineHelmCharts | undefined {
  const folder = join(SHARED_DIR, 'linkerd-charts', line);
  if (existsSync(join(folder, 'linkerd-control-plane', 'values.yaml')))
    return { source: 'linkerd-charts', helmCharts: readLineFolder(folder) };
  const { channel, helmChartVersions } = releaseLine(line);
  for (const [source, dir] of [
    ['helm-repositories', join(SHARED_DIR, 'helm-repositories', `linkerd-${channel}`)],
    ['cache', join(PROJECT_DIR, '.cache', 'linkerd-charts', line)],
  ] as const) {
    const helmCharts: Partial<Record<LinkerdHelmChartName, HelmChartFiles>> = {};
    for (const helmChart of LINKERD_HELM_CHARTS) {
      const version = helmChartVersions[helmChart];
      const path = join(dir, `${helmChart}-${version}.tgz`);
      if (!version || !existsSync(path)) continue;
      const files = unpackHelmChart(readFileSync(path), path, helmChart, (name: string) =>
        /^[^/]+\/(Chart\.yaml|values\.yaml|values-ha\.yaml)$/.test(name),
      );
      const file = (name: string) => [...files].find(([entry]) => entry.endsWith(`/${name}`))?.[1];
      helmCharts[helmChart] = {
        chartYaml: file('Chart.yaml') ?? '',
        valuesYaml: file('values.yaml') ?? '',
        valuesHaYaml: file('values-ha.yaml'),
      };
    }
    if (LINKERD_HELM_CHARTS.every((helmChart) => !helmChartVersions[helmChart] || helmCharts[helmChart]))
      return { source, helmCharts };
  }
  return undefined;
}
