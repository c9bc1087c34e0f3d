/**
 * `npm run eval:transfers`: the cross-graph figure. A model trained on one AMLSim graph (threshold
 * chosen on that graph) scores every account of the other graph; member precision, recall and F1 at
 * that operating point, both directions. Accounts with no transfers count as predicted normal.
 * Also scores both graphs with the committed model (trained on both: not a held-out figure), and
 * measures the graph-propagated classifiers of collective.ts the same way.
 */
import { loadMuleModel, muleModelOf } from '../../src/modules/transfers/mule.model.ts';
import { fraudTotal, GRAPHS, loadGraph, type Graph } from './amlsim.ts';
import { collective } from './collective.ts';
import { bestThreshold, countsAt } from './logistic.ts';
import { modelFileOf } from './train.ts';

const graphs = GRAPHS.map((g) => loadGraph(g));
const missed = (g: Graph): number => fraudTotal(g) - g.y.filter((v) => v === 1).length;
const fmt = (n: number): string => n.toFixed(3);
const pairs: Array<[Graph, Graph]> = [
  [graphs[0] as Graph, graphs[1] as Graph],
  [graphs[1] as Graph, graphs[0] as Graph],
];
console.log('train → test | threshold | precision | recall | F1 | tp fp fn');
for (const [train, test] of pairs) {
  const file = modelFileOf(train.x, train.y, train.name);
  const model = muleModelOf(file);
  const threshold = bestThreshold(
    train.x.map((r) => model.probability(r)),
    train.y,
  );
  const c = countsAt(
    test.x.map((r) => model.probability(r)),
    test.y,
    threshold,
    missed(test),
  );
  console.log(
    `${train.name} → ${test.name} | ${threshold} | ${fmt(c.precision)} | ${fmt(c.recall)} | ${fmt(c.f1)} | ${c.tp} ${c.fp} ${c.fn}`,
  );
}
const committed = loadMuleModel();
for (const g of graphs) {
  const c = countsAt(
    g.x.map((r) => committed.probability(r)),
    g.y,
    committed.threshold,
    missed(g),
  );
  console.log(
    `committed model (seen in training) on ${g.name}: precision ${fmt(c.precision)} recall ${fmt(c.recall)} F1 ${fmt(c.f1)}`,
  );
}

console.log(
  '\ncollective (graph-propagated) classifiers, train → test | method | threshold | precision | recall | F1 | best F1 at any threshold',
);
for (const [train, test] of pairs)
  for (const r of await collective(train, test))
    console.log(
      `${train.name} → ${test.name} | ${r.method} | ${r.threshold} | ${fmt(r.counts.precision)} | ${fmt(r.counts.recall)} | ${fmt(r.counts.f1)} | ${fmt(r.ceiling)}`,
    );
