/**
 * The fraud-number model (detector `calls.fraud-number`): gradient-boosted trees over the Sichuan
 * per-number features and the derived ratios (sichuan.features.ts), averaged with an additive logistic
 * model over the same features (quantile-logit.ts) when the file has one. The decision threshold is data
 * in the model file, chosen by cross-validation on the training set only.
 */
import { readFileSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DomainError } from '../../../shared/errors.ts';
import { loadBooster, SavedBoosterSchema } from './booster.ts';
import { loadQuantileLogit, QuantileLogitSchema } from './quantile-logit.ts';
import { MODEL_FEATURES, modelVector, type SichuanRow } from './sichuan.features.ts';

export const FraudModelFileSchema = Type.Object({
  id: Type.Literal('calls.fraud-number'),
  version: Type.String(),
  trainedOn: Type.String(),
  features: Type.Array(Type.String()),
  threshold: Type.Number({ minimum: 0, maximum: 1 }),
  options: Type.Record(Type.String(), Type.Number()),
  booster: SavedBoosterSchema,
  /** Score = boosterWeight × booster + (1 − boosterWeight) × linear; booster alone when absent. */
  ensemble: Type.Optional(
    Type.Object({
      boosterWeight: Type.Number({ minimum: 0, maximum: 1 }),
      linear: QuantileLogitSchema,
    }),
  ),
});
export type FraudModelFile = Static<typeof FraudModelFileSchema>;

export interface FraudScore {
  readonly phone: string;
  readonly verdict: 'fraud' | 'normal';
  readonly score: number;
}

export interface FraudModel {
  readonly id: string;
  readonly version: string;
  readonly threshold: number;
  score(items: ReadonlyArray<{ readonly phone: string; readonly row: SichuanRow }>): FraudScore[];
  free(): void;
}

export const DEFAULT_MODEL_PATH = new URL('../../../../models/calls/fraud-number.json', import.meta.url);

export const loadFraudModel = async (path: string | URL = DEFAULT_MODEL_PATH): Promise<FraudModel> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DomainError(
      'unavailable',
      `cannot read the model ${String(path)}: ${e instanceof Error ? e.message : String(e)}`,
      'model',
    );
  }
  if (!Value.Check(FraudModelFileSchema, parsed))
    throw new DomainError('invalid_value', `${String(path)} is not a fraud-number model file`, 'model');
  const file = parsed;
  if (file.features.join() !== MODEL_FEATURES.join())
    throw new DomainError(
      'invalid_value',
      'model features differ from this code (retrain: npm run train:calls)',
      'model',
    );
  const booster = await loadBooster(file.booster);
  const ensemble = file.ensemble;
  const linear = ensemble === undefined ? undefined : loadQuantileLogit(ensemble.linear);
  if (linear !== undefined && ensemble?.linear.grid.length !== MODEL_FEATURES.length)
    throw new DomainError('invalid_value', 'the linear model has another feature count', 'model');
  const w = ensemble?.boosterWeight ?? 1;
  return {
    id: file.id,
    version: file.version,
    threshold: file.threshold,
    score(items) {
      const vectors = items.map((it) => modelVector(it.row));
      const scores = booster.predict(vectors);
      const second = linear?.predict(vectors);
      return items.map((it, i) => {
        const s = w * (scores[i] ?? 0) + (1 - w) * (second?.[i] ?? 0);
        return {
          phone: it.phone,
          verdict: s >= file.threshold ? 'fraud' : 'normal',
          score: Math.round(s * 1e6) / 1e6,
        };
      });
    },
    free: () => booster.free(),
  };
};
