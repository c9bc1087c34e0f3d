/**
 * Message ids a partition has applied, bounded by event time (SMS and public reports: a producer that
 * resends after a lost reply sends the same id again), checkpointed with the partition's state.
 *
 * Message ids are remembered for this much event time past the newest message of the partition: a
 * producer's resend (after a lost reply) arrives well within it, and the set stays bounded by the
 * messages of two such spans instead of growing with every message ever seen.
 */
export const SEEN_WINDOW_MS = 6 * 3_600_000;

/**
 * Message ids in two generations by event time: ids enter the current one; once the newest time has
 * moved a window past the generation's start, the current becomes the previous and the old previous
 * goes. An id added while the newest time was N is kept at least until the newest time passes N plus
 * the window.
 */
export class SeenIds {
  current = new Set<string>();
  previous = new Set<string>();
  generationStart = -Infinity;

  has(id: string): boolean {
    return this.current.has(id) || this.previous.has(id);
  }

  add(id: string, time: number): void {
    // Every time up to generationStart + window has been seen since the generation began, so the newest
    // time at any add is within it, and the id survives until a time beyond the next generation's window.
    if (time - this.generationStart > SEEN_WINDOW_MS) {
      this.previous = this.current;
      this.current = new Set<string>();
      this.generationStart = time;
    }
    this.current.add(id);
  }

  /** The checkpoint's fields. */
  toJSON(): { seen: string[]; seenPrevious: string[]; seenSince: number | null } {
    return {
      seen: [...this.current],
      seenPrevious: [...this.previous],
      seenSince: this.generationStart === -Infinity ? null : this.generationStart,
    };
  }

  /** From a checkpoint's fields (`seenPrevious` and `seenSince` absent: one generation). */
  static from(s: {
    seen: readonly string[];
    seenPrevious?: readonly string[];
    seenSince?: number | null;
  }): SeenIds {
    const out = new SeenIds();
    out.current = new Set(s.seen);
    out.previous = new Set(s.seenPrevious ?? []);
    out.generationStart = s.seenSince ?? -Infinity;
    return out;
  }
}
