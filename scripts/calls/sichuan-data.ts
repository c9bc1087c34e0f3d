/** Loads the Sichuan training features (../shared/datasets/sichuan-calls/train.csv) for train and eval. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  modelVector,
  parseFeatureHeader,
  parseFeatureRow,
  type SichuanRow,
} from '../../src/modules/detect/calls/sichuan.features.ts';
import type { BoosterOptions } from '../../src/modules/detect/calls/booster.ts';

export const DEFAULT_DATA = resolve(import.meta.dirname, '../../../shared/datasets/sichuan-calls/train.csv');

export interface Dataset {
  readonly phones: string[];
  readonly rows: SichuanRow[];
  readonly x: number[][];
  readonly y: number[];
}

export const loadSichuan = (path = process.env.SICHUAN_CSV ?? DEFAULT_DATA): Dataset => {
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const [header, ...rows] = lines;
  if (header === undefined) throw new Error(`${path} is empty`);
  const layout = parseFeatureHeader(header);
  const data: Dataset = { phones: [], rows: [], x: [], y: [] };
  for (const line of rows) {
    const { phone, row, label } = parseFeatureRow(layout, line);
    if (label === undefined) continue;
    data.phones.push(phone);
    data.rows.push(row);
    data.x.push(modelVector(row));
    data.y.push(label === 1 ? 1 : 0);
  }
  return data;
};

/** The booster settings; chosen by 5-fold CV with seed 7 in scripts/calls/eval.ts (see models/calls/README.md). */
export const BOOSTER_OPTIONS: BoosterOptions = {
  max_depth: 5,
  eta: 0.05,
  iterations: 400,
  subsample: 0.8,
  colsample_bytree: 0.7,
  min_child_weight: 1,
  seed: 7,
};

/** The items of `xs` at the given positions. */
export const pick = <T>(xs: readonly T[], idx: readonly number[]): T[] =>
  idx.flatMap((i) => {
    const v = xs[i];
    return v === undefined ? [] : [v];
  });
