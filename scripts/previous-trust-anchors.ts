/**
 * Keeps `identity.previousTrustAnchors` of a cluster config during a trust anchor rotation
 * (`make linkerd-rotate-trust-anchor`), keeping the file's comments and formatting:
 *
 *   node --require tsx/cjs scripts/previous-trust-anchors.ts keep clusters/<name>.yaml anchor.pem
 *     with no previous anchors listed, adds the PUBLIC certificate in anchor.pem (refused if it holds
 *     a private key) and prints `added`; prints `listed` when anchor.pem is listed already (not
 *     renewed yet) and `renewed` when other anchors are listed (anchor.pem is their successor)
 *   node --require tsx/cjs scripts/previous-trust-anchors.ts print clusters/<name>.yaml
 *     prints the previous anchors' certificates
 *   node --require tsx/cjs scripts/previous-trust-anchors.ts remove clusters/<name>.yaml
 *     removes every previous anchor (and `identity` if nothing else is left in it)
 */
import { readFileSync } from 'node:fs';
import { pemBody, pemScalar, readConfig, run, writeConfigText } from './config-file';
import { commandLine } from './cli-args';
import { COMMAND_LINES } from './command-lines';
import { appendToSequence, deleteKey } from './yaml-edit';

const FIELD = ['identity', 'previousTrustAnchors'];

run(() => {
  const [command, path, pemFile] = commandLine(
    'previous-trust-anchors',
    COMMAND_LINES['previous-trust-anchors'],
  ).positionals;
  const file = readConfig(path);
  const previous = file.config.identity.previousTrustAnchors;
  const pem = pemFile ? readFileSync(pemFile, 'utf8') : '';
  const listed = pemFile !== undefined && previous.some((anchor) => pemBody(anchor) === pemBody(pem));

  if (command === 'print') {
    process.stdout.write(previous.map((anchor) => `${anchor.trim()}\n`).join(''));
    return;
  }
  if (command === 'keep') {
    if (previous.length > 0) {
      console.log(listed ? 'listed' : 'renewed');
      return;
    }
    try {
      writeConfigText(path, appendToSequence(file.text, FIELD, pemScalar(pem)));
    } catch (error) {
      console.error(
        `refused: the certificate cannot be added to identity.previousTrustAnchors; ${path} was not changed:`,
      );
      throw error;
    }
    console.log('added');
    return;
  }
  if (previous.length === 0) {
    console.log(`${path}: identity.previousTrustAnchors is already empty`);
    return;
  }
  writeConfigText(path, deleteKey(file.text, FIELD));
  console.log(`${path}: removed ${previous.length} previous anchor(s) from identity.previousTrustAnchors`);
});
