/**
 * Call records from the bus: one engine per organisation in each partition (records keyed by
 * subscriber), alerts written to the database where the same finding is stored once, and published on
 * the alerts stream with an id that is the same for the same finding.
 */
import type { Bus } from '../../../adapters/bus/bus.port.ts';
import type { Db } from '../../../adapters/db/database.ts';
import type { Clock } from '../../../shared/clock.ts';
import {
  messageParser,
  STREAMS,
  type AlertMessage,
  type CallRecordMessage,
} from '../../stream/streams.schema.ts';
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

export interface CallsStreamDeps {
  readonly db: Db;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly config?: EngineConfig;
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
  open(_partition, snapshot): PartitionState<CallRecordMessage> {
    const pending: Array<{ org: string; alert: CallAlert }> = [];
    const engines = new Map<string, CallsEngine>();
    const engineOf = (org: string): CallsEngine => {
      let e = engines.get(org);
      if (!e) {
        e = new CallsEngine(deps.config ?? DEFAULT_ENGINE_CONFIG, (alert) => pending.push({ org, alert }));
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
        if ('control' in m) engineOf(m.org).finish();
        else engineOf(m.org).ingest(m.record);
      },
      async flush() {
        if (pending.length === 0) return;
        const batch = pending.slice();
        const now = deps.clock.now().getTime();
        const byOrg = new Map<string, CallAlert[]>();
        for (const { org, alert } of batch) byOrg.set(org, [...(byOrg.get(org) ?? []), alert]);
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
