/** The evaluation index for any period: the regulator sees every organisation, others only their own. */
import type { Db } from '../../adapters/db/database.ts';
import { forbidden, invalidInput } from '../../shared/errors.ts';
import type { Actor } from '../../shared/actor.ts';
import { may, recordsOf } from '../../shared/policy.ts';
import { computeIndex, type EvaluationIndex } from './evaluation.index.ts';
import type { EvaluationRepository } from './evaluation.repository.ts';

export interface EvaluationDeps {
  readonly db: Db;
  readonly repo: EvaluationRepository;
}

export const createEvaluationService = (deps: EvaluationDeps) => ({
  async index(
    actor: Actor,
    o: { from: number; to: number; orgId?: string | undefined },
  ): Promise<{ from: number; to: number; organisations: EvaluationIndex[] }> {
    if (!(o.from < o.to)) throw invalidInput('to', 'the period must end after it starts');
    if (!may(actor, 'evaluation.read'))
      throw forbidden('the evaluation index is for the regulator and member organisations');
    if (!may(actor, 'evaluation.read', { ownerOrgId: o.orgId }))
      throw forbidden('an organisation sees only its own index');
    const orgs = await deps.repo.organisations(deps.db);
    const own = recordsOf(actor, 'evaluation.read');
    const wanted =
      own === undefined
        ? orgs.filter((g) => (o.orgId ? g.id === o.orgId : g.kind !== 'regulator' && g.kind !== 'public'))
        : orgs.filter((g) => g.id === own);
    const facts = await deps.repo.facts(
      deps.db,
      wanted.map((g) => g.id),
      o.from,
      o.to,
    );
    return {
      from: o.from,
      to: o.to,
      organisations: facts.map((f) => computeIndex(f)).sort((a, b) => b.index - a.index),
    };
  },
});

export type EvaluationService = ReturnType<typeof createEvaluationService>;
