/**
 * `npm run train:url`: trains the URL model on all the shared URL and domain data (seeded, so the
 * same data gives the same weights) and writes models/url/model.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_URL_MODEL_PATH } from '../../src/modules/detect/web/url-model.ts';
import { DEFAULT_TRAIN_OPTIONS, featurize, trainUrlModel } from '../../src/modules/detect/web/url-train.ts';
import { loadAllUrlRows } from './url-data.ts';

const rows = loadAllUrlRows();
const model = trainUrlModel(rows, featurize(rows), DEFAULT_TRAIN_OPTIONS);
const out = fileURLToPath(DEFAULT_URL_MODEL_PATH);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(model) + '\n');
console.log(`url model: ${rows.length} rows → ${out}`);
