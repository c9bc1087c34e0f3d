/**
 * Verdict scoring and its explanation in one pass. While the verdict model's weights of each feature
 * are summed, the features that could be cited as a reason are sorted out: a reason for class t is a
 * feature whose weight for t beats the best other class by more than the margin, so t must be its
 * strict best class, and each feature is a candidate for at most one class. Explaining a verdict
 * then ranks only that class's candidates (a handful) instead of every feature of the message, and
 * names only the winners. The order of candidates is the order of the features, so ties rank as
 * they did when every feature was ranked.
 */
import type { FeatureBuffer, FeatureVector } from './sms.features.ts';
import { softmaxInPlace, type CompactLinearModel } from './sms.model.ts';

/** Each verdict class's candidate reasons of one message, in feature order, with their margins. */
export class EvidenceCandidates {
  /** Class c's candidates are at [c·capacity, c·capacity + counts[c]). */
  indexes = new Int32Array(3 * 1024);
  margins = new Int32Array(3 * 1024);
  capacity = 1024;
  readonly counts = new Int32Array(3);

  /** Empties the lists, with room for `features` candidates per class. */
  reset(features: number): void {
    if (features > this.capacity) {
      this.capacity = 2 * features;
      this.indexes = new Int32Array(3 * this.capacity);
      this.margins = new Int32Array(3 * this.capacity);
    }
    this.counts.fill(0);
  }

  /** A copy that later scoring does not overwrite (for `analyze`, whose caller keeps the result). */
  copy(): EvidenceCandidates {
    const c = new EvidenceCandidates();
    c.indexes = this.indexes.slice();
    c.margins = this.margins.slice();
    c.capacity = this.capacity;
    c.counts.set(this.counts);
    return c;
  }
}

/**
 * The verdict model's class probabilities of the message's features written into `out` (bias +
 * integer sum × value × scale, as `predictCompact` computes them), and the candidate reasons
 * collected into `candidates`: features whose margin, in the model's int16 units, exceeds `minMargin`
 * (which must not be negative). Then the softmax, as `predictCompact` ends. Only features that can be cited count: hand features and text
 * features of two characters or more that are not in-word fragments.
 */
export const scoreVerdict = (
  model: CompactLinearModel,
  features: FeatureBuffer,
  out: Float64Array,
  minMargin: number,
  candidates: EvidenceCandidates,
): void => {
  const w = model.weights;
  const { hashes, starts, ends, count } = features;
  candidates.reset(count);
  const { indexes, margins, capacity, counts } = candidates;
  let n0 = 0;
  let n1 = capacity;
  let n2 = 2 * capacity;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < count; i++) {
    const base = (hashes[i] ?? 0) * 3;
    const w0 = w[base] ?? 0;
    const w1 = w[base + 1] ?? 0;
    const w2 = w[base + 2] ?? 0;
    s0 += w0;
    s1 += w1;
    s2 += w2;
    const start = starts[i] ?? 0;
    // Hand features have start < 0; text features with end < start + 2 are fragments or one character.
    if (start >= 0 && (ends[i] ?? 0) < start + 2) continue;
    if (w0 > w1 && w0 > w2) {
      const margin = w0 - (w1 > w2 ? w1 : w2);
      if (margin > minMargin) {
        indexes[n0] = i;
        margins[n0++] = margin;
      }
    } else if (w1 > w0 && w1 > w2) {
      const margin = w1 - (w0 > w2 ? w0 : w2);
      if (margin > minMargin) {
        indexes[n1] = i;
        margins[n1++] = margin;
      }
    } else if (w2 > w0 && w2 > w1) {
      const margin = w2 - (w0 > w1 ? w0 : w1);
      if (margin > minMargin) {
        indexes[n2] = i;
        margins[n2++] = margin;
      }
    }
  }
  counts[0] = n0;
  counts[1] = n1 - capacity;
  counts[2] = n2 - 2 * capacity;
  const factor = features.value * model.scale;
  out[0] = (model.bias[0] ?? 0) + s0 * factor;
  out[1] = (model.bias[1] ?? 0) + s1 * factor;
  out[2] = (model.bias[2] ?? 0) + s2 * factor;
  softmaxInPlace(out, 3);
};

const READABLE_TEXT = /[\u3400-\u9fff]{2}|[a-z]{3}/;
const SILENT_FEATURES = /^#(?:length_|signature_none)/;

/**
 * The reason a feature's name reads as, or undefined: digits and in-word fragments explain nothing
 * to an analyst, so reasons cite words, phrases and hand features (but not the length or a missing
 * signature).
 */
export const readableReason = (name: string): string | undefined => {
  if (name.startsWith('#')) return SILENT_FEATURES.test(name) ? undefined : `feature ${name.slice(1)}`;
  return name.startsWith('~') || !READABLE_TEXT.test(name) ? undefined : `text "${name}"`;
};

/** `readableReason(featureName(...))` for text feature [start, end) of `lower`, without the name unless it reads. */
const textReason = (lower: string, start: number, end: number): string | undefined => {
  // A fragment (end < 0, `~…~`) explains nothing; otherwise READABLE_TEXT, tested on the characters.
  let cjk = 0;
  let letters = 0;
  for (let i = start; i < end; i++) {
    const c = lower.charCodeAt(i);
    cjk = c >= 0x3400 && c <= 0x9fff ? cjk + 1 : 0;
    letters = c >= 97 && c <= 122 ? letters + 1 : 0;
    if (cjk >= 2 || letters >= 3) return `text "${lower.slice(start, end)}"`;
  }
  return undefined;
};

// Hand feature names are a small closed set: each one's reason is made once.
// (null: the feature is silent), one lookup per reason.
const handReasons = new Map<string, string | null>();
const handReason = (name: string): string | undefined => {
  let reason = handReasons.get(name);
  if (reason === undefined) {
    reason = readableReason(`#${name}`) ?? null;
    handReasons.set(name, reason);
  }
  return reason ?? undefined;
};

// topEvidence's ranking, shared: it runs to completion and keeps nothing between calls.
let bestMargins = new Float64Array(16);
let bestIndexes = new Int32Array(16);

/**
 * The features that pushed hardest towards class `target`, strongest first, as reasons: the best
 * `3 · limit` candidates by margin (earlier first among equals), of which the readable ones are
 * named, without repeats, up to `limit`. Appended to `out` when given (whose entries must not be
 * reasons: they are not repeats and do not count towards the limit), which is returned.
 */
export const topEvidence = (
  candidates: EvidenceCandidates,
  target: number,
  limit: number,
  origins: Pick<FeatureVector, 'starts' | 'ends'>,
  lower: string,
  hand: readonly string[],
  out: string[] = [],
): string[] => {
  const keep = limit * 3;
  if (bestMargins.length < keep) {
    bestMargins = new Float64Array(keep);
    bestIndexes = new Int32Array(keep);
  }
  const bestMargin = bestMargins;
  const bestIndex = bestIndexes;
  const { indexes, margins } = candidates;
  const from = target * candidates.capacity;
  const to = from + (candidates.counts[target] ?? 0);
  let kept = 0;
  for (let c = from; c < to; c++) {
    const margin = margins[c] ?? 0;
    if (kept >= keep && margin <= (bestMargin[keep - 1] ?? 0)) continue;
    let at = Math.min(kept, keep - 1);
    while (at > 0 && (bestMargin[at - 1] ?? 0) < margin) {
      bestMargin[at] = bestMargin[at - 1] ?? 0;
      bestIndex[at] = bestIndex[at - 1] ?? 0;
      at--;
    }
    bestMargin[at] = margin;
    bestIndex[at] = indexes[c] ?? 0;
    if (kept < keep) kept++;
  }
  const end = out.length + limit;
  for (let k = 0; k < kept && out.length < end; k++) {
    // readableReason(featureName(origins, i, lower, hand)), naming only the features that read.
    const i = bestIndex[k] ?? 0;
    const start = origins.starts[i] ?? 0;
    const end = origins.ends[i] ?? 0;
    const reason = start < 0 ? handReason(hand[-1 - start] ?? '') : textReason(lower, start, end);
    if (reason !== undefined && !out.includes(reason)) out.push(reason);
  }
  return out;
};
