/**
 * The workers role: detector workers on the bus, one partitioned consumer per stream (call records by
 * subscriber, then their SIM-box and identity evidence by device and identity, SMS by template key). The container calls this once when the role is on.
 */
import { hostname } from 'node:os';
import type { Actor, OrgKind } from '../../shared/actor.ts';
import type { ClaimSink } from '../library/library.port.ts';
import type { AlertCaseSink } from '../detect/calls/calls.cases.ts';
import type { Bus } from '../../adapters/bus/bus.port.ts';
import type { Db } from '../../adapters/db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import { callsStreamHandler, type CallAlertIntake } from '../detect/calls/calls.stream.ts';
import { callsSharedStreamHandler } from '../detect/calls/calls.shared.stream.ts';
import type { SmsClassifier } from '../detect/sms/sms.detector.ts';
import { smsStreamHandler } from '../detect/sms/sms.stream.ts';
import { startPartitionWorker, type PartitionWorker } from './partition-worker.ts';
import { transfersStreamHandler, type TransfersIntake } from './transfers.stream.ts';
import { reportsStreamHandler, type ReportsIntake } from './reports.stream.ts';

export interface DetectorWorkers {
  readonly workerId: string;
  /** Partitions owned per stream. */
  owned(): Record<string, number[]>;
  stop(): Promise<void>;
}

/** An organisation's detector or feed acting on the bus: its kind decides what it may write. */
export const organisationActor =
  (organisation: (id: string) => Promise<{ id: string; kind: OrgKind } | undefined>, actor: string) =>
  async (org: string): Promise<Actor | undefined> => {
    const o = await organisation(org);
    return o && { orgId: o.id, orgKind: o.kind, actor, role: 'admin' };
  };

/**
 * The calls intake of worker alerts: the library's claim intake and the detector cases, acting as the
 * alerting organisation's detector. Alerts of an organisation fanzha does not know are stored and
 * published only (nobody could act on its claims).
 */
export const callAlertIntake = (deps: {
  claims: ClaimSink;
  cases: AlertCaseSink;
  organisation: (id: string) => Promise<{ id: string; kind: OrgKind } | undefined>;
}): CallAlertIntake => ({
  claims: deps.claims,
  cases: deps.cases,
  actorOf: organisationActor(deps.organisation, 'detector:calls'),
});

export const startDetectorWorkers = (deps: {
  bus: Bus;
  db: Db;
  clock: Clock;
  logger: Logger;
  smsClassifier: SmsClassifier;
  /** Where call alerts become claims and cases (left out: stored and published only). */
  callAlertIntake?: CallAlertIntake;
  /** Where transfers from the bus are scored (left out: nothing consumes the transfers stream). */
  transfers?: TransfersIntake;
  /** Where public reports from the bus are filed (left out: nothing consumes the reports stream). */
  reports?: ReportsIntake;
  workerId?: string;
  checkpointMs?: number;
}): DetectorWorkers => {
  const workerId = deps.workerId ?? `${hostname()}:${process.pid}`;
  const options = {
    bus: deps.bus,
    logger: deps.logger,
    workerId,
    ...(deps.checkpointMs === undefined ? {} : { checkpointMs: deps.checkpointMs }),
  };
  const callsDeps = {
    db: deps.db,
    bus: deps.bus,
    clock: deps.clock,
    ...(deps.callAlertIntake ? { intake: deps.callAlertIntake } : {}),
  };
  const workers: Record<string, PartitionWorker> = {
    calls: startPartitionWorker(options, callsStreamHandler({ ...callsDeps })),
    callsShared: startPartitionWorker(
      options,
      callsSharedStreamHandler({ ...callsDeps, sources: deps.bus.partitions }),
    ),
    sms: startPartitionWorker(options, smsStreamHandler({ bus: deps.bus, classifier: deps.smsClassifier })),
  };
  if (deps.transfers)
    workers['transfers'] = startPartitionWorker(
      options,
      transfersStreamHandler({ bus: deps.bus, intake: deps.transfers }),
    );
  if (deps.reports)
    workers['reports'] = startPartitionWorker(
      options,
      reportsStreamHandler({ bus: deps.bus, intake: deps.reports }),
    );
  return {
    workerId,
    owned: () => Object.fromEntries(Object.entries(workers).map(([k, w]) => [k, w.owned()])),
    async stop() {
      await Promise.all(Object.values(workers).map((w) => w.stop()));
    },
  };
};
