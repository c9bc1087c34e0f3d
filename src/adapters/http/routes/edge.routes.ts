/**
 * The edge endpoints. The call check is built for a SIP proxy at call set-up: a per-proxy key in a
 * header (checked in memory, no session or key row to read), a query string in, one text line out.
 * The others answer JSON. Handlers validate and delegate.
 */
import type { App, FastifyRequest } from '../http.types.ts';
import { actorOf, requireActor } from '../guards.ts';
import { requireMay, type Action } from '../../../shared/policy.ts';
import { SYSTEM_ACTOR } from '../../../shared/actor.ts';
import { DomainError } from '../../../shared/errors.ts';
import type { Actor } from '../../../shared/actor.ts';
import type { LibraryService } from '../../../modules/library/library.service.ts';
import type { ResourceRecord, ResourceType, Verdict } from '../../../modules/library/library.types.ts';
import { presentedEdgeKey, type EdgeKeyOwner } from '../../../modules/edge/edge.keys.ts';
import { buildDelta, LISTS, listKey } from '../../../modules/edge/edge.lists.ts';
import {
  AccuracyQuery,
  WarningIdParams,
  CallQuery,
  CompletedCallBody,
  EdgeDecisionSchema,
  FeedbackBody,
  ListParams,
  ListQuery,
  PayeeBody,
  SmsBody,
  WarningEventBody,
  WarningsQuery,
  WebhookBody,
} from '../../../modules/edge/edge.schema.ts';
import type { EdgeService } from '../../../modules/edge/edge.service.ts';
import type { WarningsService } from '../../../modules/edge/edge.warnings.ts';

export const EDGE_KEY_HEADER = 'x-fanzha-edge-key';

export interface EdgeRouteDeps {
  readonly edge: EdgeService;
  readonly warnings: WarningsService;
  readonly library: LibraryService;
  /** The organisation a presented edge key belongs to (null: none; undefined: not a valid key). */
  readonly keyOwner: EdgeKeyOwner;
  /** Each organisation's own verdicts (its local overrides, its private claims) for its list downloads. */
  readonly localVerdict?: (
    type: ResourceType,
    normalized: string,
    viewer: string,
  ) => { verdict: Verdict } | undefined;
  /** Master key the per-list hash keys derive from. */
  readonly listMasterKey: string;
  /** The joint-punishment list (信用惩戒): is this holder restricted? Absent where the list is not wired. */
  readonly creditCheck?: ((actor: Actor, holder: string) => Promise<boolean>) | undefined;
  /** Run the warning loop while the server runs (off in tests that tick it by hand). */
  readonly runWarningLoop?: boolean;
}

export const edgeRoutes =
  (deps: EdgeRouteDeps) =>
  (app: App): Promise<void> => {
    const { edge, warnings } = deps;
    const tags = ['edge'];

    /**
     * A proxy presenting an edge key, or else a logged-in member whom the policy lets take the action.
     * The real-time checks have no actor of their own to pass on (a proxy acts for its network), so
     * this is the one place a route asks the policy itself. Answers the organisation the check is for:
     * the key's owner or the member's organisation (undefined for a key of no organisation).
     */
    const requireEdge = (request: FastifyRequest, action: Action): string | undefined => {
      const key = presentedEdgeKey(request.headers);
      const owner = key === undefined ? undefined : deps.keyOwner(key);
      if (owner !== undefined) return owner ?? undefined;
      if (key !== undefined) throw new DomainError('unauthenticated', 'edge key unknown', EDGE_KEY_HEADER);
      const actor = requireActor(request);
      requireMay(actor, action);
      return actor.orgId;
    };

    if (deps.runWarningLoop ?? true) {
      app.addHook('onReady', () => {
        warnings.start();
        return Promise.resolve();
      });
      app.addHook('onClose', async () => warnings.stop());
    }

    app.get(
      '/api/v1/edge/call',
      {
        schema: {
          tags,
          summary:
            'Call set-up check for a SIP proxy (key in X-Fanzha-Edge-Key or as the Basic password): one line, `block;type=…;party=…`, `warn;…` or `pass`',
          querystring: CallQuery,
        },
      },
      (request, reply) => {
        const owner = deps.keyOwner(presentedEdgeKey(request.headers));
        if (owner === undefined)
          throw new DomainError('unauthenticated', 'edge key missing or unknown', EDGE_KEY_HEADER);
        const q = request.query;
        return reply
          .type('text/plain; charset=utf-8')
          .send(edge.checkCall(q.from, q.to, q.group, owner ?? undefined).line);
      },
    );

    app.post(
      '/api/v1/edge/calls/completed',
      {
        schema: {
          tags,
          summary: 'A call was answered: warns the callee when the caller is a fraud number',
          body: CompletedCallBody,
        },
      },
      (request) => {
        const viewer = requireEdge(request, 'edge.calls');
        return Promise.resolve({
          warned: edge.completedCall(request.body.caller, request.body.callee, request.body.group, viewer),
        });
      },
    );

    app.post(
      '/api/v1/edge/sms',
      {
        schema: {
          tags,
          summary: 'SMS before delivery: deliver, warn or block',
          body: SmsBody,
          response: { 200: EdgeDecisionSchema },
        },
      },
      (request) => {
        const viewer = requireEdge(request, 'edge.sms');
        return Promise.resolve(edge.checkSms(request.body, viewer));
      },
    );

    app.post(
      '/api/v1/transfers/check',
      {
        schema: {
          tags: ['edge', 'banks'],
          summary: 'Payee check before a transfer: allow, warn or hold, with reasons',
          body: PayeeBody,
          response: { 200: EdgeDecisionSchema },
        },
      },
      async (request) => {
        const viewer = requireEdge(request, 'edge.transfers');
        const holder = request.body.payee.holder;
        // A proxy key's credit check runs as the platform (the list is the platform's to read).
        const actor = request.principal ? actorOf(request.principal) : SYSTEM_ACTOR;
        const listed = holder && deps.creditCheck ? await deps.creditCheck(actor, holder) : undefined;
        return edge.checkPayee(request.body, listed, viewer);
      },
    );

    app.get(
      '/api/v1/lists/:name',
      {
        schema: {
          tags: ['edge', 'lists'],
          summary: 'Versioned delta of a block/warn/allow list since a version',
          params: ListParams,
          querystring: ListQuery,
        },
      },
      async (request) => {
        const viewer = requireEdge(request, 'edge.lists');
        const name = request.params.name;
        const def = LISTS[name];
        if (!def) throw new DomainError('not_found', `no list ${name}`, 'name');
        const since = request.query.since ?? 0;
        const limit = request.query.limit ?? 5000;
        const changes = await deps.library.changesSince(since, limit);
        const local = deps.localVerdict;
        // The downloading organisation's own verdicts (its local overrides, its private claims) decide its
        // copy of the list; others' never do.
        const verdictOf =
          viewer === undefined || !local
            ? undefined
            : (r: ResourceRecord): Verdict =>
                local(r.type, r.normalized, viewer)?.verdict ?? r.verdictMembers;
        return buildDelta(name, def, listKey(deps.listMasterKey, name), since, changes, limit, verdictOf);
      },
    );

    app.get(
      '/api/v1/lists/:name/key',
      {
        schema: {
          tags: ['edge', 'lists'],
          summary: "The list's hash key (members hash their own values with it)",
          params: ListParams,
        },
      },
      (request) => {
        requireEdge(request, 'edge.lists');
        return Promise.resolve({
          list: request.params.name,
          algorithm: 'HMAC-SHA256(key, `${type}:${normalized}`)',
          key: listKey(deps.listMasterKey, request.params.name),
          urlPrefix: 'SHA-256 of the Safe Browsing expression, first 4 bytes, hex',
        });
      },
    );

    app.put(
      '/api/v1/edge/warnings/webhook',
      {
        schema: {
          tags,
          summary: "Where warning events are delivered (the operator's messaging system)",
          body: WebhookBody,
        },
      },
      async (request) => {
        await warnings.setWebhook(requireActor(request), request.body.url, request.body.secret);
        return { ok: true };
      },
    );

    app.post(
      '/api/v1/edge/warnings/events',
      {
        schema: {
          tags,
          summary: 'Report a warning event from elsewhere (a CDR, a bank, an app)',
          body: WarningEventBody,
        },
      },
      (request, reply) => {
        requireEdge(request, 'edge.warnings.events');
        warnings.observe({ ...request.body, channel: request.body.trigger });
        return reply.status(202).send({ queued: true });
      },
    );

    app.get(
      '/api/v1/edge/warnings',
      { schema: { tags, summary: 'Warning events, newest first', querystring: WarningsQuery } },
      async (request) => {
        return {
          items: await warnings.list(requireActor(request), {
            subscriber: request.query.subscriber,
            status: request.query.status,
            limit: request.query.limit ?? 100,
          }),
        };
      },
    );

    app.post(
      '/api/v1/edge/warnings/:id/feedback',
      {
        schema: {
          tags,
          summary: 'Was the warning right? (feeds 预警准确率)',
          params: WarningIdParams,
          body: FeedbackBody,
        },
      },
      async (request) => {
        requireEdge(request, 'edge.warnings.feedback');
        await warnings.feedback(request.params.id, request.body.accurate);
        return { ok: true };
      },
    );

    app.get(
      '/api/v1/edge/warnings/accuracy',
      {
        schema: {
          tags,
          summary: 'Warning accuracy (预警准确率) and delivery counts over the last days',
          querystring: AccuracyQuery,
        },
      },
      async (request) => {
        return warnings.accuracy(requireActor(request), request.query.days ?? 30);
      },
    );
    return Promise.resolve();
  };
