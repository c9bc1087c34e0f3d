/**
 * The fast route of `GET /api/v1/lookup` (adapters/http/fast-routes.ts): an anonymous lookup whose query
 * is read here exactly as Fastify reads it and passes the route's schema is answered without Fastify's
 * per-request machinery. Anything else — another parameter, a repeated one, an encoding this reader
 * doubts, a value the schema or the normaliser refuses, a client over its limit — is declined and the
 * Fastify route in lookups.routes.ts answers it (with its 400 or 429).
 */
import type { FastRoute } from '../../adapters/http/fast-routes.ts';
import type { WindowLimit } from '../../adapters/http/window-limit.ts';
import { isResourceType, type ResourceType } from '../library/library.types.ts';
import type { LookupResult, LookupsService } from './lookups.service.ts';

export const LOOKUP_PATH = '/api/v1/lookup';
/** The route schema's bounds on `value` (lookups.routes.ts uses the same constant). */
export const MAX_VALUE_LENGTH = 4096;

/**
 * A query parameter decoded as Fastify's parser (fast-querystring) decodes it: `+` is a space, then
 * percent-escapes are decoded as UTF-8. Where fast-querystring keeps a malformed escape as written,
 * this gives undefined (declines) rather than guess.
 */
const decodeParameter = (raw: string): string | undefined => {
  const spaced = raw.includes('+') ? raw.replace(/\+/g, ' ') : raw;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return undefined;
  }
};

/**
 * `value` and, optionally, `type` from an encoded query string, when it holds those and nothing else,
 * each once, and they pass the route's schema; otherwise undefined.
 */
export const readLookupQuery = (
  query: string,
): { value: string; type: ResourceType | undefined } | undefined => {
  let value: string | undefined;
  let type: string | undefined;
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    const key = part.slice(0, eq);
    if (key === 'value' && value === undefined) value = decodeParameter(part.slice(eq + 1));
    else if (key === 'type' && type === undefined) type = decodeParameter(part.slice(eq + 1));
    else return undefined;
    if ((key === 'value' ? value : type) === undefined) return undefined;
  }
  // The schema counts code points; a string of at most MAX_VALUE_LENGTH UTF-16 units has no more than
  // that many (longer ones within the bound go to the Fastify route, which accepts them).
  if (value === undefined || value.length < 1 || value.length > MAX_VALUE_LENGTH) return undefined;
  if (type !== undefined && !isResourceType(type)) return undefined;
  return { value, type };
};

/**
 * A LookupResult as the Fastify route's serialiser (fast-json-stringify over LookupResultSchema) writes
 * it: the required keys in schema order, then `fraudType` and `alternatives` when present; strings escaped
 * as JSON.stringify escapes them, which is what that serialiser does. Types and verdicts are enum words
 * that need no escaping. Undefined for a score that is not finite, which that serialiser would not write
 * as a number.
 */
export const lookupResultJson = (r: LookupResult): string | undefined => {
  if (!Number.isFinite(r.score)) return undefined;
  return (
    `{"value":${JSON.stringify(r.value)},"type":"${r.type}","normalized":${JSON.stringify(r.normalized)}` +
    `,"verdict":"${r.verdict}","score":${r.score},"reasons":${JSON.stringify(r.reasons)}` +
    `,"ttlSeconds":${r.ttlSeconds}` +
    (r.fraudType === undefined ? '' : `,"fraudType":${JSON.stringify(r.fraudType)}`) +
    (r.alternatives === undefined ? '' : `,"alternatives":${JSON.stringify(r.alternatives)}`) +
    '}'
  );
};

/** The fast route sharing the Fastify route's lookups and its anonymous limit. */
export const lookupFastRoute = (lookups: LookupsService, limit: WindowLimit): FastRoute => ({
  path: LOOKUP_PATH,
  answer(query, clientIp) {
    const q = readLookupQuery(query);
    if (!q) return undefined;
    const r = lookups.lookupRaw(q.value, q.type, 'public');
    if ('error' in r) return undefined;
    const body = lookupResultJson(r);
    return body !== undefined && limit.take(clientIp) ? body : undefined;
  },
});
