/** Classification figures used by the evaluation scripts and tests; pure. */

/** Area under the ROC curve by the rank-sum formula, ties averaged. */
export const rocAuc = (scores: readonly number[], labels: readonly number[]): number => {
  const idx = scores.map((_, i) => i).sort((a, b) => (scores[a] ?? 0) - (scores[b] ?? 0));
  const ranks = new Array<number>(scores.length).fill(0);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1] ?? 0] === scores[idx[i] ?? 0]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[idx[k] ?? 0] = avg;
    i = j + 1;
  }
  let pos = 0;
  let rankSum = 0;
  labels.forEach((l, i) => {
    if (l === 1) {
      pos++;
      rankSum += ranks[i] ?? 0;
    }
  });
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
};

export interface Confusion {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

export const confusion = (predicted: readonly number[], labels: readonly number[]): Confusion => {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  predicted.forEach((p, i) => {
    const l = labels[i];
    if (p === 1 && l === 1) tp++;
    else if (p === 1) fp++;
    else if (l === 1) fn++;
    else tn++;
  });
  return { tp, fp, tn, fn };
};

const f1 = (tp: number, fp: number, fn: number): number => (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));

/** Mean of the F1 of each class (fraud and normal), the competition's figure. */
export const macroF1 = (predicted: readonly number[], labels: readonly number[]): number => {
  const c = confusion(predicted, labels);
  return (f1(c.tp, c.fp, c.fn) + f1(c.tn, c.fn, c.fp)) / 2;
};

export const precision = (c: Confusion): number => (c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp));
export const recall = (c: Confusion): number => (c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn));

/** The threshold on scores that maximises macro-F1 on the given (training) data. */
export const bestThreshold = (scores: readonly number[], labels: readonly number[]): number => {
  let best = 0.5;
  let bestF1 = -1;
  for (let k = 5; k <= 95; k++) {
    const t = k / 100;
    const f = macroF1(
      scores.map((s) => (s >= t ? 1 : 0)),
      labels,
    );
    if (f > bestF1) {
      bestF1 = f;
      best = t;
    }
  }
  return best;
};

/** Deterministic stratified k-fold assignment: fold index per row. */
export const stratifiedFolds = (labels: readonly number[], k: number, random: () => number): number[] => {
  const folds = new Array<number>(labels.length).fill(0);
  for (const cls of [...new Set(labels)]) {
    const members = labels.flatMap((l, i) => (l === cls ? [i] : []));
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const a = members[i] ?? 0;
      members[i] = members[j] ?? 0;
      members[j] = a;
    }
    members.forEach((row, n) => (folds[row] = n % k));
  }
  return folds;
};
