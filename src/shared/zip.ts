/**
 * A small zip reader: end of central directory, central directory entries (ZIP64 sizes and offsets
 * included, as NumPy's .npz writes them), and one entry's bytes (stored or deflated, inflated with
 * node:zlib). Enough for an APK's manifest, resources.arsc and META-INF (it also reports where the
 * central directory starts, which the APK Signing Block reader needs) and for .npz arrays.
 */
import { inflateRawSync } from 'node:zlib';
import { DomainError } from './errors.ts';

/** What the bytes are meant to be, for the error naming the input at fault. */
export interface ZipSource {
  readonly what: string;
  readonly field: string;
}
const ZIP: ZipSource = { what: 'zip file', field: 'file' };

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
const ZIP64_MARK = 0xffffffff;

const bad = (source: ZipSource, message: string): DomainError =>
  new DomainError('invalid_value', `not a readable ${source.what}: ${message}`, source.field);

export const findEocd = (buf: Buffer, source: ZipSource = ZIP): number => {
  // The EOCD record is 22 bytes plus a comment of at most 65535 bytes, at the end of the file.
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= min; i--) if (buf.readUInt32LE(i) === EOCD_SIGNATURE) return i;
  throw bad(source, 'no end-of-central-directory record');
};

export const readZipDirectory = (buf: Buffer, source: ZipSource = ZIP): ZipDirectory => {
  const eocdOffset = findEocd(buf, source);
  const count = buf.readUInt16LE(eocdOffset + 10);
  const cdSize = buf.readUInt32LE(eocdOffset + 12);
  const cdOffset = buf.readUInt32LE(eocdOffset + 16);
  if (cdOffset + cdSize > eocdOffset) throw bad(source, 'central directory out of bounds');
  const entries = new Map<string, ZipEntry>();
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL_SIGNATURE)
      throw bad(source, 'broken central directory');
    const method = buf.readUInt16LE(p + 10);
    let compressedSize = buf.readUInt32LE(p + 20);
    let size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    let localHeaderOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    // ZIP64: a field at its maximum moves to the extra field with id 1, in this order, 8 bytes each.
    if (size === ZIP64_MARK || compressedSize === ZIP64_MARK || localHeaderOffset === ZIP64_MARK) {
      const extra = buf.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
      for (let e = 0; e + 4 <= extra.length; e += 4 + extra.readUInt16LE(e + 2)) {
        if (extra.readUInt16LE(e) !== 1) continue;
        let q = e + 4;
        const next = (): number => {
          if (q + 8 > extra.length) throw bad(source, `broken ZIP64 field of ${name}`);
          const v = Number(extra.readBigUInt64LE(q));
          q += 8;
          return v;
        };
        if (size === ZIP64_MARK) size = next();
        if (compressedSize === ZIP64_MARK) compressedSize = next();
        if (localHeaderOffset === ZIP64_MARK) localHeaderOffset = next();
        break;
      }
    }
    entries.set(name, { name, method, compressedSize, size, localHeaderOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return { entries, centralDirectoryOffset: cdOffset, eocdOffset };
};

export const readZipEntry = (buf: Buffer, entry: ZipEntry, source: ZipSource = ZIP): Buffer => {
  const p = entry.localHeaderOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL_SIGNATURE)
    throw bad(source, `broken local header of ${entry.name}`);
  if (entry.size > MAX_ENTRY_BYTES || entry.compressedSize > MAX_ENTRY_BYTES)
    throw bad(source, `${entry.name} is too large`);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: Math.max(entry.size, 1) });
  throw bad(source, `${entry.name} uses unsupported compression ${entry.method}`);
};
