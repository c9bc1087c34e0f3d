/**
 * What of a value an organisation may see. Everything about a value carries the sharing level of what
 * it came from: a claim's evidence its claim's, a sighting's note its organisation's, a link's evidence
 * the linking organisation's claims on the value, a history entry's reason its organisation's. A value
 * known only through another organisation's private claims does not exist for the viewer at all.
 */
import type { Actor } from '../../shared/actor.ts';
import type { AuditEntry } from '../audit/audit.types.ts';
import type { ClaimRecord, SightingRecord } from './library.types.ts';
import { visibleTo } from './score.ts';

/** The facts that make a value known to a viewer. */
export interface ValueFacts {
  readonly claims: readonly ClaimRecord[];
  readonly pinned: boolean;
  readonly allowListed: boolean;
  /** The viewer's own sightings, links or local overrides of the value. */
  readonly ownTraces: boolean;
}

/**
 * Does the value exist for this viewer? Values nobody claimed (pinned, allow-listed, only linked) do;
 * a claimed value does when one of its claims is visible to the viewer or the viewer left a trace on it.
 */
export const existsFor = (viewer: Actor, f: ValueFacts): boolean =>
  f.claims.length === 0 ||
  f.pinned ||
  f.allowListed ||
  f.ownTraces ||
  f.claims.some((c) => visibleTo(c, { orgId: viewer.orgId }));

/** Organisations whose contribution to this value the viewer may see (through a claim it may see). */
export const sharedContributors = (viewer: Actor, claims: readonly ClaimRecord[]): Set<string> =>
  new Set([viewer.orgId, ...claims.filter((c) => visibleTo(c, { orgId: viewer.orgId })).map((c) => c.orgId)]);

/** Sightings keep their kind and time for everyone; the note only for the organisation that wrote it. */
export const visibleSightings = (viewer: Actor, sightings: readonly SightingRecord[]): SightingRecord[] =>
  sightings
    .filter((s) => s.orgId === viewer.orgId || s.kind !== 'false_positive' || viewer.orgKind === 'regulator')
    .map((s) => (s.orgId === viewer.orgId ? s : { ...s, note: null }));

/**
 * History entries: another organisation's local changes are left out, and its free-text reasons on
 * sightings (which repeat the sighting's note) are blanked.
 */
export const visibleHistory = (viewer: Actor, history: readonly AuditEntry[]): AuditEntry[] =>
  history
    .filter((h) => h.orgId === viewer.orgId || h.data.scope !== 'local')
    .map((h) => (h.orgId === viewer.orgId || !h.action.startsWith('sighting.') ? h : { ...h, reason: null }));
