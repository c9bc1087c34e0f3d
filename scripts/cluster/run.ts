/**
 * `npm run cluster`: PostgreSQL (the machine's, started by scripts/ci/start-postgres.sh when none
 * answers), the bus, two API nodes with the demo data and three detector workers; Ctrl-C stops them.
 * DATABASE_URL chooses another PostgreSQL database; FANZHA_CLUSTER_DIR where the bus keeps its data.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster } from './cluster.ts';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://fanzha:fanzha@127.0.0.1:5432/postgres';
if (!process.env.DATABASE_URL)
  execFileSync('bash', [join(import.meta.dirname, '..', 'ci', 'start-postgres.sh')], { stdio: 'inherit' });
const dir = process.env.FANZHA_CLUSTER_DIR ?? join(process.cwd(), 'data', 'cluster');
mkdirSync(dir, { recursive: true });
const cluster = await startCluster({
  databaseUrl,
  busDir: join(dir, 'redis'),
  busPort: Number(process.env.FANZHA_CLUSTER_BUS_PORT ?? 6390),
  demo: true,
  log: (line) => console.log(line),
});
console.log(
  `cluster up: API nodes ${cluster.api.map((n) => n.url).join(' and ')}; bus ${cluster.busUrl}; Ctrl-C stops it`,
);
const stop = (): void => {
  void cluster.stop().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
