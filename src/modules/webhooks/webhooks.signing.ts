/**
 * Webhook signatures: `x-fanzha-signature: t=<epoch ms>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 * The timestamp inside the MAC lets receivers refuse replays older than their tolerance.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-fanzha-signature';

export const signPayload = (secret: string, body: string, at: number): string =>
  `t=${at},v1=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}`;

export const verifySignature = (
  secret: string,
  body: string,
  header: string,
  now: number,
  toleranceMs = 5 * 60_000,
): boolean => {
  const parts = new Map(
    header.split(',').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as const),
  );
  const at = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isFinite(at) || Math.abs(now - at) > toleranceMs) return false;
  const expected = createHmac('sha256', secret).update(`${at}.${body}`).digest('hex');
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
};

/** Exponential back-off with a cap: 30 s, 1 min, 2 min … 6 h. */
export const RETRY = { baseMs: 30_000, capMs: 6 * 3600_000, maxAttempts: 12 } as const;
export const nextDelay = (attempts: number): number =>
  Math.min(RETRY.capMs, RETRY.baseMs * 2 ** Math.max(0, attempts - 1));
