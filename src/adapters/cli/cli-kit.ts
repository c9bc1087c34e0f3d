/**
 * What every CLI command shares: one clear line and a non-zero exit on bad input, never a stack trace
 * (unless FANZHA_DEBUG is set).
 */
import { DomainError } from '../../shared/errors.ts';

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}

export const describeError = (e: unknown): string => {
  if (e instanceof DomainError) return `${e.code}${e.field ? ` (${e.field})` : ''}: ${e.message}`;
  if (e instanceof Error) return e.message;
  return String(e);
};

/** Wraps a command's action so failures print one line to stderr and set the exit code. */
export const action =
  <A extends unknown[]>(fn: (...args: A) => Promise<void> | void) =>
  async (...args: A): Promise<void> => {
    try {
      await fn(...args);
    } catch (e) {
      if (process.env.FANZHA_DEBUG) console.error(e);
      process.stderr.write(`fanzha: ${describeError(e)}\n`);
      process.exitCode = e instanceof CliError ? e.exitCode : 1;
    }
  };
