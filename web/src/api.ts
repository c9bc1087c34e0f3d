/**
 * The console's one door to the fanzha API. Answers enter as `unknown` and are read through the small
 * guards below (parse, don't cast); an endpoint the server does not offer answers `unavailable`, so
 * screens for an engine left out of a deployment show "not available" instead of failing.
 */
export type Json = unknown;

export class ApiError extends Error {
  readonly status: number;
  readonly field: string | undefined;
  constructor(status: number, message: string, field?: string) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const asRecord = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown, fallback = ''): string =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;
export const num = (v: unknown, fallback = 0): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;
export const optStr = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const errorOf = (status: number, body: unknown): ApiError => {
  const e = asRecord(asRecord(body)['error']);
  return new ApiError(status, str(e['message'], `HTTP ${status}`), optStr(e['field']));
};

export const request = async (method: string, path: string, body?: unknown): Promise<Json> => {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
  };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(path, init);
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  if (!res.ok) throw errorOf(res.status, parsed);
  return parsed;
};

export const get = (path: string, query: Record<string, string | number | undefined> = {}): Promise<Json> => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return request('GET', s ? `${path}?${s}` : path);
};
export const post = (path: string, body: unknown): Promise<Json> => request('POST', path, body);

/** For plug-in panels: `null` when the endpoint is not there (404 on the route itself). */
export const getIfAvailable = async (
  path: string,
  query: Record<string, string | number | undefined> = {},
): Promise<unknown> => {
  try {
    return await get(path, query);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404 && /no route/.test(e.message)) return null;
    throw e;
  }
};

export interface Me {
  readonly role: 'admin' | 'analyst' | 'reporter' | 'viewer';
  readonly orgId: string;
  readonly orgName: string;
  readonly orgKind: string;
  readonly username: string;
  readonly displayName: string;
  /** The API's name for the caller in audit trails and decisions (`user:…`, `key:…`). */
  readonly actor: string;
}

const ROLES = ['admin', 'analyst', 'reporter', 'viewer'] as const;
const isRole = (v: unknown): v is Me['role'] =>
  typeof v === 'string' && (ROLES as readonly string[]).includes(v);

export const parseMe = (v: unknown): Me | null => {
  const r = asRecord(v);
  const org = asRecord(r['org']);
  const user = asRecord(r['user']);
  if (!isRole(r['role']) || typeof org['id'] !== 'string') return null;
  return {
    role: r['role'],
    orgId: org['id'],
    orgName: str(org['name']),
    orgKind: str(org['kind']),
    username: str(user['username'], str(r['actor'])),
    displayName: str(user['displayName'], str(user['username'], str(r['actor']))),
    actor: str(r['actor']),
  };
};

export const fetchMe = async (): Promise<Me | null> => {
  try {
    return parseMe(await get('/api/v1/auth/me'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
};

/**
 * The library's write actions on one value, in one place: the pin and allow-list calls gain fields (scope,
 * authority) as the API grows, and only these functions change.
 */
export const library = {
  pin: (b: { type: string; value: string; verdict: string; reason: string; overridesAllow?: boolean }) =>
    post('/api/v1/values/pin', b),
  unpin: (b: { type: string; value: string; reason: string }) => post('/api/v1/values/unpin', b),
  transition: (b: { type: string; value: string; to: string; reason: string }) =>
    post('/api/v1/values/transition', b),
  allow: (b: { type: string; value: string; label: string; reason: string }) => post('/api/v1/allow', b),
  disallow: (b: { type: string; value: string; reason: string }) =>
    request('DELETE', `/api/v1/allow?${new URLSearchParams(b).toString()}`),
  claim: (c: {
    type: string;
    value: string;
    verdict: string;
    fraudType?: string;
    confidence: number;
    source: string;
  }) => post('/api/v1/claims', { claims: [c] }),
  sighting: (b: { type: string; value: string; kind: string; note?: string }) =>
    post('/api/v1/values/sightings', b),
};
