/**
 * Keeps `identity.previousTrustAnchors` of a cluster config during a trust anchor rotation
 * (`make linkerd-rotate-trust-anchor`), keeping the file's comments and formatting:
 *
 *   node --import tsx scripts/previous-trust-anchors.ts status clusters/<name>.yaml anchor.pem
 *     prints `empty` (no previous anchors), `listed` (anchor.pem is one of them: not renewed yet)
 *     or `renewed` (previous anchors are listed and anchor.pem is not one of them)
 *   node --import tsx scripts/previous-trust-anchors.ts add clusters/<name>.yaml anchor.pem
 *     adds the PUBLIC certificate in anchor.pem (refused if it holds a private key)
 *   node --import tsx scripts/previous-trust-anchors.ts print clusters/<name>.yaml
 *     prints the previous anchors' certificates
 *   node --import tsx scripts/previous-trust-anchors.ts remove clusters/<name>.yaml
 *     removes every previous anchor (and `identity` if nothing else is left in it)
 */
import { readFileSync } from 'node:fs';
import { deleteEmpty, pemBody, pemScalar, readConfig, run, sequenceAt, writeConfig } from './config-file';

const FIELD = ['identity', 'previousTrustAnchors'];

run(() => {
  const [command, path, pemFile] = process.argv.slice(2);
  const withPem = command === 'status' || command === 'add';
  if (!path || (withPem && !pemFile) || !['status', 'add', 'print', 'remove'].includes(command)) {
    throw new Error('usage: previous-trust-anchors.ts status|add clusters/<name>.yaml anchor.pem | print|remove clusters/<name>.yaml');
  }
  const file = readConfig(path);
  const previous = file.config.identity.previousTrustAnchors;
  const pem = pemFile ? readFileSync(pemFile, 'utf8') : '';
  const listed = pemFile !== undefined && previous.some((anchor) => pemBody(anchor) === pemBody(pem));

  if (command === 'status') {
    console.log(previous.length === 0 ? 'empty' : listed ? 'listed' : 'renewed');
    return;
  }
  if (command === 'print') {
    process.stdout.write(previous.map((anchor) => anchor.trim() + '\n').join(''));
    return;
  }
  if (command === 'add') {
    if (listed) {
      console.log(`${path}: this anchor is already in identity.previousTrustAnchors`);
      return;
    }
    sequenceAt(file.document, FIELD).add(pemScalar(pem));
    try {
      writeConfig(file);
    } catch (error) {
      console.error(`refused: the certificate cannot be added to identity.previousTrustAnchors; ${path} was not changed:`);
      throw error;
    }
    console.log(`${path}: added the anchor to identity.previousTrustAnchors`);
    return;
  }
  if (previous.length === 0) {
    console.log(`${path}: identity.previousTrustAnchors is already empty`);
    return;
  }
  deleteEmpty(file.document, FIELD);
  writeConfig(file);
  console.log(`${path}: removed ${previous.length} previous anchor(s) from identity.previousTrustAnchors`);
});
