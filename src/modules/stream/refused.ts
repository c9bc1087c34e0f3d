/**
 * A batch handed to a service that refuses bad input as a whole (a DomainError naming the field):
 * the batch is tried again one message at a time, so only the refused messages are set aside, each
 * with the service's reason. Other errors (a database gone) propagate: the flush is retried.
 */
import { DomainError } from '../../shared/errors.ts';

export const handOverRefusingOneByOne = async <M>(
  batch: readonly M[],
  handOver: (batch: readonly M[]) => Promise<unknown>,
  refused: (message: M, reason: string) => Promise<void>,
): Promise<void> => {
  try {
    await handOver(batch);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const [only] = batch;
    if (batch.length === 1 && only !== undefined)
      await refused(only, `${e.field ? `${e.field}: ` : ''}${e.message}`);
    else for (const m of batch) await handOverRefusingOneByOne([m], handOver, refused);
  }
};
