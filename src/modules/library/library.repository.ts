/**
 * The only file of the library module that writes SQL through Kysely. Reads of many values go through one
 * chunked `where … in` helper; the bulk writes take the SQLite path (`library.sqlite-bulk.ts`) when the
 * embedded connection is given, and multi-row Kysely statements on PostgreSQL.
 */
import type { Selectable } from 'kysely';
import type { Executor } from '../../adapters/db/database.ts';
import type { LinksTable } from '../../adapters/db/schema.ts';
import type { RawSql } from '../../adapters/db/raw.ts';
import { parseJsonObject } from '../../shared/parse.ts';
import {
  claimRowToRecord,
  parseType,
  resourceRowToRecord,
  sightingRowToRecord,
  type ClaimWrite,
  type ResourceWrite,
} from './library.rows.ts';
import { sqliteBulk } from './library.sqlite-bulk.ts';
import type {
  ClaimRecord,
  LifecycleState,
  ResourceRecord,
  ResourceType,
  SightingRecord,
  Verdict,
} from './library.types.ts';

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * Runs `select` once per chunk of `keys` (900 keeps under SQLite's default limit of 999 parameters on
 * older builds and PostgreSQL's plan cache happy) and concatenates the rows in chunk order.
 */
const selectIn = async <K, Row>(
  keys: readonly K[],
  select: (part: K[]) => Promise<readonly Row[]>,
  size = 900,
): Promise<Row[]> => {
  const out: Row[] = [];
  for (const part of chunk(keys, size)) if (part.length > 0) out.push(...(await select(part)));
  return out;
};

const groupByType = (
  keys: ReadonlyArray<{ type: ResourceType; normalized: string }>,
): Map<ResourceType, string[]> => {
  const m = new Map<ResourceType, Set<string>>();
  for (const k of keys) {
    let set = m.get(k.type);
    if (!set) m.set(k.type, (set = new Set()));
    set.add(k.normalized);
  }
  return new Map([...m].map(([t, v]) => [t, [...v]]));
};

/**
 * @param raw prepared statements on the embedded SQLite connection: the bulk upserts use them (one
 *   prepared statement run per row beats a query built per batch by ~10×); PostgreSQL uses multi-row
 *   statements through Kysely.
 */
export const libraryRepository = (raw?: RawSql) => {
  const bulk = raw && sqliteBulk(raw);
  return {
    async findResources(
      tx: Executor,
      keys: ReadonlyArray<{ type: ResourceType; normalized: string }>,
    ): Promise<ResourceRecord[]> {
      const out: ResourceRecord[] = [];
      // (type, normalized) is the unique index: query per type so the index is used.
      for (const [type, values] of groupByType(keys)) {
        const rows = await selectIn(values, (part) =>
          tx
            .selectFrom('resources')
            .selectAll()
            .where('type', '=', type)
            .where('normalized', 'in', part)
            .execute(),
        );
        out.push(...rows.map(resourceRowToRecord));
      }
      return out;
    },
    async findResource(
      tx: Executor,
      type: ResourceType,
      normalized: string,
    ): Promise<ResourceRecord | undefined> {
      const r = await tx
        .selectFrom('resources')
        .selectAll()
        .where('type', '=', type)
        .where('normalized', '=', normalized)
        .executeTakeFirst();
      return r && resourceRowToRecord(r);
    },
    async findResourceById(tx: Executor, id: number): Promise<ResourceRecord | undefined> {
      const r = await tx.selectFrom('resources').selectAll().where('id', '=', id).executeTakeFirst();
      return r && resourceRowToRecord(r);
    },
    async findResourcesByIds(tx: Executor, ids: readonly number[]): Promise<ResourceRecord[]> {
      const rows = await selectIn(ids, (part) =>
        tx.selectFrom('resources').selectAll().where('id', 'in', part).execute(),
      );
      return rows.map(resourceRowToRecord);
    },
    /**
     * Inserts the rows whose (type, normalized) the library does not hold yet and leaves the others untouched;
     * returns each row's new id, or undefined for a row not inserted, in the order of `rows`.
     */
    async insertNewResources(
      tx: Executor,
      rows: readonly ResourceWrite[],
    ): Promise<Array<number | undefined>> {
      if (bulk) return bulk.insertNewResources(rows);
      const ids: Array<number | undefined> = new Array<number | undefined>(rows.length).fill(undefined);
      for (let start = 0; start < rows.length; start += 500) {
        const part = rows.slice(start, start + 500);
        const at = new Map(part.map((r, i) => [`${r.type}\u0000${r.normalized}`, start + i]));
        const result = await tx
          .insertInto('resources')
          .values(part)
          .onConflict((oc) => oc.columns(['type', 'normalized']).doNothing())
          .returning(['id', 'type', 'normalized'])
          .execute();
        for (const r of result) {
          const i = at.get(`${r.type}\u0000${r.normalized}`);
          if (i !== undefined) ids[i] = Number(r.id);
        }
      }
      return ids;
    },
    /** Inserts or updates whole resource rows; returns the ids by (type, normalized). */
    async upsertResources(tx: Executor, rows: readonly ResourceWrite[]): Promise<Map<string, number>> {
      if (bulk) return bulk.upsertResources(rows);
      const ids = new Map<string, number>();
      for (const part of chunk(rows, 500)) {
        if (part.length === 0) continue;
        const result = await tx
          .insertInto('resources')
          .values(part)
          .onConflict((oc) =>
            oc.columns(['type', 'normalized']).doUpdateSet((eb) => ({
              display: eb.ref('excluded.display'),
              attributes: eb.ref('excluded.attributes'),
              status: eb.ref('excluded.status'),
              last_seen: eb.ref('excluded.last_seen'),
              verdict_public: eb.ref('excluded.verdict_public'),
              score_public: eb.ref('excluded.score_public'),
              verdict_members: eb.ref('excluded.verdict_members'),
              score_members: eb.ref('excluded.score_members'),
              fraud_type: eb.ref('excluded.fraud_type'),
              reasons: eb.ref('excluded.reasons'),
              scored_at: eb.ref('excluded.scored_at'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .returning(['id', 'type', 'normalized'])
          .execute();
        for (const r of result) ids.set(`${r.type}\u0000${r.normalized}`, Number(r.id));
      }
      return ids;
    },
    async updateResource(
      tx: Executor,
      id: number,
      set: Partial<Omit<ResourceWrite, 'id' | 'type' | 'normalized'>>,
    ): Promise<void> {
      await tx.updateTable('resources').set(set).where('id', '=', id).execute();
    },
    async claimsFor(tx: Executor, resourceIds: readonly number[]): Promise<ClaimRecord[]> {
      const rows = await selectIn(resourceIds, (part) =>
        tx.selectFrom('claims').selectAll().where('resource_id', 'in', part).execute(),
      );
      return rows.map(claimRowToRecord);
    },
    async upsertClaims(tx: Executor, rows: readonly ClaimWrite[]): Promise<void> {
      if (bulk) return bulk.upsertClaims(rows);
      for (const part of chunk(rows, 800)) {
        if (part.length === 0) continue;
        await tx
          .insertInto('claims')
          .values(part)
          .onConflict((oc) =>
            oc.columns(['resource_id', 'org_id', 'source']).doUpdateSet((eb) => ({
              verdict: eb.ref('excluded.verdict'),
              fraud_type: eb.ref('excluded.fraud_type'),
              confidence: eb.ref('excluded.confidence'),
              evidence: eb.ref('excluded.evidence'),
              sharing: eb.ref('excluded.sharing'),
              updated_at: eb.ref('excluded.updated_at'),
              valid_until: eb.ref('excluded.valid_until'),
              withdrawn_at: eb.ref('excluded.withdrawn_at'),
            })),
          )
          .execute();
      }
    },
    async withdrawClaim(tx: Executor, claimId: number, at: number): Promise<number> {
      const r = await tx
        .updateTable('claims')
        .set({ withdrawn_at: at, updated_at: at })
        .where('id', '=', claimId)
        .where('withdrawn_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    async findClaim(tx: Executor, claimId: number): Promise<ClaimRecord | undefined> {
      const r = await tx.selectFrom('claims').selectAll().where('id', '=', claimId).executeTakeFirst();
      return r && claimRowToRecord(r);
    },
    async sightingsFor(tx: Executor, resourceIds: readonly number[]): Promise<SightingRecord[]> {
      const rows = await selectIn(resourceIds, (part) =>
        tx
          .selectFrom('sightings')
          .selectAll()
          .where('resource_id', 'in', part)
          .orderBy('at', 'desc')
          .limit(5000)
          .execute(),
      );
      return rows.map(sightingRowToRecord);
    },
    /** Whether this organisation already recorded this sighting (same kind, time and source) of the value. */
    async hasSighting(
      tx: Executor,
      s: Pick<SightingRecord, 'resourceId' | 'orgId' | 'kind' | 'at' | 'source'>,
    ): Promise<boolean> {
      const row = await tx
        .selectFrom('sightings')
        .select('id')
        .where('resource_id', '=', s.resourceId)
        .where('org_id', '=', s.orgId)
        .where('kind', '=', s.kind)
        .where('at', '=', s.at)
        .where('source', '=', s.source)
        .executeTakeFirst();
      return row !== undefined;
    },
    async insertSighting(tx: Executor, s: Omit<SightingRecord, 'id'>): Promise<void> {
      await tx
        .insertInto('sightings')
        .values({
          resource_id: s.resourceId,
          org_id: s.orgId,
          kind: s.kind,
          at: s.at,
          source: s.source,
          note: s.note,
        })
        .execute();
    },
    async allowEntriesFor(
      tx: Executor,
      keys: ReadonlyArray<{ type: ResourceType; normalized: string }>,
    ): Promise<Map<string, { label: string; reason: string }>> {
      const out = new Map<string, { label: string; reason: string }>();
      for (const [type, values] of groupByType(keys)) {
        // Allow-lists are short next to an import batch: count first, and read the whole list of the type
        // rather than probe for each value when it is no longer than the batch.
        const held = await tx
          .selectFrom('allow_entries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('type', '=', type)
          .executeTakeFirstOrThrow();
        const n = Number(held.n);
        if (n === 0) continue;
        if (n <= values.length) {
          const wanted = new Set(values);
          const rows = await tx
            .selectFrom('allow_entries')
            .select(['type', 'normalized', 'label', 'reason'])
            .where('type', '=', type)
            .execute();
          for (const r of rows)
            if (wanted.has(r.normalized))
              out.set(`${r.type}\u0000${r.normalized}`, { label: r.label, reason: r.reason });
          continue;
        }
        const rows = await selectIn(values, (part) =>
          tx
            .selectFrom('allow_entries')
            .select(['type', 'normalized', 'label', 'reason'])
            .where('type', '=', type)
            .where('normalized', 'in', part)
            .execute(),
        );
        for (const r of rows) out.set(`${r.type}\u0000${r.normalized}`, { label: r.label, reason: r.reason });
      }
      return out;
    },
    async insertAllowEntry(
      tx: Executor,
      e: {
        type: ResourceType;
        normalized: string;
        label: string;
        reason: string;
        orgId: string;
        createdBy: string;
        createdAt: number;
      },
    ): Promise<void> {
      await tx
        .insertInto('allow_entries')
        .values({
          type: e.type,
          normalized: e.normalized,
          label: e.label,
          reason: e.reason,
          org_id: e.orgId,
          created_by: e.createdBy,
          created_at: e.createdAt,
        })
        .onConflict((oc) =>
          oc.columns(['type', 'normalized']).doUpdateSet({ label: e.label, reason: e.reason }),
        )
        .execute();
    },
    async deleteAllowEntry(tx: Executor, type: ResourceType, normalized: string): Promise<number> {
      const r = await tx
        .deleteFrom('allow_entries')
        .where('type', '=', type)
        .where('normalized', '=', normalized)
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async listAllowEntries(
      tx: Executor,
      opts: { type?: ResourceType | undefined; limit: number; offset: number },
    ) {
      let q = tx
        .selectFrom('allow_entries')
        .select(['type', 'normalized', 'label', 'reason', 'org_id', 'created_at']);
      if (opts.type) q = q.where('type', '=', opts.type);
      const rows = await q
        .orderBy('type')
        .orderBy('normalized')
        .limit(opts.limit)
        .offset(opts.offset)
        .execute();
      return rows.map((r) => ({
        type: parseType(r.type),
        normalized: r.normalized,
        label: r.label,
        reason: r.reason,
        orgId: r.org_id,
        createdAt: r.created_at,
      }));
    },
    async *scanAllowEntries(
      tx: Executor,
    ): AsyncGenerator<{ type: ResourceType; normalized: string; label: string }> {
      let after = 0;
      for (;;) {
        const rows = await tx
          .selectFrom('allow_entries')
          .select(['id', 'type', 'normalized', 'label'])
          .where('id', '>', after)
          .orderBy('id')
          .limit(5000)
          .execute();
        if (rows.length === 0) return;
        for (const r of rows) yield { type: parseType(r.type), normalized: r.normalized, label: r.label };
        after = Number(rows[rows.length - 1]?.id ?? after);
      }
    },
    async upsertLinks(tx: Executor, rows: ReadonlyArray<Omit<Selectable<LinksTable>, 'id'>>): Promise<void> {
      for (const part of chunk(rows, 1000)) {
        if (part.length === 0) continue;
        await tx
          .insertInto('links')
          .values(part)
          .onConflict((oc) => oc.columns(['from_id', 'to_id', 'kind']).doNothing())
          .execute();
      }
    },
    async linksOf(tx: Executor, resourceId: number, limit = 200) {
      const rows = await tx
        .selectFrom('links')
        .selectAll()
        .where((eb) => eb.or([eb('from_id', '=', resourceId), eb('to_id', '=', resourceId)]))
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: Number(r.id),
        fromId: Number(r.from_id),
        toId: Number(r.to_id),
        kind: r.kind,
        evidence: parseJsonObject(r.evidence),
        orgId: r.org_id,
        createdAt: r.created_at,
      }));
    },
    /** Appends to the change feed; returns the change numbers, in the order of the values. */
    async insertChanges(tx: Executor, resourceIds: readonly number[], at: number): Promise<number[]> {
      if (bulk) return bulk.insertChanges(resourceIds, at);
      const seqs: number[] = [];
      for (const part of chunk(resourceIds, 2000)) {
        if (part.length === 0) continue;
        const rows = await tx
          .insertInto('changes')
          .values(part.map((id) => ({ resource_id: id, at })))
          .returning('seq')
          .execute();
        // PostgreSQL returns the rows of a multi-row insert in the order of its values.
        for (const r of rows) seqs.push(Number(r.seq));
      }
      return seqs;
    },
    /** The change numbers after `seq` and the value each names, oldest first: no value is read. */
    async changeRefsSince(
      tx: Executor,
      seq: number,
      limit: number,
    ): Promise<Array<{ seq: number; resourceId: number }>> {
      const rows = await tx
        .selectFrom('changes')
        .select(['seq', 'resource_id'])
        .where('seq', '>', seq)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ seq: Number(r.seq), resourceId: Number(r.resource_id) }));
    },
    async latestChange(tx: Executor): Promise<number> {
      const r = await tx
        .selectFrom('changes')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst();
      return Number(r?.seq ?? 0);
    },
    /** Changes after `seq`, each with the resource's current standing, oldest first. */
    async changesSince(
      tx: Executor,
      seq: number,
      limit: number,
    ): Promise<Array<{ seq: number; resource: ResourceRecord }>> {
      const rows = await tx
        .selectFrom('changes')
        .innerJoin('resources', 'resources.id', 'changes.resource_id')
        .selectAll('resources')
        .select('changes.seq as change_seq')
        .where('changes.seq', '>', seq)
        .orderBy('changes.seq')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ seq: Number(r.change_seq), resource: resourceRowToRecord(r) }));
    },
    /** Every resource with a standing worth holding in the hot index, in pages. */
    async *scanStanding(tx: Executor, pageSize = 20_000): AsyncGenerator<ResourceRecord[]> {
      let after = 0;
      for (;;) {
        const rows = await tx
          .selectFrom('resources')
          .selectAll()
          .where('id', '>', after)
          .where((eb) =>
            eb.or([eb('verdict_members', '!=', 'unknown'), eb('verdict_public', '!=', 'unknown')]),
          )
          .orderBy('id')
          .limit(pageSize)
          .execute();
        if (rows.length === 0) return;
        yield rows.map(resourceRowToRecord);
        after = Number(rows[rows.length - 1]?.id ?? after);
      }
    },
    async search(
      tx: Executor,
      opts: {
        exact: ReadonlyArray<{ type: ResourceType; normalized: string }>;
        text?: string | undefined;
        type?: ResourceType | undefined;
        verdict?: Verdict | undefined;
        status?: LifecycleState | undefined;
        limit: number;
        afterId?: number | undefined;
      },
    ): Promise<ResourceRecord[]> {
      let q = tx.selectFrom('resources').selectAll();
      if (opts.type) q = q.where('type', '=', opts.type);
      if (opts.verdict) q = q.where('verdict_members', '=', opts.verdict);
      if (opts.status) q = q.where('status', '=', opts.status);
      // The status index leaves `reported` values out: the redundant term lets SQLite use it for other states.
      if (opts.status && opts.status !== 'reported') q = q.where('status', '<>', 'reported');
      if (opts.afterId !== undefined) q = q.where('id', '<', opts.afterId);
      const text = opts.text;
      if (opts.exact.length > 0 || text) {
        q = q.where((eb) => {
          const ors = opts.exact.map((k) =>
            eb.and([eb('type', '=', k.type), eb('normalized', '=', k.normalized)]),
          );
          if (text)
            ors.push(
              eb('normalized', 'like', `%${text.replace(/[%_\\]/g, '')}%`),
              eb('display', 'like', `%${text.replace(/[%_\\]/g, '')}%`),
            );
          return eb.or(ors);
        });
      }
      return (await q.orderBy('id', 'desc').limit(opts.limit).execute()).map(resourceRowToRecord);
    },
    async counts(tx: Executor): Promise<{ resources: number; claims: number }> {
      const r = await tx
        .selectFrom('resources')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const c = await tx
        .selectFrom('claims')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return { resources: Number(r.n), claims: Number(c.n) };
    },
  };
};

export type LibraryRepository = ReturnType<typeof libraryRepository>;
