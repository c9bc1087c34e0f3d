/**
 * APKs built and signed here with the real Android tools from Debian (.ci/apt/web.txt): the parser's
 * package, label and certificate fingerprints must equal what `aapt dump badging` and `apksigner verify
 * --print-certs` report, for v1-only, v2-only, v3-only, all three, and two signers.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/errors.ts';
import { parseApk } from './apk.ts';

const FRAMEWORK = '/usr/share/android-framework-res/framework-res.apk';
const fixtures = join(import.meta.dirname, '../../../../test/fixtures/apk');
const hasTools = ((): boolean => {
  try {
    for (const tool of ['aapt', 'zipalign', 'apksigner', 'keytool'])
      execFileSync('which', [tool], { stdio: 'ignore' });
    readFileSync(FRAMEWORK, { flag: 'r' }).subarray(0, 1);
    return true;
  } catch {
    return false;
  }
})();

const run = (cmd: string, args: string[]): string =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

interface ToolView {
  readonly package: string;
  readonly label: string;
  readonly schemes: string[];
  readonly certs: string[];
}

const toolView = (apk: string): ToolView => {
  const badging = run('aapt', ['dump', 'badging', apk]);
  // badging resolves @string labels but prints literal ones empty; xmltree shows the literal.
  const xmltree = run('aapt', ['dump', 'xmltree', apk, 'AndroidManifest.xml']);
  const verify = run('apksigner', ['verify', '--min-sdk-version', '24', '--print-certs', '-v', apk]);
  return {
    package: /package: name='([^']+)'/.exec(badging)?.[1] ?? '',
    label:
      /application-label:'([^']+)'/.exec(badging)?.[1] ??
      /android:label\(0x01010001\)="([^"]*)"/.exec(xmltree)?.[1] ??
      '',
    schemes: [...verify.matchAll(/Verified using (v\d) scheme[^:]*: true/g)].map((m) => m[1] ?? ''),
    certs: [...verify.matchAll(/Signer #\d+ certificate SHA-256 digest: ([0-9a-f]{64})/g)].map(
      (m) => m[1] ?? '',
    ),
  };
};

// In CI the tools are installed by .ci/run (.ci/apt/web.txt), so a missing tool fails there instead of skipping.
describe.skipIf(!hasTools && process.env.CI !== 'true')('APK parsing against aapt and apksigner', () => {
  let dir = '';
  const keys = { rsa: '', ec: '' };
  const built: Record<string, string> = {};

  const sign = (
    name: string,
    unsigned: string,
    key: string[][],
    schemes: { v1: boolean; v2: boolean; v3: boolean },
  ): string => {
    const out = join(dir, `${name}.apk`);
    const signerArgs = key.flatMap((k, i) => [...(i > 0 ? ['--next-signer'] : []), ...k]);
    run('apksigner', [
      'sign',
      ...signerArgs,
      '--min-sdk-version',
      '24',
      '--v1-signing-enabled',
      String(schemes.v1),
      '--v2-signing-enabled',
      String(schemes.v2),
      '--v3-signing-enabled',
      String(schemes.v3),
      '--v4-signing-enabled',
      'false',
      '--out',
      out,
      unsigned,
    ]);
    return out;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fanzha-apk-'));
    keys.rsa = join(dir, 'rsa.jks');
    keys.ec = join(dir, 'ec.jks');
    run('keytool', [
      '-genkeypair',
      '-keystore',
      keys.rsa,
      '-storepass',
      'secret1',
      '-keypass',
      'secret1',
      '-alias',
      'one',
      '-keyalg',
      'RSA',
      '-keysize',
      '2048',
      '-validity',
      '3650',
      '-dname',
      'CN=Fake ICBC',
      '-noprompt',
    ]);
    run('keytool', [
      '-genkeypair',
      '-keystore',
      keys.ec,
      '-storepass',
      'secret2',
      '-keypass',
      'secret2',
      '-alias',
      'two',
      '-keyalg',
      'EC',
      '-groupname',
      'secp256r1',
      '-validity',
      '3650',
      '-dname',
      'CN=Other Developer',
      '-noprompt',
    ]);
    const rsa = ['--ks', keys.rsa, '--ks-pass', 'pass:secret1'];
    const ec = ['--ks', keys.ec, '--ks-pass', 'pass:secret2'];
    const unaligned = join(dir, 'u.apk');
    const aligned = join(dir, 'a.apk');
    run('aapt', [
      'package',
      '-f',
      '-M',
      join(fixtures, 'AndroidManifest.xml'),
      '-S',
      join(fixtures, 'res'),
      '-I',
      FRAMEWORK,
      '-F',
      unaligned,
    ]);
    run('zipalign', ['-f', '4', unaligned, aligned]);
    const literal = join(dir, 'literal.apk');
    run('aapt', [
      'package',
      '-f',
      '-M',
      join(fixtures, 'literal/AndroidManifest.xml'),
      '-I',
      FRAMEWORK,
      '-F',
      join(dir, 'lu.apk'),
    ]);
    run('zipalign', ['-f', '4', join(dir, 'lu.apk'), literal]);
    built.v1 = sign('v1', aligned, [rsa], { v1: true, v2: false, v3: false });
    built.v2 = sign('v2', aligned, [rsa], { v1: false, v2: true, v3: false });
    built.v3 = sign('v3', aligned, [ec], { v1: false, v2: false, v3: true });
    built.all = sign('all', literal, [ec], { v1: true, v2: true, v3: true });
    built.twoSigners = sign('two', aligned, [rsa, ec], { v1: true, v2: true, v3: false });
  }, 180_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // apksigner only reports the schemes it needed for min SDK 24 (it skips v1 when v2 verifies), so the
  // schemes are compared with what was signed and the certificates with what apksigner prints.
  it.each([
    ['v1', ['v1']],
    ['v2', ['v2']],
    ['v3', ['v3']],
    ['all', ['v1', 'v2', 'v3']],
    ['twoSigners', ['v1', 'v2']],
  ])('%s: package, label and certificates match the tools', (name, signed) => {
    const apk = built[name] ?? '';
    const tools = toolView(apk);
    const parsed = parseApk(readFileSync(apk));
    expect(parsed.package).toBe(tools.package);
    expect(parsed.label).toBe(tools.label);
    expect([...parsed.schemes].sort()).toEqual(signed);
    for (const scheme of tools.schemes) expect(parsed.schemes).toContain(scheme);
    expect(tools.certs.length).toBeGreaterThan(0);
    expect(new Set(parsed.certificates.map((c) => c.sha256))).toEqual(new Set(tools.certs));
  });

  it('resolves @string labels through resources.arsc and reads literal ones', () => {
    expect(parseApk(readFileSync(built.v1 ?? '')).label).toBe('工商银行');
    expect(parseApk(readFileSync(built.all ?? '')).label).toBe('Plain Notes');
  });

  it('tells the different keys apart', () => {
    const a = parseApk(readFileSync(built.v2 ?? '')).certificates.map((c) => c.sha256);
    const b = parseApk(readFileSync(built.v3 ?? '')).certificates.map((c) => c.sha256);
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(a[0]).not.toBe(b[0]);
    expect(
      parseApk(readFileSync(built.twoSigners ?? '')).certificates.filter((c) => c.scheme === 'v2'),
    ).toHaveLength(2);
  });

  it('rejects a file that is not an APK with a domain error on the apk field', () => {
    const junk = join(dir, 'junk.apk');
    writeFileSync(junk, Buffer.from('this is not a zip file at all'));
    expect(() => parseApk(readFileSync(junk))).toThrow(DomainError);
    const truncated = readFileSync(built.v2 ?? '').subarray(0, 2000);
    expect(() => parseApk(truncated)).toThrow(expect.objectContaining({ field: 'apk' }));
  });
});
