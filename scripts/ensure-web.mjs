#!/usr/bin/env node
// `npm start` runs this first: builds the console into web/dist only when it is missing or older than
// its sources, so a fresh clone serves the console on the first start and later starts cost nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const built = join(web, 'dist', 'index.html');

const newest = (dir) => {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
};

if (!existsSync(join(web, 'index.html'))) process.exit(0);
const sourcesAt = Math.max(
  newest(join(web, 'src')),
  statSync(join(web, 'index.html')).mtimeMs,
  statSync(join(web, 'vite.config.ts')).mtimeMs,
);
if (existsSync(built) && statSync(built).mtimeMs >= sourcesAt) process.exit(0);

process.stderr.write('fanzha: building the console (web/dist) …\n');
const r = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(web, 'vite.config.ts')],
  { stdio: 'inherit', cwd: root },
);
if (r.status !== 0) {
  process.stderr.write('fanzha: the console did not build; the API still starts (see the output above)\n');
}
