/**
 * The only file of the library module that writes SQL. Multi-row statements in chunks keep the bulk
 * path (imports, detector feeds) at a handful of statements per thousand values on both dialects.
 */
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../adapters/db/database.ts';
import type { RawSql } from '../../adapters/db/raw.ts';
import type { ClaimsTable, ResourcesTable } from '../../adapters/db/schema.ts';
import { oneOf, parseJsonObject, parseStringArray } from '../../shared/parse.ts';
import {
  CLAIM_VERDICTS,
  LIFECYCLE_STATES,
  RESOURCE_TYPES,
  SHARING_LEVELS,
  SIGHTING_KINDS,
  VERDICTS,
  type Attributes,
  type AttributeValue,
  type ClaimVerdict,
  type LifecycleState,
  type ResourceType,
  type Sharing,
  type SightingKind,
  type Verdict,
} from './library.types.ts';

const parseType = oneOf(RESOURCE_TYPES, 'resource type');
const parseStatus = oneOf(LIFECYCLE_STATES, 'lifecycle state');
const parseVerdict = oneOf(VERDICTS, 'verdict');
const parseClaimVerdict = oneOf(CLAIM_VERDICTS, 'claim verdict');
const parseSharing = oneOf(SHARING_LEVELS, 'sharing');
const parseSightingKind = oneOf(SIGHTING_KINDS, 'sighting kind');

export interface ResourceRecord {
  readonly id: number;
  readonly type: ResourceType;
  readonly normalized: string;
  readonly display: string;
  readonly attributes: Attributes;
  readonly status: LifecycleState;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly pin: {
    readonly verdict: Verdict;
    readonly reason: string;
    readonly by: string;
    readonly at: number;
    readonly overridesAllow: boolean;
  } | null;
  readonly verdictPublic: Verdict;
  readonly scorePublic: number;
  readonly verdictMembers: Verdict;
  readonly scoreMembers: number;
  readonly fraudType: string | null;
  readonly reasons: readonly string[];
  readonly updatedAt: number;
}

export interface ClaimRecord {
  readonly id: number;
  readonly resourceId: number;
  readonly orgId: string;
  readonly verdict: ClaimVerdict;
  readonly fraudType: string | null;
  readonly confidence: number;
  readonly evidence: Record<string, unknown>;
  readonly sharing: Sharing;
  readonly source: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly validUntil: number | null;
  readonly withdrawnAt: number | null;
}

export interface SightingRecord {
  readonly id: number;
  readonly resourceId: number;
  readonly orgId: string;
  readonly kind: SightingKind;
  readonly at: number;
  readonly source: string;
  readonly note: string | null;
}

const parseAttributes = (text: string): Attributes => {
  const o = parseJsonObject(text);
  const out: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(o))
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  return out;
};

export const resourceRowToRecord = (r: Selectable<ResourcesTable>): ResourceRecord => ({
  id: Number(r.id),
  type: parseType(r.type),
  normalized: r.normalized,
  display: r.display,
  attributes: parseAttributes(r.attributes),
  status: parseStatus(r.status),
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
  pin:
    r.pin_verdict === null
      ? null
      : {
          verdict: parseVerdict(r.pin_verdict),
          reason: r.pin_reason ?? '',
          by: r.pin_by ?? '',
          at: r.pin_at ?? 0,
          overridesAllow: r.pin_overrides_allow === 1,
        },
  verdictPublic: parseVerdict(r.verdict_public),
  scorePublic: r.score_public,
  verdictMembers: parseVerdict(r.verdict_members),
  scoreMembers: r.score_members,
  fraudType: r.fraud_type,
  reasons: parseStringArray(r.reasons),
  updatedAt: r.updated_at,
});

const claimRowToRecord = (r: Selectable<ClaimsTable>): ClaimRecord => ({
  id: Number(r.id),
  resourceId: Number(r.resource_id),
  orgId: r.org_id,
  verdict: parseClaimVerdict(r.verdict),
  fraudType: r.fraud_type,
  confidence: r.confidence,
  evidence: parseJsonObject(r.evidence),
  sharing: parseSharing(r.sharing),
  source: r.source,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  validUntil: r.valid_until,
  withdrawnAt: r.withdrawn_at,
});

/** A whole resource row as written (every column but the id). */
export type ResourceWrite = Omit<Selectable<ResourcesTable>, 'id'>;
export type ClaimWrite = Insertable<ClaimsTable>;

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
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

const RESOURCE_COLUMNS = [
  'type',
  'normalized',
  'display',
  'attributes',
  'status',
  'first_seen',
  'last_seen',
  'pin_verdict',
  'pin_reason',
  'pin_by',
  'pin_at',
  'pin_overrides_allow',
  'verdict_public',
  'score_public',
  'verdict_members',
  'score_members',
  'fraud_type',
  'reasons',
  'scored_at',
  'updated_at',
] as const;
const RESOURCE_UPDATED = [
  'display',
  'attributes',
  'status',
  'last_seen',
  'verdict_public',
  'score_public',
  'verdict_members',
  'score_members',
  'fraud_type',
  'reasons',
  'scored_at',
  'updated_at',
] as const;
const UPSERT_RESOURCE_SQL = `insert into resources (${RESOURCE_COLUMNS.join(', ')}) values (${RESOURCE_COLUMNS.map(() => '?').join(', ')})
  on conflict (type, normalized) do update set ${RESOURCE_UPDATED.map((c) => `${c} = excluded.${c}`).join(', ')} returning id`;
/**
 * Rows per multi-row statement on the SQLite bulk path, largest first: a batch goes through as few statement
 * runs as it can (a run of 250 rows costs less per row than five of 50: each run binds, steps and resets
 * once), the remainder in 25s and then one by one. 250 × 21 columns stays well under SQLite's limit of
 * 32,766 parameters.
 */
const STATEMENT_ROWS = [250, 25, 1] as const;
const rowsForStatement = (left: number): number => STATEMENT_ROWS.find((n) => n <= left) ?? 1;
const placeholders = (rows: number, columns: number): string =>
  Array.from({ length: rows }, () => `(${Array.from({ length: columns }, () => '?').join(', ')})`).join(', ');
/** The multi-row statement text for each of STATEMENT_ROWS, built once. */
const bySize = (sqlFor: (rows: number) => string): ReadonlyMap<number, string> =>
  new Map(STATEMENT_ROWS.map((n) => [n, sqlFor(n)]));
/**
 * Runs `rows` through the multi-row statements of `sql` (by size), binding each statement's parameters as
 * one array; `done` hears how many rows each run changed.
 */
const runInStatements = <T>(
  raw: RawSql,
  sql: ReadonlyMap<number, string>,
  rows: readonly T[],
  push: (out: unknown[], row: T) => void,
  done?: (start: number, size: number, changes: number) => void,
): void => {
  for (let i = 0; i < rows.length;) {
    const size = rowsForStatement(rows.length - i);
    const params: unknown[] = [];
    for (let j = i; j < i + size; j++) push(params, rows[j] as T);
    const { changes } = raw.prepare(sql.get(size) ?? '').run(params);
    done?.(i, size, changes);
    i += size;
  }
};
const INSERT_NEW_RESOURCE_RETURNING_SQL = `insert into resources (${RESOURCE_COLUMNS.join(', ')})
  values ${placeholders(1, RESOURCE_COLUMNS.length)} on conflict (type, normalized) do nothing returning id`;
/** With the id given, and no `returning`: on SQLite `returning` costs as much as the index insert itself. */
const INSERT_WITH_IDS_SQL = bySize(
  (rows) =>
    `insert into resources (id, ${RESOURCE_COLUMNS.join(', ')}) values ${placeholders(rows, RESOURCE_COLUMNS.length + 1)}
  on conflict do nothing`,
);

/**
 * SQLite: ids are handed out after the largest one held, and rows go in STATEMENT_ROWS to a statement. A
 * statement that inserts fewer rows than it was given skipped a value the library already holds (or an id
 * another writer took meanwhile): of the rows that did not land under their id, those whose value is held
 * are left to the caller's merge and the others go again one by one.
 */
const insertNewResourcesSqlite = (raw: RawSql, rows: readonly ResourceWrite[]): Array<number | undefined> => {
  const ids: Array<number | undefined> = new Array<number | undefined>(rows.length).fill(undefined);
  const again: number[] = [];
  const first = Number(raw.prepare('select max(id) from resources').value() ?? 0) + 1;
  const landed = raw.prepare('select id, type, normalized from resources where id between ? and ?');
  let next = first;
  runInStatements(
    raw,
    INSERT_WITH_IDS_SQL,
    rows,
    (params, r) => {
      params.push(next++);
      pushResourceParams(params, r);
    },
    (start, size, changes) => {
      if (changes === size) {
        for (let j = start; j < start + size; j++) ids[j] = first + j;
        return;
      }
      const mine = new Set(
        landed
          .rows(first + start, first + start + size - 1)
          .map(([id, type, normalized]) => `${String(id)}\u0000${String(type)}\u0000${String(normalized)}`),
      );
      for (let j = start; j < start + size; j++) {
        const r = rows[j];
        if (r && mine.has(`${first + j}\u0000${r.type}\u0000${r.normalized}`)) ids[j] = first + j;
        else again.push(j);
      }
    },
  );
  const held = raw.prepare('select id from resources where type = ? and normalized = ?');
  const one = raw.prepare(INSERT_NEW_RESOURCE_RETURNING_SQL);
  for (const j of again) {
    const r = rows[j];
    if (!r || held.value(r.type, r.normalized) !== undefined) continue;
    const id = one.value(pushResourceParams([], r));
    if (typeof id === 'number' || typeof id === 'bigint') ids[j] = Number(id);
  }
  return ids;
};
/** Appends a row's values in RESOURCE_COLUMNS order, for the prepared statements. */
const pushResourceParams = (out: unknown[], r: ResourceWrite | undefined): unknown[] => {
  if (r)
    out.push(
      r.type,
      r.normalized,
      r.display,
      r.attributes,
      r.status,
      r.first_seen,
      r.last_seen,
      r.pin_verdict,
      r.pin_reason,
      r.pin_by,
      r.pin_at,
      r.pin_overrides_allow,
      r.verdict_public,
      r.score_public,
      r.verdict_members,
      r.score_members,
      r.fraud_type,
      r.reasons,
      r.scored_at,
      r.updated_at,
    );
  return out;
};
const CLAIM_COLUMNS = [
  'resource_id',
  'org_id',
  'verdict',
  'fraud_type',
  'confidence',
  'evidence',
  'sharing',
  'source',
  'created_at',
  'updated_at',
  'valid_until',
  'withdrawn_at',
] as const;
const CLAIM_UPDATED = [
  'verdict',
  'fraud_type',
  'confidence',
  'evidence',
  'sharing',
  'updated_at',
  'valid_until',
  'withdrawn_at',
] as const;
const UPSERT_CLAIMS_SQL = bySize(
  (rows) =>
    `insert into claims (${CLAIM_COLUMNS.join(', ')}) values ${placeholders(rows, CLAIM_COLUMNS.length)}
  on conflict (resource_id, org_id, source) do update set ${CLAIM_UPDATED.map((c) => `${c} = excluded.${c}`).join(', ')}`,
);
const INSERT_CHANGES_SQL = bySize(
  (rows) => `insert into changes (resource_id, at) values ${placeholders(rows, 2)}`,
);
/** Appends a claim's values in CLAIM_COLUMNS order. */
const pushClaimParams = (out: unknown[], r: ClaimWrite | undefined): unknown[] => {
  if (r)
    out.push(
      r.resource_id,
      r.org_id,
      r.verdict,
      r.fraud_type ?? null,
      r.confidence,
      r.evidence ?? '{}',
      r.sharing,
      r.source,
      r.created_at,
      r.updated_at,
      r.valid_until ?? null,
      r.withdrawn_at ?? null,
    );
  return out;
};

/**
 * @param raw prepared statements on the embedded SQLite connection: the bulk upserts use them (one
 *   prepared statement run per row beats a query built per batch by ~10×); PostgreSQL uses multi-row
 *   statements through Kysely.
 */
export const libraryRepository = (raw?: RawSql) => ({
  async findResources(
    tx: Executor,
    keys: ReadonlyArray<{ type: ResourceType; normalized: string }>,
  ): Promise<ResourceRecord[]> {
    const out: ResourceRecord[] = [];
    // (type, normalized) is the unique index: query per type so the index is used.
    for (const [type, values] of groupByType(keys)) {
      for (const part of chunk(values, 900)) {
        const rows = await tx
          .selectFrom('resources')
          .selectAll()
          .where('type', '=', type)
          .where('normalized', 'in', part)
          .execute();
        out.push(...rows.map(resourceRowToRecord));
      }
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
    const out: ResourceRecord[] = [];
    for (const part of chunk(ids, 900)) {
      if (part.length === 0) continue;
      out.push(
        ...(await tx.selectFrom('resources').selectAll().where('id', 'in', part).execute()).map(
          resourceRowToRecord,
        ),
      );
    }
    return out;
  },
  /**
   * Inserts the rows whose (type, normalized) the library does not hold yet and leaves the others untouched;
   * returns each row's new id, or undefined for a row not inserted, in the order of `rows`.
   */
  async insertNewResources(tx: Executor, rows: readonly ResourceWrite[]): Promise<Array<number | undefined>> {
    if (raw) return insertNewResourcesSqlite(raw, rows);
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
    const ids = new Map<string, number>();
    if (raw) {
      const stmt = raw.prepare(UPSERT_RESOURCE_SQL);
      for (const r of rows) {
        const id = stmt.value(pushResourceParams([], r));
        if (typeof id === 'number' || typeof id === 'bigint')
          ids.set(`${r.type}\u0000${r.normalized}`, Number(id));
      }
      return ids;
    }
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
    const out: ClaimRecord[] = [];
    for (const part of chunk(resourceIds, 900)) {
      if (part.length === 0) continue;
      out.push(
        ...(await tx.selectFrom('claims').selectAll().where('resource_id', 'in', part).execute()).map(
          claimRowToRecord,
        ),
      );
    }
    return out;
  },
  async upsertClaims(tx: Executor, rows: readonly ClaimWrite[]): Promise<void> {
    if (raw) return runInStatements(raw, UPSERT_CLAIMS_SQL, rows, pushClaimParams);
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
    const out: SightingRecord[] = [];
    for (const part of chunk(resourceIds, 900)) {
      if (part.length === 0) continue;
      const rows = await tx
        .selectFrom('sightings')
        .selectAll()
        .where('resource_id', 'in', part)
        .orderBy('at', 'desc')
        .limit(5000)
        .execute();
      out.push(
        ...rows.map((r) => ({
          id: Number(r.id),
          resourceId: Number(r.resource_id),
          orgId: r.org_id,
          kind: parseSightingKind(r.kind),
          at: r.at,
          source: r.source,
          note: r.note,
        })),
      );
    }
    return out;
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
      for (const part of chunk(values, 900)) {
        const rows = await tx
          .selectFrom('allow_entries')
          .select(['type', 'normalized', 'label', 'reason'])
          .where('type', '=', type)
          .where('normalized', 'in', part)
          .execute();
        for (const r of rows) out.set(`${r.type}\u0000${r.normalized}`, { label: r.label, reason: r.reason });
      }
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
  async upsertLinks(
    tx: Executor,
    rows: ReadonlyArray<{
      from_id: number;
      to_id: number;
      kind: string;
      evidence: string;
      org_id: string;
      created_at: number;
    }>,
  ): Promise<void> {
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
  async insertChanges(tx: Executor, resourceIds: readonly number[], at: number): Promise<void> {
    if (raw) return runInStatements(raw, INSERT_CHANGES_SQL, resourceIds, (out, id) => out.push(id, at));
    for (const part of chunk(resourceIds, 2000)) {
      if (part.length === 0) continue;
      await tx
        .insertInto('changes')
        .values(part.map((id) => ({ resource_id: id, at })))
        .execute();
    }
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
        .where((eb) => eb.or([eb('verdict_members', '!=', 'unknown'), eb('verdict_public', '!=', 'unknown')]))
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
});

export type LibraryRepository = ReturnType<typeof libraryRepository>;
