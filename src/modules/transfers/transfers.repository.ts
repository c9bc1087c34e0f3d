/** The only file of the transfers module that speaks SQL: the stream's rows and the mule alerts. */
import type { Generated, Selectable } from 'kysely';
import type { Executor } from '../../adapters/db/database.ts';
import type { TransferRecord, MuleReason } from './transfers.types.ts';

interface TransfersTable {
  id: Generated<number>;
  org_id: string;
  record_id: string;
  payer: string;
  payee: string;
  amount: number;
  currency: string;
  time: number;
  channel: string | null;
  institution: string | null;
  received_at: number;
}

interface TransferAlertsTable {
  id: Generated<number>;
  account: string;
  institution: string | null;
  score: number;
  reasons: string;
  model: string;
  case_id: string | null;
  first_at: number;
  updated_at: number;
}

// A type literal, not an interface: withTables needs a type with an implicit index signature.
type Tables = {
  transfers: TransfersTable;
  transfer_alerts: TransferAlertsTable;
};

export interface MuleAlert {
  readonly account: string;
  readonly institution: string | null;
  readonly score: number;
  readonly reasons: readonly MuleReason[];
  readonly model: string;
  readonly caseId: string | null;
  readonly firstAt: number;
  readonly updatedAt: number;
}

const alertOf = (r: Selectable<TransferAlertsTable>): MuleAlert => ({
  account: r.account,
  institution: r.institution,
  score: Number(r.score),
  reasons: JSON.parse(r.reasons) as MuleReason[],
  model: r.model,
  caseId: r.case_id,
  firstAt: Number(r.first_at),
  updatedAt: Number(r.updated_at),
});

const recordOf = (r: Selectable<TransfersTable>): TransferRecord => ({
  recordId: `${r.org_id}:${r.record_id}`,
  payer: r.payer,
  payee: r.payee,
  amount: Number(r.amount),
  currency: r.currency,
  time: Number(r.time),
  channel: r.channel ?? undefined,
  institution: r.institution ?? undefined,
});

const INSERT_CHUNK = 500;

export const transfersRepository = () => {
  const t = (db: Executor) => db.withTables<Tables>();
  return {
    /** Inserts the records not stored yet; returns those that were new (a duplicate is skipped). */
    async insertNew(
      db: Executor,
      orgId: string,
      records: readonly TransferRecord[],
      now: number,
    ): Promise<TransferRecord[]> {
      const fresh: TransferRecord[] = [];
      for (let i = 0; i < records.length; i += INSERT_CHUNK) {
        const chunk = records.slice(i, i + INSERT_CHUNK);
        const rows = await t(db)
          .insertInto('transfers')
          .values(
            chunk.map((r) => ({
              org_id: orgId,
              record_id: r.recordId,
              payer: r.payer,
              payee: r.payee,
              amount: r.amount,
              currency: r.currency,
              time: r.time,
              channel: r.channel ?? null,
              institution: r.institution ?? null,
              received_at: now,
            })),
          )
          .onConflict((oc) => oc.columns(['org_id', 'record_id']).doNothing())
          .returning(['record_id'])
          .execute();
        const inserted = new Set(rows.map((r) => r.record_id));
        for (const r of chunk) if (inserted.delete(r.recordId)) fresh.push(r);
      }
      return fresh;
    },

    /** Transfers at or after `since`, oldest first, a page at a time (the engine's warm start). */
    async *scanSince(db: Executor, since: number, page = 10_000): AsyncGenerator<TransferRecord[]> {
      for await (const rows of this.scanAfter(db, 0, since, page)) yield rows.map((r) => r.record);
    },

    /** Transfers stored after row `afterId` (and at or after `since`), with their row ids, in pages. */
    async *scanAfter(
      db: Executor,
      afterId: number,
      since = 0,
      page = 10_000,
    ): AsyncGenerator<Array<{ id: number; record: TransferRecord }>> {
      let after = afterId;
      for (;;) {
        const rows = await t(db)
          .selectFrom('transfers')
          .selectAll()
          .where('time', '>=', since)
          .where('id', '>', after)
          .orderBy('id')
          .limit(page)
          .execute();
        if (rows.length === 0) return;
        after = Number(rows[rows.length - 1]?.id ?? after);
        yield rows.map((r) => ({ id: Number(r.id), record: recordOf(r) }));
      }
    },

    async countTransfers(db: Executor, orgId: string): Promise<number> {
      const r = await t(db)
        .selectFrom('transfers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', orgId)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    async upsertAlert(db: Executor, a: MuleAlert): Promise<void> {
      await t(db)
        .insertInto('transfer_alerts')
        .values({
          account: a.account,
          institution: a.institution,
          score: a.score,
          reasons: JSON.stringify(a.reasons),
          model: a.model,
          case_id: a.caseId,
          first_at: a.firstAt,
          updated_at: a.updatedAt,
        })
        .onConflict((oc) =>
          oc.column('account').doUpdateSet((eb) => ({
            score: eb.ref('excluded.score'),
            reasons: eb.ref('excluded.reasons'),
            model: eb.ref('excluded.model'),
            institution: eb.ref('excluded.institution'),
            case_id: eb.fn.coalesce('excluded.case_id', 'transfer_alerts.case_id'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },

    async listAlerts(db: Executor, limit: number, account?: string): Promise<MuleAlert[]> {
      let q = t(db)
        .selectFrom('transfer_alerts')
        .selectAll()
        .orderBy('score', 'desc')
        .orderBy('account')
        .limit(limit);
      if (account !== undefined) q = q.where('account', '=', account);
      return (await q.execute()).map(alertOf);
    },
  };
};

export type TransfersRepository = ReturnType<typeof transfersRepository>;
