/**
 * HTTP load from `wrk` (Debian's package; C, one thread here) when it is installed: a load generator
 * that costs far less CPU than a Node client, so on a 2-core machine the server, not the client, is
 * what gets measured. Falls back to the Node client in http-load.ts when wrk is absent.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { load, type LoadResult } from './http-load.ts';

const run = promisify(execFile);
export const WRK = '/usr/bin/wrk';

const ms = (v: string, unit: string): number => Number(v) * (unit === 'us' ? 0.001 : unit === 's' ? 1000 : 1);

export const wrkLoad = async (opts: {
  port: number;
  method?: string;
  path: string;
  body?: string;
  connections: number;
  ms: number;
}): Promise<LoadResult & { tool: string }> => {
  if (!existsSync(WRK)) return { ...(await load(opts)), tool: 'node http client' };
  const args = ['-t1', `-c${opts.connections}`, `-d${Math.max(1, Math.round(opts.ms / 1000))}s`, '--latency'];
  if (opts.method === 'POST') {
    const script = join(mkdtempSync(join(tmpdir(), 'fanzha-wrk-')), 'post.lua');
    writeFileSync(
      script,
      `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = ${JSON.stringify(opts.body ?? '')}\n`,
    );
    args.push('-s', script);
  }
  const { stdout } = await run(WRK, [...args, `http://127.0.0.1:${opts.port}${opts.path}`], {
    maxBuffer: 1 << 20,
  });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? NaN);
  const p50 = /\s50%\s+([\d.]+)(us|ms|s)/.exec(stdout);
  const p99 = /\s99%\s+([\d.]+)(us|ms|s)/.exec(stdout);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const errors = non2xx + (socketErrors ? socketErrors.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  return {
    rps,
    p50: p50 ? ms(p50[1] ?? '', p50[2] ?? 'ms') : NaN,
    p99: p99 ? ms(p99[1] ?? '', p99[2] ?? 'ms') : NaN,
    errors,
    tool: 'wrk',
  };
};
