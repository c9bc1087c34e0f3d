/**
 * The resource library (一库): values, claims, sightings, scores, pins, allow-lists, lifecycle and links.
 * Every write runs in one transaction with its audit entry; listeners (the hot lookup index, list
 * distribution) hear about changed values after commit. The work is in files by job: the shared steps
 * (`library.core.ts`), claim intake (`library.intake.ts`), changes to single values
 * (`library.mutations.ts`) and reads (`library.queries.ts`).
 */
import type { Executor } from '../../adapters/db/database.ts';
import type { Actor } from '../../shared/actor.ts';
import { requireMay } from '../../shared/policy.ts';
import { createLibraryCore, type LibraryDeps } from './library.core.ts';
import { applyIntake, planIntake } from './library.intake.ts';
import { libraryMutations } from './library.mutations.ts';
import type { ClaimSink, ResourcesIn } from './library.port.ts';
import { libraryQueries } from './library.queries.ts';
import { privateStandings } from './library.private.ts';
import type {
  ClaimInput,
  LinkInput,
  NormalizedValue,
  ResourceRecord,
  ResourceType,
  SubmitResult,
} from './library.types.ts';

export type { AllowListener, ChangeListener, LibraryDeps } from './library.core.ts';
export { audienceOf, type ValueDetails } from './library.queries.ts';

export const createLibraryService = (deps: LibraryDeps) => {
  const core = createLibraryCore(deps);

  /** Claims and links inside the caller's transaction; the caller calls `notify` after commit. */
  const submitClaimsIn = async (
    tx: Executor,
    actor: Actor,
    claims: readonly ClaimInput[],
    links: readonly LinkInput[] = [],
  ): Promise<{ result: SubmitResult; changed: ResourceRecord[] }> => {
    requireMay(actor, 'claims.submit');
    return applyIntake(core, tx, actor, planIntake(claims, links, deps.normalize));
  };

  return {
    onChange: core.onChange,
    onAllowChange: core.onAllowChange,
    notify: core.notify,
    /** The scoring configuration in force (the stored verdict thresholds over the defaults). */
    scoring: (tx: Executor) => core.scoring(tx),
    forgetScoring: core.forgetScoring,
    normalize: (type: ResourceType, raw: string, field?: string): NormalizedValue =>
      core.normalizeOrThrow(type, raw, field),

    /** The ClaimSink port: one transaction per batch; a failure leaves nothing of the batch behind. */
    async submitClaims(
      actor: Actor,
      claims: readonly ClaimInput[],
      links: readonly LinkInput[] = [],
    ): Promise<SubmitResult> {
      const { result, changed } = await deps.db
        .transaction()
        .execute((tx) => submitClaimsIn(tx, actor, claims, links));
      core.notify(changed);
      // A submitter reads its own answer next: the owners' standings of its private claims are in place first.
      await core.settled();
      return result;
    },
    submitClaimsIn,
    resourcesIn: async (tx: Executor, ids: readonly number[]): Promise<Map<number, ResourceRecord>> =>
      new Map((await deps.repo.findResourcesByIds(tx, ids)).map((r) => [r.id, r])),
    resourceIn: (tx: Executor, type: ResourceType, normalized: string): Promise<ResourceRecord | undefined> =>
      deps.repo.findResource(tx, type, normalized),
    settled: core.settled,
    ...libraryMutations(core),
    ...libraryQueries(core),
    ...privateStandings(core),
  };
};

export type LibraryService = ReturnType<typeof createLibraryService> & ClaimSink & ResourcesIn;
