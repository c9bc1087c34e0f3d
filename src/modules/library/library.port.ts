/**
 * What detectors and other modules need from the library, and nothing more: they
 * submit claims and links through this port and never touch the library's tables.
 */
import type { ClaimInput, LinkInput, SubmitResult } from './library.types.ts';
import type { Actor } from '../../shared/actor.ts';

export interface ClaimSink {
  /** Normalises each value, writes claims (idempotent per value × org × source) and links in one transaction. */
  submitClaims(
    actor: Actor,
    claims: readonly ClaimInput[],
    links?: readonly LinkInput[],
  ): Promise<SubmitResult>;
}
