import { randomBytes } from 'node:crypto';

/** Identifier generation is passed in so tests can make ids deterministic. */
export interface IdGenerator {
  /** A new identifier with a readable prefix, e.g. `org_…`, `case_…`. */
  next(prefix: string): string;
}

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Time-ordered ids: 10 chars of milliseconds then 12 random chars (Crockford base32, like ULID). */
export const randomIds: IdGenerator = {
  next(prefix: string): string {
    let time = Date.now();
    let head = '';
    for (let i = 0; i < 10; i++) {
      head = ALPHABET[time % 32] + head;
      time = Math.floor(time / 32);
    }
    const bytes = randomBytes(12);
    let tail = '';
    for (const b of bytes) tail += ALPHABET[b % 32];
    return `${prefix}_${head}${tail}`;
  },
};

export const sequentialIds = (): IdGenerator => {
  let n = 0;
  return { next: (prefix) => `${prefix}_${String(++n).padStart(8, '0')}` };
};
