/**
 * The fraud-number model (detector `calls.fraud-number`): gradient-boosted trees over the Sichuan
 * per-number features and the derived ratios (sichuan.features.ts). The decision threshold is data in
 * the model file, chosen by cross-validation on the training set only.
 */
import { readFileSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { DomainError } from '../../../shared/errors.ts';
import { loadBooster, SavedBoosterSchema } from './booster.ts';
import { MODEL_FEATURES, modelVector, type SichuanRow } from './sichuan.features.ts';

export const FraudModelFileSchema = Type.Object({
  id: Type.Literal('calls.fraud-number'),
  version: Type.String(),
  trainedOn: Type.String(),
  features: Type.Array(Type.String()),
  threshold: Type.Number({ minimum: 0, maximum: 1 }),
  options: Type.Record(Type.String(), Type.Number()),
  booster: SavedBoosterSchema,
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
  return {
    id: file.id,
    version: file.version,
    threshold: file.threshold,
    score(items) {
      const scores = booster.predict(items.map((it) => modelVector(it.row)));
      return items.map((it, i) => {
        const s = scores[i] ?? 0;
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
