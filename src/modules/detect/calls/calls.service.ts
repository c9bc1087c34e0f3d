/**
 * Ingesting record batches over HTTP: validate the whole batch first (nothing half written), run the
 * organisation's engine, store alerts, feature snapshots, pre-registrations and 踢网 actions in one
 * transaction, then submit the alerts to the library as claims; an alert above its detector's case
 * threshold (calls.cases.ts) then opens a case, or adds to the one open for its detector and subject.
 */
import type { Db } from '../../../adapters/db/database.ts';
import type { Clock } from '../../../shared/clock.ts';
import { DomainError, invalidInput } from '../../../shared/errors.ts';
import type { ClaimSink } from '../../library/library.port.ts';
import type { Actor } from '../../../shared/actor.ts';
import { requireMay } from '../../../shared/policy.ts';
import { caseRequestOf, DEFAULT_CASE_POLICY, type AlertCaseSink, type CasePolicy } from './calls.cases.ts';
import { alertToLibrary } from './calls.claims.ts';
import type { CallsRepository, StoredAlert } from './calls.repository.ts';
import { CallsEngine, type CallAlert } from './engine.ts';
import type { FraudModel } from './fraud-model.ts';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from './engine.config.ts';
import type { NumberFeatures } from './features.ts';
import { parseRecord, type CallRecord } from './records.schema.ts';

export interface CallsServiceDeps {
  readonly db: Db;
  readonly repo: CallsRepository;
  readonly claims: ClaimSink;
  readonly clock: Clock;
  readonly config?: EngineConfig;
  /** Where alerts become cases; without it alerts stay claims (tests of the engine alone). */
  readonly cases?: AlertCaseSink;
  readonly casePolicy?: CasePolicy;
  /**
   * Loads the fraud-number model (calls.fraud-number) for the engines, once, on the first ingest; without
   * it the engines run every rule detector but not the model (tests of the rules alone).
   */
  readonly fraudModel?: () => Promise<FraudModel>;
}

export interface IngestResult {
  readonly accepted: number;
  readonly duplicates: number;
  readonly late: number;
  readonly alerts: number;
  readonly casesOpened: number;
  readonly casesUpdated: number;
  /** Alerts above their case threshold whose subject the library cannot hold (e.g. an unallocated block). */
  readonly casesSkipped: number;
}

export const createCallsService = (deps: CallsServiceDeps) => {
  const engines = new Map<string, { engine: CallsEngine; pending: CallAlert[] }>();
  let model: Promise<FraudModel> | undefined;
  const engineOf = async (orgId: string): Promise<{ engine: CallsEngine; pending: CallAlert[] }> => {
    let e = engines.get(orgId);
    if (!e) {
      const pending: CallAlert[] = [];
      const loaded = deps.fraudModel ? await (model ??= deps.fraudModel()) : undefined;
      e = engines.get(orgId); // another ingest may have built it while the model loaded
      if (e) return e;
      e = {
        engine: new CallsEngine(
          deps.config ?? DEFAULT_ENGINE_CONFIG,
          (a) => pending.push(a),
          loaded ? (items) => loaded.score(items) : undefined,
        ),
        pending,
      };
      engines.set(orgId, e);
    }
    return e;
  };

  return {
    async ingest(
      actor: Actor,
      batch: readonly unknown[],
      opts: { flush?: boolean } = {},
    ): Promise<IngestResult> {
      requireMay(actor, 'calls.ingest');
      const records: CallRecord[] = [];
      batch.forEach((value, i) => {
        const r = parseRecord(value);
        if (!r.ok) throw invalidInput(`records[${i}].${r.error.field}`, r.error.message);
        records.push(r.value);
      });
      const { engine, pending } = await engineOf(actor.orgId);
      let accepted = 0;
      let duplicates = 0;
      let late = 0;
      const touched = new Set<string>();
      for (const r of records) {
        const outcome = engine.ingest(r);
        if (outcome === 'accepted') {
          accepted++;
          touched.add(r.phone);
        } else if (outcome === 'duplicate') duplicates++;
        else late++;
      }
      if (opts.flush) engine.finish();
      const alerts = pending.splice(0);
      const features = [...touched].flatMap((p) => {
        const f = engine.featuresOf(p);
        return f ? [f] : [];
      });
      const now = deps.clock.now().getTime();
      await deps.db.transaction().execute(async (tx) => {
        await deps.repo.insertAlerts(tx, actor.orgId, alerts, now);
        await deps.repo.upsertFeatures(tx, actor.orgId, features, now);
        for (const r of records)
          if (r.kind === 'preregistration') await deps.repo.insertPreRegistration(tx, actor.orgId, r, now);
        for (const a of alerts)
          if (a.action === 'kick')
            await deps.repo.insertKick(tx, actor.orgId, {
              phone: a.subject,
              region: a.related?.region ?? 'unknown',
              actedAt: a.at,
            });
      });
      if (alerts.length > 0) {
        const library = alerts.map(alertToLibrary);
        const detectorActor: Actor = { ...actor, actor: 'detector:calls' };
        await deps.claims.submitClaims(
          detectorActor,
          library.flatMap((l) => l.claims),
          library.flatMap((l) => l.links),
        );
      }
      let casesOpened = 0;
      let casesUpdated = 0;
      let casesSkipped = 0;
      if (deps.cases) {
        const detectorActor: Actor = { ...actor, actor: 'detector:calls' };
        for (const a of alerts) {
          const request = caseRequestOf(a, deps.casePolicy ?? DEFAULT_CASE_POLICY);
          if (!request) continue;
          const r = await deps.cases.openOrUpdate(detectorActor, request);
          if (r.outcome === 'opened') casesOpened++;
          else if (r.outcome === 'updated') casesUpdated++;
          else casesSkipped++;
        }
      }
      return { accepted, duplicates, late, alerts: alerts.length, casesOpened, casesUpdated, casesSkipped };
    },

    listAlerts(
      orgId: string,
      q: {
        detector?: string | undefined;
        subject?: string | undefined;
        since?: number | undefined;
        limit?: number | undefined;
      },
    ): Promise<StoredAlert[]> {
      return deps.repo.listAlerts(deps.db, orgId, { ...q, limit: Math.min(1000, q.limit ?? 100) });
    },

    async numberFeatures(
      orgId: string,
      phone: string,
    ): Promise<{
      phone: string;
      live: NumberFeatures | undefined;
      stored: Record<string, unknown> | undefined;
      kicks: Awaited<ReturnType<CallsRepository['kicks']>>;
    }> {
      const live = engines.get(orgId)?.engine.featuresOf(phone);
      const stored = await deps.repo.features(deps.db, orgId, phone);
      const kicks = await deps.repo.kicks(deps.db, orgId, phone);
      if (!live && !stored && kicks.length === 0)
        throw new DomainError('not_found', `no call records for ${phone}`, 'phone');
      return { phone, live, stored: stored?.features, kicks };
    },

    async restoreKick(actor: Actor, id: number, reason: string): Promise<void> {
      requireMay(actor, 'calls.kick.restore');
      const ok = await deps.repo.restoreKick(
        deps.db,
        actor.orgId,
        id,
        actor.actor,
        reason,
        deps.clock.now().getTime(),
      );
      if (ok) return;
      // Another organisation's action does not exist for this one; its own may have been restored already.
      if ((await deps.repo.kickStatus(deps.db, actor.orgId, id)) === undefined)
        throw new DomainError('not_found', 'no 踢网 action with this id', 'id');
      throw new DomainError('invalid_transition', 'no active 踢网 action with this id', 'id');
    },

    /** Frees the model's (wasm) memory. */
    async close(): Promise<void> {
      if (model) (await model).free();
    },
  };
};
export type CallsService = ReturnType<typeof createCallsService>;
