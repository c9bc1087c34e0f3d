/**
 * Detector alerts become cases: an alert above its detector's threshold opens a
 * case, or adds an event to the one already open for the same detector and subject, and routes it
 * with a work order to the organisation that can act. The detector decides the action; this service
 * refuses any action that shuts a number down when the detector said it must not (实名不实人 sends
 * the subscriber to re-verification only). The caller (a detector's ingest) has already authorised the
 * organisation; cases opened here are created by `detector:<id>` and audited under the caller's org.
 */
import { DomainError } from '../../shared/errors.ts';
import type { ResourceType } from '../library/library.types.ts';
import type { Actor } from '../../shared/actor.ts';
import type { CasesDeps } from './cases.service.ts';
import {
  DEADLINE_MS,
  type Case,
  type Severity,
  type WorkOrder,
  type WorkOrderAction,
} from './cases.types.ts';
import { routeValue } from './routing.ts';
import { caseEvents } from './case-events.ts';

/** Actions that take a number, account or domain out of service: forbidden where `noShutdown` is set. */
export const SHUTDOWN_ACTIONS: readonly WorkOrderAction[] = [
  'suspend_number',
  'take_down_domain',
  'ban_account',
  'freeze_account',
];

export interface DetectorCaseInput {
  /** The detector's id without version (`calls.simbox`): one open case per detector and subject. */
  readonly detector: string;
  readonly detectorVersion: string;
  /** The subject as the library knows it; the alert's claim must already have been submitted. */
  readonly subject: { readonly type: ResourceType; readonly value: string };
  readonly title: string;
  readonly severity: Severity;
  readonly fraudType: string | null;
  readonly action: WorkOrderAction;
  /** Set for detectors whose alerts must never lead to a shutdown (实名不实人). */
  readonly noShutdown: boolean;
  /** What the alert said: score, verdict, reasons, window, simulated time; stored on the timeline. */
  readonly alert: Readonly<Record<string, unknown>>;
}

/** Opened, updated, or skipped with the reason (a subject the library cannot hold): a result, not a crash. */
export type DetectorCaseResult =
  | { readonly outcome: 'opened'; readonly caseId: string; readonly workOrders: readonly WorkOrder[] }
  | { readonly outcome: 'updated'; readonly caseId: string }
  | { readonly outcome: 'skipped'; readonly reason: string };

export const createDetectorCasesService = (deps: CasesDeps) => {
  const { db, repo, clock, library } = deps;
  const { event, newWorkOrder, dispatch } = caseEvents(deps);

  return {
    async openOrUpdate(actor: Actor, input: DetectorCaseInput): Promise<DetectorCaseResult> {
      if (input.noShutdown && SHUTDOWN_ACTIONS.includes(input.action))
        throw new DomainError(
          'invalid_value',
          `${input.detector} alerts never lead to ${input.action} (re-verification only)`,
          'action',
        );
      const createdBy = `detector:${input.detector}`;
      let subject: { type: ResourceType; normalized: string };
      try {
        subject = library.normalize(input.subject.type, input.subject.value, 'subject');
      } catch (e) {
        if (e instanceof DomainError) return { outcome: 'skipped', reason: e.message };
        throw e;
      }
      return db.transaction().execute(async (tx): Promise<DetectorCaseResult> => {
        const resource = await library.resourceIn(tx, subject.type, subject.normalized);
        if (!resource)
          return { outcome: 'skipped', reason: `the library holds no ${subject.type} ${subject.normalized}` };
        const detectorActor: Actor = { ...actor, actor: createdBy };
        const existing = await repo.openCaseOfDetector(tx, createdBy, resource.id);
        if (existing) {
          await event(tx, detectorActor, existing.id, 'alert', { ...input.alert });
          return { outcome: 'updated', caseId: existing.id };
        }
        const now = clock.now().getTime();
        const created: Case = {
          id: deps.ids.next('case'),
          title: input.title,
          status: 'open',
          severity: input.severity,
          fraudType: input.fraudType,
          assignee: null,
          createdBy,
          createdAt: now,
          updatedAt: now,
          deadlineAt: now + DEADLINE_MS[input.severity],
          mergedInto: null,
        };
        await repo.insertCase(tx, created);
        await repo.addCaseValues(tx, created.id, [
          {
            resourceId: resource.id,
            type: resource.type,
            normalized: resource.normalized,
            display: resource.display,
            addedAt: now,
          },
        ]);
        // A number goes to the operator of its number block when the routing table knows it; anything
        // else (a device, an unknown block) to the organisation whose records raised the alert.
        const route = routeValue(
          resource.type,
          resource.attributes,
          await repo.routingTable(tx),
          resource.normalized,
        );
        const orgId = route.ok ? route.orgId : actor.orgId;
        // Where the route agrees with the detector's action, the orders that go beside it follow (a
        // mule account's bank freezes it and verifies its holder).
        const also = route.ok && route.action === input.action ? (route.also ?? []) : [];
        const orders = [input.action, ...also].map((action) =>
          newWorkOrder(
            {
              caseId: created.id,
              orgId,
              resourceId: resource.id,
              type: resource.type,
              normalized: resource.normalized,
              display: resource.display,
              action,
              severity: input.severity,
            },
            now,
          ),
        );
        await event(tx, detectorActor, created.id, 'created', {
          detector: `${input.detector}@${input.detectorVersion}`,
          subject: input.subject,
          routedTo: orgId,
          routedBy: route.ok ? `${route.kind}:${route.key}` : 'reporting organisation',
        });
        await event(tx, detectorActor, created.id, 'alert', { ...input.alert });
        // Audited under the detector as actor, in the organisation whose records raised the alert.
        await dispatch(tx, detectorActor, orders);
        return { outcome: 'opened', caseId: created.id, workOrders: orders };
      });
    },
  };
};

export type DetectorCasesService = ReturnType<typeof createDetectorCasesService>;
