/** What the entry point hands every command group: a container opened for one command and closed after. */
import type { Container } from '../../container.ts';

export interface CliContext {
  /** Opens the container for one command (with the hot index when `withoutIndex` is false) and closes it. */
  readonly withContainer: <T>(
    db: string | undefined,
    fn: (c: Container) => Promise<T>,
    withoutIndex?: boolean,
  ) => Promise<T>;
}
