/**
 * Incremental template assignment for a stream (the ingest path): known templates are indexed by the
 * LSH bands of their signature; a new message joins the most similar template above the threshold or
 * starts a new one. The batch path (`mineTemplates`) joins clusters transitively instead; a stream
 * cannot rewrite stored templates, so it assigns to the best match only.
 */
import { bandKey, DEFAULT_TEMPLATE_OPTIONS, signatureSimilarity, type TemplateOptions } from './templates.ts';

export class TemplateMatcher {
  private readonly options: TemplateOptions;
  private readonly buckets = new Map<number, string[]>();
  private readonly signatures = new Map<string, Uint32Array>();

  constructor(options: Partial<TemplateOptions> = {}) {
    this.options = { ...DEFAULT_TEMPLATE_OPTIONS, ...options };
  }

  get size(): number {
    return this.signatures.size;
  }

  private bandKeys(signature: Uint32Array): number[] {
    const rows = this.options.hashes / this.options.bands;
    const keys: number[] = [];
    for (let b = 0; b < this.options.bands; b++) keys.push(bandKey(signature, b, rows));
    return keys;
  }

  add(id: string, signature: Uint32Array): void {
    if (this.signatures.has(id)) return;
    this.signatures.set(id, signature);
    for (const key of this.bandKeys(signature)) {
      const bucket = this.buckets.get(key);
      if (!bucket) this.buckets.set(key, [id]);
      else if (bucket.length < 16) bucket.push(id);
    }
  }

  /** The id of the most similar known template at or above the threshold, if any. */
  match(signature: Uint32Array): string | undefined {
    let best: string | undefined;
    let bestSimilarity = this.options.threshold;
    const seen = new Set<string>();
    for (const key of this.bandKeys(signature)) {
      for (const id of this.buckets.get(key) ?? []) {
        if (seen.has(id)) continue;
        seen.add(id);
        const other = this.signatures.get(id);
        if (!other) continue;
        const similarity = signatureSimilarity(other, signature);
        if (similarity > bestSimilarity || (similarity === bestSimilarity && best === undefined)) {
          best = id;
          bestSimilarity = similarity;
        }
      }
    }
    return best;
  }
}
