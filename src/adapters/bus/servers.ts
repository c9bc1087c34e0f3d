/**
 * Starting the bus engines' own servers (Debian's redis-server and nats-server) as child processes for the
 * benchmarks, the tests and the local cluster. Production runs them as services; nothing in the platform
 * starts them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';

export interface EngineServer {
  readonly url: string;
  readonly process: ChildProcess;
  /** Stops the server; `kill -9` when `hard` (a crash, for the fault tests). */
  stop(hard?: boolean): Promise<void>;
}

const waitForPort = async (port: number, timeoutMs: number): Promise<void> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const s = createConnection({ port, host: '127.0.0.1' });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`no server answered on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const stopper =
  (child: ChildProcess) =>
  async (hard = false): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(hard ? 'SIGKILL' : 'SIGTERM');
    await exited;
  };

export const REDIS_SERVER = process.env.FANZHA_REDIS_SERVER ?? 'redis-server';
export const NATS_SERVER = process.env.FANZHA_NATS_SERVER ?? '/usr/sbin/nats-server';

/**
 * Redis with its append-only file on: every write is in the file (the kernel's page cache) before Redis
 * answers, so a killed server loses nothing it acknowledged; fsync once a second bounds what a power cut loses.
 */
export const startRedis = async (dir: string, port: number): Promise<EngineServer> => {
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    REDIS_SERVER,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
    ],
    { stdio: 'ignore' },
  );
  const failed = new Promise<never>((_, reject) =>
    child.once('error', (e) => reject(new Error(`${REDIS_SERVER} could not start: ${e.message}`))),
  );
  await Promise.race([waitForPort(port, 10_000), failed]);
  return { url: `redis://127.0.0.1:${port}`, process: child, stop: stopper(child) };
};

export const startNats = async (dir: string, port: number): Promise<EngineServer> => {
  mkdirSync(dir, { recursive: true });
  const child = spawn(NATS_SERVER, ['-js', '-sd', dir, '-a', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
  });
  const failed = new Promise<never>((_, reject) =>
    child.once('error', (e) => reject(new Error(`${NATS_SERVER} could not start: ${e.message}`))),
  );
  await Promise.race([waitForPort(port, 10_000), failed]);
  return { url: `nats://127.0.0.1:${port}`, process: child, stop: stopper(child) };
};
