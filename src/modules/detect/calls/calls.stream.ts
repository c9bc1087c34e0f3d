/**
 * Call records from the bus: one engine per organisation in each partition (records keyed by
 * subscriber), alerts written to the database where the same finding is stored once, and published on
 * the alerts stream with an id that is the same for the same finding. What the SIM-box and 实名不实人
 * detectors need of other subscribers goes on to the second stage (calls.shared.stream.ts).
 */
import type { Bus, OutMessage } from '../../../adapters/bus/bus.port.ts';
import type { Db } from '../../../adapters/db/database.ts';
import type { Clock } from '../../../shared/clock.ts';
import {
  messageParser,
  FINAL_DAY,
  STREAMS,
  type AlertMessage,
  type CallRecordMessage,
  type CallsSharedMessage,
} from '../../stream/streams.schema.ts';
import type { SharedSightings } from './engine.shared.ts';
import type { ClaimSink } from '../../library/library.port.ts';
import type { Actor } from '../../../shared/actor.ts';
import { caseRequestOf, DEFAULT_CASE_POLICY, type AlertCaseSink, type CasePolicy } from './calls.cases.ts';
import { alertToLibrary } from './calls.claims.ts';
import type { PartitionState, StreamHandler } from '../../stream/partition-worker.ts';
import { callsRepository } from './calls.repository.ts';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from './engine.config.ts';
import { decodeEngineState, encodeEngineState } from './engine.checkpoint.ts';
import { CallsEngine, type CallAlert, type EngineStats } from './engine.ts';

export const CALLS_GROUP = 'detect-calls';

export const alertId = (org: string, a: CallAlert): string =>
  `${org}|${a.detector}|${a.subjectType}|${a.subject}`;

export const alertMessageOf = (org: string, a: CallAlert): AlertMessage => ({
  id: alertId(org, a),
  org,
  detector: a.detector,
  subjectType: a.subjectType,
  subject: a.subject,
  verdict: a.verdict,
  score: a.score,
  at: a.at,
});

/**
 * Where worker alerts become the library's claims (and links) and, above their detector's threshold,
 * cases: the same intake as call records ingested over HTTP (calls.service.ts).
 */
export interface CallAlertIntake {
  readonly claims: ClaimSink;
  readonly cases?: AlertCaseSink;
  readonly casePolicy?: CasePolicy;
  /** The organisation's detector acting (its kind decides what it may write); undefined: not known here. */
  actorOf(org: string): Promise<Actor | undefined>;
}

const findingKey = (a: CallAlert): string => `${a.detector}|${a.subjectType}|${a.subject}`;

/**
 * Stores alerts where the same finding is stored once, and publishes them on the alerts stream (ids
 * the same for the same finding). A finding not stored yet first becomes claims and a case: claims are
 * idempotent per value, organisation and source, and the alert's row, written last, marks the finding
 * done, so a redelivered record (its alert already stored) changes nothing. A crash between the case
 * and the row repeats the alert on the case that is open, never a second case.
 */
export const writeCallAlerts = async (
  deps: CallsStreamDeps,
  batch: ReadonlyArray<{ org: string; alert: CallAlert }>,
): Promise<void> => {
  const now = deps.clock.now().getTime();
  const byOrg = new Map<string, CallAlert[]>();
  for (const { org, alert } of batch) byOrg.set(org, [...(byOrg.get(org) ?? []), alert]);
  if (deps.intake)
    for (const [org, alerts] of byOrg) {
      const stored = await callsRepository().storedFindings(deps.db, org, alerts);
      const fresh = new Map<string, CallAlert>();
      for (const a of alerts)
        if (!stored.has(findingKey(a)) && !fresh.has(findingKey(a))) fresh.set(findingKey(a), a);
      if (fresh.size > 0) await intoLibrary(deps.intake, org, [...fresh.values()]);
    }
  await deps.db.transaction().execute(async (tx) => {
    for (const [org, alerts] of byOrg) await callsRepository().insertAlerts(tx, org, alerts, now);
  });
  await deps.bus.publish(
    STREAMS.alerts.name,
    batch.map(({ org, alert }) => ({
      key: alert.subject,
      body: JSON.stringify(alertMessageOf(org, alert)),
    })),
  );
};

const intoLibrary = async (
  intake: CallAlertIntake,
  org: string,
  alerts: readonly CallAlert[],
): Promise<void> => {
  const orgActor = await intake.actorOf(org);
  if (!orgActor) return;
  const actor: Actor = { ...orgActor, actor: 'detector:calls' };
  const library = alerts.map(alertToLibrary);
  await intake.claims.submitClaims(
    actor,
    library.flatMap((l) => l.claims),
    library.flatMap((l) => l.links),
  );
  if (!intake.cases) return;
  for (const a of alerts) {
    const request = caseRequestOf(a, intake.casePolicy ?? DEFAULT_CASE_POLICY);
    if (request) await intake.cases.openOrUpdate(actor, request);
  }
};

/** A partition engine's evidence for the second stage, as messages keyed by device or identity. */
const sharedSightingsTo = (
  out: OutMessage[],
  org: string,
  source: number,
  partitions: number,
): SharedSightings => {
  const message = (m: CallsSharedMessage, key: string): void => {
    out.push({ key, body: JSON.stringify(m) });
  };
  return {
    registration: (identity, phone, time) =>
      message({ org, kind: 'registration', identity, phone, time }, `identity:${identity}`),
    device: (day, imei, phone, first, last, features) =>
      message(
        { org, kind: 'device', day, imei, phone, first, last, ...(features ? { features } : {}) },
        `device:${imei}`,
      ),
    away: (day, identity, phone, features) =>
      message(
        { org, kind: 'away', day, identity, phone, ...(features ? { features } : {}) },
        `identity:${identity}`,
      ),
    closed: (day) => {
      const body = JSON.stringify({
        org,
        kind: 'closed',
        source,
        through: day === Infinity ? FINAL_DAY : day,
      } satisfies CallsSharedMessage);
      for (let p = 0; p < partitions; p++) out.push({ key: '', partition: p, body });
    },
  };
};

export interface CallsStreamDeps {
  readonly db: Db;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly config?: EngineConfig;
  /** Without it alerts are stored and published only (benchmarks of the detectors alone). */
  readonly intake?: CallAlertIntake;
}

/** Per-organisation engine statistics of a partition's checkpointed state (what was counted). */
export const statsOfSnapshot = (snapshot: string): Map<string, EngineStats> => {
  const out = new Map<string, EngineStats>();
  const orgs: unknown = JSON.parse(snapshot);
  if (typeof orgs !== 'object' || orgs === null) return out;
  for (const [org, b64] of Object.entries(orgs))
    if (typeof b64 === 'string') out.set(org, decodeEngineState(Buffer.from(b64, 'base64')).stats);
  return out;
};

export const callsStreamHandler = (deps: CallsStreamDeps): StreamHandler<CallRecordMessage> => ({
  stream: STREAMS.callRecords.name,
  group: CALLS_GROUP,
  parse: messageParser(STREAMS.callRecords.schema),
  open(partition, snapshot): PartitionState<CallRecordMessage> {
    const pending: Array<{ org: string; alert: CallAlert }> = [];
    const shared: OutMessage[] = [];
    const engines = new Map<string, CallsEngine>();
    const engineOf = (org: string): CallsEngine => {
      let e = engines.get(org);
      if (!e) {
        e = new CallsEngine(
          deps.config ?? DEFAULT_ENGINE_CONFIG,
          (alert) => pending.push({ org, alert }),
          undefined,
          sharedSightingsTo(shared, org, partition, deps.bus.partitions),
        );
        engines.set(org, e);
      }
      return e;
    };
    if (snapshot !== undefined) {
      const orgs: unknown = JSON.parse(snapshot);
      if (typeof orgs === 'object' && orgs !== null)
        for (const [org, b64] of Object.entries(orgs))
          if (typeof b64 === 'string')
            engineOf(org).importState(decodeEngineState(Buffer.from(b64, 'base64')));
    }
    return {
      apply(m) {
        if ('control' in m) engineOf(m.org).finish(m.newest);
        else engineOf(m.org).ingest(m.record);
      },
      async flush() {
        // The second stage's evidence first: it is idempotent there, and what a crash makes this
        // partition send again is the same.
        if (shared.length > 0) {
          const out = shared.slice();
          await deps.bus.publish(STREAMS.callsShared.name, out);
          shared.splice(0, out.length);
        }
        if (pending.length === 0) return;
        const batch = pending.slice();
        await writeCallAlerts(deps, batch);
        pending.splice(0, batch.length);
      },
      snapshot() {
        const out: Record<string, string> = {};
        for (const [org, e] of engines) out[org] = encodeEngineState(e.exportState()).toString('base64');
        return JSON.stringify(out);
      },
    };
  },
});
