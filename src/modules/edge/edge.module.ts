/**
 * Builds the edge module from the container's parts: the checks, the warning loop, the blocked-SMS
 * feed into the library (campaign mining works on what was stopped) and the routes. The lead wires it
 * with one line in routes.ts: `...edgeModule(c).routes`.
 */
import type { App } from '../../adapters/http/http.types.ts';
import type { Container } from '../../container.ts';
import { SYSTEM_ACTOR } from '../access/access.service.ts';
import type { SmsRecord } from '../detect/sms/sms.service.ts';
import { edgeKeyChecker, type EdgeKeyCheck } from './edge.keys.ts';
import { edgeRepository } from './edge.repository.ts';
import { edgeRoutes } from './edge.routes.ts';
import { edgeService, type EdgeService } from './edge.service.ts';
import { fetchPost, warningsService, type WarningsService } from './edge.warnings.ts';

export interface EdgeModule {
  readonly edge: EdgeService;
  readonly warnings: WarningsService;
  readonly routes: Array<(app: App) => Promise<void>>;
  /** The key check the edge endpoints and the edge listener share. */
  readonly keyOk: EdgeKeyCheck;
}

const BLOCKED_BATCH = 500;

export const edgeModule = (c: Container, opts: { runWarningLoop?: boolean } = {}): EdgeModule => {
  const warnings = warningsService({
    db: c.handle.db,
    repo: edgeRepository(),
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
    c.library
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
  const edge = edgeService({
    lookups: c.lookups,
    normalize: c.normalize,
    classifier: c.smsClassifier,
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
  const keyOk = edgeKeyChecker(c.config.edgeKeys);
  const routes = edgeRoutes({
    edge,
    warnings,
    library: c.library,
    keyOk,
    listMasterKey: c.normalize.pseudonymKey,
    creditCheck: async (actor, holder) => (await c.collaboration.credit.check(actor, holder)).listed,
    runWarningLoop: opts.runWarningLoop ?? true,
  });
  const withCleanup = async (app: App): Promise<void> => {
    app.addHook('onClose', () => {
      clearInterval(flushTimer);
      feedBlocked();
      return Promise.resolve();
    });
    await routes(app);
  };
  return { edge, warnings, routes: [withCleanup], keyOk };
};
