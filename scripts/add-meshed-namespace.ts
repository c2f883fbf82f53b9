/**
 * `node --require tsx/cjs scripts/add-meshed-namespace.ts clusters/<name>.yaml <namespace> [enabled|ingress]`
 *
 * Adds one namespace to `meshedNamespaces` (`- name`, or `- {name, inject: ingress}` for an ingress
 * controller's namespace), keeping the file's comments and formatting. A name that
 * is already listed, reserved or not a DNS label is refused with the validator's message and the
 * file is left as it was (`make linkerd-inject` runs this).
 *
 * When a manifest elsewhere in the Git repository already declares the namespace (the app's own
 * `namespace.yaml`), that manifest stays its one owner: the entry becomes `{name, declared: elsewhere}`
 * and the annotation is added to that manifest in place (comments and formatting kept). Prints
 * `manifest: <path>` and `manifest-backup: <copy>` for the make target's diff and undo.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isMap, parseAllDocuments } from 'yaml';
import { ConfigError } from '../lib/plan/config-load';
import { scanNamespaceManifests } from '../lib/input/namespace-manifests';
import { readConfig, run, writeConfigText } from './config-file';
import { commandLine } from './cli-args';
import { COMMAND_LINES } from './command-lines';
import { appendToSequence, setScalar, YamlEditError } from './yaml-edit';

run(() => {
  const [path, namespace, inject = 'enabled'] = commandLine(
    'add-meshed-namespace',
    COMMAND_LINES['add-meshed-namespace'],
  ).positionals;
  const file = readConfig(path);
  const scan = scanNamespaceManifests(dirname(resolve(dirname(path))));
  const owner = scan.root === undefined ? undefined : scan.manifests.find((manifest) => manifest.name === namespace);
  const entry = owner
    ? { name: namespace, ...(inject !== 'enabled' && { inject }), declared: 'elsewhere' }
    : inject === 'enabled'
      ? namespace
      : { name: namespace, inject };
  try {
    writeConfigText(path, appendToSequence(file.text, ['meshedNamespaces'], entry));
  } catch (error) {
    console.error(`refused: "${namespace}" cannot be added to meshedNamespaces in ${path}; ${path} was not changed:`);
    if (error instanceof YamlEditError) {
      throw new ConfigError([`${path}: meshedNamespaces: ${error.message}; add "- ${namespace}" to the list by hand`]);
    }
    throw error;
  }
  if (!owner || scan.root === undefined) {
    console.log(
      `${path}: added "${namespace}" to meshedNamespaces${inject === 'enabled' ? '' : ` (inject: ${inject})`}`,
    );
    return;
  }
  const manifestPath = join(scan.root, owner.file);
  // A copy of the manifest as it was, so the make target can put it back if synthesis then fails.
  const backup = join(mkdtempSync(join(tmpdir(), 'linkerd-inject-')), 'manifest.yaml');
  writeFileSync(backup, readFileSync(manifestPath));
  annotate(manifestPath, namespace, inject);
  console.log(
    `${path}: added "${namespace}" to meshedNamespaces, declared: elsewhere (${owner.file} declares it, and stays its one owner)`,
  );
  console.log(`${owner.file}: added the annotation linkerd.io/inject: ${inject}`);
  console.log(`manifest: ${manifestPath}`);
  console.log(`manifest-backup: ${backup}`);
});

/** Sets `metadata.annotations["linkerd.io/inject"]` on the Namespace `name` in `path`, keeping the rest of the file. */
function annotate(path: string, name: string, inject: string): void {
  const text = readFileSync(path, 'utf8');
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) throw new Error(`${path}: cannot be parsed`);
  const index = documents.findIndex(
    (document) =>
      document.get('kind') === 'Namespace' &&
      isMap(document.get('metadata', true)) &&
      document.getIn(['metadata', 'name']) === name,
  );
  if (index < 0) throw new Error(`${path}: no Namespace ${name} found`);
  // Only the annotation's line changes: the rest of the person's manifest stays as written.
  writeFileSync(path, setScalar(text, ['metadata', 'annotations', 'linkerd.io/inject'], inject, index));
}
