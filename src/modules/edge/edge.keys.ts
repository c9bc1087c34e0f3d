/**
 * Per-proxy keys for the edge endpoints. A SIP proxy asks at every call set-up, so the key is checked
 * against the configured set in memory (no session or API-key row to read) and in constant time, so a
 * caller cannot learn a key byte by byte from response timings.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export type EdgeKeyCheck = (presented: string | undefined) => boolean;

/**
 * The organisation a valid key belongs to: its id, `null` for a key of no organisation (the platform's
 * own proxies, answered nationally), undefined for a key that is not valid.
 */
export type EdgeKeyOwner = (presented: string | undefined) => string | null | undefined;

/**
 * A configured key: `ORG_ID:KEY` gives the key to an organisation (its local overrides then decide its
 * proxy's answers and list downloads); a bare `KEY` belongs to none.
 */
export const parseEdgeKey = (entry: string): { orgId: string | null; key: string } => {
  const colon = entry.indexOf(':');
  return colon > 0 && colon < entry.length - 1
    ? { orgId: entry.slice(0, colon), key: entry.slice(colon + 1) }
    : { orgId: null, key: entry };
};

/** Builds the owner lookup once from the configured keys; an empty set refuses every request. */
export const edgeKeyOwners = (entries: readonly string[]): EdgeKeyOwner => {
  const keys = entries.map(parseEdgeKey).map((k) => ({ orgId: k.orgId, digest: digest(k.key) }));
  return (presented) => {
    if (presented === undefined || presented === '' || keys.length === 0) return undefined;
    const d = digest(presented);
    let owner: string | null | undefined;
    // Compare against every key (no early exit) so the time does not say which key nearly matched.
    for (const k of keys) if (timingSafeEqual(k.digest, d) && owner === undefined) owner = k.orgId;
    return owner;
  };
};

/** Builds the checker once from the configured keys; an empty set refuses every request. */
export const edgeKeyChecker = (keys: readonly string[]): EdgeKeyCheck => {
  const owners = edgeKeyOwners(keys);
  return (presented) => owners(presented) !== undefined;
};

/**
 * The key a proxy presented: the `X-Fanzha-Edge-Key` header, or the password of HTTP Basic
 * credentials. Kamailio's `http_client` reuses a connection only for a named connection (`httpcon`),
 * which cannot carry custom headers but can carry credentials; with `authmethod 1` curl sends them
 * with the first request, so Basic costs no extra round trip.
 */
export const presentedEdgeKey = (headers: {
  readonly [name: string]: string | string[] | undefined;
}): string | undefined => {
  const header = headers['x-fanzha-edge-key'];
  if (typeof header === 'string') return header;
  const auth = headers.authorization;
  if (typeof auth !== 'string' || !auth.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
};
