import fc from 'fast-check';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edgeKeyOwners } from './edge.keys.ts';
import { answer, EDGE_CALL_PATH, startEdgeListener, type EdgeListener } from './edge.listener.ts';

const KEY = 'proxy-key-0123456789';
const calls: Array<[string, string, string | undefined]> = [];
const deps = {
  check: (from: string, to: string, group: string | undefined) => {
    calls.push([from, to, group]);
    return from === '13900000001' ? 'block;type=impersonate_authority;party=caller' : 'pass';
  },
  keyOwner: edgeKeyOwners([KEY]),
};
const basic = (key: string) => `Basic ${Buffer.from(`edge:${key}`).toString('base64')}`;
const get = (query: string, headers: string[] = [`Authorization: ${basic(KEY)}`]) =>
  [`GET ${EDGE_CALL_PATH}?${query} HTTP/1.1`, 'Host: 127.0.0.1', ...headers].join('\r\n');

describe('edge listener: one request head in, one response out', () => {
  it('answers the call check with the key as Basic password or in the header', () => {
    const r = answer(get('from=13900000001&to=13800000000'), deps);
    expect(r).toMatchObject({
      status: 200,
      body: 'block;type=impersonate_authority;party=caller',
      close: false,
    });
    expect(answer(get('from=1&to=2', [`X-Fanzha-Edge-Key: ${KEY}`]), deps)).toMatchObject({
      status: 200,
      body: 'pass',
    });
    // Percent-encoding and the optional group reach the check decoded.
    answer(get('from=%2B86%20139&to=138&group=elderly'), deps);
    expect(calls.at(-1)).toEqual(['+86 139', '138', 'elderly']);
  });

  it('refuses a missing or wrong key with 401 naming the header', () => {
    expect(answer(get('from=1&to=2', []), deps)).toMatchObject({ status: 401, body: /x-fanzha-edge-key/ });
    const wrong = answer(get('from=1&to=2', [`Authorization: ${basic('nope-nope-nope')}`]), deps);
    expect(wrong.status).toBe(401);
    expect(wrong.acceptedAuth).toBeUndefined();
  });

  it('skips the key check only for the exact header value this connection already proved', () => {
    const auth = basic('not-a-key-at-all');
    const before = calls.length;
    expect(answer(get('from=1&to=2', [`Authorization: ${auth}`]), deps, auth).status).toBe(200);
    expect(answer(get('from=1&to=2', [`Authorization: ${auth}x`]), deps, auth).status).toBe(401);
    expect(calls.length).toBe(before + 1);
  });

  it('names the field at fault and keeps the connection for well-framed bad requests', () => {
    expect(answer(get('to=2'), deps)).toMatchObject({
      status: 400,
      body: 'error from: required',
      close: false,
    });
    expect(answer(get(`from=1&to=${'9'.repeat(65)}`), deps)).toMatchObject({
      status: 400,
      body: /^error to:/,
    });
    expect(answer(get('from=%E0%A4%A&to=2'), deps)).toMatchObject({ status: 400, body: /^error from:/ });
    expect(answer(get(`from=1&to=2&group=${'g'.repeat(41)}`), deps)).toMatchObject({ status: 400 });
    expect(answer(`GET /api/v1/lookup?value=1 HTTP/1.1\r\nHost: x`, deps)).toMatchObject({ status: 404 });
    expect(answer(`POST ${EDGE_CALL_PATH} HTTP/1.1\r\nHost: x`, deps)).toMatchObject({ status: 405 });
  });

  it('closes when the stream cannot be trusted: bodies, garbage, HTTP/1.0 without keep-alive', () => {
    expect(answer(`${get('from=1&to=2')}\r\nContent-Length: 5`, deps)).toMatchObject({
      status: 400,
      close: true,
    });
    expect(answer(`${get('from=1&to=2')}\r\nTransfer-Encoding: chunked`, deps)).toMatchObject({
      close: true,
    });
    expect(answer('hello', deps)).toMatchObject({ status: 400, close: true });
    expect(answer(`${get('from=1&to=2')}\r\nbad header`, deps)).toMatchObject({ status: 400, close: true });
    expect(answer(get('from=1&to=2').replace('HTTP/1.1', 'HTTP/1.0'), deps)).toMatchObject({
      status: 200,
      close: true,
    });
    expect(answer(`${get('from=1&to=2')}\r\nConnection: close`, deps).close).toBe(true);
  });

  it('never throws and never answers 200 without the key, whatever the head (fuzzed)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 60 }), (junk, query) => {
        for (const head of [junk, get(query, []), get(query), `GET ${junk} HTTP/1.1\r\n${junk}`]) {
          const r = answer(head, deps);
          expect([200, 400, 401, 404, 405]).toContain(r.status);
          if (!head.includes(KEY) && !head.includes(basic(KEY))) expect(r.status).not.toBe(200);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('edge listener: over a real socket', () => {
  let listener: EdgeListener;
  beforeAll(async () => {
    listener = await startEdgeListener(deps, 0, '127.0.0.1');
  });
  afterAll(() => listener.close());

  /** Writes the chunks (with a pause between) and reads until the server closes or `until` matches. */
  const exchange = (chunks: string[], until: (text: string) => boolean): Promise<string> =>
    new Promise((resolve, reject) => {
      const socket = connect(listener.port, '127.0.0.1');
      let text = '';
      const done = () => {
        socket.destroy();
        resolve(text);
      };
      socket.on('data', (d) => {
        text += d.toString('utf8');
        if (until(text)) done();
      });
      socket.on('end', done);
      socket.on('error', reject);
      socket.on('connect', () => {
        void (async () => {
          for (const c of chunks) {
            socket.write(c);
            await new Promise((r) => setTimeout(r, 20));
          }
        })();
      });
    });
  const count = (text: string, s: string) => text.split(s).length - 1;

  it('keeps the connection, answers pipelined requests in order, and frames requests split across packets', async () => {
    const a = `${get('from=13900000001&to=1')}\r\n\r\n`;
    const b = `${get('from=2&to=1')}\r\n\r\n`;
    const text = await exchange([a + b, b.slice(0, 17), b.slice(17)], (t) => count(t, 'HTTP/1.1 200') === 3);
    const bodies = text
      .split(/\r\n\r\n/)
      .slice(1, 4)
      .map((s) => s.split('HTTP/1.1')[0]);
    expect(bodies).toEqual(['block;type=impersonate_authority;party=caller', 'pass', 'pass']);
    expect(text).toContain('Content-Length: 4\r\n');
    expect(text).not.toContain('Connection: close');
  });

  it('answers 431 and closes when a head never ends', async () => {
    const text = await exchange([`GET ${EDGE_CALL_PATH}?from=${'1'.repeat(9000)}`], () => false);
    expect(text).toMatch(/^HTTP\/1\.1 431 /);
    expect(text).toContain('Connection: close');
  });

  it('closes after a request with a body instead of reading the body as the next request', async () => {
    const smuggled = `${get('from=1&to=2')}\r\nContent-Length: 40\r\n\r\n${get('from=13900000001&to=1')}\r\n\r\n`;
    const text = await exchange([smuggled], () => false);
    expect(count(text, 'HTTP/1.1 ')).toBe(1);
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
  });
});
