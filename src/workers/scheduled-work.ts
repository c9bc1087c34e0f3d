/**
 * What the workers role runs on a schedule. Lists for operators and apps are not here: they are built on
 * request from the library's change feed, so there is nothing to prepare ahead of a download.
 */
import { SYSTEM_ACTOR } from '../shared/actor.ts';
import type { Collaboration } from '../modules/cases/collaboration.module.ts';
import type { DecayService } from '../modules/library/decay.service.ts';
import type { FederationSync } from '../modules/federation/sync.service.ts';
import type { ScheduledJob } from './scheduler.ts';

/** Values rescored per decay run: a few seconds of work at most, every minute. */
export const DECAY_PER_RUN = 2000;

export const scheduledWork = (deps: {
  readonly decay: DecayService;
  readonly collaboration: Pick<Collaboration, 'workOrders' | 'webhooks'>;
  readonly federation?: { readonly sync: FederationSync; readonly everyMs: number };
}): ScheduledJob[] => [
  { name: 'decay', everyMs: 60_000, run: () => deps.decay.run(DECAY_PER_RUN) },
  // Work orders past their SLA are escalated (audited under `system`).
  {
    name: 'work-order-sla-sweep',
    everyMs: 60_000,
    run: () => deps.collaboration.workOrders.sweep(SYSTEM_ACTOR),
  },
  { name: 'webhook-delivery', everyMs: 2_000, run: () => deps.collaboration.webhooks.tick() },
  // Federation: pull from every peer and push this instance's findings to them, each on its own turn (a
  // push also runs 100 ms after a change made in this process, see the container).
  ...(deps.federation
    ? [
        {
          name: 'federation-pull',
          everyMs: deps.federation.everyMs,
          run: () => deps.federation!.sync.run('pull'),
        },
        {
          name: 'federation-push',
          everyMs: deps.federation.everyMs,
          run: () => deps.federation!.sync.run('push'),
        },
        // Changes made by another process (an API node apart from the workers) are pushed within about
        // a second: the change feed's newest number is read every second, and a push runs when it moved.
        {
          name: 'federation-push-watch',
          everyMs: Math.min(1000, deps.federation.everyMs),
          run: () => deps.federation!.sync.pushIfChanged(),
        },
      ]
    : []),
];
