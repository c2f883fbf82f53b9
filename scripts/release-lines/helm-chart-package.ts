/**
 * Reading a Helm chart package (a gzipped tar, as `helm package` writes it) with no dependency, as strictly
 * as Helm's own loader (helm.sh/helm pkg/chart/loader/archive.go) or stricter: every entry is a regular
 * file (or a folder) below the Helm chart's folder. Absolute names, `..`, backslashes and drive letters, links
 * and devices, duplicate entries and a package expanding past a size limit are refused.
 */
import { posix } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DEFAULT_LIMITS, type Limits, mebibytes, RepositoryError } from './untrusted';

/** The files of a Helm chart package (`<chart>/Chart.yaml`, ...) whose names `wanted` accepts, by path. */
export function unpackHelmChart(
  bytes: Buffer,
  url: string,
  helmChart: string,
  wanted: (path: string) => boolean,
  limits: Pick<Limits, 'unpackedBytes'> = DEFAULT_LIMITS,
): Map<string, string> {
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes, { maxOutputLength: limits.unpackedBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new RepositoryError(
        `${url} expands to more than ${mebibytes(limits.unpackedBytes)} (a decompression bomb?); refused, check the mirror`,
      );
    }
    throw new RepositoryError(
      `${url} is corrupt or truncated (not a gzip file: ${(error as Error).message}); try again, or check the mirror`,
    );
  }
  const files = new Map<string, string>();
  const seen = new Set<string>();
  let offset = 0;
  let ended = false;
  /** A name from a pax extended header or a GNU long-name entry, for the entry that follows. */
  let longName: string | undefined;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) {
      ended = true;
      break;
    }
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const stored = parseInt(field(148, 8).trim() || '0', 8);
    let sum = 0;
    for (let index = 0; index < 512; index++) sum += index >= 148 && index < 156 ? 32 : header[index];
    if (sum !== stored)
      throw new RepositoryError(
        `${url} is corrupt (a tar header's checksum does not match); try again, or check the mirror`,
      );
    const sizeField = field(124, 12).trim() || '0';
    if (!/^[0-7]+$/.test(sizeField))
      throw new RepositoryError(`${url} is corrupt (a tar entry's size is not an octal number); check the mirror`);
    const size = parseInt(sizeField, 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const headerName = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const start = offset + 512;
    if (start + size > tar.length)
      throw new RepositoryError(
        `${url} is truncated (${JSON.stringify(headerName)} ends past the end of the package); try again, or check the mirror`,
      );
    const body = tar.subarray(start, start + size);
    offset = start + Math.ceil(size / 512) * 512;

    if (type === 'x') {
      longName = paxPath(body, url) ?? longName;
      continue;
    }
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    // Global pax headers carry no name Helm reads (Go's tar reader hands them over, Helm skips them).
    if (type === 'g') continue;
    const name = longName ?? headerName;
    longName = undefined;
    checkEntryName(name, url, helmChart);
    if (type === '5') continue;
    if (type !== '0' && type !== '' && type !== '7') {
      const kind =
        type === '1'
          ? 'a hard link'
          : type === '2'
            ? 'a symbolic link'
            : type === 'K'
              ? 'a link'
              : `of tar type "${type}" (not a regular file)`;
      throw new RepositoryError(
        `${url} holds ${JSON.stringify(name)}, which is ${kind}; a chart package holds only files, refused, check the mirror`,
      );
    }
    if (seen.has(name))
      throw new RepositoryError(`${url} holds ${JSON.stringify(name)} twice; refused, check the mirror`);
    seen.add(name);
    if (wanted(name)) files.set(name, body.toString('utf8'));
  }
  // A tar ends with zero blocks: without them the package was cut short.
  if (!ended)
    throw new RepositoryError(
      `${url} is truncated (the archive ends without its end marker); try again, or check the mirror`,
    );
  return files;
}

/** The `path` record of a pax extended header (`<length> path=<name>\n` records), if any. */
function paxPath(body: Buffer, url: string): string | undefined {
  let path: string | undefined;
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    const length = space > at ? Number(body.subarray(at, space).toString('ascii')) : NaN;
    if (!Number.isInteger(length) || length <= 0 || at + length > body.length)
      throw new RepositoryError(`${url} is corrupt (a pax header record is malformed); check the mirror`);
    const record = body.subarray(space + 1, at + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0 && record.slice(0, equals) === 'path') path = record.slice(equals + 1);
    at += length;
  }
  return path;
}

/** Refuses an entry name that is not a plain relative path below `<chart>/`, as Helm refuses it (or stricter). */
function checkEntryName(name: string, url: string, helmChart: string): void {
  const refuse = (why: string) => {
    throw new RepositoryError(
      `${url} holds an entry named ${JSON.stringify(name)}, which ${why}; Helm refuses such packages, and so do we (check the mirror)`,
    );
  };
  if (name === '' || name.includes('\0')) refuse('is empty');
  if (name.includes('\\')) refuse('has a backslash');
  if (posix.isAbsolute(name) || /^[A-Za-z]:/.test(name)) refuse('is an absolute path');
  const parts = name.replace(/\/$/, '').split('/');
  if (parts.some((part) => part === '..')) refuse('points outside the package (..)');
  if (parts.some((part) => part === '' || part === '.')) refuse('is not a plain path');
  if (parts[0] !== helmChart) refuse(`lies outside the chart's folder ${helmChart}/`);
}
