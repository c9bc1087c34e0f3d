/**
 * Gradient-boosted trees through ml-xgboost (XGBoost compiled to WebAssembly). The package is
 * CommonJS without types, so it is loaded once through createRequire and checked against the narrow
 * shape this module uses; saved models are parsed, never cast.
 */
import { createRequire } from 'node:module';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DomainError } from '../../../shared/errors.ts';

export interface BoosterOptions {
  readonly max_depth: number;
  readonly eta: number;
  readonly iterations: number;
  readonly subsample: number;
  readonly colsample_bytree: number;
  readonly min_child_weight: number;
  readonly seed: number;
  readonly scale_pos_weight?: number;
  readonly gamma?: number;
  readonly lambda?: number;
}

export const SavedBoosterSchema = Type.Object({
  name: Type.Literal('ml-xgboost'),
  model: Type.Array(Type.Integer({ minimum: -128, maximum: 255 })),
  options: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
});
export type SavedBooster = Static<typeof SavedBoosterSchema>;

export interface Booster {
  /** Probabilities of the positive class, one per row. */
  predict(rows: readonly (readonly number[])[]): number[];
  toJSON(): SavedBooster;
  free(): void;
}

interface XgbInstance {
  train(x: number[][], y: number[]): void;
  predict(x: number[][]): unknown[];
  toJSON(): unknown;
  free(): void;
}
interface XgbClass {
  new (options: Record<string, string | number>): XgbInstance;
  load(model: SavedBooster): XgbInstance;
}

const isXgbClass = (v: unknown): v is XgbClass =>
  typeof v === 'function' && typeof (v as { load?: unknown }).load === 'function';

let loading: Promise<XgbClass> | undefined;

const loadXgb = (): Promise<XgbClass> => {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    // Emscripten tries WebAssembly.instantiateStreaming(fetch(path)) first, which cannot fetch a file
    // path in Node and prints a warning before falling back; hide it while the module initialises.
    const streaming = WebAssembly.instantiateStreaming;
    Reflect.deleteProperty(WebAssembly, 'instantiateStreaming');
    try {
      const loaded: unknown = await (require('ml-xgboost') as Promise<unknown>);
      if (!isXgbClass(loaded)) throw new DomainError('unavailable', 'ml-xgboost did not load as expected');
      return loaded;
    } finally {
      Object.defineProperty(WebAssembly, 'instantiateStreaming', {
        value: streaming,
        configurable: true,
        writable: true,
      });
    }
  })();
  return loading;
};

/**
 * This build of XGBoost creates its matrices with a fixed non-NaN missing value and aborts on NaN, so
 * missing features are encoded as a sentinel far below every real feature value (all are >= 0): the
 * trees learn a split that sends them one way, which is what the missing-value branch would do.
 */
export const MISSING = -999;
const dense = (rows: readonly (readonly number[])[]): number[][] =>
  rows.map((r) => r.map((v) => (Number.isFinite(v) ? v : MISSING)));

const wrap = (m: XgbInstance): Booster => ({
  predict(rows) {
    if (rows.length === 0) return [];
    return m.predict(dense(rows)).map((p) => (typeof p === 'number' ? p : NaN));
  },
  toJSON() {
    const saved: unknown = m.toJSON();
    if (!Value.Check(SavedBoosterSchema, saved))
      throw new DomainError('unavailable', 'ml-xgboost saved an unexpected model');
    return saved;
  },
  free: () => m.free(),
});

export const trainBooster = async (
  x: readonly (readonly number[])[],
  y: readonly number[],
  options: BoosterOptions,
): Promise<Booster> => {
  const Xgb = await loadXgb();
  const m = new Xgb({ booster: 'gbtree', objective: 'binary:logistic', silent: 1, nthread: 1, ...options });
  m.train(dense(x), [...y]);
  return wrap(m);
};

export const loadBooster = async (saved: unknown): Promise<Booster> => {
  if (!Value.Check(SavedBoosterSchema, saved))
    throw new DomainError('invalid_value', 'not an ml-xgboost model', 'model');
  const Xgb = await loadXgb();
  return wrap(Xgb.load(saved));
};
