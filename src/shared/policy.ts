/**
 * Who may do what: one table of actions, each naming the organisation kinds and the roles allowed to take
 * it, and one question every service asks, `may(actor, action, target)`. Routes only establish who the
 * actor is; the services ask here, so HTTP, the CLI and the workers enforce the same rules, and the
 * authorisation tests walk this table.
 *
 * `target` describes what the action touches. Actions that change a verdict other organisations act on
 * (pins, allow entries, brands' official domains, detector thresholds) are scoped: in the `national`
 * scope only the rule's `national` organisations may take them, or an organisation the regulator
 * delegated the value's scope to (`target.delegated`, from the authority grants); in an organisation's
 * local scope, the rule's ordinary kinds and roles may, for their own organisation only.
 *
 * Records owned by one organisation (work orders, appeals, webhooks, users and keys, a message or an
 * import status) name their owner in `target.ownerOrgId`: an actor acts on its own organisation's records,
 * and on another's only when its kind is among the rule's `others` (the regulator, for most).
 * `recordsOf(actor, action)` says the same for a listing: whose records the actor sees.
 */
import { forbidden } from './errors.ts';
import { isSystem, ORG_KINDS, type Actor, type OrgKind, type Role } from './actor.ts';

export interface Rule {
  readonly orgKinds: readonly OrgKind[];
  readonly roles: readonly Role[];
  /** Scoped actions: who may take them in the national scope (others only locally, or by delegation). */
  readonly national?: { readonly orgKinds: readonly OrgKind[]; readonly roles: readonly Role[] };
  /** The kinds that act on every organisation's records; the others act on their own organisation's only. */
  readonly others?: readonly OrgKind[];
}

/** The scope every organisation's answers share. */
export const NATIONAL = 'national';

/** What an action is applied to. */
export interface Target {
  /** `national`, or the organisation whose local view the action works in. */
  readonly scope?: string | undefined;
  /** The organisation that owns the record acted on. */
  readonly ownerOrgId?: string | undefined;
  /** Other organisations the record concerns, who act on it as its owner does (an appeal's listed party). */
  readonly parties?: readonly string[] | undefined;
  /** The regulator granted the actor's organisation authority over this value's scope. */
  readonly delegated?: boolean | undefined;
}

const EVERY_ROLE: readonly Role[] = ['admin', 'analyst', 'reporter', 'viewer'];
const WRITERS: readonly Role[] = ['admin', 'analyst', 'reporter'];
const ANALYSTS: readonly Role[] = ['admin', 'analyst'];
const ADMINS: readonly Role[] = ['admin'];
const ANY_KIND: readonly OrgKind[] = ORG_KINDS;
/** Organisations that act on a listed value: suspend the number, take the domain down, freeze the account. */
const ACTING: readonly OrgKind[] = ['operator', 'platform', 'bank', 'registrar'];
/**
 * Organisations that take whole lists away to act on them (block lists, the members' TAXII collection). Every
 * signed-in organisation reads single values at the members' level; the 12321 public-reports desk (kind
 * `public`) does too, but it takes in citizens' reports and acts on no list, so it downloads none.
 */
const LIST_USERS: readonly OrgKind[] = ['regulator', ...ACTING, 'police'];
const rule = (orgKinds: readonly OrgKind[], roles: readonly Role[], others?: readonly OrgKind[]): Rule =>
  others ? { orgKinds, roles, others } : { orgKinds, roles };
/** The regulator acts on every organisation's records of this kind. */
const REGULATOR: readonly OrgKind[] = ['regulator'];
/** A scoped action: `local` kinds and roles act in their own scope, the regulator's analysts nationally. */
const scoped = (orgKinds: readonly OrgKind[], roles: readonly Role[]): Rule => ({
  orgKinds,
  roles,
  national: { orgKinds: ['regulator'], roles: ANALYSTS },
});

export const POLICY = {
  // The library: anyone but a viewer may claim; analysts curate what the scores say.
  'claims.submit': rule(ANY_KIND, WRITERS),
  'claims.withdraw': rule(ANY_KIND, WRITERS),
  'sightings.record': rule(ANY_KIND, WRITERS),
  'links.add': rule(ANY_KIND, WRITERS),
  // Pins and allow entries: the regulator's analysts for the country, every analyst for its own views.
  'values.pin': scoped(ANY_KIND, ANALYSTS),
  'values.unpin': scoped(ANY_KIND, ANALYSTS),
  'allow.add': scoped(ANY_KIND, ANALYSTS),
  'allow.remove': scoped(ANY_KIND, ANALYSTS),
  'overrides.read': rule(ANY_KIND, EVERY_ROLE),
  // Delegating a scope is the regulator's decision; every organisation may read the grants it holds.
  'grants.write': rule(['regulator'], ANALYSTS),
  'grants.read': rule(ANY_KIND, ANALYSTS, REGULATOR),
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
  // Qualification, cases, work orders and appeals. An acting organisation reads only the work orders
  // addressed to it and the appeals it filed or that concern it; only the addressee answers an order.
  'queue.read': rule(['regulator'], EVERY_ROLE),
  'queue.decide': rule(['regulator'], ANALYSTS),
  'queue.alert': rule(['regulator', ...ACTING], ANALYSTS),
  'case.read': rule(['regulator', 'police'], EVERY_ROLE),
  'case.write': rule(['regulator'], ANALYSTS),
  'dossier.export': rule(['regulator', 'police'], ANALYSTS),
  'workorder.read': rule(['regulator', ...ACTING], EVERY_ROLE, REGULATOR),
  'workorder.feedback': rule(ACTING, ANALYSTS),
  'workorder.route': rule(['regulator'], ANALYSTS),
  'workorder.sweep': rule(['regulator'], ADMINS),
  'routing.write': rule(['regulator'], ADMINS),
  'appeal.file': rule(['regulator', ...ACTING], WRITERS),
  'appeal.read': rule(['regulator', ...ACTING], EVERY_ROLE, REGULATOR),
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
  // A brand's official domains clear URLs for everyone: national, or delegated to the brand's owner.
  'brands.write': scoped([], ANALYSTS),
  // Real-time checks for members (proxies present an edge key instead).
  'edge.calls': rule(['operator', 'regulator'], EVERY_ROLE),
  'edge.sms': rule(['operator', 'regulator'], EVERY_ROLE),
  'edge.transfers': rule(['bank', 'regulator'], EVERY_ROLE),
  'edge.lists': rule(LIST_USERS, EVERY_ROLE),
  'edge.warnings.events': rule(['operator', 'regulator', 'bank', 'platform'], EVERY_ROLE),
  'edge.warnings.read': rule(['regulator', 'operator'], ANALYSTS),
  'edge.warnings.feedback': rule(['regulator', 'operator'], EVERY_ROLE),
  'edge.warnings.accuracy': rule(['regulator', 'operator'], EVERY_ROLE),
  'edge.warnings.webhook': rule(['regulator', 'operator'], ADMINS),
  // Federation over STIX 2.1 and TAXII 2.1: anyone with a key reads public verdicts; members read
  // members-level verdicts and confirmed indicators; the regulator's analysts (the key a peer instance
  // holds) write to the inbox.
  'federation.read.public': rule(ANY_KIND, EVERY_ROLE),
  'federation.read': rule(LIST_USERS, EVERY_ROLE),
  'federation.write': rule(['regulator'], ANALYSTS),
  // The status of an inbox write: for the organisation that wrote it.
  'federation.status': rule(ANY_KIND, EVERY_ROLE),
  // The peers an instance syncs with, and the keys it holds at them: the regulator's administrators.
  'federation.peers': rule(['regulator'], ADMINS),
  // Administration.
  'audit.read': rule(ANY_KIND, ANALYSTS, REGULATOR),
  'audit.verify': rule(['regulator'], ADMINS),
  'organisations.create': rule(['regulator'], ADMINS),
  'users.read': rule(ANY_KIND, ADMINS, REGULATOR),
  'users.create': rule(ANY_KIND, ADMINS, REGULATOR),
  'apikeys.read': rule(ANY_KIND, ADMINS, REGULATOR),
  'apikeys.create': rule(ANY_KIND, ADMINS, REGULATOR),
  'apikeys.revoke': rule(ANY_KIND, ADMINS, REGULATOR),
  'reports.settings': rule(['regulator'], ADMINS),
  // A public report's sealed contact is opened for the regulator only.
  'reports.contact': rule(['regulator'], EVERY_ROLE),
  // Webhooks: an organisation's administrators manage its own subscriptions.
  'webhooks.manage': rule(ANY_KIND, ADMINS, REGULATOR),
  // The evaluation index: the regulator's for every member, a member's for itself.
  'evaluation.read': rule(['regulator', ...ACTING], EVERY_ROLE, REGULATOR),
  // Display names of the people whose actions a caller sees (its own and the regulator's).
  'people.read': rule(ANY_KIND, EVERY_ROLE),
  // The library's verdict thresholds bind every organisation: any analyst reads them; only the
  // regulator's analysts compare a proposed set (shadow mode) and apply one, nationally.
  'thresholds.read': rule(ANY_KIND, ANALYSTS),
  'thresholds.shadow': rule(['regulator'], ANALYSTS),
  'thresholds.write': rule(['regulator'], ANALYSTS),
  // The transaction stream: banks and payment platforms send transfers; the mule verdicts are read by
  // them, the regulator and the police. Gangs are the regulator's and the police's.
  'transfers.ingest': rule(['bank', 'platform', 'regulator'], WRITERS),
  'transfers.read': rule(['bank', 'platform', 'regulator', 'police'], EVERY_ROLE),
  'gangs.read': rule(['regulator', 'police'], EVERY_ROLE),
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof POLICY;
export const ACTIONS = Object.keys(POLICY) as Action[];

/** May this actor take this action (on this target)? The platform's own `system` actor may do anything. */
export const may = (actor: Actor, action: Action, target: Target = {}): boolean => {
  if (isSystem(actor)) return true;
  const r: Rule = POLICY[action];
  if (r.national) {
    // A scoped action names its scope; none given reads as national, the one that binds everybody.
    const scope = target.scope ?? NATIONAL;
    if (scope === NATIONAL)
      return (
        (r.national.orgKinds.includes(actor.orgKind) || target.delegated === true) &&
        r.national.roles.includes(actor.role)
      );
    if (scope !== actor.orgId) return false;
    if (target.ownerOrgId !== undefined && target.ownerOrgId !== actor.orgId) return false;
  } else if (!onOwnRecord(actor, target) && !(r.others ?? []).includes(actor.orgKind)) return false;
  return r.orgKinds.includes(actor.orgKind) && r.roles.includes(actor.role);
};

const onOwnRecord = (actor: Actor, target: Target): boolean =>
  target.ownerOrgId === undefined ||
  target.ownerOrgId === actor.orgId ||
  (target.parties ?? []).includes(actor.orgId);

/**
 * Whose records a listing under this action shows the actor: `undefined` for every organisation's (the
 * platform itself, or a kind among the rule's `others`), else its own organisation's id.
 */
export const recordsOf = (actor: Actor, action: Action): string | undefined => {
  const r: Rule = POLICY[action];
  return isSystem(actor) || (r.others ?? []).includes(actor.orgKind) ? undefined : actor.orgId;
};

/** Why an actor may not take an action, in words for the 403 answer. */
export const refusal = (actor: Actor, action: Action, target: Target = {}): string =>
  `a ${actor.role} of a ${actor.orgKind} organisation may not ${action.replaceAll('.', ' ').replaceAll('_', ' ')}` +
  (POLICY[action].national
    ? (target.scope ?? NATIONAL) === NATIONAL
      ? ' in the national scope (use scope "local" for your own views)'
      : ` in scope ${target.scope ?? ''}`
    : onOwnRecord(actor, target)
      ? ''
      : ' for another organisation');

/** Throws `forbidden` unless the actor may take the action. */
export const requireMay = (actor: Actor, action: Action, target: Target = {}): void => {
  if (!may(actor, action, target)) throw forbidden(refusal(actor, action, target));
};
