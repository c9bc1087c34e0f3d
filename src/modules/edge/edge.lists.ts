/**
 * Distribution of lists (一键下发，全网生效): operators and apps keep their own copy of the block, warn
 * and allow lists and pull versioned deltas. The version is the library's change sequence, so a
 * client that applies every page in order holds exactly the current list. Entries are keyed by the
 * resource's opaque id (so a removal names what to drop); values never travel in clear: numbers,
 * accounts and other enumerable values as HMAC under a per-list key the members hold, URLs and domains
 * as Safe Browsing hash prefixes a client can check a link against without sending it.
 */
import { createHmac } from 'node:crypto';
import type { ResourceRecord } from '../library/library.types.ts';
import type { ResourceType, Verdict } from '../library/library.types.ts';
import { hashPrefix, keyedHash, safeBrowsingExpressions } from '../library/normalize/privacy.ts';

export interface ListDefinition {
  /** Member verdicts that put a value on the list. */
  readonly verdicts: readonly Verdict[];
}

export const LISTS: Readonly<Record<string, ListDefinition>> = {
  block: { verdicts: ['fraud'] },
  warn: { verdicts: ['suspicious'] },
  allow: { verdicts: ['allowed'] },
};
export const LIST_NAMES = Object.keys(LISTS);

/** Bytes of SHA-256 kept in a URL prefix (Safe Browsing's usual 4). */
export const PREFIX_BYTES = 4;

export type ListEntry =
  | { readonly op: 'add'; readonly id: number; readonly type: ResourceType; readonly hash: string }
  | { readonly op: 'add'; readonly id: number; readonly type: 'url' | 'domain'; readonly prefix: string }
  | { readonly op: 'remove'; readonly id: number };

export interface ListDelta {
  readonly list: string;
  readonly since: number;
  /** Pass as `since` next time. */
  readonly version: number;
  /** True when more changes follow: ask again at once with `since=version`. */
  readonly more: boolean;
  readonly entries: ListEntry[];
}

/** The key members hash their own values with to look them up in a list (derived, so one secret to keep). */
export const listKey = (masterKey: string, list: string): string =>
  createHmac('sha256', masterKey).update(`list:${list}`, 'utf8').digest('hex');

/**
 * The Safe Browsing expression a listed URL or domain stands for: a URL its host and path (as the
 * first expression a client computes for that URL), a domain its host with the root path, which every
 * URL on that host also computes.
 */
export const listedExpression = (type: 'url' | 'domain', normalized: string): string =>
  type === 'domain' ? `${normalized}/` : (safeBrowsingExpressions(normalized)[0] ?? normalized);

export const entryOf = (r: ResourceRecord, key: string): ListEntry =>
  r.type === 'url' || r.type === 'domain'
    ? {
        op: 'add',
        id: r.id,
        type: r.type,
        prefix: hashPrefix(listedExpression(r.type, r.normalized), PREFIX_BYTES),
      }
    : { op: 'add', id: r.id, type: r.type, hash: keyedHash(key, r.type, r.normalized) };

/**
 * One page of changes → list entries. Several changes of one value in a page collapse to its current
 * state; a value that is not on the list is sent as a removal (the client drops it if it held it),
 * except in the first download, where there is nothing to remove. `verdictOf` is the downloading
 * organisation's verdict (its own overrides applied); the members' verdict by default.
 */
export const buildDelta = (
  list: string,
  def: ListDefinition,
  key: string,
  since: number,
  changes: ReadonlyArray<{ seq: number; resource: ResourceRecord }>,
  pageSize: number,
  verdictOf: (r: ResourceRecord) => Verdict = (r) => r.verdictMembers,
): ListDelta => {
  const latest = new Map<number, ResourceRecord>();
  for (const c of changes) {
    latest.delete(c.resource.id);
    latest.set(c.resource.id, c.resource);
  }
  const entries: ListEntry[] = [];
  for (const r of latest.values()) {
    if (def.verdicts.includes(verdictOf(r))) entries.push(entryOf(r, key));
    else if (since > 0) entries.push({ op: 'remove', id: r.id });
  }
  const last = changes[changes.length - 1];
  return { list, since, version: last ? last.seq : since, more: changes.length === pageSize, entries };
};
