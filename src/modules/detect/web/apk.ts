/**
 * Reads an APK: package name and label from the binary manifest (the label resolved through
 * resources.arsc when it is a reference) and the signing certificates of every scheme present.
 */
import { DomainError } from '../../../shared/errors.ts';
import { readZipDirectory, readZipEntry, type ZipSource } from '../../../shared/zip.ts';

const APK: ZipSource = { what: 'APK', field: 'apk' };
import { readManifest, resolveStringResource } from './apk-resources.ts';
import { readSigningCertificates, type SigningScheme } from './apk-signing.ts';

export interface ApkInfo {
  readonly package: string;
  readonly label: string | null;
  readonly certificates: ReadonlyArray<{ readonly scheme: SigningScheme; readonly sha256: string }>;
  readonly schemes: readonly SigningScheme[];
}

export const parseApk = (buf: Buffer): ApkInfo => {
  const dir = readZipDirectory(buf, APK);
  const readEntry = (name: string): Buffer => {
    const entry = dir.entries.get(name);
    if (!entry) throw new DomainError('invalid_value', `not a readable APK: no ${name}`, 'apk');
    return readZipEntry(buf, entry, APK);
  };
  let manifest;
  try {
    manifest = readManifest(readEntry('AndroidManifest.xml'));
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw new DomainError(
      'invalid_value',
      `not a readable APK manifest: ${e instanceof Error ? e.message : String(e)}`,
      'apk',
    );
  }
  if (!manifest.package) throw new DomainError('invalid_value', 'APK manifest names no package', 'apk');
  let label = manifest.label;
  if (manifest.labelResourceId !== null && dir.entries.has('resources.arsc')) {
    try {
      label = resolveStringResource(readEntry('resources.arsc'), manifest.labelResourceId) ?? label;
    } catch {
      // An unreadable resource table leaves the label as the reference: the check still runs.
    }
  }
  let certs;
  try {
    certs = readSigningCertificates(buf, dir, readEntry);
  } catch (e) {
    throw new DomainError(
      'invalid_value',
      `unreadable APK signature: ${e instanceof Error ? e.message : String(e)}`,
      'apk',
    );
  }
  return {
    package: manifest.package,
    label,
    certificates: certs.map(({ scheme, sha256 }) => ({ scheme, sha256 })),
    schemes: [...new Set(certs.map((c) => c.scheme))],
  };
};
