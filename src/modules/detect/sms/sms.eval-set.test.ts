/**
 * The independent Chinese evaluation set (scripts/sms/zh-eval) stays out of training: nothing the
 * training pipeline imports reads it, none of its texts is in the training corpus, and it is what its
 * writer writes. It also holds what the evaluation needs: at least 2,000 legitimate messages of many
 * senders and fraud of every type of the taxonomy.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../../../corpus/sms-zh/generate.ts';
import { groupKeyOf } from '../../../../scripts/sms/folds.ts';
import { loadEvalSet } from '../../../../scripts/sms/zh-eval/measure.ts';
import { writeEvalSet } from '../../../../scripts/sms/zh-eval/write-set.ts';
import { FRAUD_TYPE_CODES } from '../../taxonomy/fraud-types.data.ts';

const root = new URL('../../../../', import.meta.url).pathname;
const EVAL_DIR = resolve(root, 'scripts/sms/zh-eval');
const rows = loadEvalSet();

/** Every local module that `entry` imports, directly or through others. */
const importGraph = (entry: string): Set<string> => {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g))
      visit(resolve(dirname(file), m[1] ?? ''));
  };
  visit(resolve(root, entry));
  return seen;
};

describe('the independent SMS evaluation set', () => {
  it('is never read by training: no module of train:sms imports or names it', () => {
    const graph = importGraph('scripts/sms/train.ts');
    // The graph is the real one: the corpus generator and the pipeline are in it.
    expect(graph).toContain(resolve(root, 'corpus/sms-zh/generate.ts'));
    expect(graph).toContain(resolve(root, 'scripts/sms/pipeline.ts'));
    for (const file of graph) {
      expect(file.startsWith(EVAL_DIR), file).toBe(false);
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/zh-eval|messages\.jsonl/);
    }
  });

  it('shares no text with the training corpus, not even up to numbers, links and punctuation', () => {
    const training = new Set(generateCorpus().map((r) => groupKeyOf(r.text)));
    const shared = rows.filter((r) => training.has(groupKeyOf(r.text))).map((r) => r.text);
    expect(shared).toEqual([]);
  });

  it('is what its writer writes (seeded), with unique ids and texts', () => {
    expect(writeEvalSet()).toEqual(rows);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.text)).size).toBe(rows.length);
  });

  it('holds at least 2,000 legitimate messages of many senders and every fraud type', () => {
    const legit = rows.filter((r) => r.label !== 'fraud');
    expect(legit.length).toBeGreaterThanOrEqual(2000);
    const kinds = new Set(legit.map((r) => r.kind));
    for (const k of ['operator', 'bank', 'ecommerce', 'delivery', 'ride', 'insurer', 'government', 'shop'])
      expect(kinds).toContain(k);
    for (const k of ['realestate', 'lottery', 'personal']) expect(kinds).toContain(k);
    const types = new Set(rows.flatMap((r) => (r.fraudType ? [r.fraudType] : [])));
    expect(types).toEqual(new Set(FRAUD_TYPE_CODES));
  });
});
