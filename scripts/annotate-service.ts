/**
 * `npm run annotate-service -- clusters/<name>.yaml <namespace> <service>`
 *
 * Sets, on the person's own Service manifest in the Git repository, the annotations `traffic.<namespace>.<service>`
 * needs there (circuit breaking, and the Service-wide retries and timeouts of ports no route serves:
 * docs/traffic.md), changing only those lines: comments, formatting and line endings stay as written. The
 * Service stays theirs; this project never emits it. Annotations of ours that the config no longer sets are
 * named, not removed. Prints `manifest: <path>` and `manifest-backup: <copy>` for a diff and an undo.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isMap, parseAllDocuments } from 'yaml';
import { SERVICE_ANNOTATION_PREFIXES } from '../features/traffic/plan';
import { scanNamespaceManifests } from '../lib/input/namespace-manifests';
import { ConfigError } from '../lib/plan/config-load';
import { planCluster } from '../lib/plan/plan';
import { clusterName } from '../lib/plan/plan-clusters';
import { commandLine } from './cli-args';
import { COMMAND_LINES } from './command-lines';
import { readConfig, run } from './config-file';
import { setScalar, YamlEditError } from './yaml-edit';

run(() => {
  const [path, namespace, service] = commandLine('annotate-service', COMMAND_LINES['annotate-service']).positionals;
  const { config } = readConfig(path);
  const scan = scanNamespaceManifests(dirname(resolve(dirname(path))), { services: true });
  if (scan.root === undefined)
    throw new ConfigError([`${path}: cannot look for the Service's manifest: ${scan.reason}`]);
  const plan = planCluster(clusterName(path), config, path, undefined, scan.services);
  const field = `traffic.${namespace}.${service}`;
  if (!config.traffic[namespace]?.[service])
    throw new ConfigError([`${path}: ${field} is not set: nothing to annotate`]);
  const wanted = plan.traffic.serviceAnnotations.find(
    (entry) => entry.namespace === namespace && entry.service === service,
  );
  if (!wanted) {
    console.log(`${path}: ${field} needs no annotation on the Service (its routes carry its settings)`);
    return;
  }
  if (!wanted.manifest) {
    throw new ConfigError([
      `${path}: ${field}: no manifest in the repository declares the Service ${namespace}/${service}; set these annotations where it is made (a Helm chart's values): ${Object.entries(
        wanted.annotations,
      )
        .map(([key, value]) => `${key}: "${value}"`)
        .join(', ')}`,
    ]);
  }
  const manifestPath = join(scan.root, wanted.manifest.file);
  const original = readFileSync(manifestPath, 'utf8');
  const backup = join(mkdtempSync(join(tmpdir(), 'linkerd-annotate-')), 'manifest.yaml');
  writeFileSync(backup, original);
  // Edited with \n line ends and written back with the file's own.
  const crlf = original.includes('\r\n');
  let text = crlf ? original.replaceAll('\r\n', '\n') : original;
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) throw new ConfigError([`${wanted.manifest.file}: does not parse`]);
  const index = documents.findIndex(
    (document) =>
      document.get('kind') === 'Service' &&
      isMap(document.get('metadata', true)) &&
      document.getIn(['metadata', 'name']) === service &&
      [undefined, namespace].includes(document.getIn(['metadata', 'namespace']) as string | undefined),
  );
  if (index < 0)
    throw new ConfigError([
      `${wanted.manifest.file}: no Service ${namespace}/${service} at the top level of a document (a kind: List is not edited); add the annotations by hand`,
    ]);
  try {
    for (const [key, value] of Object.entries(wanted.annotations))
      text = setScalar(text, ['metadata', 'annotations', key], value, index);
  } catch (error) {
    if (error instanceof YamlEditError)
      throw new ConfigError([`${wanted.manifest.file}: ${error.message}; ${wanted.manifest.file} was not changed`]);
    throw error;
  }
  writeFileSync(manifestPath, crlf ? text.replaceAll('\n', '\r\n') : text);
  const current =
    (
      documents[index].getIn(['metadata', 'annotations']) as { toJSON(): Record<string, unknown> } | undefined
    )?.toJSON() ?? {};
  const stale = Object.keys(current).filter(
    (key) => SERVICE_ANNOTATION_PREFIXES.some((prefix) => key.startsWith(prefix)) && !(key in wanted.annotations),
  );
  console.log(
    `${wanted.manifest.file}: set ${Object.keys(wanted.annotations).join(', ')} on Service ${namespace}/${service}`,
  );
  if (stale.length > 0)
    console.log(`${wanted.manifest.file}: ${field} no longer sets ${stale.join(', ')}: remove them by hand`);
  console.log(`manifest: ${manifestPath}`);
  console.log(`manifest-backup: ${backup}`);
});
