/**
 * Per-proxy keys for the edge endpoints. A SIP proxy asks at every call set-up, so the key is checked
 * against the configured set in memory (no session or API-key row to read) and in constant time, so a
 * caller cannot learn a key byte by byte from response timings.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export type EdgeKeyCheck = (presented: string | undefined) => boolean;

/** Builds the checker once from the configured keys; an empty set refuses every request. */
export const edgeKeyChecker = (keys: readonly string[]): EdgeKeyCheck => {
  const digests = keys.map(digest);
  return (presented) => {
    if (presented === undefined || presented === '' || digests.length === 0) return false;
    const d = digest(presented);
    let ok = false;
    // Compare against every key (no early exit) so the time does not say which key nearly matched.
    for (const k of digests) ok = timingSafeEqual(k, d) || ok;
    return ok;
  };
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
