/**
 * The real bus for tests: Debian's redis-server started on a free port in a fresh directory. Without
 * redis-server the suites that need it are skipped, except when CI=true, where they fail (`.ci/run`
 * installs it from .ci/apt/bus.txt).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REDIS_SERVER, startRedis, type EngineServer } from '../../src/adapters/bus/servers.ts';

export const redisInstalled = (): boolean => spawnSync(REDIS_SERVER, ['--version']).status === 0;

/** Whether suites needing redis-server run: always in CI (they then fail if it is missing). */
export const busTestsRun = (): boolean => {
  if (process.env.CI === 'true' || redisInstalled()) return true;
  console.warn('redis-server not installed: bus suites skipped (CI=true makes this a failure)');
  return false;
};

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });

export interface TestRedis extends EngineServer {
  readonly dir: string;
  readonly port: number;
  /** Starts the server again on the same port and data (after a stop or crash). */
  restart(): Promise<TestRedis>;
  /** Stops the server and removes its data. */
  remove(): Promise<void>;
}

export const startTestRedis = async (dir?: string, port?: number): Promise<TestRedis> => {
  if (!redisInstalled()) throw new Error(`${REDIS_SERVER} is not installed (Debian package redis-server)`);
  const d = dir ?? mkdtempSync(join(tmpdir(), 'fanzha-redis-'));
  const p = port ?? (await freePort());
  const server = await startRedis(d, p);
  return {
    ...server,
    dir: d,
    port: p,
    restart: () => startTestRedis(d, p),
    async remove() {
      await server.stop();
      rmSync(d, { recursive: true, force: true });
    },
  };
};
