/**
 * Who acts in fanzha: the kinds of organisation that take part, the roles a person or key holds inside
 * one, and the actor every write names. Every layer imports these from here; what each of them may do is
 * in `policy.ts`.
 */
export const ORG_KINDS = [
  'regulator',
  'operator',
  'platform',
  'bank',
  'registrar',
  'police',
  'public',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** A user's or an API key's role inside its organisation (not the process roles of `config.ts`). */
export const ROLES = ['admin', 'analyst', 'reporter', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Who acts: every write names an organisation and an actor (user, API key, detector) for the audit log. */
export interface Actor {
  readonly orgId: string;
  readonly orgKind: OrgKind;
  /** `user:<id>`, `key:<id>`, `detector:<id@version>`, `system`. */
  readonly actor: string;
  readonly role: Role;
}

/** The platform acting for itself: seeding, background workers, commands run on the server. */
export const SYSTEM_ACTOR: Actor = {
  orgId: 'org_platform',
  orgKind: 'regulator',
  actor: 'system',
  role: 'admin',
};

/** The platform itself (migrations, seeding, background workers): trusted with every action. */
export const isSystem = (actor: Actor): boolean => actor.actor === 'system';
