/**
 * End-to-end support: a real fanzha server on a free port over a fresh database of the given dialect,
 * with helpers to log in and call it. Tests close it in afterAll.
 */
import { loadConfig } from '../../src/config.ts';
import type { Dialect } from '../../src/adapters/db/database.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';

export interface TestServer {
  readonly server: RunningServer;
  readonly url: string;
  readonly db: TestDatabase;
  /** fetch against the server; JSON bodies are encoded; returns status and parsed JSON (or text). */
  call(
    method: string,
    path: string,
    opts?: { body?: unknown; cookie?: string; apiKey?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** Logs a demo user in and returns the session cookie. */
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export const startTestServer = async (
  dialect: Dialect,
  opts: { demo?: boolean; env?: Record<string, string> } = {},
): Promise<TestServer> => {
  const db = await createTestDatabase(dialect);
  // The server opens its own handle on the same database; the test keeps `db` for direct checks.
  const config = loadConfig(
    {
      FANZHA_PSEUDONYM_KEY: 'test-pseudonym-key-0123456789',
      FANZHA_ANON_RATE_LIMIT: '100000',
      FANZHA_DEMO_SAMPLE: '300',
      ...opts.env,
    },
    { port: 0, host: '127.0.0.1', databaseUrl: db.url, demo: opts.demo ?? true },
  );
  const server = await startServer(config);
  const url = server.url;
  const call: TestServer['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    if (o.cookie) headers.cookie = o.cookie;
    if (o.apiKey) headers.authorization = `Bearer ${o.apiKey}`;
    const res = await fetch(url + path, {
      method,
      headers,
      body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body, headers: res.headers };
  };
  return {
    server,
    url,
    db,
    call,
    async login(username, password = 'fanzha-demo') {
      const res = await fetch(url + '/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
      const cookie = res.headers.get('set-cookie') ?? '';
      return cookie.split(';')[0] ?? '';
    },
    async close() {
      await server.close();
      await db.drop();
    },
  };
};
