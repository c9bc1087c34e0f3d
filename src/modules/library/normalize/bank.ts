/**
 * Bank and payment accounts → digits, prefixed by the institution when one is given and the number alone
 * does not identify it (`ICBC:6222…` stays `6222…` because the BIN names the bank; `BKCHHKHH:0123…` keeps
 * the BIC because an account number is only unique within its bank).
 *
 * Raw forms: `6222 0212 3456 7890 128`, `card:6222…` (a card: must pass Luhn), `ICBC:…`, `工商银行 …`,
 * a SWIFT/BIC (`BKCHHKHHXXX:…`, kept as its 8-character institution part) or a Taiwan bank code (`822-…`).
 */
import { isSupportedCountry } from 'libphonenumber-js/max';
import type { AttributeValue, NormalizedValue, ValueProblem } from '../library.types.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { foldWidth, luhnValid } from './chars.ts';
import { BANK_ALIASES, BINS, cardBrandOf } from './bank-bins.ts';

const BIC = /^([A-Z]{4}[A-Z]{2}[A-Z0-9]{2})([A-Z0-9]{3})?$/;
const CARD_WORDS: ReadonlySet<string> = new Set(['card', '卡号', '银行卡']);
const IGNORED_WORDS: ReadonlySet<string> = new Set(['bank', 'account', '账号', '账户', 'acct']);
const problem = (message: string): ValueProblem => ({ type: 'bank', message });

/** An institution token → its key form: bank code, BIC8 or `TW-ddd`; undefined if not recognised. */
const institutionOf = (token: string): string | undefined => {
  const alias = BANK_ALIASES.get(token.toLowerCase());
  if (alias) return alias;
  const upper = token.toUpperCase();
  const bic = BIC.exec(upper);
  if (bic?.[1] && isSupportedCountry(upper.slice(4, 6)))
    return BANK_ALIASES.get(bic[1].toLowerCase()) ?? bic[1];
  if (/^\(?\d{3}\)?$/.test(token)) return `TW-${token.replace(/[()]/g, '')}`;
  if (/^TW-\d{3}$/.test(upper)) return upper;
  return undefined;
};

export const normalizeBank = (raw: string): Result<NormalizedValue, ValueProblem> => {
  if (raw.length > 256) return err(problem('too long for an account number'));
  const text = foldWidth(raw.trim());
  const numberMatch = /(\d[\d\s-]*\d|\d)$/.exec(text);
  const number = numberMatch?.[1]?.replace(/[\s-]/g, '') ?? '';
  const prefix = numberMatch ? text.slice(0, numberMatch.index) : text;
  let isCard = false;
  let institution: string | undefined;
  for (const token of prefix.split(/[\s:|()\uff08\uff09\u3001]+/)) {
    const lower = token.toLowerCase();
    if (token === '' || IGNORED_WORDS.has(lower)) continue;
    if (CARD_WORDS.has(lower)) {
      isCard = true;
      continue;
    }
    const named = institution === undefined ? institutionOf(token) : undefined;
    if (named === undefined)
      return err(problem(`cannot read "${token.slice(0, 40)}" as a bank or card prefix`));
    institution = named;
  }
  if (number.length < 6 || number.length > 34) return err(problem('an account number has 6 to 34 digits'));
  const luhn = number.length >= 12 && luhnValid(number);
  if (isCard && (!luhn || number.length < 13 || number.length > 19)) {
    return err(problem('card number fails the Luhn check'));
  }
  const binInstitution = number.length >= 13 && number.length <= 19 ? BINS[number.slice(0, 6)] : undefined;
  const attributes: Record<string, AttributeValue> = { luhnValid: luhn };
  const brand = number.length >= 13 && number.length <= 19 && luhn ? cardBrandOf(number) : undefined;
  if (brand) attributes['cardBrand'] = brand;
  const finalInstitution = institution ?? binInstitution;
  if (finalInstitution) attributes['institution'] = finalInstitution;
  // The key carries the institution only when the number alone does not name it.
  const keyed = institution !== undefined && binInstitution === undefined;
  const normalized = keyed ? `${institution}:${number}` : number;
  return ok({ type: 'bank', normalized, display: normalized, attributes });
};
