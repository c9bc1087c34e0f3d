/**
 * Cross-validation folds for the SMS evaluation. The sets hold the same message many times over, with
 * other numbers, spacing or punctuation ("PRIVATE! Your 2003 Account Statement for 07753741225 …" five
 * times, once per number). Folds by row id put copies on both sides of a split and measure memory, not
 * generalisation: 96 of the 2,886 smishing rows had a copy in their fold's training data. So a fold is
 * chosen per group, the message's normalised template key (what template mining uses: tricks undone,
 * links and numbers as slots, case folded) with punctuation dropped, and a fold's training data leaves
 * out every message of every source whose group is under test.
 */
import { normalizeSms } from '../../src/shared/text/text-normalize.ts';

export const groupKeyOf = (text: string): string =>
  normalizeSms(text)
    .templateKey.replace(/[^\p{L}\p{N}<>]+/gu, ' ')
    .trim();

/** FNV-1a of the key, seeded, modulo the number of folds. */
export const foldOfKey = (key: string, folds: number, seed = 0): number => {
  let h = (2166136261 ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0) % folds;
};
