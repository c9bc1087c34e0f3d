/**
 * Receipt codes: 60 random bits in Crockford base32 as `XXXX-XXXX-XXXX`. Short enough to read over the
 * phone, too many to guess under the rate limits; look-alike letters (I, L, O, U) are folded on input.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const newReceipt = (): string => {
  const bytes = randomBytes(12);
  let s = '';
  for (const b of bytes) s += ALPHABET[b & 31];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
};

/** The canonical form of what a person typed, or undefined when it cannot be a receipt. */
export const parseReceipt = (raw: string): string | undefined => {
  const s = raw
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0')
    .replace(/U/g, 'V');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(s)) return undefined;
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
};
