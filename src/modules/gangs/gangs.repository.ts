/** The only file of the gangs module that speaks SQL: the sources of the graph, read in pages. */
import type { Executor } from '../../adapters/db/database.ts';

export interface LinkRow {
  readonly id: number;
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  readonly evidence: string;
  readonly orgId: string;
  readonly at: number;
}

export interface ValueMeta {
  readonly key: string;
  readonly verdict: string;
  readonly fraudType: string | null;
  readonly display: string;
}

const PAGE = 10_000;

export const gangsRepository = () => ({
  /** Library links after `afterId`, with both ends as `type:normalized`. */
  async *links(db: Executor, afterId = 0): AsyncGenerator<LinkRow[]> {
    let after = afterId;
    for (;;) {
      const rows = await db
        .selectFrom('links as l')
        .innerJoin('resources as a', 'a.id', 'l.from_id')
        .innerJoin('resources as b', 'b.id', 'l.to_id')
        .select([
          'l.id',
          'l.kind',
          'l.evidence',
          'l.org_id',
          'l.created_at',
          'a.type as a_type',
          'a.normalized as a_value',
          'b.type as b_type',
          'b.normalized as b_value',
        ])
        .where('l.id', '>', after)
        .orderBy('l.id')
        .limit(PAGE)
        .execute();
      if (rows.length === 0) return;
      after = Number(rows[rows.length - 1]?.id ?? after);
      yield rows.map((r) => ({
        id: Number(r.id),
        from: `${r.a_type}:${r.a_value}`,
        to: `${r.b_type}:${r.b_value}`,
        kind: r.kind,
        evidence: r.evidence,
        orgId: r.org_id,
        at: Number(r.created_at),
      }));
    }
  },

  async reports(db: Executor): Promise<Array<{ id: string; valuesJson: string; at: number }>> {
    const rows = await db.selectFrom('reports').select(['id', 'values_json', 'created_at']).execute();
    return rows.map((r) => ({ id: r.id, valuesJson: r.values_json, at: Number(r.created_at) }));
  },

  async smsMessages(db: Executor): Promise<
    Array<{
      id: string;
      orgId: string;
      sender: string;
      templateId: string;
      at: number;
      indicators: string;
      verdict: string;
    }>
  > {
    const rows = await db
      .selectFrom('sms_messages')
      .select(['id', 'org_id', 'sender', 'template_id', 'sent_at', 'indicators', 'verdict'])
      .where('verdict', '!=', 'normal')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      orgId: r.org_id,
      sender: r.sender,
      templateId: r.template_id,
      at: Number(r.sent_at),
      indicators: r.indicators,
      verdict: r.verdict,
    }));
  },

  /** How many rows each source holds: a change in reports or SMS means a full rebuild. */
  async sourceCounts(db: Executor): Promise<string> {
    const n = async (table: 'reports' | 'sms_messages'): Promise<number> =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return `${await n('reports')}/${await n('sms_messages')}`;
  },

  /** Library standing of values given as `type:normalized` keys. */
  async meta(db: Executor, keys: readonly string[]): Promise<ValueMeta[]> {
    const out: ValueMeta[] = [];
    const byType = new Map<string, string[]>();
    for (const k of keys) {
      const at = k.indexOf(':');
      const list = byType.get(k.slice(0, at)) ?? [];
      list.push(k.slice(at + 1));
      byType.set(k.slice(0, at), list);
    }
    for (const [type, values] of byType)
      for (let i = 0; i < values.length; i += 500) {
        const rows = await db
          .selectFrom('resources')
          .select(['type', 'normalized', 'display', 'verdict_members', 'fraud_type'])
          .where('type', '=', type)
          .where('normalized', 'in', values.slice(i, i + 500))
          .execute();
        for (const r of rows)
          out.push({
            key: `${r.type}:${r.normalized}`,
            verdict: r.verdict_members,
            fraudType: r.fraud_type,
            display: r.display,
          });
      }
    return out;
  },

  /** Open cases holding any of the values (for the gang dossier). */
  async casesOf(
    db: Executor,
    keys: readonly string[],
  ): Promise<Array<{ id: string; title: string; status: string; key: string }>> {
    const out: Array<{ id: string; title: string; status: string; key: string }> = [];
    for (let i = 0; i < keys.length; i += 200) {
      const chunk = keys.slice(i, i + 200);
      const rows = await db
        .selectFrom('case_values as v')
        .innerJoin('cases as c', 'c.id', 'v.case_id')
        .select(['c.id', 'c.title', 'c.status', 'v.type', 'v.normalized'])
        .where((eb) =>
          eb.or(
            chunk.map((k) =>
              eb.and([
                eb('v.type', '=', k.slice(0, k.indexOf(':'))),
                eb('v.normalized', '=', k.slice(k.indexOf(':') + 1)),
              ]),
            ),
          ),
        )
        .execute();
      for (const r of rows)
        out.push({ id: r.id, title: r.title, status: r.status, key: `${r.type}:${r.normalized}` });
    }
    return out;
  },
});

export type GangsRepository = ReturnType<typeof gangsRepository>;
