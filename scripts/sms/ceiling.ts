/**
 * `npx tsx scripts/sms/ceiling.ts`: how consistent the smishing set's labels are with themselves, as
 * evidence for the best 3-class accuracy any model of the text can reach (models/sms/SOURCE.md). No
 * model is trained; only the labelled data (realigned, data.ts) and the fold groups (folds.ts) are read.
 *
 * - Copies of one message (one group: same normalised text up to numbers, links, case, punctuation)
 *   should carry one label. Among groups with two or more unwanted copies, the spam/smishing labels
 *   are fitted with the simplest noise model: each copy's label is its message's true label flipped
 *   with probability ε, independently. ε is the maximum-likelihood value over those groups.
 * - A model that gives all copies of a message one answer errs at least on each group's minority.
 * - Near-copies in other groups (word Jaccard ≥ 0.8 / 0.6, numbers folded): agreement of their labels.
 * - ε times the unwanted rows is what a perfect model of the true labels would still miss on the
 *   spam/smishing boundary, if the copies' noise is typical of the whole set.
 */
import { loadSmishing } from './data.ts';
import { groupKeyOf } from './folds.ts';

const rows = loadSmishing();
const unwanted = rows.filter((r) => r.label !== 'normal');
const groups = new Map<string, { fraud: number; spam: number; normal: number }>();
for (const r of rows) {
  const key = groupKeyOf(r.text);
  const g = groups.get(key) ?? { fraud: 0, spam: 0, normal: 0 };
  g[r.label]++;
  groups.set(key, g);
}
const multi = [...groups.values()].filter((g) => g.fraud + g.spam >= 2);
const mixed = multi.filter((g) => g.fraud > 0 && g.spam > 0);
const forced = [...groups.values()].reduce(
  (s, g) => s + g.fraud + g.spam + g.normal - Math.max(g.fraud, g.spam, g.normal),
  0,
);
const withHam = [...groups.values()].filter((g) => g.normal > 0 && g.fraud + g.spam > 0).length;
const prior = unwanted.filter((r) => r.label === 'fraud').length / unwanted.length;
const logLikelihood = (eps: number): number =>
  multi.reduce(
    (s, g) =>
      s +
      Math.log(
        prior * (1 - eps) ** g.fraud * eps ** g.spam + (1 - prior) * eps ** g.fraud * (1 - eps) ** g.spam,
      ),
    0,
  );
let eps = 0.001;
for (let e = 0.001; e < 0.5; e += 0.001) if (logLikelihood(e) > logLikelihood(eps)) eps = e;
// Profile-likelihood interval: the values within 1.92 log-units of the best (about 95 %).
const inside: number[] = [];
for (let e = 0.001; e < 0.5; e += 0.001) if (logLikelihood(e) >= logLikelihood(eps) - 1.92) inside.push(e);
const copies = multi.reduce((s, g) => s + g.fraud + g.spam, 0);
console.log(
  `smishing set: ${rows.length} rows, ${unwanted.length} unwanted (${(100 * prior).toFixed(1)} % smishing)`,
);
console.log(
  `groups with >= 2 unwanted copies: ${multi.length} (${copies} rows), with both spam and smishing labels: ${mixed.length}; groups with ham and unwanted copies: ${withHam}`,
);
console.log(`errors forced on any model constant on a group (each group's minority): ${forced}`);
console.log(
  `spam/smishing flip rate, maximum likelihood over those groups: ${(100 * eps).toFixed(1)} % (95 % interval ${(100 * (inside[0] ?? 0)).toFixed(1)}–${(100 * (inside.at(-1) ?? 0)).toFixed(1)} %)`,
);
const floor = eps * unwanted.length;
console.log(
  `=> a perfect model of the true labels still misses about ${floor.toFixed(0)} unwanted rows (${((100 * floor) / rows.length).toFixed(2)} pt of 3-class accuracy; interval ${((inside[0] ?? 0) * unwanted.length).toFixed(0)}–${((inside.at(-1) ?? 0) * unwanted.length).toFixed(0)})`,
);

const words = (t: string): Set<string> =>
  new Set(
    t
      .toLowerCase()
      .replace(/\d+/g, '0')
      .match(/[a-z0']+/g) ?? [],
  );
const keys = unwanted.map((r) => groupKeyOf(r.text));
const sets = unwanted.map((r) => words(r.text));
for (const threshold of [0.8, 0.6]) {
  let pairs = 0;
  let agree = 0;
  for (let i = 0; i < unwanted.length; i++)
    for (let j = i + 1; j < unwanted.length; j++) {
      if (keys[i] === keys[j]) continue;
      const a = sets[i] ?? new Set<string>();
      const b = sets[j] ?? new Set<string>();
      let common = 0;
      for (const w of a) if (b.has(w)) common++;
      if (common / (a.size + b.size - common) < threshold) continue;
      pairs++;
      if (unwanted[i]?.label === unwanted[j]?.label) agree++;
    }
  console.log(
    `near-copies in other groups (word Jaccard >= ${threshold}): ${pairs} pairs, labels agree ${((100 * agree) / pairs).toFixed(1)} %`,
  );
}
