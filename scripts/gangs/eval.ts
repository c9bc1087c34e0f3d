/**
 * `npm run eval:gangs`: plants gangs in the call-record generator's population (gangs.plant.ts),
 * builds the one graph from calls, devices, cells, SMS templates and transfers, finds communities
 * and scores them against the ground truth: pair F1 over planted values and merged gangs. Then the
 * same after feeding the last tenth of the edges one by one through the incremental update.
 */
import {
  edgesFromCallRecords,
  edgesFromSms,
  edgesFromTransfers,
} from '../../src/modules/gangs/gang.edges.ts';
import { GangGraph } from '../../src/modules/gangs/gang.graph.ts';
import { pairScore } from '../../src/modules/gangs/gangs.metrics.ts';
import { plantGangs } from '../../src/modules/gangs/gangs.plant.ts';

const runs = [
  { seed: 1, subscribers: 3000, days: 7, gangs: 20 },
  { seed: 2, subscribers: 5000, days: 7, gangs: 40 },
];
const fmt = (n: number): string => n.toFixed(3);
console.log(
  'seed | subscribers | gangs | values | edges | pair precision | recall | F1 | merges | F1 after incremental | merges',
);
for (const o of runs) {
  const planted = plantGangs(o);
  const edges = [
    ...edgesFromCallRecords(planted.records, null),
    ...edgesFromSms(planted.sms, null),
    ...edgesFromTransfers(planted.transfers, null),
  ];
  const g = new GangGraph();
  for (const e of edges) g.addEdge(e.a, e.b, e.weight, e.evidence);
  g.detect();
  const of = (k: string): number | undefined => {
    const i = g.index.get(k);
    return i === undefined ? undefined : g.community[i];
  };
  const s = pairScore(planted.gangs, of);
  // Incremental: detect on nine tenths, then add the rest edge by edge.
  const cut = Math.floor(edges.length * 0.9);
  const h = new GangGraph();
  for (const e of edges.slice(0, cut)) h.addEdge(e.a, e.b, e.weight, e.evidence);
  h.detect();
  for (const e of edges.slice(cut)) h.addEdge(e.a, e.b, e.weight, e.evidence, true);
  const inc = pairScore(planted.gangs, (k) => {
    const i = h.index.get(k);
    return i === undefined ? undefined : h.community[i];
  });
  console.log(
    `${o.seed} | ${o.subscribers} | ${o.gangs} | ${g.keys.length} | ${g.edges} | ${fmt(s.precision)} | ${fmt(s.recall)} | ${fmt(s.f1)} | ${s.merges} | ${fmt(inc.f1)} | ${inc.merges}`,
  );
}
