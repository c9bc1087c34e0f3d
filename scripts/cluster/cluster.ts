/**
 * A small fanzha cluster on this machine: the bus (Redis, its own data directory), two API nodes and
 * three detector workers on one PostgreSQL database, each node a separate `fanzha serve` process with
 * its roles. Used by `npm run cluster` and by the cluster tests (which kill and restart its parts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRedis, type EngineServer } from '../../src/adapters/bus/servers.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ClusterNode {
  readonly name: string;
  readonly process: ChildProcess;
  /** The node's HTTP address once it printed it. */
  readonly url: string;
  /** `kill -9`, or a clean stop. */
  stop(hard?: boolean): Promise<void>;
}

export interface ClusterOptions {
  readonly databaseUrl: string;
  readonly busDir: string;
  readonly busPort: number;
  readonly apiNodes?: number;
  readonly workers?: number;
  readonly partitions?: number;
  /** Extra environment for every node. */
  readonly env?: Record<string, string>;
  readonly demo?: boolean;
  readonly log?: (line: string) => void;
}

export interface Cluster {
  bus: EngineServer;
  readonly api: ClusterNode[];
  readonly workers: ClusterNode[];
  readonly busUrl: string;
  startWorker(name: string): Promise<ClusterNode>;
  /** Starts the bus again on its port and data (after a crash). */
  restartBus(): Promise<void>;
  stop(): Promise<void>;
}

export const startNode = async (
  name: string,
  roles: string,
  options: ClusterOptions,
  demo: boolean,
): Promise<ClusterNode> => {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin', 'fanzha.mjs'),
      'serve',
      '--port',
      '0',
      '--db',
      options.databaseUrl,
      ...(demo ? ['--demo'] : []),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        FANZHA_ROLES: roles,
        FANZHA_BUS_URL: `redis://127.0.0.1:${options.busPort}`,
        FANZHA_BUS_PARTITIONS: String(options.partitions ?? 12),
        FANZHA_PSEUDONYM_KEY: process.env.FANZHA_PSEUDONYM_KEY ?? 'cluster-pseudonym-key-0123456789',
        LOG_LEVEL: 'error',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const m = /running at (http:\/\/\S+)/.exec(output);
      if (m?.[1]) resolve(m[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it started:\n${output}`)));
  });
  options.log?.(`${name} (${roles}) at ${url}, pid ${child.pid}`);
  return {
    name,
    process: child,
    url,
    async stop(hard = false) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill(hard ? 'SIGKILL' : 'SIGTERM');
      await exited;
    },
  };
};

export const startCluster = async (options: ClusterOptions): Promise<Cluster> => {
  let bus = await startRedis(options.busDir, options.busPort);
  options.log?.(`bus (redis-server) at ${bus.url}, data in ${options.busDir}`);
  const api: ClusterNode[] = [];
  const workers: ClusterNode[] = [];
  try {
    // The first API node migrates the database (and loads the demo data when asked); then the rest, together.
    api.push(await startNode('api-1', 'api,console', options, options.demo ?? false));
    const rest = await Promise.all([
      ...Array.from({ length: (options.apiNodes ?? 2) - 1 }, (_, i) =>
        startNode(`api-${i + 2}`, 'api,console', options, false),
      ),
      ...Array.from({ length: options.workers ?? 3 }, (_, i) =>
        startNode(`worker-${i + 1}`, 'workers', options, false),
      ),
    ]);
    for (const n of rest) (n.name.startsWith('api') ? api : workers).push(n);
  } catch (e) {
    await Promise.all([...api, ...workers].map((n) => n.stop()));
    await bus.stop();
    throw e;
  }
  const cluster: Cluster = {
    get bus() {
      return bus;
    },
    set bus(b) {
      bus = b;
    },
    api,
    workers,
    busUrl: bus.url,
    async startWorker(name) {
      const n = await startNode(name, 'workers', options, false);
      workers.push(n);
      return n;
    },
    async restartBus() {
      bus = await startRedis(options.busDir, options.busPort);
    },
    async stop() {
      await Promise.all([...api, ...workers].map((n) => n.stop()));
      await bus.stop();
    },
  };
  return cluster;
};
