import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { DomainError } from './errors.ts';
import { readZipDirectory, readZipEntry } from './zip.ts';

/** A one-entry zip written by hand; with `zip64` the central directory keeps the sizes in a ZIP64 field. */
const oneEntryZip = (name: string, content: Buffer, zip64: boolean): Buffer => {
  const data = deflateRawSync(content);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const extra = Buffer.alloc(zip64 ? 20 : 0);
  if (zip64) {
    extra.writeUInt16LE(1, 0);
    extra.writeUInt16LE(16, 2);
    extra.writeBigUInt64LE(BigInt(content.length), 4);
    extra.writeBigUInt64LE(BigInt(data.length), 12);
  }
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(zip64 ? 0xffffffff : data.length, 20);
  central.writeUInt32LE(zip64 ? 0xffffffff : content.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt16LE(extra.length, 30);
  central.writeUInt32LE(0, 42);
  const cdOffset = local.length + nameBytes.length + data.length;
  const cdSize = central.length + nameBytes.length + extra.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(cdSize, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, extra, eocd]);
};

describe('zip reader', () => {
  it.each([false, true])('reads a deflated entry (ZIP64 sizes: %s)', (zip64) => {
    const content = Buffer.from('indptr '.repeat(200));
    const buf = oneEntryZip('indptr.npy', content, zip64);
    const entry = readZipDirectory(buf).entries.get('indptr.npy');
    if (!entry) throw new Error('entry missing');
    expect([entry.size, entry.compressedSize > 0]).toEqual([content.length, true]);
    expect(readZipEntry(buf, entry).equals(content)).toBe(true);
  });

  it('names the input at fault when the bytes are not a zip', () => {
    const source = { what: 'APK', field: 'apk' };
    expect(() => readZipDirectory(Buffer.from('not a zip at all, just some text here'), source)).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/^not a readable APK/),
        field: 'apk',
      }) as DomainError,
    );
  });
});
