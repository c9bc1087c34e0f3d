/**
 * `npm run train:transfers`: trains the mule model on both AMLSim graphs (cycle and fan-in rings)
 * and writes models/transfers/mule.json; the operating threshold maximises F1 on the training rows.
 * The cross-graph figures (train on one graph, measure on the other) are `npm run eval:transfers`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MULE_FEATURES } from '../../src/modules/transfers/mule.features.ts';
import {
  DEFAULT_MULE_MODEL,
  loadMuleModel,
  type MuleModelFile,
} from '../../src/modules/transfers/mule.model.ts';
import { GRAPHS, loadGraph } from './amlsim.ts';
import { bestThreshold, trainLogistic } from './logistic.ts';

export const modelFileOf = (x: number[][], y: number[], trainedOn: string): MuleModelFile => {
  const m = trainLogistic(x, y);
  const file: MuleModelFile = {
    id: 'transfers.mule',
    version: '1.0.0',
    trainedOn,
    features: [...MULE_FEATURES],
    ...m,
    threshold: 0.5,
  };
  return file;
};

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename);
if (isMain) {
  const graphs = GRAPHS.map((g) => loadGraph(g));
  const x = graphs.flatMap((g) => g.x);
  const y = graphs.flatMap((g) => g.y);
  const draft = modelFileOf(
    x,
    y,
    `amlsim ${GRAPHS.join(' + ')} (${y.length} accounts, ${y.filter((v) => v === 1).length} mules)`,
  );
  const { muleModelOf } = await import('../../src/modules/transfers/mule.model.ts');
  const scores = x.map((r) => muleModelOf(draft).probability(r));
  const file = { ...draft, threshold: bestThreshold(scores, y) };
  mkdirSync(resolve(DEFAULT_MULE_MODEL, '..'), { recursive: true });
  writeFileSync(DEFAULT_MULE_MODEL, JSON.stringify(file, null, 1) + '\n');
  loadMuleModel();
  console.log(`wrote ${DEFAULT_MULE_MODEL}: threshold ${file.threshold}, ${y.length} accounts`);
}
