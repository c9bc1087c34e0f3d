/**
 * A real `fanzha serve` process for tests of several processes on one database: started on a free port,
 * resolved with its URL once it listens, stopped with SIGTERM.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'fanzha.mjs');

/** Runs one `fanzha` command to its end: its exit code and what it printed. */
export const runCli = (
  args: readonly string[],
  env: NodeJS.ProcessEnv = { ...process.env, FANZHA_PSEUDONYM_KEY: 'test-pseudonym-key-0123456789' },
): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
}

/** Starts `fanzha serve --db dbUrl` (with the demo data when `demo`) and resolves once it listens. */
export const startServerProcess = (
  dbUrl: string,
  env: NodeJS.ProcessEnv,
  demo = true,
): Promise<ServerProcess> =>
  new Promise((resolve, reject) => {
    const args = [BIN, 'serve', '--db', dbUrl, '--port', '0', '--host', '127.0.0.1'];
    const child = spawn(process.execPath, demo ? [...args, '--demo'] : args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/[^\s]+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1] });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });

/** Stops a server process (if it still runs) and waits for it to exit. */
export const stopServerProcess = async (p: ServerProcess | undefined): Promise<void> => {
  if (!p || p.child.exitCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  await exited;
};
