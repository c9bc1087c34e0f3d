/**
 * Transfer figures: incremental scoring throughput (each transfer added to the engine and both its
 * accounts re-scored, one core) on the AMLSim cycle graph, and the same in batches as the stream's
 * ingest scores them (each touched account once per batch), beside the engine alone (no scoring) in the
 * same run; and the payee check's p99 with the mule standing consulted, beside the check without it.
 */
import { createEdgeService } from '../src/modules/edge/edge.service.ts';
import { LookupIndex } from '../src/modules/lookups/lookup-index.ts';
import { createLookupsService } from '../src/modules/lookups/lookups.service.ts';
import { MuleEngine } from '../src/modules/transfers/mule.engine.ts';
import { loadMuleModel } from '../src/modules/transfers/mule.model.ts';
import type { TransferRecord } from '../src/modules/transfers/transfers.types.ts';
import { readTransfers } from '../scripts/transfers/amlsim.ts';
import { percentile, type BenchSuite } from './harness.ts';

const load = (): TransferRecord[] => readTransfers('20K_cycle200');

const BATCH = 1_000;
const perSecond = (n: number, ms: number): number => (n * 1000) / ms;

export const suite: BenchSuite = {
  name: 'transfers (AMLSim 20K_cycle200, 117,805 transfers)',
  async run(record) {
    const records = load();
    const model = loadMuleModel();
    // One untimed pass so both loops below run compiled code.
    const warm = new MuleEngine();
    for (const r of records) {
      warm.add(r);
      model.score(warm, r.payee);
    }
    let t0 = performance.now();
    const alone = new MuleEngine();
    for (const r of records) alone.add(r);
    const engineOnly = perSecond(records.length, performance.now() - t0);
    t0 = performance.now();
    const engine = new MuleEngine();
    for (const r of records) {
      engine.add(r);
      model.score(engine, r.payer);
      model.score(engine, r.payee);
    }
    const everyTransfer = perSecond(records.length, performance.now() - t0);
    // As the stream runs: a batch (the HTTP API takes up to 10,000) is added, then every account it
    // touched is scored once.
    t0 = performance.now();
    const batched = new MuleEngine();
    const touched = new Set<string>();
    for (let at = 0; at < records.length; at += BATCH) {
      touched.clear();
      for (const r of records.slice(at, at + BATCH)) {
        batched.add(r);
        touched.add(r.payer);
        touched.add(r.payee);
      }
      for (const a of touched) model.score(batched, a);
    }
    const batchedRate = perSecond(records.length, performance.now() - t0);
    record({
      name: 'transfers added and both accounts re-scored, per second',
      value: everyTransfer,
      unit: 'transfers/s',
      baseline: { name: 'engine only, no scoring', value: engineOnly },
      goal: '>= 50000',
    });
    record({
      name: `transfers added in batches of ${BATCH.toLocaleString('en-US')}, each touched account scored once, per second`,
      value: batchedRate,
      unit: 'transfers/s',
      baseline: { name: 'engine only, no scoring', value: engineOnly },
      goal: '>= 50000',
    });

    const normalize = { pseudonymKey: 'bench-key-0123456789', defaultCountry: 'CN' };
    const lookups = createLookupsService({ index: new LookupIndex(), normalize });
    const standing = { score: 0.95, reasons: [{ pattern: 'chain', message: 'chain 1 → 2 → 3' }] };
    const accounts = [...engine.accountNames()].map((a) => `62220200000${a.padStart(5, '0')}`);
    const mules = new Set(accounts.filter((_, i) => i % 20 === 0));
    const withMules = createEdgeService({
      lookups,
      normalize,
      mules: (a) => (mules.has(a) ? standing : undefined),
    });
    const without = createEdgeService({ lookups, normalize });
    const p99 = (svc: typeof without): number => {
      const times: number[] = [];
      for (let k = 0; k < 50_000; k++) {
        const account = accounts[k % accounts.length] ?? '';
        const s = performance.now();
        svc.checkPayee({ payer: '6222020000000001', payee: { account }, amount: 500, channel: 'mobile_app' });
        times.push(performance.now() - s);
      }
      return percentile(
        times.sort((a, b) => a - b),
        99,
      );
    };
    p99(withMules);
    record({
      name: 'payee check p99, with the mule standing (in process)',
      value: p99(withMules),
      unit: 'ms',
      baseline: { name: 'payee check without it', value: p99(without) },
      goal: '<= 10',
    });
  },
};
