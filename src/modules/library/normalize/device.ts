/** Devices by IMEI: 15 digits whose last is a Luhn check digit; 14 digits get it computed, IMEISV is cut. */
import type { NormalizedValue, ValueProblem } from '../library.types.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { digitsOnly, luhnCheckDigit } from './chars.ts';

const problem = (message: string): ValueProblem => ({ type: 'device', message });

export const normalizeDevice = (raw: string): Result<NormalizedValue, ValueProblem> => {
  if (raw.length > 64) return err(problem('too long for an IMEI'));
  const digits = digitsOnly(raw.trim().replace(/^imei(?:sv)?\s*[:：]?\s*/i, ''), /[\s\-/.]/g);
  if (digits === undefined) return err(problem('an IMEI has digits only'));
  let imei: string;
  if (digits.length === 15) {
    if (luhnCheckDigit(digits.slice(0, 14)) !== Number(digits[14]))
      return err(problem('IMEI check digit is wrong'));
    imei = digits;
  } else if (digits.length === 14 || digits.length === 16) {
    // 16 digits is an IMEISV: 14 digits of IMEI and a 2-digit software version instead of the check digit.
    const body = digits.slice(0, 14);
    imei = `${body}${luhnCheckDigit(body)}`;
  } else {
    return err(problem('an IMEI has 14, 15 or 16 (IMEISV) digits'));
  }
  if (/^0+$/.test(imei.slice(0, 14))) return err(problem('an all-zero IMEI identifies no device'));
  return ok({ type: 'device', normalized: imei, display: imei, attributes: { tac: imei.slice(0, 8) } });
};
