/**
 * `npm run train:url`: trains the URL model on the training part of the shared URL and domain data
 * and the brand lists (seeded, so the same data gives the same weights), calibrates it on 3-fold
 * out-of-fold margins, writes models/url/model.json and prints the out-of-fold figures at the
 * detector's suspicious threshold. The held-out rows, held-out brand lists and famous sites that
 * `npm run eval:web` reports on are not trained on.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BRANDS } from '../../src/modules/brands/brands.data.ts';
import { DEFAULT_URL_THRESHOLDS } from '../../src/modules/detect/web/url-check.ts';
import { DEFAULT_URL_MODEL_PATH } from '../../src/modules/detect/web/url-model.ts';
import {
  DEFAULT_TRAIN_OPTIONS,
  binaryScores,
  featurize,
  trainCalibratedUrlModel,
} from '../../src/modules/detect/web/url-train.ts';
import { buildPrior } from '../../src/modules/detect/web/web.service.ts';
import { WELL_KNOWN_SITES } from '../../src/modules/detect/web/well-known-sites.data.ts';
import { loadTrainingRows } from './url-data.ts';

const options = process.env.URL_TRAIN_OPTIONS
  ? { ...DEFAULT_TRAIN_OPTIONS, ...(JSON.parse(process.env.URL_TRAIN_OPTIONS) as object) }
  : DEFAULT_TRAIN_OPTIONS;
const rows = loadTrainingRows(buildPrior(DEFAULT_BRANDS, WELL_KNOWN_SITES));
const { model, outOfFold } = trainCalibratedUrlModel(rows, featurize(rows), options);
const out = fileURLToPath(DEFAULT_URL_MODEL_PATH);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(model) + '\n');
console.log(`url model: ${rows.length} rows → ${out}`);
for (const source of ['hannousse', 'domains']) {
  const idx = rows.map((r, i) => (r.source === source ? i : -1)).filter((i) => i >= 0);
  const s = binaryScores(
    idx.map((i) => rows[i]?.malicious ?? false),
    idx.map((i) => (outOfFold[i] ?? 0) >= DEFAULT_URL_THRESHOLDS.suspicious),
  );
  console.log(
    `  3-fold out-of-fold, ${source}: F1 ${s.f1.toFixed(3)}  recall ${s.recall.toFixed(3)}  benign flagged ${(s.fp / Math.max(1, s.fp + s.tn)).toFixed(3)}`,
  );
}
