/**
 * `npm run train:calls`: trains the fraud-number model on the whole Sichuan training set and writes
 * models/calls/fraud-number.json: the booster and the additive logistic model (quantile-logit.ts),
 * averaged with BOOSTER_WEIGHT. The threshold is the one that maximises macro-F1 on out-of-fold scores
 * of a 5-fold CV of the same data (seeded), never on data the evaluation holds out. Checks that the
 * saved model, loaded back, predicts exactly what the trained one did.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { trainBooster } from '../../src/modules/detect/calls/booster.ts';
import { loadFraudModel, type FraudModelFile } from '../../src/modules/detect/calls/fraud-model.ts';
import { bestThreshold, stratifiedFolds } from '../../src/modules/detect/calls/metrics.ts';
import { mulberry32 } from '../../src/modules/detect/calls/prng.ts';
import { trainQuantileLogit } from '../../src/modules/detect/calls/quantile-logit.ts';
import { MODEL_FEATURES } from '../../src/modules/detect/calls/sichuan.features.ts';
import { BOOSTER_OPTIONS, BOOSTER_WEIGHT, LINEAR_L2, loadSichuan, pick } from './sichuan-data.ts';

const OUT = resolve(import.meta.dirname, '../../models/calls/fraud-number.json');

const data = loadSichuan();
const blend = (b: readonly number[], l: readonly number[]): number[] =>
  b.map((s, n) => BOOSTER_WEIGHT * s + (1 - BOOSTER_WEIGHT) * (l[n] ?? 0));

const folds = stratifiedFolds(data.y, 5, mulberry32(2021).next);
const oof = new Array<number>(data.y.length).fill(0);
for (let f = 0; f < 5; f++) {
  const tr = folds.flatMap((g, i) => (g !== f ? [i] : []));
  const te = folds.flatMap((g, i) => (g === f ? [i] : []));
  const xTr = pick(data.x, tr);
  const yTr = pick(data.y, tr);
  const xTe = pick(data.x, te);
  const m = await trainBooster(xTr, yTr, BOOSTER_OPTIONS);
  const scores = blend(m.predict(xTe), trainQuantileLogit(xTr, yTr, LINEAR_L2).predict(xTe));
  scores.forEach((s, n) => (oof[te[n] ?? 0] = s));
  m.free();
}
const threshold = bestThreshold(oof, data.y);
const booster = await trainBooster(data.x, data.y, BOOSTER_OPTIONS);
const linear = trainQuantileLogit(data.x, data.y, LINEAR_L2);
const file: FraudModelFile = {
  id: 'calls.fraud-number',
  version: '1.1.0',
  trainedOn: `sichuan-calls/train.csv (${data.y.length} numbers, ${data.y.filter((v) => v === 1).length} fraud)`,
  features: [...MODEL_FEATURES],
  threshold,
  options: { ...BOOSTER_OPTIONS },
  booster: booster.toJSON(),
  ensemble: { boosterWeight: BOOSTER_WEIGHT, linear: linear.toJSON() },
};
mkdirSync(resolve(OUT, '..'), { recursive: true });
writeFileSync(OUT, JSON.stringify(file) + '\n');

// The round trip: the committed file must give the same scores as the models that were trained.
const sample = data.x.slice(0, 200);
const direct = blend(booster.predict(sample), linear.predict(sample));
const loaded = await loadFraudModel(OUT);
const again = loaded.score(data.rows.slice(0, 200).map((row, i) => ({ phone: data.phones[i] ?? '', row })));
const worst = Math.max(...again.map((s, i) => Math.abs(s.score - (direct[i] ?? 0))));
if (worst > 1e-5) throw new Error(`loaded model predicts differently (max difference ${worst})`);
console.log(
  `wrote ${OUT}: threshold ${threshold} (out-of-fold macro-F1 optimum), round-trip max difference ${worst.toExponential(1)}`,
);
