/**
 * The fast route of `GET /api/v1/lookup` (adapters/http/fast-routes.ts): an anonymous lookup whose query
 * is read here exactly as Fastify reads it and passes the route's schema is answered without Fastify's
 * per-request machinery. Anything else — another parameter, a repeated one, an encoding this reader
 * doubts, a value the schema or the normaliser refuses, a client over its limit — is declined and the
 * Fastify route in lookups.routes.ts answers it (with its 400 or 429).
 */
import type { FastRoute } from '../fast-routes.ts';
import type { WindowLimit } from '../window-limit.ts';
import { isResourceType, type ResourceType } from '../../../modules/library/library.types.ts';
import type { LookupResult, LookupsService } from '../../../modules/lookups/lookups.service.ts';

export const LOOKUP_PATH = '/api/v1/lookup';
/** The route schema's bounds on `value` (lookups.routes.ts uses the same constant). */
export const MAX_VALUE_LENGTH = 4096;

const hexDigit = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;

/**
 * A query parameter decoded as Fastify's parser (fast-querystring) decodes it: `+` is a space, then
 * percent-escapes are decoded as UTF-8. ASCII escapes (all a phone number or most URLs need) are decoded
 * here without decodeURIComponent, which cost more than the rest of the query's reading; any other goes
 * to decodeURIComponent. Where fast-querystring keeps a malformed escape as written, this gives
 * undefined (declines) rather than guess.
 */
const decodeParameter = (raw: string, from: number, to: number): string | undefined => {
  let out = '';
  let start = from;
  for (let i = from; i < to; i++) {
    const c = raw.charCodeAt(i);
    if (c === 43) {
      out += raw.slice(start, i) + ' ';
      start = i + 1;
    } else if (c === 37) {
      const high = i + 2 < to ? hexDigit(raw.charCodeAt(i + 1)) : -1;
      const low = i + 2 < to ? hexDigit(raw.charCodeAt(i + 2)) : -1;
      if (high < 0 || low < 0 || high > 7) {
        try {
          return decodeURIComponent(raw.slice(from, to).replace(/\+/g, ' '));
        } catch {
          return undefined;
        }
      }
      out += raw.slice(start, i) + String.fromCharCode(high * 16 + low);
      start = i + 3;
      i += 2;
    }
  }
  return start === from ? raw.slice(from, to) : out + raw.slice(start, to);
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
  for (let start = 0; start <= query.length;) {
    const amp = query.indexOf('&', start);
    const end = amp < 0 ? query.length : amp;
    const eq = query.indexOf('=', start);
    if (eq < 0 || eq > end) return undefined;
    const key = query.slice(start, eq);
    if (key === 'value' && value === undefined) {
      value = decodeParameter(query, eq + 1, end);
      if (value === undefined) return undefined;
    } else if (key === 'type' && type === undefined) {
      type = decodeParameter(query, eq + 1, end);
      if (type === undefined) return undefined;
    } else return undefined;
    start = end + 1;
  }
  // The schema counts code points; a string of at most MAX_VALUE_LENGTH UTF-16 units has no more than
  // that many (longer ones within the bound go to the Fastify route, which accepts them).
  if (value === undefined || value.length < 1 || value.length > MAX_VALUE_LENGTH) return undefined;
  if (type !== undefined && !isResourceType(type)) return undefined;
  return { value, type };
};

/**
 * A string as JSON: as written between quotes when nothing in it needs escaping (as fast-json-stringify
 * does), else JSON.stringify's escaping, which is also that serialiser's. Saves a JSON.stringify call,
 * the dearer part, for the plain strings lookups answer with.
 */
const jsonString = (s: string): string => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return `"${s}"`;
};

const jsonStrings = (list: readonly string[]): string => {
  let out = '[';
  for (let i = 0; i < list.length; i++) out += (i > 0 ? ',' : '') + jsonString(list[i] ?? '');
  return out + ']';
};

/**
 * A LookupResult as the Fastify route's serialiser (fast-json-stringify over LookupResultSchema) writes
 * it: the required keys in schema order, then `fraudType` and `alternatives` when present; strings escaped
 * as JSON.stringify escapes them, which is what that serialiser does. Types and verdicts are enum words
 * that need no escaping. Undefined for a score that is not finite, which that serialiser would not write
 * as a number.
 */
const lookupResultJson = (r: LookupResult): string | undefined => {
  if (!Number.isFinite(r.score)) return undefined;
  return (
    `{"value":${jsonString(r.value)},"type":"${r.type}","normalized":${jsonString(r.normalized)}` +
    `,"verdict":"${r.verdict}","score":${r.score},"reasons":${jsonStrings(r.reasons)}` +
    `,"ttlSeconds":${r.ttlSeconds}` +
    (r.fraudType === undefined ? '' : `,"fraudType":${jsonString(r.fraudType)}`) +
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
