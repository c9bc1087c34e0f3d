/**
 * Why an answer says what it says, for the caller who asked. Every verdict comes with reasons that explain
 * that verdict at that caller's level: an `unknown` says whether the value is absent, below the threshold,
 * expired or visible to member organisations only, and a value also listed under related keys (a bank
 * account number at each institution, the hosts under a registrable domain) says so.
 */
import type { Verdict } from '../library/library.types.ts';
import type { IndexEntry } from './lookup-index.ts';

export type LookupAudience = 'public' | 'members';

export const verdictFor = (e: IndexEntry, audience: LookupAudience): Verdict =>
  audience === 'public' ? e.verdictPublic : e.verdictMembers;
export const scoreFor = (e: IndexEntry, audience: LookupAudience): number =>
  audience === 'public' ? e.scorePublic : e.scoreMembers;

export const NOT_IN_LIBRARY = 'not in the library';

/** The reasons for one value's own entry (or its absence), at the caller's level. */
export const reasonsFor = (
  e: IndexEntry | undefined,
  audience: LookupAudience,
  via: string | undefined,
): string[] => {
  if (!e) return [NOT_IN_LIBRARY];
  const verdict = verdictFor(e, audience);
  if (verdict !== 'unknown') return via ? [via, ...e.reasons] : [...e.reasons];
  const score = scoreFor(e, audience);
  if (audience === 'public' && score === 0 && (e.verdictMembers !== 'unknown' || e.scoreMembers > 0))
    return ['only member organisations have claims about it; none is public'];
  if (e.reasons.includes('expired')) return ['expired: its claims decayed with no new report or sighting'];
  if (score > 0)
    return [`reported, but its score ${score} is below the suspicious threshold in force`, ...e.reasons];
  return e.reasons.length > 0 ? [...e.reasons] : ['in the library, but no claim about it counts now'];
};

const SEVERITY: Readonly<Record<Verdict, number>> = { fraud: 3, suspicious: 2, allowed: 1, unknown: 0 };
export const graver = (
  a: { verdict: Verdict; score: number },
  b: { verdict: Verdict; score: number },
): number => SEVERITY[b.verdict] - SEVERITY[a.verdict] || b.score - a.score;

/** A listing under another key (an institution's, a host's) as the caller may see it; undefined if hidden. */
export interface RelatedListing {
  readonly key: string;
  readonly verdict: Verdict;
  readonly score: number;
  readonly fraudType: string | null;
  readonly reasons: readonly string[];
}

export const relatedListing = (
  key: string,
  e: IndexEntry | undefined,
  audience: LookupAudience,
): RelatedListing | undefined => {
  if (!e) return undefined;
  const verdict = verdictFor(e, audience);
  const score = scoreFor(e, audience);
  // What the caller could not see under its own key stays hidden under a related one.
  if (verdict === 'unknown' && score === 0) return undefined;
  return { key, verdict, score, fraudType: e.fraudType, reasons: e.reasons };
};

/** At most this many related listings are named in one answer; the rest are counted. */
const MAX_NAMED = 5;

export const describeListings = (
  intro: string,
  listings: readonly RelatedListing[],
  describe: (l: RelatedListing) => string,
): string => {
  const named = listings.slice(0, MAX_NAMED).map(describe).join('; ');
  const more = listings.length > MAX_NAMED ? `; and ${listings.length - MAX_NAMED} more` : '';
  return `${intro}: ${named}${more}`;
};
