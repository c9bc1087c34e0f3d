/**
 * Checkpoints of the audit chain's head: the last entry's sequence number and hash, and when they were
 * read, sealed with an HMAC under a key kept outside the database (configuration). The chain alone
 * proves entries were not edited; a checkpoint kept elsewhere also proves none were removed from the end
 * and the chain was not rebuilt from an earlier point, since either changes the hash at the
 * checkpoint's sequence number (or removes that entry), and a forger without the key cannot seal a
 * new checkpoint to match.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface AuditCheckpoint {
  readonly seq: number;
  readonly hash: string;
  readonly at: number;
  /** HMAC-SHA256 of `seq`, `hash` and `at` under the audit key, hex. */
  readonly mac: string;
}

const macOf = (key: string, seq: number, hash: string, at: number): string =>
  createHmac('sha256', key).update(`fanzha-audit-checkpoint\n${seq}\n${hash}\n${at}`).digest('hex');

export const sealCheckpoint = (
  key: string,
  head: { seq: number; hash: string },
  at: number,
): AuditCheckpoint => ({
  seq: head.seq,
  hash: head.hash,
  at,
  mac: macOf(key, head.seq, head.hash, at),
});

/** Reads a checkpoint from its JSON text; a malformed file or a wrong seal is an error naming why. */
export const openCheckpoint = (key: string, text: string): AuditCheckpoint => {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error('checkpoint is not JSON');
  }
  const c = v as Partial<AuditCheckpoint>;
  if (
    typeof c.seq !== 'number' ||
    typeof c.hash !== 'string' ||
    typeof c.at !== 'number' ||
    typeof c.mac !== 'string'
  )
    throw new Error('checkpoint needs seq, hash, at and mac');
  const expected = Buffer.from(macOf(key, c.seq, c.hash, c.at), 'hex');
  const given = Buffer.from(c.mac, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new Error('checkpoint seal does not match (wrong key, or the file was altered)');
  return { seq: c.seq, hash: c.hash, at: c.at, mac: c.mac };
};
