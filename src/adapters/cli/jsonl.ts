/**
 * Streaming JSONL in and out for the batch CLIs. Each input line is parsed on its own so one bad line
 * yields an error record and the run goes on; only an unreadable file stops the run.
 */
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { CliError } from './cli-kit.ts';

export type ParsedLine =
  { readonly line: number; readonly value: unknown } | { readonly line: number; readonly error: string };

export async function* readJsonl(path: string): AsyncGenerator<ParsedLine> {
  if (path !== '-' && !existsSync(path)) throw new CliError(`cannot read --in ${path}: no such file`);
  const input = path === '-' ? process.stdin : createReadStream(path, { encoding: 'utf8' });
  const rl = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of rl) {
      line++;
      if (text.trim() === '') continue;
      try {
        yield { line, value: JSON.parse(text) as unknown };
      } catch {
        yield { line, error: `line ${line}: not valid JSON` };
      }
    }
  } catch (e) {
    throw new CliError(`cannot read --in ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export interface JsonlWriter {
  write(record: unknown): Promise<void>;
  close(): Promise<void>;
}

export const openJsonlWriter = (path: string): JsonlWriter => {
  const out = path === '-' ? process.stdout : createWriteStream(path, { encoding: 'utf8' });
  return {
    async write(record) {
      if (!out.write(JSON.stringify(record) + '\n')) await once(out, 'drain');
    },
    async close() {
      if (out === process.stdout) return;
      await new Promise<void>((resolve, reject) =>
        out.end((e?: Error | null) => (e ? reject(e) : resolve())),
      );
    },
  };
};
