/**
 * Signing certificates of an APK, from all three schemes:
 * - v1 (JAR signing): META-INF/*.RSA|DSA|EC hold a PKCS#7 SignedData whose `certificates` field
 *   carries the X.509 certificates in DER;
 * - v2 and v3: the APK Signing Block just before the zip central directory ("APK Sig Block 42"),
 *   id-value pairs 0x7109871a (v2) and 0xf05368c0 (v3): signers → signed data → certificates.
 * No npm package reads the v2/v3 block, hence this reader. Fingerprints are SHA-256 of the DER.
 */
import { createHash } from 'node:crypto';
import type { ZipDirectory } from '../../../shared/zip.ts';

export const APK_SIGNATURE_SCHEME_V2_ID = 0x7109871a;
export const APK_SIGNATURE_SCHEME_V3_ID = 0xf05368c0;
const MAGIC = 'APK Sig Block 42';

export type SigningScheme = 'v1' | 'v2' | 'v3';

export interface SigningCertificate {
  readonly scheme: SigningScheme;
  readonly sha256: string;
  readonly der: Buffer;
}

export const sha256Hex = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Reads a uint32-length-prefixed slice (the v2/v3 format's only framing). */
const lengthPrefixed = (buf: Buffer, offset: number): { data: Buffer; next: number } => {
  if (offset + 4 > buf.length) throw new RangeError('length prefix out of bounds');
  const len = buf.readUInt32LE(offset);
  const end = offset + 4 + len;
  if (end > buf.length) throw new RangeError('length-prefixed value out of bounds');
  return { data: buf.subarray(offset + 4, end), next: end };
};

const sequence = (buf: Buffer): Buffer[] => {
  const out: Buffer[] = [];
  let p = 0;
  while (p < buf.length) {
    const { data, next } = lengthPrefixed(buf, p);
    out.push(data);
    p = next;
  }
  return out;
};

/** The id → value pairs of the APK Signing Block, or an empty map when the APK has none. */
export const readSigningBlock = (buf: Buffer, dir: ZipDirectory): Map<number, Buffer> => {
  const pairs = new Map<number, Buffer>();
  const cd = dir.centralDirectoryOffset;
  if (cd < 32 || buf.toString('latin1', cd - 16, cd) !== MAGIC) return pairs;
  const size = Number(buf.readBigUInt64LE(cd - 24));
  const start = cd - size - 8;
  if (start < 0 || Number(buf.readBigUInt64LE(start)) !== size) return pairs;
  let p = start + 8;
  const end = cd - 24;
  while (p + 12 <= end) {
    const len = Number(buf.readBigUInt64LE(p));
    if (len < 4 || p + 8 + len > end) break;
    pairs.set(buf.readUInt32LE(p + 8), buf.subarray(p + 12, p + 8 + len));
    p += 8 + len;
  }
  return pairs;
};

/** Certificates of every signer in a v2 or v3 block value (both put certificates second in signed data). */
export const certificatesFromSchemeBlock = (value: Buffer): Buffer[] => {
  const certs: Buffer[] = [];
  const signers = lengthPrefixed(value, 0).data;
  for (const signer of sequence(signers)) {
    const signedData = lengthPrefixed(signer, 0).data;
    const digests = lengthPrefixed(signedData, 0);
    const certificates = lengthPrefixed(signedData, digests.next).data;
    certs.push(...sequence(certificates));
  }
  return certs;
};

interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

/** One DER tag-length-value at `offset`. */
export const readTlv = (buf: Buffer, offset: number): Tlv => {
  if (offset + 2 > buf.length) throw new RangeError('DER out of bounds');
  const tag = buf[offset] ?? 0;
  let len = buf[offset + 1] ?? 0;
  let p = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new RangeError('unsupported DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[p + i] ?? 0);
    p += n;
  }
  if (p + len > buf.length) throw new RangeError('DER value out of bounds');
  return { tag, start: offset, contentStart: p, end: p + len };
};

const children = (buf: Buffer, parent: Tlv): Tlv[] => {
  const out: Tlv[] = [];
  for (let p = parent.contentStart; p < parent.end;) {
    const t = readTlv(buf, p);
    out.push(t);
    p = t.end;
  }
  return out;
};

/** X.509 certificates (DER) inside a PKCS#7 SignedData ContentInfo. */
export const certificatesFromPkcs7 = (der: Buffer): Buffer[] => {
  const contentInfo = readTlv(der, 0);
  const explicit = children(der, contentInfo).find((t) => t.tag === 0xa0);
  if (!explicit) return [];
  const signedData = children(der, explicit)[0];
  if (!signedData) return [];
  const certSet = children(der, signedData).find((t) => t.tag === 0xa0);
  if (!certSet) return [];
  return children(der, certSet)
    .filter((t) => t.tag === 0x30)
    .map((t) => der.subarray(t.start, t.end));
};

/** Every signing certificate the APK carries, by scheme, de-duplicated per scheme. */
export const readSigningCertificates = (
  buf: Buffer,
  dir: ZipDirectory,
  readEntry: (name: string) => Buffer,
): SigningCertificate[] => {
  const out: SigningCertificate[] = [];
  const add = (scheme: SigningScheme, der: Buffer): void => {
    const sha256 = sha256Hex(der);
    if (!out.some((c) => c.scheme === scheme && c.sha256 === sha256)) out.push({ scheme, sha256, der });
  };
  for (const name of dir.entries.keys())
    if (/^META-INF\/[^/]+\.(RSA|DSA|EC)$/i.test(name))
      for (const der of certificatesFromPkcs7(readEntry(name))) add('v1', der);
  const block = readSigningBlock(buf, dir);
  const v2 = block.get(APK_SIGNATURE_SCHEME_V2_ID);
  if (v2) for (const der of certificatesFromSchemeBlock(v2)) add('v2', der);
  const v3 = block.get(APK_SIGNATURE_SCHEME_V3_ID);
  if (v3) for (const der of certificatesFromSchemeBlock(v3)) add('v3', der);
  return out;
};
