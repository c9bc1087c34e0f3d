/**
 * `npm run train:sms`: trains the SMS models on all the labelled data (sms-uci, sms-smishing with
 * realigned labels, the whole Chinese corpus) and writes models/sms/model.json. Deterministic: the
 * corpus generator and SGD are seeded, so the same inputs give the same file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseSmsDetectorConfig } from '../../src/modules/detect/sms/sms.detector.ts';
import { serializeLinearModel, type SerializedSmsModel } from '../../src/modules/detect/sms/sms.model.ts';
import { loadChinese, loadSmishing, loadUci } from './data.ts';
import { featurizeAll, trainSmsModel, withSmishingLabels } from './pipeline.ts';

const configUrl = new URL('../../models/sms/config.json', import.meta.url);
const config = parseSmsDetectorConfig(JSON.parse(readFileSync(configUrl, 'utf8')));
const uci = featurizeAll(loadUci(), config);
const smishing = featurizeAll(loadSmishing(), config);
const chinese = featurizeAll(loadChinese(), config);
const data = withSmishingLabels([...uci, ...smishing, ...chinese], smishing);
const model = trainSmsModel(data, config.version);

const count = (label: string): number => data.filter((f) => f.row.label === label).length;
const serialized: SerializedSmsModel = {
  version: config.version,
  trainedOn: {
    uci: uci.length,
    smishing: smishing.length,
    chinese: chinese.length,
    normal: count('normal'),
    spam: count('spam'),
    fraud: count('fraud'),
  },
  verdict: serializeLinearModel(model.verdict),
  fraudType: serializeLinearModel(model.fraudType),
};
const out = new URL('../../models/sms/model.json', import.meta.url);
writeFileSync(out, JSON.stringify(serialized) + '\n');
console.log(`wrote ${out.pathname} (${config.version}, ${data.length} messages)`);
