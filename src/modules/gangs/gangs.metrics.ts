/**
 * How well communities recover planted gangs: pair precision, recall and F1 over the planted values
 * (a pair counts when both values land in one community), and the communities that hold values of
 * two or more planted gangs (merges). Values outside every planted gang do not count. Pure.
 */
export interface PairScore {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Communities holding values of more than one planted gang. */
  readonly merges: number;
  /** Planted values the graph never saw. */
  readonly missing: number;
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

export const pairScore = (
  truth: readonly (readonly string[])[],
  communityOf: (key: string) => number | undefined,
): PairScore => {
  const cells = new Map<number, Map<number, number>>();
  let truePairs = 0;
  let missing = 0;
  truth.forEach((members, g) => {
    const distinct = [...new Set(members)];
    truePairs += pairs(distinct.length);
    for (const m of distinct) {
      const c = communityOf(m);
      if (c === undefined) {
        missing++;
        continue;
      }
      const row = cells.get(c) ?? new Map<number, number>();
      row.set(g, (row.get(g) ?? 0) + 1);
      cells.set(c, row);
    }
  });
  let tp = 0;
  let predicted = 0;
  let merges = 0;
  for (const row of cells.values()) {
    let total = 0;
    for (const n of row.values()) {
      tp += pairs(n);
      total += n;
    }
    predicted += pairs(total);
    if (row.size > 1) merges++;
  }
  const precision = predicted > 0 ? tp / predicted : 0;
  const recall = truePairs > 0 ? tp / truePairs : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, merges, missing };
};
