/**
 * Fast routes: the hottest anonymous GET (the public 风险查询 lookup) answered ahead of Fastify's router,
 * hooks and reply machinery, which cost more server CPU per request than the lookup itself. A fast route
 * answers only the plain case — GET, anonymous (no credentials of any kind), no body, a query it can read
 * without doubt, a 200 answer — and declines everything else, which then goes to the Fastify route as
 * before. The Fastify route stays the one definition of the endpoint (schema, OpenAPI, errors, members,
 * the 429); the fast route must answer exactly as it would, with Fastify's headers in Fastify's order,
 * and the tests compare the two byte for byte.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Sent on every answer, by the onSend hook in app.ts for Fastify's answers and here for fast answers.
 * The object's key order is the order the headers are written in.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
};

export interface FastRoute {
  /** The exact path, without query (`/api/v1/lookup`). */
  readonly path: string;
  /**
   * The JSON text of the 200 answer for this query string (the part after `?`, still encoded) from this
   * client, or undefined to leave the request to the Fastify route. It may count the request against a
   * limit only when it answers, since a declined request is counted again by the Fastify route.
   */
  answer(query: string, clientIp: string): string | undefined;
}

/**
 * The header list of a fast JSON answer as a flat [name, value, …] array: what Fastify writes for a JSON
 * reply (content-type, then the security headers of the onSend hook, then content-length), in that order.
 */
const JSON_HEADERS: readonly string[] = [
  'content-type',
  'application/json; charset=utf-8',
  ...Object.entries(SECURITY_HEADERS).flat(),
];

const writeJson = (res: ServerResponse, body: string): void => {
  const headers = JSON_HEADERS.slice();
  headers.push('content-length', String(Buffer.byteLength(body)));
  res.writeHead(200, headers);
  res.end(body);
};

const isPlain = (req: IncomingMessage): boolean => {
  const h = req.headers;
  return (
    h.authorization === undefined &&
    h.cookie === undefined &&
    h['content-length'] === undefined &&
    h['transfer-encoding'] === undefined &&
    // Forwarded by a proxy: the general path finds the client (trust proxy) to count it for rate limits.
    h['x-forwarded-for'] === undefined
  );
};

/**
 * Puts the fast routes in front of the app's request handler on `server` (the app's own server: the
 * extra servers Fastify opens for a host name with several addresses keep the plain handler, which answers
 * the same). `general` is the app's handler (`app.routing`); `closing` tells when the app is shutting
 * down, when Fastify answers 503 itself.
 */
export const installFastRoutes = (
  server: Server,
  routes: readonly FastRoute[],
  general: (req: IncomingMessage, res: ServerResponse) => void,
  closing: () => boolean,
): void => {
  if (routes.length === 0) return;
  const byPath = new Map(routes.map((r) => [r.path, r]));
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && isPlain(req) && !closing()) {
      const url = req.url ?? '';
      const q = url.indexOf('?');
      const route = q > 0 ? byPath.get(url.slice(0, q)) : undefined;
      const ip = req.socket.remoteAddress;
      const body = route && ip !== undefined ? route.answer(url.slice(q + 1), ip) : undefined;
      if (body !== undefined) return writeJson(res, body);
    }
    general(req, res);
  });
};
