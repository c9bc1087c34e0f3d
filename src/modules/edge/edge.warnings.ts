/**
 * Warnings to users (用户防诈骗智能提醒). The hot paths (call and SMS checks) only queue an event in
 * memory; a loop every second writes queued events as warning rows (deduplicated by key, rate-limited
 * per subscriber, targeted by group) and delivers due rows to the operator's webhook, signed and
 * retried with back-off. The row is the durable outbox entry and the accuracy record at once, so an
 * event is sent well inside the 60 s the issue asks for, survives a restart once written, and can be
 * marked accurate or not afterwards.
 */
import { createHmac } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Db } from '../../adapters/db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Actor } from '../../shared/actor.ts';
import { DomainError, notFound } from '../../shared/errors.ts';
import { requireMay } from '../../shared/policy.ts';
import type { Logger } from '../../shared/logger.ts';
import { normalizeValue, type NormalizeContext } from '../library/normalize/index.ts';
import type { EdgeRepository, WarningRecord } from './edge.repository.ts';
import { dedupKey, nextAttemptAt, ruleFor, targets, type WarningInput } from './edge.warnings.plan.ts';
import { WARNING_POLICY, type WarningPolicy } from './edge.warnings.rules.ts';

export type { WarningInput } from './edge.warnings.plan.ts';

/** Outbound HTTP, passed in: returns the status code or throws on a network error. */
export type HttpPost = (url: string, body: string, headers: Record<string, string>) => Promise<number>;

export const fetchPost: HttpPost = async (url, body, headers) => {
  const res = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(5000) });
  await res.arrayBuffer();
  return res.status;
};

const WebhookSetting = Type.Object({
  url: Type.String({ pattern: '^https?://' }),
  secret: Type.String({ minLength: 16 }),
});

/** `t=<ms>,v1=<hex HMAC-SHA256(secret, "<ms>.<body>")>`: the receiver recomputes it and rejects old timestamps. */
export const signWarning = (secret: string, timestamp: number, body: string): string =>
  `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;

export interface WarningsDeps {
  readonly db: Db;
  readonly repo: EdgeRepository;
  readonly clock: Clock;
  readonly normalize: NormalizeContext;
  readonly post: HttpPost;
  readonly logger?: Logger | undefined;
  readonly policy?: WarningPolicy | undefined;
}

const QUEUE_LIMIT = 100_000;
const DELIVERY_BATCH = 100;

export const createWarningsService = (deps: WarningsDeps) => {
  const { db, repo, clock } = deps;
  const policy = deps.policy ?? WARNING_POLICY;
  let queue: Array<{ w: WarningInput; at: number }> = [];
  let dropped = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const subscriberKey = (raw: string): string => {
    const n = normalizeValue('phone', raw, deps.normalize);
    return n.ok ? n.value.normalized : raw.trim();
  };

  const payloadOf = (r: WarningRecord): string =>
    JSON.stringify({
      id: r.id,
      subscriber: r.subscriber,
      group: r.group,
      deliveries: r.deliveries,
      trigger: r.trigger,
      verdict: r.verdict,
      fraudType: r.fraudType,
      counterpart: r.counterpart,
      reason: r.reason,
      observedAt: r.observedAt,
    });

  const service = {
    /** Queue an event (hot path: no I/O). */
    observe(w: WarningInput): void {
      if (queue.length >= QUEUE_LIMIT) {
        dropped++;
        return;
      }
      queue.push({ w, at: clock.now().getTime() });
    },

    /** Writes queued events as warnings; returns how many new rows (pending or suppressed) were written. */
    async flush(): Promise<number> {
      const batch = queue;
      queue = [];
      if (batch.length === 0) return 0;
      // One transaction for the whole batch: a commit per event (an fsync each on SQLite) stalled the
      // event loop that answers the call checks for tens of milliseconds a second.
      return db.transaction().execute(async (tx) => {
        let written = 0;
        const now = clock.now().getTime();
        for (const { w, at } of batch) {
          const rule = ruleFor(policy, w.group);
          if (!targets(rule, w)) continue;
          const subscriber = subscriberKey(w.subscriber);
          const sent = await repo.countSentSince(tx, subscriber, now - policy.rateWindowMs);
          const added = await repo.insertWarning(tx, {
            dedupKey: dedupKey(policy, { ...w, subscriber }, at),
            subscriber,
            group: rule.group,
            trigger: w.channel,
            deliveries: rule.deliveries,
            verdict: w.verdict,
            fraudType: w.fraudType ?? null,
            counterpart: w.counterpart ?? null,
            reason: w.reason,
            observedAt: at,
            createdAt: now,
            status: sent >= rule.maxPerWindow ? 'suppressed' : 'pending',
          });
          if (added) written++;
        }
        return written;
      });
    },

    /** Sends due warnings to the webhook; returns how many were delivered. */
    async deliver(): Promise<number> {
      const raw = await repo.webhookSetting(db);
      if (raw === undefined) return 0;
      const hook: unknown = JSON.parse(raw);
      if (!Value.Check(WebhookSetting, hook)) return 0;
      // Outcomes are written in one transaction after the batch: a commit per warning (an fsync each on
      // SQLite) would stall the call checks that share this event loop. A crash before that commit
      // sends the batch again; receivers deduplicate by the warning's id.
      const outcomes: Array<{ id: number; at: number; error?: string; next?: number }> = [];
      for (const r of await repo.due(db, clock.now().getTime(), DELIVERY_BATCH)) {
        const body = payloadOf(r);
        const now = clock.now().getTime();
        let error: string | undefined;
        try {
          const status = await deps.post(hook.url, body, {
            'content-type': 'application/json',
            'x-fanzha-event': 'warning',
            'x-fanzha-signature': signWarning(hook.secret, now, body),
          });
          if (status < 200 || status >= 300) error = `HTTP ${status}`;
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
        }
        const at = clock.now().getTime();
        if (error === undefined) outcomes.push({ id: r.id, at });
        else {
          const next = nextAttemptAt(policy, r.attempts + 1, at);
          outcomes.push({ id: r.id, at, error, ...(next === undefined ? {} : { next }) });
          if (next === undefined)
            deps.logger?.warn(`edge: warning ${r.id} failed after ${policy.maxAttempts} attempts: ${error}`);
        }
      }
      if (outcomes.length === 0) return 0;
      await db.transaction().execute(async (tx) => {
        for (const o of outcomes)
          if (o.error === undefined) await repo.markDelivered(tx, o.id, o.at);
          else await repo.markFailedAttempt(tx, o.id, o.error, o.next);
      });
      return outcomes.filter((o) => o.error === undefined).length;
    },

    /** One pass of the loop (tests call it directly instead of waiting for the timer). */
    async tick(): Promise<void> {
      running ??= (async () => {
        try {
          await service.flush();
          await service.deliver();
        } finally {
          running = undefined;
        }
      })();
      return running;
    },

    start(intervalMs = 1000): void {
      if (timer) return;
      timer = setInterval(() => {
        service
          .tick()
          .catch((e: unknown) =>
            deps.logger?.error(`edge: warning loop failed: ${e instanceof Error ? e.message : String(e)}`),
          );
      }, intervalMs);
      timer.unref();
    },

    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },

    async setWebhook(actor: Actor, url: string, secret: string): Promise<void> {
      requireMay(actor, 'edge.warnings.webhook');
      const v = { url, secret };
      if (!Value.Check(WebhookSetting, v))
        throw new DomainError(
          'invalid_input',
          'url must be http(s) and secret at least 16 characters',
          'url',
        );
      await repo.saveWebhookSetting(db, JSON.stringify(v));
    },

    async feedback(id: number, accurate: boolean): Promise<void> {
      if (!(await repo.setFeedback(db, id, accurate ? 'accurate' : 'inaccurate', clock.now().getTime())))
        throw notFound(`warning ${id}`, 'id');
    },

    list(
      actor: Actor,
      opts: { subscriber?: string | undefined; status?: string | undefined; limit: number },
    ) {
      requireMay(actor, 'edge.warnings.read');
      return repo.list(db, {
        ...opts,
        subscriber: opts.subscriber ? subscriberKey(opts.subscriber) : undefined,
      });
    },

    /** 预警准确率: confirmed-accurate warnings over those with feedback, with the delivery counts beside it. */
    async accuracy(
      actor: Actor,
      days: number,
    ): Promise<{
      warnings: number;
      delivered: number;
      suppressed: number;
      failed: number;
      withFeedback: number;
      accurate: number;
      accuracy: number | null;
      dropped: number;
    }> {
      requireMay(actor, 'edge.warnings.accuracy');
      const t = await repo.tally(db, clock.now().getTime() - days * 86_400_000);
      const sum = (f: (r: { status: string; feedback: string | null }) => boolean): number =>
        t.filter(f).reduce((s, r) => s + r.n, 0);
      const withFeedback = sum((r) => r.feedback !== null);
      const accurate = sum((r) => r.feedback === 'accurate');
      return {
        warnings: sum(() => true),
        delivered: sum((r) => r.status === 'delivered'),
        suppressed: sum((r) => r.status === 'suppressed'),
        failed: sum((r) => r.status === 'failed'),
        withFeedback,
        accurate,
        accuracy: withFeedback === 0 ? null : accurate / withFeedback,
        dropped,
      };
    },
  };
  return service;
};

export type WarningsService = ReturnType<typeof createWarningsService>;
