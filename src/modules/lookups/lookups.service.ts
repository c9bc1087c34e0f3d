/**
 * Real-time lookups (事中拦截): "what do you know about this value?" answered from the hot index, with
 * the verdict, score, fraud type, reasons and how long the answer may be cached. Values may arrive raw
 * (a number typed with spaces, a URL with tracking parameters); a value that fits several types is
 * looked up as each and the gravest answer leads.
 */
import type { ResourceRecord } from '../library/library.types.ts';
import type { NormalizedValue, ResourceType, Verdict } from '../library/library.types.ts';
import { inferTypes, normalizeValue, type NormalizeContext } from '../library/normalize/index.ts';
import type { IndexEntry, LookupIndex } from './lookup-index.ts';
import {
  localDecision,
  type LocalDecision,
  type OrgEntry,
  type OrgView,
  type OrgViews,
} from './org-views.ts';
import {
  describeListings,
  graver,
  NOT_IN_LIBRARY,
  reasonsFor,
  relatedListing,
  type LookupAudience,
  type RelatedListing,
} from './lookup-reasons.ts';

export type { LookupAudience } from './lookup-reasons.ts';

export interface LookupResult {
  readonly value: string;
  readonly type: ResourceType;
  readonly normalized: string;
  readonly verdict: Verdict;
  readonly score: number;
  readonly fraudType?: string | undefined;
  readonly reasons: string[];
  readonly ttlSeconds: number;
  /** The other readings of an ambiguous value (digits as phone and bank account …), when there are several. */
  readonly alternatives?: LookupResult[];
  /** Present when the caller's own organisation decided the answer (its local pin, allow entry or private claims). */
  readonly decidedBy?: LocalDecision['decidedBy'];
  /** The national verdict, beside an answer the caller's organisation decided. */
  readonly nationalVerdict?: Verdict;
}

export interface LookupError {
  readonly value: string;
  readonly error: string;
  readonly field: string;
}

/** Cache lifetimes per verdict, as data: blocks are re-checked often so a release reaches clients fast. */
export const TTL_SECONDS: Readonly<Record<Verdict, number>> = {
  fraud: 300,
  suspicious: 300,
  allowed: 3600,
  unknown: 60,
};

export const indexUpdateOf = (r: ResourceRecord) => ({
  type: r.type,
  normalized: r.normalized,
  verdictPublic: r.verdictPublic,
  scorePublic: r.scorePublic,
  verdictMembers: r.verdictMembers,
  scoreMembers: r.scoreMembers,
  fraudType: r.fraudType,
  reasons: r.reasons,
  registrableDomain:
    r.type === 'domain' && typeof r.attributes.registrableDomain === 'string'
      ? r.attributes.registrableDomain
      : undefined,
});

export interface LookupsDeps {
  readonly index: LookupIndex;
  readonly normalize: NormalizeContext;
  /** Each organisation's local overrides and own standings; without it every caller gets the national answer. */
  readonly orgViews?: OrgViews | undefined;
}

const NO_PARENTS: ReadonlyArray<{ domain: string; via: string }> = [];

/**
 * The domains a URL or domain falls back to, most specific first: its host, then its registrable domain
 * (the value itself is not among them), each with the reason an answer through it gives.
 */
const parentsOf = (n: NormalizedValue): ReadonlyArray<{ domain: string; via: string }> => {
  // Most lookups are of other types: they share one empty list rather than allocate one each.
  if (n.type !== 'url' && n.type !== 'domain') return NO_PARENTS;
  const out: Array<{ domain: string; via: string }> = [];
  const host =
    typeof n.attributes.host === 'string'
      ? n.attributes.host
      : n.type === 'domain'
        ? n.normalized
        : undefined;
  if (host && host !== n.normalized) out.push({ domain: host, via: `host ${host} is listed` });
  const reg = n.attributes.registrableDomain;
  if (typeof reg === 'string' && reg !== host && reg !== n.normalized)
    out.push({ domain: reg, via: `domain ${reg} is listed` });
  return out;
};

export const createLookupsService = ({ index, normalize, orgViews }: LookupsDeps) => {
  const answer = (
    raw: string,
    n: NormalizedValue,
    e: IndexEntry | undefined,
    audience: LookupAudience,
    via?: string,
  ): LookupResult => {
    const verdict = e ? (audience === 'public' ? e.verdictPublic : e.verdictMembers) : 'unknown';
    const score = e ? (audience === 'public' ? e.scorePublic : e.scoreMembers) : 0;
    const reasons = reasonsFor(e, audience, via);
    // One object shape for every answer (fraudType undefined rather than absent; JSON leaves it out):
    // a spread here gave each answer a dictionary-like shape and made serialising a batch slower.
    return {
      value: raw,
      type: n.type,
      normalized: n.normalized,
      verdict,
      score,
      fraudType: e?.fraudType && (verdict === 'fraud' || verdict === 'suspicious') ? e.fraudType : undefined,
      reasons,
      ttlSeconds: TTL_SECONDS[verdict],
    };
  };

  /** The most specific known entry for a value: a URL falls back to its host, then its registrable domain. */
  const entryFor = (n: NormalizedValue): { entry: IndexEntry | undefined; via?: string } => {
    const own = index.get(n.type, n.normalized);
    if (own) return { entry: own };
    for (const p of parentsOf(n)) {
      const e = index.get('domain', p.domain);
      if (e) return { entry: e, via: p.via };
    }
    return { entry: undefined };
  };

  const listingsOf = (type: ResourceType, keys: readonly string[], audience: LookupAudience) =>
    keys
      .map((k) => relatedListing(k, index.get(type, k), audience))
      .filter((l): l is RelatedListing => l !== undefined)
      .sort(graver);

  /**
   * A bare account number answers with every institution's listing of it (`BKCHHKHH:0123…`): a citizen or a
   * payer types the number without the bank. The gravest listing leads when it is graver than the number's own.
   */
  const withInstitutions = (own: LookupResult, audience: LookupAudience): LookupResult => {
    const listings = listingsOf('bank', index.bankListingsOf(own.normalized), audience);
    const lead = listings[0];
    if (!lead) return own;
    const reason = describeListings(
      `listed with its institution (${listings.length})`,
      listings,
      (l) =>
        `${l.key.slice(0, l.key.lastIndexOf(':'))}: ${l.verdict}, score ${l.score}` +
        (l.reasons.length > 0 ? ` (${l.reasons.join(', ')})` : ''),
    );
    const ownReasons =
      own.reasons[0] === NOT_IN_LIBRARY ? ['not listed without an institution'] : own.reasons;
    if (graver(own, lead) <= 0) return { ...own, reasons: [...ownReasons, reason] };
    const blocking = lead.verdict === 'fraud' || lead.verdict === 'suspicious';
    return {
      ...own,
      verdict: lead.verdict,
      score: lead.score,
      fraudType: blocking ? (lead.fraudType ?? undefined) : undefined,
      reasons: [reason, ...ownReasons],
      ttlSeconds: TTL_SECONDS[lead.verdict],
    };
  };

  /** A domain's answer names the listed hosts under it (`www.example.com` under `example.com`). */
  const withHostsUnder = (own: LookupResult, audience: LookupAudience): LookupResult => {
    const listings = listingsOf('domain', index.hostsUnder(own.normalized), audience);
    if (listings.length === 0) return own;
    const reason = describeListings(
      `hosts under it are listed (${listings.length})`,
      listings,
      (l) => `${l.key}: ${l.verdict}, score ${l.score}`,
    );
    const ownReasons = own.reasons[0] === NOT_IN_LIBRARY ? ['not listed itself'] : own.reasons;
    return { ...own, reasons: [...ownReasons, reason] };
  };

  /** The viewer's own entry for a value: the value's, else (a URL or domain) its host's or registrable domain's. */
  const orgEntryFor = (views: OrgView, n: NormalizedValue): OrgEntry | undefined => {
    const own = views.get(n.type, n.normalized);
    if (own || (n.type !== 'url' && n.type !== 'domain')) return own;
    for (const p of parentsOf(n)) {
      const e = views.get('domain', p.domain);
      if (e) return e;
    }
    return undefined;
  };

  /** The national answer with the viewer organisation's own decision on top, when it has one. */
  const personalised = (
    national: LookupResult,
    n: NormalizedValue,
    viewer: string | undefined,
  ): LookupResult => {
    const views = viewer === undefined ? undefined : orgViews?.of(viewer);
    if (!views || viewer === undefined) return national;
    const d = localDecision(viewer, orgEntryFor(views, n));
    if (!d) return national;
    const blocking = d.verdict === 'fraud' || d.verdict === 'suspicious';
    return {
      ...national,
      verdict: d.verdict,
      score: d.score ?? national.score,
      fraudType: blocking ? (d.fraudType ?? national.fraudType) : undefined,
      reasons: [d.reason, ...national.reasons],
      ttlSeconds: TTL_SECONDS[d.verdict],
      decidedBy: d.decidedBy,
      nationalVerdict: national.verdict,
    };
  };

  const lookupValue = (
    n: NormalizedValue,
    raw: string,
    audience: LookupAudience,
    viewer?: string,
  ): LookupResult => {
    const { entry, via } = entryFor(n);
    const own = answer(raw, n, entry, audience, via);
    let national = own;
    if (n.type === 'bank' && !n.normalized.includes(':')) national = withInstitutions(own, audience);
    else if (n.type === 'domain') national = withHostsUnder(own, audience);
    return audience === 'members' ? personalised(national, n, viewer) : national;
  };

  /** The viewer organisation's own verdict on a pre-normalised value, when its own entry decides one. */
  const localVerdict = (
    type: ResourceType,
    normalized: string,
    viewer: string,
  ): LocalDecision | undefined => {
    const views = orgViews?.of(viewer);
    return views ? localDecision(viewer, views.get(type, normalized)) : undefined;
  };

  return {
    /**
     * The viewer organisation's own decision on a raw value of a known type (a URL falls back to its host
     * and registrable domain), when it has one; the detectors' answer stands otherwise.
     */
    decisionFor(raw: string, type: ResourceType, viewer: string): LocalDecision | undefined {
      const views = orgViews?.of(viewer);
      if (!views) return undefined;
      const n = normalizeValue(type, raw, normalize);
      return n.ok ? localDecision(viewer, orgEntryFor(views, n.value)) : undefined;
    },

    /** The hot path for pre-normalised values: one index probe, no allocation beyond the answer. */
    lookupNormalized(type: ResourceType, normalized: string): IndexEntry | undefined {
      return index.get(type, normalized);
    },

    localVerdict,

    /**
     * A pre-normalised value's verdict and fraud type for a member organisation (`viewer`, absent for the
     * platform or a key of no organisation): its own local decision when it has one, else the national.
     */
    memberStanding(
      type: ResourceType,
      normalized: string,
      viewer?: string,
    ): { verdict: Verdict; fraudType: string | null } | undefined {
      const e = index.get(type, normalized);
      const d = viewer === undefined ? undefined : localVerdict(type, normalized, viewer);
      if (d) return { verdict: d.verdict, fraudType: d.fraudType ?? e?.fraudType ?? null };
      return e ? { verdict: e.verdictMembers, fraudType: e.fraudType } : undefined;
    },

    /** `viewer`: the member organisation asking, whose own overrides and private claims decide its answer. */
    lookupRaw(
      raw: string,
      type: ResourceType | undefined,
      audience: LookupAudience,
      viewer?: string,
    ): LookupResult | LookupError {
      if (type) {
        const n = normalizeValue(type, raw, normalize);
        if (!n.ok) return { value: raw, error: n.error.message, field: 'value' };
        return lookupValue(n.value, raw, audience, viewer);
      }
      const types = inferTypes(raw);
      // Most values have one reading: answer it directly, without the ranking below.
      if (types.length === 1 && types[0]) {
        const n = normalizeValue(types[0], raw, normalize);
        if (n.ok) return lookupValue(n.value, raw, audience, viewer);
      }
      const results: LookupResult[] = [];
      for (const t of types) {
        const n = normalizeValue(t, raw, normalize);
        if (n.ok) results.push(lookupValue(n.value, raw, audience, viewer));
      }
      if (results.length === 0)
        return {
          value: raw,
          error: 'not a phone number, URL, domain, IP, account, bank account, app, device or SMS text',
          field: 'value',
        };
      results.sort(graver);
      const [lead, ...rest] = results;
      if (!lead) return { value: raw, error: 'no reading of this value', field: 'value' };
      return rest.length > 0 ? { ...lead, alternatives: rest } : lead;
    },

    /** Applies changed library records to the index (after commit, or from another node's change feed). */
    apply(records: readonly ResourceRecord[]): void {
      for (const r of records) index.set(indexUpdateOf(r));
    },

    applyAllow(e: { type: ResourceType; normalized: string; label: string; allowed: boolean }): void {
      // An allow entry for a value the library already scored was applied through `apply`; this covers
      // values that are only on the allow-list.
      const current = index.get(e.type, e.normalized);
      // Both audiences alike and unscored: the allow entry's verdict, or unknown once it is removed.
      const unscored = (verdict: Verdict, reasons: readonly string[]) =>
        index.set({
          type: e.type,
          normalized: e.normalized,
          verdictPublic: verdict,
          scorePublic: 0,
          verdictMembers: verdict,
          scoreMembers: 0,
          fraudType: null,
          reasons,
        });
      if (e.allowed && (!current || current.verdictMembers === 'unknown'))
        unscored('allowed', [`allow-listed: ${e.label}`]);
      else if (!e.allowed && current?.verdictMembers === 'allowed' && current.scoreMembers === 0)
        unscored('unknown', []);
    },

    get size(): number {
      return index.size;
    },
  };
};

export type LookupsService = ReturnType<typeof createLookupsService>;
