/**
 * The labelled SMS the models learn from: the English UCI and smishing sets from ../shared/datasets
 * and fanzha's own Chinese corpus (corpus/sms-zh, regenerated deterministically).
 *
 * The smishing set as shipped has its labels shifted by one row: the label stored on `ms-N` belongs
 * to the text of `ms-(N+1)` (checked against the UCI labels of the texts both sets share: 2,410 of
 * 2,410 agree after the shift, 2,809 of 3,456 before). We realign, and drop rows whose true label
 * is unknown because the preceding row is in the held-out part.
 */
import { readFileSync } from 'node:fs';
import { generateCorpus } from '../../corpus/sms-zh/generate.ts';
import { englishFraudType } from './english-fraud-types.ts';

export type Label = 'normal' | 'spam' | 'fraud';
export interface LabelledSms {
  readonly id: string;
  readonly text: string;
  readonly label: Label;
  readonly fraudType: string | undefined;
  readonly source: 'uci' | 'smishing' | 'zh';
  /** For the Chinese corpus: the script that produced it and whether it is held out. */
  readonly template?: string;
  readonly split?: 'train' | 'test';
}

export const DATASETS =
  process.env.FANZHA_DATASETS ?? new URL('../../../shared/datasets', import.meta.url).pathname;

interface RawRow {
  id: string;
  text: string;
  label: string;
}
const isRawRow = (v: unknown): v is RawRow =>
  typeof v === 'object' &&
  v !== null &&
  'id' in v &&
  'text' in v &&
  'label' in v &&
  typeof v.id === 'string' &&
  typeof v.text === 'string' &&
  typeof v.label === 'string';

const readRows = (path: string): RawRow[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l): unknown => JSON.parse(l))
    .filter(isRawRow);

export const loadUci = (): LabelledSms[] =>
  readRows(`${DATASETS}/sms-uci/train.jsonl`).map((r) => ({
    id: r.id,
    text: r.text,
    label: r.label === 'spam' ? 'spam' : 'normal',
    fraudType: undefined,
    source: 'uci',
  }));

const smishingLabel = (raw: string): Label | undefined =>
  raw === 'smishing' ? 'fraud' : raw === 'spam' ? 'spam' : raw === 'ham' ? 'normal' : undefined;

/** The smishing set with labels realigned (see the note at the top); `shifted: false` keeps them as shipped. */
export const loadSmishing = (shifted = true): LabelledSms[] => {
  const rows = readRows(`${DATASETS}/sms-smishing/train.jsonl`);
  const byNumber = new Map(rows.map((r) => [Number(r.id.replace(/^ms-/, '')), r]));
  const out: LabelledSms[] = [];
  for (const r of rows) {
    const n = Number(r.id.replace(/^ms-/, ''));
    const labelRow = shifted ? byNumber.get(n - 1) : r;
    const label = labelRow ? smishingLabel(labelRow.label) : undefined;
    if (!label) continue;
    out.push({
      id: r.id,
      text: r.text,
      label,
      fraudType: label === 'fraud' ? englishFraudType(r.text) : undefined,
      source: 'smishing',
    });
  }
  return out;
};

export const loadChinese = (): LabelledSms[] =>
  generateCorpus().map((r) => ({
    id: r.id,
    text: r.text,
    label: r.label,
    fraudType: r.fraudType,
    source: 'zh',
    template: r.template,
    split: r.split,
  }));
