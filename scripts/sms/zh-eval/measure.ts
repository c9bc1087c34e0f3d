/**
 * Figures of the shipped SMS classifier on the independent Chinese evaluation set
 * (scripts/sms/zh-eval/messages.jsonl, never read by training): fraud recall overall and per fraud
 * type, the share of legitimate messages called fraud, the share of ordinary (normal) messages called
 * fraud, and advertising (`spam`) F1 over the legitimate messages; and the same across fraud
 * thresholds, from which the operating point is chosen (at most 1 % of legitimate messages called
 * fraud). Used by `npm run eval:sms`.
 */
import { readFileSync } from 'node:fs';
import {
  createSmsClassifier,
  type SmsClassifier,
  type SmsDetectorConfig,
} from '../../../src/modules/detect/sms/sms.detector.ts';
import type { SmsModel } from '../../../src/modules/detect/sms/sms.model.ts';
import type { EvalRow } from './write-set.ts';

export const EVAL_SET_PATH = new URL('./messages.jsonl', import.meta.url).pathname;

const LABELS = new Set(['normal', 'spam', 'fraud']);
const isEvalRow = (v: unknown): v is EvalRow =>
  typeof v === 'object' &&
  v !== null &&
  'text' in v &&
  typeof v.text === 'string' &&
  'label' in v &&
  typeof v.label === 'string' &&
  LABELS.has(v.label) &&
  'kind' in v &&
  typeof v.kind === 'string';

export const loadEvalSet = (path = EVAL_SET_PATH): EvalRow[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l): unknown => JSON.parse(l))
    .filter(isEvalRow);

export interface EvalFigures {
  readonly fraudThreshold: number;
  readonly fraudRecall: number;
  readonly fraudCount: number;
  readonly perType: ReadonlyArray<{ readonly type: string; readonly recall: number; readonly count: number }>;
  /** Legitimate (normal or spam) messages called fraud, as a share. */
  readonly legitCalledFraud: number;
  readonly legitCount: number;
  /** Ordinary (normal-labelled) messages called fraud, as a share. */
  readonly normalCalledFraud: number;
  /** Advertising found among the legitimate messages: F1 of the spam verdict against the spam label. */
  readonly spamF1: number;
  /** Legitimate messages by kind called fraud, for the report. */
  readonly legitFraudByKind: ReadonlyMap<string, number>;
}

export const measure = (
  classifier: SmsClassifier,
  rows: readonly EvalRow[],
  fraudThreshold: number,
): EvalFigures => {
  let fraud = 0;
  let caught = 0;
  let legit = 0;
  let legitFraud = 0;
  let normal = 0;
  let normalFraud = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const types = new Map<string, [number, number]>();
  const byKind = new Map<string, number>();
  for (const r of rows) {
    const verdict = classifier.classify({ text: r.text }).verdict;
    if (r.label === 'fraud') {
      fraud++;
      const [c, n] = types.get(r.fraudType ?? r.kind) ?? [0, 0];
      types.set(r.fraudType ?? r.kind, [c + (verdict === 'fraud' ? 1 : 0), n + 1]);
      if (verdict === 'fraud') caught++;
      continue;
    }
    legit++;
    if (verdict === 'fraud') {
      legitFraud++;
      byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
    }
    if (r.label === 'normal') {
      normal++;
      if (verdict === 'fraud') normalFraud++;
    }
    if (verdict === 'spam' && r.label === 'spam') tp++;
    else if (verdict === 'spam') fp++;
    else if (r.label === 'spam') fn++;
  }
  return {
    fraudThreshold,
    fraudRecall: caught / Math.max(1, fraud),
    fraudCount: fraud,
    perType: [...types.entries()]
      .map(([type, [c, n]]) => ({ type, recall: c / n, count: n }))
      .sort((a, b) => a.type.localeCompare(b.type)),
    legitCalledFraud: legitFraud / Math.max(1, legit),
    legitCount: legit,
    normalCalledFraud: normalFraud / Math.max(1, normal),
    spamF1: (2 * tp) / Math.max(1, 2 * tp + fp + fn),
    legitFraudByKind: byKind,
  };
};

/** The figures at each fraud threshold, the configured one included. */
export const sweep = (
  model: SmsModel,
  config: SmsDetectorConfig,
  rows: readonly EvalRow[],
  thresholds: readonly number[],
): EvalFigures[] =>
  [...new Set([...thresholds, config.thresholds.fraud])]
    .sort((a, b) => a - b)
    .map((t) =>
      measure(
        createSmsClassifier(model, { ...config, thresholds: { ...config.thresholds, fraud: t } }),
        rows,
        t,
      ),
    );
