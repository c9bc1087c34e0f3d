import { sql } from 'kysely';
import type { Dialect, Executor } from '../../adapters/db/database.ts';
import type { AuditLogTable } from '../../adapters/db/schema.ts';
import type { Selectable } from 'kysely';
import type { AuditEntry } from './audit.types.ts';
import type { ChainedFields } from './audit.chain.ts';
import { parseJsonObject } from '../../shared/parse.ts';

type Row = Selectable<AuditLogTable>;

/** A stored row's fields as its hash covers them (the data as the JSON text stored). */
export const chainedFieldsOf = (r: Row): ChainedFields => ({
  at: r.at,
  orgId: r.org_id,
  actor: r.actor,
  action: r.action,
  entityType: r.entity_type,
  entityId: r.entity_id,
  reason: r.reason,
  dataText: r.data,
});

const rowToEntry = (r: Row): AuditEntry => {
  const { dataText, ...fields } = chainedFieldsOf(r);
  return {
    seq: Number(r.seq),
    ...fields,
    data: parseJsonObject(dataText),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
};

/** A row as written: every column but the sequence number. */
export type AuditRow = Omit<Selectable<AuditLogTable>, 'seq'>;

export const auditRepository = (dialect: Dialect) => ({
  /** Serialises appenders so two transactions never chain onto the same predecessor. */
  async lockChain(tx: Executor): Promise<void> {
    // SQLite already serialises writers; PostgreSQL needs a transaction-scoped advisory lock.
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(727274)`.execute(tx);
  },
  async lastHash(tx: Executor): Promise<string | undefined> {
    const r = await tx
      .selectFrom('audit_log')
      .select('hash')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r?.hash;
  },
  /** The last entry's sequence number and hash (undefined when the log is empty). */
  async head(tx: Executor): Promise<{ seq: number; hash: string } | undefined> {
    const r = await tx
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r && { seq: Number(r.seq), hash: r.hash };
  },
  async hashAt(tx: Executor, seq: number): Promise<string | undefined> {
    const r = await tx.selectFrom('audit_log').select('hash').where('seq', '=', seq).executeTakeFirst();
    return r?.hash;
  },
  async insert(tx: Executor, row: AuditRow): Promise<number> {
    const r = await tx.insertInto('audit_log').values(row).returning('seq').executeTakeFirstOrThrow();
    return Number(r.seq);
  },
  async listForEntity(
    tx: Executor,
    entityType: string,
    entityId: string,
    limit = 200,
  ): Promise<AuditEntry[]> {
    const rows = await tx
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', entityType)
      .where('entity_id', '=', entityId)
      .orderBy('seq', 'asc')
      .limit(limit)
      .execute();
    return rows.map(rowToEntry);
  },
  async list(
    tx: Executor,
    opts: { afterSeq: number; limit: number; orgId?: string | undefined },
  ): Promise<AuditEntry[]> {
    let q = tx.selectFrom('audit_log').selectAll().where('seq', '>', opts.afterSeq);
    if (opts.orgId) q = q.where('org_id', '=', opts.orgId);
    const rows = await q.orderBy('seq', 'asc').limit(opts.limit).execute();
    return rows.map(rowToEntry);
  },
  /** Raw rows in order, for verification (the stored JSON text must be hashed as stored). */
  async *scanRaw(tx: Executor, pageSize = 5000): AsyncGenerator<Row> {
    let after = 0;
    for (;;) {
      const rows = await tx
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq', 'asc')
        .limit(pageSize)
        .execute();
      if (rows.length === 0) return;
      for (const r of rows) yield r;
      after = Number(rows[rows.length - 1]?.seq ?? after);
    }
  },
});

export type AuditRepository = ReturnType<typeof auditRepository>;
