/**
 * The chart files of any release line of the catalog, wherever a copy is at hand: ../shared/linkerd-charts
 * (the lines the project was given), a package in ../shared/helm-repositories (the real releases served
 * there), or the package `npm run release-line:add` cached in .cache/. Tests check every line against its
 * own charts through this, so a line added with release-line:add is checked like the others.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LINKERD_HELM_CHARTS, LinkerdHelmChartName, releaseLine } from '../../lib/linkerd/catalog';
import { ChartFiles, readLineFolder } from '../../scripts/gen-values';
import { unpackChart } from '../../scripts/release-lines/chart-package';
import { SHARED_DIR } from './shared';
import { PROJECT_DIR } from './synth';

/** Where a line's charts were found, and the files of each. */
export interface LineCharts {
  readonly source: 'linkerd-charts' | 'helm-repositories' | 'cache';
  readonly charts: Partial<Record<LinkerdHelmChartName, ChartFiles>>;
}

const cached = new Map<string, LineCharts | undefined>();

/** The chart files of `line` (Chart.yaml, values.yaml, values-ha.yaml), or undefined when no copy is at hand. */
export function lineCharts(line: string): LineCharts | undefined {
  if (!cached.has(line)) cached.set(line, findLineCharts(line));
  return cached.get(line);
}

function findLineCharts(line: string): LineCharts | undefined {
  const folder = join(SHARED_DIR, 'linkerd-charts', line);
  if (existsSync(join(folder, 'linkerd-control-plane', 'values.yaml'))) return { source: 'linkerd-charts', charts: readLineFolder(folder) };
  const { channel, chartVersions } = releaseLine(line);
  for (const [source, dir] of [
    ['helm-repositories', join(SHARED_DIR, 'helm-repositories', `linkerd-${channel}`)],
    ['cache', join(PROJECT_DIR, '.cache', 'linkerd-charts', line)],
  ] as const) {
    const charts: Partial<Record<LinkerdHelmChartName, ChartFiles>> = {};
    for (const chart of LINKERD_HELM_CHARTS) {
      const version = chartVersions[chart];
      const path = join(dir, `${chart}-${version}.tgz`);
      if (!version || !existsSync(path)) continue;
      const files = unpackChart(readFileSync(path), path, chart, (name: string) => /^[^/]+\/(Chart\.yaml|values\.yaml|values-ha\.yaml)$/.test(name));
      const file = (name: string) => [...files].find(([entry]) => entry.endsWith(`/${name}`))?.[1];
      charts[chart] = { chartYaml: file('Chart.yaml') ?? '', valuesYaml: file('values.yaml') ?? '', valuesHaYaml: file('values-ha.yaml') };
    }
    if (LINKERD_HELM_CHARTS.every((chart) => !chartVersions[chart] || charts[chart])) return { source, charts };
  }
  return undefined;
}
