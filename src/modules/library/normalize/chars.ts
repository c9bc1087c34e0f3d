/** Character helpers shared by the normalisers: people paste numbers with full-width digits and odd spaces. */

/** Full-width ASCII (U+FF01–FF5E) and the ideographic space to their ASCII forms; nothing else changes. */
export const foldWidth = (raw: string): string => {
  let needs = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 0xff01 && c <= 0xff5e) || c === 0x3000) {
      needs = true;
      break;
    }
  }
  if (!needs) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += raw[i];
  }
  return out;
};

/** Luhn (mod 10) over a string of ASCII digits; false for anything else. */
export const luhnValid = (digits: string): boolean => {
  if (!/^\d{2,}$/.test(digits)) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48;
};

/** The Luhn check digit to append to `payload` (ASCII digits). */
export const luhnCheckDigit = (payload: string): number => {
  let sum = 0;
  let double = true;
  for (let i = payload.length - 1; i >= 0; i--) {
    let d = payload.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return (10 - (sum % 10)) % 10;
};

/** Keeps only ASCII digits after folding width; returns undefined if anything but digits and separators. */
export const digitsOnly = (raw: string, separators: RegExp = /[\s\-./()]/g): string | undefined => {
  const stripped = foldWidth(raw).replace(separators, '');
  return /^\d+$/.test(stripped) ? stripped : undefined;
};
