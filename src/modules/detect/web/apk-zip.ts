/**
 * A small reader for the zip container of an APK: end of central directory, central directory
 * entries, and one entry's bytes (stored or deflated, inflated with node:zlib). Enough for the
 * manifest, resources.arsc and META-INF; it also reports where the central directory starts, which
 * the APK Signing Block reader needs.
 */
import { inflateRawSync } from 'node:zlib';
import { DomainError } from '../../../shared/errors.ts';

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

export interface ZipDirectory {
  readonly entries: ReadonlyMap<string, ZipEntry>;
  readonly centralDirectoryOffset: number;
  readonly eocdOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** Entries larger than this are refused: an APK's manifest or certificate is never near it. */
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

const bad = (message: string): DomainError =>
  new DomainError('invalid_value', `not a readable APK: ${message}`, 'apk');

export const findEocd = (buf: Buffer): number => {
  // The EOCD record is 22 bytes plus a comment of at most 65535 bytes, at the end of the file.
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= min; i--) if (buf.readUInt32LE(i) === EOCD_SIGNATURE) return i;
  throw bad('no end-of-central-directory record');
};

export const readZipDirectory = (buf: Buffer): ZipDirectory => {
  const eocdOffset = findEocd(buf);
  const count = buf.readUInt16LE(eocdOffset + 10);
  const cdSize = buf.readUInt32LE(eocdOffset + 12);
  const cdOffset = buf.readUInt32LE(eocdOffset + 16);
  if (cdOffset + cdSize > eocdOffset) throw bad('central directory out of bounds');
  const entries = new Map<string, ZipEntry>();
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL_SIGNATURE)
      throw bad('broken central directory');
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const localHeaderOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    entries.set(name, { name, method, compressedSize, size, localHeaderOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return { entries, centralDirectoryOffset: cdOffset, eocdOffset };
};

export const readZipEntry = (buf: Buffer, entry: ZipEntry): Buffer => {
  const p = entry.localHeaderOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL_SIGNATURE)
    throw bad(`broken local header of ${entry.name}`);
  if (entry.size > MAX_ENTRY_BYTES || entry.compressedSize > MAX_ENTRY_BYTES)
    throw bad(`${entry.name} is too large`);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: Math.max(entry.size, 1) });
  throw bad(`${entry.name} uses unsupported compression ${entry.method}`);
};
