/**
 * Android's binary resource formats, as much as app checks need: the string pool, the compiled
 * AndroidManifest.xml (package name, application label) and resources.arsc (to resolve a label
 * written as `@string/app_name`). Layouts follow AOSP's ResourceTypes.h.
 */
const RES_STRING_POOL_TYPE = 0x0001;
const RES_TABLE_TYPE = 0x0002;
const RES_XML_TYPE = 0x0003;
const RES_XML_RESOURCE_MAP_TYPE = 0x0180;
const RES_XML_START_ELEMENT_TYPE = 0x0102;
const RES_TABLE_PACKAGE_TYPE = 0x0200;
const RES_TABLE_TYPE_TYPE = 0x0201;
const UTF8_FLAG = 0x100;
const TYPE_REFERENCE = 0x01;
const TYPE_STRING = 0x03;
const ANDROID_ATTR_LABEL = 0x01010001;
const NO_ENTRY = 0xffffffff;

export class ResourceFormatError extends Error {}

const need = (buf: Buffer, end: number, what: string): void => {
  if (end > buf.length) throw new ResourceFormatError(`${what} out of bounds`);
};

/** Decodes a string pool chunk starting at `at`. */
export const readStringPool = (buf: Buffer, at: number): string[] => {
  need(buf, at + 28, 'string pool header');
  const headerSize = buf.readUInt16LE(at + 2);
  const count = buf.readUInt32LE(at + 8);
  const flags = buf.readUInt32LE(at + 16);
  const stringsStart = at + buf.readUInt32LE(at + 20);
  const utf8 = (flags & UTF8_FLAG) !== 0;
  need(buf, at + headerSize + count * 4, 'string pool offsets');
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let p = stringsStart + buf.readUInt32LE(at + headerSize + i * 4);
    if (utf8) {
      // Two lengths (UTF-16 units, then bytes), each one or two bytes.
      p += (buf[p] ?? 0) & 0x80 ? 2 : 1;
      let len = buf[p] ?? 0;
      if (len & 0x80) {
        len = ((len & 0x7f) << 8) | (buf[p + 1] ?? 0);
        p += 2;
      } else p += 1;
      need(buf, p + len, 'string');
      out.push(buf.toString('utf8', p, p + len));
    } else {
      let len = buf.readUInt16LE(p);
      if (len & 0x8000) {
        len = ((len & 0x7fff) << 16) | buf.readUInt16LE(p + 2);
        p += 4;
      } else p += 2;
      need(buf, p + len * 2, 'string');
      out.push(buf.toString('utf16le', p, p + len * 2));
    }
  }
  return out;
};

export interface ManifestInfo {
  readonly package: string | null;
  /** The label as written: text, or `@0x7f…` when it is a resource reference. */
  readonly label: string | null;
  readonly labelResourceId: number | null;
}

/** Package and application label from a compiled AndroidManifest.xml. */
export const readManifest = (buf: Buffer): ManifestInfo => {
  need(buf, 8, 'manifest');
  if (buf.readUInt16LE(0) !== RES_XML_TYPE)
    throw new ResourceFormatError('AndroidManifest.xml is not binary XML');
  let strings: string[] = [];
  let resourceIds: number[] = [];
  let pkg: string | null = null;
  let label: string | null = null;
  let labelResourceId: number | null = null;
  for (let p = buf.readUInt16LE(2); p + 8 <= buf.length;) {
    const type = buf.readUInt16LE(p);
    const size = buf.readUInt32LE(p + 4);
    if (size < 8) throw new ResourceFormatError('zero-sized chunk');
    if (type === RES_STRING_POOL_TYPE) strings = readStringPool(buf, p);
    else if (type === RES_XML_RESOURCE_MAP_TYPE)
      resourceIds = Array.from({ length: (size - 8) / 4 }, (_, i) => buf.readUInt32LE(p + 8 + i * 4));
    else if (type === RES_XML_START_ELEMENT_TYPE) {
      const ext = p + buf.readUInt16LE(p + 2);
      const element = strings[buf.readUInt32LE(ext + 4)] ?? '';
      const attrStart = ext + buf.readUInt16LE(ext + 8);
      const attrSize = buf.readUInt16LE(ext + 10);
      const attrCount = buf.readUInt16LE(ext + 12);
      for (let i = 0; i < attrCount; i++) {
        const a = attrStart + i * attrSize;
        need(buf, a + 20, 'attribute');
        const nameIndex = buf.readUInt32LE(a + 4);
        const name = strings[nameIndex] ?? '';
        const raw = buf.readUInt32LE(a + 8);
        const dataType = buf[a + 15] ?? 0;
        const data = buf.readUInt32LE(a + 16);
        const text =
          raw !== NO_ENTRY
            ? (strings[raw] ?? null)
            : dataType === TYPE_STRING
              ? (strings[data] ?? null)
              : null;
        if (element === 'manifest' && name === 'package') pkg = text;
        if (
          element === 'application' &&
          (name === 'label' || resourceIds[nameIndex] === ANDROID_ATTR_LABEL)
        ) {
          if (dataType === TYPE_REFERENCE) {
            labelResourceId = data;
            label = `@0x${data.toString(16)}`;
          } else label = text;
        }
      }
    }
    p += size;
  }
  return { package: pkg, label, labelResourceId };
};

/** Resolves a string resource id against resources.arsc, preferring the default configuration. */
export const resolveStringResource = (arsc: Buffer, id: number): string | null => {
  need(arsc, 12, 'resources.arsc');
  if (arsc.readUInt16LE(0) !== RES_TABLE_TYPE)
    throw new ResourceFormatError('resources.arsc has no table header');
  const packageId = id >>> 24;
  const typeId = (id >>> 16) & 0xff;
  const entryIndex = id & 0xffff;
  let globalStrings: string[] = [];
  let fallback: string | null = null;
  for (let p = arsc.readUInt16LE(2); p + 8 <= arsc.length;) {
    const type = arsc.readUInt16LE(p);
    const size = arsc.readUInt32LE(p + 4);
    if (size < 8) throw new ResourceFormatError('zero-sized chunk');
    if (type === RES_STRING_POOL_TYPE) globalStrings = readStringPool(arsc, p);
    else if (type === RES_TABLE_PACKAGE_TYPE && arsc.readUInt32LE(p + 8) === packageId) {
      for (let q = p + arsc.readUInt16LE(p + 2); q + 8 <= p + size;) {
        const t = arsc.readUInt16LE(q);
        const tsize = arsc.readUInt32LE(q + 4);
        if (tsize < 8) throw new ResourceFormatError('zero-sized chunk');
        if (t === RES_TABLE_TYPE_TYPE && arsc[q + 8] === typeId) {
          const value = typeEntryString(arsc, q, entryIndex, globalStrings);
          if (value !== null) {
            if (isDefaultConfig(arsc, q)) return value;
            fallback ??= value;
          }
        }
        q += tsize;
      }
    }
    p += size;
  }
  return fallback;
};

const isDefaultConfig = (buf: Buffer, chunk: number): boolean => {
  const config = chunk + 20;
  const size = buf.readUInt32LE(config);
  for (let i = 4; i < size; i++) if (buf[config + i] !== 0) return false;
  return true;
};

const typeEntryString = (
  buf: Buffer,
  chunk: number,
  index: number,
  strings: readonly string[],
): string | null => {
  const headerSize = buf.readUInt16LE(chunk + 2);
  const sparse = ((buf[chunk + 9] ?? 0) & 0x01) !== 0;
  const entryCount = buf.readUInt32LE(chunk + 12);
  const entriesStart = chunk + buf.readUInt32LE(chunk + 16);
  let offset = NO_ENTRY;
  if (sparse) {
    for (let i = 0; i < entryCount; i++) {
      const at = chunk + headerSize + i * 4;
      if (buf.readUInt16LE(at) === index) offset = buf.readUInt16LE(at + 2) * 4;
    }
  } else if (index < entryCount) offset = buf.readUInt32LE(chunk + headerSize + index * 4);
  if (offset === NO_ENTRY) return null;
  const entry = entriesStart + offset;
  need(buf, entry + 16, 'resource entry');
  if (buf.readUInt16LE(entry + 2) & 0x0001) return null; // a complex (map) entry, not a string
  const value = entry + buf.readUInt16LE(entry);
  return buf[value + 3] === TYPE_STRING ? (strings[buf.readUInt32LE(value + 4)] ?? null) : null;
};
