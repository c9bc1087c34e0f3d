/** The only file that writes SQL for the call-records tables (migration 0005_calls). Rows never leave it. */
import type { Selectable } from 'kysely';
import type { Executor } from '../../../adapters/db/database.ts';
import type { CallsAlertsTable } from '../../../adapters/db/schema.ts';
import type { CallAlert } from './engine.ts';
import type { NumberFeatures } from './features.ts';

export interface StoredAlert extends CallAlert {
  readonly id: number;
  readonly orgId: string;
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const str = (o: Record<string, unknown>, k: string): string | undefined =>
  typeof o[k] === 'string' ? o[k] : undefined;

/** The `related` column back to its shape, keeping only the fields that are what they claim to be. */
const relatedOf = (v: unknown): CallAlert['related'] => {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const phones = Array.isArray(o.phones)
    ? o.phones.filter((p): p is string => typeof p === 'string')
    : undefined;
  const imei = str(o, 'imei');
  const identity = str(o, 'identity');
  const region = str(o, 'region');
  if (!phones && !imei && !identity && !region) return undefined;
  return {
    ...(imei ? { imei } : {}),
    ...(identity ? { identity } : {}),
    ...(region ? { region } : {}),
    ...(phones ? { phones } : {}),
  };
};

const alertRowToAlert = (r: Selectable<CallsAlertsTable>): StoredAlert => {
  const reasons = parseJson(r.reasons);
  const related = relatedOf(parseJson(r.related));
  const subjectType = r.subject_type === 'device' || r.subject_type === 'identity' ? r.subject_type : 'phone';
  const verdict = r.verdict === 'fraud' || r.verdict === 'suspicious' ? r.verdict : 'normal';
  const action = r.action === 'kick' || r.action === 'reverify' ? r.action : 'review';
  return {
    id: Number(r.id),
    orgId: r.org_id,
    detector: r.detector,
    subject: r.subject,
    subjectType,
    verdict,
    score: r.score,
    reasons: Array.isArray(reasons)
      ? reasons.filter(
          (x): x is CallAlert['reasons'][number] =>
            typeof x === 'object' && x !== null && 'code' in x && 'message' in x,
        )
      : [],
    window: { from: r.window_from, to: r.window_to },
    action,
    at: r.at,
    ...(related ? { related } : {}),
  };
};

export const callsRepository = () => ({
  /** Inserts alerts; one per (org, detector, subject) — a re-delivered alert changes nothing. Returns how many were new. */
  async insertAlerts(
    db: Executor,
    orgId: string,
    alerts: readonly CallAlert[],
    now: number,
  ): Promise<number> {
    let inserted = 0;
    for (const a of alerts) {
      const r = await db
        .insertInto('calls_alerts')
        .values({
          org_id: orgId,
          detector: a.detector,
          subject: a.subject,
          subject_type: a.subjectType,
          verdict: a.verdict,
          score: a.score,
          reasons: JSON.stringify(a.reasons),
          window_from: a.window.from,
          window_to: a.window.to,
          action: a.action,
          at: a.at,
          related: JSON.stringify(a.related ?? {}),
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['org_id', 'detector', 'subject_type', 'subject']).doNothing())
        .executeTakeFirst();
      inserted += Number(r.numInsertedOrUpdatedRows ?? 0n);
    }
    return inserted;
  },

  /** Which of these findings (detector, subject type, subject) the organisation already has stored. */
  async storedFindings(db: Executor, orgId: string, alerts: readonly CallAlert[]): Promise<Set<string>> {
    const out = new Set<string>();
    const subjects = [...new Set(alerts.map((a) => a.subject))];
    for (let i = 0; i < subjects.length; i += 500) {
      const rows = await db
        .selectFrom('calls_alerts')
        .select(['detector', 'subject_type', 'subject'])
        .where('org_id', '=', orgId)
        .where('subject', 'in', subjects.slice(i, i + 500))
        .execute();
      for (const r of rows) out.add(`${r.detector}|${r.subject_type}|${r.subject}`);
    }
    return out;
  },

  async listAlerts(
    db: Executor,
    orgId: string,
    q: {
      detector?: string | undefined;
      subject?: string | undefined;
      since?: number | undefined;
      limit: number;
    },
  ): Promise<StoredAlert[]> {
    let query = db.selectFrom('calls_alerts').selectAll().where('org_id', '=', orgId);
    if (q.detector) query = query.where('detector', 'like', `${q.detector}%`);
    if (q.subject) query = query.where('subject', '=', q.subject);
    if (q.since !== undefined) query = query.where('at', '>=', q.since);
    const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
    return rows.map(alertRowToAlert);
  },

  async upsertFeatures(
    db: Executor,
    orgId: string,
    features: readonly NumberFeatures[],
    now: number,
  ): Promise<void> {
    for (const f of features)
      await db
        .insertInto('calls_number_features')
        .values({
          org_id: orgId,
          phone: f.phone,
          window_to: f.window.to,
          features: JSON.stringify(f),
          updated_at: now,
        })
        .onConflict((oc) =>
          oc
            .columns(['org_id', 'phone'])
            .doUpdateSet({ window_to: f.window.to, features: JSON.stringify(f), updated_at: now }),
        )
        .execute();
  },

  async features(
    db: Executor,
    orgId: string,
    phone: string,
  ): Promise<{ windowTo: number; features: Record<string, unknown> } | undefined> {
    const r = await db
      .selectFrom('calls_number_features')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('phone', '=', phone)
      .executeTakeFirst();
    if (!r) return undefined;
    const f = parseJson(r.features);
    return { windowTo: r.window_to, features: typeof f === 'object' && f !== null ? { ...f } : {} };
  },

  async insertPreRegistration(
    db: Executor,
    orgId: string,
    p: { phone: string; region: string; from: number; until: number },
    now: number,
  ): Promise<void> {
    await db
      .insertInto('calls_preregistrations')
      .values({
        org_id: orgId,
        phone: p.phone,
        region: p.region,
        valid_from: p.from,
        valid_until: p.until,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['org_id', 'phone', 'region', 'valid_from']).doNothing())
      .execute();
  },

  async insertKick(
    db: Executor,
    orgId: string,
    k: { phone: string; region: string; actedAt: number },
  ): Promise<void> {
    await db
      .insertInto('calls_kick_actions')
      .values({
        org_id: orgId,
        phone: k.phone,
        region: k.region,
        acted_at: k.actedAt,
        status: 'active',
        appeal_reason: null,
        restored_at: null,
        restored_by: null,
      })
      .onConflict((oc) => oc.columns(['org_id', 'phone', 'region', 'acted_at']).doNothing())
      .execute();
  },

  async kicks(
    db: Executor,
    orgId: string,
    phone: string,
  ): Promise<
    Array<{ id: number; region: string; actedAt: number; status: string; restoredAt: number | null }>
  > {
    const rows = await db
      .selectFrom('calls_kick_actions')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('phone', '=', phone)
      .orderBy('acted_at')
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      region: r.region,
      actedAt: r.acted_at,
      status: r.status,
      restoredAt: r.restored_at,
    }));
  },

  /** One of this organisation's 踢网 actions: its status, or undefined when it has none with this id. */
  async kickStatus(db: Executor, orgId: string, id: number): Promise<string | undefined> {
    const row = await db
      .selectFrom('calls_kick_actions')
      .select('status')
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.status;
  },

  /** The restore path after an upheld appeal (复机): only an active action can be restored. */
  async restoreKick(
    db: Executor,
    orgId: string,
    id: number,
    by: string,
    reason: string,
    now: number,
  ): Promise<boolean> {
    const r = await db
      .updateTable('calls_kick_actions')
      .set({ status: 'restored', appeal_reason: reason, restored_at: now, restored_by: by })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },
});

export type CallsRepository = ReturnType<typeof callsRepository>;
