/**
 * The HTTP adapter's shared types. Modules write their routes as `(deps) => async (app: App) => {…}`
 * with TypeBox schemas, so OpenAPI comes from the same schemas that validate.
 */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { OrgKind, Role } from '../../shared/actor.ts';
import type { FastRoute } from './fast-routes.ts';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Who is calling: a logged-in user (session cookie) or an organisation's API key. */
export interface Principal {
  readonly orgId: string;
  readonly orgKind: OrgKind;
  readonly role: Role;
  /** `user:<id>` or `key:<id>` */
  readonly actor: string;
  readonly username?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** Adds a fast route answering the plain case of a route ahead of Fastify (fast-routes.ts). */
    fastRoute(route: FastRoute): void;
    /** Every route as registered, method by method (HEAD included), in registration order. */
    readonly routeTable: ReadonlyArray<{ readonly method: string; readonly url: string }>;
  }
}

export type { FastifyReply, FastifyRequest };
