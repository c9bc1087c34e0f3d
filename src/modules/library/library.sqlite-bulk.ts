/**
 * The SQLite bulk path: prepared multi-row statements on the embedded connection. One prepared statement
 * run per group of rows beats a query built per batch by about ten times, which is what keeps an import
 * or a detector feed at a handful of statement runs per thousand values. PostgreSQL goes through Kysely.
 */
import type { RawSql } from '../../adapters/db/raw.ts';
import type { ClaimWrite, ResourceWrite } from './library.rows.ts';

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
/** A value already held keeps its identity, when it was first seen and its pin; everything else is rewritten. */
const RESOURCE_KEPT: ReadonlySet<string> = new Set([
  'type',
  'normalized',
  'first_seen',
  'pin_verdict',
  'pin_reason',
  'pin_by',
  'pin_at',
  'pin_overrides_allow',
]);
const RESOURCE_UPDATED = RESOURCE_COLUMNS.filter((c) => !RESOURCE_KEPT.has(c));
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
  done?: (start: number, size: number, changes: number, lastInsertRowid: number) => void,
): void => {
  for (let i = 0; i < rows.length;) {
    const size = rowsForStatement(rows.length - i);
    const params: unknown[] = [];
    for (let j = i; j < i + size; j++) push(params, rows[j] as T);
    const { changes, lastInsertRowid } = raw.prepare(sql.get(size) ?? '').run(params);
    done?.(i, size, changes, lastInsertRowid);
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

/** The bulk writes on SQLite, with the same meaning as the repository methods of the same names. */
export const sqliteBulk = (raw: RawSql) => ({
  insertNewResources: (rows: readonly ResourceWrite[]): Array<number | undefined> =>
    insertNewResourcesSqlite(raw, rows),
  upsertResources(rows: readonly ResourceWrite[]): Map<string, number> {
    const ids = new Map<string, number>();
    const stmt = raw.prepare(UPSERT_RESOURCE_SQL);
    for (const r of rows) {
      const id = stmt.value(pushResourceParams([], r));
      if (typeof id === 'number' || typeof id === 'bigint')
        ids.set(`${r.type}\u0000${r.normalized}`, Number(id));
    }
    return ids;
  },
  upsertClaims: (rows: readonly ClaimWrite[]): void =>
    runInStatements(raw, UPSERT_CLAIMS_SQL, rows, pushClaimParams),
  /** Appends to the change feed; returns the change numbers, in the order of the values. */
  insertChanges: (resourceIds: readonly number[], at: number): number[] => {
    const seqs: number[] = [];
    // One statement's rows take consecutive numbers: nothing else writes while this transaction does.
    runInStatements(
      raw,
      INSERT_CHANGES_SQL,
      resourceIds,
      (out, id) => out.push(id, at),
      (_start, size, _n, last) => {
        for (let k = size - 1; k >= 0; k--) seqs.push(last - k);
      },
    );
    return seqs;
  },
});

export type SqliteBulk = ReturnType<typeof sqliteBulk>;
