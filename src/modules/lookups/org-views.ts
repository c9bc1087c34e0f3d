/**
 * What one organisation sees differently from the national answer: its own local pins and allow entries,
 * and its own standing of values it holds private claims on (the owner's score counts them, nobody else's
 * does). A small map per organisation, consulted after the national answer: an organisation without
 * entries costs one map probe, anonymous callers none.
 */
import type { ResourceType, Verdict } from '../library/library.types.ts';

/** The owner's standing of a value scored with its own private claims. */
export interface OwnStanding {
  readonly verdict: Verdict;
  readonly score: number;
  readonly fraudType: string | null;
  readonly reasons: readonly string[];
}

export interface OrgEntry {
  readonly pin?: { readonly verdict: Verdict; readonly reason: string } | undefined;
  readonly allow?: { readonly label: string } | undefined;
  readonly own?: OwnStanding | undefined;
}

/** Whose setting decided a viewer's answer, when it is not the national one. */
export interface LocalDecision {
  readonly verdict: Verdict;
  readonly score: number | undefined;
  readonly fraudType: string | null;
  readonly reason: string;
  readonly decidedBy: {
    readonly scope: 'local';
    readonly kind: 'pin' | 'allow' | 'score';
    readonly orgId: string;
  };
}

export interface OverrideRow {
  readonly orgId: string;
  readonly type: ResourceType;
  readonly normalized: string;
  readonly kind: 'pin' | 'allow';
  readonly verdict: Verdict;
  readonly label: string;
  readonly reason: string;
}

/** One organisation's entries, by type then normalised value: a probe builds no key string. */
export class OrgView {
  private readonly byType = new Map<ResourceType, Map<string, OrgEntry>>();

  get(type: ResourceType, normalized: string): OrgEntry | undefined {
    return this.byType.get(type)?.get(normalized);
  }

  /** Sets (or, with an empty entry, removes) one value's entry. */
  put(type: ResourceType, normalized: string, e: OrgEntry): void {
    let m = this.byType.get(type);
    if (e.pin === undefined && e.allow === undefined && e.own === undefined) {
      m?.delete(normalized);
      if (m?.size === 0) this.byType.delete(type);
      return;
    }
    if (!m) this.byType.set(type, (m = new Map<string, OrgEntry>()));
    m.set(normalized, e);
  }

  *entries(): Generator<[ResourceType, string, OrgEntry]> {
    for (const [type, m] of this.byType) for (const [normalized, e] of m) yield [type, normalized, e];
  }

  get size(): number {
    let n = 0;
    for (const m of this.byType.values()) n += m.size;
    return n;
  }
}

export class OrgViews {
  private readonly byOrg = new Map<string, OrgView>();

  /** The organisation's entries, or undefined when it sees every value as the nation does. */
  of(orgId: string): OrgView | undefined {
    return this.byOrg.get(orgId);
  }

  get(orgId: string, type: ResourceType, normalized: string): OrgEntry | undefined {
    return this.byOrg.get(orgId)?.get(type, normalized);
  }

  private update(orgId: string, type: ResourceType, normalized: string, f: (e: OrgEntry) => OrgEntry): void {
    let v = this.byOrg.get(orgId);
    const next = f(v?.get(type, normalized) ?? {});
    if (!v) this.byOrg.set(orgId, (v = new OrgView()));
    v.put(type, normalized, next);
    if (v.size === 0) this.byOrg.delete(orgId);
  }

  /** One local override set (row) or removed (undefined). */
  setOverride(
    orgId: string,
    type: ResourceType,
    normalized: string,
    kind: 'pin' | 'allow',
    row: OverrideRow | undefined,
  ): void {
    this.update(orgId, type, normalized, (e) =>
      kind === 'pin'
        ? { ...e, pin: row ? { verdict: row.verdict, reason: row.reason } : undefined }
        : { ...e, allow: row ? { label: row.label } : undefined },
    );
  }

  /** Drops the pins and allow entries of the values `which` picks, in every organisation (standings stay). */
  private dropOverrides(which: (type: ResourceType, normalized: string) => boolean): void {
    for (const [orgId, v] of [...this.byOrg])
      for (const [type, normalized, e] of [...v.entries()])
        if ((e.pin || e.allow) && which(type, normalized))
          this.update(orgId, type, normalized, (x) => ({ own: x.own }));
  }

  /** Every local override, as stored now: replaces what was held (pins and allow entries, not standings). */
  replaceOverrides(rows: readonly OverrideRow[]): void {
    this.dropOverrides(() => true);
    for (const r of rows) this.setOverride(r.orgId, r.type, r.normalized, r.kind, r);
  }

  /**
   * A value's owner standings as scored now: `standings` maps each organisation holding private claims on
   * it to its own standing; organisations no longer in it lose theirs.
   */
  setOwn(type: ResourceType, normalized: string, standings: ReadonlyMap<string, OwnStanding>): void {
    for (const [orgId, v] of [...this.byOrg])
      if (v.get(type, normalized)?.own && !standings.has(orgId))
        this.update(orgId, type, normalized, (e) => ({ ...e, own: undefined }));
    for (const [orgId, own] of standings) this.update(orgId, type, normalized, (e) => ({ ...e, own }));
  }

  /** How many organisation entries are held. */
  get size(): number {
    let n = 0;
    for (const v of this.byOrg.values()) n += v.size;
    return n;
  }
}

/**
 * The organisation's own decision on a value from its entry: its local pin first, then its local allow
 * entry, then its own standing with its private claims; undefined when its entry holds none of them.
 */
export const localDecision = (orgId: string, e: OrgEntry | undefined): LocalDecision | undefined => {
  if (!e) return undefined;
  if (e.pin)
    return {
      verdict: e.pin.verdict,
      score: undefined,
      fraudType: null,
      reason: `pinned ${e.pin.verdict} by your organisation: ${e.pin.reason}`,
      decidedBy: { scope: 'local', kind: 'pin', orgId },
    };
  if (e.allow)
    return {
      verdict: 'allowed',
      score: 0,
      fraudType: null,
      reason: `allow-listed by your organisation: ${e.allow.label}`,
      decidedBy: { scope: 'local', kind: 'allow', orgId },
    };
  if (e.own)
    return {
      verdict: e.own.verdict,
      score: e.own.score,
      fraudType: e.own.fraudType,
      reason: "scored with your organisation's private claims",
      decidedBy: { scope: 'local', kind: 'score', orgId },
    };
  return undefined;
};
