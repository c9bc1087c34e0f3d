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

const keyOf = (type: ResourceType, normalized: string): string => `${type}\u0000${normalized}`;

export class OrgViews {
  private readonly byOrg = new Map<string, Map<string, OrgEntry>>();

  /** The organisation's entries, or undefined when it sees every value as the nation does. */
  of(orgId: string): ReadonlyMap<string, OrgEntry> | undefined {
    return this.byOrg.get(orgId);
  }

  get(orgId: string, type: ResourceType, normalized: string): OrgEntry | undefined {
    return this.byOrg.get(orgId)?.get(keyOf(type, normalized));
  }

  private update(orgId: string, type: ResourceType, normalized: string, f: (e: OrgEntry) => OrgEntry): void {
    let m = this.byOrg.get(orgId);
    const k = keyOf(type, normalized);
    const next = f(m?.get(k) ?? {});
    if (next.pin === undefined && next.allow === undefined && next.own === undefined) {
      m?.delete(k);
      if (m?.size === 0) this.byOrg.delete(orgId);
      return;
    }
    if (!m) this.byOrg.set(orgId, (m = new Map<string, OrgEntry>()));
    m.set(k, next);
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

  /** Every local override, as stored now: replaces what was held (pins and allow entries, not standings). */
  replaceOverrides(rows: readonly OverrideRow[]): void {
    for (const [orgId, m] of [...this.byOrg])
      for (const [k, e] of [...m]) {
        if (e.own) m.set(k, { own: e.own });
        else m.delete(k);
        if (m.size === 0) this.byOrg.delete(orgId);
      }
    for (const r of rows) this.setOverride(r.orgId, r.type, r.normalized, r.kind, r);
  }

  /** The overrides of these values as stored now (`rows`): every organisation's others of them are dropped. */
  replaceOverridesOf(
    values: ReadonlyArray<{ type: ResourceType; normalized: string }>,
    rows: readonly OverrideRow[],
  ): void {
    const keys = new Set(values.map((v) => keyOf(v.type, v.normalized)));
    for (const [orgId, m] of [...this.byOrg])
      for (const [k, e] of [...m])
        if (keys.has(k) && (e.pin || e.allow)) {
          const cut = k.indexOf('\u0000');
          this.update(orgId, k.slice(0, cut) as ResourceType, k.slice(cut + 1), (x) => ({ own: x.own }));
        }
    for (const r of rows) this.setOverride(r.orgId, r.type, r.normalized, r.kind, r);
  }

  /**
   * A value's owner standings as scored now: `standings` maps each organisation holding private claims on
   * it to its own standing; organisations no longer in it lose theirs.
   */
  setOwn(type: ResourceType, normalized: string, standings: ReadonlyMap<string, OwnStanding>): void {
    const k = keyOf(type, normalized);
    for (const [orgId, m] of [...this.byOrg])
      if (m.get(k)?.own && !standings.has(orgId))
        this.update(orgId, type, normalized, (e) => ({ ...e, own: undefined }));
    for (const [orgId, own] of standings) this.update(orgId, type, normalized, (e) => ({ ...e, own }));
  }

  /** How many organisation entries are held (for tests and the health page). */
  get size(): number {
    let n = 0;
    for (const m of this.byOrg.values()) n += m.size;
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
