/**
 * The call check on a port of its own (`FANZHA_EDGE_PORT`), for SIP proxies. A proxy asks once per
 * INVITE over a kept-alive connection, and on a busy proxy host every microsecond fanzha spends per
 * call is a microsecond the proxy cannot spend relaying: measured with Kamailio on 2 cores, the full
 * HTTP stack (Fastify on node:http) cost ~185 µs of CPU per call, node:http alone ~130 µs and this
 * listener ~70 µs, most of it the kernel's loopback write. So this port speaks only as much HTTP/1.1 as
 * the one request needs: `GET /api/v1/edge/call?from=…&to=…[&group=…]`, the key in `X-Fanzha-Edge-Key`
 * or as the password of Basic credentials, keep-alive and pipelining; anything else gets a one-line
 * 4xx. The same check stays on the main API for everyone else.
 *
 * `answer` is pure (a request head in, a response out) so it is tested on its own, fuzzed included;
 * the socket loop only frames requests and writes responses.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { presentedEdgeKey, type EdgeKeyOwner } from './edge.keys.ts';
import { MAX_GROUP, MAX_PHONE } from './edge.schema.ts';

export const EDGE_CALL_PATH = '/api/v1/edge/call';
/** Longest request head accepted (request line and headers); a proxy's is ~200 bytes. */
export const MAX_HEAD_BYTES = 8192;
const IDLE_MS = 120_000;

export interface EdgeListenerDeps {
  /**
   * The answer line for one call (`block;…`, `warn;…` or `pass`), for the organisation the proxy's key
   * belongs to (null: a key of no organisation, answered nationally).
   */
  readonly check: (from: string, to: string, group: string | undefined, owner: string | null) => string;
  readonly keyOwner: EdgeKeyOwner;
}

export interface EdgeResponse {
  readonly status: 200 | 400 | 401 | 404 | 405 | 431;
  readonly body: string;
  /** Close the connection after this response (the client asked, or the stream cannot be trusted). */
  readonly close: boolean;
  /** The header value that carried an accepted key, so the connection can skip the check next time. */
  readonly acceptedAuth?: string;
  /** The organisation that accepted key belongs to. */
  readonly acceptedOwner?: string | null;
}

const REASONS: Readonly<Record<EdgeResponse['status'], string>> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  431: 'Request Header Fields Too Large',
};

const fail = (
  status: EdgeResponse['status'],
  field: string,
  message: string,
  close = false,
): EdgeResponse => ({
  status,
  body: `error ${field}: ${message}`,
  close,
});

const decode = (raw: string): string | undefined => {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
};

/**
 * Answers one request head (everything before the blank line, without it). `knownAuth` is the header
 * value this connection already proved a key with, `knownOwner` that key's organisation.
 */
export const answer = (
  head: string,
  deps: EdgeListenerDeps,
  knownAuth?: string,
  knownOwner: string | null = null,
): EdgeResponse => {
  const lines = head.split('\r\n');
  const requestLine = /^([A-Z]+) (\S+) HTTP\/1\.([01])$/.exec(lines[0] ?? '');
  if (!requestLine) return fail(400, 'request', 'not an HTTP/1.x request line', true);
  const [, method, target = '', minor] = requestLine;
  const headers: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const colon = line.indexOf(':');
    if (colon <= 0 || /[\s]/.test(line.slice(0, colon)))
      return fail(400, 'headers', 'malformed header line', true);
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const connection = (headers.connection ?? '').toLowerCase();
  const close = minor === '0' ? connection !== 'keep-alive' : connection === 'close';
  // A body cannot be framed here: refuse it and close, so no body is ever read as the next request.
  if (headers['transfer-encoding'] !== undefined || (headers['content-length'] ?? '0') !== '0')
    return fail(400, 'body', 'this endpoint takes no request body', true);
  if (method !== 'GET') return fail(405, 'method', 'only GET is served on the edge port', close);
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  if (path !== EDGE_CALL_PATH)
    return fail(404, 'path', `only ${EDGE_CALL_PATH} is served on the edge port`, close);

  const auth = headers.authorization ?? headers['x-fanzha-edge-key'];
  const known = auth !== undefined && auth === knownAuth;
  const owner = known ? knownOwner : deps.keyOwner(presentedEdgeKey(headers));
  if (owner === undefined) return fail(401, 'x-fanzha-edge-key', 'edge key missing or unknown', close);

  const params: Record<string, string> = {};
  if (q >= 0)
    for (const pair of target.slice(q + 1).split('&')) {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      if (name !== 'from' && name !== 'to' && name !== 'group') continue;
      const value = decode(eq < 0 ? '' : pair.slice(eq + 1));
      if (value === undefined) return fail(400, name, 'bad percent-encoding', close);
      params[name] = value;
    }
  for (const name of ['from', 'to'] as const) {
    const v = params[name];
    if (v === undefined || v.length === 0) return fail(400, name, 'required', close);
    if (v.length > MAX_PHONE) return fail(400, name, `at most ${MAX_PHONE} characters`, close);
  }
  if (params.group !== undefined && params.group.length > MAX_GROUP)
    return fail(400, 'group', `at most ${MAX_GROUP} characters`, close);
  return {
    status: 200,
    body: deps.check(params.from ?? '', params.to ?? '', params.group, owner),
    close,
    ...(auth !== undefined ? { acceptedAuth: auth, acceptedOwner: owner } : {}),
  };
};

const serialize = (r: EdgeResponse): string =>
  `HTTP/1.1 ${r.status} ${REASONS[r.status]}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
  `X-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(r.body)}\r\n` +
  (r.close ? 'Connection: close\r\n' : '') +
  (r.status === 405 ? 'Allow: GET\r\n' : '') +
  `\r\n${r.body}`;

const serve = (socket: Socket, deps: EdgeListenerDeps): void => {
  socket.setNoDelay(true);
  socket.setTimeout(IDLE_MS, () => socket.destroy());
  socket.on('error', () => socket.destroy());
  let pending = '';
  let knownAuth: string | undefined;
  let knownOwner: string | null = null;
  socket.on('data', (chunk: Buffer) => {
    // Latin-1 keeps one character per byte, so lengths are byte counts; the head is ASCII anyway.
    pending += chunk.toString('latin1');
    let out = '';
    let end: number;
    while ((end = pending.indexOf('\r\n\r\n')) >= 0) {
      const head = pending.slice(0, end);
      pending = pending.slice(end + 4);
      if (head.length > MAX_HEAD_BYTES) {
        out += serialize(fail(431, 'headers', `request head over ${MAX_HEAD_BYTES} bytes`, true));
        socket.end(out);
        return;
      }
      const r = answer(head, deps, knownAuth, knownOwner);
      if (r.acceptedAuth !== undefined) {
        knownAuth = r.acceptedAuth;
        knownOwner = r.acceptedOwner ?? null;
      }
      out += serialize(r);
      if (r.close) {
        socket.end(out);
        return;
      }
    }
    if (pending.length > MAX_HEAD_BYTES) {
      socket.end(out + serialize(fail(431, 'headers', `request head over ${MAX_HEAD_BYTES} bytes`, true)));
      return;
    }
    // Pipelined requests answered in one write: one syscall however many arrived together.
    if (out) socket.write(out);
  });
};

export interface EdgeListener {
  readonly server: Server;
  readonly port: number;
  close(): Promise<void>;
}

export const startEdgeListener = async (
  deps: EdgeListenerDeps,
  port: number,
  host: string,
): Promise<EdgeListener> => {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serve(socket, deps);
  });
  server.maxConnections = 4096;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    server,
    port: typeof address === 'object' && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
};
