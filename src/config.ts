/**
 * The only reader of process.env: parsed once, validated, frozen. Anything wrong stops
 * start-up with one line naming the variable.
 */
import { randomBytes } from 'node:crypto';

/** What this process does: serve the API, run the background workers, serve the console. */
export type ProcessRole = 'api' | 'workers' | 'console';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** A file path (SQLite) or postgres:// URL. */
  readonly databaseUrl: string;
  /** Load demo data when the database is empty. */
  readonly demo: boolean;
  /** Key for subject pseudonyms and keyed list hashes; must be stable across restarts. */
  readonly pseudonymKey: string;
  readonly pseudonymKeyFromEnv: boolean;
  /** redis:// URL of the bus for the scale-out mode; absent in the embedded default (in-process bus). */
  readonly busUrl: string | undefined;
  /** Partitions per stream on the bus (every node of a cluster must agree). */
  readonly busPartitions: number;
  readonly roles: readonly ProcessRole[];
  readonly logLevel: 'info' | 'warn' | 'error';
  /** Log every HTTP request (FANZHA_HTTP_LOG=1); off by default, and the lookup fast route is off with it. */
  readonly httpLog: boolean;
  /** Requests per minute per client on anonymous endpoints. */
  readonly anonymousRateLimit: number;
  readonly sessionHours: number;
  /** Per-proxy keys accepted by the edge endpoints (comma-separated). */
  readonly edgeKeys: readonly string[];
  /** Port of the lean call-check listener for SIP proxies (edge.listener.ts); undefined = not started. */
  readonly edgePort: number | undefined;
  readonly webRoot: string | undefined;
  /** Take only the first N lines of each demo list (fast test servers); undefined = all. */
  readonly demoSample: number | undefined;
  /** Send cookies with `Secure` (set when served over TLS). */
  readonly secureCookies: boolean;
  /** How often (ms) the server polls the library's change feed for other processes' writes; 0 = every 500 ms. */
  readonly indexPollMs: number;
  /**
   * Which reverse proxies to believe about the client's address (FANZHA_TRUST_PROXY): `true` for any,
   * or a comma-separated list of addresses and CIDRs; false (unset) trusts none. Rate limits count the
   * client this yields.
   */
  readonly trustProxy: boolean | string;
  /** Key sealing audit checkpoints (FANZHA_AUDIT_KEY, at least 16 characters); never stored in the database. */
  readonly auditKey: string | undefined;
  /** Where the workers write a checkpoint of the audit chain's head (FANZHA_AUDIT_CHECKPOINT_FILE). */
  readonly auditCheckpointFile: string | undefined;
  /** How often they do, in ms (FANZHA_AUDIT_CHECKPOINT_MS, default 10 minutes). */
  readonly auditCheckpointMs: number;
  /** This instance's name in the federation (FANZHA_INSTANCE): the origin its own claims carry. */
  readonly instance: string;
  /** How often the workers pull from and push to each peer, in ms (FANZHA_FEDERATION_POLL_MS, default 60 s). */
  readonly federationPollMs: number;
}

const instanceOf = (raw: string | undefined): string => {
  if (raw === undefined || raw === '') return 'fanzha';
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(raw))
    throw new ConfigError('FANZHA_INSTANCE: lower-case letters, digits and hyphens, at most 63');
  return raw;
};

const auditKeyOf = (raw: string | undefined): string | undefined => {
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 16) throw new ConfigError('FANZHA_AUDIT_KEY: at least 16 characters');
  return raw;
};

const trustProxyOf = (raw: string | undefined): boolean | string => {
  const v = raw?.trim() ?? '';
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (!/^[0-9a-fA-F.:/, ]+$/.test(v))
    throw new ConfigError('FANZHA_TRUST_PROXY: true, or addresses and CIDRs separated by commas');
  return v;
};

export class ConfigError extends Error {}

const int = (name: string, raw: string | undefined, fallback: number, min: number, max: number): number => {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
};

const busUrlOf = (raw: string | undefined): string | undefined => {
  if (raw === undefined || raw === '') return undefined;
  if (!raw.startsWith('redis://'))
    throw new ConfigError(`FANZHA_BUS_URL must be a redis:// URL, got "${raw}"`);
  return raw;
};

export interface ConfigOverrides {
  readonly port?: number | undefined;
  readonly host?: string | undefined;
  readonly databaseUrl?: string | undefined;
  readonly demo?: boolean | undefined;
}

export const loadConfig = (env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config => {
  const roles: ProcessRole[] = [];
  for (const r of (env.FANZHA_ROLES ?? 'api,workers,console').split(',').map((x) => x.trim())) {
    if (r !== 'api' && r !== 'workers' && r !== 'console')
      throw new ConfigError(`FANZHA_ROLES: unknown role "${r}" (api, workers, console)`);
    roles.push(r);
  }
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (logLevel !== 'info' && logLevel !== 'warn' && logLevel !== 'error')
    throw new ConfigError(`LOG_LEVEL must be info, warn or error`);
  const key = env.FANZHA_PSEUDONYM_KEY;
  if (key !== undefined && key.length < 16)
    throw new ConfigError('FANZHA_PSEUDONYM_KEY must be at least 16 characters');
  return Object.freeze({
    port: overrides.port ?? int('PORT', env.PORT, 8080, 0, 65535),
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    databaseUrl: overrides.databaseUrl ?? env.DATABASE_URL ?? './data/fanzha.db',
    demo: overrides.demo ?? env.FANZHA_DEMO === '1',
    pseudonymKey: key ?? randomBytes(24).toString('hex'),
    pseudonymKeyFromEnv: key !== undefined,
    busUrl: busUrlOf(env.FANZHA_BUS_URL),
    busPartitions: int('FANZHA_BUS_PARTITIONS', env.FANZHA_BUS_PARTITIONS, 12, 1, 1024),
    roles: Object.freeze(roles),
    logLevel,
    httpLog: Boolean(env.FANZHA_HTTP_LOG),
    anonymousRateLimit: int('FANZHA_ANON_RATE_LIMIT', env.FANZHA_ANON_RATE_LIMIT, 600, 1, 10_000_000),
    sessionHours: int('FANZHA_SESSION_HOURS', env.FANZHA_SESSION_HOURS, 12, 1, 24 * 30),
    edgeKeys: Object.freeze(
      (env.FANZHA_EDGE_KEYS ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    edgePort:
      env.FANZHA_EDGE_PORT === undefined || env.FANZHA_EDGE_PORT === ''
        ? undefined
        : int('FANZHA_EDGE_PORT', env.FANZHA_EDGE_PORT, 0, 0, 65535),
    webRoot: env.FANZHA_WEB_ROOT || undefined,
    demoSample: env.FANZHA_DEMO_SAMPLE
      ? int('FANZHA_DEMO_SAMPLE', env.FANZHA_DEMO_SAMPLE, 0, 1, 10_000_000)
      : undefined,
    secureCookies: env.FANZHA_SECURE_COOKIES === '1',
    indexPollMs: int('FANZHA_INDEX_POLL_MS', env.FANZHA_INDEX_POLL_MS, 0, 0, 60_000),
    trustProxy: trustProxyOf(env.FANZHA_TRUST_PROXY),
    auditKey: auditKeyOf(env.FANZHA_AUDIT_KEY),
    auditCheckpointFile: env.FANZHA_AUDIT_CHECKPOINT_FILE || undefined,
    auditCheckpointMs: int(
      'FANZHA_AUDIT_CHECKPOINT_MS',
      env.FANZHA_AUDIT_CHECKPOINT_MS,
      600_000,
      1_000,
      86_400_000,
    ),
    instance: instanceOf(env.FANZHA_INSTANCE),
    federationPollMs: int(
      'FANZHA_FEDERATION_POLL_MS',
      env.FANZHA_FEDERATION_POLL_MS,
      60_000,
      100,
      86_400_000,
    ),
  });
};
