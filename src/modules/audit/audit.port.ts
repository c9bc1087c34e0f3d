/** What a module needs to record its actions: one append, inside the transaction that does the work. */
import type { Executor } from '../../adapters/db/database.ts';
import type { AuditEntryInput } from './audit.types.ts';

export interface AuditLog {
  append(tx: Executor, entry: AuditEntryInput): Promise<number>;
}
