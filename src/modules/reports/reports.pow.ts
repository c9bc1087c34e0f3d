/**
 * The proof-of-work challenge for anonymous reports: stateless and HMAC-signed, so any API node can
 * verify a solution without a shared store. A client fetches `{challenge, difficulty}`, finds a nonce
 * whose SHA-256(`challenge:nonce`) starts with `difficulty` zero bits, and sends both with the report.
 * Cost grows as 2^difficulty for the sender and stays one hash for the server.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface PowSettings {
  /** Leading zero bits required; 0 disables the work (tests, trusted kiosks). */
  readonly difficulty: number;
  /** When false a report without a solution is accepted under the stricter per-client limit. */
  readonly required: boolean;
  readonly ttlMs: number;
}

export const DEFAULT_POW: PowSettings = { difficulty: 16, required: false, ttlMs: 10 * 60_000 };

const sign = (key: string, body: string): string =>
  createHmac('sha256', key).update(body).digest('base64url').slice(0, 22);

/** `v1.<expiresAt>.<difficulty>.<salt>.<mac>` */
export const issueChallenge = (
  key: string,
  settings: PowSettings,
  now: number,
): { challenge: string; difficulty: number; expiresAt: number } => {
  const expiresAt = now + settings.ttlMs;
  const body = `v1.${expiresAt}.${settings.difficulty}.${randomBytes(9).toString('base64url')}`;
  return { challenge: `${body}.${sign(key, body)}`, difficulty: settings.difficulty, expiresAt };
};

export const leadingZeroBits = (digest: Buffer): number => {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
};

export const powDigest = (challenge: string, nonce: string): Buffer =>
  createHash('sha256').update(`${challenge}:${nonce}`).digest();

export type PowCheck =
  { readonly ok: true; readonly expiresAt: number } | { readonly ok: false; readonly message: string };

export const verifySolution = (key: string, challenge: string, nonce: string, now: number): PowCheck => {
  const parts = challenge.split('.');
  if (parts.length !== 5 || parts[0] !== 'v1') return { ok: false, message: 'malformed challenge' };
  const [, expiresRaw = '', difficultyRaw = '', , mac = ''] = parts;
  const expected = Buffer.from(sign(key, parts.slice(0, 4).join('.')));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, message: 'challenge not issued by this platform' };
  const expiresAt = Number(expiresRaw);
  if (!Number.isFinite(expiresAt) || expiresAt < now)
    return { ok: false, message: 'challenge expired: fetch a new one' };
  const difficulty = Number(difficultyRaw);
  if (nonce.length === 0 || nonce.length > 64)
    return { ok: false, message: 'nonce must be 1 to 64 characters' };
  if (leadingZeroBits(powDigest(challenge, nonce)) < difficulty)
    return { ok: false, message: `hash has fewer than ${difficulty} leading zero bits` };
  return { ok: true, expiresAt };
};

/** What a client runs (and tests, the CLI and the bench): tries nonces 0, 1, 2 … */
export const solveChallenge = (challenge: string, difficulty: number, maxTries = 1 << 26): string => {
  for (let i = 0; i < maxTries; i++) {
    const nonce = i.toString(36);
    if (leadingZeroBits(powDigest(challenge, nonce)) >= difficulty) return nonce;
  }
  throw new Error(`no nonce found in ${maxTries} tries`);
};

/**
 * Solved challenges are remembered until they expire so one solution buys one report. This is the only
 * per-node state; across nodes a replay is bounded by the challenge's lifetime and the rate limits.
 */
export class SpentChallenges {
  private readonly spent = new Map<string, number>();
  /** Returns false when the challenge was already used. */
  spend(challenge: string, expiresAt: number, now: number): boolean {
    if (this.spent.size > 10_000) for (const [c, exp] of this.spent) if (exp < now) this.spent.delete(c);
    if (this.spent.has(challenge)) return false;
    this.spent.set(challenge, expiresAt);
    return true;
  }
}

/** A fixed-window counter per client, for reports sent without a proof of work. */
export class ClientWindow {
  private readonly counts = new Map<string, { start: number; n: number }>();
  constructor(private readonly perMinute: number) {}
  take(client: string, now: number): boolean {
    const w = this.counts.get(client);
    if (!w || now - w.start >= 60_000) {
      if (this.counts.size > 50_000) this.counts.clear();
      this.counts.set(client, { start: now, n: 1 });
      return true;
    }
    w.n += 1;
    return w.n <= this.perMinute;
  }
}
