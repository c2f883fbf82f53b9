/** Synthesizes clusters in memory for tests, from config text or from the project's clusters/. */
import { resolve } from 'node:path';
import { buildDist } from '../../charts/cluster-app';
import { readConfigFiles } from '../../lib/input/config-files';
import { planClusters } from '../../lib/plan/plan-clusters';
import type { KubeObject } from '../../lib/output/render';

export const PROJECT_DIR = resolve(__dirname, '../..');

/** dist/ content and every object, for the project's own cluster configs. */
export function synthesizeProject() {
  return synthesizeFiles(
    readConfigFiles(resolve(PROJECT_DIR, 'clusters')).files.map((file) => ({
      ...file,
      path: `clusters/${file.path.split('/').pop()}`,
    })),
  );
}

/** dist/ content and every object, for the given config files. */
export function synthesizeFiles(files: ReadonlyArray<{ path: string; text: string }>) {
  const plans = planClusters(files);
  const { files: dist, clusters } = buildDist(plans);
  const objects: Array<{ cluster: string; layer: string; object: KubeObject }> = [];
  for (const [cluster, output] of clusters) {
    for (const object of output.entryObjects) objects.push({ cluster, layer: 'entry', object });
    for (const object of output.bootstrapObjects) objects.push({ cluster, layer: 'bootstrap', object });
    for (const layer of output.layers)
      for (const object of layer.objects) objects.push({ cluster, layer: layer.name, object });
  }
  return { dist, clusters, plans, objects };
}

/** Synthesizes one cluster from config text. */
export function synthesizeConfig(text: string, name = 'test') {
  return synthesizeFiles([{ path: `clusters/${name}.yaml`, text }]);
}
