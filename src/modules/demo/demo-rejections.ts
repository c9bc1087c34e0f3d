/** The demo import's refused lines, one JSON object a line, in a file beside the SQLite database. */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isPostgresUrl } from '../../adapters/db/database.ts';
import type { DemoRejection } from './demo.service.ts';

/**
 * Writes the file and returns its path; undefined when nothing was refused or there is no file to sit beside
 * (PostgreSQL, in memory: the start-up line's summary of reasons is then the record).
 */
export const writeDemoRejections = (
  databaseUrl: string,
  rejections: readonly DemoRejection[],
): string | undefined => {
  if (rejections.length === 0 || databaseUrl === ':memory:' || isPostgresUrl(databaseUrl)) return undefined;
  const file = resolve(join(dirname(databaseUrl.replace(/^sqlite:(\/\/)?/, '')), 'demo-rejected.jsonl'));
  writeFileSync(file, rejections.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
};
