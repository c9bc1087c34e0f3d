/**
 * What the workers role runs on a schedule. Lists for operators and apps are not here: they are built on
 * request from the library's change feed, so there is nothing to prepare ahead of a download.
 */
import { SYSTEM_ACTOR } from '../shared/actor.ts';
import type { Collaboration } from '../modules/cases/collaboration.module.ts';
import type { DecayService } from '../modules/library/decay.service.ts';
import type { ScheduledJob } from './scheduler.ts';

/** Values rescored per decay run: a few seconds of work at most, every minute. */
export const DECAY_PER_RUN = 2000;

export const scheduledWork = (deps: {
  readonly decay: DecayService;
  readonly collaboration: Pick<Collaboration, 'workOrders' | 'webhooks'>;
}): ScheduledJob[] => [
  { name: 'decay', everyMs: 60_000, run: () => deps.decay.run(DECAY_PER_RUN) },
  // Work orders past their SLA are escalated (audited under `system`).
  {
    name: 'work-order-sla-sweep',
    everyMs: 60_000,
    run: () => deps.collaboration.workOrders.sweep(SYSTEM_ACTOR),
  },
  { name: 'webhook-delivery', everyMs: 2_000, run: () => deps.collaboration.webhooks.tick() },
];
