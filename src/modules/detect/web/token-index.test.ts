/**
 * The token index may only skip tokens that no check of the look-alike matcher could fire for:
 * every token that the label contains, equals (unhyphenated, joined with subdomains, a subdomain
 * part) or is within the matcher's edit distance of, must be a candidate. Otherwise indexing would
 * change verdicts, and a faster index must never do that.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, oneEditApart } from './lookalike-edits.ts';
import { buildTokenIndex, markCandidates } from './token-index.ts';

const word = (min: number, max: number) =>
  fc
    .array(fc.constantFrom(...'abcio01-'.split('')), { minLength: min, maxLength: max })
    .map((c) => c.join(''));

describe('markCandidates', () => {
  it('marks every token a matcher check could fire for', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(word(2, 10), { minLength: 1, maxLength: 40 }),
        word(1, 12),
        fc.array(word(1, 6), { maxLength: 3 }),
        (tokens, label, exact) => {
          const index = buildTokenIndex(tokens);
          markCandidates(index, { label, exact });
          tokens.forEach((t, i) => {
            const mustCheck =
              exact.includes(t) ||
              label.includes(t) ||
              oneEditApart(label, t) ||
              (label[0] === t[0] && label.at(-1) === t.at(-1) && editDistance(label, t, 2) === 2);
            if (mustCheck) expect(index.marks[i], `token ${t} for label ${label}`).toBe(1);
          });
          index.marks.fill(0);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
