/**
 * The access matrix's expected answers, written once as data: for every route the server registers
 * (`METHOD /path` as Fastify spells it), who gets what. `access-matrix.test.ts` asks every route as every
 * caller class and compares. A route the server has and this table lacks fails the test with its name; so
 * does an entry whose route no longer exists.
 *
 * Rules are functions of the caller (and, for routes that act on a record some organisation owns, of
 * whether that record is the caller's own organisation's or another's) to one answer class:
 * `ok` (2xx), 401, 403, or 404 (the target does not exist for this caller). Where a route's answer may
 * carry something one organisation keeps private (a private claim's value or attributes, a sighting note),
 * the request names that secret and `shown` / `hidden` say whether the 2xx answer must contain it.
 */
import type { OrgKind, Role } from '../../src/shared/actor.ts';

export type Answer = 'ok' | 'shown' | 'hidden' | 401 | 403 | 404;

/**
 * Who calls: nobody, a forged or revoked API key (refused outright), a forged session cookie (no session:
 * the caller is anonymous), or a user's session or an API key of an organisation.
 */
export type Caller =
  | { readonly via: 'anonymous' | 'forged' | 'revoked' | 'forged-session' }
  | { readonly via: 'user' | 'key'; readonly kind: OrgKind; readonly role: Role };

/** Whose record the request acts on, for routes that take an organisation-owned target. */
export type Owner = 'own' | 'other';

export type Rule = (caller: Caller, owner: Owner) => Answer;

export interface Entry {
  readonly expect: Rule;
  /** The route takes an organisation-owned target: every caller asks once for its own and once for another's. */
  readonly owned?: boolean;
}

/** A route with several cases worth their own rule (a national and a local pin), by case name. */
export type Cases = Readonly<Record<string, Entry>>;

const EVERY_ROLE: readonly Role[] = ['admin', 'analyst', 'reporter', 'viewer'];
const WRITERS: readonly Role[] = ['admin', 'analyst', 'reporter'];
const ANALYSTS: readonly Role[] = ['admin', 'analyst'];
const ADMINS: readonly Role[] = ['admin'];
const ACTING: readonly OrgKind[] = ['operator', 'platform', 'bank', 'registrar'];
const MEMBERS: readonly OrgKind[] = ['regulator', ...ACTING, 'police'];
const ANY_KIND: readonly OrgKind[] = [...MEMBERS, 'public'];

const signedIn = (c: Caller): c is Extract<Caller, { kind: OrgKind }> => c.via === 'user' || c.via === 'key';

/** Anyone, with or without credentials (a forged or revoked key is still refused before any route). */
const open: Rule = (c) => (c.via === 'forged' || c.via === 'revoked' ? 401 : 'ok');

/** Organisations of these kinds with these roles; other signed-in callers get `denied` (403 by default). */
const only =
  (kinds: readonly OrgKind[], roles: readonly Role[], denied: Answer = 403): Rule =>
  (c) =>
    !signedIn(c) ? 401 : kinds.includes(c.kind) && roles.includes(c.role) ? 'ok' : denied;

/** Every signed-in caller. */
const member: Rule = only(ANY_KIND, EVERY_ROLE);

/**
 * A rule for a record some organisation owns: another organisation's record answers `other` to a caller
 * the rule would let through, unless that caller is one of `overseers` (the regulator's, for instance).
 */
const owned = (rule: Rule, other: Answer = 404, overseers: Rule = () => 403): Entry => ({
  owned: true,
  expect: (c, owner) => {
    const a = rule(c, owner);
    if (a !== 'ok' || owner === 'own') return a;
    return overseers(c, owner) === 'ok' ? 'ok' : other;
  },
});

const e = (expect: Rule): Entry => ({ expect });

/**
 * A read that may carry one organisation's private detail: the owner's answer shows it (`own`, unless
 * told otherwise) and so do the `overseers'` answers; every other caller's answer leaves it out.
 */
const confidential = (rule: Rule, own: Answer = 'shown', overseers: Rule = () => 403): Entry => ({
  owned: true,
  expect: (c, owner) => {
    const a = rule(c, owner);
    if (a !== 'ok') return a;
    if (owner === 'own') return own;
    return overseers(c, owner) === 'ok' ? 'shown' : 'hidden';
  },
});

/** A read or write whose 2xx answer must never carry the secret it names (a peer's key), for anyone. */
const kept = (rule: Rule): Entry => ({
  expect: (c, owner) => {
    const a = rule(c, owner);
    return a === 'ok' ? 'hidden' : a;
  },
});

/** Routes served without an OpenAPI entry on purpose: the console, its docs and the health probe. */
export const UNDOCUMENTED: readonly string[] = [
  'GET /',
  'GET /index.html',
  'GET /app/*',
  'GET /health',
  'GET /docs',
  'GET /docs/static/index.html',
  'GET /docs/static/swagger-initializer.js',
  'GET /docs/static/*',
  'GET /docs/json',
  'GET /docs/yaml',
];

export const MATRIX: Readonly<Record<string, Entry | Cases>> = {
  // The console's shell, the OpenAPI documents and the health probe are for everybody.
  'GET /': e(open),
  'GET /index.html': e(open),
  'GET /app/*': e(open),
  'GET /health': e(open),
  'GET /docs': e(open),
  'GET /docs/static/index.html': e(open),
  'GET /docs/static/swagger-initializer.js': e(open),
  'GET /docs/static/*': e(open),
  'GET /docs/json': e(open),
  'GET /docs/yaml': e(open),

  // Sessions, organisations, users and keys.
  'POST /api/v1/auth/login': e(open),
  'POST /api/v1/auth/logout': e(open),
  'GET /api/v1/auth/me': e(member),
  'GET /api/v1/orgs': e(member),
  'POST /api/v1/orgs': e(only(['regulator'], ADMINS)),
  'GET /api/v1/users': {
    any: e(only(ANY_KIND, ADMINS)),
    mine: confidential(only(ANY_KIND, ADMINS), 'shown', only(['regulator'], ADMINS)),
  },
  'POST /api/v1/users': owned(only(ANY_KIND, ADMINS), 403, only(['regulator'], ADMINS)),
  'GET /api/v1/apikeys': {
    any: e(only(ANY_KIND, ADMINS)),
    mine: confidential(only(ANY_KIND, ADMINS), 'shown', only(['regulator'], ADMINS)),
  },
  'POST /api/v1/apikeys': owned(only(ANY_KIND, ADMINS), 403, only(['regulator'], ADMINS)),
  'DELETE /api/v1/apikeys/:id': owned(only(ANY_KIND, ADMINS), 403, only(['regulator'], ADMINS)),
  // Display names of the people a caller meets: its own organisation's and the regulator's; the regulator
  // sees everyone's.
  'GET /api/v1/people': confidential(member, 'shown', only(['regulator'], EVERY_ROLE)),

  // Audit and authority.
  // The regulator's analysts read the whole log; others their own organisation's entries.
  'GET /api/v1/audit': {
    any: e(only(ANY_KIND, ANALYSTS)),
    mine: confidential(only(ANY_KIND, ANALYSTS), 'shown', only(['regulator'], ANALYSTS)),
  },
  'GET /api/v1/audit/verify': e(only(['regulator'], ADMINS)),
  'GET /api/v1/authority/grants': {
    any: e(only(ANY_KIND, ANALYSTS)),
    mine: confidential(only(ANY_KIND, ANALYSTS), 'shown', only(['regulator'], ANALYSTS)),
  },
  'POST /api/v1/authority/grants': e(only(['regulator'], ANALYSTS)),
  'DELETE /api/v1/authority/grants/:id': e(only(['regulator'], ANALYSTS)),

  // The library. National pins and allow entries are the regulator's analysts'; every analyst keeps local ones.
  'GET /api/v1/taxonomy': e(open),
  'POST /api/v1/claims': e(only(ANY_KIND, WRITERS)),
  'DELETE /api/v1/claims/:id': {
    members: owned(only(ANY_KIND, WRITERS), 403),
    private: owned(only(ANY_KIND, WRITERS), 404),
  },
  'GET /api/v1/values': {
    public: e(member),
    // A value known only through one organisation's private claim exists for that organisation alone.
    private: owned(member, 404),
    // Another organisation's sighting note on a shared value stays with that organisation.
    note: confidential(member),
    // Another organisation's local pin, and its reason, stay out of this caller's answer and history.
    local: confidential(member, 'ok'),
  },
  'GET /api/v1/search': { any: e(member), private: confidential(member) },
  'POST /api/v1/values/sightings': e(only(ANY_KIND, WRITERS)),
  'POST /api/v1/values/pin': {
    national: e(only(['regulator'], ANALYSTS)),
    local: e(only(ANY_KIND, ANALYSTS)),
  },
  'POST /api/v1/values/unpin': {
    national: e(only(['regulator'], ANALYSTS)),
    local: e(only(ANY_KIND, ANALYSTS)),
  },
  'POST /api/v1/values/transition': e(only(['regulator'], ANALYSTS)),
  'GET /api/v1/allow': e(member),
  'POST /api/v1/allow': {
    national: e(only(['regulator'], ANALYSTS)),
    local: e(only(ANY_KIND, ANALYSTS)),
  },
  'DELETE /api/v1/allow': {
    national: e(only(['regulator'], ANALYSTS)),
    local: e(only(ANY_KIND, ANALYSTS)),
  },
  'GET /api/v1/overrides': { any: e(member), mine: confidential(member) },
  'POST /api/v1/import': e(only(ANY_KIND, WRITERS)),
  'GET /api/v1/export': { any: e(member), private: confidential(member) },

  // Lookups and checks: anonymous callers get the public answer.
  // Nobody's lookup answer carries a private claim's attributes but (possibly) its owner's.
  'GET /api/v1/lookup': { any: e(open), private: confidential(open, 'ok') },
  'POST /api/v1/lookup': { any: e(open), private: confidential(open, 'ok') },
  'POST /api/v1/url/check': e(member),
  'POST /api/v1/app/check': e(member),
  'POST /api/v1/page/check': e(member),
  'GET /api/v1/brands': e(only(ANY_KIND, ANALYSTS)),
  'GET /api/v1/brands/:id': e(only(ANY_KIND, ANALYSTS)),
  'POST /api/v1/brands': e(only(['regulator'], ANALYSTS)),
  'PUT /api/v1/brands/:id': e(only(['regulator'], ANALYSTS)),

  // Public reports.
  'GET /api/v1/reports/challenge': e(open),
  'POST /api/v1/reports': e(open),
  'GET /api/v1/reports/:receipt': e(open),
  'PUT /api/v1/reports/settings': e(only(['regulator'], ADMINS)),

  // Qualification, cases, work orders, appeals, credit, evaluation.
  'GET /api/v1/collaboration/permissions': e(member),
  'GET /api/v1/queue': e(only(['regulator'], EVERY_ROLE)),
  'GET /api/v1/queue/:id': e(only(['regulator'], EVERY_ROLE)),
  'POST /api/v1/queue/alerts': e(only(['regulator', ...ACTING], ANALYSTS)),
  'POST /api/v1/queue/:id/decision': e(only(['regulator'], ANALYSTS)),
  'GET /api/v1/cases': e(only(['regulator', 'police'], EVERY_ROLE)),
  'GET /api/v1/cases/:id': e(only(['regulator', 'police'], EVERY_ROLE)),
  'PATCH /api/v1/cases/:id': e(only(['regulator'], ANALYSTS)),
  'POST /api/v1/cases/:id/notes': e(only(['regulator'], ANALYSTS)),
  'POST /api/v1/cases/:id/merge': e(only(['regulator'], ANALYSTS)),
  'POST /api/v1/cases/:id/split': e(only(['regulator'], ANALYSTS)),
  'POST /api/v1/cases/:id/workorders': e(only(['regulator'], ANALYSTS)),
  'GET /api/v1/cases/:id/dossier': e(only(['regulator', 'police'], ANALYSTS)),
  'GET /api/v1/workorders': {
    any: e(only(['regulator', ...ACTING], EVERY_ROLE)),
    mine: confidential(only(['regulator', ...ACTING], EVERY_ROLE), 'shown', only(['regulator'], EVERY_ROLE)),
  },
  'GET /api/v1/workorders/:id': owned(
    only(['regulator', ...ACTING], EVERY_ROLE),
    404,
    only(['regulator'], EVERY_ROLE),
  ),
  'POST /api/v1/workorders/:id/feedback': owned(only(ACTING, ANALYSTS), 404),
  'POST /api/v1/workorders/:id/route': e(only(['regulator'], ANALYSTS)),
  'POST /api/v1/workorders/sweep': e(only(['regulator'], ADMINS)),
  'GET /api/v1/routing': e(only(['regulator', 'police'], EVERY_ROLE)),
  'PUT /api/v1/routing': e(only(['regulator'], ADMINS)),
  'POST /api/v1/appeals': e(only(['regulator', ...ACTING], WRITERS)),
  'GET /api/v1/appeals': e(only(['regulator', ...ACTING], EVERY_ROLE)),
  'GET /api/v1/appeals/:id': owned(
    only(['regulator', ...ACTING], EVERY_ROLE),
    404,
    only(['regulator'], EVERY_ROLE),
  ),
  'POST /api/v1/appeals/:id/decision': e(only(['regulator'], ANALYSTS)),
  'POST /api/v1/credit/entries': e(only(['regulator', 'police'], ANALYSTS)),
  'GET /api/v1/credit/entries': e(only(['regulator', 'police'], ['admin', 'analyst', 'viewer'])),
  'POST /api/v1/credit/entries/:id/lift': e(only(['regulator', 'police'], ANALYSTS)),
  'POST /api/v1/credit/check': e(only(['regulator', 'bank', 'operator', 'platform'], EVERY_ROLE)),
  // The verdict thresholds bind everyone: any analyst reads them, the regulator's analysts try and set them.
  'GET /api/v1/settings/thresholds': e(only(ANY_KIND, ANALYSTS)),
  'POST /api/v1/settings/thresholds/shadow': e(only(['regulator'], ANALYSTS)),
  'PUT /api/v1/settings/thresholds': e(only(['regulator'], ANALYSTS)),
  'GET /api/v1/evaluation': e(only(['regulator', ...ACTING], EVERY_ROLE)),

  // Webhooks: each organisation's admins manage their own subscriptions.
  'POST /api/v1/webhooks': e(only(ANY_KIND, ADMINS)),
  'GET /api/v1/webhooks': e(only(ANY_KIND, ADMINS)),
  // A subscription the caller may not manage does not exist for it; the regulator's admins manage every
  // organisation's. A retry names the caller's own subscription and a delivery of its own or another's.
  'DELETE /api/v1/webhooks/:id': owned(only(ANY_KIND, ADMINS, 404), 404, only(['regulator'], ADMINS)),
  'GET /api/v1/webhooks/:id/deliveries': owned(only(ANY_KIND, ADMINS, 404), 404, only(['regulator'], ADMINS)),
  'POST /api/v1/webhooks/:id/deliveries/:deliveryId/retry': owned(only(ANY_KIND, ADMINS, 404), 404),

  // Detection engines.
  'POST /api/v1/sms/classify': e(member),
  'POST /api/v1/sms/ingest': e(only(['regulator', 'operator'], WRITERS)),
  'GET /api/v1/sms/templates': e(only(['regulator', 'operator', 'police'], ['admin', 'analyst', 'viewer'])),
  'POST /api/v1/calls/records': e(only(['operator', 'regulator'], WRITERS)),
  // Call detection works on each organisation's own records: others' numbers and actions do not exist.
  'GET /api/v1/calls/alerts': e(member),
  'GET /api/v1/calls/numbers/:phone': owned(member, 404),
  'POST /api/v1/calls/kicks/:id/restore': owned(only(['operator', 'regulator'], ANALYSTS), 404),

  // Awareness: every member's dashboard.
  'GET /api/v1/awareness/summary': e(member),
  'GET /api/v1/awareness/charts': e(member),
  'GET /api/v1/awareness/charts/:id': e(member),
  'GET /api/v1/awareness/dashboard': e(member),

  // The transaction stream and gangs.
  'POST /api/v1/transfers': e(only(['bank', 'platform', 'regulator'], WRITERS)),
  'GET /api/v1/transfers/alerts': e(only(['bank', 'platform', 'regulator', 'police'], EVERY_ROLE)),
  'GET /api/v1/transfers/accounts/:account': e(only(['bank', 'platform', 'regulator', 'police'], EVERY_ROLE)),
  'GET /api/v1/gangs': e(only(['regulator', 'police'], EVERY_ROLE)),
  'GET /api/v1/gangs/:id': e(only(['regulator', 'police'], EVERY_ROLE)),
  'GET /api/v1/gangs/:id/path': e(only(['regulator', 'police'], EVERY_ROLE)),
  'GET /api/v1/gangs/:id/dossier': e(only(['regulator', 'police'], EVERY_ROLE)),

  // Edge checks (proxies present an edge key; members may ask as themselves).
  // The call check answers SIP proxies presenting an edge key, and nobody else.
  'GET /api/v1/edge/call': e(() => 401),
  'POST /api/v1/edge/calls/completed': e(only(['operator', 'regulator'], EVERY_ROLE)),
  'POST /api/v1/edge/sms': e(only(['operator', 'regulator'], EVERY_ROLE)),
  'POST /api/v1/transfers/check': e(only(['bank', 'regulator'], EVERY_ROLE)),
  'GET /api/v1/lists/:name': e(only(MEMBERS, EVERY_ROLE)),
  'GET /api/v1/lists/:name/key': e(only(MEMBERS, EVERY_ROLE)),
  'PUT /api/v1/edge/warnings/webhook': e(only(['regulator', 'operator'], ADMINS)),
  'POST /api/v1/edge/warnings/events': e(only(['operator', 'regulator', 'bank', 'platform'], EVERY_ROLE)),
  'GET /api/v1/edge/warnings': e(only(['regulator', 'operator'], ANALYSTS)),
  'POST /api/v1/edge/warnings/:id/feedback': e(only(['regulator', 'operator'], EVERY_ROLE)),
  'GET /api/v1/edge/warnings/accuracy': e(only(['regulator', 'operator'], EVERY_ROLE)),

  // Federation over TAXII 2.1: public verdicts for every key, members' collections for members, the inbox
  // for the regulator's analysts.
  'GET /taxii2/': e(member),
  'GET /taxii2/api/': e(member),
  'GET /taxii2/api/collections/': e(member),
  'GET /taxii2/api/collections/:id/': e(only(MEMBERS, EVERY_ROLE, 404)),
  'GET /taxii2/api/collections/:id/objects/': e(only(MEMBERS, EVERY_ROLE, 404)),
  // The inbox exists only for those who may write to it.
  'POST /taxii2/api/collections/:id/objects/': e(only(['regulator'], ANALYSTS, 404)),
  'GET /taxii2/api/collections/:id/manifest/': e(only(MEMBERS, EVERY_ROLE, 404)),
  'GET /taxii2/api/collections/:id/objects/:objectId/': e(only(MEMBERS, EVERY_ROLE, 404)),
  'GET /taxii2/api/collections/:id/objects/:objectId/versions/': e(only(MEMBERS, EVERY_ROLE, 404)),
  'GET /taxii2/api/status/:statusId/': owned(only(['regulator'], EVERY_ROLE), 404),
  // The peers this instance syncs with are the regulator's administrators'; the key held at a peer is
  // never in an answer.
  'GET /api/v1/federation/peers': kept(only(['regulator'], ADMINS)),
  'POST /api/v1/federation/peers': kept(only(['regulator'], ADMINS)),
  'DELETE /api/v1/federation/peers/:name': e(only(['regulator'], ADMINS)),
  'POST /api/v1/federation/sync': kept(only(['regulator'], ADMINS)),
};

/** The cases of an entry, by name (`''` for a route with one rule). */
export const casesOf = (entry: Entry | Cases): ReadonlyArray<readonly [string, Entry]> =>
  typeof (entry as Entry).expect === 'function' ? [['', entry as Entry]] : Object.entries(entry as Cases);
