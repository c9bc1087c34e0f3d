/**
 * The edge: the real-time checks, the warning loop, and the blocked-SMS feed into the SMS engine and the
 * library (campaign mining works on what was stopped). The container builds it once.
 */
import type { Db } from '../../adapters/db/database.ts';
import { SYSTEM_ACTOR } from '../../shared/actor.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { SmsClassifier } from '../detect/sms/sms.detector.ts';
import type { SmsRecord, SmsService } from '../detect/sms/sms.service.ts';
import type { ClaimSink } from '../library/library.port.ts';
import type { NormalizeContext } from '../library/normalize/index.ts';
import type { LookupsService } from '../lookups/lookups.service.ts';
import { edgeKeyChecker, edgeKeyOwners, type EdgeKeyCheck, type EdgeKeyOwner } from './edge.keys.ts';
import type { TransfersService } from '../transfers/transfers.service.ts';
import type { EdgeRepository } from './edge.repository.ts';
import { createEdgeService, type EdgeService } from './edge.service.ts';
import { fetchPost, createWarningsService, type WarningsService } from './edge.warnings.ts';

export interface EdgeModule {
  readonly edge: EdgeService;
  readonly warnings: WarningsService;
  /** The key check the edge endpoints and the edge listener share. */
  readonly keyOk: EdgeKeyCheck;
  /** The organisation a presented key belongs to (null: none; undefined: not a valid key). */
  readonly keyOwner: EdgeKeyOwner;
  /** Stops the blocked-SMS timer and hands over what is still queued. */
  stop(): void;
}

export interface EdgeModuleDeps {
  readonly db: Db;
  readonly repo: EdgeRepository;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly normalize: NormalizeContext;
  readonly lookups: LookupsService;
  readonly classifier: SmsClassifier;
  readonly sms: Pick<SmsService, 'ingest'>;
  readonly claims: ClaimSink;
  readonly edgeKeys: readonly string[];
  readonly transfers: Pick<TransfersService, 'standing'>;
}

const BLOCKED_BATCH = 500;

export const createEdgeModule = (c: EdgeModuleDeps): EdgeModule => {
  const warnings = createWarningsService({
    db: c.db,
    repo: c.repo,
    clock: c.clock,
    normalize: c.normalize,
    post: fetchPost,
    logger: c.logger,
  });

  // Blocked messages feed campaign mining (the SMS engine's templates) and become claims of the platform:
  // the edge decided to block them, whatever the classifier alone would say.
  let blocked: Array<SmsRecord & { fraudType?: string | undefined }> = [];
  const feedBlocked = (): void => {
    if (blocked.length === 0) return;
    const batch = blocked;
    blocked = [];
    const warn = (e: unknown) =>
      c.logger.warn(`edge: blocked SMS not recorded: ${e instanceof Error ? e.message : String(e)}`);
    c.sms.ingest(SYSTEM_ACTOR, batch).catch(warn);
    c.claims
      .submitClaims(
        SYSTEM_ACTOR,
        batch.map((m) => ({
          type: 'sms',
          value: m.text,
          verdict: 'fraud',
          confidence: 0.6,
          fraudType: m.fraudType,
          source: 'edge:sms-hook',
          sharing: 'members',
          evidence: { sender: m.sender },
        })),
      )
      .catch(warn);
  };
  const edge = createEdgeService({
    lookups: c.lookups,
    normalize: c.normalize,
    classifier: c.classifier,
    warn: (w) => warnings.observe(w),
    mules: (account, institution) => c.transfers.standing(account, institution),
    blockedSms: (m) => {
      blocked.push({
        sender: m.sender,
        receiver: m.receiver,
        time: c.clock.now().getTime(),
        text: m.text,
        fraudType: m.fraudType,
      });
      if (blocked.length >= BLOCKED_BATCH) feedBlocked();
    },
  });
  const flushTimer = setInterval(feedBlocked, 5000);
  flushTimer.unref();
  return {
    edge,
    warnings,
    keyOk: edgeKeyChecker(c.edgeKeys),
    keyOwner: edgeKeyOwners(c.edgeKeys),
    stop() {
      clearInterval(flushTimer);
      feedBlocked();
    },
  };
};
