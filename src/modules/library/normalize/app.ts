/**
 * Apps → `package` or `package#certsha256`. The signing certificate is what tells a genuine app from a
 * repackaged one with the same package name, so it is part of the key when known.
 */
import type { NormalizedValue, ValueProblem } from '../library.types.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { foldWidth } from './chars.ts';

/** Android package names: two or more dot-separated Java identifiers (case kept: Android compares exactly). */
const PACKAGE = /^[a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z][a-zA-Z0-9_]*)+$/;
const problem = (message: string): ValueProblem => ({ type: 'app', message });

/** SHA-256 fingerprint in any common spelling (`AB:CD:…` from apksigner/keytool, plain hex) → 64 lower hex. */
export const parseCertificateDigest = (raw: string): string | undefined => {
  const hex = raw.replace(/^(?:sha-?256\s*[:=]?\s*)/i, '').replace(/[\s:]/g, '');
  return /^[0-9a-fA-F]{64}$/.test(hex) ? hex.toLowerCase() : undefined;
};

export const normalizeApp = (raw: string): Result<NormalizedValue, ValueProblem> => {
  if (raw.length > 512) return err(problem('too long for an app identifier'));
  const text = foldWidth(raw.trim());
  const hash = text.indexOf('#');
  const packageName = (hash < 0 ? text : text.slice(0, hash)).trim();
  if (packageName.length > 255 || !PACKAGE.test(packageName)) {
    return err(problem('an app is a package name like com.example.app, optionally #certificate-sha256'));
  }
  if (hash < 0) {
    return ok({
      type: 'app',
      normalized: packageName,
      display: packageName,
      attributes: { package: packageName },
    });
  }
  const digest = parseCertificateDigest(text.slice(hash + 1).trim());
  if (!digest) return err(problem('the certificate after # must be a SHA-256 fingerprint (64 hex digits)'));
  return ok({
    type: 'app',
    normalized: `${packageName}#${digest}`,
    display: `${packageName} (${digest.slice(0, 8)}…)`,
    attributes: { package: packageName, certSha256: digest },
  });
};
