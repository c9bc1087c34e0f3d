/**
 * Campaign mining (诈骗样本模板): messages whose variable slots (links, numbers, account ids, amounts)
 * are replaced by placeholders are clustered by near-duplicate detection — MinHash signatures over
 * character 3-shingles, LSH bands for candidates, a similarity check, union-find to join — so an
 * analyst sees one campaign with its count, first/last seen, samples, resources and fraud type
 * instead of thousands of single messages. Pure and in-memory; persistence is the repository's.
 */
import { extractIndicators, type Indicator } from '../../extract/extract.ts';
import { LshBuckets } from './lsh-buckets.ts';
import { normalizeSms } from '../../../shared/text/text-normalize.ts';

export interface TemplateOptions {
  /** Signature length: more hashes, finer similarity estimates. bands × rows must equal it. */
  readonly hashes: number;
  readonly bands: number;
  /** Estimated Jaccard similarity of shingle sets at or above which two messages are one template. */
  readonly threshold: number;
  readonly maxSamples: number;
  readonly maxResources: number;
}

export const DEFAULT_TEMPLATE_OPTIONS: TemplateOptions = {
  hashes: 48,
  bands: 16,
  threshold: 0.6,
  maxSamples: 3,
  maxResources: 20,
};

export interface TemplateMessage {
  readonly id?: string;
  readonly text: string;
  /** Epoch ms; messages without a time do not move first/last seen. */
  readonly at?: number;
  readonly verdict?: string;
  readonly fraudType?: string;
}

export interface TemplateResource {
  readonly kind: Indicator['kind'];
  readonly value: string;
  readonly count: number;
}

export interface SmsTemplate {
  /** Stable for a given input: the index of the template's first message. */
  readonly id: string;
  /** The first message's text with slots as placeholders. */
  readonly pattern: string;
  readonly count: number;
  readonly firstSeen: number | undefined;
  readonly lastSeen: number | undefined;
  readonly samples: readonly string[];
  readonly messageIds: readonly string[];
  readonly resources: readonly TemplateResource[];
  readonly verdicts: Readonly<Record<string, number>>;
  /** The majority fraud type among the template's fraud messages. */
  readonly fraudType: string | undefined;
}

const SLOT_ID = /\b(?=[a-z0-9_-]*\d)(?=[a-z0-9_-]*[a-z])[a-z0-9_-]{5,}\b/gi;

/** Normalised text with links, numbers, ids and amounts as placeholders, ready for shingling. */
export const slotText = (raw: string): { slotted: string; indicators: Indicator[] } => {
  const { text } = normalizeSms(raw);
  const indicators = extractIndicators(text);
  let slotted = '';
  let at = 0;
  for (const ind of indicators) {
    if (ind.kind === 'domain' || ind.start < at) continue;
    slotted += text.slice(at, ind.start) + `<${ind.kind}>`;
    at = ind.end;
  }
  slotted += text.slice(at);
  slotted = slotted.toLowerCase().replace(SLOT_ID, '<id>').replace(/\d+/g, '0').replace(/\s+/g, ' ').trim();
  return { slotted, indicators };
};

/** One band of a signature as a number: a hash of its rows and the band index (collisions only cost a check). */
export const bandKey = (signature: Uint32Array, band: number, rows: number): number => {
  let h = Math.imul(band + 1, 0x9e3779b1);
  for (let r = 0; r < rows; r++)
    h = Math.imul(h ^ (signature[band * rows + r] ?? 0), 0x01000193) ^ (h >>> 13);
  return h >>> 0;
};

const MIX = [0x9e3779b1, 0x85ebca77, 0xc2b2ae3d, 0x27d4eb2f, 0x165667b1];
// Each signature slot's salt, `(i + 1) · MIX[i mod 5]`, computed once instead of per shingle.
const SALTS = Int32Array.from({ length: 256 }, (_, i) => Math.imul(i + 1, MIX[i % 5] ?? 1));
const saltsFor = (hashes: number): Int32Array =>
  hashes <= SALTS.length
    ? SALTS
    : Int32Array.from({ length: hashes }, (_, i) => Math.imul(i + 1, MIX[i % 5] ?? 1));

/** MinHash signature over character 3-shingles (whole text when shorter). */
export const minhashSignature = (slotted: string, hashes: number): Uint32Array => {
  const sig = new Uint32Array(hashes).fill(0xffffffff);
  const salts = saltsFor(hashes);
  const compact = slotted.replace(/[\s,.，。!！?？:：;；、]/g, '');
  const n = compact.length;
  const shingles = Math.max(1, n - 2);
  for (let s = 0; s < shingles; s++) {
    let h = 0x811c9dc5;
    for (let k = 0; k < 3 && s + k < n; k++) h = Math.imul(h ^ compact.charCodeAt(s + k), 0x01000193);
    for (let i = 0; i < hashes; i++) {
      // One cheap universal-style hash per signature slot, derived from the shingle hash.
      let x = Math.imul(h ^ (salts[i] ?? 0), 0x2c1b3c6d);
      x ^= x >>> 15;
      x = Math.imul(x, 0x297a2d39) >>> 0;
      if (x < (sig[i] ?? 0)) sig[i] = x;
    }
  }
  return sig;
};

export const signatureSimilarity = (a: Uint32Array, b: Uint32Array): number => {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / Math.max(1, a.length);
};

interface Member {
  readonly message: TemplateMessage;
  readonly slotted: string;
  readonly indicators: readonly Indicator[];
  readonly signature: Uint32Array;
}

/** Incremental clustering: add messages one by one, read the templates at any time. */
export class TemplateClusterer {
  private readonly options: TemplateOptions;
  private readonly members: Member[] = [];
  private readonly parent: number[] = [];
  private readonly buckets = new LshBuckets();

  constructor(options: Partial<TemplateOptions> = {}) {
    this.options = { ...DEFAULT_TEMPLATE_OPTIONS, ...options };
    if (this.options.hashes % this.options.bands !== 0) throw new Error('hashes must be a multiple of bands');
  }

  private find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root] ?? root;
    let at = i;
    while (this.parent[at] !== root) {
      const next = this.parent[at] ?? root;
      this.parent[at] = root;
      at = next;
    }
    return root;
  }

  private union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    // The older message stays the root, so a template's id is its first message.
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }

  /** Adds a message; returns the index of its template's root message. */
  add(message: TemplateMessage): number {
    const { slotted, indicators } = slotText(message.text);
    const signature = minhashSignature(slotted, this.options.hashes);
    const index = this.members.length;
    this.members.push({ message, slotted, indicators, signature });
    this.parent.push(index);
    const rows = this.options.hashes / this.options.bands;
    const compare = (other: number): void => {
      if (this.find(other) === this.find(index)) return;
      const candidate = this.members[other];
      if (candidate && signatureSimilarity(candidate.signature, signature) >= this.options.threshold)
        this.union(other, index);
    };
    // A few members per bucket (LshBuckets.SLOTS) are enough to reach every cluster in it, and keep
    // big campaigns linear.
    for (let b = 0; b < this.options.bands; b++)
      this.buckets.visitAndAdd(bandKey(signature, b, rows), index, compare);
    return this.find(index);
  }

  templates(): SmsTemplate[] {
    const groups = new Map<number, number[]>();
    for (let i = 0; i < this.members.length; i++) {
      const root = this.find(i);
      const list = groups.get(root);
      if (list) list.push(i);
      else groups.set(root, [i]);
    }
    const out: SmsTemplate[] = [];
    for (const [root, indexes] of groups) out.push(this.summarize(root, indexes));
    return out.sort((a, b) => b.count - a.count || Number(a.id.slice(2)) - Number(b.id.slice(2)));
  }

  private summarize(root: number, indexes: readonly number[]): SmsTemplate {
    let firstSeen: number | undefined;
    let lastSeen: number | undefined;
    const resources = new Map<string, { kind: Indicator['kind']; value: string; count: number }>();
    const verdicts: Record<string, number> = {};
    const types = new Map<string, number>();
    const samples: string[] = [];
    const messageIds: string[] = [];
    for (const i of indexes) {
      const m = this.members[i];
      if (!m) continue;
      const { at, verdict, fraudType, id, text } = m.message;
      if (at !== undefined) {
        firstSeen = firstSeen === undefined ? at : Math.min(firstSeen, at);
        lastSeen = lastSeen === undefined ? at : Math.max(lastSeen, at);
      }
      if (verdict) verdicts[verdict] = (verdicts[verdict] ?? 0) + 1;
      if (verdict === 'fraud' && fraudType) types.set(fraudType, (types.get(fraudType) ?? 0) + 1);
      if (samples.length < this.options.maxSamples && !samples.includes(text)) samples.push(text);
      if (id !== undefined) messageIds.push(id);
      for (const ind of m.indicators) {
        if (ind.kind === 'amount' || ind.kind === 'verification_code') continue;
        const key = `${ind.kind}\u0000${ind.value}`;
        const r = resources.get(key);
        if (r) r.count++;
        else resources.set(key, { kind: ind.kind, value: ind.value, count: 1 });
      }
    }
    const fraudType = [...types.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    return {
      id: `t-${root}`,
      pattern: this.members[root]?.slotted ?? '',
      count: indexes.length,
      firstSeen,
      lastSeen,
      samples,
      messageIds,
      resources: [...resources.values()]
        .sort((a, b) => b.count - a.count)
        .slice(0, this.options.maxResources),
      verdicts,
      fraudType,
    };
  }
}

/** Clusters a batch of messages into templates, largest first. */
export const mineTemplates = (
  messages: Iterable<TemplateMessage>,
  options?: Partial<TemplateOptions>,
): SmsTemplate[] => {
  const clusterer = new TemplateClusterer(options);
  for (const m of messages) clusterer.add(m);
  return clusterer.templates();
};
