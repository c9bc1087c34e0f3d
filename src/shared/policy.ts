/**
 * Who may do what: one table of actions, each naming the organisation kinds and the roles allowed to take
 * it, and one question every service asks, `may(actor, action, target)`. Routes only establish who the
 * actor is; the services ask here, so HTTP, the CLI and the workers enforce the same rules, and the
 * authorisation tests walk this table.
 *
 * `target` describes what the action touches. Today a rule ignores it; it is where a scope (the national
 * list or one organisation's local view, an operator's own number blocks) and the owning organisation of
 * a record come in, so rules that depend on them extend the rule shape rather than every caller.
 */
import { forbidden } from './errors.ts';
import { isSystem, ORG_KINDS, type Actor, type OrgKind, type Role } from './actor.ts';

export interface Rule {
  readonly orgKinds: readonly OrgKind[];
  readonly roles: readonly Role[];
}

/** What an action is applied to. */
export interface Target {
  /** `national`, or the organisation whose local view the action works in. */
  readonly scope?: string | undefined;
  /** The organisation that owns the record acted on. */
  readonly ownerOrgId?: string | undefined;
}

const EVERY_ROLE: readonly Role[] = ['admin', 'analyst', 'reporter', 'viewer'];
const WRITERS: readonly Role[] = ['admin', 'analyst', 'reporter'];
const ANALYSTS: readonly Role[] = ['admin', 'analyst'];
const ADMINS: readonly Role[] = ['admin'];
const ANY_KIND: readonly OrgKind[] = ORG_KINDS;
/** Organisations that act on a listed value: suspend the number, take the domain down, freeze the account. */
const ACTING: readonly OrgKind[] = ['operator', 'platform', 'bank', 'registrar'];
const MEMBERS: readonly OrgKind[] = ['regulator', ...ACTING, 'police'];
const rule = (orgKinds: readonly OrgKind[], roles: readonly Role[]): Rule => ({ orgKinds, roles });

export const POLICY = {
  // The library: anyone but a viewer may claim; analysts curate what the scores say.
  'claims.submit': rule(ANY_KIND, WRITERS),
  'claims.withdraw': rule(ANY_KIND, WRITERS),
  'sightings.record': rule(ANY_KIND, WRITERS),
  'links.add': rule(ANY_KIND, WRITERS),
  'values.pin': rule(ANY_KIND, ANALYSTS),
  'values.unpin': rule(ANY_KIND, ANALYSTS),
  'allow.add': rule(ANY_KIND, ANALYSTS),
  'allow.remove': rule(ANY_KIND, ANALYSTS),
  // The lifecycle: who may move a value into each state. The organisation that acted (suspended the
  // number, took the domain down) records the disposal; appeals are filed on the listed party's behalf
  // by the organisation that holds its account.
  'lifecycle.reported': rule(['regulator'], ANALYSTS),
  'lifecycle.under_review': rule(['regulator'], ANALYSTS),
  'lifecycle.confirmed': rule(['regulator'], ANALYSTS),
  'lifecycle.disposed': rule(['regulator', ...ACTING], ANALYSTS),
  'lifecycle.appealed': rule(['regulator', ...ACTING], WRITERS),
  'lifecycle.released': rule(['regulator'], ANALYSTS),
  'lifecycle.expired': rule(['regulator'], ANALYSTS),
  // Qualification, cases, work orders and appeals. An acting organisation reads only its own work
  // orders and appeals (the services check the owner again per record).
  'queue.read': rule(['regulator'], EVERY_ROLE),
  'queue.decide': rule(['regulator'], ANALYSTS),
  'queue.alert': rule(['regulator', ...ACTING], ANALYSTS),
  'case.read': rule(['regulator', 'police'], EVERY_ROLE),
  'case.write': rule(['regulator'], ANALYSTS),
  'dossier.export': rule(['regulator', 'police'], ANALYSTS),
  'workorder.read': rule(['regulator', ...ACTING], EVERY_ROLE),
  'workorder.feedback': rule(ACTING, ANALYSTS),
  'workorder.sweep': rule(['regulator'], ADMINS),
  'routing.write': rule(['regulator'], ADMINS),
  'appeal.file': rule(['regulator', ...ACTING], WRITERS),
  'appeal.read': rule(['regulator', ...ACTING], EVERY_ROLE),
  'appeal.decide': rule(['regulator'], ANALYSTS),
  // The joint-punishment list: the regulator and the police list; banks, operators and platforms check.
  'credit.list': rule(['regulator', 'police'], ANALYSTS),
  'credit.check': rule(['regulator', 'bank', 'operator', 'platform'], EVERY_ROLE),
  'credit.read': rule(['regulator', 'police'], ['admin', 'analyst', 'viewer']),
  // Detection engines fed by the networks that carry the traffic.
  'sms.ingest': rule(['regulator', 'operator'], WRITERS),
  'sms.templates.read': rule(['regulator', 'operator', 'police'], ['admin', 'analyst', 'viewer']),
  'calls.ingest': rule(['operator', 'regulator'], WRITERS),
  'calls.kick.restore': rule(['operator', 'regulator'], ANALYSTS),
  'brands.read': rule(ANY_KIND, ANALYSTS),
  'brands.write': rule(ANY_KIND, ANALYSTS),
  // Real-time checks for members (proxies present an edge key instead).
  'edge.calls': rule(['operator', 'regulator'], EVERY_ROLE),
  'edge.sms': rule(['operator', 'regulator'], EVERY_ROLE),
  'edge.transfers': rule(['bank', 'regulator'], EVERY_ROLE),
  'edge.lists': rule(MEMBERS, EVERY_ROLE),
  'edge.warnings.events': rule(['operator', 'regulator', 'bank', 'platform'], EVERY_ROLE),
  'edge.warnings.read': rule(['regulator', 'operator'], ANALYSTS),
  'edge.warnings.feedback': rule(['regulator', 'operator'], EVERY_ROLE),
  'edge.warnings.accuracy': rule(['regulator', 'operator'], EVERY_ROLE),
  'edge.warnings.webhook': rule(['regulator', 'operator'], ADMINS),
  // Federation over STIX 2.1 and TAXII 2.1: anyone with a key reads public verdicts; members read
  // members-level verdicts and confirmed indicators; the regulator's analysts (the key a peer instance
  // holds) write to the inbox.
  'federation.read.public': rule(ANY_KIND, EVERY_ROLE),
  'federation.read': rule(MEMBERS, EVERY_ROLE),
  'federation.write': rule(['regulator'], ANALYSTS),
  // Administration.
  'audit.read': rule(ANY_KIND, ANALYSTS),
  'audit.verify': rule(['regulator'], ADMINS),
  'organisations.create': rule(['regulator'], ADMINS),
  'users.read': rule(ANY_KIND, ADMINS),
  'users.create': rule(ANY_KIND, ADMINS),
  'apikeys.read': rule(ANY_KIND, ADMINS),
  'apikeys.create': rule(ANY_KIND, ADMINS),
  'apikeys.revoke': rule(ANY_KIND, ADMINS),
  'reports.settings': rule(['regulator'], ADMINS),
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof POLICY;
export const ACTIONS = Object.keys(POLICY) as Action[];

/** May this actor take this action (on this target)? The platform's own `system` actor may do anything. */
export const may = (actor: Actor, action: Action, _target: Target = {}): boolean => {
  if (isSystem(actor)) return true;
  const r: Rule = POLICY[action];
  return r.orgKinds.includes(actor.orgKind) && r.roles.includes(actor.role);
};

/** Why an actor may not take an action, in words for the 403 answer. */
export const refusal = (actor: Actor, action: Action): string =>
  `a ${actor.role} of a ${actor.orgKind} organisation may not ${action.replaceAll('.', ' ').replaceAll('_', ' ')}`;

/** Throws `forbidden` unless the actor may take the action. */
export const requireMay = (actor: Actor, action: Action, target: Target = {}): void => {
  if (!may(actor, action, target)) throw forbidden(refusal(actor, action));
};
