/**
 * Legal subjects (a person by resident ID, a company by unified social credit code) are stored only as a
 * keyed pseudonym: HMAC-SHA256(pseudonymKey, canonical id), 32 hex. Lists can then be matched between
 * organisations that share the key, and the clear identifier never reaches the database or a log.
 */
import { createHmac } from 'node:crypto';
import type { NormalizedValue, ValueProblem } from '../library.types.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { foldWidth } from './chars.ts';

const problem = (message: string): ValueProblem => ({ type: 'subject', message });

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 resident ID: 17 digits and an ISO 7064 MOD 11-2 check character, with a real birth date. */
export const residentIdValid = (id: string): boolean => {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * (ID_WEIGHTS[i] ?? 0);
  if (ID_CHECK[sum % 11] !== id[17]) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100 unified social credit code: 18 characters of a 31-letter alphabet, mod-31 check character. */
export const creditCodeValid = (code: string): boolean => {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(code[i] ?? '') * (USCC_WEIGHTS[i] ?? 0);
  return USCC_CHARS[(31 - (sum % 31)) % 31] === code[17];
};

const PSEUDONYM = /^(person|company):([0-9a-f]{32})$/;

const pseudonymOf = (kind: 'person' | 'company', canonical: string, key: string): NormalizedValue => {
  const hex = createHmac('sha256', key).update(`${kind}:${canonical}`).digest('hex').slice(0, 32);
  return {
    type: 'subject',
    normalized: `${kind}:${hex}`,
    display: `${kind}:${hex.slice(0, 8)}…`,
    attributes: { kind },
  };
};

export const normalizeSubject = (
  raw: string,
  pseudonymKey: string,
): Result<NormalizedValue, ValueProblem> => {
  if (pseudonymKey === '') return err(problem('no pseudonym key is configured'));
  if (raw.length > 128) return err(problem('too long for an identity number'));
  const text = foldWidth(raw.trim());
  // Already a pseudonym (re-normalising a stored key, or a partner's list under the same key).
  const existing = PSEUDONYM.exec(text);
  if (existing) {
    const kind = existing[1] === 'company' ? 'company' : 'person';
    return ok({
      type: 'subject',
      normalized: text,
      display: `${kind}:${text.slice(kind.length + 1, kind.length + 9)}…`,
      attributes: { kind },
    });
  }
  const id = text
    .replace(/^(?:person|company|身份证号?|统一社会信用代码)\s*[:：]?\s*/i, '')
    .replace(/[\s-]/g, '')
    .toUpperCase();
  if (residentIdValid(id)) return ok(pseudonymOf('person', id, pseudonymKey));
  if (creditCodeValid(id)) return ok(pseudonymOf('company', id, pseudonymKey));
  // The message must not echo the input: it may be a real identity number with one typo.
  return err(
    problem('not a valid resident ID (18 characters with check character) or unified social credit code'),
  );
};
