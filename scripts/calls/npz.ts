/**
 * Reads the SciPy CSR matrix in a NumPy .npz (a zip of .npy arrays, read by src/shared/zip.ts): enough
 * of the .npy format for what `scipy.sparse.save_npz` writes (little-endian integer arrays). Used by
 * the evaluation script's call-graph experiment only.
 */
import { readFileSync } from 'node:fs';
import { readZipDirectory, readZipEntry, type ZipSource } from '../../src/shared/zip.ts';

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
  const buf = readFileSync(path);
  const npz: ZipSource = { what: '.npz file', field: path };
  const { entries } = readZipDirectory(buf, npz);
  const get = (k: string): number[] => {
    const entry = entries.get(`${k}.npy`);
    if (!entry) throw new Error(`${path} has no ${k}.npy (not a scipy.sparse .npz)`);
    return npyIntegers(readZipEntry(buf, entry, npz), k);
  };
  const indptr = get('indptr');
  return { rows: indptr.length - 1, indptr, indices: get('indices') };
};
