/**
 * SMS texts → the SMS engine's normalised text (evasion tricks undone) with its template key as an
 * attribute, so near-identical messages of one campaign share a template while the text stays the key.
 */
import { createHash } from 'node:crypto';
import { normalizeSmsText } from '../../../shared/text/text-normalize.ts';
import type { NormalizedValue, ValueProblem } from '../library.types.ts';
import { err, ok, type Result } from '../../../shared/result.ts';

/** Long enough for a concatenated SMS (up to ~10 parts) with room to spare. */
const MAX_LENGTH = 2000;
const problem = (message: string): ValueProblem => ({ type: 'sms', message });

export const normalizeSms = (raw: string): Result<NormalizedValue, ValueProblem> => {
  if (raw.length > MAX_LENGTH) return err(problem(`an SMS text is at most ${MAX_LENGTH} characters`));
  let { text, templateKey } = normalizeSmsText(raw);
  // The SMS engine's single pass is not always a fixed point (NFKC can produce a character that its
  // traditional/homoglyph folding would map again); the library key must be, so repeat until stable.
  for (let pass = 0; pass < 3 && text !== raw; pass++) {
    const again = normalizeSmsText(text);
    if (again.text === text) break;
    ({ text, templateKey } = again);
  }
  if (text === '') return err(problem('empty SMS text'));
  const templateHash = createHash('sha1').update(templateKey).digest('hex');
  const display = text.length > 120 ? `${text.slice(0, 119)}…` : text;
  return ok({ type: 'sms', normalized: text, display, attributes: { templateKey, templateHash } });
};
