/**
 * Claim intake in two steps. `planIntake` is pure: it checks and normalises a batch of claims and links
 * into one entry per distinct value (a repeat of value × source later in the batch replaces the earlier
 * claim) and the rejections with the field at fault. `applyIntake` writes a plan inside the caller's
 * transaction: new values in one insert scored from their claims alone, held values merged with what is
 * stored, then the claims, the links, the change feed and one audit entry for the batch.
 */
import type { Executor } from '../../adapters/db/database.ts';
import type { Actor } from '../../shared/actor.ts';
import { invalidInput, notFound } from '../../shared/errors.ts';
import { FRAUD_TYPE_CODES } from '../taxonomy/fraud-types.data.ts';
import { valueKey, type LibraryCore } from './library.core.ts';
import type { ClaimWrite, ResourceWrite } from './library.rows.ts';
import {
  buildResourceWrite,
  freshRecord,
  freshScorer,
  scoreAudiences,
  withScores,
} from './library.scoring.ts';
import type {
  ClaimInput,
  ClaimRecord,
  LinkInput,
  NormalizedValue,
  ResourceRecord,
  SubmitResult,
} from './library.types.ts';
import { normalizeValue, type NormalizeContext } from './normalize/index.ts';

export const MAX_BATCH = 5000;

/** A distinct value of a batch of claims, carried through the batch. */
interface Incoming {
  readonly value: NormalizedValue;
  readonly claims: Array<{ input: ClaimInput; index: number }>;
  /** The claims as records, once built. */
  records: ClaimRecord[];
  /** Its resource id, once inserted or found. */
  id: number | undefined;
}

export interface IntakePlan {
  readonly claimCount: number;
  readonly rejected: Array<{ index: number; field: string; message: string }>;
  /** One entry per distinct value, in the order first seen (values only named by a link included). */
  readonly entries: readonly Incoming[];
  readonly byKey: ReadonlyMap<string, Incoming>;
  readonly links: ReadonlyArray<{ from: NormalizedValue; to: NormalizedValue; input: LinkInput }>;
  readonly sources: readonly string[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const checkClaim = (c: ClaimInput): { field: string; message: string } | null => {
  if (typeof c.value !== 'string' || c.value.trim() === '')
    return { field: 'value', message: 'value must be a non-empty string' };
  if (c.value.length > 4096) return { field: 'value', message: 'value longer than 4096 characters' };
  if (!(c.confidence >= 0 && c.confidence <= 1))
    return { field: 'confidence', message: 'confidence must be between 0 and 1' };
  if (c.fraudType !== undefined && !FRAUD_TYPE_CODES.has(c.fraudType))
    return { field: 'fraudType', message: `unknown fraud type ${c.fraudType}` };
  if (c.source.trim() === '' || c.source.length > 200)
    return { field: 'source', message: 'source must be 1–200 characters' };
  return null;
};

const NO_EVIDENCE: Readonly<Record<string, unknown>> = Object.freeze({});
const evidenceJson = (e: Readonly<Record<string, unknown>>): string =>
  e === NO_EVIDENCE ? '{}' : JSON.stringify(e);

const toClaimRecord = (c: ClaimInput, orgId: string, resourceId: number, now: number): ClaimRecord => ({
  id: 0,
  resourceId,
  orgId,
  verdict: c.verdict,
  fraudType: c.fraudType ?? null,
  confidence: c.confidence,
  // A private claim's attributes stay with the claim (its owner sees them) instead of the shared record.
  evidence:
    c.sharing === 'private' && c.attributes
      ? { ...c.evidence, attributes: c.attributes }
      : (c.evidence ?? NO_EVIDENCE),
  sharing: c.sharing ?? 'members',
  source: c.source,
  createdAt: now,
  updatedAt: now,
  validUntil: c.validUntil ?? null,
  withdrawnAt: null,
});

export const planIntake = (
  claims: readonly ClaimInput[],
  links: readonly LinkInput[],
  normalize: NormalizeContext,
): IntakePlan => {
  if (claims.length > MAX_BATCH) throw invalidInput('claims', `at most ${MAX_BATCH} claims per batch`);
  const rejected: Array<{ index: number; field: string; message: string }> = [];
  const byKey = new Map<string, Incoming>();
  const entries: Incoming[] = [];
  const entryOf = (value: NormalizedValue): Incoming => {
    const k = valueKey(value.type, value.normalized);
    const found = byKey.get(k);
    if (found) return found;
    const entry: Incoming = { value, claims: [], records: [], id: undefined };
    byKey.set(k, entry);
    entries.push(entry);
    return entry;
  };
  claims.forEach((c, index) => {
    const problem = checkClaim(c);
    if (problem) return void rejected.push({ index, ...problem });
    const n = normalizeValue(c.type, c.value, normalize);
    if (!n.ok) return void rejected.push({ index, field: 'value', message: n.error.message });
    const entry = entryOf(n.value);
    // One claim per value × organisation × source: a repeat later in the batch replaces the earlier one.
    const same = entry.claims.findIndex((x) => x.input.source === c.source);
    if (same >= 0) entry.claims.splice(same, 1);
    entry.claims.push({ input: c, index });
  });
  const linkPairs: Array<{ from: NormalizedValue; to: NormalizedValue; input: LinkInput }> = [];
  for (const l of links) {
    const from = normalizeValue(l.from.type, l.from.value, normalize);
    const to = normalizeValue(l.to.type, l.to.value, normalize);
    if (!from.ok || !to.ok) continue;
    linkPairs.push({ from: from.value, to: to.value, input: l });
  }
  for (const p of linkPairs) for (const v of [p.from, p.to]) entryOf(v);
  return {
    claimCount: claims.length,
    rejected,
    entries,
    byKey,
    links: linkPairs,
    sources: [...new Set(claims.map((c) => c.source))].slice(0, 10),
  };
};

export const applyIntake = async (
  core: LibraryCore,
  tx: Executor,
  actor: Actor,
  plan: IntakePlan,
): Promise<{ result: SubmitResult; changed: ResourceRecord[] }> => {
  const { repo, audit, clock } = core.deps;
  const { entries, byKey, rejected } = plan;
  if (entries.length === 0) return { result: { accepted: 0, rejected }, changed: [] };
  const now = clock.now().getTime();

  const orgs = await core.organisations(tx, actor.orgId);
  if (!orgs.has(actor.orgId)) throw notFound('organisation', 'orgId');
  const allow = await repo.allowEntriesFor(
    tx,
    entries.map((e) => e.value),
  );
  const scoring = await core.scoring(tx);
  const fresh = freshScorer(orgs, now, scoring);

  // First every value as if it were new, in one insert that skips the values the library already holds: a
  // new value has nothing stored to merge with, so it needs no read, and its score is its claims' alone.
  // Records built before the database gives them ids; the service's own until returned.
  const freshWrites: ResourceWrite[] = [];
  const freshRecords: Array<Mutable<ResourceRecord>> = [];
  for (const entry of entries) {
    entry.records = entry.claims.map((c) => toClaimRecord(c.input, actor.orgId, 0, now));
    let attributes = entry.value.attributes;
    for (const c of entry.claims)
      if (c.input.attributes && c.input.sharing !== 'private')
        attributes = { ...attributes, ...c.input.attributes };
    const allowed =
      allow.size === 0 ? null : (allow.get(valueKey(entry.value.type, entry.value.normalized)) ?? null);
    const { scores, reasonsJson } = fresh(entry.value, entry.records, allowed);
    const record = freshRecord(entry.value, attributes, scores, now);
    freshWrites.push(buildResourceWrite(record, scores, now, reasonsJson));
    freshRecords.push(record);
  }
  const freshIds = await repo.insertNewResources(tx, freshWrites);
  const changedIds: number[] = [];
  const changed: ResourceRecord[] = [];
  const held: NormalizedValue[] = [];
  entries.forEach((entry, i) => {
    const id = freshIds[i];
    const record = freshRecords[i];
    if (id === undefined || record === undefined) return void held.push(entry.value);
    record.id = id;
    entry.id = id;
    changedIds.push(id);
    changed.push(record);
  });

  // Then the values already held: their stored claims, sightings and standing merge with the new claims.
  const existing = await repo.findResources(tx, held);
  const facts = await core.loadFacts(tx, existing);
  const writes: ResourceWrite[] = [];
  const merged: Array<{ entry: Incoming; record: ResourceRecord }> = [];
  for (const before of existing) {
    const entry = byKey.get(valueKey(before.type, before.normalized));
    if (!entry) continue;
    entry.id = before.id;
    // Values only mentioned by a link and already known keep their standing untouched.
    if (entry.claims.length === 0) continue;
    const attributes = { ...before.attributes, ...entry.value.attributes };
    for (const c of entry.claims)
      if (c.input.sharing !== 'private') Object.assign(attributes, c.input.attributes ?? {});
    const record: ResourceRecord = {
      ...before,
      attributes,
      status: before.status === 'expired' ? 'reported' : before.status,
      lastSeen: now,
      display: entry.value.display,
    };
    const f = facts.get(before.id) ?? { claims: [], sightings: [], allow: null };
    // The incoming claims replace the same organisation's claim from the same source.
    const replaced = new Set(entry.claims.map((c) => `${actor.orgId}\u0000${c.input.source}`));
    const all: ClaimRecord[] = f.claims.filter((c) => !replaced.has(`${c.orgId}\u0000${c.source}`));
    all.push(...entry.records);
    const scores = scoreAudiences(record, { ...f, claims: all }, orgs, now, scoring);
    writes.push(buildResourceWrite(record, scores, now));
    merged.push({ entry, record: withScores(record, scores, now) });
  }
  const upserted = await repo.upsertResources(tx, writes);
  for (const { entry, record } of merged) {
    const id = upserted.get(valueKey(record.type, record.normalized));
    if (id === undefined) continue;
    entry.id = id;
    changedIds.push(id);
    changed.push({ ...record, id });
  }

  const claimRows: ClaimWrite[] = [];
  for (const entry of entries) {
    const resourceId = entry.id ?? 0;
    for (const c of entry.records)
      claimRows.push({
        resource_id: resourceId,
        org_id: c.orgId,
        verdict: c.verdict,
        fraud_type: c.fraudType,
        confidence: c.confidence,
        evidence: evidenceJson(c.evidence),
        sharing: c.sharing,
        source: c.source,
        created_at: now,
        updated_at: now,
        valid_until: c.validUntil,
        withdrawn_at: null,
      });
  }
  await repo.upsertClaims(tx, claimRows);
  const linkRows = [];
  for (const p of plan.links) {
    const fromId = byKey.get(valueKey(p.from.type, p.from.normalized))?.id;
    const toId = byKey.get(valueKey(p.to.type, p.to.normalized))?.id;
    if (fromId === undefined || toId === undefined || fromId === toId) continue;
    linkRows.push({
      from_id: fromId,
      to_id: toId,
      kind: p.input.kind,
      evidence: JSON.stringify(p.input.evidence ?? {}),
      org_id: actor.orgId,
      created_at: now,
    });
  }
  await repo.upsertLinks(tx, linkRows);
  core.stamp(changed, await repo.insertChanges(tx, changedIds, now));
  const accepted = plan.claimCount - rejected.length;
  await audit.append(tx, {
    orgId: actor.orgId,
    actor: actor.actor,
    action: 'claims.submit',
    entityType: 'batch',
    entityId: `${now}`,
    data: {
      accepted,
      rejected: rejected.length,
      values: changedIds.length,
      links: linkRows.length,
      sources: plan.sources,
    },
  });
  return { result: { accepted, rejected }, changed };
};
