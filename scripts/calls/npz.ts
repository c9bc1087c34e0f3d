/**
 * Reads the SciPy CSR matrix in a NumPy .npz (a zip of .npy arrays) with Node's zlib: enough of the
 * zip and .npy formats for what `scipy.sparse.save_npz` writes (stored or deflated entries, little-
 * endian integer arrays). Used by the training and evaluation scripts only; scoring ships its result.
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

const zipEntries = (buf: Buffer): Map<string, Buffer> => {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--)
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad zip central directory');
    const method = buf.readUInt16LE(p + 10);
    let compressed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    // ZIP64 (numpy writes it for large arrays): sizes and offset move to the extra field.
    if (compressed === 0xffffffff || local === 0xffffffff) {
      const extra = buf.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen);
      for (let e = 0; e + 4 <= extra.length;) {
        const id = extra.readUInt16LE(e);
        const size = extra.readUInt16LE(e + 2);
        if (id === 1) {
          let q = e + 4;
          if (buf.readUInt32LE(p + 24) === 0xffffffff) q += 8;
          if (compressed === 0xffffffff) {
            compressed = Number(extra.readBigUInt64LE(q));
            q += 8;
          }
          if (local === 0xffffffff) local = Number(extra.readBigUInt64LE(q));
        }
        e += 4 + size;
      }
    }
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + compressed);
    if (method === 0) out.set(name, raw);
    else if (method === 8) out.set(name, inflateRawSync(raw));
    else throw new Error(`zip entry ${name}: compression method ${method} is not supported`);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
};

/** A little-endian integer .npy array as numbers. */
const npyIntegers = (buf: Buffer, name: string): number[] => {
  if (buf.toString('latin1', 1, 6) !== 'NUMPY') throw new Error(`${name} is not a .npy array`);
  const major = buf.readUInt8(6);
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const offset = (major === 1 ? 10 : 12) + headerLen;
  const header = buf.toString('latin1', major === 1 ? 10 : 12, offset);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const body = buf.subarray(offset);
  const out: number[] = [];
  if (descr === '<i4') for (let i = 0; i + 4 <= body.length; i += 4) out.push(body.readInt32LE(i));
  else if (descr === '<i8')
    for (let i = 0; i + 8 <= body.length; i += 8) out.push(Number(body.readBigInt64LE(i)));
  else if (descr === '<f8') for (let i = 0; i + 8 <= body.length; i += 8) out.push(body.readDoubleLE(i));
  else if (descr === '<f4') for (let i = 0; i + 4 <= body.length; i += 4) out.push(body.readFloatLE(i));
  else throw new Error(`${name}: dtype ${String(descr)} is not supported`);
  return out;
};

export interface CsrMatrix {
  readonly rows: number;
  readonly indptr: readonly number[];
  readonly indices: readonly number[];
}

export const readCsrNpz = (path: string): CsrMatrix => {
  const entries = zipEntries(readFileSync(path));
  const get = (k: string): number[] => {
    const b = entries.get(`${k}.npy`);
    if (!b) throw new Error(`${path} has no ${k}.npy (not a scipy.sparse .npz)`);
    return npyIntegers(b, k);
  };
  const indptr = get('indptr');
  return { rows: indptr.length - 1, indptr, indices: get('indices') };
};
