/**
 * A fixed-window request counter per client for the anonymous hot paths (the public 风险查询 lookups).
 * @fastify/rate-limit cost ~3 µs of a ~31 µs lookup (its store, hooks and per-answer headers); this is a
 * Map increment. All clients' windows start together and the Map is replaced when the window turns, so
 * memory is bounded by the distinct clients seen in one window.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../shared/errors.ts';

export interface WindowLimit {
  /** Counts one request from `key`; undefined when allowed, else the seconds until the window turns. */
  hit(key: string): number | undefined;
  /**
   * Counts one request from `key` if it is within the limit and says whether it was; a request over the
   * limit is not counted (fast routes leave it to the Fastify route, whose `hit` counts and refuses it).
   */
  take(key: string): boolean;
  readonly max: number;
}

export const windowLimit = (max: number, windowMs: number, now: () => number = Date.now): WindowLimit => {
  let start = now();
  let counts = new Map<string, number>();
  const turn = (t: number): void => {
    if (t - start >= windowMs) {
      start = t - ((t - start) % windowMs);
      counts = new Map();
    }
  };
  return {
    max,
    take(key) {
      turn(now());
      const n = (counts.get(key) ?? 0) + 1;
      if (n > max) return false;
      counts.set(key, n);
      return true;
    },
    hit(key) {
      const t = now();
      turn(t);
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      return n <= max ? undefined : Math.max(1, Math.ceil((start + windowMs - t) / 1000));
    },
  };
};

/**
 * An onRequest hook limiting anonymous callers (no principal: members are not limited). A refusal is the
 * usual 429 error shape with `retry-after` and `x-ratelimit-limit`.
 */
export const limitAnonymous =
  (limit: WindowLimit) =>
  (request: FastifyRequest, reply: FastifyReply, done: (e?: Error) => void): void => {
    if (request.principal !== null) return done();
    const retryAfter = limit.hit(request.ip);
    if (retryAfter === undefined) return done();
    void reply.header('retry-after', String(retryAfter)).header('x-ratelimit-limit', String(limit.max));
    done(new DomainError('rate_limited', `rate limit of ${limit.max} anonymous requests a minute exceeded`));
  };
