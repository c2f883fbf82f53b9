/**
 * `node --require tsx/cjs scripts/add-meshed-namespace.ts clusters/<name>.yaml <namespace> [enabled|ingress]`
 *
 * Adds one namespace to `meshedNamespaces` (`- name`, or `- {name, inject: ingress}` for an ingress
 * controller's namespace), keeping the file's comments and formatting. A name that
 * is already listed, reserved or not a DNS label is refused with the validator's message and the
 * file is left as it was (`make linkerd-inject` runs this).
 */
import { readConfig, run, sequenceAt, writeConfig } from './config-file';

run(() => {
  const [path, namespace, inject = 'enabled'] = process.argv.slice(2);
  if (!path || namespace === undefined) {
    throw new Error('usage: add-meshed-namespace.ts clusters/<name>.yaml <namespace> [enabled|ingress]');
  }
  const file = readConfig(path);
  const entry = inject === 'enabled' ? namespace : { name: namespace, inject };
  sequenceAt(file.document, ['meshedNamespaces']).add(file.document.createNode(entry));
  try {
    writeConfig(file);
  } catch (error) {
    console.error(`refused: "${namespace}" cannot be added to meshedNamespaces in ${path}; ${path} was not changed:`);
    throw error;
  }
  console.log(`${path}: added "${namespace}" to meshedNamespaces${inject === 'enabled' ? '' : ` (inject: ${inject})`}`);
});
