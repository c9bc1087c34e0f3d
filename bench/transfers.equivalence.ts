/**
 * Output equivalence of the mule engine against the map-based engine it replaced (read out of git,
 * see transfers.baseline.ts), on both AMLSim graphs: after every transfer the payer's and payee's
 * feature vectors and verdicts (with a listed lookup, so the listed-link path and its order count
 * too), and at the end every account's explained verdict. Run with a long window in file order, a
 * 30-day window, and a 7-day window with the records locally shuffled (late records, some older than
 * the window) and every 50th sent twice. Exit 1 on any difference.
 *
 *   npx tsx bench/transfers.equivalence.ts
 */
import { DEFAULT_ENGINE_OPTIONS, MuleEngine } from '../src/modules/transfers/mule.engine.ts';
import { featuresOf } from '../src/modules/transfers/mule.features.ts';
import { loadMuleModel } from '../src/modules/transfers/mule.model.ts';
import type { TransferRecord } from '../src/modules/transfers/transfers.types.ts';
import { GRAPHS, readTransfers } from '../scripts/transfers/amlsim.ts';
import { loadBaseline } from './transfers.baseline.ts';

/** Records swapped within blocks of 3,000 (seeded), and every 50th repeated 500 records later. */
const shuffled = (records: readonly TransferRecord[]): TransferRecord[] => {
  const out = [...records];
  let seed = 42;
  const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let at = 0; at < out.length; at += 3_000) {
    const end = Math.min(out.length, at + 3_000);
    for (let i = end - 1; i > at; i--) {
      const j = at + Math.floor(next() * (i - at + 1));
      [out[i], out[j]] = [out[j] as TransferRecord, out[i] as TransferRecord];
    }
  }
  const withRepeats: TransferRecord[] = [];
  out.forEach((r, i) => {
    withRepeats.push(r);
    const again = out[i - 500];
    if (i >= 500 && (i - 500) % 50 === 0 && again) withRepeats.push(again);
  });
  return withRepeats;
};

const baseline = await loadBaseline();
const model = loadMuleModel();
const listed = (account: string): boolean => account.endsWith('7');
let differences = 0;
const differ = (what: string, a: unknown, b: unknown): void => {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  if (x === y) return;
  if (++differences <= 10) console.error(`${what}\n  before ${x}\n  after  ${y}`);
};

for (const graph of GRAPHS) {
  const records = readTransfers(graph);
  const runs = [
    { name: 'window 180, file order', windowDays: 180, input: records },
    { name: 'window 30, file order', windowDays: 30, input: records },
    { name: 'window 7, shuffled, repeats', windowDays: 7, input: shuffled(records) },
  ];
  for (const run of runs) {
    const options = { ...DEFAULT_ENGINE_OPTIONS, windowDays: run.windowDays };
    const before = new baseline.MuleEngine(options);
    const after = new MuleEngine(options);
    let checks = 0;
    run.input.forEach((r, i) => {
      differ(`${graph} ${run.name}: add #${i}`, before.add(r), after.add(r));
      for (const account of [r.payer, r.payee]) {
        const a = before.state(account);
        const b = after.state(account);
        differ(
          `${graph} ${run.name}: features of ${account} after #${i}`,
          a && baseline.featuresOf(before, a),
          b && featuresOf(after, b),
        );
        differ(
          `${graph} ${run.name}: verdict of ${account} after #${i}`,
          baseline.score(before, account, listed),
          model.score(after, account, listed),
        );
        checks += 2;
      }
    });
    const accounts = [...before.accounts.keys()];
    differ(`${graph} ${run.name}: accounts`, accounts, after.accountNames());
    for (const account of accounts) {
      differ(
        `${graph} ${run.name}: explained verdict of ${account}`,
        baseline.score(before, account, listed, true),
        model.score(after, account, listed, true),
      );
      checks++;
    }
    console.log(`${graph}, ${run.name}: ${checks.toLocaleString('en-US')} comparisons`);
  }
}
console.log(differences === 0 ? 'no differences' : `${differences} difference(s)`);
process.exitCode = differences === 0 ? 0 : 1;
